namespace GitOpsFleet.Policies.Compilation;

/// <summary>A node of the virtual document tree under data: packages and rule paths.</summary>
internal sealed class DataNode(string name)
{
    public string Name { get; } = name;

    public Dictionary<string, DataNode> Children { get; } = new(StringComparer.Ordinal);

    public RuleSet? Rules { get; set; }

    public DataNode Child(string key)
    {
        if (!Children.TryGetValue(key, out var c))
        {
            c = new DataNode(key);
            Children[key] = c;
        }

        return c;
    }
}
