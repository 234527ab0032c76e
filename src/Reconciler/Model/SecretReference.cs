namespace GitOpsFleet.Model;

/// <summary>
/// Where a value that must not live in the repository is read from when it is used: an environment variable or a
/// file on the service's machine. Exactly one of the two is set; the value itself is never part of the spec.
/// </summary>
public sealed record SecretReference(string? Env, string? File)
{
    /// <summary>Names the place, never the value, for messages.</summary>
    public override string ToString() => Env is not null ? $"env {Env}" : $"file {File}";
}
