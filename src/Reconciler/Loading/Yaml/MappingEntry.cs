namespace GitOpsFleet.Loading.Yaml;

internal readonly record struct MappingEntry(ScalarNode Key, Node Value);
