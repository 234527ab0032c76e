using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Strings
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
