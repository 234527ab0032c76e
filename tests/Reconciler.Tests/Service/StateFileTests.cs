using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

public sealed class StateFileTests
{
    [Fact]
    public void StateFile_HoldingAConnectionString_IsReadInsteadOfTheCommandLine()
    {
        using var temp = new TempDirectory("statefile");
        var file = temp.Combine("state.conn");
        File.WriteAllText(file, "postgres:Host=db;Username=gof;Password=file-secret-1;Database=gof\n");
        var options = new ServiceOptions { Repo = temp.Path, StateFile = file };

        var problems = ServiceOptionsValidator.Validate(options, new StateHome(temp.Combine("home")), out _, out var state);

        Assert.Empty(problems);
        Assert.Equal(StateKind.Postgres, state.Kind);
        Assert.Contains("Password=file-secret-1", state.Target, StringComparison.Ordinal);
        Assert.DoesNotContain("file-secret-1", state.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void StateFile_TogetherWithState_IsAProblem()
    {
        using var temp = new TempDirectory("statefile");
        var file = temp.Combine("state.conn");
        File.WriteAllText(file, "sqlite:" + temp.Combine("x.db"));
        var options = new ServiceOptions { Repo = temp.Path, StateFile = file, State = "sqlite:" + temp.Combine("y.db") };

        var problems = ServiceOptionsValidator.Validate(options, new StateHome(temp.Combine("home")), out _, out _);

        Assert.Contains(problems, p => p.Contains("--state-file", StringComparison.Ordinal));
    }
}
