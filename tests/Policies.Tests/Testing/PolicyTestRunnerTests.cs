using GitOpsFleet.Policies.Testing;

namespace GitOpsFleet.Policies.Tests.Testing;

public sealed class PolicyTestRunnerTests
{
    [Fact]
    public void RunDirectory_MixedTests_ReportsEachOutcome()
    {
        var dir = Directory.CreateTempSubdirectory("ptest");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "policy.rego"), """
                package fleet.admission

                deny contains "unencrypted" if not input.storage.encrypted
                limit := data.limits.replicas
                """);
            File.WriteAllText(Path.Combine(dir.FullName, "policy_test.rego"), """
                package fleet.admission_test

                import data.fleet.admission

                test_denies_unencrypted if {
                    "unencrypted" in admission.deny with input as {"storage": {"encrypted": false}}
                }

                test_allows_encrypted if {
                    count(admission.deny) == 0 with input as {"storage": {"encrypted": true}}
                }

                test_wrong_expectation if {
                    print("deny is", admission.deny)
                    count(admission.deny) == 5 with input as {"storage": {"encrypted": false}}
                }

                test_limit_from_data if admission.limit == 3

                todo_test_later if false
                """);
            Directory.CreateDirectory(Path.Combine(dir.FullName, "limits"));
            File.WriteAllText(Path.Combine(dir.FullName, "limits", "data.yaml"), "replicas: 3\n");
            var log = new StringWriter();

            var report = new PolicyTestRunner().RunDirectory(dir.FullName, verbose: true, log, CancellationToken.None);

            Assert.Equal(3, report.Passed);
            Assert.Equal(1, report.Failed);
            Assert.Equal(1, report.Skipped);
            Assert.False(report.Success);
            var failed = Assert.Single(report.Results, r => r.Outcome == PolicyTestOutcome.Fail);
            Assert.Equal("data.fleet.admission_test.test_wrong_expectation", failed.FullName);
            Assert.Contains(failed.Output, line => line.Contains("deny is {\"unencrypted\"}", StringComparison.Ordinal));
            Assert.Contains("FAIL: 1/5", log.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Run_ConflictInTest_IsAnErrorNotAFailure()
    {
        var engine = PolicyEngine.Compile([new RegoSource("c_test.rego", "package c\n\nx := 1\nx := 2 if true\n\ntest_x if x == 1\n")]);

        var report = new PolicyTestRunner().Run(engine, verbose: false, TextWriter.Null, CancellationToken.None);

        var r = Assert.Single(report.Results);
        Assert.Equal(PolicyTestOutcome.Error, r.Outcome);
        Assert.Equal("eval_conflict_error", r.Error!.Code);
    }

    [Fact]
    public void Run_WithFilter_RunsOnlyTestsWhoseFullNameMatches()
    {
        var engine = PolicyEngine.Compile([new RegoSource("f_test.rego", "package f\n\ntest_a if true\n\ntest_b if false\n\ntodo_test_c if false\n")]);

        var report = new PolicyTestRunner { Filter = new System.Text.RegularExpressions.Regex(@"^data\.f\.test_a$") }
            .Run(engine, verbose: false, TextWriter.Null, CancellationToken.None);

        Assert.Equal("data.f.test_a", Assert.Single(report.Results).FullName);
        Assert.True(report.Success);
    }
}
