using YamlDotNet.Core;

namespace GitOpsFleet.Loading.Yaml;

/// <summary>
/// A YAML node with the marks of where it starts and ends in the text. Our own small tree rather than
/// YamlDotNet's representation model: that model throws on the first duplicate key, and validation must
/// see every problem of a file.
/// </summary>
internal abstract class Node
{
    protected Node(Mark start, Mark end)
    {
        Start = start;
        End = end;
    }

    public Mark Start { get; }

    public Mark End { get; }

    public int Line => (int)Start.Line;

    public int Column => (int)Start.Column;

    /// <summary>What the node is, in the words a type error uses ("a mapping", "a list", "'three'").</summary>
    public abstract string Describe();
}
