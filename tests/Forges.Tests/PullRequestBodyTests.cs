using GitOpsFleet.Providers.Secrets;
namespace GitOpsFleet.Forges.Tests;

public sealed class PullRequestBodyTests
{
    [Fact]
    public void Fit_ShortBody_IsUnchanged() => Assert.Equal("abc\n", PullRequestBody.Fit("abc\n", 10, "x"));

    [Fact]
    public void Fit_CutsAtALineBoundary_AndStaysWithinTheLimit()
    {
        var body = string.Concat(Enumerable.Range(0, 400).Select(i => $"line {i}\n"));
        var fitted = PullRequestBody.Fit(body, 1000, "`r.md` on branch `b`");
        Assert.True(fitted.Length <= 1000);
        var kept = fitted[..fitted.IndexOf("\n\n---\n", StringComparison.Ordinal)];
        Assert.StartsWith(kept + "\n", body, StringComparison.Ordinal);
        Assert.EndsWith("The full text is `r.md` on branch `b`._\n", fitted, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NeverSplitsASurrogatePair()
    {
        var body = new string('a', 199) + string.Concat(Enumerable.Repeat("😀", 200));
        var fitted = PullRequestBody.Fit(body, 400, null);
        Assert.True(fitted.Length <= 400);
        var cut = fitted.IndexOf("\n\n---", StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(fitted[cut - 1]));
    }

    [Fact]
    public void Redactor_RemovesTheSecretEverywhere() =>
        Assert.Equal("a *** b ***", new SecretRedactor("s3cr3t").Redact("a s3cr3t b s3cr3t"));
}
