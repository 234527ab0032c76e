namespace GitOpsFleet.Providers.Ansible.Execution;

/// <summary>How one ansible process ended. Output is raw (not yet redacted): only parsers read it.</summary>
internal sealed record ProcessOutcome(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, TimeSpan Duration);
