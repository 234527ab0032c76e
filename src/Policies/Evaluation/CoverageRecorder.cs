using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Evaluation;

/// <summary>The source rows evaluation reached, per file, as OPA's coverage tracer records them.</summary>
internal sealed class CoverageRecorder
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<int>> _rows = new(StringComparer.Ordinal);

    public void Hit(SourceLocation location)
    {
        if (location.File.Length == 0)
        {
            return;
        }

        // One recorder may see several evaluations at once (a test runner run in parallel); hits are rare next to the work.
        lock (_gate)
        {
            if (!_rows.TryGetValue(location.File, out var rows))
            {
                _rows[location.File] = rows = [];
            }

            rows.Add(location.Line);
        }
    }

    public bool IsHit(string file, int row)
    {
        lock (_gate)
        {
            return _rows.TryGetValue(file, out var rows) && rows.Contains(row);
        }
    }

    public IReadOnlyDictionary<string, int[]> Rows()
    {
        lock (_gate)
        {
            return _rows.ToDictionary(kv => kv.Key, kv => kv.Value.Order().ToArray(), StringComparer.Ordinal);
        }
    }
}
