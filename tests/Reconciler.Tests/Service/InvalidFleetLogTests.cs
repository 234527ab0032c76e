using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Service;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>An invalid commit under serve: the log says where each problem is, and stays bounded.</summary>
public sealed class InvalidFleetLogTests
{
    [Fact]
    public async Task InvalidFleet_LogsLocatedDiagnostics_UpToTheLimit_ThenCountsTheRest()
    {
        var diagnostics = Enumerable.Range(1, FleetRunCoordinatorLimit + 5)
            .Select(i => new Diagnostic("FLEET012", DiagnosticSeverity.Error, "min exceeds max", "pools/rpc.yaml", i, 5))
            .ToList();
        var logs = new RecordingLoggerProvider();
        await using var svc = await InProcessService.StartAsync(["alpha"], (_, _) => Task.FromResult(RunResults.Invalid),
            o => o.IntervalOverride = TimeSpan.FromHours(1), logs: logs, diagnostics: diagnostics);

        await ApiJson.WaitForAsync(() => Task.FromResult(logs.Entries.Count(e => e.Id.Id == ServiceEventIds.RunDiagnosticsOmitted)),
            n => n >= 1, TimeSpan.FromSeconds(30), _ => logs.Describe());

        var located = logs.Entries.Where(e => e.Id.Id == ServiceEventIds.RunDiagnostic).Select(e => e.Message).ToList();
        Assert.Equal(FleetRunCoordinatorLimit, located.Count);
        Assert.Contains(located, m => m.Contains("pools/rpc.yaml:1:5: error FLEET012: min exceeds max", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Id.Id == ServiceEventIds.RunDiagnosticsOmitted && e.Message.Contains("5 more", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SucceededRun_LogsNoDiagnostics()
    {
        var logs = new RecordingLoggerProvider();
        await using var svc = await InProcessService.StartAsync(["alpha"], (_, _) => Task.FromResult(RunResults.Succeeded),
            o => o.IntervalOverride = TimeSpan.FromHours(1), logs: logs,
            diagnostics: [new Diagnostic("FLEET900", DiagnosticSeverity.Warning, "a warning", "fleet.yaml", 1, 1)]);

        await ApiJson.WaitForAsync(() => Task.FromResult(logs.Entries.Count(e => e.Id.Id == ServiceEventIds.RunFinished)),
            n => n >= 1, TimeSpan.FromSeconds(30), _ => logs.Describe());

        Assert.DoesNotContain(logs.Entries, e => e.Id.Id == ServiceEventIds.RunDiagnostic);
    }

    private const int FleetRunCoordinatorLimit = FleetRunCoordinator.MaxLoggedDiagnostics;
}
