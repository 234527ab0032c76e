using System.Collections.Concurrent;
using System.Runtime.Versioning;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible.Tests;

[Collection(AnsibleCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class AnsibleCancellationTests : IDisposable
{
    private readonly TestRepository _repo = new();
    private readonly string _seconds = Random.Shared.Next(3000, 3999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Cancel_EndsTheWholeProcessTree()
    {
        var options = TestRepository.Options();
        // A grace period longer than the test waits: only the SIGTERM to the whole group can end the tree in time.
        options.KillGracePeriod = TimeSpan.FromMinutes(2);
        var (provider, groups) = Provider(options);
        var pool = TestRepository.Pool(playbook: "ansible/slow.yml", vars: new { sleep_seconds = _seconds });
        var scope = _repo.Scope(pool);
        using var cts = new CancellationTokenSource();

        var apply = provider.ApplyAsync(TestRepository.Action(ActionKind.Update, scope, pool, "h1"), scope, cts.Token);
        var sleep = await WaitForSleepAsync();
        // The grandchild (ansible-playbook -> worker -> module -> sleep) is in the run's process group.
        Assert.Contains(sleep.Group, groups);

        var cancelled = DateTime.UtcNow;
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => apply);
        Assert.True(DateTime.UtcNow - cancelled < TimeSpan.FromSeconds(30), "the run outlived its cancellation");

        await AssertGoneAsync(sleep);
    }

    [Fact]
    public async Task RunTimeout_EndsTheTree_AndIsRetry()
    {
        var options = TestRepository.Options();
        options.RunTimeout = TimeSpan.FromSeconds(6);
        var (provider, _) = Provider(options);
        var pool = TestRepository.Pool(playbook: "ansible/slow.yml", vars: new { sleep_seconds = _seconds });
        var scope = _repo.Scope(pool);

        var apply = provider.ApplyAsync(TestRepository.Action(ActionKind.Update, scope, pool, "h1"), scope, CancellationToken.None);
        var sleep = await WaitForSleepAsync();
        var result = await apply;

        Assert.Equal(ActionOutcome.Retry, result.Outcome);
        Assert.Contains("timed out", result.Message);
        await AssertGoneAsync(sleep);
    }

    private static (AnsibleProvider Provider, ConcurrentBag<int> Groups) Provider(AnsibleProviderOptions options)
    {
        var groups = new ConcurrentBag<int>();
        var provider = new AnsibleProvider(options) { ProcessStarted = groups.Add };
        return (provider, groups);
    }

    private async Task<ProcessTable.Entry> WaitForSleepAsync() =>
        (await Eventually.ValueAsync(
            () => Task.FromResult(ProcessTable.Snapshot().FirstOrDefault(e => e.CommandLine == $"sleep {_seconds}")),
            sleep => sleep is not null, TimeSpan.FromSeconds(60), _ => $"sleep {_seconds} never started"))!;

    private static async Task AssertGoneAsync(ProcessTable.Entry sleep)
    {
        try
        {
            await Eventually.UntilAsync(() => ProcessTable.LiveMembers(sleep.Group).Count == 0, TimeSpan.FromSeconds(15), "the run's process group to exit");
        }
        catch (TimeoutException)
        {
            // Reported by the assertion below, which names the processes still alive.
        }
        Assert.Empty(ProcessTable.LiveMembers(sleep.Group));
        Assert.DoesNotContain(ProcessTable.Snapshot(), e => e.Pid == sleep.Pid && e.State != 'Z');
    }
}
