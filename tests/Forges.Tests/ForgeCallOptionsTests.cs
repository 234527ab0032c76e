using GitOpsFleet.Forges;
using Microsoft.Extensions.Configuration;

namespace GitOpsFleet.Forges.Tests;

public sealed class ForgeCallOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndHoldARunForAboutAMinuteAtMost()
    {
        Assert.Empty(ForgeCallOptions.Default.Validate());
        Assert.Equal(TimeSpan.FromSeconds(60), ForgeCallOptions.Default.PublishBudget);
    }

    [Fact]
    public void Bound_FromTheForgeSection_ReportsEveryProblemAtOnce()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Forge:CallTimeout"] = "00:00:00",
            ["Forge:Retries"] = "-1",
            ["Forge:MaxRetryWait"] = "00:00:05",
        }).Build();

        var options = configuration.GetSection(ForgeCallOptions.SectionName).Get<ForgeCallOptions>()!;

        Assert.Equal(TimeSpan.FromSeconds(5), options.MaxRetryWait);
        var problems = options.Validate();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("CallTimeout", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Retries", StringComparison.Ordinal));
    }
}
