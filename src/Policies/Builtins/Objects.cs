using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Objects
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
