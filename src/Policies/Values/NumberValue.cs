using System.Globalization;
using System.Numerics;
using System.Text;

namespace GitOpsFleet.Policies.Values;

/// <summary>
/// An exact decimal number: <c>Mantissa * 10^Exponent</c>. The form is canonical so that equal
/// numbers are structurally equal (1 == 1.0 == 1e0): integers up to 10^MaxIntegerExponent keep
/// exponent 0, every other number has no trailing zero in its mantissa.
/// </summary>
public sealed class NumberValue : Value
{
    private const int MaxIntegerExponent = 1000;

    public static readonly NumberValue Zero = new(BigInteger.Zero, 0);
    public static readonly NumberValue One = new(BigInteger.One, 0);

    private static readonly NumberValue[] SmallInts = CreateSmallInts();

    // OPA keeps a number as the text it was read from (Go's json.Number), and sprintf formats a number
    // written with a fraction or an exponent (2.0, 1e3) as a float64 whatever its value; so the text of
    // such a number is kept beside the canonical value. It never takes part in equality or ordering.
    private readonly string? _floatText;

    private NumberValue(BigInteger mantissa, int exponent, string? floatText = null)
    {
        Mantissa = mantissa;
        Exponent = exponent;
        _floatText = floatText;
    }

    public BigInteger Mantissa { get; }

    public int Exponent { get; }

    public override ValueKind Kind => ValueKind.Number;

    public bool IsInteger => Exponent >= 0;

    /// <summary>The text this number was read from when it had a fraction or an exponent (<c>2.0</c>, <c>1e3</c>), else null.</summary>
    internal string? FloatText => _floatText;

    /// <summary>The same number without its source text, as a value computed or converted through float64 reads.</summary>
    internal NumberValue WithoutText() => _floatText is null ? this : Create(Mantissa, Exponent);

    public int Sign => Mantissa.Sign;

    private static NumberValue[] CreateSmallInts()
    {
        var a = new NumberValue[1025];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = new NumberValue(new BigInteger(i - 256), 0);
        }

