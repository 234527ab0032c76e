namespace GitOpsFleet.Policies.Evaluation;

/// <summary>Per-query evaluation settings.</summary>
public sealed record EvalOptions
{
    /// <summary>A builtin's error fails the query (OPA's strict-builtin-errors); otherwise the call is undefined.</summary>
    public bool StrictBuiltinErrors { get; init; }

    /// <summary>Upper bound on evaluation steps (body literals); exceeding it fails with eval_cancel_error.</summary>
    public long MaxSteps { get; init; } = 50_000_000;

    /// <summary>Receives print() output.</summary>
    public Action<string>? Print { get; init; }

    /// <summary>Clock for time.now_ns; defaults to the system clock.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Allow builtins that reach the network (http.send). Off by default.</summary>
    public bool AllowNetwork { get; init; }

    /// <summary>
    /// The Rego a query text is read as when evaluated by text: v0, as OPA's <c>--v0-compatible</c> reads the query
    /// too (no future keywords, and the builtins v1 removed), or v1 (the default).
    /// </summary>
    public RegoVersion QueryVersion { get; init; } = RegoVersion.V1;

    /// <summary>Records the rows of the literals evaluated and the rule heads that produced a value (<c>--coverage</c>); null records nothing.</summary>
    internal CoverageRecorder? Coverage { get; init; }
}
