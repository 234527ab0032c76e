using GitOpsFleet.Reconciler.Service.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GitOpsFleet.Reconciler.Service.Dashboard;

/// <summary>
/// The login page of --require-read-token: a token typed once, answered with a session cookie (HttpOnly, so no page
/// can read it; SameSite=Strict, so no other site's link or form carries it). The token goes into a password field and
/// a form post, never into a URL, so it reaches neither access logs nor browser history.
/// </summary>
internal static partial class DashboardPages
{
    private const string ReturnField = "return";

    private static void MapLogin(IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext http, string? @return) => LoginPage(http, @return, StatusCodes.Status200OK, null));
        app.MapPost("/login", async (HttpContext http, IAntiforgery antiforgery, TokenAuthenticator tokens, DashboardSessions sessions, CancellationToken ct) =>
        {
            if (!http.Request.HasFormContentType) return LoginPage(http, null, StatusCodes.Status400BadRequest, "Send the form on the login page.");
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return LoginPage(http, null, StatusCodes.Status403Forbidden, "This form did not come from this service's login page, or the page is too old: try again.");
            }
            var form = await http.Request.ReadFormAsync(ct);
            var back = LocalPath(form[ReturnField]);
            var token = form[TokenField].ToString();
            if (await tokens.AuthenticateAsync(token, ct) is null) return LoginPage(http, back, StatusCodes.Status401Unauthorized, "The token is wrong or revoked.");
            var id = sessions.Open(ApiTokens.Hash(token));
            http.Response.Cookies.Append(DashboardSessions.CookieName, id, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Path = "/",
                MaxAge = DashboardSessions.Lifetime,
                IsEssential = true,
            });
            return Results.Redirect(back);
        });
    }

    /// <summary>What a protected page answers without a session: 401 and the login form, which brings the person back here.</summary>
    public static IResult LoginRequired(HttpContext http) =>
        LoginPage(http, http.Request.Path + http.Request.QueryString, StatusCodes.Status401Unauthorized, "This dashboard needs a token.");

    private static IResult LoginPage(HttpContext http, string? back, int status, string? message)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var h = Page("Log in", refresh: false);
        h.Tag("h1", "Log in");
        if (message is not null) h.Tag("p", message, status == StatusCodes.Status200OK ? "muted" : "problem");
        h.Raw("<form id=\"login\" method=\"post\" action=\"/login\">")
            .Raw("<input type=\"hidden\" name=\"").Text(tokens.FormFieldName).Raw("\" value=\"").Text(tokens.RequestToken).Raw("\">")
            .Raw("<input type=\"hidden\" name=\"").Raw(ReturnField).Raw("\" value=\"").Text(LocalPath(back)).Raw("\">")
            .Raw("<label>API token<input type=\"password\" name=\"").Raw(TokenField).Raw("\" required autocomplete=\"off\"></label>")
            .Raw("<button type=\"submit\">Log in</button></form>")
            .Tag("p", "Any token works here (gitopsfleet tokens create NAME --scope read); the page keeps a session, not the token.", "muted");
        return Results.Content(Render(h), "text/html; charset=utf-8", statusCode: status);
    }

    // Only a path on this service: "//host" and "/\host" are other sites to a browser.
    private static string LocalPath(string? path) =>
        path is { Length: > 0 } p && p[0] == '/' && (p.Length == 1 || (p[1] != '/' && p[1] != '\\')) ? p : "/";
}
