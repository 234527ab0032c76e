using GitOpsFleet.Reconciler.State;
using Microsoft.AspNetCore.Http;

namespace GitOpsFleet.Reconciler.Service.Access;

/// <summary>Writes the audit log: who changed what, when and from where. Shared by the service and the CLI.</summary>
internal sealed class AuditTrail(IStateStore store, TimeProvider time)
{
    /// <summary>The origin of changes made with the command line on the machine itself.</summary>
    public const string Cli = "cli";

    public Task<AuditRecord> RecordAsync(string actor, string action, string? target, string origin, string? detail, CancellationToken cancellationToken) =>
        store.AddAuditAsync(new AuditRecord(0, time.GetUtcNow(), actor, action, target, origin, detail), cancellationToken);

    /// <summary>The peer's address as the service sees it (a proxy's, behind one: forwarded headers are not trusted).</summary>
    public static string OriginOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