        return a;
    }

    public static NumberValue Create(BigInteger mantissa, int exponent)
    {
        if (mantissa.IsZero)
        {
            return Zero;
        }

        if (exponent > 0 && exponent <= MaxIntegerExponent)
        {
            mantissa *= BigInteger.Pow(10, exponent);
            exponent = 0;
        }
        else if (exponent < 0 || exponent > MaxIntegerExponent)
        {
            while (exponent < 0 || exponent > MaxIntegerExponent)
            {
                var q = BigInteger.DivRem(mantissa, 10, out var r);
                if (!r.IsZero)
                {
                    break;
                }

                mantissa = q;
                exponent++;
                if (exponent > 0 && exponent <= MaxIntegerExponent)
                {
                    mantissa *= BigInteger.Pow(10, exponent);
                    exponent = 0;
                    break;
                }
            }
        }

        if (exponent == 0 && mantissa >= -256 && mantissa <= 768)
        {
            return SmallInts[(int)mantissa + 256];
        }

        return new NumberValue(mantissa, exponent);
    }

    public static NumberValue FromInt64(long n) =>
        n >= -256 && n <= 768 ? SmallInts[n + 256] : new NumberValue(new BigInteger(n), 0);

    public static NumberValue FromBigInteger(BigInteger n) => Create(n, 0);

    public static NumberValue FromDecimal(decimal d) => Parse(d.ToString(CultureInfo.InvariantCulture));

    /// <exception cref="ArgumentException">For NaN and infinities, which Rego cannot hold.</exception>
    public static NumberValue FromDouble(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            throw new ArgumentException("number is not finite", nameof(d));
        }

        if (d == Math.Floor(d) && Math.Abs(d) < 9e15)
        {
            return FromInt64((long)d);
        }

        return Parse(d.ToString("R", CultureInfo.InvariantCulture));
    }

    public static NumberValue Parse(string text) =>
        TryParse(text, out var n) ? n : throw new FormatException($"invalid number: {text}");

    /// <summary>Parses JSON/Rego number text (sign, digits, fraction, exponent).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NumberValue value)
    {
        value = Zero;
        var i = 0;
        var neg = false;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            neg = text[i] == '-';
            i++;
        }

        var digits = new StringBuilder();
        var exp = 0L;
        var sawDigit = false;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            digits.Append(text[i++]);
            sawDigit = true;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                digits.Append(text[i++]);
                exp--;
                sawDigit = true;
            }
        }

        if (!sawDigit)
        {
            return false;
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            var eneg = false;
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                eneg = text[i] == '-';
                i++;
            }

            var start = i;
            long e = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                e = Math.Min(e * 10 + (text[i++] - '0'), int.MaxValue / 4);
            }

            if (i == start)
            {
                return false;
            }

            exp += eneg ? -e : e;
        }

        if (i != text.Length || exp < int.MinValue / 2 || exp > int.MaxValue / 2)
        {
            return false;
        }

        var m = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        value = Create(neg ? -m : m, (int)exp);
        if (text.ContainsAny('.', 'e', 'E'))
        {
            value = new NumberValue(value.Mantissa, value.Exponent, text.ToString());
        }

        return true;
    }

    public bool TryGetInt32(out int n)
    {
        if (Exponent == 0 && Mantissa >= int.MinValue && Mantissa <= int.MaxValue)
        {
            n = (int)Mantissa;
            return true;
        }

        n = 0;
        return false;
    }

    public bool TryGetInt64(out long n)
    {
        if (Exponent == 0 && Mantissa >= long.MinValue && Mantissa <= long.MaxValue)
        {
            n = (long)Mantissa;
            return true;
        }

        n = 0;
        return false;
    }

    public bool TryGetBigInteger(out BigInteger n)
    {
        if (Exponent >= 0)
        {
            n = Exponent == 0 ? Mantissa : Mantissa * BigInteger.Pow(10, Exponent);
            return true;
        }

        n = BigInteger.Zero;
        return false;
    }

    public double ToDouble() =>
        Exponent == 0 ? (double)Mantissa : double.Parse(ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public decimal? ToDecimalOrNull()
    {
        try
        {
            return decimal.Parse(ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static void Align(NumberValue a, NumberValue b, out BigInteger ma, out BigInteger mb, out int exp)
    {
        if (a.Exponent == b.Exponent)
        {
            ma = a.Mantissa;
            mb = b.Mantissa;
            exp = a.Exponent;
        }
        else if (a.Exponent > b.Exponent)
        {
            ma = a.Mantissa * BigInteger.Pow(10, a.Exponent - b.Exponent);
            mb = b.Mantissa;
            exp = b.Exponent;
        }
        else
        {
            ma = a.Mantissa;
            mb = b.Mantissa * BigInteger.Pow(10, b.Exponent - a.Exponent);
            exp = a.Exponent;
        }
    }

    public NumberValue Add(NumberValue other)
    {
        if (Exponent == 0 && other.Exponent == 0)
        {
            return Create(Mantissa + other.Mantissa, 0);
        }

        Align(this, other, out var a, out var b, out var e);
        return Create(a + b, e);
    }

    public NumberValue Subtract(NumberValue other)
    {
        if (Exponent == 0 && other.Exponent == 0)
        {
            return Create(Mantissa - other.Mantissa, 0);
        }

        Align(this, other, out var a, out var b, out var e);
        return Create(a - b, e);
    }

    public NumberValue Multiply(NumberValue other) => Create(Mantissa * other.Mantissa, Exponent + other.Exponent);

    public NumberValue Negate() => Create(-Mantissa, Exponent);

    public NumberValue Abs() => Mantissa.Sign < 0 ? Negate() : this;

    /// <summary>Exact quotient where the decimal expansion terminates, else a 64-bit float approximation.</summary>
    /// <exception cref="DivideByZeroException">When <paramref name="other"/> is zero.</exception>
    public NumberValue Divide(NumberValue other)
    {
        if (other.Mantissa.IsZero)
        {
            throw new DivideByZeroException();
        }

        // value = (ma / mb) * 10^(ea-eb); the quotient terminates iff mb/gcd has only factors 2 and 5.
        var g = BigInteger.GreatestCommonDivisor(Mantissa, other.Mantissa);
        var p = Mantissa / g;
        var q = other.Mantissa / g;
        if (q.Sign < 0)
        {
            p = -p;
            q = -q;
        }

        var twos = 0;
        var fives = 0;
        var rest = q;
        while (!rest.IsZero && rest.IsEven)
        {
            rest /= 2;
            twos++;
        }

        while (!rest.IsZero && (rest % 5).IsZero)
        {
            rest /= 5;
            fives++;
        }

        if (rest.IsOne && twos + fives <= 400)
        {
            var k = Math.Max(twos, fives);
            var scaled = p * BigInteger.Pow(10, k) / q;
            return Create(scaled, Exponent - other.Exponent - k);
        }

        // A quotient without a finite decimal expansion: OPA computes it as a big.Float with a 64-bit
        // mantissa and prints the shortest decimal that reads back to the same value.
        var num = p;
        var den = q;
        var exp10 = Exponent - other.Exponent;
        if (exp10 >= 0)
        {
            num *= BigInteger.Pow(10, exp10);
        }
        else
        {
            den *= BigInteger.Pow(10, -exp10);
        }

        return ShortestBinary64(num, den);
    }

    private static readonly BigInteger Two63 = BigInteger.One << 63;
    private static readonly BigInteger Two64 = BigInteger.One << 64;

    /// <summary>Rounds |num|/den (den &gt; 0) to a 64-bit binary mantissa: value = m * 2^e with 2^63 &lt;= m &lt; 2^64, half to even.</summary>
    private static (BigInteger M, long E) RoundBinary64(BigInteger num, BigInteger den)
    {
        num = BigInteger.Abs(num);
        long e = (long)(num.GetBitLength() - den.GetBitLength()) - 64;
        while (true)
        {
            var n = e < 0 ? num << (int)(-e) : num;
            var d = e > 0 ? den << (int)e : den;
            var m = BigInteger.DivRem(n, d, out var rem);
            var twice = rem * 2;
            if (twice > d || (twice == d && !m.IsEven))
            {
                m += 1;
            }

            if (m >= Two64)
            {
                e++;
                continue;
            }

            if (m < Two63)
            {
                e--;
                continue;
            }

            return (m, e);
        }
    }

    private static NumberValue ShortestBinary64(BigInteger num, BigInteger den)
    {
        if (num.IsZero)
        {
            return Zero;
        }

        var neg = num.Sign < 0;
        var target = RoundBinary64(num, den);

        // The binary value as an exact rational: vn / vd.
        var vn = target.E >= 0 ? target.M << (int)target.E : target.M;
        var vd = target.E >= 0 ? BigInteger.One : BigInteger.One << (int)(-target.E);
        var k = (int)Math.Floor(BigInteger.Log10(vn) - BigInteger.Log10(vd));
        for (var digits = 1; digits <= 25; digits++)
        {
            var scale = k - digits + 1;
            var sn = scale >= 0 ? vn : vn * BigInteger.Pow(10, -scale);
            var sd = scale >= 0 ? vd * BigInteger.Pow(10, scale) : vd;
            var d = BigInteger.DivRem(sn, sd, out var rem);
            if (rem * 2 >= sd)
            {
                d += 1;
            }

            var cn = scale >= 0 ? d * BigInteger.Pow(10, scale) : d;
            var cd = scale >= 0 ? BigInteger.One : BigInteger.Pow(10, -scale);
            if (RoundBinary64(cn, cd) == target)
            {
                return Create(neg ? -d : d, scale);
            }
        }

        return Create(neg ? -vn / vd : vn / vd, 0);
    }

    public NumberValue Floor()
    {
        if (IsInteger)
        {
            return this;
        }

        var q = BigInteger.DivRem(Mantissa, BigInteger.Pow(10, -Exponent), out var r);
        if (r.Sign < 0)
        {
            q -= 1;
        }

        return Create(q, 0);
    }

    public NumberValue Ceiling()
    {
        if (IsInteger)
        {
            return this;
        }

        var q = BigInteger.DivRem(Mantissa, BigInteger.Pow(10, -Exponent), out var r);
        if (r.Sign > 0)
        {
            q += 1;
        }

        return Create(q, 0);
    }

    /// <summary>Rounds half away from zero, as Go's math.Round.</summary>
    public NumberValue Round()
    {
        if (IsInteger)
        {
            return this;
        }

        var div = BigInteger.Pow(10, -Exponent);
        var q = BigInteger.DivRem(BigInteger.Abs(Mantissa), div, out var r);
        if (r * 2 >= div)
        {
            q += 1;
        }

        return Create(Mantissa.Sign < 0 ? -q : q, 0);
    }

    private protected override int CompareSameKind(Value other)
    {
        var o = (NumberValue)other;
        if (Exponent == o.Exponent)
        {
            return Mantissa.CompareTo(o.Mantissa);
        }

        if (Mantissa.Sign != o.Mantissa.Sign)
        {
            return Mantissa.Sign.CompareTo(o.Mantissa.Sign);
        }

        Align(this, o, out var a, out var b, out _);
        return a.CompareTo(b);
    }

    private protected override bool EqualsSameKind(Value other)
    {
        var o = (NumberValue)other;
        return Exponent == o.Exponent && Mantissa.Equals(o.Mantissa);
    }

    public override int GetHashCode() => HashCode.Combine(Mantissa, Exponent);

    /// <remarks>A number read with a fraction or an exponent prints as it was written, as OPA's terms do.</remarks>
    public override void WriteRego(StringBuilder sb) => sb.Append(_floatText ?? ToString());

    public override string ToString()
    {
        if (Exponent == 0)
        {
            return Mantissa.ToString(CultureInfo.InvariantCulture);
        }

        var neg = Mantissa.Sign < 0;
        var digits = BigInteger.Abs(Mantissa).ToString(CultureInfo.InvariantCulture);
        if (Exponent > 0)
        {
            return (neg ? "-" : string.Empty) + digits + "e+" + Exponent.ToString(CultureInfo.InvariantCulture);
        }

        var frac = -Exponent;
        if (frac > 40)
        {
            // Scientific form for tiny numbers, as Go's %g would print them.
            var e = digits.Length - 1 - frac;
            var mant = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            return (neg ? "-" : string.Empty) + mant + "e" + (e < 0 ? "-" : "+") + Math.Abs(e).ToString("00", CultureInfo.InvariantCulture);
        }

        string text;
        if (digits.Length > frac)
        {
            text = digits[..^frac] + "." + digits[^frac..];
        }
        else
        {
            text = "0." + new string('0', frac - digits.Length) + digits;
        }

        return neg ? "-" + text : text;
    }
}
