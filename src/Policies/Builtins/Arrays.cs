using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Arrays
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
