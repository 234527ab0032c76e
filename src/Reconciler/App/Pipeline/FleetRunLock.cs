using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// An exclusive file lock per fleet repository, so two runs of one fleet (two terminals, a CLI next
/// to the service) never apply at once. The OS releases it if the process dies.
/// </summary>
internal sealed class FleetRunLock : IDisposable
{
    private readonly FileStream _stream;

    private FleetRunLock(FileStream stream) => _stream = stream;

    public static async Task<FleetRunLock> AcquireAsync(StateHome home, string key, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(home.Root, "locks");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, key + ".lock");
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                return new FleetRunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (time.GetElapsedTime(started) < wait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
            }
            catch (IOException ex)
            {
                throw new InvalidOperationException($"another run of this fleet holds {path}", ex);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
