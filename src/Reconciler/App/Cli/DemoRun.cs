using System.Diagnostics;
using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Pipeline;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>
/// One demo in progress: its fleet, its output and what it has already said. The demo's runs are quiet by
/// default (each story prints its own few lines); the runs' full progress goes out only under --verbose.
/// </summary>
internal sealed class DemoRun(AppComposition app, TextWriter output, bool verbose, Stopwatch clock, string fleet, string repoDir)
{
    private readonly HashSet<string> _explained = new(StringComparer.Ordinal);
    private int _step;

    public AppComposition App => app;
    public TextWriter Output => output;
    public bool Verbose => verbose;
    public string Fleet => fleet;
    public string RepoDir => repoDir;
    public FleetTarget Target { get; set; } = null!;
    public FleetSpec? Spec { get; set; }
    public long LastRunId { get; private set; }

    public void Step(string text)
    {
        output.WriteLine();
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {++_step}. {text}");
    }

    public void Line(string label, string text) => output.WriteLine($"  {label,-9} {text}");

    /// <summary>One pipeline run of the demo's fleet; prints its one-line result, and any provider not yet explained.</summary>
    public async Task<RunOutcome> RunAsync(RunMode mode, CancellationToken cancellationToken)
    {
        IRunReporter reporter = verbose ? new ConsoleRunReporter(output) : SilentRunReporter.Instance;
        var outcome = await app.Pipeline.RunAsync(Target, mode, "demo", reporter, cancellationToken);
        LastRunId = outcome.RunId;
        ExplainUnavailable(outcome);
        if (verbose) OutcomePrinter.Print(outcome, mode, output);
        // A denial's summary repeats every denial; the story prints them itself, one per line.
        else Line("run " + outcome.RunId, outcome.Result == RunResults.Denied ? "denied: nothing applied" : $"{outcome.Result}: {outcome.Record?.Summary ?? outcome.Error}");
        return outcome;
    }

    public async Task<IReadOnlyList<ObservedNode>> ObserveLocalAsync(CancellationToken cancellationToken) =>
        await app.Local.ObserveAsync(new FleetScope(fleet, "", null, null, []), cancellationToken);

    /// <summary>
    /// A provider that cannot run here is skipped on every run; saying so on every run buried the story. It is
    /// said once per demo, in one line; the full explanation (what to set to enable it) under --verbose.
    /// </summary>
    private void ExplainUnavailable(RunOutcome outcome)
    {
        if (outcome.Report?.UnavailableProviders is not { } unavailable) return;
        foreach (var (provider, full) in unavailable)
        {
            if (!_explained.Add(provider)) continue;
            var pools = Spec?.Pools.Where(p => p.Provider == provider).Select(p => p.Name).ToList() ?? [];
            var text = verbose ? WithoutProvider(provider, full) : Shorten(provider, full);
            Line("not here", $"{provider}: {text}; {(pools.Count == 0 ? "its pools are" : $"pool {string.Join(", ", pools)}")} skipped on every run{(verbose ? "" : " (--verbose or docs/providers.md says how to enable it)")}");
        }
    }

    /// <summary>The reason's first clause: what is missing, without the list of ways to provide it.</summary>
    internal static string Shorten(string provider, string reason)
    {
        var text = WithoutProvider(provider, reason);
        var cut = new[] { text.IndexOf(": ", StringComparison.Ordinal), text.IndexOf("; ", StringComparison.Ordinal) }.Where(i => i > 0).DefaultIfEmpty(text.Length).Min();
        return text[..cut];
    }

    /// <summary>Providers start their reasons with their own name; the demo's line already does.</summary>
    private static string WithoutProvider(string provider, string reason) =>
        reason.StartsWith(provider + ": ", StringComparison.Ordinal) ? reason[(provider.Length + 2)..] : reason;
}
