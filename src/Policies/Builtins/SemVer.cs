using GitOpsFleet.Policies.Builtins.Kernels.Versions;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>semver.is_valid and semver.compare (Semantic Versioning 2.0.0 precedence).</summary>
internal static class SemVer
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("semver.is_valid", [RegoType.Any], RegoType.Boolean, (_, a) =>
            Value.Bool(a[0] is StringValue s && SemanticVersion.TryParse(s.Value, out var _)));
        b.Add("semver.compare", [RegoType.String, RegoType.String], RegoType.Number, (_, a) =>
        {
            var x = Parse(a, 0);
            var y = Parse(a, 1);
            return Value.Number(Math.Sign(x.CompareTo(y)));
        });
    }

    private static SemanticVersion Parse(Value[] a, int i)
    {
        var s = Args.String(a, i);
        return SemanticVersion.TryParse(s, out var v)
            ? v
            : throw BuiltinException.Error($"operand {i + 1}: string {ValueJson.ToJsonString(new StringValue(s))} is not a valid SemVer");
    }
}
