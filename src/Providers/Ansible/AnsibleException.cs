namespace GitOpsFleet.Providers.Ansible;

/// <summary>
/// Ansible could not say anything about a pool (inventory unreadable, group missing, path outside the
/// snapshot). Thrown rather than answering "no hosts", which a run would read as an empty pool.
/// The message is already free of secrets.
/// </summary>
public sealed class AnsibleException : Exception
{
    public AnsibleException(string message) : base(message)
    {
    }

    public AnsibleException(string message, Exception inner) : base(message, inner)
    {
    }
}
