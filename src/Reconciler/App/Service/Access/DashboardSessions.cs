using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace GitOpsFleet.Reconciler.Service.Access;

/// <summary>
/// Dashboard logins. The cookie holds a random session id, never the token: a cookie leaked through a proxy log or a
/// browser profile is worth one session, and the token itself stays with the person. The session keeps the token's
/// hash, which is checked against the store on every page, so revoking the token ends its sessions too. Sessions live
/// in memory: a restart (or another replica) asks for the token again, and no session secret is ever written down.
/// </summary>
internal sealed class DashboardSessions(TimeProvider time)
{
    public const string CookieName = "gitopsfleet-session";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    // Keyed by the id's hash, so a lookup's timing says nothing about ids that exist.
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a session for the token with this hash; returns the id the cookie carries.</summary>
    public string Open(byte[] tokenHash)
    {
        var now = time.GetUtcNow();
        foreach (var (key, session) in _sessions)
        {
            if (session.ExpiresAt <= now) _sessions.TryRemove(key, out _);
        }
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _sessions[Key(id)] = new Session(tokenHash, now + Lifetime);
        return id;
    }

    /// <summary>The hash of the session's token, or null for no, an unknown or an expired session.</summary>
    public byte[]? TokenHashOf(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 100) return null;
        var key = Key(id);
        if (!_sessions.TryGetValue(key, out var session)) return null;
        if (session.ExpiresAt > time.GetUtcNow()) return session.TokenHash;
        _sessions.TryRemove(key, out _);
        return null;
    }

    private static string Key(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private sealed record Session(byte[] TokenHash, DateTimeOffset ExpiresAt);
}
