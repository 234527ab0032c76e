using System.Net;
using System.Text;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Tests.Support;
using static GitOpsFleet.Reconciler.Tests.Service.AccessTestKit;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>A token made with `tokens create` and used in every way the service takes one never shows up in its log or its store.</summary>
public sealed class TokenCanaryTests
{
    [Fact]
    public async Task CreatedToken_UsedEverywhere_AppearsInNoLogLineAndNowhereInTheDatabase()
    {
        var logs = new RecordingLoggerProvider();
        await using var service = await InProcessService.StartAsync(["f"], (_, _) => Task.FromResult(RunResults.NoChanges), o => o.RequireReadToken = true, logs: logs);
        using var home = new TempDirectory("canary-home");
        var created = await new CliRunner(home.Path).RunAsync("tokens", "create", "canary", "--scope", "run", "--scope", "read", "--state", "sqlite:" + service.DatabasePath);
        Assert.True(created.ExitCode == 0, created.ToString());
        var token = created.Stdout.Trim();
        Assert.StartsWith("gof_", token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, created.Stderr, StringComparison.Ordinal);

        var http = service.Http;
        using (var run = await SendAsync(http, HttpMethod.Post, "/api/fleets/f/reconcile", token)) Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        using (var read = await SendAsync(http, HttpMethod.Get, "/api/runs", token)) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using (var audit = await SendAsync(http, HttpMethod.Get, "/api/audit", token)) Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        using (var forbidden = await SendAsync(http, HttpMethod.Post, "/api/runs/1/approve", token, new { by = "x" })) Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using (var wrong = await SendAsync(http, HttpMethod.Post, "/api/fleets/f/reconcile", token + "x")) Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using (var query = await SendAsync(http, HttpMethod.Get, "/api/fleets?token=" + Uri.EscapeDataString(token), null)) Assert.Equal(HttpStatusCode.Unauthorized, query.StatusCode);
        var page = await (await http.GetAsync("/login")).Content.ReadAsStringAsync();
        using (var login = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["form-check"] = FormCheck(page), ["return"] = "/", ["token"] = token })))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode); // followed to the dashboard
        }
        await WaitForAsync(() => !service.Executor.Runs.IsEmpty);

        var logged = logs.Describe();
        Assert.Contains("canary", logged, StringComparison.Ordinal); // the name is what the log says
        Assert.DoesNotContain(token, logged, StringComparison.Ordinal);
        // The SQLite file and its write-ahead log, read while the service holds them open.
        foreach (var file in new[] { service.DatabasePath, service.DatabasePath + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(-1, copy.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)));
        }
    }

    private static async Task WaitForAsync(Func<bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!done()) await Task.Delay(50, timeout.Token);
    }
}
