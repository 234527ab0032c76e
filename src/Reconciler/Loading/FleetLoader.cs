using GitOpsFleet.Loading.Yaml;
using GitOpsFleet.Providers.Model;

namespace GitOpsFleet.Loading;

/// <summary>
/// Loads fleet.yaml and pools/*.yaml (and *.yml) of one commit into a <see cref="FleetSpec"/>. Every file is
/// checked even after another has failed, and all diagnostics come back at once, sorted by location; the
/// fleet is returned only when there is no error, so a broken commit is never read as a smaller fleet.
/// Keep one instance for the life of a service: it remembers parsed files by content, so the unchanged files
/// of the next commit are validated again but not parsed again. Safe to use from several threads.
/// </summary>
public sealed class FleetLoader
{
    public const string PoolDirectory = "pools";

    private readonly ParsedDocumentCache _cache;

    public FleetLoader()
        : this(cacheCapacity: 8192)
    {
    }

    /// <param name="cacheCapacity">How many parsed files to remember (0 turns the cache off).</param>
    public FleetLoader(int cacheCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        _cache = new ParsedDocumentCache(cacheCapacity);
    }

    public FleetLoadResult Load(ISourceSnapshot snapshot) => Load(snapshot, FleetLoadOptions.Default);

    public FleetLoadResult Load(ISourceSnapshot snapshot, FleetLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new List<Diagnostic>();

        var fleet = ReadFleet(snapshot, diagnostics);
        var defaultEvery = fleet?.Reconcile.Interval ?? ReconcileSettings.Default.Interval;

        var candidates = ReadPools(snapshot, options, defaultEvery, diagnostics);

        CheckDuplicateNames(candidates, diagnostics);
        if (fleet is not null)
        {
            CheckProviderSettings(fleet, candidates, diagnostics);
        }

        // OrderBy is stable: diagnostics at the same location keep the order in which they were found.
        var sorted = diagnostics.OrderBy(d => d, Comparer<Diagnostic>.Default).ToArray();
        var hasErrors = sorted.Any(d => d.Severity == DiagnosticSeverity.Error);
        if (fleet is null || hasErrors)
        {
            return new FleetLoadResult(null, sorted);
        }
        var pools = candidates.Select(c => c.Spec!).ToArray();
        var spec = new FleetSpec(fleet.Name, fleet.Labels, fleet.Reconcile, fleet.Drift, fleet.Policies, fleet.Metrics, fleet.Forge, fleet.Azure,
            pools, FleetDocumentReader.FileName);
        return new FleetLoadResult(spec, sorted);
    }

    // Below this many files the thread pool costs more than it saves.
    private const int ParallelThreshold = 64;

    /// <summary>
    /// Pool files are independent, so they are parsed and checked in parallel; each file writes its own
    /// diagnostics and the results are joined in file order, so the outcome does not depend on scheduling.
    /// Texts are read up front on this thread, and later snapshot reads go through a lock.
    /// </summary>
    private List<PoolCandidate> ReadPools(ISourceSnapshot snapshot, FleetLoadOptions options, TimeSpan defaultEvery, List<Diagnostic> diagnostics)
    {
        var paths = PoolFiles(snapshot);
        var texts = new string[paths.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = Text(snapshot, paths[i]);
        }
        var results = new (PoolCandidate? Candidate, List<Diagnostic> Diagnostics)[paths.Count];
        var shared = paths.Count >= ParallelThreshold ? new SynchronizedSnapshot(snapshot) : snapshot;
        void ReadOne(int i)
        {
            var own = new List<Diagnostic>();
            var document = _cache.Read(texts[i], paths[i], own);
            var candidate = document.Failed
                ? null
                : PoolDocumentReader.Read(new DocumentReader(paths[i], shared, own), document.Root, options.KnownProviders, defaultEvery);
            results[i] = (candidate, own);
        }
        if (paths.Count >= ParallelThreshold)
        {
            Parallel.For(0, paths.Count, ReadOne);
        }
        else
        {
            for (var i = 0; i < paths.Count; i++)
            {
                ReadOne(i);
            }
        }
        var candidates = new List<PoolCandidate>(paths.Count);
        foreach (var (candidate, own) in results)
        {
            diagnostics.AddRange(own);
            if (candidate is not null)
            {
                candidates.Add(candidate);
            }
        }
        return candidates;
    }

    private FleetDocument? ReadFleet(ISourceSnapshot snapshot, List<Diagnostic> diagnostics)
    {
        const string path = FleetDocumentReader.FileName;
        if (!snapshot.FileExists(path))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.FleetFileMissing, DiagnosticSeverity.Error,
                "fleet.yaml is missing at the root of the repository; a fleet repository needs one (kind Fleet)", path, 0, 0));
            return null;
        }
        var document = _cache.Read(Text(snapshot, path), path, diagnostics);
        return document.Failed ? null : FleetDocumentReader.Read(new DocumentReader(path, snapshot, diagnostics), document.Root);
    }

    /// <summary>pools/*.yaml and pools/*.yml in ordinal order, whatever order the snapshot lists them in.</summary>
    private static List<string> PoolFiles(ISourceSnapshot snapshot)
    {
        var files = new List<string>();
        foreach (var file in snapshot.ListFiles(PoolDirectory))
        {
            if (file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
            {
                files.Add(file);
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static string Text(ISourceSnapshot snapshot, string path)
    {
        var text = snapshot.ReadText(path) ?? "";
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

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
}
