using System.Numerics;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>bits.*: bitwise operations on (big) integers, with Go's big.Int semantics.</summary>
internal static class Bits
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        RegoType[] nn = [RegoType.Number, RegoType.Number];
        b.Add("bits.or", nn, RegoType.Number, (_, a) => NumberValue.FromBigInteger(Int(a, 0) | Int(a, 1)));
        b.Add("bits.and", nn, RegoType.Number, (_, a) => NumberValue.FromBigInteger(Int(a, 0) & Int(a, 1)));
        b.Add("bits.xor", nn, RegoType.Number, (_, a) => NumberValue.FromBigInteger(Int(a, 0) ^ Int(a, 1)));
        b.Add("bits.negate", [RegoType.Number], RegoType.Number, (_, a) => NumberValue.FromBigInteger(-Int(a, 0) - 1));
        b.Add("bits.lsh", nn, RegoType.Number, (_, a) => NumberValue.FromBigInteger(Int(a, 0) << Shift(a, 1)));
        b.Add("bits.rsh", nn, RegoType.Number, (_, a) => NumberValue.FromBigInteger(Int(a, 0) >> Shift(a, 1)));
    }

    private static BigInteger Int(Value[] a, int i)
    {
        var n = Args.Number(a, i);
        if (!n.TryGetBigInteger(out var v))
        {
            throw Args.OperandError(i, "must be integer number but got floating-point number");
        }

        return v;
    }

    private static int Shift(Value[] a, int i)
    {
        var v = Int(a, i);
        if (v.Sign < 0)
        {
            throw Args.OperandError(i, "must be an unsigned integer number but got a negative integer");
        }

        return (int)BigInteger.Min(v, 1 << 20);
    }
}
