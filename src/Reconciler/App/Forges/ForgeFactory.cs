using System.Collections.Concurrent;
using GitOpsFleet.Forges;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Forges;

/// <summary>
/// Chooses each fleet's forge from <c>spec.forge</c>: the local forge by default, else a <see cref="RemoteForge"/>
/// over the REST client of that kind. Clients are kept per (kind, url, repository, token) so a fleet's runs
/// share one HTTP connection pool; a rotated token builds a new client. <paramref name="options"/> (the Forge
/// section) sets each call's deadline and how the drift pull request is retried.
/// </summary>
internal sealed class ForgeFactory(IStateStore store, TimeProvider time, HttpClient http, Func<string, string?>? environment = null, ForgeCallOptions? options = null)
{
    private readonly ForgeCallOptions _options = options ?? ForgeCallOptions.Default;
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;
    private readonly ConcurrentDictionary<ForgeEndpoint, IForge> _forges = new();
    private readonly LocalForge _local = new(store, time);

    /// <summary>The fleet's forge. Throws <see cref="ForgeConfigurationException"/> when a remote forge lacks its url, repository or token.</summary>
    public IForge For(ForgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Kind == ForgeKind.Local) return _local;
        var endpoint = Endpoint(settings);
        return _forges.GetOrAdd(endpoint, e => new RemoteForge(ForgeClientFactory.Create(e, http, time, _options), store, time, new ForgeRetry(_options, time)));
    }

    /// <summary>The REST client of a remote forge, or null for the local forge (which has no comments). Throws as <see cref="For"/> does.</summary>
    public IForgeClient? ClientFor(ForgeSettings settings) => For(settings) is RemoteForge remote ? remote.Client : null;

    /// <summary>The credentials to push the drift branch with: the forge's token, or null for the local forge (the fleet repository's own credentials apply).</summary>
    public PushAuthentication? PushAuthenticationFor(ForgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Kind == ForgeKind.Local) return null;
        var token = ForgeToken.Read(settings, _environment);
        return token is null ? null : PushAuthentication.ForForge(settings.Kind, token);
    }

    internal ForgeEndpoint Endpoint(ForgeSettings settings)
    {
        var kind = settings.Kind switch
        {
            ForgeKind.GitHub => "github",
            ForgeKind.Gitea => "gitea",
            ForgeKind.GitLab => "gitlab",
            _ => throw new ForgeConfigurationException($"forge kind {settings.Kind} has no REST client"),
        };
        var problems = new List<string>();
        Uri? url = null;
        if (settings.Url is { Length: > 0 } text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out url) || url.Scheme is not ("https" or "http")) problems.Add($"forge.url '{text}' is not an http(s) address");
            else if (!string.IsNullOrEmpty(url.UserInfo)) problems.Add("forge.url must not carry credentials; use forge.tokenEnv or forge.tokenFile");
        }
        else if (settings.Kind == ForgeKind.GitHub)
        {
            url = new Uri("https://api.github.com/");
        }
        else
        {
            problems.Add($"forge.url is required for {kind} (the API base, e.g. https://host/api/{(kind == "gitlab" ? "v4" : "v1")})");
        }
        if (string.IsNullOrWhiteSpace(settings.Repository)) problems.Add($"forge.repository is required for {kind} ({(kind == "gitlab" ? "a project path or id" : "OWNER/NAME")})");
        var token = ForgeToken.Read(settings, _environment);
        if (token is null) problems.Add($"no {kind} token found in {ForgeToken.Sources(settings)}");
        if (problems.Count > 0) throw new ForgeConfigurationException(string.Join("; ", problems));
        return new ForgeEndpoint(kind, url!, settings.Repository!, token!);
    }
}
