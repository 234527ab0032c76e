using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies;

/// <summary>A compile or evaluation error with OPA's code (rego_parse_error, eval_conflict_error, ...).</summary>
public sealed record RegoDiagnostic(string Code, string Message, SourceLocation? Location)
{
    /// <summary>"file:line:col: code: message" (or "code: message" without a location).</summary>
    public override string ToString() =>
        Location is { Line: > 0 } l ? $"{l.File}:{l.Line}:{l.Column}: {Code}: {Message}" : $"{Code}: {Message}";

    /// <summary>OPA's evaluation error text: "file:line: code: message".</summary>
    public string OpaText => Location is { Line: > 0 } l ? $"{l.File}:{l.Line}: {Code}: {Message}" : $"{Code}: {Message}";
}
