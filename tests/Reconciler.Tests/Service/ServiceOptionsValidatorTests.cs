using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

public sealed class ServiceOptionsValidatorTests
{
    [Fact]
    public void GitLabToken_ThatIsAlsoAnHmacHooksSecret_StopsTheStart_AndBadWebhookLimitsAreListed()
    {
        using var temp = new TempDirectory("val");
        File.WriteAllText(temp.Combine("shared"), "one-secret\n");
        var options = new ServiceOptions { Repo = temp.Path, WebhookSecretFile = temp.Combine("shared") };
        options.Webhooks.GitLabTokenFile = temp.Combine("shared");
        options.Webhooks.GenericSecretFile = temp.Combine("missing");
        options.Webhooks.BodyGracePeriod = TimeSpan.FromSeconds(1);

        var problems = ServiceOptionsValidator.Validate(options, StateHome.Resolve(temp.Combine("home")), out _, out _);

        Assert.Contains(problems, p => p.Contains("GitLab token is also the github hook's secret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("GitLab token is also the gitea hook's secret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Webhooks:GenericSecretFile:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Webhooks:BodyGracePeriod", StringComparison.Ordinal));
    }
}
