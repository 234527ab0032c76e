using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Misc
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
