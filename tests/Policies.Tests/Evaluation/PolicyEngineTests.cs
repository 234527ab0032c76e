using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Evaluation;

public sealed class PolicyEngineTests
{
    private const string Admission = """
        package fleet.admission

        import rego.v1

        approved := {"geth": {"1.14.12", "1.14.11"}, "lighthouse": {"5.3.0"}}

        deny contains msg if {
            some pool in input.fleet.pools
            not pool.storage.encrypted
            msg := sprintf("pool %s: storage must be encrypted", [pool.name])
        }

        deny contains msg if {
            some pool in input.fleet.pools
            pool.labels.role == "validator"
            count(pool.network.publicIngress) > 0
            msg := sprintf("pool %s: validators must not have public ingress", [pool.name])
        }

        deny contains msg if {
            some pool in input.fleet.pools
            not pool.software.version in approved[pool.software.name]
            msg := $"pool {pool.name}: {pool.software.name} {pool.software.version} is not approved"
        }

        warn contains msg if {
            some pool in input.fleet.pools
            pool.labels.env == "prod"
            pool.replicas.min < 3
            msg := sprintf("pool %s: prod pools should keep at least 3 replicas", [pool.name])
        }

        allow if count(deny) == 0
        """;

    private static Value Fleet(bool encrypted, string version, int min) => ValueJson.Parse("""
        {"fleet": {"pools": [
          {"name": "rpc", "labels": {"role": "rpc", "env": "prod"}, "storage": {"encrypted": ENC},
           "software": {"name": "geth", "version": "VER"}, "network": {"publicIngress": [443]}, "replicas": {"min": MIN}},
          {"name": "val", "labels": {"role": "validator", "env": "prod"}, "storage": {"encrypted": true},
           "software": {"name": "lighthouse", "version": "5.3.0"}, "network": {"publicIngress": []}, "replicas": {"min": 3}}
        ]}}
        """.Replace("ENC", encrypted ? "true" : "false", StringComparison.Ordinal)
           .Replace("VER", version, StringComparison.Ordinal)
           .Replace("MIN", min.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

    private static PolicyEngine Engine() => PolicyEngine.Compile([new RegoSource("admission.rego", Admission)]);

    [Fact]
    public void EvaluateDocument_CompliantFleet_AllowsWithNoDenials()
    {
        var doc = (ObjectValue)Engine().EvaluateDocument("data.fleet.admission", Fleet(true, "1.14.12", 3))!;

        Assert.Equal(Value.True, doc.Get("allow"));
        Assert.Equal(SetValue.Empty, doc.Get("deny"));
        Assert.Equal(SetValue.Empty, doc.Get("warn"));
    }

    [Fact]
    public void EvaluateDocument_UnencryptedUnapprovedFleet_DeniesWithBothReasons()
    {
        var doc = (ObjectValue)Engine().EvaluateDocument("fleet.admission", Fleet(false, "1.13.0", 1))!;

        var deny = Assert.IsType<SetValue>(doc.Get("deny"));
        Assert.Equal(
            ["pool rpc: geth 1.13.0 is not approved", "pool rpc: storage must be encrypted"],
            deny.Items.ToArray().Select(v => ((StringValue)v).Value));
        Assert.Null(doc.Get("allow"));
        Assert.Single(((SetValue)doc.Get("warn")!).Items.ToArray());
    }

    [Fact]
    public void Evaluate_QueryWithVariables_ReturnsOneRowPerSolution()
    {
        var result = Engine().Evaluate("some name, v in data.fleet.admission.approved.geth; x := v", Fleet(true, "1.14.12", 3));

        Assert.Null(result.Error);
        Assert.Equal(["1.14.11", "1.14.12"], result.Rows.Select(r => ((StringValue)r["x"]).Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Evaluate_ConflictingCompleteRule_ReportsConflictWithLocation()
    {
        var engine = PolicyEngine.Compile([new RegoSource("p.rego", "package p\n\nx := 1 if input.a\nx := 2 if input.b\n")]);

        var result = engine.Evaluate("data.p.x", ValueJson.Parse("""{"a": true, "b": true}"""));

        Assert.NotNull(result.Error);
        Assert.Equal("eval_conflict_error", result.Error!.Code);
        Assert.Equal("p.rego", result.Error.Location!.File);
    }

    [Fact]
    public void Evaluate_WithMocks_ReplaceInputDataAndFunctions()
    {
        var engine = PolicyEngine.Compile([new RegoSource("m.rego", """
            package m

            limit := data.config.limit
            over if count(input.items) > limit
            double(x) := x * 2
            doubled := double(input.n)
            """)], ValueJson.Parse("""{"config": {"limit": 5}}"""));

        var r = engine.Evaluate("""
            data.m.over with input.items as [1, 2, 3] with data.config.limit as 2
            x := data.m.doubled with input.n as 4 with data.m.double as 99
            y := data.m.doubled with input.n as 4
            """);

        Assert.Null(r.Error);
        Assert.Equal(Value.Number(99), r.Rows[0]["x"]);
        Assert.Equal(Value.Number(8), r.Rows[0]["y"]);
    }

    [Fact]
    public void Evaluate_ElseAndDefault_PickFirstMatchingBranch()
    {
        var engine = PolicyEngine.Compile([new RegoSource("e.rego", """
            package e

            default level := "low"
            level := "high" if input.score > 80
            else := "medium" if input.score > 50

            tier(n) := "gold" if n > 100
            else := "silver"
            """)]);

        Assert.Equal("high", ((StringValue)engine.EvaluateDocument("e.level", ValueJson.Parse("""{"score": 90}"""))!).Value);
        Assert.Equal("medium", ((StringValue)engine.EvaluateDocument("e.level", ValueJson.Parse("""{"score": 60}"""))!).Value);
        Assert.Equal("low", ((StringValue)engine.EvaluateDocument("e.level", ValueJson.Parse("""{"score": 10}"""))!).Value);
        Assert.Equal("silver", ((StringValue)engine.Evaluate("x := data.e.tier(5)").Rows[0]["x"]).Value);
    }

    [Fact]
    public void Evaluate_EveryAndRefHeads_BuildNestedDocuments()
    {
        var engine = PolicyEngine.Compile([new RegoSource("r.rego", """
            package r

            pools[name].replicas := n if {
                some p in input.pools
                name := p.name
                n := p.count
            }

            by_env[env] contains name if {
                some p in input.pools
                env := p.env
                name := p.name
            }

            all_positive if every p in input.pools { p.count > 0 }
            """)]);
        var input = ValueJson.Parse("""{"pools": [{"name": "a", "env": "prod", "count": 2}, {"name": "b", "env": "prod", "count": 0}]}""");

        var doc = (ObjectValue)engine.EvaluateDocument("r", input)!;

        Assert.Equal("""{"a":{"replicas":2},"b":{"replicas":0}}""", doc.Get("pools")!.ToJson());
        Assert.Equal("""{"prod":["a","b"]}""", doc.Get("by_env")!.ToJson());
        Assert.Null(doc.Get("all_positive"));
    }

    [Fact]
    public void Compile_UnsafeVariable_ReportsRegoErrorWithPosition()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => PolicyEngine.Compile([new RegoSource("bad.rego", "package b\n\np := y if {\n  x := 1\n}\n")]));

        var d = Assert.Single(ex.Diagnostics);
        Assert.Equal("rego_unsafe_var_error", d.Code);
        Assert.StartsWith("bad.rego:3:", d.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_SyntaxError_ReportsParseErrorWithLineAndColumn()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => PolicyEngine.Compile([new RegoSource("syntax.rego", "package s\n\np if {\n  x := [1, 2\n}\n")]));

        var d = Assert.Single(ex.Diagnostics);
        Assert.Equal("rego_parse_error", d.Code);
        Assert.Equal(5, d.Location!.Line);
    }

    [Fact]
    public void Evaluate_Cancelled_StopsWithCancellation()
    {
        var engine = PolicyEngine.Compile([new RegoSource("slow.rego", "package slow\n\nn := count([x | some x in numbers.range(1, 3000000); x % 7 == 0])\n")]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => engine.EvaluateDocument("slow.n", null, ct: cts.Token));
    }

    [Fact]
    public void Evaluate_HttpSend_IsOffAndSaysSoUnlessMocked()
    {
        var engine = PolicyEngine.Compile([new RegoSource("h.rego", "package h\n\nr := http.send({\"method\": \"get\", \"url\": \"http://example.invalid/\"})\n")]);

        var off = engine.Evaluate("data.h.r");
        var mocked = engine.Evaluate("x := data.h.r with http.send as {\"status_code\": 200}");

        Assert.Equal("eval_builtin_error", off.Error!.Code);
        Assert.Contains("network access is disabled", off.Error.Message, StringComparison.Ordinal);
        Assert.Equal("""{"status_code":200}""", mocked.Rows[0]["x"].ToJson());
    }

    [Fact]
    public void Compile_BuiltinWithWrongArity_ReportsTypeErrorAtCall()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => PolicyEngine.Compile([new RegoSource("a.rego", "package a\n\np := count([1], 2, 3)\n")]));

        var d = Assert.Single(ex.Diagnostics);
        Assert.Equal("rego_type_error", d.Code);
        Assert.Contains("count: too many arguments", d.Message, StringComparison.Ordinal);
        Assert.Equal(3, d.Location!.Line);
    }

    [Fact]
    public void LoadPaths_FilesAndDirectories_MergeModulesAndData()
    {
        var dir = Directory.CreateTempSubdirectory("paths");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.rego"), "package a\n\nlimit := data.cfg.limit\n");
            var dataFile = Path.Combine(dir.FullName, "..", dir.Name + "-data.json");
            File.WriteAllText(dataFile, """{"cfg": {"limit": 7}}""");
            try
            {
                var engine = PolicyEngine.LoadPaths([dir.FullName, dataFile]);

                Assert.Equal(Value.Number(7), engine.EvaluateDocument("a.limit", null));
                Assert.EndsWith("a.rego", engine.Sources.Single().File, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(dataFile);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Compile_RecursiveFunction_ReportsRecursionError()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => PolicyEngine.Compile([new RegoSource("r.rego", "package r\n\nf(x) := y if {\n  y := f(x - 1)\n}\n")]));

        var d = Assert.Single(ex.Diagnostics);
        Assert.Equal("rego_recursion_error", d.Code);
        Assert.Contains("data.r.f -> data.r.f", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RecursionThroughDynamicRef_FailsWithErrorNotCrash()
    {
        var engine = PolicyEngine.Compile([new RegoSource("d.rego", "package d\n\np := data.d[k] if k := \"p\"\n")]);

        var r = engine.Evaluate("data.d.p");

        Assert.Equal("rego_recursion_error", r.Error!.Code);
    }
}
