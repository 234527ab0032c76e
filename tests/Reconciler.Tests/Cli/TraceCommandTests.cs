using System.Net;
using System.Net.Sockets;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary><c>plan --trace</c> on a real repository: the span tree printed to stderr after the run.</summary>
public sealed class TraceCommandTests : IDisposable
{
    private static readonly string[] StepNames = ["fetch", "load", "observe", "desired", "plan", "policy", "apply", "drift-report", "drift-pull-request"];
    private readonly TempDirectory _temp = new("trace");
    private readonly string _fleet = "t" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PlanTrace_PrintsTheNineStepsInOrderUnderReconcile()
    {
        var repo = LocalFleet();

        var plan = await new CliRunner(_temp.Combine("home")).RunAsync("plan", "--repo", repo.Path, "--trace");

        Assert.True(plan.ExitCode == 2, plan.ToString());
        var lines = plan.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var root = Array.FindIndex(lines, l => l.StartsWith("reconcile ", StringComparison.Ordinal));
        Assert.True(root > 0 && lines[root - 1].StartsWith("trace ", StringComparison.Ordinal), plan.ToString());
        // Direct children of reconcile are indented by two spaces; their own children by four.
        var steps = lines.Skip(root + 1).Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l[2] != ' ').Select(l => l.Trim().Split(' ')[0]).ToList();
        Assert.Equal(StepNames, steps);
        var fetch = Array.FindIndex(lines, l => l.StartsWith("  fetch ", StringComparison.Ordinal));
        Assert.StartsWith("    git.fetch ", lines[fetch + 1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("    provider.observe ", StringComparison.Ordinal) && l.Contains("provider=local", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  apply ", StringComparison.Ordinal) && l.Contains("outcome=skipped", StringComparison.Ordinal));
        Assert.DoesNotContain("reconcile ", plan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanWithoutTrace_PrintsNoSpans()
    {
        var repo = LocalFleet();

        var plan = await new CliRunner(_temp.Combine("home")).RunAsync("plan", "--repo", repo.Path);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.DoesNotContain("git.fetch", plan.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanWithOtlpEndpoint_PostsTracesOverHttpProtobuf()
    {
        var repo = LocalFleet();
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = ReceiveOneAsync(listener);

        var plan = await new CliRunner(_temp.Combine("home")).RunWithAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }, "plan", "--repo", repo.Path);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        // The exporter flushes as the process ends, so the post has arrived by the time the process exited.
        var (method, path, length) = await received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("POST", "/v1/traces"), (method, path));
        Assert.True(length > 0, "empty OTLP body");
    }

    private static async Task<(string Method, string Path, long Length)> ReceiveOneAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        context.Response.StatusCode = 200;
        context.Response.Close();
        return (context.Request.HttpMethod, context.Request.Url!.AbsolutePath, body.Length);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private FleetRepository LocalFleet()
    {
        var repo = new FleetRepository(_temp.Combine("repo"));
        repo.Write("fleet.yaml", $"apiVersion: gitopsfleet.dev/v1\nkind: Fleet\nmetadata:\n  name: {_fleet}\nspec:\n  reconcile: {{interval: 1m, mode: auto, prune: true}}\n")
            .Write("pools/rpc.yaml", "apiVersion: gitopsfleet.dev/v1\nkind: NodePool\nmetadata:\n  name: rpc\nspec:\n  provider: local\n  software: {name: geth, version: 1.16.7}\n  replicas: {min: 1, max: 1}\n")
            .Commit("local pool");
        return repo;
    }
}
