using System.Security.Cryptography;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Service.Access;

/// <summary>
/// Finds whose a presented token is: the configured --api-token-file token (admin), or a live token of the store.
/// The store is read on every check so a revoked token stops working at once, and every stored hash is compared in
/// constant time with no early exit, so timing says neither which token matched nor how much of a hash did.
/// </summary>
internal sealed class TokenAuthenticator(ServiceSecrets secrets, IStateStore store)
{
    public async Task<ApiCaller?> AuthenticateBearerAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        return await AuthenticateAsync(authorization[scheme.Length..], cancellationToken);
    }

    /// <summary>A token as typed (the dashboard's forms) or sent.</summary>
    public Task<ApiCaller?> AuthenticateAsync(string? token, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(token) ? Task.FromResult<ApiCaller?>(null) : AuthenticateHashAsync(ApiTokens.Hash(token), cancellationToken);

    /// <summary>By the token's hash: what a dashboard session keeps, so the session ends when its token is revoked.</summary>
    public async Task<ApiCaller?> AuthenticateHashAsync(byte[] hash, CancellationToken cancellationToken)
    {
        if (secrets.ConfiguredTokenHash is { } configured && CryptographicOperations.FixedTimeEquals(hash, configured)) return ApiCaller.Configured;
        ApiCaller? found = null;
        foreach (var token in await store.ListTokensAsync(cancellationToken))
        {
            var matches = CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(token.Hash));
            if (matches && token.IsActive && found is null) found = Caller(token);
        }
        return found;
    }

    private static ApiCaller Caller(ApiTokenRecord token) =>
        new(token.Name, token.Scopes.Select(s => ApiScopes.TryParse(s, out var scope) ? scope : (ApiScope?)null).OfType<ApiScope>().ToList());
}
