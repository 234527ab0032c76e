using GitOpsFleet.Policies.Builtins.Kernels.Json;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>json.patch: RFC 6902 operations on any value, with OPA's handling of sets and array indexes.</summary>
internal static class JsonPatch
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("json.patch", [RegoType.Any, RegoType.Array(RegoType.AnyObject)], RegoType.Any, (_, a) =>
        {
            var operations = Args.Array(a, 1);
            try
            {
                return JsonPatcher.Apply(a[0], operations.AsList());
            }
            catch (JsonPatchException e)
            {
                throw BuiltinException.Error(e.Message);
            }
        });
    }
}
