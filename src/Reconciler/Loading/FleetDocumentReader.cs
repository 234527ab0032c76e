using GitOpsFleet.Loading.Yaml;
using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

/// <summary>Reads fleet.yaml (kind Fleet). Every setting but the name has a default, so spec may be omitted.</summary>
internal static partial class FleetDocumentReader
{
    public const string Kind = "Fleet";
    public const string FileName = "fleet.yaml";

    private static readonly ChoiceTable<ReconcileMode> Modes = new(("auto", ReconcileMode.Auto), ("manual", ReconcileMode.Manual));
    private static readonly ChoiceTable<DriftAction> DriftActions = new(
        ("pull-request", DriftAction.PullRequest), ("heal", DriftAction.Heal), ("report", DriftAction.Report));
    private static readonly ChoiceTable<PolicyEngineKind> Engines = new(("embedded", PolicyEngineKind.Embedded), ("opa", PolicyEngineKind.Opa));
    private static readonly ChoiceTable<PolicyRegoVersion> RegoVersions = new(("v1", PolicyRegoVersion.V1), ("v0", PolicyRegoVersion.V0));
    private static readonly ChoiceTable<ForgeKind> Forges = new(
        ("local", ForgeKind.Local), ("github", ForgeKind.GitHub), ("gitea", ForgeKind.Gitea), ("gitlab", ForgeKind.GitLab));

