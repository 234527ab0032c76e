using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class Encodings
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
