namespace GitOpsFleet.Loading;

/// <summary>The fields a mapping accepts. Built once per kind of mapping and shared by every file.</summary>
internal sealed class FieldTable
{
    public FieldTable(params KnownField[] fields)
    {
        Fields = fields;
        Names = fields.Select(f => f.Name).ToArray();
    }

    public IReadOnlyList<KnownField> Fields { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Fields required only for some values of another field; the readers check the same rules in code.</summary>
    public IReadOnlyList<FieldRequirement> Requirements { get; init; } = [];

    /// <exception cref="KeyNotFoundException">A reader asked for a field its own table lacks: a bug.</exception>
    public KnownField this[string name] =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"no field '{name}' in this table");

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
