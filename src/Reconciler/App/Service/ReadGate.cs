using GitOpsFleet.Reconciler.Service.Access;
using GitOpsFleet.Reconciler.Service.Dashboard;
using GitOpsFleet.Reconciler.Service.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>
/// --require-read-token: every read needs a token, the API's as a bearer token, the dashboard's through its login page.
/// It protects everything but a short list of open paths, so a page added later is protected without anyone
/// remembering to. Writes are left to their endpoints, which check their own scope whether or not this is on.
/// </summary>
internal static class ReadGate
{
    public static void Use(WebApplication app, ServiceOptions options)
    {
        if (!options.RequireReadToken) return;
        app.Use(async (http, next) =>
        {
            var request = http.Request;
            if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || IsOpen(request.Path))
            {
                await next(http);
                return;
            }
            var ct = http.RequestAborted;
            var sessions = http.RequestServices.GetRequiredService<DashboardSessions>();
            var tokens = http.RequestServices.GetRequiredService<TokenAuthenticator>();
            async Task<bool> HasSessionAsync() =>
                sessions.TokenHashOf(request.Cookies[DashboardSessions.CookieName]) is { } hash && await tokens.AuthenticateHashAsync(hash, ct) is not null;

            // The API, /metrics (Prometheus sends its scrape config's bearer token; the dashboard's metrics link works
            // in a logged-in browser), and anyone who sends a bearer token (curl on a dashboard page) show the token with
            // each request: their refusal is a 401 with WWW-Authenticate, never a login page.
            var isMetrics = request.Path == MetricsExport.Path;
            if (request.Path.StartsWithSegments("/api") || request.Headers.Authorization.Count > 0 || (isMetrics && !await HasSessionAsync()))
            {
                var access = await ApiAccess.RequireAsync(http, ApiScope.Read, ct);
                if (access.Refusal is { } refusal) await refusal.ExecuteAsync(http);
                else await next(http);
                return;
            }
            if (isMetrics || await HasSessionAsync())
            {
                await next(http);
                return;
            }
            await DashboardPages.LoginRequired(http).ExecuteAsync(http);
        });
    }

    // Health is for probes (which send no token), webhooks prove themselves, the login page is the way in, and the
    // OpenAPI document describes the API without holding any of its data. /metrics is not open: it names every fleet
    // and its state, and Prometheus can send a bearer token.
    private static bool IsOpen(PathString path) =>
        path == "/healthz" || path == "/readyz" || path == "/openapi.json" || path == "/login" || path.StartsWithSegments("/hooks");
}
