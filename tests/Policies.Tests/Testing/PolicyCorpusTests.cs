using System.Text.RegularExpressions;
using GitOpsFleet.Policies.Testing;

namespace GitOpsFleet.Policies.Tests.Testing;

/// <summary>
/// Policy libraries of our own, written as the project's users write theirs (Gatekeeper templates, conftest and regula
/// checks of Terraform plans, trivy's annotated cloud checks, the fleet's own gate), each run as
/// <c>gitopsfleet policy test</c> runs a folder: the one loader, the folder's <c>.manifest</c> or the version the
/// table gives (<c>--v0-compatible</c>), the one runner.
/// </summary>
public sealed partial class PolicyCorpusTests
{
    /// <summary>
    /// Folder, the version asked for on the command line, and how many tests it holds. The count is pinned twice, here
    /// and against the test rules written in its files, so a test the engine drops without a word fails the check.
    /// </summary>
    public static TheoryData<string, RegoVersion, int> Folders() => new()
    {
        { "conftest-v0", RegoVersion.V0, 11 },
        { "conftest-v1", RegoVersion.V1, 10 },
        { "fleet", RegoVersion.V1, 9 },
        { "gatekeeper", RegoVersion.V1, 28 },
        { "regula", RegoVersion.V1, 12 },
        { "trivy", RegoVersion.V1, 17 },
    };

    [Theory]
    [MemberData(nameof(Folders))]
    public void PolicyTest_CorpusFolder_EveryTestPasses(string folder, RegoVersion version, int tests)
    {
        var dir = Path.Combine(CorpusDirectory(), folder);
        var log = new StringWriter();

        var report = RunAsPolicyTest(dir, version, log);

        var notPassing = report.Results.Where(r => r.Outcome != PolicyTestOutcome.Pass).Select(r => $"{r.FullName}: {r.Outcome} {r.Error}");
        Assert.True(report.Success && report.Passed == report.Results.Count, $"{folder}:\n{string.Join('\n', notPassing)}\n{log}");
        Assert.Equal(TestRulesWritten(dir), report.Results.Select(r => r.Name).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(tests, report.Passed);
    }

    [Fact]
    public void Folders_ListEveryCorpusFolder()
    {
        var listed = Folders().Select(row => (string)row[0]).Order(StringComparer.Ordinal);
        var present = Directory.EnumerateDirectories(CorpusDirectory()).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(present, listed);
    }

    [Fact]
    public void PolicyTest_DeliberatelyFailingFolder_ReportsTheFailuresByName()
    {
        var log = new StringWriter();

        var report = RunAsPolicyTest(Path.Combine(AppContext.BaseDirectory, "Testing", "corpus-failing"), RegoVersion.V0, log);

        Assert.False(report.Success);
        Assert.Equal(2, report.Passed);
        var failed = Assert.Single(report.Results, r => r.Outcome == PolicyTestOutcome.Fail);
        Assert.Equal("data.main.test_public_bucket_is_allowed", failed.FullName);
        var error = Assert.Single(report.Results, r => r.Outcome == PolicyTestOutcome.Error);
        Assert.Equal("data.main.test_owner_is_the_only_tag", error.FullName);
        Assert.Equal("eval_conflict_error", error.Error!.Code);
        Assert.Contains("data.main.test_public_bucket_is_allowed: FAIL", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("FAIL: 1/4", log.ToString(), StringComparison.Ordinal);
    }

    /// <summary>What <c>policy test [--v0-compatible] dir</c> does, minus the console.</summary>
    private static PolicyTestReport RunAsPolicyTest(string dir, RegoVersion version, TextWriter log)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var engine = PolicyEngine.LoadDirectory(dir, version: version);
        return new PolicyTestRunner().Run(engine, verbose: true, log, cts.Token);
    }

    /// <summary>The names of the test rules in the folder's <c>_test.rego</c> files, read from the text, not the engine.</summary>
    private static List<string> TestRulesWritten(string dir) =>
        Directory.EnumerateFiles(dir, "*_test.rego", SearchOption.AllDirectories)
            .SelectMany(f => TestRule().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string CorpusDirectory() => Path.Combine(AppContext.BaseDirectory, "Testing", "corpus");

    [GeneratedRegex(@"^(test_\w+)", RegexOptions.Multiline)]
    private static partial Regex TestRule();
}
