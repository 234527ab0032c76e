using GitOpsFleet.Loading.Yaml;

namespace GitOpsFleet.Loading;

/// <summary>The parts every fleet file shares: apiVersion, kind, metadata (name, labels) and spec.</summary>
internal sealed record ManifestHeader(ScalarNode? NameNode, string? Name, IReadOnlyDictionary<string, string>? Labels, MappingNode? Spec);
