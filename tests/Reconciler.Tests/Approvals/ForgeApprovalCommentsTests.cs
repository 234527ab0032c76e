using GitOpsFleet.Forges;
using GitOpsFleet.Model;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Approvals;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;
using GitOpsFleet.TestSupport.Forges;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static GitOpsFleet.Reconciler.Tests.Support.Fleets;

namespace GitOpsFleet.Reconciler.Tests.Approvals;

/// <summary>`/approve` and `/reject` comments, on each forge's local endpoint, with a real client and a real SQLite store.</summary>
public sealed class ForgeApprovalCommentsTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("forge-approvals");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 0, 30, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private SqliteStateStore _store = null!;

    public static TheoryData<string> Kinds => new() { "github", "gitea", "gitlab" };

    public async Task InitializeAsync() => _store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _http.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ApproveComment_ByAListedAccount_ApprovesThePostedPlan_AndOthersAreIgnored(string kind)
    {
        await using var server = await FakeForgeServer.StartAsync(Api(kind));
        var client = ForgeClientFactory.Create(new ForgeEndpoint(kind, server.ApiBase, server.Repository, server.Token), _http, _clock);
        var pr = server.NewPullRequest("gitopsfleet/drift/f", "main", "Drift", "report");
        var (fleet, plan) = ManualPlan();
        var (runId, approval) = await WaitingRunAsync(fleet, "c0ffee", plan);
        var comments = new ForgeApprovalComments(client, _store, NullLogger.Instance);
        var rules = new ApprovalSettings(TimeSpan.FromHours(1), 1, ["alice", "bob"]);

        var early = server.PullRequests[0];
        early.AddComment("alice", "/approve before any plan was posted");
        var posted = await comments.PostPlanAsync(pr.Number, runId, fleet.Name, approval, ReportParts.Plan(plan), CancellationToken.None);
        Assert.Contains(approval.Fingerprint, early.Comments[^1], StringComparison.Ordinal);
        early.AddComment("mallory", "/approve");
        early.AddComment("Alice", "/approve maintenance window\nthanks");
        early.AddComment("bob", "/approved, looks fine");

        var recorded = await comments.CollectAsync(posted, rules, _clock.GetUtcNow(), CancellationToken.None);
        var decision = Assert.Single(recorded);
        Assert.Equal(("alice", ApprovalDecision.Approve, "maintenance window", approval.Fingerprint), (decision.Approver, decision.Decision, decision.Reason, decision.Fingerprint));
        // Read again on the next run: the same comment is not recorded twice.
        Assert.Empty(await comments.CollectAsync(posted, rules, _clock.GetUtcNow(), CancellationToken.None));

        var verdict = await new ApprovalGate(_store, _clock).CheckAsync(fleet, "c0ffee", plan, "reconcile.mode is manual", 2, CancellationToken.None);
        Assert.True(verdict.Approved, verdict.Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RejectComment_ByAListedAccount_WinsOverAnApproval(string kind)
    {
        await using var server = await FakeForgeServer.StartAsync(Api(kind));
        var client = ForgeClientFactory.Create(new ForgeEndpoint(kind, server.ApiBase, server.Repository, server.Token), _http, _clock);
        var pr = server.NewPullRequest("gitopsfleet/drift/f", "main", "Drift", "report");
        var (fleet, plan) = ManualPlan();
        var (runId, approval) = await WaitingRunAsync(fleet, "c0ffee", plan);
        var comments = new ForgeApprovalComments(client, _store, NullLogger.Instance);
        var posted = await comments.PostPlanAsync(pr.Number, runId, fleet.Name, approval, ReportParts.Plan(plan), CancellationToken.None);
        server.PullRequests[0].AddComment("alice", "/approve");
        server.PullRequests[0].AddComment("bob", "/reject not during the upgrade");

        await comments.CollectAsync(posted, new ApprovalSettings(TimeSpan.FromHours(1), 1, ["alice", "bob"]), _clock.GetUtcNow(), CancellationToken.None);

        var verdict = await new ApprovalGate(_store, _clock).CheckAsync(fleet, "c0ffee", plan, "reconcile.mode is manual", 2, CancellationToken.None);
        Assert.False(verdict.Approved);
        Assert.Equal(("rejected", "bob", "not during the upgrade"), (verdict.Report.Status, verdict.Report.RejectedBy, verdict.Report.RejectReason));
    }

    [Theory]
    [InlineData("/approve", true, null)]
    [InlineData("  /approve   ship it  ", true, "ship it")]
    [InlineData("/reject too many deletes", false, "too many deletes")]
    public void Parse_ReadsTheCommandOnTheFirstLine(string body, bool approve, string? reason) =>
        Assert.Equal((approve ? ApprovalDecision.Approve : ApprovalDecision.Reject, reason), ForgeApprovalComments.Parse(body));

    [Theory]
    [InlineData("/approved")]
    [InlineData("LGTM\n/approve")]
    [InlineData("please /approve")]
    public void Parse_IgnoresProse(string body) => Assert.Null(ForgeApprovalComments.Parse(body));

    private static IFakeForgeApi Api(string kind) => kind switch
    {
        "github" => new FakeGitHubApi(),
        "gitea" => new FakeGiteaApi(),
        _ => new FakeGitLabApi(),
    };

    private static (FleetSpec Fleet, Plan Plan) ManualPlan()
    {
        var fleet = Fleet("f", [Pool("rpc", 2)]) with { Reconcile = ReconcileSettings.Default with { Mode = ReconcileMode.Manual } };
        var desired = Desired(fleet);
        var layout = desired.Pools.ToDictionary(p => p.Spec.Name, p => DesiredNode.Numbered(fleet.Name, p.Spec, p.Replicas));
        return (fleet, Planner.Create(new PlanInput(desired, layout, [], new Dictionary<string, NodeSpecRecord>(), new Dictionary<string, string>())));
    }

    private async Task<(long RunId, ApprovalReport Approval)> WaitingRunAsync(FleetSpec fleet, string commit, Plan plan)
    {
        var id = await _store.StartRunAsync(fleet.Name, "repo", "cli", _clock.GetUtcNow(), CancellationToken.None);
        var fingerprint = PlanFingerprint.Of(commit, plan);
        var approval = new ApprovalReport { Fingerprint = fingerprint.Value, PlanHash = fingerprint.PlanHash, Status = "waiting", Reason = "reconcile.mode is manual", Required = 1 };
        var report = new RunReport { Result = RunResults.Waiting, Commit = commit, Plan = ReportParts.Plan(plan), Approval = approval };
        await _store.FinishRunAsync(new RunRecord(id, fleet.Name, "repo", commit, "cli", _clock.GetUtcNow(), _clock.GetUtcNow(), RunResults.Waiting, plan.Summary, report.ToDocument()), CancellationToken.None);
        return (id, approval);
    }
}
