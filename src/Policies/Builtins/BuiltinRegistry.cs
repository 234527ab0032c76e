using System.Collections.Frozen;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>
/// The immutable table of builtins (name -> declaration + implementation) the compiler checks
/// calls against and the evaluator dispatches through. Injected, never global state: a host may
/// build its own with <see cref="CreateBuilder"/>.
///
/// Adding a family: create <c>Builtins/MyFamily.cs</c> with
/// <c>internal static class MyFamily { internal static void Register(BuiltinRegistry.Builder b) { b.Add(...); } }</c>
/// and add one line <c>MyFamily.Register(b);</c> to <see cref="RegisterAll"/>. That line is the
/// only shared edit; each family owns its file. Names must be unique: <see cref="Builder.Add(string, RegoType[], RegoType, BuiltinFunction)"/>
/// throws on a duplicate so a clash shows at start-up, not as a silently replaced builtin.
/// </summary>
internal sealed class BuiltinRegistry
{
    private readonly FrozenDictionary<string, Builtin> _byName;

    private BuiltinRegistry(Dictionary<string, Builtin> byName) => _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);

    public static BuiltinRegistry Default { get; } = CreateDefault();

    public IEnumerable<Builtin> All => _byName.Values;

    public bool TryGet(string name, out Builtin builtin) => _byName.TryGetValue(name, out builtin!);

    public bool Contains(string name) => _byName.ContainsKey(name);

    public static Builder CreateBuilder() => new();

    private static BuiltinRegistry CreateDefault()
    {
        var b = new Builder();
        RegisterAll(b);
        return b.Build();
    }

    private static void RegisterAll(Builder b)
    {
        // Core families.
        Comparison.Register(b);
        Numbers.Register(b);
        Aggregates.Register(b);
        Arrays.Register(b);
        Sets.Register(b);
        Objects.Register(b);
        Strings.Register(b);
        Types.Register(b);
        Conversions.Register(b);
        Encodings.Register(b);
        JsonFilters.Register(b);
        Bits.Register(b);
        Misc.Register(b);

        // Specialised families: one line each.
        GraphQl.Register(b);
        Units.Register(b);
        Jwt.Register(b);
        Time.Register(b);
        Net.Register(b);
        Glob.Register(b);
        Regexes.Register(b);
        Graph.Register(b);
        SemVer.Register(b);
        Uuid.Register(b);
        Uris.Register(b);
        Purls.Register(b);
        Crypto.Register(b);
        JsonPatch.Register(b);
        AwsProviders.Register(b);
        JsonSchema.Register(b);
        V0Deprecated.Register(b);
    }

    /// <summary>Collects registrations; <see cref="Build"/> freezes them.</summary>
    internal sealed class Builder
    {
        private readonly Dictionary<string, Builtin> _byName = new(StringComparer.Ordinal);

        public Builder Add(BuiltinDeclaration declaration, BuiltinFunction function)
        {
            Put(new Builtin(declaration, function, null));
            return this;
        }

        /// <summary>Registers a function whose arity is the number of <paramref name="args"/>.</summary>
        public Builder Add(string name, RegoType[] args, RegoType result, BuiltinFunction function) =>
            Add(new BuiltinDeclaration(name, args, result), function);

        /// <summary>Registers a function whose result differs between queries (clock, randomness, network).</summary>
        public Builder AddNondeterministic(string name, RegoType[] args, RegoType result, BuiltinFunction function) =>
            Add(new BuiltinDeclaration(name, args, result, Nondeterministic: true), function);

        /// <summary>Registers a relation: a builtin yielding zero or more results (like <c>walk</c>).</summary>
        public Builder AddRelation(string name, RegoType[] args, RegoType result, BuiltinRelation relation)
        {
            Put(new Builtin(new BuiltinDeclaration(name, args, result), null, relation));
            return this;
        }

        /// <summary>Replaces or adds a builtin (hosts overriding a default, tests).</summary>
        public Builder Replace(Builtin builtin)
        {
            _byName[builtin.Name] = builtin;
            return this;
        }

        private void Put(Builtin builtin)
        {
            if (!_byName.TryAdd(builtin.Name, builtin))
            {
                throw new InvalidOperationException($"builtin {builtin.Name} is registered twice");
            }
        }

        public BuiltinRegistry Build() => new(new Dictionary<string, Builtin>(_byName, StringComparer.Ordinal));
    }
}
