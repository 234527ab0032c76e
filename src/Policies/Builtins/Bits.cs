using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Bits
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
