namespace GitOpsFleet.Loading;

/// <summary>The fields a mapping accepts. Built once per kind of mapping and shared by every file.</summary>
internal sealed class FieldTable
{
    public FieldTable(params string[] names)
    {
        Names = names;
    }

    public IReadOnlyList<string> Names { get; }

    public bool Contains(string name)
    {
        foreach (var n in Names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
