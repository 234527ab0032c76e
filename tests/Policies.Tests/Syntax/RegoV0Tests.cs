using GitOpsFleet.Policies.Evaluation;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Syntax;

/// <summary>Rego v0 modules, as OPA 1.x reads them with --v0-compatible; the same text is a located error in v1.</summary>
public sealed class RegoV0Tests
{
    // Gatekeeper's shape: a violation set of objects, a helper without "if", a function with "=" and a body.
    private const string Gatekeeper = """
        package k8srequiredlabels

        violation[{"msg": msg, "details": {"missing_labels": missing}}] {
            provided := {label | input.review.object.metadata.labels[label]}
            required := {label | label := input.parameters.labels[_]}
            missing := required - provided
            count(missing) > 0
            msg := sprintf("you must provide labels: %v", [missing])
        }

        is_privileged(c) = true {
            c.securityContext.privileged
        }

        violation[{"msg": msg}] {
            c := input.review.object.spec.containers[_]
            is_privileged(c)
            msg := sprintf("privileged container is not allowed: %v", [c.name])
        }
        """;

    // conftest/regula's shape: deny[msg] with the "in" keyword imported, default and else.
    private const string Conftest = """
        package main

        import future.keywords.in

        default allow = false

        allow {
            count(deny) == 0
        }

        deny[msg] {
            some c in input.spec.containers
            not c.image in data.approved
            msg := sprintf("image %s is not approved", [c.image])
        }

        tier = "gold" {
            input.spec.replicas > 2
        } else = "silver" {
            input.spec.replicas > 1
        } else = "bronze"

        labels[k] = v {
            some k, v in input.metadata.labels
        }
        """;

    private static PolicyEngine V0(params string[] modules) =>
        PolicyEngine.Compile(modules.Select((m, i) => new RegoSource($"m{i}.rego", m) { Version = RegoVersion.V0 }));

    private static string Json(Value? v) => v is null ? "undefined" : ValueJson.ToJsonString(v);

    [Fact]
    public void GatekeeperViolations_EvaluateAsAPartialSetOfObjects()
    {
        var engine = V0(Gatekeeper);
        var input = ValueJson.Parse("""
            {"parameters": {"labels": ["team", "owner"]},
             "review": {"object": {"metadata": {"labels": {"team": "a"}},
                                   "spec": {"containers": [{"name": "app", "securityContext": {"privileged": true}}, {"name": "side"}]}}}}
            """);

        var result = engine.EvaluateDocument("k8srequiredlabels.violation", input);

        Assert.Equal(
            """[{"details":{"missing_labels":["owner"]},"msg":"you must provide labels: {\"owner\"}"},{"msg":"privileged container is not allowed: app"}]""",
            Json(result));
    }

    [Fact]
    public void ConftestDeny_WithFutureIn_DefaultElseAndObjectRules()
    {
        var data = ValueJson.Parse("""{"approved": ["nginx:1.27"]}""");
        var engine = PolicyEngine.Compile([new RegoSource("policy.rego", Conftest) { Version = RegoVersion.V0 }], data);
        var input = ValueJson.Parse("""
            {"spec": {"replicas": 2, "containers": [{"image": "nginx:1.27"}, {"image": "evil:latest"}]},
             "metadata": {"labels": {"a": "1"}}}
            """);

        Assert.Equal("""["image evil:latest is not approved"]""", Json(engine.EvaluateDocument("main.deny", input)));
        Assert.Equal("false", Json(engine.EvaluateDocument("main.allow", input)));
        Assert.Equal("\"silver\"", Json(engine.EvaluateDocument("main.tier", input)));
        Assert.Equal("""{"a":"1"}""", Json(engine.EvaluateDocument("main.labels", input)));
    }

    [Theory]
    [InlineData("package p\n\nallow {\n    input.x == 1\n}\n", 3, 7)]
    [InlineData("package p\n\ndeny[msg] {\n    msg := \"no\"\n}\n", 3, 11)]
    [InlineData("package p\n\nf(x) = y {\n    y := x\n}\n", 3, 10)]
    public void V0Text_InV1_IsAParseErrorAtTheBody(string module, int line, int column)
    {
        var ex = Assert.Throws<PolicyCompileException>(() => PolicyEngine.Compile([new RegoSource("old.rego", module)]));

        var d = Assert.Single(ex.Diagnostics);
        Assert.Equal("rego_parse_error", d.Code);
        Assert.Equal(("old.rego", line, column), (d.Location!.File, d.Location.Line, d.Location.Column));
        Assert.Contains("--v0-compatible", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GatekeeperInV1_IsRejectedWithALocation()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => PolicyEngine.Compile([new RegoSource("gk.rego", Gatekeeper)]));

        Assert.Equal(3, Assert.Single(ex.Diagnostics).Location!.Line);
    }

    [Fact]
    public void FutureKeywords_AreNamesUntilImported()
    {
        // Without the import "in", "if" and "contains" are ordinary variables and rule names in v0.
        var engine = V0("""
            package p

            contains = 1
            r[x] {
                in := [1, 2]
                x := in[_]
                if := x
                if > 1
            }
            """);

        Assert.Equal("1", Json(engine.EvaluateDocument("p.contains", null)));
        Assert.Equal("[2]", Json(engine.EvaluateDocument("p.r", null)));
    }

