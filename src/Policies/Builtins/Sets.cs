using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Sets
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
