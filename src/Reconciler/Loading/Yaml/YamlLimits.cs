namespace GitOpsFleet.Loading.Yaml;

/// <summary>Bounds on one file's tree, checked while it is read so that a hostile file is refused early.</summary>
internal readonly record struct YamlLimits(int MaxKeysPerMapping, int MaxDepth)
{
    public static YamlLimits Default { get; } = From(FleetLoadOptions.Default);

    public static YamlLimits From(FleetLoadOptions options) => new(options.MaxKeysPerMapping, options.MaxDepth);
}
