namespace GitOpsFleet.Providers.Azure.Tests;

public sealed class AzureProviderAvailabilityTests : AzureProviderFixture, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("gitopsfleet-azure-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    /// <summary>A provider that sees only <paramref name="environment"/> and a home directory of its own, never this machine's.</summary>
    private AzureProvider ProviderSeeing(IReadOnlyDictionary<string, string> environment)
    {
        var detector = new AzureCredentialDetector(name => environment.GetValueOrDefault(name), _home);
        return new AzureProvider(Options(o => o.CredentialFactory = null), detector, null, null);
    }

    [Fact]
    public async Task NoCredentials_IsUnavailableWithAClearReason_AndNoRequest()
    {
        var availability = await ProviderSeeing(new Dictionary<string, string>()).CheckAvailabilityAsync(TestFleet.Scope(Fake), CancellationToken.None);

        Assert.False(availability.IsAvailable);
        Assert.StartsWith("azure: no Azure credentials are configured", availability.Reason);
        Assert.Contains("AZURE_CLIENT_ID", availability.Reason);
        Assert.Contains("az login", availability.Reason);
        Assert.Empty(Fake.Requests);
    }

    [Fact]
    public async Task ClientIdWithoutSecret_IsStillUnavailable()
    {
        var environment = new Dictionary<string, string> { ["AZURE_CLIENT_ID"] = "app", ["AZURE_TENANT_ID"] = "tenant" };

        var availability = await ProviderSeeing(environment).CheckAvailabilityAsync(TestFleet.Scope(Fake), CancellationToken.None);

        Assert.False(availability.IsAvailable);
    }

    [Theory]
    [InlineData("AZURE_CLIENT_SECRET")]
    [InlineData("AZURE_CLIENT_CERTIFICATE_PATH")]
    [InlineData("AZURE_FEDERATED_TOKEN_FILE")]
    public async Task ServicePrincipalOrWorkloadIdentity_IsAvailable(string variable)
    {
        var environment = new Dictionary<string, string> { ["AZURE_CLIENT_ID"] = "app", ["AZURE_TENANT_ID"] = "tenant", [variable] = "x" };

        var availability = await ProviderSeeing(environment).CheckAvailabilityAsync(TestFleet.Scope(Fake), CancellationToken.None);

        Assert.True(availability.IsAvailable, availability.Reason);
        Assert.Empty(Fake.Requests);
    }

    [Theory]
    [InlineData("IDENTITY_ENDPOINT", "http://169.254.169.254/whatever")]
    [InlineData("MSI_ENDPOINT", "http://localhost:50342/oauth2/token")]
    [InlineData("AZURE_TOKEN_CREDENTIALS", "ManagedIdentityCredential")]
    public async Task ManagedIdentity_IsAvailable(string variable, string value)
    {
        var availability = await ProviderSeeing(new Dictionary<string, string> { [variable] = value })
            .CheckAvailabilityAsync(TestFleet.Scope(Fake), CancellationToken.None);

        Assert.True(availability.IsAvailable, availability.Reason);
    }

    [Fact]
    public async Task AzureCliLogin_IsAvailable_OnlyWithASubscription()
    {
        var profile = Path.Combine(_home, ".azure", "azureProfile.json");
        Directory.CreateDirectory(Path.GetDirectoryName(profile)!);
        var provider = ProviderSeeing(new Dictionary<string, string>());

        // az writes the file with a byte order mark, and an empty list after 'az logout'.
        await File.WriteAllTextAsync(profile, "{\"installationId\": \"x\", \"subscriptions\": []}", new System.Text.UTF8Encoding(true));
        Assert.False((await provider.CheckAvailabilityAsync(TestFleet.Scope(Fake), CancellationToken.None)).IsAvailable);

        await File.WriteAllTextAsync(profile, "{\"subscriptions\": [{\"id\": \"sub\", \"isDefault\": true}]}", new System.Text.UTF8Encoding(true));
        Assert.True((await provider.CheckAvailabilityAsync(TestFleet.Scope(Fake), CancellationToken.None)).IsAvailable);
    }

    [Fact]
    public async Task FleetWithoutAzureSettings_IsUnavailable_EvenWithCredentials()
    {
        var availability = await Provider().CheckAvailabilityAsync(TestFleet.Scope(azure: null), CancellationToken.None);

        Assert.False(availability.IsAvailable);
        Assert.Contains("has no azure settings", availability.Reason);
        Assert.Contains("resourceGroup", availability.Reason);
    }

    [Fact]
    public async Task HostSuppliedCredential_IsAvailableWithoutDetection()
    {
        var availability = await Provider().CheckAvailabilityAsync(TestFleet.Scope(Fake), CancellationToken.None);

        Assert.True(availability.IsAvailable);
        Assert.Equal(0, Credential.Requests);
    }
}
