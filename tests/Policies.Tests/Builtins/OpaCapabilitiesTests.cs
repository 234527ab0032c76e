using GitOpsFleet.Policies.Builtins;

namespace GitOpsFleet.Policies.Tests.Builtins;

/// <summary>
/// Holds the engine's builtins against the builtin names (and arities) of OPA's capabilities list
/// (<c>capabilities-v1.20.2.txt</c>): every name is in the registry with OPA's arity, is a language form the
/// compiler handles itself (shown working by a query), or is listed below as not supported, with the reason.
/// A builtin dropped from the registry fails <see cref="EveryOpaBuiltin_IsImplementedOrExplained"/>.
/// </summary>
public sealed class OpaCapabilitiesTests
{
    private const string CapabilitiesFile = "capabilities-v1.20.2.txt";

    /// <summary>OPA builtins the engine does not (fully) provide, and why. Keep docs/CONFORMANCE.md in step.</summary>
    internal static readonly IReadOnlyDictionary<string, string> NotSupported = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["http.send"] = "network: policies never reach the network; registered so `with http.send as ...` mocks work, an unmocked call is a halting eval_builtin_error",
        ["net.lookup_ip_addr"] = "network: address literals and localhost answer without DNS; any other name is an eval_builtin_error",
        ["internal.test_case"] = "OPA's test runner hook for parameterised test cases; `policy test` runs test rules without it",
    };

    /// <summary>
    /// Names OPA lists as builtins that the engine reads as language forms rather than registry entries
    /// (operators, `in`, `print`, template strings, metadata); each with a query that must be defined.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> LanguageForms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["eq"] = "x = 1; x == 1",
        ["assign"] = "x := 1; x == 1",
        ["internal.member_2"] = "1 in [1, 2]",
        ["internal.member_3"] = "0, 1 in [1, 2]",
        ["print"] = "print(\"capabilities\", 1)",
        ["internal.print"] = "print()",
        ["internal.template_string"] = "$\"{1}\" == \"1\"",
        ["walk"] = "walk([1], [[0], 1])",
        ["rego.metadata.chain"] = "is_array(rego.metadata.chain())",
        ["rego.metadata.rule"] = "is_object(rego.metadata.rule())",
    };

    internal static IReadOnlyList<(string Name, int Arity)> OpaBuiltins()
    {
        var path = Path.Combine(AppContext.BaseDirectory, CapabilitiesFile);
        var list = new List<(string, int)>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ');
            list.Add((parts[0], parts[1] == "*" ? -1 : int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return list;
    }

    [Fact]
    public void CapabilitiesFile_ListsOpaBuiltinsOnce()
    {
        var names = OpaBuiltins().Select(b => b.Name).ToList();

        Assert.Equal(206, names.Count);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EveryOpaBuiltin_IsImplementedOrExplained()
    {
        var registry = BuiltinRegistry.Default;
        var problems = new List<string>();
        foreach (var (name, arity) in OpaBuiltins())
        {
            if (registry.TryGet(name, out var b))
            {
                var ours = b.Declaration.Variadic ? -1 : b.Declaration.Arity;
                if (ours != arity)
                {
                    problems.Add($"{name}: arity {ours}, OPA {arity}");
                }
            }
            else if (V0Deprecated.Renames.TryGetValue(name, out var target))
            {
                var ours = registry.TryGet(target, out var t) ? t.Declaration.Arity : -2;
                if (ours != arity)
                {
                    problems.Add($"{name} (v0, runs as {target}): arity {ours}, OPA {arity}");
                }
            }
            else if (!LanguageForms.ContainsKey(name) && !NotSupported.ContainsKey(name))
            {
                problems.Add($"{name}/{arity}: missing, and not listed as a language form or as not supported");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Breakdown_IsTheOneInConformanceDoc()
    {
        // docs/CONFORMANCE.md quotes these counts; update both together.
        var registry = BuiltinRegistry.Default;
        var names = OpaBuiltins().Select(b => b.Name).ToList();

        var registered = names.Count(n => registry.Contains(n));
        var forms = names.Count(LanguageForms.ContainsKey);
        var v0Renamed = names.Count(n => !registry.Contains(n) && V0Deprecated.Renames.ContainsKey(n));
        var absent = names.Where(n => !registry.Contains(n) && !LanguageForms.ContainsKey(n) && !V0Deprecated.Renames.ContainsKey(n)).ToList();

        Assert.Equal((206, 185, 10, 10), (names.Count, registered, forms, v0Renamed));
        Assert.Equal(["internal.test_case"], absent);
    }

    [Fact]
    public void ExplanationTables_NameOnlyOpaBuiltins()
    {
        var opa = OpaBuiltins().Select(b => b.Name).ToHashSet(StringComparer.Ordinal);

        var strangers = NotSupported.Keys.Concat(LanguageForms.Keys).Where(n => !opa.Contains(n)).ToList();
        var twice = LanguageForms.Keys.Where(NotSupported.ContainsKey).ToList();

        Assert.True(strangers.Count == 0, "not OPA builtins: " + string.Join(", ", strangers));
        Assert.True(twice.Count == 0, "listed as both: " + string.Join(", ", twice));
    }

    /// <summary>The builtins OPA keeps for v0 modules only, each with a v0 rule body that must hold.</summary>
    internal static readonly IReadOnlyDictionary<string, string> V0Only = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["all"] = "all([true, true])",
        ["any"] = "any([false, true])",
        ["cast_array"] = "cast_array({1}) == [1]",
        ["cast_boolean"] = "cast_boolean(true)",
        ["cast_null"] = "cast_null(null) == null",
        ["cast_object"] = "cast_object({\"a\": 1}) == {\"a\": 1}",
        ["cast_set"] = "cast_set([1, 1]) == {1}",
        ["cast_string"] = "cast_string(\"a\") == \"a\"",
        ["re_match"] = "re_match(\"^a+$\", \"aa\")",
        ["set_diff"] = "set_diff({1, 2}, {2}) == {1}",
        ["net.cidr_overlap"] = "net.cidr_overlap(\"10.0.0.0/8\", \"10.1.2.3\")",
    };

    [Fact]
    public void V0OnlyTable_MatchesTheV0Renames()
    {
        Assert.Equal(V0Deprecated.Renames.Keys.Order(StringComparer.Ordinal), V0Only.Keys.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> V0OnlyNames() => [.. V0Only.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(V0OnlyNames))]
    public void V0OnlyBuiltin_WorksInAV0Module(string name)
    {
        var engine = PolicyEngine.Compile([new RegoSource("v0.rego", $"package v0caps\n\np {{ {V0Only[name]} }}\n") { Version = RegoVersion.V0 }]);

        var value = engine.EvaluateDocument("v0caps.p", null);

        Assert.True(value is not null && value.ToJson() == "true", $"{name}: {value?.ToJson() ?? "undefined"}");
    }

    public static TheoryData<string> LanguageFormNames() => [.. LanguageForms.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(LanguageFormNames))]
    public void LanguageForm_Works(string name)
    {
        var engine = PolicyEngine.Compile([new RegoSource("caps.rego", "package caps\n\np := 1\n")]);

        var result = engine.Evaluate(LanguageForms[name]);

        Assert.True(result.Error is null, $"{name}: {result.Error}");
        Assert.True(result.IsDefined, $"{name}: undefined");
    }

    [Fact]
    public void RegistryOnlyBuiltins_AreOursOrV0OrTestHelpers()
    {
        // Names we register that OPA v1.20.2 does not list: purl.* (newer than v1.20.2), test.sleep (OPA's test
        // helper, not in its capabilities) and the internal.v0.* names the v0 parser renames any, all, cast_* to.
        var opa = OpaBuiltins().Select(b => b.Name).ToHashSet(StringComparer.Ordinal);

        var extra = BuiltinRegistry.Default.All.Select(b => b.Name)
            .Where(n => !opa.Contains(n) && !n.StartsWith("internal.v0.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["purl.is_valid", "purl.parse", "test.sleep"], extra);
    }
}
