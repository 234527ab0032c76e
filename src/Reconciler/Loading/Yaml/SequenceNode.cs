using YamlDotNet.Core;

namespace GitOpsFleet.Loading.Yaml;

internal sealed class SequenceNode : Node
{
    public SequenceNode(IReadOnlyList<Node> items, Mark start, Mark end)
        : base(start, end)
    {
        Items = items;
    }

    public IReadOnlyList<Node> Items { get; }

    public override string Describe() => "a list";
}
