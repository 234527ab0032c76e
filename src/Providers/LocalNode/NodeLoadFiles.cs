using System.Text.Json;
using GitOpsFleet.Providers.Local;

namespace GitOpsFleet.Providers.LocalNode;

/// <summary>
/// The file side of the load knob, read by a node: <c>pools/&lt;pool&gt;.load</c> is the pool's total
/// load, split evenly between the pool's live nodes (as a load balancer would), and
/// <c>nodes/&lt;name&gt;.load</c> overrides it for one node. Reads are cached briefly so that a
/// scrape storm does not turn into a file storm.
/// </summary>
internal sealed class NodeLoadFiles(NodeArguments args, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private SimulatedLoad? _cached;

    public SimulatedLoad? Read()
    {
        if (args.StateDirectory is not { } dir) return null;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now - _readAt < CacheFor) return _cached;
            _readAt = now;
            _cached = ReadNow(dir);
            return _cached;
        }
    }

    private SimulatedLoad? ReadNow(string dir)
    {
        SimulatedLoad? load = null;
        if (ReadFile(LocalStateLayout.PoolLoadPath(dir, args.Pool)) is { } pool)
        {
            var share = Math.Max(1, LivePoolNodes(dir));
            load = pool with { Rps = pool.Rps / share };
        }
        if (ReadFile(LocalStateLayout.NodeLoadPath(dir, args.Name)) is { } node)
        {
            load = (load ?? new SimulatedLoad()).Overlay(node);
        }
        return load;
    }

    /// <summary>The pool's nodes that the provider recorded and that still run.</summary>
    private int LivePoolNodes(string dir)
    {
        var count = 0;
        try
        {
            foreach (var file in Directory.EnumerateFiles(LocalStateLayout.NodesDirectory(dir), "*.json"))
            {
                try
                {
                    var record = JsonSerializer.Deserialize(File.ReadAllBytes(file), LocalJsonContext.Default.NodeRecord);
                    if (record is not null && record.Pool == args.Pool && ProcessTable.IsAlive(record.Pid, record.StartTicks)) count++;
                }
                catch (Exception e) when (e is IOException or JsonException) { /* a record being rewritten: skip it this time */ }
            }
        }
        catch (DirectoryNotFoundException) { }
        return count;
    }

    private static SimulatedLoad? ReadFile(string path)
    {
        try
        {
            return File.Exists(path) ? SimulatedLoad.Parse(File.ReadAllText(path)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
