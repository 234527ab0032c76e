using GitOpsFleet.Providers.Azure.Tests.Fakes;

namespace GitOpsFleet.Providers.Azure.Tests;

/// <summary>A fresh fake Resource Manager per test, and a provider wired to it as a host would wire it for a sovereign cloud.</summary>
public abstract class AzureProviderFixture : IAsyncLifetime
{
    internal FakeResourceManager Fake { get; private set; } = null!;
    internal FixedTokenCredential Credential { get; } = new(FakeResourceManager.Token);

    public async Task InitializeAsync() => Fake = await FakeResourceManager.StartAsync();

    public async Task DisposeAsync() => await Fake.DisposeAsync();

    internal AzureProviderOptions Options(Action<AzureProviderOptions>? configure = null)
    {
        var options = new AzureProviderOptions
        {
            Endpoint = Fake.BaseUri,
            CredentialFactory = () => Credential,
            Transport = Fake.CreateTransport(),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
            PollingInterval = TimeSpan.FromMilliseconds(20),
            OperationTimeout = TimeSpan.FromSeconds(60),
            SshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly fleet@test",
            SubnetIdTemplate = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Network/virtualNetworks/{fleet}-vnet/subnets/{location}",
        };
        configure?.Invoke(options);
        return options;
    }

    internal AzureProvider Provider(Action<AzureProviderOptions>? configure = null) => new(Options(configure));
}
