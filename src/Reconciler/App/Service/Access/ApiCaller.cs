namespace GitOpsFleet.Reconciler.Service.Access;

/// <summary>Whoever presented a valid token: the token's name (what the audit log records) and its scopes.</summary>
internal sealed record ApiCaller(string Name, IReadOnlyList<ApiScope> Scopes)
{
    /// <summary>The name the token of --api-token-file goes by in the audit log; no stored token may take it.</summary>
    public const string ConfiguredTokenName = "api-token-file";

    public static ApiCaller Configured { get; } = new(ConfiguredTokenName, [ApiScope.Admin]);

    public bool Allows(ApiScope scope) => scope == ApiScope.Read || Scopes.Contains(ApiScope.Admin) || Scopes.Contains(scope);

    public string ScopeList => string.Join(", ", Scopes.Select(ApiScopes.Name));
}
