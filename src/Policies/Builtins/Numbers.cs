using System.Numerics;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>Arithmetic (exact decimals and big integers), rounding and number ranges.</summary>
internal static class Numbers
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        RegoType[] nn = [RegoType.Number, RegoType.Number];
        b.Add("plus", nn, RegoType.Number, (_, a) => Args.Number(a, 0).Add(Args.Number(a, 1)));
        b.Add("minus", [RegoType.Or(RegoType.Number, RegoType.AnySet), RegoType.Or(RegoType.Number, RegoType.AnySet)], RegoType.Any, Minus);
        b.Add("mul", nn, RegoType.Number, (_, a) => Args.Number(a, 0).Multiply(Args.Number(a, 1)));
        b.Add("div", nn, RegoType.Number, (_, a) =>
        {
            var x = Args.Number(a, 0);
            var y = Args.Number(a, 1);
            if (y.Sign == 0)
            {
                throw BuiltinException.Error("divide by zero");
            }

            return x.Divide(y);
        });
        b.Add("rem", nn, RegoType.Number, (_, a) =>
        {
            var x = Args.Number(a, 0);
            var y = Args.Number(a, 1);
            if (!x.TryGetBigInteger(out var xi) || !y.TryGetBigInteger(out var yi))
            {
                throw BuiltinException.Error("modulo on floating-point number");
            }

            if (yi.IsZero)
            {
                throw BuiltinException.Error("modulo by zero");
            }

            return NumberValue.FromBigInteger(BigInteger.Remainder(xi, yi));
        });
        b.Add("abs", [RegoType.Number], RegoType.Number, (_, a) => Args.Number(a, 0).Abs());
        b.Add("round", [RegoType.Number], RegoType.Number, (_, a) => Args.Number(a, 0).Round());
        b.Add("ceil", [RegoType.Number], RegoType.Number, (_, a) => Args.Number(a, 0).Ceiling());
        b.Add("floor", [RegoType.Number], RegoType.Number, (_, a) => Args.Number(a, 0).Floor());
        b.Add("numbers.range", nn, RegoType.Array(RegoType.Number), (ctx, a) =>
        {
            var x = IntOperand(a, 0);
            var y = IntOperand(a, 1);
            return Range(ctx, x, y, BigInteger.One);
        });
        b.Add("numbers.range_step", [RegoType.Number, RegoType.Number, RegoType.Number], RegoType.Array(RegoType.Number), (ctx, a) =>
        {
            var x = IntOperand(a, 0);
            var y = IntOperand(a, 1);
            var step = IntOperand(a, 2);
            if (step.Sign <= 0)
            {
                throw BuiltinException.Error("step must be a positive integer");
            }

            return Range(ctx, x, y, step);
        });
    }

    private static BigInteger IntOperand(Value[] a, int i)
    {
        var n = Args.Number(a, i);
        if (!n.TryGetBigInteger(out var v))
        {
            throw Args.OperandError(i, "must be integer number but got floating-point number");
        }

        return v;
    }

    private static ArrayValue Range(BuiltinContext ctx, BigInteger x, BigInteger y, BigInteger step)
    {
        var items = new List<Value>();
        if (x <= y)
        {
            for (var i = x; i <= y; i += step)
            {
                items.Add(NumberValue.FromBigInteger(i));
                if ((items.Count & 4095) == 0)
                {
                    ctx.ThrowIfCancelled();
                }
            }
        }
        else
        {
            for (var i = x; i >= y; i -= step)
            {
                items.Add(NumberValue.FromBigInteger(i));
                if ((items.Count & 4095) == 0)
                {
                    ctx.ThrowIfCancelled();
                }
            }
        }

        return new ArrayValue(items.ToArray());
    }

    private static Value Minus(BuiltinContext ctx, Value[] a)
    {
        if (a[0] is NumberValue x && a[1] is NumberValue y)
        {
            return x.Subtract(y);
        }

        if (a[0] is SetValue s && a[1] is SetValue t)
        {
            return s.Difference(t);
        }

        if (a[0] is NumberValue)
        {
            throw Args.TypeError(1, a[1], "number");
        }

        if (a[0] is SetValue)
        {
            throw Args.TypeError(1, a[1], "set");
        }

        throw Args.TypeError(0, a[0], "number", "set");
    }
}
