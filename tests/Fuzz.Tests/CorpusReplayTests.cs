using GitOpsFleet.Fuzz;
using GitOpsFleet.Fuzz.Targets;

namespace GitOpsFleet.Fuzz.Tests;

/// <summary>Every corpus file, crash regressions included, ends in a diagnostic or a refusal through its harness.</summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string, string> CorpusFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTarget.All)
        {
            foreach (var file in CorpusReplay.Files(Path.Combine(CorpusRoot(), target.Name)))
            {
                data.Add(target.Name, Path.GetRelativePath(CorpusRoot(), file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Replay_CorpusFile_EndsInDiagnosticOrRefusal(string target, string file)
    {
        FuzzTarget.Find(target)!.Run(File.ReadAllBytes(Path.Combine(CorpusRoot(), file)));
    }

    [Fact]
    public void Corpus_EveryTarget_HasSeeds()
    {
        foreach (var target in FuzzTarget.All)
        {
            Assert.NotEmpty(CorpusReplay.Files(Path.Combine(CorpusRoot(), target.Name)));
        }
    }

    [Fact]
    public void FleetInput_FileMarkers_SplitIntoFiles()
    {
        var files = FleetTarget.Split("kind: Fleet\n#file: pools/a.yaml\nkind: NodePool\n");

        Assert.Equal(["fleet.yaml", "pools/a.yaml"], files.Select(f => f.Key));
        Assert.Equal("kind: NodePool\n\n", files[1].Value);
    }

    private static string CorpusRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitOpsFleet.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("GitOpsFleet.sln not found"), "fuzz", "corpus");
    }
}
