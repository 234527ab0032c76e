using GitOpsFleet.Policies.Compilation;

namespace GitOpsFleet.Policies;

/// <summary>A query parsed and compiled once against a <see cref="PolicyEngine"/>, to evaluate many times.</summary>
public sealed class PreparedQuery
{
    internal PreparedQuery(string text, CompiledQuery compiled)
    {
        Text = text;
        Compiled = compiled;
    }

    public string Text { get; }

    internal CompiledQuery Compiled { get; }
}
