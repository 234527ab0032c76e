using GitOpsFleet.Model;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Pipeline.Approvals;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static GitOpsFleet.Reconciler.Tests.Support.Fleets;

namespace GitOpsFleet.Reconciler.Tests.Approvals;

/// <summary>The approval gate and the desk that records decisions, on a real SQLite store and a fake clock.</summary>
public sealed class ApprovalGateTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("approvals");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private SqliteStateStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _temp.Dispose();
    }

    private static FleetSpec Manual(int replicas, ApprovalSettings? approvals = null) =>
        Fleet("f", [Pool("rpc", replicas)]) with { Reconcile = ReconcileSettings.Default with { Mode = ReconcileMode.Manual }, Approvals = approvals };

    private static Plan PlanOf(FleetSpec fleet)
    {
        var desired = Desired(fleet);
        var layout = desired.Pools.ToDictionary(p => p.Spec.Name, p => DesiredNode.Numbered(fleet.Name, p.Spec, p.Replicas));
        return Planner.Create(new PlanInput(desired, layout, [], new Dictionary<string, NodeSpecRecord>(), new Dictionary<string, string>()));
    }

    /// <summary>A finished run waiting for approval of <paramref name="plan"/>, as the pipeline records it.</summary>
    private async Task<long> WaitingRunAsync(FleetSpec fleet, string commit, Plan plan, string result = RunResults.Waiting)
    {
        var id = await _store.StartRunAsync(fleet.Name, "repo", "cli", _clock.GetUtcNow(), CancellationToken.None);
        var fingerprint = PlanFingerprint.Of(commit, plan);
        var report = new RunReport
        {
            Result = result,
            Commit = commit,
            Plan = ReportParts.Plan(plan),
            Approval = result == RunResults.Waiting ? new ApprovalReport { Fingerprint = fingerprint.Value, PlanHash = fingerprint.PlanHash, Status = "waiting" } : null,
        };
        await _store.FinishRunAsync(new RunRecord(id, fleet.Name, "repo", commit, "cli", _clock.GetUtcNow(), _clock.GetUtcNow(), result, plan.Summary, report.ToDocument()), CancellationToken.None);
        return id;
    }

    private Task<ApprovalAnswer> DecideAsync(long run, string by, ApprovalDecision decision = ApprovalDecision.Approve, string? reason = null) =>
        ApprovalDesk.DecideAsync(_store, run, decision, by, reason, _clock.GetUtcNow(), CancellationToken.None);

    private Task<ApprovalVerdict> CheckAsync(FleetSpec fleet, string commit, Plan plan) =>
        new ApprovalGate(_store, _clock).CheckAsync(fleet, commit, plan, "reconcile.mode is manual", 99, CancellationToken.None);

    [Fact]
    public async Task ApprovedPlan_IsApplied_UntilTheApprovalExpires()
    {
        var fleet = Manual(2);
        var plan = PlanOf(fleet);
        Assert.False((await CheckAsync(fleet, "c1", plan)).Approved);
        var run = await WaitingRunAsync(fleet, "c1", plan);
        Assert.True((await DecideAsync(run, "alice")).Accepted);

        var approved = await CheckAsync(fleet, "c1", PlanOf(fleet));
        Assert.True(approved.Approved, approved.Message);
        Assert.Equal(["alice"], approved.Report.ApprovedBy);

        _clock.Advance(TimeSpan.FromMinutes(61));
        var expired = await CheckAsync(fleet, "c1", plan);
        Assert.False(expired.Approved);
        Assert.Contains("the approval by alice expired (approvals.expiresAfter is 1h)", expired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoRequired_NeedsTwoDifferentPeople_AndTheSamePersonTwiceIsRefused()
    {
        var fleet = Manual(1, new ApprovalSettings(TimeSpan.FromHours(1), 2));
        var plan = PlanOf(fleet);
        var run = await WaitingRunAsync(fleet, "c1", plan);
        Assert.True((await DecideAsync(run, "alice")).Accepted);
        var twice = await DecideAsync(run, "alice");
        Assert.Equal(ApprovalRefusal.AlreadyDecided, twice.Refusal);
        var one = await CheckAsync(fleet, "c1", plan);
        Assert.False(one.Approved);
        Assert.Contains("1 of 2 approvals so far (alice)", one.Message, StringComparison.Ordinal);

        Assert.True((await DecideAsync(run, "bob")).Accepted);
        Assert.True((await CheckAsync(fleet, "c1", plan)).Approved);
    }

    [Fact]
    public async Task ChangedPlan_LapsesTheApproval_AndSaysWhatChanged()
    {
        var run = await WaitingRunAsync(Manual(2), "c1", PlanOf(Manual(2)));
        Assert.True((await DecideAsync(run, "alice")).Accepted);

        var bigger = Manual(3);
        var lapsed = await CheckAsync(bigger, "c2", PlanOf(bigger));
        Assert.False(lapsed.Approved);
        Assert.Equal("lapsed", lapsed.Report.Status);
        Assert.Equal(["create rpc/rpc-2"], lapsed.Report.Added);
        Assert.Empty(lapsed.Report.Removed!);
        Assert.Contains($"the approval of run {run} by alice lapsed: the plan changed since (a new commit); added: create rpc/rpc-2", lapsed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectedPlan_IsNotApplied_AndTheRunSaysWhoRejectedIt()
    {
        var fleet = Manual(1);
        var plan = PlanOf(fleet);
        var run = await WaitingRunAsync(fleet, "c1", plan);
        Assert.True((await DecideAsync(run, "carol", ApprovalDecision.Reject, "not during the upgrade")).Accepted);
        Assert.True((await DecideAsync(run, "alice")).Accepted);

        var verdict = await CheckAsync(fleet, "c1", plan);
        Assert.False(verdict.Approved);
        Assert.Equal(("rejected", "carol"), (verdict.Report.Status, verdict.Report.RejectedBy));
        Assert.Contains("rejected by carol (not during the upgrade)", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Desk_RefusesUnknownRuns_RunsNotWaiting_AndDeniedPlans()
    {
        var fleet = Manual(1);
        Assert.Equal(ApprovalRefusal.UnknownRun, (await DecideAsync(404, "alice")).Refusal);
        var done = await WaitingRunAsync(fleet, "c1", PlanOf(fleet), RunResults.Succeeded);
        Assert.Equal(ApprovalRefusal.NotWaiting, (await DecideAsync(done, "alice")).Refusal);
        var denied = await WaitingRunAsync(fleet, "c1", PlanOf(fleet), RunResults.Denied);
        var answer = await DecideAsync(denied, "alice");
        Assert.Equal(ApprovalRefusal.PolicyDenied, answer.Refusal);
        Assert.Contains("a denied plan cannot be approved", answer.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.ListApprovalsAsync(fleet.Name, CancellationToken.None));
    }
}
