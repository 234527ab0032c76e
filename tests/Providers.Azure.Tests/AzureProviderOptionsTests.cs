namespace GitOpsFleet.Providers.Azure.Tests;

public sealed class AzureProviderOptionsTests
{
    [Fact]
    public void Validate_ReportsEveryProblemAtOnce()
    {
        var options = new AzureProviderOptions
        {
            Endpoint = new Uri("http://localhost:8080/"),
            MaxRetries = -1,
            OperationTimeout = TimeSpan.Zero,
            UpgradeMode = "Sometimes",
        };
        options.ImageAliases["mine"] = "not-a-urn";

        var problems = options.Validate();

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Contains("https", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'mine'", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new AzureProvider(options));
    }

    [Fact]
    public void Validate_DefaultsAreValid() => Assert.Empty(new AzureProviderOptions().Validate());
}
