using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.DependencyInjection;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>
/// What every request meets before an endpoint: the Host header must name this service, and every response carries
/// headers that keep the dashboard and API out of other sites' frames, scripts and sniffing. Without the Host check a
/// web page could rebind its own name to 127.0.0.1 and read a loopback-only service's API as same-origin.
/// </summary>
internal static class HttpEdge
{
    /// <summary>The hosts a loopback-only service answers to when none are configured, on any port.</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    // The dashboard is server-rendered with one inline style block and no script: nothing else may load.
    private static string ContentSecurityPolicy =>
        $"default-src 'self'; style-src 'self' '{Dashboard.DashboardPages.StyleHash}'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The configured hosts, or the loopback names when every listening address is loopback; null when the service
    /// listens on other addresses with no list configured (then only a configured list can say which names are right).
    /// </summary>
    public static IReadOnlyList<string>? EffectiveHosts(ServiceOptions options)
    {
        if (options.AllowedHosts.Count > 0) return options.AllowedHosts;
        var urls = options.Urls.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return urls.Length > 0 && urls.All(IsLoopbackUrl) ? LoopbackHosts : null;
    }

    /// <summary>Problems with configured hosts: names or IP literals, optionally with a leading "*." wildcard.</summary>
    public static IEnumerable<string> Validate(ServiceOptions options)
    {
        foreach (var host in options.AllowedHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal)
                || host.Any(char.IsWhiteSpace))
            {
                yield return $"AllowedHosts: '{host}' is not a host name such as localhost, gitopsfleet.example.com or [::1]";
            }
        }
    }

    public static void AddHttpEdge(IServiceCollection services, ServiceOptions options)
    {
        var hosts = EffectiveHosts(options);
        services.AddHostFiltering(o =>
        {
            o.AllowedHosts = hosts is null ? ["*"] : hosts.ToList();
            o.IncludeFailureMessage = false;
        });
    }

    public static void UseHttpEdge(WebApplication app)
    {
        app.UseHostFiltering();
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
    }

    private static bool IsLoopbackUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
