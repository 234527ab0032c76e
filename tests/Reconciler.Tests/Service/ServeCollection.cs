namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>The tests that share one running `serve` (HTTP and browser).</summary>
[CollectionDefinition(Name)]
public sealed class ServeCollection : ICollectionFixture<ServeFixture>
{
    public const string Name = "serve";
}
