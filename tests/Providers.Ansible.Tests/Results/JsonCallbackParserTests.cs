using GitOpsFleet.Providers.Secrets;
using GitOpsFleet.Providers.Ansible.Results;
using GitOpsFleet.Providers.Ansible.Secrets;

namespace GitOpsFleet.Providers.Ansible.Tests.Results;

public sealed class JsonCallbackParserTests
{
    // Shaped like ansible.posix.json output: one play, a loop task, an unreachable host and a failure.
    private const string Document = """
        [WARNING]: a plugin printed this before the document
        {
          "plays": [{
            "play": {"name": "p"},
            "tasks": [
              {"task": {"name": "packages"},
               "hosts": {
                 "a": {"changed": true, "results": [
                   {"changed": true, "item": "x", "diff": {"before": {"state": "absent"}, "after": {"state": "present"}}},
                   {"changed": false, "item": "y"}]},
                 "down": {"unreachable": true, "changed": false, "msg": "Failed to connect: refused"}}},
              {"task": {"name": "secret step"},
               "hosts": {"a": {"failed": true, "msg": "bad token s3cr3t-value", "stderr": "more about s3cr3t-value"}}},
              {"task": {"name": "optional"},
               "hosts": {"a": {"skipped": true, "skip_reason": "Conditional result was False"}}}
            ]
          }],
          "stats": {
            "a": {"changed": 1, "failures": 1, "ignored": 0, "ok": 1, "rescued": 0, "skipped": 1, "unreachable": 0},
            "down": {"changed": 0, "failures": 0, "ignored": 0, "ok": 0, "rescued": 0, "skipped": 0, "unreachable": 1}
          }
        }
        """;

    [Fact]
    public void Parse_ReadsPerHostCountsAndTasks()
    {
        var run = JsonCallbackParser.Parse(Document, SecretRedactor.None)!;

        var a = run.Hosts["a"];
        Assert.Equal(1, a.Stats.Changed);
        Assert.True(a.IsFailed);
        Assert.False(a.IsUnreachable);
        Assert.Equal([AnsibleTaskStatus.Changed, AnsibleTaskStatus.Failed, AnsibleTaskStatus.Skipped], a.Tasks.Select(t => t.Status));
        Assert.Equal(["state: absent -> present"], a.Tasks[0].Diff);
        Assert.Equal("secret step", a.FirstFailure!.Task);

        var down = run.Hosts["down"];
        Assert.True(down.IsUnreachable);
        Assert.Equal("Failed to connect: refused", down.UnreachableReason);
    }

    [Fact]
    public void Parse_RemovesSecretsFromMessages()
    {
        var run = JsonCallbackParser.Parse(Document, new SecretRedactor(["s3cr3t-value"]))!;
        var failure = run.Hosts["a"].FirstFailure!;
        Assert.Equal("bad token *** | more about ***", failure.Message);
    }

    [Fact]
    public void Parse_NoDocument_IsNull()
    {
        Assert.Null(JsonCallbackParser.Parse("ERROR! the playbook could not be found", SecretRedactor.None));
        Assert.Null(JsonCallbackParser.Parse("{\"not\": \"a callback document\"}", SecretRedactor.None));
    }
}
