using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Service.Fleets;

/// <summary>
/// The service's view of every fleet: what its last run said, whether it is failing, when it runs next.
/// Runs of other replicas reach it through <see cref="RefreshAsync"/>, which reads the shared state store.
/// </summary>
internal sealed class FleetStatusBoard
{
    private readonly Dictionary<string, Entry> _entries;
    private readonly FleetCatalog _catalog;
    private readonly IStateStore _store;
    private long _lastRefresh = long.MinValue / 2;

    public FleetStatusBoard(FleetCatalog catalog, IStateStore store, TimeSpan defaultInterval)
    {
        _catalog = catalog;
        _store = store;
        _entries = catalog.All.ToDictionary(f => f.Name, f => new Entry { Interval = defaultInterval }, StringComparer.Ordinal);
    }

    /// <summary>Results after which a fleet is healthy; anything else counts as a failure and backs off.</summary>
    /// <summary>Whether a result counts towards backoff: a stalled run (invalid, denied, waiting for approval) does not, since
    /// trying sooner or later changes nothing until a commit or a person does.</summary>
    public static bool IsFailure(string result) => RunDispositions.Of(result) is RunDisposition.Retry or RunDisposition.Failed;

    public void SetRunning(string fleet, bool running)
    {
        var e = _entries[fleet];
        lock (e) e.Running = running;
    }

    public void SetSchedule(string fleet, TimeSpan interval, string? cron, DateTimeOffset? next)
    {
        var e = _entries[fleet];
        lock (e)
        {
            e.Interval = interval;
            e.Cron = cron;
            e.NextRunAt = next;
        }
    }

    /// <summary>
    /// False for a fire the scheduler had already taken before the trigger was moved (a backoff): it is
    /// older than the fleet's next planned run. Otherwise records the fire's successor as the next run.
    /// </summary>
    public bool AcceptScheduledFire(string fleet, DateTimeOffset scheduled, DateTimeOffset? next)
    {
        if (!_entries.TryGetValue(fleet, out var e)) return false;
        lock (e)
        {
            if (e.NextRunAt is { } planned && scheduled < planned - TimeSpan.FromMilliseconds(100)) return false;
            e.NextRunAt = next;
            return true;
        }
    }

    public (TimeSpan Interval, string? Cron) Schedule(string fleet)
    {
        var e = _entries[fleet];
        lock (e) return (e.Interval, e.Cron);
    }

    public int ConsecutiveFailures(string fleet)
    {
        var e = _entries[fleet];
        lock (e) return e.Failures;
    }

    /// <summary>
    /// Takes a finished run in; returns the fleet's consecutive failures after it. <paramref name="report"/> is
    /// the run's report when the caller has it already; otherwise it is read from the record.
    /// </summary>
    public int Record(string fleet, RunRecord run, RunReport? report = null)
    {
        var e = _entries[fleet];
        lock (e)
        {
            if (e.LastRunId is { } known && known >= run.Id) return e.Failures;
            Apply(e, run, report ?? RunReport.Read(run));
            e.Failures = IsFailure(run.Result) ? e.Failures + 1 : 0;
            return e.Failures;
        }
    }

    /// <summary>A run that could not even be recorded (state store gone, lock timeout): reported on the fleet, counted as a failure.</summary>
    public int RecordFailure(string fleet, string problem)
    {
        var e = _entries[fleet];
        lock (e)
        {
            e.Problem = problem;
            e.LastResult = RunResults.Failed;
            e.Failures++;
            return e.Failures;
        }
    }

    /// <summary>Brings every fleet up to its newest finished run in the store (written by this replica or another).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // Dashboards poll; one pass over the store a second is plenty and keeps 200 fleets cheap.
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastRefresh) < 1000) return;
        Interlocked.Exchange(ref _lastRefresh, now);
        foreach (var def in _catalog.All)
        {
            var e = _entries[def.Name];
            var recent = await _store.ListRunsAsync(def.Name, null, 20, 0, cancellationToken);
            var latest = recent.FirstOrDefault(r => r.FinishedAt is not null);
            if (latest is null) continue;
            long? known;
            lock (e) known = e.LastRunId;
            if (known is { } k && k >= latest.Id) continue;
            var full = await _store.GetRunAsync(latest.Id, cancellationToken) ?? latest;
            var report = RunReport.Read(full);
            var failures = recent.Where(r => r.FinishedAt is not null).TakeWhile(r => IsFailure(r.Result)).Count();
            lock (e)
            {
                if (e.LastRunId is { } again && again >= latest.Id) continue;
                Apply(e, full, report);
                e.Failures = failures;
            }
        }
    }

    public IReadOnlyList<FleetStatus> All() => _catalog.All.Select(f => Get(f.Name)!).ToList();

    public FleetStatus? Get(string fleet)
    {
        if (_catalog.Find(fleet) is not { } def || !_entries.TryGetValue(fleet, out var e)) return null;
        lock (e)
        {
            var state = e.Running ? "running"
                : e.LastResult is null ? "pending"
                : RunDispositions.Of(e.LastResult) switch
                {
                    RunDisposition.Settled => e.DriftItems > 0 ? "drifted" : "in-sync",
                    RunDisposition.Stalled => "stalled",
                    _ => "failing",
                };
            return new FleetStatus(def.Name, def.Location.Display, def.Ref ?? e.FollowedRef, state, e.Running, e.LastRunId, e.LastResult, e.LastCommit,
                e.LastCommitMessage, e.LastRunAt, e.LastSummary, e.Problem, e.DriftItems, e.Failures, e.NextRunAt, e.Interval, e.Cron);
        }
    }

    /// <summary>The ref a fleet follows: configured, else the branch its last run resolved.</summary>
    public string? FollowedRef(string fleet)
    {
        var def = _catalog.Find(fleet);
        if (def?.Ref is { } r) return r;
        var e = _entries[fleet];
        lock (e) return e.FollowedRef;
    }

    private static void Apply(Entry e, RunRecord run, RunReport report)
    {
        e.LastRunId = run.Id;
        e.LastResult = run.Result;
        e.LastRunAt = run.StartedAt;
        e.LastSummary = run.Summary;
        e.LastCommit = run.Commit ?? e.LastCommit;
        e.LastCommitMessage = report.CommitMessage ?? (run.Commit is null ? e.LastCommitMessage : null);
        e.FollowedRef = report.Ref ?? e.FollowedRef;
        e.Problem = RunDispositions.Of(run.Result) == RunDisposition.Settled ? null : report.Error ?? run.Summary;
        // A run that never got as far as observing says nothing new about drift: keep the last known count.
        if (report.Plan is not null) e.DriftItems = report.OutstandingDrift;
    }

    private sealed class Entry
    {
        public bool Running { get; set; }
        public long? LastRunId { get; set; }
        public string? LastResult { get; set; }
        public string? LastCommit { get; set; }
        public string? LastCommitMessage { get; set; }
        public string? FollowedRef { get; set; }
        public DateTimeOffset? LastRunAt { get; set; }
        public string? LastSummary { get; set; }
        public string? Problem { get; set; }
        public int DriftItems { get; set; }
        public int Failures { get; set; }
        public DateTimeOffset? NextRunAt { get; set; }
        public TimeSpan Interval { get; set; }
        public string? Cron { get; set; }
    }
}
