using GitOpsFleet.Policies.Builtins.Kernels.Units;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>units.parse and units.parse_bytes.</summary>
internal static class Units
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("units.parse", [RegoType.String], RegoType.Number, (_, a) =>
        {
            try
            {
                var (m, e) = UnitsParser.Parse(Args.String(a, 0));
                return NumberValue.Create(m, e);
            }
            catch (UnitsParser.UnitsException ex)
            {
                throw BuiltinException.Error(ex.Message);
            }
        });
        b.Add("units.parse_bytes", [RegoType.String], RegoType.Number, (_, a) =>
        {
            try
            {
                return NumberValue.FromBigInteger(UnitsParser.ParseBytes(Args.String(a, 0)));
            }
            catch (UnitsParser.UnitsException ex)
            {
                throw BuiltinException.Error(ex.Message);
            }
        });
    }
}
