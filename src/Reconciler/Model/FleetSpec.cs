namespace GitOpsFleet.Model;

/// <summary>A fleet as one commit of the fleet repository describes it (fleet.yaml plus pools/*.yaml).</summary>
public sealed record FleetSpec(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    ReconcileSettings Reconcile,
    DriftSettings Drift,
    PolicySettings Policies,
    MetricsSettings? Metrics,
    ForgeSettings Forge,
    AzureSettings? Azure,
    IReadOnlyList<PoolSpec> Pools,
    string SourcePath = "fleet.yaml",
    ApprovalSettings? Approvals = null,
    IReadOnlyList<NotificationTarget>? Notifications = null)
{
    /// <summary>spec.approvals, or its defaults when fleet.yaml has none.</summary>
    public ApprovalSettings ApprovalRules => Approvals ?? ApprovalSettings.Default;

    /// <summary>spec.notifications; none when fleet.yaml has none.</summary>
    public IReadOnlyList<NotificationTarget> NotificationTargets => Notifications ?? [];
}

public enum ReconcileMode { Auto, Manual }

public sealed record ReconcileSettings(
    TimeSpan Interval,
    string? Cron,
    ReconcileMode Mode,
    bool Prune,
    bool AllowEmpty,
    int MaxParallel,
    int MaxDeletePercent = ReconcileSettings.DefaultMaxDeletePercent)
{
    /// <summary>
    /// Half the fleet: a commit that removes more than that at once is more often a mistake (a bad merge, a
    /// wrong folder) than a plan, and the cost of asking is one person's look, against nodes that take hours to sync.
    /// </summary>
    public const int DefaultMaxDeletePercent = 50;

    public static ReconcileSettings Default { get; } = new(TimeSpan.FromMinutes(2), null, ReconcileMode.Auto, false, false, 4);
}

/// <summary>
/// How a plan that waits for a person is approved: by <see cref="Required"/> different people, and only within
/// <see cref="ExpiresAfter"/> of each approval, so an approval given yesterday does not apply a plan nobody looked at today.
/// <see cref="Approvers"/> are the forge accounts whose <c>/approve</c> comments count; anyone may comment, so the list is the gate.
/// </summary>
public sealed record ApprovalSettings(TimeSpan ExpiresAfter, int Required, IReadOnlyList<string>? Approvers = null)
{
    public static ApprovalSettings Default { get; } = new(TimeSpan.FromHours(1), 1);

    /// <summary>Whether <paramref name="login"/> is listed; forge logins are case-insensitive.</summary>
    public bool MayApprove(string login) => Approvers?.Contains(login, StringComparer.OrdinalIgnoreCase) == true;
}

public enum DriftAction { PullRequest, Heal, Report }

public sealed record DriftSettings(DriftAction Action)
{
    public static DriftSettings Default { get; } = new(DriftAction.PullRequest);
}

public enum PolicyEngineKind { Embedded, Opa }

/// <summary>Where policies come from: the fleet repository itself (Source null) or a separate repository and ref.</summary>
public sealed record PolicySource(string Repo, string? Ref, string? Path);

/// <summary>The Rego the embedded engine reads policies as: v1 (OPA 1.x's default) or v0, as OPA's --v0-compatible.</summary>
public enum PolicyRegoVersion { V1, V0 }

/// <summary>A <c>.manifest</c> in the policy folder still sets the version per bundle or file over <see cref="RegoVersion"/>.</summary>
public sealed record PolicySettings(
    PolicyEngineKind Engine,
    PolicySource? Source,
    string Admission,
    string Plan,
    string? OpaUrl,
    string Path = "policies",
    PolicyRegoVersion RegoVersion = PolicyRegoVersion.V1)
{
    public static PolicySettings Default { get; } = new(PolicyEngineKind.Embedded, null, "data.fleet.admission", "data.fleet.plan", null);
}

public sealed record MetricsSettings(string? Prometheus);

public enum ForgeKind { Local, GitHub, Gitea, GitLab }

public sealed record ForgeSettings(ForgeKind Kind, string? Url, string? Repository, string? TokenEnv, string? TokenFile)
{
    public static ForgeSettings Default { get; } = new(ForgeKind.Local, null, null, null, null);
}

public sealed record AzureSettings(string Subscription, string ResourceGroup, string? Location);
