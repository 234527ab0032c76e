using System.Security.Cryptography;
using System.Text;

namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>
/// The delivery ids seen within the replay window, so a replayed (or retried) delivery starts no second run.
/// Bounded twice: ids older than the window are forgotten, and beyond the maximum count the oldest go first,
/// so a flood of deliveries with fresh ids costs a fixed amount of memory. Long ids are kept as their hash.
/// </summary>
internal sealed class WebhookDeliveryLog(TimeProvider time, TimeSpan window, int maxIds)
{
    private const int MaxKeptLength = 96;
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset At)> _order = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock) return _seen.Count;
        }
    }

    /// <summary>Records the delivery; false when the same hook already saw this id within the window.</summary>
    public bool TryRecord(string hook, string deliveryId)
    {
        var key = Key(hook, deliveryId);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Expire(now);
            if (_seen.ContainsKey(key)) return false;
            _seen[key] = now;
            _order.Enqueue((key, now));
            while (_seen.Count > maxIds && _order.TryDequeue(out var oldest)) Remove(oldest);
            return true;
        }
    }

    /// <summary>Forgets a delivery that was not acted on (bad payload, conflict), so the forge's redelivery is not taken for a replay.</summary>
    public void Forget(string hook, string deliveryId)
    {
        var key = Key(hook, deliveryId);
        lock (_lock) _seen.Remove(key);
    }

    private void Expire(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && now - oldest.At >= window)
        {
            _order.Dequeue();
            Remove(oldest);
        }
    }

    /// <summary>Removes the id only if this queue entry is the one that recorded it (a forgotten id may have been recorded again since).</summary>
    private void Remove((string Key, DateTimeOffset At) entry)
    {
        if (_seen.TryGetValue(entry.Key, out var at) && at == entry.At) _seen.Remove(entry.Key);
    }

    private static string Key(string hook, string deliveryId) =>
        hook + "\n" + (deliveryId.Length <= MaxKeptLength ? deliveryId : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryId))));
}
