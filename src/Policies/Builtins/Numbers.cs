using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Numbers
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
