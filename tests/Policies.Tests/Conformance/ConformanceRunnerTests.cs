using GitOpsFleet.Policies.Conformance;

namespace GitOpsFleet.Policies.Tests.Conformance;

public sealed class ConformanceRunnerTests
{
    /// <summary>The repository root holds GitOpsFleet.sln; the shared cases sit beside it in ../shared.</summary>
    private static string? CasesDirectory()
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

    [SkippableFact]
    public void RunDirectory_OpaCases_PassCountStaysAtOrAboveRecordedFloor()
    {
        var dir = CasesDirectory();
        Skip.If(dir is null, "OPA conformance cases not found at ../shared/opa-conformance/cases next to the repository root");
        var floor = int.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "conformance-floor.txt")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var log = new StringWriter();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var report = new ConformanceRunner().RunDirectory(dir!, verbose: true, log, cts.Token);

        Assert.True(report.Passed >= floor, $"conformance dropped: {report.Summary} (floor {floor})\n{log}");
        Assert.EndsWith(report.Summary + Environment.NewLine, log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RunDirectory_MixedCases_CountsPassAndFailPerTopic()
    {
        var dir = Directory.CreateTempSubdirectory("conf");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "math"));
            File.WriteAllText(Path.Combine(dir.FullName, "math", "a.json"), """
                {"cases": [
                  {"note": "ok", "query": "data.t.p = x", "modules": ["package t\np := 1 + 2\n"], "want_result": [{"x": 3}]},
                  {"note": "wrong", "query": "data.t.p = x", "modules": ["package t\np := 1 + 2\n"], "want_result": [{"x": 4}]}
                ]}
                """);
            Directory.CreateDirectory(Path.Combine(dir.FullName, "errors"));
            File.WriteAllText(Path.Combine(dir.FullName, "errors", "b.yaml"), """
                cases:
                - note: conflict
                  query: data.t.p = x
                  modules:
                  - |
                    package t
                    p := 1
                    p := 2
                  want_error_code: eval_conflict_error
                """);
            var log = new StringWriter();

            var report = new ConformanceRunner().RunDirectory(dir.FullName, verbose: true, log, CancellationToken.None);

            Assert.Equal(2, report.Passed);
            Assert.Equal(1, report.Failed);
            Assert.Equal("2 passed, 1 failed", report.Summary);
            Assert.Contains(report.Topics, t => t is { Name: "math", Passed: 1, Failed: 1 });
            Assert.Contains(report.Topics, t => t is { Name: "errors", Passed: 1, Failed: 0 });
            Assert.Contains("FAIL math/a.json#1 wrong", log.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
