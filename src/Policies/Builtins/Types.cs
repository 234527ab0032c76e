using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Types
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
