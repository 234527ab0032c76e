using GitOpsFleet.Providers.Secrets;
using GitOpsFleet.Reconciler.Git;

namespace GitOpsFleet.Reconciler.Tests.Git;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("fetching Https://user:pass@git.example/fleet.git now", "fetching Https://git.example/fleet.git now")]
    [InlineData("fetching HTTPS://user:pass@git.example/fleet.git", "fetching HTTPS://git.example/fleet.git")]
    [InlineData("see http://tok3n@git.example/x.git", "see http://git.example/x.git")]
    public void RedactUrls_AnySchemeCase_RemovesTheUserInformation(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.RedactUrls(text));

    [Fact]
    public void RedactUrls_AtSignInsidePassword_LeavesNoTailOfIt() =>
        Assert.Equal("https://git.example/fleet.git", SecretRedactor.RedactUrls("https://user:p@ss@w0rd@git.example/fleet.git"));

    [Fact]
    public void RedactUrls_SshUrl_KeepsTheUserAndDropsThePassword()
    {
        Assert.Equal("ssh://git@host/fleet.git", SecretRedactor.RedactUrls("ssh://git:secret@host/fleet.git"));
        Assert.Equal("ssh://git@host/fleet.git", SecretRedactor.RedactUrls("ssh://git@host/fleet.git"));
    }

    [Fact]
    public void Redact_KnownSecretsAndUrlCredentials_AreBothMasked() =>
        Assert.Equal("*** at https://h/x", new SecretRedactor("tok").With(["other"]).Redact("tok at https://a:other@h/x"));

    [Fact]
    public void Parse_MixedCaseSchemeWithAtInPassword_SplitsTheCredentialsOff()
    {
        var location = RepositoryLocation.Parse("Https://user:p@ss@git.example/fleet.git");
        Assert.Equal("Https://git.example/fleet.git", location.Url);
        Assert.Equal("Https://git.example/fleet.git", location.Display);
        Assert.DoesNotContain("p@ss", location.ToString(), StringComparison.Ordinal);
        Assert.Equal(["p@ss"], location.UrlCredentials!.Secrets);
    }

    [Fact]
    public void Parse_ScpLikeForm_KeepsTheUserAndCarriesNoCredentials()
    {
        var location = RepositoryLocation.Parse("git@github.com:org/fleet.git");
        Assert.Equal("git@github.com:org/fleet.git", location.Display);
        Assert.Null(location.UrlCredentials);
    }
}
