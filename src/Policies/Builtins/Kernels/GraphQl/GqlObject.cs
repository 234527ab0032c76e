namespace GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

/// <summary>
/// One AST node as an ordered field map. Values are string, bool, long, GqlObject or List&lt;object?&gt;;
/// absent (null) fields and empty lists are simply not stored, which is the shape OPA exposes.
/// </summary>
internal sealed class GqlObject
{
    private readonly Dictionary<string, object?> fields = new(StringComparer.Ordinal);

    public GqlObject(int line = 0, int column = 0)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    public IReadOnlyDictionary<string, object?> Fields => fields;

    public GqlObject Set(string key, object? value)
    {
        if (value is null || (value is List<object?> list && list.Count == 0))
        {
            fields.Remove(key);
        }
        else
        {
            fields[key] = value;
        }

        return this;
    }

    public string Str(string key) => fields.TryGetValue(key, out var v) && v is string s ? s : "";

    public bool Bool(string key) => fields.TryGetValue(key, out var v) && v is bool b && b;

    public long Num(string key) => fields.TryGetValue(key, out var v) ? v switch
    {
        long l => l,
        int i => i,
        double d => (long)d,
        decimal m => (long)m,
        _ => -1,
    } : -1;

    public GqlObject? Obj(string key) => fields.TryGetValue(key, out var v) ? v as GqlObject : null;

    public IEnumerable<GqlObject> Objs(string key) =>
        fields.TryGetValue(key, out var v) && v is List<object?> l ? l.OfType<GqlObject>() : [];

    public IEnumerable<string> Strs(string key) =>
        fields.TryGetValue(key, out var v) && v is List<object?> l ? l.OfType<string>() : [];

    public bool Has(string key) => fields.ContainsKey(key);
}
