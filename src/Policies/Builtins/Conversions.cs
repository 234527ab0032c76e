using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Conversions
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
