using GitOpsFleet.Providers.Secrets;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace GitOpsFleet.Reconciler.Git;

/// <summary>
/// Credentials for a fleet repository, from the environment or files, or split off a repository URL; they reach
/// libgit2 only through its credentials callback, never through a remote URL, so the clone's config on disk never
/// holds them. GITOPSFLEET_GIT_USERNAME with GITOPSFLEET_GIT_TOKEN or GITOPSFLEET_GIT_TOKEN_FILE.
/// </summary>
internal sealed class GitCredentials
{
    private readonly string? _username;
    private readonly string? _token;
    private readonly SecretRedactor _redactor;

    public GitCredentials(string? username, string? token)
        : this(username, token, [token])
    {
    }

    private GitCredentials(string? username, string? token, IEnumerable<string?> secrets)
    {
        _username = username;
        _token = token;
        _redactor = new SecretRedactor(secrets);
    }

    /// <summary>Credentials written into a repository URL; a lone user name is treated as a token.</summary>
    public static GitCredentials? FromUrl(UrlCredentials url) =>
        url.HasCredentials ? new GitCredentials(url.Username, url.Password ?? "", url.Secrets) : null;

    public static GitCredentials FromEnvironment(string? tokenEnv = null, string? tokenFile = null)
    {
        var username = Environment.GetEnvironmentVariable("GITOPSFLEET_GIT_USERNAME");
        var token = Environment.GetEnvironmentVariable(tokenEnv ?? "GITOPSFLEET_GIT_TOKEN");
        var file = tokenFile ?? Environment.GetEnvironmentVariable("GITOPSFLEET_GIT_TOKEN_FILE");
        if (string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(file) && File.Exists(file))
        {
            token = File.ReadAllText(file).Trim();
        }
        return new GitCredentials(username, string.IsNullOrEmpty(token) ? null : token);
    }

    public bool HasSecret => _token is not null;

    /// <summary>Values that must never appear in a log, error or report.</summary>
    public IEnumerable<string> Secrets => _token is null ? [] : [_token];

    public SecretRedactor Redactor => _redactor;

    public CredentialsHandler? Handler => _token is null
        ? null
        : (_, _, _) => new UsernamePasswordCredentials { Username = _username ?? "x-access-token", Password = _token };

    public string Redact(string text) => _redactor.Redact(text);
}
