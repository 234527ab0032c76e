using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

/// <summary>Checks across files, run once every file has been read.</summary>
public sealed partial class FleetLoader
{
    private static void CheckDuplicateNames(List<PoolCandidate> candidates, List<Diagnostic> diagnostics)
    {
        var byName = new Dictionary<string, List<PoolCandidate>>(candidates.Count, StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            if (c.Name is null)
            {
                continue;
            }
            if (!byName.TryGetValue(c.Name, out var list))
            {
                byName[c.Name] = list = new List<PoolCandidate>(1);
            }
            list.Add(c);
        }
        foreach (var (name, list) in byName)
        {
            if (list.Count < 2)
            {
                continue;
            }
            // Each file gets its own diagnostic naming the others, so whichever file a person opens points to the rest.
            foreach (var c in list)
            {
                var others = string.Join(", ", list.Where(o => !ReferenceEquals(o, c)).Select(o => $"{o.Path}:{o.NameNode!.Line}:{o.NameNode.Column}"));
                diagnostics.Add(new Diagnostic(DiagnosticCodes.DuplicatePoolName, DiagnosticSeverity.Error,
                    $"pool name '{name}' is also used by {others}; pool names must be unique in a fleet", c.Path, c.NameNode!.Line, c.NameNode.Column));
            }
        }
    }

    private static void CheckProviderSettings(FleetDocument fleet, List<PoolCandidate> candidates, List<Diagnostic> diagnostics)
    {
        foreach (var c in candidates)
        {
            if (c.Provider != "azure" || c.ProviderNode is not { } at)
            {
                continue;
            }
            if (fleet.Azure is null)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.ProviderSettingsMissing, DiagnosticSeverity.Error,
                    "the pool uses provider azure, but fleet.yaml has no spec.azure with subscription and resourceGroup", c.Path, at.Line, at.Column));
            }
            else if (c.Region is null && fleet.Azure.Location is null)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.MissingField, DiagnosticSeverity.Error,
                    "the pool uses provider azure but has no spec.region, and fleet.yaml sets no spec.azure.location", c.Path, at.Line, at.Column));
            }
        }
    }

    /// <summary>
    /// Sums spec.replicas.max over the pools that read cleanly, in long so that no sum can overflow, and points at
    /// the pool that takes the fleet over the limit (the files are in ordinal order, so the verdict is stable).
    /// </summary>
    private static void CheckFleetSize(List<PoolCandidate> candidates, FleetLoadOptions options, List<Diagnostic> diagnostics)
    {
        long total = 0;
        foreach (var c in candidates)
        {
            if (c.Spec is not { } pool || c.MaxNode is not { } at)
            {
                continue;
            }
            total += pool.Replicas.Max;
            if (total > options.MaxNodesPerFleet)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.FleetTooLarge, DiagnosticSeverity.Error,
                    $"with this pool the fleet allows {total} nodes or more (the sum of spec.replicas.max), more than the limit of {options.MaxNodesPerFleet}",
                    c.Path, at.Line, at.Column));
                return;
            }
        }
    }
}
