using System.Globalization;
using GitOpsFleet.Providers.Ansible.Secrets;

namespace GitOpsFleet.Providers.Ansible.Execution;

/// <summary>The environment every ansible process of this provider runs with.</summary>
internal static class AnsibleEnvironment
{
    public const string JsonCallback = "ansible.posix.json";

    public static IReadOnlyDictionary<string, string?> For(AnsibleProviderOptions options, AnsibleSecrets? secrets)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ANSIBLE_STDOUT_CALLBACK"] = JsonCallback,
            ["ANSIBLE_LOAD_CALLBACK_PLUGINS"] = "True",
            ["ANSIBLE_HOST_KEY_CHECKING"] = "False",
            ["ANSIBLE_RETRY_FILES_ENABLED"] = "False",
            ["ANSIBLE_NOCOLOR"] = "1",
            ["ANSIBLE_FORCE_COLOR"] = "0",
            ["ANSIBLE_DEPRECATION_WARNINGS"] = "False",
            // Interpreter discovery warnings would only add noise to stderr; inventory values still win.
            ["ANSIBLE_PYTHON_INTERPRETER"] = "auto_silent",
            ["ANSIBLE_TIMEOUT"] = Seconds(options.ConnectTimeout),
            ["ANSIBLE_TASK_TIMEOUT"] = Seconds(options.TaskTimeout),
            // The run must never wait for a prompt nobody will answer.
            ["ANSIBLE_ASK_PASS"] = "False",
            ["ANSIBLE_BECOME_ASK_PASS"] = "False",
            ["ANSIBLE_ASK_VAULT_PASS"] = "False",
        };
        if (secrets?.BecomePassword is { } become) env[AnsibleSecrets.BecomePasswordVariable] = become;
        return env;
    }

    private static string Seconds(TimeSpan span) => ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
