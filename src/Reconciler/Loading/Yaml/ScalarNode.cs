using YamlDotNet.Core;

namespace GitOpsFleet.Loading.Yaml;

internal sealed class ScalarNode : Node
{
    public ScalarNode(string value, ScalarStyle style, string? tag, Mark start, Mark end)
        : base(start, end)
    {
        Value = value;
        Style = style;
        Tag = tag;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    /// <summary>An explicit tag such as <c>tag:yaml.org,2002:str</c>, or null for an untagged scalar.</summary>
    public string? Tag { get; }

    /// <summary>Untagged and unquoted: only such scalars resolve to null, booleans and numbers (YAML 1.2 core schema).</summary>
    public bool IsPlain => Style == ScalarStyle.Plain && Tag is null;

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "null" : Style == ScalarStyle.Plain ? $"'{Value}'" : $"string '{Value}'";
}
