using System.Numerics;
using GitOpsFleet.Policies.Builtins.Kernels.Time;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>time.*: clock reading, Go-layout parsing and formatting, calendar fields in IANA zones, durations.</summary>
internal static class Time
{
    private static readonly string[] WeekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    internal static void Register(BuiltinRegistry.Builder b)
    {
        var nsOrArray = RegoType.Or(RegoType.Number, RegoType.AnyArray);
        b.AddNondeterministic("time.now_ns", [], RegoType.Number, (ctx, _) => Value.Number(ctx.NowNs));
        b.Add("time.parse_ns", [RegoType.String, RegoType.String], RegoType.Number, (_, a) =>
            Guard(() => Ns(GoLayout.Parse(Args.String(a, 0), Args.String(a, 1)))));
        b.Add("time.parse_rfc3339_ns", [RegoType.String], RegoType.Number, (_, a) =>
            Guard(() => Ns(GoLayout.Parse(GoLayout.Rfc3339, Args.String(a, 0)))));
        b.Add("time.parse_duration_ns", [RegoType.String], RegoType.Number, (_, a) =>
            Guard(() => Value.Number(GoDuration.Parse(Args.String(a, 0)))));
        b.Add("time.date", [nsOrArray], RegoType.Array(RegoType.Number), (_, a) => Guard(() =>
        {
            var local = Instant(a, 0).Local;
            return Numbers(local.Year, local.Month, local.Day);
        }));
        b.Add("time.clock", [nsOrArray], RegoType.Array(RegoType.Number), (_, a) => Guard(() =>
        {
            var local = Instant(a, 0).Local;
            return Numbers(local.Hour, local.Minute, local.Second);
        }));
        b.Add("time.weekday", [nsOrArray], RegoType.String, (_, a) => Guard(() =>
            new StringValue(WeekdayNames[(int)Instant(a, 0).Local.DayOfWeek])));
        b.Add("time.add_date", [RegoType.Number, RegoType.Number, RegoType.Number, RegoType.Number], RegoType.Number, (_, a) => Guard(() =>
        {
            var t = Instant(a, 0);
            var local = t.Local;
            GoTime result;
            try
            {
                result = GoTime.FromLocal(local.Year + (long)Args.BigInt(a, 1), local.Month + (long)Args.BigInt(a, 2), local.Day + (long)Args.BigInt(a, 3),
                    local.Hour, local.Minute, local.Second, t.Nanos, t.Zone);
            }
            catch (ArgumentOutOfRangeException)
            {
                throw BuiltinException.Error("time outside of valid range");
            }

            return Ns(result);
        }));
        b.Add("time.diff", [nsOrArray, nsOrArray], RegoType.Array(RegoType.Number), (_, a) => Guard(() =>
        {
            var t1 = Instant(a, 0);
            var t2 = Instant(a, 1);
            t2 = t2 with { Zone = t1.Zone };
            if (t1.UnixNanos > t2.UnixNanos)
            {
                (t1, t2) = (t2, t1);
            }

            var l1 = t1.Local;
            var l2 = t2.Local;
            int year = l2.Year - l1.Year, month = l2.Month - l1.Month, day = l2.Day - l1.Day;
            int hour = l2.Hour - l1.Hour, min = l2.Minute - l1.Minute, sec = l2.Second - l1.Second;
            if (sec < 0)
            {
                sec += 60;
                min--;
            }

            if (min < 0)
            {
                min += 60;
                hour--;
            }

            if (hour < 0)
            {
                hour += 24;
                day--;
            }

            if (day < 0)
            {
                day += DateTime.DaysInMonth(l1.Year, l1.Month);
                month--;
            }

            if (month < 0)
            {
                month += 12;
                year--;
            }

            return Numbers(year, month, day, hour, min, sec);
        }));
        b.Add("time.format", [nsOrArray], RegoType.String, (_, a) => Guard(() =>
        {
            var layout = a[0] is ArrayValue arr && arr.Count > 2
                ? (arr[2] is StringValue s ? s.Value : throw Args.OperandError(0, "layout must be a string"))
                : GoLayout.Rfc3339Nano;
            return new StringValue(GoLayout.Format(Instant(a, 0), layout));
        }));
    }

    private static ArrayValue Numbers(params int[] values) => new(values.Select(v => (Value)Value.Number(v)).ToArray());

    private static Value Ns(GoTime t)
    {
        var ns = t.UnixNanos;
        if (ns < long.MinValue || ns > long.MaxValue)
        {
            throw BuiltinException.Error("time outside of valid range");
        }

        return Value.Number((long)ns);
    }

    private static Value Guard(Func<Value> body)
    {
        try
        {
            return body();
        }
        catch (FormatException e)
        {
            throw BuiltinException.Error(e.Message);
        }
    }

    /// <summary>An operand that is nanoseconds, or [nanoseconds, zone] (optionally with a layout after the zone).</summary>
    private static GoTime Instant(Value[] a, int i)
    {
        Value nsValue = a[i];
        var zone = TimeZoneInfo.Utc;
        if (a[i] is ArrayValue arr)
        {
            if (arr.Count < 2 || arr.Count > 3)
            {
                throw Args.OperandError(i, "must be an array of 2 or 3 elements");
            }

            nsValue = arr[0];
            zone = arr[1] is StringValue tz ? GoTimeZones.Find(tz.Value) : throw Args.OperandError(i, "timezone must be a string");
        }

        if (nsValue is not NumberValue n)
        {
            throw Args.TypeError(i, nsValue, "number");
        }

        BigInteger ns;
        if (!n.TryGetBigInteger(out ns))
        {
            ns = new BigInteger(Math.Floor(n.ToDouble()));
        }

        if (ns < long.MinValue || ns > long.MaxValue)
        {
            throw BuiltinException.Error("timestamp too big");
        }

        return GoTime.FromUnixNanos((long)ns, zone);
    }
}
