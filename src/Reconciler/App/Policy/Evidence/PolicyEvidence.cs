using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Policy.Evidence;

/// <summary>
/// What the policies decided over a period, for an auditor: per rule, the plans it allowed, warned on and denied
/// (with the runs and commits), and every decision a person took on a waiting plan. Built from the decision log
/// that runs already write, so it can cover any period the state store still holds.
/// </summary>
internal sealed record PolicyEvidence(
    DateTimeOffset Since,
    DateTimeOffset Until,
    string? Fleet,
    int Runs,
    int RunsEvaluated,
    IReadOnlyList<RuleEvidence> Rules,
    IReadOnlyList<ApprovalEvidence> Approvals);

/// <summary>
/// One rule: <c>data.fleet.plan.deny</c> is the deny rule of the package the plan stage queries. A rule evaluated by
/// a stage that produced nothing from it counts as an allow; records written before the stages named their query
/// only show the rules that warned or denied.
/// </summary>
internal sealed record RuleEvidence(
    string Rule,
    string? Stage,
    string? File,
    int Allowed,
    int Warned,
    int Denied,
    IReadOnlyList<RuleRunEvidence> Runs);

/// <summary>One evaluation of a rule in one run. <see cref="Verdict"/> is allow, warn or deny.</summary>
internal sealed record RuleRunEvidence(
    long Run,
    string Fleet,
    string? Commit,
    DateTimeOffset At,
    string Verdict,
    IReadOnlyList<string> Messages);

/// <summary>A person's approval or rejection of a plan, as the approvals table keeps it.</summary>
internal sealed record ApprovalEvidence(
    long Id,
    long Run,
    string Fleet,
    string Fingerprint,
    string By,
    string Decision,
    string? Reason,
    DateTimeOffset At);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(PolicyEvidence))]
internal sealed partial class PolicyEvidenceJson : JsonSerializerContext;
