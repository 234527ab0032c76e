using System.Text.Json;
using GitOpsFleet.Policies.Testing;

namespace GitOpsFleet.Policies.Tests.Testing;

public sealed class CoverageReportTests
{
    private const string Policy = "package cov\n\nallow if {\n\tinput.user == \"admin\"\n}\n\ndeny if {\n\tinput.user == \"mallory\"\n\tinput.tries > 3\n}\n";

    private static PolicyTestReport Run(string tests)
    {
        var dir = Directory.CreateTempSubdirectory("pcov");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "cov.rego"), Policy);
            File.WriteAllText(Path.Combine(dir.FullName, "cov_test.rego"), tests);
            var engine = PolicyEngine.LoadDirectory(dir.FullName);
            return new PolicyTestRunner { Coverage = true }.Run(engine, verbose: false, TextWriter.Null, CancellationToken.None);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static (string Name, FileCoverage File) Only(CoverageReport report, string suffix) =>
        report.Files.Single(f => f.Key.EndsWith(suffix, StringComparison.Ordinal)) is var kv ? (kv.Key, kv.Value) : default;

    private static string Rows(IEnumerable<LineRange> ranges) => string.Join(" ", ranges.Select(r => $"{r.Start}-{r.End}"));

    [Fact]
    public void Coverage_RuleNeverReached_HeadAndBodyNotCovered()
    {
        var report = Run("package cov_test\n\nimport data.cov\n\ntest_allow if {\n\tcov.allow with input as {\"user\": \"admin\"}\n}\n");

        var coverage = Assert.IsType<CoverageReport>(report.Coverage);
        var (_, policy) = Only(coverage, "cov.rego");
        Assert.Equal("3-4", Rows(policy.Covered));
        Assert.Equal("7-9", Rows(policy.NotCovered));
        Assert.Equal(2, policy.CoveredLines);
        Assert.Equal(3, policy.NotCoveredLines);
        Assert.Equal(40, policy.Coverage);
        var (_, test) = Only(coverage, "cov_test.rego");
        Assert.Equal("5-6", Rows(test.Covered));
        Assert.Empty(test.NotCovered);
        Assert.Equal(100, test.Coverage);
        Assert.Equal(4, coverage.CoveredLines);
        Assert.Equal(3, coverage.NotCoveredLines);
        Assert.Equal(400.0 / 7, coverage.Coverage, 10);
    }

    [Fact]
    public void Coverage_BodyStopsAtFailingLiteral_LaterLiteralAndHeadNotCovered()
    {
        var report = Run("package cov_test\n\nimport data.cov\n\ntest_not_deny if {\n\tnot cov.deny with input as {\"user\": \"bob\", \"tries\": 5}\n}\n");

        var (_, policy) = Only(report.Coverage!, "cov.rego");
        Assert.Equal("8-8", Rows(policy.Covered));
        Assert.Equal("3-4 7-7 9-9", Rows(policy.NotCovered));
    }

    [Fact]
    public void ToJson_HasOpasShape()
    {
        var report = Run("package cov_test\n\nimport data.cov\n\ntest_allow if {\n\tcov.allow with input as {\"user\": \"admin\"}\n}\n");

        using var json = JsonDocument.Parse(report.Coverage!.ToJson());

        var root = json.RootElement;
        Assert.Equal(["files", "covered_lines", "not_covered_lines", "coverage"], root.EnumerateObject().Select(p => p.Name));
        var file = root.GetProperty("files").EnumerateObject().Single(p => p.Name.EndsWith("cov.rego", StringComparison.Ordinal)).Value;
        Assert.Equal(3, file.GetProperty("covered")[0].GetProperty("start").GetProperty("row").GetInt32());
        Assert.Equal(4, file.GetProperty("covered")[0].GetProperty("end").GetProperty("row").GetInt32());
        Assert.Equal(7, file.GetProperty("not_covered")[0].GetProperty("start").GetProperty("row").GetInt32());
        Assert.Equal(9, file.GetProperty("not_covered")[0].GetProperty("end").GetProperty("row").GetInt32());
        Assert.Equal(2, file.GetProperty("covered_lines").GetInt32());
        Assert.Equal(3, file.GetProperty("not_covered_lines").GetInt32());
        Assert.Equal(40, file.GetProperty("coverage").GetDouble());
        Assert.Equal(4, root.GetProperty("covered_lines").GetInt32());
        Assert.Equal("57.142857142857146", root.GetProperty("coverage").GetRawText());
    }

    [Fact]
    public void Run_WithoutCoverage_ReportsNone()
    {
        var dir = Directory.CreateTempSubdirectory("pcov");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "cov.rego"), Policy);
            var report = new PolicyTestRunner().Run(PolicyEngine.LoadDirectory(dir.FullName), verbose: false, TextWriter.Null, CancellationToken.None);

            Assert.Null(report.Coverage);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