    [Fact]
    public void KeywordWithoutItsImport_IsAParseErrorInV0()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => V0("package p\n\ndeny contains msg if { msg := 1 }\n"));

        var d = Assert.Single(ex.Diagnostics);
        Assert.Equal(("m0.rego", 3, 1), (d.Location!.File, d.Location.Line, d.Location.Column));
        Assert.Contains("future.keywords", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllFutureKeywords_ReadAsV1KeywordsButBodiesNeedNoIf()
    {
        var engine = V0("""
            package p

            import future.keywords

            deny contains msg if {
                every x in input.xs { x > 0 }
                msg := "all positive"
            }

            old[x] { x := 1 }
            """);

        Assert.Equal("""["all positive"]""", Json(engine.EvaluateDocument("p.deny", ValueJson.Parse("""{"xs": [1, 2]}"""))));
        Assert.Equal("[1]", Json(engine.EvaluateDocument("p.old", null)));
    }

    [Fact]
    public void RegoV1Import_SwitchesAV0ModuleToV1Rules()
    {
        var v1 = V0("package p\n\nimport rego.v1\n\ns contains 1\nq[x] if { x := \"k\" }\n");
        Assert.Equal("[1]", Json(v1.EvaluateDocument("p.s", null)));
        Assert.Equal("""{"k":true}""", Json(v1.EvaluateDocument("p.q", null)));

        var ex = Assert.Throws<PolicyCompileException>(() => V0("package p\n\nimport rego.v1\n\nallow { true }\n"));
        Assert.Equal(5, Assert.Single(ex.Diagnostics).Location!.Line);
    }

    [Fact]
    public void RegoV1WithFutureKeywords_IsRejectedInV0()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => V0("package p\n\nimport future.keywords.in\nimport rego.v1\n\nx := 1\n"));

        Assert.Equal(4, Assert.Single(ex.Diagnostics).Location!.Line);
    }

    [Fact]
    public void UnknownFutureKeyword_IsAParseError()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => V0("package p\n\nimport future.keywords.nope\n"));

        Assert.Contains("future.keywords.nope", Assert.Single(ex.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefHeadsWithADot_StaySingleValueInV0()
    {
        // Only "p[x]" is a partial set in v0; "a.b" is the value true at data.p.a.b.
        var engine = V0("package p\n\na.b { true }\ns[\"x\"]\n");

        Assert.Equal("""{"a":{"b":true},"s":["x"]}""", Json(engine.EvaluateDocument("p", null)));
    }

    [Fact]
    public void V0AndV1Modules_CompileTogether()
    {
        var engine = PolicyEngine.Compile([
            new RegoSource("old.rego", "package lib\n\nbad[x] { x := input.xs[_]; x < 0 }\n") { Version = RegoVersion.V0 },
            new RegoSource("new.rego", "package main\n\ndeny contains msg if { some x in data.lib.bad; msg := sprintf(\"%d\", [x]) }\n"),
        ]);

        Assert.Equal("""["-1"]""", Json(engine.EvaluateDocument("main.deny", ValueJson.Parse("""{"xs": [1, -1]}"""))));
    }

    [Fact]
    public void DeprecatedBuiltins_AreOfferedToV0Modules()
    {
        var engine = V0("""
            package p

            checks := [
                re_match("^a+$", "aaa"),
                any([false, true]),
                all({true}),
                set_diff({1, 2}, {2}) == {1},
                cast_set([1, 1, 2]) == {1, 2},
                cast_array({2, 1}) == [1, 2],
                net.cidr_overlap("10.0.0.0/8", "10.1.2.3"),
                cast_string("s") == "s",
            ]
            """);

        Assert.Equal("[true,true,true,true,true,true,true,true]", Json(engine.EvaluateDocument("p.checks", null)));
    }

    [Fact]
    public void DeprecatedBuiltins_AreUndefinedInV1()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => PolicyEngine.Compile([new RegoSource("m.rego", "package p\n\nx := re_match(\"a\", \"a\")\n")]));

        Assert.Contains("re_match", ex.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QueryInV0_CallsTheBuiltinsV1Removed_AndUsesKeywordsAsNames()
    {
        var engine = V0("package p\n\nx = 1\n");
        var v0 = new EvalOptions { QueryVersion = RegoVersion.V0 };

        var regex = engine.Evaluate("re_match(\"^a+$\", \"aa\")", null, v0);
        var names = engine.Evaluate("if := 2; contains := if * data.p.x", null, v0);

        Assert.True(regex.IsDefined, regex.ToString());
        Assert.True(names.IsDefined, names.ToString());
        Assert.Equal(("2", "2"), (Json(names.Rows[0]["if"]), Json(names.Rows[0]["contains"])));
    }

    [Fact]
    public void QueryInV0_WithoutTheImport_HasNoInKeyword_WhileV1ReadsIt()
    {
        var engine = V0("package p\n\nx = 1\n");

        var v0 = engine.Evaluate("1 in [1]", null, new EvalOptions { QueryVersion = RegoVersion.V0 });
        var v1 = engine.Evaluate("1 in [1]");
        var v1Removed = engine.Evaluate("re_match(\"a\", \"a\")");

        Assert.Equal("rego_parse_error", v0.Error?.Code);
        Assert.True(v1.IsDefined, v1.ToString());
        Assert.True(v1Removed.IsError);
        Assert.Contains("re_match", v1Removed.Error!.Message, StringComparison.Ordinal);
    }
}
