namespace GitOpsFleet.Providers;

/// <summary>Whether a provider can run here; <see cref="Reason"/> says why not (e.g. "ansible-playbook is not installed").</summary>
public sealed record ProviderAvailability(bool IsAvailable, string? Reason)
{
    public static ProviderAvailability Available { get; } = new(true, null);
    public static ProviderAvailability Unavailable(string reason) => new(false, reason);
}