    // Static fields initialize in text order: each table comes after the tables and choices it refers to.
    private static readonly FieldTable ReconcileFields = new(
        KnownField.Duration("interval", "Time between reconciles, such as 30s, 2m or 1h (default 2m). Also the default spec.scaling.every of pools. Not with cron."),
        KnownField.Text("cron", "Quartz cron expression (6 or 7 fields, starting with seconds, e.g. '0 */5 * * * ?') to reconcile on instead of interval.")
            with { Pattern = "^\\s*\\S+(\\s+\\S+){5,6}\\s*$" },
        KnownField.Choice("mode", Modes, "auto applies what policy allows; manual only plans (default auto)."),
        KnownField.Boolean("prune", "Delete nodes no pool describes any more (default false)."),
        KnownField.Boolean("allowEmpty", "Accept a commit with no pools, which would delete every node (default false)."),
        KnownField.Integer("maxParallel", "Most actions run at once (default 4).", minimum: 1, maximum: 1000),
        KnownField.Integer("maxDeletePercent", "Refuse a plan that deletes more than this percentage of the fleet's nodes (default 50).", minimum: 0, maximum: 100));
    private static readonly FieldTable DriftFields = new(
        KnownField.Choice("action", DriftActions, "What to do about drift: open a pull-request (default), heal the nodes, or only report it."));
    private static readonly FieldTable PolicySourceFields = new(
        KnownField.Text("repo", "Repository holding the policies.", required: true),
        KnownField.Text("ref", "Branch, tag or commit of that repository."),
        KnownField.Text("path", "Folder of the policies inside that repository."));
    private static readonly FieldTable OpaFields = new(
        KnownField.Url("url", "Address of the OPA server.", required: true));
    private static readonly FieldTable PolicyFields = new(
        KnownField.Choice("engine", Engines, "embedded evaluates Rego in process (default); opa asks an OPA server and needs opa.url."),
        KnownField.Mapping("source", PolicySourceFields, "Where policies come from when they are not in this repository's policies/ folder."),
        KnownField.Text("admission", "Rule deciding whether a plan may be applied (default data.fleet.admission)."),
        KnownField.Text("plan", "Rule evaluated against each plan (default data.fleet.plan)."),
        KnownField.Mapping("opa", OpaFields, "The OPA server; required when engine is opa."),
        KnownField.Choice("regoVersion", RegoVersions, "v1 (default) or v0: read the embedded engine's policies as Rego v0, like OPA's --v0-compatible; a .manifest's rego_version wins."))
    {
        Requirements = [new FieldRequirement("engine", ["opa"], "opa")],
    };
    private static readonly FieldTable MetricsFields = new(
        KnownField.Url("prometheus", "Prometheus server that scaling scripts query."));
    private static readonly FieldTable ForgeFields = new(
        KnownField.Choice("kind", Forges, "Where drift and scaling pull requests go (default local: branches in this repository)."),
        KnownField.Url("url", "Address of the forge's API, for a self-hosted server."),
        KnownField.Text("repository", "owner/name of the repository pull requests go to; required unless kind is local."),
        KnownField.Text("tokenEnv", "Environment variable holding the forge token."),
        KnownField.Text("tokenFile", "File holding the forge token."))
    {
        // A remote forge needs to know which repository the pull requests go to; the local forge does not.
        Requirements = [new FieldRequirement("kind", Forges.Names.Where(n => n != "local").ToArray(), "repository")],
    };
    private static readonly FieldTable AzureFields = new(
        KnownField.Text("subscription", "Azure subscription id (a GUID).", required: true)
            with { Pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$" },
        KnownField.Text("resourceGroup", "Resource group the azure provider creates its machines in.", required: true),
        KnownField.Text("location", "Default Azure region of azure pools."));

    private static readonly FieldTable ApprovalFields = new(
        KnownField.Duration("expiresAfter", "How long an approval of a waiting plan stays good, such as 30m or 1h (default 1h)."),
        KnownField.Integer("required", "How many different people must approve a waiting plan (default 1).", minimum: 1, maximum: 10),
        KnownField.NameList("approvers", "Forge accounts whose /approve or /reject comments count as decisions on the plan a waiting run posts on its approval pull request on a GitHub, Gitea or GitLab forge (default: none, and no plan is posted): see docs/approvals.md.",
            "^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$"));

    private static readonly ChoiceTable<NotificationKind> NotificationKinds = new(
        ("webhook", NotificationKind.Webhook), ("slack", NotificationKind.Slack), ("alertmanager", NotificationKind.Alertmanager), ("teams", NotificationKind.Teams));
    private static readonly ChoiceTable<NotificationEvent> NotificationEvents = new(
        ("plan-denied", NotificationEvent.PlanDenied), ("run-failed", NotificationEvent.RunFailed), ("approval-needed", NotificationEvent.ApprovalNeeded),
        ("drift-opened", NotificationEvent.DriftOpened), ("drift-resolved", NotificationEvent.DriftResolved), ("drift-updated", NotificationEvent.DriftUpdated),
        ("run-stalled", NotificationEvent.RunStalled), ("run-retrying", NotificationEvent.RunRetrying), ("approval-given", NotificationEvent.ApprovalGiven),
        ("approval-lapsed", NotificationEvent.ApprovalLapsed));
    private static readonly FieldTable SecretSourceFields = new(
        KnownField.Text("env", "Environment variable of the service holding the value.") with { Pattern = EnvPattern },
        KnownField.Text("file", "File on the service's machine holding the value (surrounding whitespace is ignored)."));
    // Partial files do not order their static fields, so every table SpecFields refers to stays in this file.
    private static readonly FieldTable NotificationFields = new(
        KnownField.Text("name", "Name of the target, unique in the fleet; shown by notifications list.", required: true) with { Pattern = NamePattern },
        KnownField.Choice("kind", NotificationKinds, "webhook (JSON signed with HMAC-SHA256), slack or teams (their incoming webhooks) or alertmanager (its v2 alerts API).") with { Required = true },
        KnownField.Mapping("urlFrom", SecretSourceFields, "Where the target's URL is read at send time: {env: NAME} or {file: PATH}; never written here, as it often carries a token.", required: true),
        KnownField.Mapping("secretFrom", SecretSourceFields, "Where a webhook's HMAC-SHA256 signing secret is read at send time: {env: NAME} or {file: PATH}; webhook only, required there."),
        KnownField.ChoiceList("events", NotificationEvents, "Events this target receives.", required: true),
        KnownField.Integer("retryThreshold", "How many runs in a row must end retry before run-retrying is sent, once per streak (default 3).", minimum: 1, maximum: 1000))
    {
        Requirements = [new FieldRequirement("kind", ["webhook"], "secretFrom")],
    };

    internal static readonly FieldTable SpecFields = new(
        KnownField.Mapping("reconcile", ReconcileFields, "When and how the fleet is reconciled."),
        KnownField.Mapping("drift", DriftFields, "What happens when nodes differ from the repository."),
        KnownField.Mapping("policies", PolicyFields, "Which Rego policies admit plans."),
        KnownField.Mapping("metrics", MetricsFields, "Where scaling scripts read metrics."),
        KnownField.Mapping("forge", ForgeFields, "Where pull requests are opened."),
        KnownField.Mapping("azure", AzureFields, "Settings of the azure provider; required when a pool uses it."),
        KnownField.Mapping("approvals", ApprovalFields, "How plans that wait for a person (reconcile.mode manual, held plans) are approved."),
        KnownField.MappingList("notifications", NotificationFields, "Where runs announce denied plans, failed runs, plans waiting for approval and drift (see docs/notifications.md)."));

    public static FleetDocument? Read(DocumentReader r, Node? root)
    {
        var errorsBefore = r.ErrorCount;
        var header = ManifestReader.Read(r, root, Kind, "in fleet.yaml", specRequired: false);
        if (header is null)
        {
            return null;
        }
        var reconcile = ReconcileSettings.Default;
        var drift = DriftSettings.Default;
        var policies = PolicySettings.Default;
        MetricsSettings? metrics = null;
        var forge = ForgeSettings.Default;
        AzureSettings? azure = null;
        ApprovalSettings? approvals = null;
        IReadOnlyList<NotificationTarget>? notifications = null;
        if (header.Spec is { } spec)
        {
            r.CheckFields(spec, "spec", SpecFields);
            reconcile = ReadReconcile(r, spec) ?? reconcile;
            if (r.Mapping(spec, "spec", "drift") is { } driftMap)
            {
                r.CheckFields(driftMap, "spec.drift", DriftFields);
                drift = new DriftSettings(r.Choice(driftMap, "spec.drift", "action", DriftActions) ?? DriftAction.PullRequest);
            }
            policies = ReadPolicies(r, spec) ?? policies;
            if (r.Mapping(spec, "spec", "metrics") is { } metricsMap)
            {
                r.CheckFields(metricsMap, "spec.metrics", MetricsFields);
                metrics = new MetricsSettings(Url(r, metricsMap, "spec.metrics", "prometheus", required: false));
            }
            forge = ReadForge(r, spec) ?? forge;
            if (r.Mapping(spec, "spec", "azure") is { } azureMap)
            {
                azure = ReadAzure(r, azureMap);
            }
            if (r.Mapping(spec, "spec", "approvals") is { } approvalsMap)
            {
                r.CheckFields(approvalsMap, "spec.approvals", ApprovalFields);
                var d = ApprovalSettings.Default;
                approvals = new ApprovalSettings(r.Duration(approvalsMap, "spec.approvals", "expiresAfter") ?? d.ExpiresAfter,
                    r.Integer(approvalsMap, "spec.approvals", ApprovalFields["required"]) ?? d.Required,
                    r.NameList(approvalsMap, "spec.approvals", ApprovalFields["approvers"]) ?? d.Approvers);
            }
            notifications = ReadNotifications(r, spec, "spec");
        }
        if (r.ErrorCount != errorsBefore || header.Name is null)
        {
            return null;
        }
        return new FleetDocument(header.Name, header.Labels ?? new Dictionary<string, string>(), reconcile, drift, policies, metrics, forge, azure, approvals, notifications);
    }

    private static ReconcileSettings? ReadReconcile(DocumentReader r, MappingNode spec)
    {
        if (r.Mapping(spec, "spec", "reconcile") is not { } map)
        {
            return null;
        }
        const string P = "spec.reconcile";
        r.CheckFields(map, P, ReconcileFields);
        var d = ReconcileSettings.Default;
        var interval = r.Duration(map, P, "interval");
        var cron = r.Scalar(map, P, "cron");
        if (cron is not null)
        {
            // Quartz reads the expression later; its field count is the mistake people make (Unix cron has 5, Quartz 6 or 7).
            var fields = cron.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (fields is < 6 or > 7)
            {
                r.Error(DiagnosticCodes.InvalidValue, cron,
                    $"spec.reconcile.cron '{cron.Value}' has {fields} fields; a Quartz cron expression has 6 or 7, starting with seconds (e.g. '0 */5 * * * ?')");
            }
            if (interval is not null && map.TryGet("interval", out var intervalEntry))
            {
                r.Error(DiagnosticCodes.ConflictingFields, intervalEntry.Key, "spec.reconcile sets both interval and cron; keep one of them");
            }
        }
        return new ReconcileSettings(
            interval ?? d.Interval,
            cron?.Value,
            r.Choice(map, P, "mode", Modes) ?? d.Mode,
            r.Boolean(map, P, "prune") ?? d.Prune,
            r.Boolean(map, P, "allowEmpty") ?? d.AllowEmpty,
            r.Integer(map, P, ReconcileFields["maxParallel"]) ?? d.MaxParallel,
            r.Integer(map, P, ReconcileFields["maxDeletePercent"]) ?? d.MaxDeletePercent);
    }

    private static PolicySettings? ReadPolicies(DocumentReader r, MappingNode spec)
    {
        if (r.Mapping(spec, "spec", "policies") is not { } map)
        {
            return null;
        }
        const string P = "spec.policies";
        r.CheckFields(map, P, PolicyFields);
        var d = PolicySettings.Default;
        var engine = r.Choice(map, P, "engine", Engines) ?? d.Engine;
        PolicySource? source = null;
        if (r.Mapping(map, P, "source") is { } sourceMap)
        {
            const string S = "spec.policies.source";
            r.CheckFields(sourceMap, S, PolicySourceFields);
            var repo = r.String(sourceMap, S, "repo", required: true);
            var reference = r.String(sourceMap, S, "ref");
            var path = r.String(sourceMap, S, "path");
            source = repo is null ? null : new PolicySource(repo, reference, path);
        }
        var admission = r.String(map, P, "admission") ?? d.Admission;
        var plan = r.String(map, P, "plan") ?? d.Plan;
        string? opaUrl = null;
        if (r.Mapping(map, P, "opa") is { } opaMap)
        {
            r.CheckFields(opaMap, "spec.policies.opa", OpaFields);
            opaUrl = Url(r, opaMap, "spec.policies.opa", "url", required: true);
        }
        else if (engine == PolicyEngineKind.Opa && !map.TryGet("opa", out _))
        {
            r.Error(DiagnosticCodes.MissingField, map, "missing required field 'opa' in spec.policies: engine opa needs opa.url");
        }
        var regoVersion = r.Choice(map, P, "regoVersion", RegoVersions) ?? d.RegoVersion;
        return new PolicySettings(engine, source, admission, plan, opaUrl, d.Path, regoVersion);
    }

    private static ForgeSettings? ReadForge(DocumentReader r, MappingNode spec)
    {
        if (r.Mapping(spec, "spec", "forge") is not { } map)
        {
            return null;
        }
        const string P = "spec.forge";
        r.CheckFields(map, P, ForgeFields);
        var kind = r.Choice(map, P, "kind", Forges) ?? ForgeKind.Local;
        var url = Url(r, map, P, "url", required: false);
        // A remote forge needs to know which repository the pull requests go to; the local forge does not.
        var repository = r.String(map, P, "repository", required: kind != ForgeKind.Local);
        return new ForgeSettings(kind, url, repository, r.String(map, P, "tokenEnv"), r.String(map, P, "tokenFile"));
    }

    private static AzureSettings? ReadAzure(DocumentReader r, MappingNode map)
    {
        const string P = "spec.azure";
        r.CheckFields(map, P, AzureFields);
        var subscription = r.Scalar(map, P, "subscription", required: true);
        if (subscription is not null && !Guid.TryParseExact(subscription.Value, "D", out _))
        {
            r.Error(DiagnosticCodes.InvalidValue, subscription,
                $"spec.azure.subscription '{subscription.Value}' is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)");
            subscription = null;
        }
        var resourceGroup = r.String(map, P, "resourceGroup", required: true);
        var location = r.String(map, P, "location");
        return subscription is null || resourceGroup is null ? null : new AzureSettings(subscription.Value, resourceGroup, location);
    }

    private static string? Url(DocumentReader r, MappingNode map, string path, string key, bool required)
    {
        if (r.Scalar(map, path, key, required) is not { } scalar)
        {
            return null;
        }
        if (Uri.TryCreate(scalar.Value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return scalar.Value;
        }
        r.Error(DiagnosticCodes.InvalidValue, scalar, $"{new FieldPath(path, key)} must be an absolute http or https URL, got '{scalar.Value}'");
        return null;
    }
}
