using GitOpsFleet.Providers.Secrets;
using GitOpsFleet.Providers.Ansible.Secrets;

namespace GitOpsFleet.Providers.Ansible.Tests.Secrets;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Redact_MasksEveryOccurrence()
    {
        var redactor = new SecretRedactor(["hunter22"]);
        Assert.Equal("a *** b ***", redactor.Redact("a hunter22 b hunter22"));
    }

    [Fact]
    public void Redact_SecretContainingAnother_IsMaskedWhole()
    {
        var redactor = new SecretRedactor(["pass", "password-long"]);
        Assert.Equal("x=*** y=***", redactor.Redact("x=password-long y=pass"));
    }

    [Fact]
    public void Redact_BlankSecretsAreIgnored()
    {
        var redactor = new SecretRedactor(["", "  "]);
        Assert.True(redactor.IsEmpty);
        Assert.Equal("keep  me", redactor.Redact("keep  me"));
    }

    [Fact]
    public void Load_ReadsFilesAndEnvironment_WithoutTheTrailingNewline()
    {
        var dir = Directory.CreateTempSubdirectory("gitopsfleet-secrets-");
        try
        {
            var vault = Path.Combine(dir.FullName, "vault");
            File.WriteAllText(vault, "vault-secret-1\n");
            var become = Path.Combine(dir.FullName, "become");
            File.WriteAllText(become, "become-secret-2\n");
            var secrets = AnsibleSecrets.Load(new AnsibleProviderOptions { VaultPasswordFile = vault, BecomePasswordFile = become });
            Assert.Equal("become-secret-2", secrets.BecomePassword);
            Assert.Equal("*** and ***", secrets.Redactor.Redact("vault-secret-1 and become-secret-2"));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
