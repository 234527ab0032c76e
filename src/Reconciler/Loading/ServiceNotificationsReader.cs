using GitOpsFleet.Loading.Yaml;
using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

/// <summary>
/// The top-level <c>notifications:</c> list of a service's fleets file: targets every fleet of the service notifies
/// besides its own. The entries have fleet.yaml's fields and checks, and their problems the same file:line:column
/// diagnostics; the file's other sections are left to the service.
/// </summary>
public static class ServiceNotificationsReader
{
    public static IReadOnlyList<NotificationTarget> Read(string text, string path, List<Diagnostic> diagnostics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var document = YamlTreeReader.Read(text, path, diagnostics, YamlLimits.Default, cancellationToken);
        if (document.Failed || document.Root is not MappingNode root)
        {
            return [];
        }
        // Notification targets read no other file: the snapshot is there because every reader has one.
        var reader = new DocumentReader(path, new InMemorySnapshot("fleets-file", []), diagnostics);
        var targets = FleetDocumentReader.ReadNotifications(reader, root, "") ?? [];
        return reader.ErrorCount == 0 ? targets : [];
    }
}
