using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Tests.Syntax;

public sealed class ParserTests
{
    [Fact]
    public void ParseModule_RulesOfEveryKind_KeepsKindsAndLocations()
    {
        var m = Parser.ParseModule("""
            package a.b

            import rego.v1
            import data.lib.util as u

            default allow := false

            allow if input.user == "admin"

            deny contains msg if {
                some x in input.items
                msg := x
            }

            obj[k] := v if { some k, v in input.map }

            f(x) := x + 1

            g(x) := 1 if x > 0 else := 2

            a.b[c] contains d if { c := "k"; d := 1 }
            """, "m.rego");

        Assert.Equal(["a", "b"], m.Package);
        Assert.Equal(2, m.Imports.Count);
        Assert.Equal("u", m.Imports[1].Name);
        var kinds = m.Rules.Select(r => (r.Name, r.Kind, r.IsDefault)).ToList();
        Assert.Equal(
            [("allow", RuleKind.SingleValue, true), ("allow", RuleKind.SingleValue, false), ("deny", RuleKind.MultiValue, false),
             ("obj", RuleKind.SingleValue, false), ("f", RuleKind.Function, false), ("g", RuleKind.Function, false), ("a", RuleKind.MultiValue, false)],
            kinds);
        Assert.NotNull(m.Rules[5].Else);
        Assert.Equal(new SourceLocation("m.rego", 10, 1), m.Rules[2].Location);
        Assert.Equal(3, m.Rules[6].Head.Length);
    }

    [Fact]
    public void ParseQuery_OperatorsRespectPrecedence()
    {
        var body = Parser.ParseQuery("x := 1 + 2 * 3 == 7");

        var e = Assert.Single(body);
        Assert.Equal(ExprKind.Assign, e.Kind);
        var eq = Assert.IsType<CallTerm>(e.Right);
        Assert.Equal("equal", eq.Name);
        var plus = Assert.IsType<CallTerm>(eq.Args[0]);
        Assert.Equal("plus", plus.Name);
        Assert.Equal("mul", Assert.IsType<CallTerm>(plus.Args[1]).Name);
    }

    [Fact]
    public void ParseQuery_NewlinesSeparateLiteralsButNotInsideBrackets()
    {
        var body = Parser.ParseQuery("x := [1,\n 2]\ny := x[0]\nz := {\"a\": 1,\n \"b\": 2}");

        Assert.Equal(3, body.Count);
    }

    [Fact]
    public void ParseTerm_TemplateString_SplitsLiteralAndExpressionParts()
    {
        var t = Assert.IsType<TemplateTerm>(Parser.ParseTerm("$\"a {x + 1} \\{b}\""));

        Assert.Equal(3, t.Parts.Count);
        Assert.Equal("a ", t.Parts[0]);
        Assert.IsType<Expr>(t.Parts[1]);
        Assert.Equal(" {b}", t.Parts[2]);
    }

    [Fact]
    public void ParseModule_KeywordUsedAsRefHead_IsARuleName()
    {
        var m = Parser.ParseModule("package p\n\nnot.foo := 1\nfoo.contains := 2\n", "k.rego");

        Assert.Equal(["not", "foo"], m.Rules.Select(r => r.Name));
    }

    [Theory]
    [InlineData("package p\n\np := \"unterminated\n", 3)]
    [InlineData("package p\n\np if {\n", 4)]
    [InlineData("package\n", 2)]
    [InlineData("package p\n\np if {\n  x := 1, 2\n}\n", 4)]
    public void ParseModule_Invalid_ThrowsWithLine(string source, int line)
    {
        var ex = Assert.Throws<RegoSyntaxException>(() => Parser.ParseModule(source, "x.rego"));

        Assert.Equal(line, ex.Location.Line);
    }
}
