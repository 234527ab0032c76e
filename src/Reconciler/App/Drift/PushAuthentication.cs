using GitOpsFleet.Model;
using GitOpsFleet.Providers.Secrets;
using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Drift;

/// <summary>
/// How the drift branch is pushed with a forge token: HTTPS basic (user name plus token as password) or a bearer
/// header. Either way the token goes to libgit2 as a credential or header, never into a remote URL, so no URL that
/// is logged or stored can carry it.
/// </summary>
internal sealed record PushAuthentication(string Username, string Token, bool Bearer = false)
{
    /// <summary>
    /// GitHub takes any user name with an installation or personal token (x-access-token by convention); GitLab wants
    /// <c>oauth2</c> for OAuth tokens and accepts it for personal ones; Gitea and Forgejo look up the token whatever
    /// the user name.
    /// </summary>
    public static PushAuthentication ForForge(ForgeKind kind, string token) =>
        new(kind == ForgeKind.GitLab ? "oauth2" : "x-access-token", token);

    public void Apply(PushOptions options)
    {
        if (Bearer)
        {
            options.CustomHeaders = [$"Authorization: Bearer {Token}"];
        }
        else
        {
            options.CredentialsProvider = (_, _, _) => new UsernamePasswordCredentials { Username = Username, Password = Token };
        }
    }

    /// <summary>Values that must never appear in a log, error or report.</summary>
    public IEnumerable<string> Secrets => [Token];

    /// <summary>Never prints the token.</summary>
    public override string ToString() => Bearer ? $"bearer {SecretRedactor.Mask}" : $"basic {Username}:{SecretRedactor.Mask}";
}
