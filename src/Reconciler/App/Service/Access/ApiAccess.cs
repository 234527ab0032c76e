using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Service.Access;

/// <summary>The answer to "may this request do that": the caller, or the Problem Details to send instead.</summary>
internal sealed record AccessCheck(ApiCaller? Caller, IResult? Refusal);

/// <summary>
/// The bearer check every API endpoint that needs a token makes: 401 when no valid token came (nothing says whether a
/// token exists), 403 when the token is valid but its scopes do not cover the call (the caller already knows its own
/// token, so naming its scopes leaks nothing).
/// </summary>
internal static partial class ApiAccess
{
    public static async Task<AccessCheck> RequireAsync(HttpContext http, ApiScope scope, CancellationToken cancellationToken)
    {
        var authenticator = http.RequestServices.GetRequiredService<TokenAuthenticator>();
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GitOpsFleet.Reconciler.Service.Access");
        var caller = await authenticator.AuthenticateBearerAsync(http.Request.Headers.Authorization.ToString(), cancellationToken);
        if (caller is null)
        {
            Refused(logger, http.Request.Method, http.Request.Path, "no valid token", AuditTrail.OriginOf(http));
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return new(null, Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Send Authorization: Bearer <token> with a token of scope {ApiScopes.Name(scope)} (gitopsfleet tokens create NAME --scope {ApiScopes.Name(scope)})."));
        }
        if (!caller.Allows(scope))
        {
            Refused(logger, http.Request.Method, http.Request.Path, $"token {caller.Name} lacks scope {ApiScopes.Name(scope)}", AuditTrail.OriginOf(http));
            return new(null, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"The token '{caller.Name}' has scope {caller.ScopeList}; this call needs {ApiScopes.Name(scope)}.",
                extensions: new Dictionary<string, object?> { ["requiredScope"] = ApiScopes.Name(scope) }));
        }
        return new(caller, null);
    }

    [LoggerMessage(ServiceEventIds.AccessRefused, LogLevel.Warning, "{Method} {Path} refused from {Origin}: {Reason}")]
    private static partial void Refused(ILogger logger, string method, string path, string reason, string origin);
}
