using GitOpsFleet.Loading.Yaml;
using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

internal static partial class FleetDocumentReader
{
    private const string NamePattern = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$";
    private const string EnvPattern = "^[A-Za-z_][A-Za-z0-9_]*$";

    /// <summary>
    /// The notifications list under <paramref name="parent"/>: fleet.yaml's spec.notifications, or the top-level
    /// notifications of a service's fleets file (<paramref name="parentPath"/> empty). Every entry is checked, so one bad
    /// target does not hide another's mistakes.
    /// </summary>
    internal static IReadOnlyList<NotificationTarget>? ReadNotifications(DocumentReader r, MappingNode parent, string parentPath)
    {
        if (r.Sequence(parent, parentPath, "notifications") is not { } sequence)
        {
            return null;
        }
        var list = new FieldPath(parentPath, "notifications").ToString();
        var targets = new List<NotificationTarget>(sequence.Items.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var path = $"{list}[{i}]";
            if (sequence.Items[i] is not MappingNode map)
            {
                r.Error(DiagnosticCodes.WrongType, sequence.Items[i], $"{path} must be a mapping, got {sequence.Items[i].Describe()}");
                continue;
            }
            r.CheckFields(map, path, NotificationFields);
            var nameNode = r.Scalar(map, path, "name", required: true);
            string? name = null;
            if (nameNode is not null)
            {
                if (!System.Text.RegularExpressions.Regex.IsMatch(nameNode.Value, NamePattern))
                {
                    r.Error(DiagnosticCodes.InvalidName, nameNode, $"{path}.name '{nameNode.Value}' must be lowercase letters, digits and '-', at most 63");
                }
                else if (!names.Add(nameNode.Value))
                {
                    r.Error(DiagnosticCodes.InvalidValue, nameNode, $"{path}.name '{nameNode.Value}' is used by another target");
                }
                else
                {
                    name = nameNode.Value;
                }
            }
            var kind = r.Choice(map, path, "kind", NotificationKinds, required: true);
            var url = ReadSecretSource(r, map, path, "urlFrom", required: true);
            SecretReference? secret = null;
            if (kind == NotificationKind.Webhook)
            {
                // An unsigned webhook lets anyone who learns the URL forge events, so the secret is not optional.
                secret = ReadSecretSource(r, map, path, "secretFrom", required: true);
            }
            else if (kind is not null && map.TryGet("secretFrom", out var stray))
            {
                r.Error(DiagnosticCodes.ConflictingFields, stray.Key, $"{path}.secretFrom is for webhook targets only; {NotificationKinds.Names[(int)kind]} payloads are not signed");
            }
            var events = ReadEvents(r, map, path);
            var retryThreshold = r.Integer(map, path, NotificationFields["retryThreshold"]) ?? NotificationTarget.DefaultRetryThreshold;
            if (name is not null && kind is { } k && url is not null && events is not null && (k != NotificationKind.Webhook || secret is not null))
            {
                targets.Add(new NotificationTarget(name, k, url, secret, events) { RetryThreshold = retryThreshold });
            }
        }
        return targets;
    }

    private static SecretReference? ReadSecretSource(DocumentReader r, MappingNode map, string path, string key, bool required)
    {
        if (r.Mapping(map, path, key, required) is not { } source)
        {
            return null;
        }
        var where = $"{path}.{key}";
        r.CheckFields(source, where, SecretSourceFields);
        var env = r.Scalar(source, where, "env");
        var file = r.Scalar(source, where, "file");
        if ((env is null) == (file is null))
        {
            r.Error(DiagnosticCodes.ConflictingFields, source, $"{where} must name exactly one of env or file; the value itself never goes in the repository");
            return null;
        }
        if (env is not null && !System.Text.RegularExpressions.Regex.IsMatch(env.Value, EnvPattern))
        {
            r.Error(DiagnosticCodes.InvalidValue, env, $"{where}.env '{env.Value}' is not an environment variable name");
            return null;
        }
        if (file is not null && file.Value.Trim().Length == 0)
        {
            r.Error(DiagnosticCodes.InvalidValue, file, $"{where}.file must be a path");
            return null;
        }
        return new SecretReference(env?.Value, file?.Value.Trim());
    }

    private static IReadOnlyList<NotificationEvent>? ReadEvents(DocumentReader r, MappingNode map, string path)
    {
        if (r.Sequence(map, path, "events", required: true) is not { } sequence)
        {
            return null;
        }
        var where = $"{path}.events";
        if (sequence.Items.Count == 0)
        {
            r.Error(DiagnosticCodes.InvalidValue, sequence, $"{where} is empty; list at least one of {string.Join(", ", NotificationEvents.Names)}");
            return null;
        }
        var events = new List<NotificationEvent>(sequence.Items.Count);
        var ok = true;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            if (item is ScalarNode scalar && NotificationEvents.TryGet(scalar.Value, out var e))
            {
                if (events.Contains(e))
                {
                    r.Error(DiagnosticCodes.InvalidValue, item, $"{where}[{i}] '{scalar.Value}' is listed twice");
                    ok = false;
                }
                events.Add(e);
                continue;
            }
            var hint = item is ScalarNode s ? Spelling.Hint(s.Value, NotificationEvents.Names) : "";
            r.Error(item is ScalarNode ? DiagnosticCodes.BadEnumValue : DiagnosticCodes.WrongType, item,
                $"{where}[{i}] must be one of {string.Join(", ", NotificationEvents.Names)}; got {item.Describe()}{hint}");
            ok = false;
        }
        return ok ? events : null;
    }
}
