using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Service.Metrics;
using GitOpsFleet.Reconciler.Service.Scheduling;
using GitOpsFleet.Reconciler.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitOpsFleet.Reconciler.Service.Health;

/// <summary>/healthz (alive), /readyz (state store answers and takes writes, and the scheduler runs), /metrics (Prometheus text, see <see cref="MetricsExport"/>).</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain"));
        app.MapGet("/readyz", async (IStateStore store, FleetScheduler scheduler, CancellationToken ct) =>
        {
            string? storeProblem = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await store.ListRunsAsync(null, null, 1, 0, timeout.Token);
                // Reads keep working on a locked or damaged file; only a write shows that runs can be recorded.
                await store.ProbeWriteAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                storeProblem = ex is OperationCanceledException ? "the state store did not answer within 3 s" : ex.Message;
            }
            var ready = storeProblem is null && scheduler.IsReady;
            var body = new JsonObject
            {
                ["ready"] = ready,
                ["stateStore"] = storeProblem ?? "ok",
                ["scheduler"] = scheduler.IsReady ? "ok" : "not started",
            };
            return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        MetricsExport.Map(app);
    }
}
