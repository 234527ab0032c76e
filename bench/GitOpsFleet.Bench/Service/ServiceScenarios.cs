using System.Globalization;

namespace GitOpsFleet.Bench.Service;

/// <summary>
/// Timed scenarios of the service, run outside BenchmarkDotNet because what they measure is a latency
/// distribution and a steady state over minutes, not a method's time:
/// `scenario webhook [samples]` and `scenario fleets200 [minutes] [fleets]`.
/// </summary>
public static class ServiceScenarios
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var name = args.Length > 0 ? args[0] : "";
        switch (name)
        {
            case "webhook":
                return await WebhookToRunStartScenario.RunAsync(Arg(args, 1, 400), cts.Token);
            case "fleets200":
                return await FleetsAtScaleScenario.RunAsync(Arg(args, 2, 200), TimeSpan.FromMinutes(Arg(args, 1, 4)), cts.Token);
            default:
                await Console.Error.WriteLineAsync("usage: scenario webhook [samples] | scenario fleets200 [minutes] [fleets]");
                return 2;
        }
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
