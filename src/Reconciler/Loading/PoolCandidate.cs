using GitOpsFleet.Loading.Yaml;
using GitOpsFleet.Model;

namespace GitOpsFleet.Loading;

/// <summary>
/// What one pool file yielded. <see cref="Spec"/> is null when the file had errors, but the name and provider
/// are kept when they were readable so that cross-file checks (duplicate names, provider settings) still run.
/// <see cref="MaxNode"/> is spec.replicas.max when the range is valid, where the fleet size check points.
/// </summary>
internal sealed record PoolCandidate(
    string Path, ScalarNode? NameNode, string? Name, ScalarNode? ProviderNode, string? Provider, string? Region, PoolSpec? Spec, Node? MaxNode = null);
