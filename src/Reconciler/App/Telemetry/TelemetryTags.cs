namespace GitOpsFleet.Reconciler.Telemetry;

/// <summary>
/// Attribute names of the child spans (the run and step spans' own are on <c>RunTelemetry</c>). One place, so a
/// provider's spans and a forge's spans spell the same thing the same way; docs/observability.md lists them.
/// </summary>
internal static class TelemetryTags
{
    public const string Repository = "gitopsfleet.repository";
    public const string Ref = "gitopsfleet.ref";
    public const string Commit = "gitopsfleet.commit";
    public const string Provider = "gitopsfleet.provider";
    public const string Pool = "gitopsfleet.pool";
    public const string Node = "gitopsfleet.node";
    public const string Action = "gitopsfleet.action";
    public const string Script = "gitopsfleet.script";
    public const string Stage = "gitopsfleet.policy.stage";
    public const string PolicyEngine = "gitopsfleet.policy.engine";
    public const string Forge = "gitopsfleet.forge";
    public const string Operation = "gitopsfleet.forge.operation";
}
