using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline.Steps;
using GitOpsFleet.Reconciler.Tests.Support;
using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Tests.Git;

/// <summary>A run reconciles the ref's head and says how it relates to the commit a webhook announced.</summary>
public sealed class AnnouncedCommitTests : IDisposable
{
    private readonly TempDirectory _temp = new("announced");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AnnouncedCommit_IsNamedWithItsRelationToTheHead()
    {
        var fleet = new FleetRepository(_temp.Combine("repo"));
        var first = fleet.Write("fleet.yaml", "a").Commit("first");
        var head = fleet.Write("fleet.yaml", "b").Commit("second");
        string elsewhere;
        using (var repo = new Repository(fleet.Path))
        {
            var side = repo.CreateBranch("side", repo.Lookup<Commit>(first));
            Commands.Checkout(repo, side);
            elsewhere = fleet.Write("other.yaml", "c").Commit("on a side branch");
            Commands.Checkout(repo, repo.Branches["main"]);
        }

        using var snapshot = new GitSnapshot(new Repository(fleet.Path), new Repository(fleet.Path).Lookup<Commit>(head), "main");

        Assert.Null(FetchStep.Relation(snapshot, head));
        Assert.Contains("has moved on to " + head[..12] + ", which includes it", FetchStep.Relation(snapshot, first), StringComparison.Ordinal);
        Assert.Contains("is not on main", FetchStep.Relation(snapshot, elsewhere), StringComparison.Ordinal);
        Assert.Contains("does not hold", FetchStep.Relation(snapshot, new string('a', 40)), StringComparison.Ordinal);
        Assert.Contains("not a commit id", FetchStep.Relation(snapshot, "'; rm -rf /"), StringComparison.Ordinal);
    }
}
