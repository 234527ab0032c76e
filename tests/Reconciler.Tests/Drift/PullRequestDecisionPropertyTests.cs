using CsCheck;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Planning;

namespace GitOpsFleet.Reconciler.Tests.Drift;

/// <summary>
/// Runs of one fleet, each deciding about its drift pull request as the drift pull request step does (the store's
/// open pull request, else its latest), with reviewers closing or merging the open one in between. A pull request a
/// reviewer closed is never opened again for the same drift.
/// </summary>
public sealed class PullRequestDecisionPropertyTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A run that found drift number <see cref="Drift"/> (0: none) under <see cref="Action"/>, or a reviewer's close or merge.</summary>
    internal readonly record struct Step(int Kind, int Drift, DriftAction Action)
    {
        public override string ToString() => Kind switch
        {
            4 => "reviewer closes",
            5 => "reviewer merges",
            _ => Drift == 0 ? $"run: no drift ({Action})" : $"run: drift {Drift} ({Action})",
        };
    }

    private static readonly Gen<Step> Steps = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 2], Gen.Int[0, 4],
        (kind, drift, action) => new Step(kind, drift, action == 4 ? DriftAction.Report : DriftAction.PullRequest));

    private static DriftReport? Report(int drift, long runId) => drift == 0 ? null
        : new("f", "c0ffee", runId, At, [new DriftItem(DriftKind.Changed, "a", $"a-{drift}", "software.version", "1.0", "2.0", "version is 2.0")]);

    /// <summary>Shrunk counterexample (seed 3YKXlJoh9qS2) of the property over the fleet's whole pull request history.</summary>
    [Fact]
    public void Decide_DriftAReviewerClosed_ComingBackAfterAnotherPullRequest_IsNotReopened()
    {
        var two = Report(2, 6)!;
        var closed = new PullRequestRecord(1, "f", "local", "gitopsfleet/drift/f", "main", "t", "b", PullRequestState.Closed, two.Fingerprint, "head1", 1, At, At, At, null);
        var resolved = closed with { Id = 2, State = PullRequestState.Resolved, Fingerprint = Report(1, 2)!.Fingerprint };
        // The store holds #1 (closed by a reviewer) and #2, the latest; the step passes both.
        var decision = PullRequestDecision.Decide(two, DriftAction.PullRequest, null, resolved, 6, "main", closed);
        Assert.Equal(closed, Assert.IsType<PullRequestDecision.LeaveAlone>(decision).PullRequest);
    }

    [Fact]
    public void Decide_NeverReopensAPullRequestAReviewerClosed_ForTheSameDrift()
    {
        Steps.Array[1, 12].Sample(steps =>
        {
            var store = new List<PullRequestRecord>();
            // A reviewer's close stands for that drift for good, whatever pull requests come after it.
            var closedByReviewer = new HashSet<string>(StringComparer.Ordinal);
            var runId = 0L;
            foreach (var step in steps)
            {
                var open = store.LastOrDefault(p => p.State == PullRequestState.Open);
                if (step.Kind >= 4)
                {
                    if (open is null) continue;
                    store[store.IndexOf(open)] = open with { State = step.Kind == 4 ? PullRequestState.Closed : PullRequestState.Merged };
                    if (step.Kind == 4) closedByReviewer.Add(open.Fingerprint);
                    continue;
                }
                var report = Report(step.Drift, ++runId);
                var latest = open ?? store.LastOrDefault();
                // As the step reads it: the newest reviewer-closed pull request of this drift.
                var closedSame = report is null ? null : store.LastOrDefault(p => p.State == PullRequestState.Closed && p.Fingerprint == report.Fingerprint);
                switch (PullRequestDecision.Decide(report, step.Action, open, latest, runId, "main", closedSame))
                {
                    case PullRequestDecision.Close close:
                        store[store.IndexOf(close.PullRequest)] = close.PullRequest with { State = PullRequestState.Resolved };
                        break;
                    case PullRequestDecision.Publish { Open: { } updated }:
                        store[store.IndexOf(updated)] = updated with { Fingerprint = report!.Fingerprint, HeadCommit = $"head{runId}" };
                        break;
                    case PullRequestDecision.Publish:
                        Assert.False(closedByReviewer.Contains(report!.Fingerprint), $"run {runId} opens a new pull request for drift {step.Drift}, which a reviewer closed");
                        store.Add(new PullRequestRecord(store.Count + 1, "f", "local", "gitopsfleet/drift/f", "main", "t", "b", PullRequestState.Open,
                            report.Fingerprint, $"head{runId}", runId, At, At, null, null));
                        break;
                }
            }
        }, iter: PlannerPropertyTests.Iterations, print: steps => string.Join("; ", steps));
    }
}
