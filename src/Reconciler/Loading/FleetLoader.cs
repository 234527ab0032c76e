using GitOpsFleet.Loading.Yaml;
using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

/// <summary>
/// Loads fleet.yaml and pools/*.yaml (and *.yml) of one commit into a <see cref="FleetSpec"/>. Every file is
/// checked even after another has failed, and all diagnostics come back at once, sorted by location; the
/// fleet is returned only when there is no error, so a broken commit is never read as a smaller fleet.
/// Keep one instance for the life of a service: it remembers parsed files by content, so the unchanged files
/// of the next commit are validated again but not parsed again. Safe to use from several threads.
/// </summary>
public sealed partial class FleetLoader
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

    /// <exception cref="OperationCanceledException">The token was cancelled; it is checked between files and within large ones.</exception>
    public FleetLoadResult Load(ISourceSnapshot snapshot, FleetLoadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        var diagnostics = new List<Diagnostic>();
        var limits = YamlLimits.From(options);

        ReportUnreadEntries(snapshot, diagnostics);
        var fleet = ReadFleet(snapshot, options, limits, diagnostics, cancellationToken);
        var defaultEvery = fleet?.Reconcile.Interval ?? ReconcileSettings.Default.Interval;

        var candidates = ReadPools(snapshot, options, limits, defaultEvery, diagnostics, cancellationToken);

        CheckDuplicateNames(candidates, diagnostics);
        CheckFleetSize(candidates, options, diagnostics);
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
            pools, FleetDocumentReader.FileName, fleet.Approvals, fleet.Notifications);
        return new FleetLoadResult(spec, sorted);
    }

    // Below this many files the thread pool costs more than it saves.
    private const int ParallelThreshold = 64;

    /// <summary>
    /// Pool files are independent, so they are parsed and checked in parallel; each file writes its own
    /// diagnostics and the results are joined in file order, so the outcome does not depend on scheduling.
    /// Texts are read up front on this thread, and later snapshot reads go through a lock.
    /// </summary>
    private List<PoolCandidate> ReadPools(ISourceSnapshot snapshot, FleetLoadOptions options, YamlLimits limits, TimeSpan defaultEvery,
        List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var paths = PoolFiles(snapshot);
        var texts = new string?[paths.Count];
        var results = new (PoolCandidate? Candidate, List<Diagnostic> Diagnostics)[paths.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[i].Diagnostics = new List<Diagnostic>();
            texts[i] = Text(snapshot, paths[i], options, results[i].Diagnostics);
        }
        var shared = paths.Count >= ParallelThreshold ? new SynchronizedSnapshot(snapshot) : snapshot;
        void ReadOne(int i)
        {
            if (texts[i] is not { } text)
            {
                return;
            }
            cancellationToken.ThrowIfCancellationRequested();
            var own = results[i].Diagnostics;
            var document = _cache.Read(text, paths[i], own, limits, cancellationToken);
            results[i].Candidate = document.Failed
                ? null
                : PoolDocumentReader.Read(new DocumentReader(paths[i], shared, own), document.Root, options, defaultEvery);
        }
        if (paths.Count >= ParallelThreshold)
        {
            // Parallel.For rethrows a body's OperationCanceledException for this token as itself, not wrapped.
            Parallel.For(0, paths.Count, new ParallelOptions { CancellationToken = cancellationToken }, ReadOne);
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

    private FleetDocument? ReadFleet(ISourceSnapshot snapshot, FleetLoadOptions options, YamlLimits limits, List<Diagnostic> diagnostics,
        CancellationToken cancellationToken)
    {
        const string path = FleetDocumentReader.FileName;
        if (!snapshot.FileExists(path))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.FleetFileMissing, DiagnosticSeverity.Error,
                "fleet.yaml is missing at the root of the repository; a fleet repository needs one (kind Fleet)", path, 0, 0));
            return null;
        }
        if (Text(snapshot, path, options, diagnostics) is not { } text)
        {
            return null;
        }
        var document = _cache.Read(text, path, diagnostics, limits, cancellationToken);
        return document.Failed ? null : FleetDocumentReader.Read(new DocumentReader(path, snapshot, diagnostics), document.Root);
    }

}
