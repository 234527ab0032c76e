using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Aggregates
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
