using System.CommandLine;
using System.Globalization;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Scripting;
using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>script run: try a scaling script exactly as the service would run it, before merging it.</summary>
internal static class ScriptCommands
{
    public static void AddTo(RootCommand root)
    {
        var script = new Command("script", "Scaling scripts.");
        var run = new Command("run", "Run one scaling script in the sandbox, as the service would, and print the clamped replica count as the last line. Exit 0 on success, 1 when the script is refused, fails or runs out of budget.");
        var file = new Argument<FileInfo>("file") { Description = "The .csx script." };
        var current = new Option<int>("--current") { Description = "Replicas now.", Required = true };
        var min = new Option<int>("--min") { Description = "replicas.min of the pool.", Required = true };
        var max = new Option<int>("--max") { Description = "replicas.max of the pool.", Required = true };
        var metrics = new Option<string?>("--metrics") { Description = "A Prometheus server URL (http://host:9090) to answer Metrics queries; without it every query fails." };
        var pool = new Option<string>("--pool") { Description = "The pool name the script sees.", DefaultValueFactory = _ => "pool" };
        var software = new Option<string>("--software") { Description = "name:version the script sees as Pool.Software.", DefaultValueFactory = _ => "geth:1.16.7" };
        var noCache = new Option<bool>("--no-cache") { Description = "Compile the script afresh: neither read nor write the compiled-script cache of the state home." };
        run.Arguments.Add(file);
        foreach (var o in new Option[] { current, min, max, metrics, pool, software, noCache }) run.Options.Add(o);
        run.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"{path.FullName}: no such file");
                return CommandLine.Error;
            }
            var (lo, hi) = (parse.GetValue(min), parse.GetValue(max));
            if (lo > hi || lo < 0)
            {
                await Console.Error.WriteLineAsync($"error: --min {lo} and --max {hi} do not form a range");
                return CommandLine.Error;
            }
            var sw = parse.GetValue(software)!.Split(':', 2);
            var spec = new PoolSpec(parse.GetValue(pool)!, new Dictionary<string, string>(), "local", null, new MachineSpec(null, null),
                new SoftwareSpec(sw[0], sw.Length > 1 ? sw[1] : ""), new ReplicaRange(lo, hi), new ScalingSpec(path.Name, TimeSpan.FromMinutes(1)),
                NetworkSpec.Default, StorageSpec.Default, ReplacementPolicy.Auto, null, "(command line)");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            IMetricsSource source = parse.GetValue(metrics) is { Length: > 0 } url
                ? new PrometheusMetricsSource(http, new Uri(url))
                : new NodeMetricsSource(http, [], TimeProvider.System);
            // The run's own engine settings (budgets from configuration, the compiled-script cache of the state
            // home), so a script behaves here as it will in the service, and a second try starts no compiler.
            var home = StateHome.Resolve(parse.GetValue(RunsCommands.HomeOf(root)));
            var options = ProviderSettings.BindScripting(ProviderSettings.LoadConfiguration(home), home);
            if (parse.GetValue(noCache)) options = options with { CompiledCacheDirectory = null };
            using var engine = new ScalingScriptEngine(options, TimeProvider.System);
            var evaluation = await engine.EvaluateAsync(new ScalingScriptRequest(path.Name, await File.ReadAllTextAsync(path.FullName, ct), spec, parse.GetValue(current), source), ct);
            foreach (var line in evaluation.Log) Console.WriteLine($"log: {line}");
            foreach (var q in evaluation.Inputs.Queries) Console.WriteLine($"query: {q.Query} = {(q.Result?.ToString(CultureInfo.InvariantCulture) ?? q.Error ?? "no data")}");
            foreach (var d in evaluation.Diagnostics) Console.Error.WriteLine(d);
            if (!evaluation.Succeeded)
            {
                Console.Error.WriteLine($"{evaluation.Outcome}: the pool would stay at {evaluation.Replicas}");
                return CommandLine.Error;
            }
            if (evaluation.Clamped) Console.WriteLine($"clamped: {evaluation.ClampExplanation}");
            Console.WriteLine($"compiled: {(evaluation.CacheHit ? "loaded from the cache" : options.CompiledCacheDirectory is null ? "now, cache not used" : "now, stored in the cache")}");
            Console.WriteLine($"took {evaluation.Duration.TotalMilliseconds:0.###} ms");
            Console.WriteLine(evaluation.Replicas.ToString(CultureInfo.InvariantCulture));
            return CommandLine.Ok;
        });
        script.Subcommands.Add(run);
        root.Subcommands.Add(script);
    }
}
