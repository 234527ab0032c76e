using System.Reflection;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.Tests.Service;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Tests.Logging;

/// <summary>Each area logs in its own EventId range (docs/logging.md), no two messages share an id, and each run step has its own.</summary>
public sealed class EventIdTests
{
    // The ranges docs/logging.md documents, by the assembly that logs in them.
    private static readonly (string Assembly, int From, int To)[] Ranges =
    [
        ("GitOpsFleet.Providers", 4100, 4199),
        ("GitOpsFleet.Providers.Ansible", 6100, 6199),
        ("GitOpsFleet.Providers.Azure", 6200, 6299),
        ("gitopsfleet", 7000, 7999),
    ];

    private static IEnumerable<(string Assembly, string Method, int Id)> LogMessages() =>
        Ranges.Select(r => Assembly.Load(r.Assembly))
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Method.DeclaringType!.Assembly.GetName().Name!, $"{x.Method.DeclaringType!.Name}.{x.Method.Name}", x.Attribute!.EventId));

    [Fact]
    public void EveryLogMessage_HasAnIdOfItsOwn_InItsAreasRange()
    {
        var messages = LogMessages().ToList();
        Assert.True(messages.Count > 40, $"only {messages.Count} log messages found");
        foreach (var (assembly, method, id) in messages)
        {
            var range = Ranges.Single(r => r.Assembly == assembly);
            Assert.True(id >= range.From && id <= range.To, $"{method} logs as {id}, outside {assembly}'s range {range.From}-{range.To}");
        }
        var shared = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        Assert.True(shared.Count == 0, "ids used by more than one message: " + string.Join("; ", shared));
    }

    [Fact]
    public void EachRunStep_LogsUnderItsOwnId()
    {
        string[] steps = ["fetch", "load", "observe", "desired", "plan", "policy", "apply", "drift-report", "drift-pull-request"];
        using var provider = new RecordingLoggerProvider();
        var reporter = new LoggingRunReporter(provider.CreateLogger("run"), "f");
        reporter.RunStarted(7);
        foreach (var step in steps) reporter.Stage(step, "said something");
        reporter.Stage("a-later-step", "said something");

        var ids = provider.Entries.Select(e => e.Id.Id).ToList();
        Assert.Equal(steps.Length + 1, ids.Distinct().Count());
        Assert.Equal(ServiceEventIds.RunStage, ids[^1]);
        Assert.All(provider.Entries, e => Assert.Contains("Run 7 of f:", e.Message, StringComparison.Ordinal));
    }
}
