using GitOpsFleet.Policies.Conformance;

namespace GitOpsFleet.Policies.Tests.Builtins;

/// <summary>
/// Runs our own OPA-format case files in <c>Builtins/cases</c> (one file per builtin family).
/// They pin semantics we implemented from OPA's documentation and sources; every case must pass.
/// </summary>
public sealed class BuiltinCaseFilesTests
{
    public static TheoryData<string> CaseFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(CasesDirectory(), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseFiles))]
    public void RunCaseFile_EveryCasePasses(string file)
    {
        // The runner takes a folder, so each file runs from a scratch copy: a failure names its file.
        var dir = Directory.CreateTempSubdirectory("builtin-cases");
        try
        {
            File.Copy(Path.Combine(CasesDirectory(), file), Path.Combine(dir.FullName, file));
            var log = new StringWriter();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

            var report = new ConformanceRunner().RunDirectory(dir.FullName, verbose: true, log, cts.Token);

            Assert.True(report.Failed == 0 && report.Passed > 0, $"{file}: {report.Summary}\n{log}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string CasesDirectory() => Path.Combine(AppContext.BaseDirectory, "Builtins", "cases");
}
