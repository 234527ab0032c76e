namespace GitOpsFleet.TestSupport;

/// <summary>
/// Waits on things a test does not drive: another OS process, a real server, the service's own threads.
/// Code under test that waits on <see cref="TimeProvider"/> is moved with a fake clock instead, never with this.
/// </summary>
public static class Eventually
{
    /// <summary>How often a condition is looked at again; short beside every timeout passed here.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns once <paramref name="condition"/> holds; fails with <paramref name="because"/> after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string because, CancellationToken cancellationToken = default) =>
        ValueAsync(() => Task.FromResult(condition()), done => done, timeout, _ => because, cancellationToken);

    /// <summary>As <see cref="UntilAsync(Func{bool}, TimeSpan, string, CancellationToken)"/>, for a condition that has to ask over I/O.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string because, CancellationToken cancellationToken = default) =>
        ValueAsync(condition, done => done, timeout, _ => because, cancellationToken);

    /// <summary>Reads until <paramref name="done"/> accepts the value and returns it; the failure describes the last value read.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, Func<T, string> describe, CancellationToken cancellationToken = default)
    {
        var started = TimeProvider.System.GetTimestamp();
        var last = await read();
        while (!done(last))
        {
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s: {describe(last)}");
            }
            await PauseAsync(cancellationToken);
            last = await read();
        }
        return last;
    }

    /// <summary>
    /// Fails as soon as <paramref name="condition"/> stops holding during <paramref name="window"/>: how a test shows that
    /// something did not happen (no run started, no file written) when nothing signals its absence.
    /// </summary>
    public static Task HoldsForAsync(Func<bool> condition, TimeSpan window, string because, CancellationToken cancellationToken = default) =>
        HoldsForAsync(() => Task.FromResult(condition()), window, because, cancellationToken);

    /// <summary>As <see cref="HoldsForAsync(Func{bool}, TimeSpan, string, CancellationToken)"/>, for a condition that has to ask over I/O.</summary>
    public static async Task HoldsForAsync(Func<Task<bool>> condition, TimeSpan window, string because, CancellationToken cancellationToken = default)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (!await condition()) throw new InvalidOperationException($"no longer true after {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.##} s: {because}");
            if (TimeProvider.System.GetElapsedTime(started) >= window) return;
            await PauseAsync(cancellationToken);
        }
    }

    private static Task PauseAsync(CancellationToken cancellationToken) =>
        // A real clock on purpose: what is waited for runs in another process, a real server or a thread of its own,
        // and none of them moves when a fake clock is advanced.
        Task.Delay(PollInterval, cancellationToken);
}
