namespace GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

/// <summary>A GraphQL syntax or validation error with its 1-based location (0:0 when unknown).</summary>
internal sealed class GqlException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}
