using System.Text.Json;
using GitOpsFleet.Policies.Formatting;
using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Tests.Formatting;

public sealed class RegoFormatterTests
{
    private static readonly string CasesDir = Path.Combine(AppContext.BaseDirectory, "Formatting", "cases");

    /// <summary>Each unformatted case beside its expected output: NAME.rego and NAME.formatted.rego (".v0" in the name reads it as v0).</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(CasesDir, "*.rego").Where(f => !f.EndsWith(".formatted.rego", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(f));
        }

        return data;
    }

    private static RegoVersion VersionOf(string name) => name.EndsWith(".v0", StringComparison.Ordinal) ? RegoVersion.V0 : RegoVersion.V1;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Format_Case_MatchesExpectedOutput(string name)
    {
        var source = File.ReadAllText(Path.Combine(CasesDir, name + ".rego"));
        var expected = File.ReadAllText(Path.Combine(CasesDir, name + ".formatted.rego"));

        var formatted = RegoFormatter.Format(source, name + ".rego", VersionOf(name));

        Assert.Equal(expected, formatted);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Format_FormattedOutput_IsUnchanged(string name)
    {
        var expected = File.ReadAllText(Path.Combine(CasesDir, name + ".formatted.rego"));

        // Formatted output is v1 (v0 input gains import rego.v1), so it reads the same either way.
        Assert.Equal(expected, RegoFormatter.Format(expected, name, VersionOf(name)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Format_Case_ParsesToTheSameAst(string name)
    {
        var source = File.ReadAllText(Path.Combine(CasesDir, name + ".rego"));
        var version = VersionOf(name);

        var formatted = RegoFormatter.Format(source, name, version);

        Assert.Equal(SameAst(source, version), SameAst(formatted, version));
    }

    [Fact]
    public void Format_CommentsEverywhere_KeepsEveryComment()
    {
        var source = File.ReadAllText(Path.Combine(CasesDir, "comments.rego"));

        var formatted = RegoFormatter.Format(source);

        Assert.Equal(Lexer.Tokenize(source, "a").Count, Lexer.Tokenize(formatted, "b").Count);
        var before = new Lexer(source, "a");
        before.All();
        var after = new Lexer(formatted, "b");
        after.All();
        Assert.Equal(before.Comments.Select(c => c.Text), after.Comments.Select(c => c.Text));
    }

    [Fact]
    public void Format_ParseError_ThrowsWithLocatedParseError()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => RegoFormatter.Format("package p\n\nallow if {\n  x ==\n}\n", "bad.rego"));

        var d = Assert.Single(ex.Diagnostics);
        Assert.Equal("rego_parse_error", d.Code);
        Assert.StartsWith("bad.rego:5:1: rego_parse_error:", d.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Every module of OPA's conformance cases in ../shared: formatting keeps its AST and is idempotent. A strong
    /// check because nobody here wrote those modules.
    /// </summary>
    [SkippableFact]
    public void Format_ConformanceModules_KeepAstAndAreIdempotent()
    {
        var dir = ConformanceCases();
        Skip.If(dir is null, "OPA conformance cases not found at ../shared/opa-conformance/cases next to the repository root");
        var failures = new List<string>();
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(dir!, "*.json", SearchOption.AllDirectories))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            {
                if (!c.TryGetProperty("modules", out var modules))
                {
                    continue;
                }

                foreach (var m in modules.EnumerateArray())
                {
                    var source = m.GetString()!;
                    string before;
                    try
                    {
                        before = SameAst(source, RegoVersion.V1);
                    }
                    catch (RegoSyntaxException)
                    {
                        continue; // cases that test parse errors
                    }

                    count++;
                    try
                    {
                        var once = RegoFormatter.Format(source);
                        if (SameAst(once, RegoVersion.V1) != before)
                        {
                            failures.Add($"{file}: AST changed\n{source}\n---\n{once}");
                        }
                        else if (RegoFormatter.Format(once) != once)
                        {
                            failures.Add($"{file}: not idempotent\n{once}\n---\n{RegoFormatter.Format(once)}");
                        }
                    }
                    catch (Exception e) when (e is PolicyCompileException or RegoSyntaxException)
                    {
                        failures.Add($"{file}: {e.Message}\n{source}");
                    }
                }
            }
        }

        Assert.True(count > 1000, $"only {count} modules read");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} modules:\n" + string.Join("\n=====\n", failures.Take(5)));
    }

    private static string SameAst(string source, RegoVersion version) => AstText.Of(Parser.ParseModule(source, "m.rego", version));

    private static string? ConformanceCases()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsFleet.sln")))
            {
                var cases = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "opa-conformance", "cases"));
                return Directory.Exists(cases) ? cases : null;
            }
        }

        return null;
    }
}
