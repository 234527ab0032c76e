using GitOpsFleet.Providers.Secrets;
using System.Text;

namespace GitOpsFleet.Providers.Ansible.Secrets;

/// <summary>
/// The secret values of one run, read fresh each time so a rotated file is picked up. The values are
/// never put on a command line: the vault password and key go by file path, the become password by
/// environment variable (see <see cref="BecomePasswordVariable"/>).
/// </summary>
internal sealed class AnsibleSecrets
{
    /// <summary>The environment variable the child process reads the become password from.</summary>
    public const string BecomePasswordVariable = "GITOPSFLEET_ANSIBLE_BECOME_PASSWORD";

    private AnsibleSecrets(string? becomePassword, SecretRedactor redactor)
    {
        BecomePassword = becomePassword;
        Redactor = redactor;
    }

    public string? BecomePassword { get; }

    public SecretRedactor Redactor { get; }

    public static AnsibleSecrets Load(AnsibleProviderOptions options)
    {
        var values = new List<string>();
        string? become = null;
        if (options.BecomePasswordEnv is { Length: > 0 } env) become = Environment.GetEnvironmentVariable(env);
        else if (options.BecomePasswordFile is { Length: > 0 } file && File.Exists(file)) become = TrimLineEnd(File.ReadAllText(file));
        if (!string.IsNullOrEmpty(become)) values.Add(become);

        // An executable vault password file is a script that prints the password: its value is unknown here.
        if (options.VaultPasswordFile is { Length: > 0 } vault && File.Exists(vault) && !IsExecutable(vault))
        {
            values.Add(TrimLineEnd(File.ReadAllText(vault)));
        }

        // A key never belongs in output; mask each long line of it in case a task echoes the file.
        if (options.PrivateKeyFile is { Length: > 0 } key && File.Exists(key))
        {
            values.AddRange(File.ReadAllLines(key, Encoding.UTF8).Select(l => l.Trim()).Where(l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal)));
        }
        return new AnsibleSecrets(string.IsNullOrEmpty(become) ? null : become, new SecretRedactor(values));
    }

    private static string TrimLineEnd(string text) => text.TrimEnd('\r', '\n');

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
