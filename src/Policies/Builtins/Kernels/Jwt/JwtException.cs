namespace GitOpsFleet.Policies.Builtins.Kernels.Jwt;

/// <summary>A malformed token, key or header, carrying OPA's message text.</summary>
internal sealed class JwtException(string message) : Exception(message);
