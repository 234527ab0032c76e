using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static class JsonFilters
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
    }
}
