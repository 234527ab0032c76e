using GitOpsFleet.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Scripting.Tests.Worker;

/// <summary>
/// A run that will evaluate scripts starts their worker before it observes the fleet; the evaluation then takes that
/// worker instead of starting a second one, and an engine disposed before it was used leaves no process behind.
/// </summary>
[Collection(nameof(WorkerPrewarmTests))]
public sealed class WorkerPrewarmTests
{
    /// <summary>Live child processes of this test process (read from /proc, where the workers are visible).</summary>
    private static HashSet<int> Children()
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var children = new HashSet<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                // stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after its closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == self && fields[0] != "Z") children.Add(pid);
            }
            catch (IOException)
            {
            }
        }
        return children;
    }

    [Fact]
    public async Task APrewarmedWorker_ServesTheEvaluation_AndNoSecondOneStarts()
    {
        var before = Children();
        using var engine = new ScalingScriptEngine(new ScalingScriptOptions { Workers = 1 }, new FakeTimeProvider());

        engine.Prewarm();
        engine.Prewarm(); // one worker starting is enough: a second call starts nothing
        var result = await engine.EvaluateAsync(TestPools.Request("return Current + 2;", current: 1), CancellationToken.None);

        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
        Assert.Equal(3, result.Replicas);
        var worker = Assert.Single(engine.WorkerProcessIds);
        Assert.Equal([worker], Children().Except(before));
    }

    [Fact]
    public async Task AnEngineDisposed_WhileItsWorkerStarts_LeavesNoProcess()
    {
        var before = Children();
        var engine = new ScalingScriptEngine(new ScalingScriptOptions { Workers = 1 }, new FakeTimeProvider());

        engine.Prewarm();
        Assert.NotEmpty(Children().Except(before)); // the process is started at once; the runtime in it boots meanwhile
        engine.Dispose();

        await Eventually.UntilAsync(() => !Children().Except(before).Any(), TimeSpan.FromSeconds(30), "the prewarmed worker outlived its engine");
    }
}

/// <summary>
/// The tests count this process's child processes, so no other test may start workers meanwhile: xunit runs this
/// collection alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(WorkerPrewarmTests), DisableParallelization = true)]
public sealed class WorkerPrewarmCollection;
