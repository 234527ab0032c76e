using Azure.Core;

namespace GitOpsFleet.Providers.Azure.Tests.Fakes;

/// <summary>Hands out one fixed token, so the test can check it is what reaches the server.</summary>
internal sealed class FixedTokenCredential(string token) : TokenCredential
{
    public int Requests;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Requests);
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
