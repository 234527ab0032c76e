using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Comparison
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
