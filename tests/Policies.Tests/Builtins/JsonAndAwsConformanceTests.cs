using GitOpsFleet.Policies.Conformance;

namespace GitOpsFleet.Policies.Tests.Builtins;

/// <summary>Runs OPA's conformance topics for json.patch, json.match_schema/verify_schema and providers.aws.sign_req.</summary>
public sealed class JsonAndAwsConformanceTests
{
    private static string? TopicDirectory(string topic)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsFleet.sln")))
            {
                var cases = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "opa-conformance", "cases", topic));
                return Directory.Exists(cases) ? cases : null;
            }
        }

        return null;
    }

    [SkippableTheory]
    [InlineData("jsonpatch")]
    [InlineData("jsonschema")]
    [InlineData("providers-aws")]
    public void RunDirectory_Topic_EveryCasePasses(string topic)
    {
        var dir = TopicDirectory(topic);
        Skip.If(dir is null, $"OPA conformance cases not found at ../shared/opa-conformance/cases/{topic} next to the repository root");
        var log = new StringWriter();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var report = new ConformanceRunner().RunDirectory(dir!, verbose: true, log, cts.Token);

        Assert.True(report.Failed == 0 && report.Passed > 0, $"{topic}: {report.Summary}\n{log}");
    }
}
