using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible.Tests;

/// <summary>
/// The secrets playbook writes and echoes the become password on purpose; the provider must still
/// keep both fake secrets out of results, drift, logs and every command line `ps` could show.
/// </summary>
[Collection(AnsibleCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class AnsibleSecretsTests : IDisposable
{
    private const string BecomePassword = "B3come-Fake-Secret-7781";
    private const string VaultPassword = "V4ult-Fake-Secret-9932";

    private readonly TestRepository _repo = new();
    private readonly string _becomeVariable = "GITOPSFLEET_TEST_BECOME_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public AnsibleSecretsTests() => Environment.SetEnvironmentVariable(_becomeVariable, BecomePassword);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_becomeVariable, null);
        _repo.Dispose();
    }

    [Fact]
    public async Task Secrets_ReachThePlaybook_ButNeverResultsLogsOrCommandLines()
    {
        var vaultFile = _repo.WriteFile("vault-pass", VaultPassword + "\n");
        var vaulted = Path.Combine(_repo.RepoDirectory, "ansible", "vault.yml");
        File.WriteAllText(vaulted, "vaulted_value: decrypted-ok\n");
        TestRepository.Run("ansible-vault", "encrypt", "--vault-password-file", vaultFile, vaulted);
        Assert.DoesNotContain("decrypted-ok", File.ReadAllText(vaulted));

        var work = Path.Combine(_repo.Root, "work");
        var options = TestRepository.Options();
        options.VaultPasswordFile = vaultFile;
        options.BecomePasswordEnv = _becomeVariable;
        options.WorkDirectory = work;
        var logger = new CapturingLogger<AnsibleProvider>();
        var provider = new AnsibleProvider(options, logger: logger);
        var sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(BecomePassword)));
        var pool = TestRepository.Pool(playbook: "ansible/secrets.yml", vars: new { expected_become_sha1 = sha1 });
        var scope = _repo.Scope(pool);

        var commandLines = new HashSet<string>(StringComparer.Ordinal);
        using var stopScanning = new CancellationTokenSource();
        var scanner = Task.Run(async () =>
        {
            while (!stopScanning.IsCancellationRequested)
            {
                foreach (var entry in ProcessTable.Snapshot()) lock (commandLines) commandLines.Add(entry.CommandLine);
                // Real clock: this samples the OS process table while real ansible processes come and go; the
                // short pause lets it see short-lived command lines without spinning a core.
                await Task.Delay(15);
            }
        });

        var texts = new List<string>();
        var applied = await provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, "h1"), scope, CancellationToken.None);
        var failed = await provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, "h3"), scope, CancellationToken.None);
        var secretFile = Path.Combine(_repo.TargetDirectory("h1"), "secret.txt");
        File.WriteAllText(secretFile, "password=changed-by-hand\n");
        var observed = await provider.ObserveAsync(scope, CancellationToken.None);
        stopScanning.Cancel();
        await scanner;

        // Both secrets arrived: the playbook's asserts passed and the file holds the real value.
        Assert.True(applied.Outcome == ActionOutcome.Succeeded, applied.Message + string.Join('\n', applied.Details));
        Assert.Equal(ActionOutcome.Failed, failed.Outcome);
        Assert.Contains("cannot go on with ***", failed.Message);
        var h1 = observed.Single(n => n.Name == "h1");
        Assert.Contains(h1.ProviderDrift!, d => d.Contains("+password=***", StringComparison.Ordinal));
        Assert.Contains(commandLines, c => c.Contains("ansible-playbook", StringComparison.Ordinal));

        foreach (var result in new[] { applied, failed })
        {
            texts.Add(result.Message);
            texts.AddRange(result.Details);
        }
        foreach (var node in observed)
        {
            texts.AddRange(node.ProviderDrift ?? []);
            if (node.StateReason is { } reason) texts.Add(reason);
        }
        texts.AddRange(logger.Lines);
        lock (commandLines) texts.AddRange(commandLines);
        Assert.All(texts, t => Assert.DoesNotContain(BecomePassword, t));
        Assert.All(texts, t => Assert.DoesNotContain(VaultPassword, t));
        // The per-run folders with the vars files are gone.
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
    }
}
