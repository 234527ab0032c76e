namespace GitOpsFleet.Loading;

/// <summary>How to load a fleet. <see cref="KnownProviders"/> are the provider names a pool may use, in the order messages list them.</summary>
public sealed record FleetLoadOptions
{
    public static IReadOnlyList<string> DefaultProviders { get; } = ["local", "ansible", "azure"];

    public static FleetLoadOptions Default { get; } = new();

    public IReadOnlyList<string> KnownProviders { get; init; } = DefaultProviders;
}
