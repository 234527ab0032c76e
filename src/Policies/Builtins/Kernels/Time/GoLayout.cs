using System.Globalization;
using System.Text;

namespace GitOpsFleet.Policies.Builtins.Kernels.Time;

/// <summary>Go reference-time layouts ("2006-01-02T15:04:05Z07:00"): formatting and parsing.</summary>
internal static class GoLayout
{
    public const string Rfc3339 = "2006-01-02T15:04:05Z07:00";
    public const string Rfc3339Nano = "2006-01-02T15:04:05.999999999Z07:00";

    private static readonly string[] LongMonths = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];
    private static readonly string[] ShortMonths = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames[..12];
    private static readonly string[] LongDays = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;
    private static readonly string[] ShortDays = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedDayNames;

    /// <summary>Go's named layout constants, which OPA accepts by name.</summary>
    public static string Resolve(string layout) => layout switch
    {
        "ANSIC" => "Mon Jan _2 15:04:05 2006",
        "UnixDate" => "Mon Jan _2 15:04:05 MST 2006",
        "RubyDate" => "Mon Jan 02 15:04:05 -0700 2006",
        "RFC822" => "02 Jan 06 15:04 MST",
        "RFC822Z" => "02 Jan 06 15:04 -0700",
        "RFC850" => "Monday, 02-Jan-06 15:04:05 MST",
        "RFC1123" => "Mon, 02 Jan 2006 15:04:05 MST",
        "RFC1123Z" => "Mon, 02 Jan 2006 15:04:05 -0700",
        "RFC3339" => Rfc3339,
        "RFC3339Nano" => Rfc3339Nano,
        "Kitchen" => "3:04PM",
        "Stamp" => "Jan _2 15:04:05",
        "StampMilli" => "Jan _2 15:04:05.000",
        "StampMicro" => "Jan _2 15:04:05.000000",
        "StampNano" => "Jan _2 15:04:05.000000000",
        "DateTime" => "2006-01-02 15:04:05",
        "DateOnly" => "2006-01-02",
        "TimeOnly" => "15:04:05",
        _ => layout,
    };

    /// <summary>Finds the next layout element at or after <paramref name="i"/>: returns its start, length and text.</summary>
    private static (int Start, int Length) NextChunk(string layout, int i)
    {
        for (; i < layout.Length; i++)
        {
            var rest = layout.AsSpan(i);
            int len = rest[0] switch
            {
                'J' when rest.StartsWith("January") => 7,
                'J' when rest.StartsWith("Jan") => 3,
                'M' when rest.StartsWith("Monday") => 6,
                'M' when rest.StartsWith("Mon") => 3,
                'M' when rest.StartsWith("MST") => 3,
                '0' when rest.StartsWith("002") => 3,
                '0' when rest.Length >= 2 && rest[1] >= '1' && rest[1] <= '6' => 2,
                '1' when rest.StartsWith("15") => 2,
                '1' => 1,
                '2' when rest.StartsWith("2006") => 4,
                '2' => 1,
                '_' when rest.StartsWith("__2") => 3,
                '_' when rest.StartsWith("_2") && !rest.StartsWith("_2006") => 2,
                '3' or '4' or '5' => 1,
                'P' when rest.StartsWith("PM") => 2,
                'p' when rest.StartsWith("pm") => 2,
                '-' when rest.StartsWith("-07:00:00") => 9,
                '-' when rest.StartsWith("-070000") => 7,
                '-' when rest.StartsWith("-07:00") => 6,
                '-' when rest.StartsWith("-0700") => 5,
                '-' when rest.StartsWith("-07") => 3,
                'Z' when rest.StartsWith("Z07:00:00") => 9,
                'Z' when rest.StartsWith("Z070000") => 7,
                'Z' when rest.StartsWith("Z07:00") => 6,
                'Z' when rest.StartsWith("Z0700") => 5,
                'Z' when rest.StartsWith("Z07") => 3,
                '.' or ',' when FractionLength(rest) is > 0 and var f => f,
                _ => 0,
            };
            if (len > 0)
            {
                return (i, len);
            }
        }

        return (layout.Length, 0);
    }

    private static int FractionLength(ReadOnlySpan<char> rest)
    {
        if (rest.Length < 2 || (rest[1] != '0' && rest[1] != '9'))
        {
            return 0;
        }

        var j = 1;
        while (j < rest.Length && rest[j] == rest[1])
        {
            j++;
        }

        return j < rest.Length && char.IsAsciiDigit(rest[j]) ? 0 : j;
    }

    public static string Format(GoTime t, string layout)
    {
        layout = Resolve(layout);
        var local = t.Local;
        var offset = t.Offset;
        var sb = new StringBuilder();
        var i = 0;
        while (i < layout.Length)
        {
            var (start, len) = NextChunk(layout, i);
            sb.Append(layout, i, start - i);
            if (len == 0)
            {
                break;
            }

            var chunk = layout.Substring(start, len);
            i = start + len;
            var hour12 = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
            switch (chunk)
            {
                case "January": sb.Append(LongMonths[local.Month - 1]); break;
                case "Jan": sb.Append(ShortMonths[local.Month - 1]); break;
                case "Monday": sb.Append(LongDays[(int)local.DayOfWeek]); break;
                case "Mon": sb.Append(ShortDays[(int)local.DayOfWeek]); break;
                case "MST": sb.Append(t.ZoneAbbreviation); break;
                case "002": sb.Append(local.DayOfYear.ToString("000", CultureInfo.InvariantCulture)); break;
                case "__2": sb.Append(local.DayOfYear.ToString(CultureInfo.InvariantCulture).PadLeft(3)); break;
                case "01": sb.Append(local.Month.ToString("00", CultureInfo.InvariantCulture)); break;
                case "1": sb.Append(local.Month.ToString(CultureInfo.InvariantCulture)); break;
                case "02": sb.Append(local.Day.ToString("00", CultureInfo.InvariantCulture)); break;
                case "2": sb.Append(local.Day.ToString(CultureInfo.InvariantCulture)); break;
                case "_2": sb.Append(local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)); break;
                case "03": sb.Append(hour12.ToString("00", CultureInfo.InvariantCulture)); break;
                case "3": sb.Append(hour12.ToString(CultureInfo.InvariantCulture)); break;
                case "15": sb.Append(local.Hour.ToString("00", CultureInfo.InvariantCulture)); break;
                case "04": sb.Append(local.Minute.ToString("00", CultureInfo.InvariantCulture)); break;
                case "4": sb.Append(local.Minute.ToString(CultureInfo.InvariantCulture)); break;
                case "05": sb.Append(local.Second.ToString("00", CultureInfo.InvariantCulture)); break;
                case "5": sb.Append(local.Second.ToString(CultureInfo.InvariantCulture)); break;
                case "2006": sb.Append(local.Year.ToString("0000", CultureInfo.InvariantCulture)); break;
                case "06": sb.Append((local.Year % 100).ToString("00", CultureInfo.InvariantCulture)); break;
                case "PM": sb.Append(local.Hour >= 12 ? "PM" : "AM"); break;
                case "pm": sb.Append(local.Hour >= 12 ? "pm" : "am"); break;
                default:
                    if (chunk[0] is '.' or ',')
                    {
                        var digits = t.Nanos.ToString("000000000", CultureInfo.InvariantCulture)[..(len - 1)];
                        if (chunk[1] == '9')
                        {
                            digits = digits.TrimEnd('0');
                            if (digits.Length > 0)
                            {
                                sb.Append(chunk[0]).Append(digits);
                            }
                        }
                        else
                        {
                            sb.Append(chunk[0]).Append(digits);
                        }
                    }
                    else
                    {
                        AppendZone(sb, chunk, offset);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    private static void AppendZone(StringBuilder sb, string chunk, TimeSpan offset)
    {
        if (chunk[0] == 'Z' && offset == TimeSpan.Zero)
        {
            sb.Append('Z');
            return;
        }

        var total = (int)offset.TotalSeconds;
        sb.Append(total < 0 ? '-' : '+');
        total = Math.Abs(total);
        var h = total / 3600;
        var m = total / 60 % 60;
        var s = total % 60;
        var body = chunk[1..];
        sb.Append(h.ToString("00", CultureInfo.InvariantCulture));
        switch (body)
        {
            case "07":
                break;
            case "0700":
                sb.Append(m.ToString("00", CultureInfo.InvariantCulture));
                break;
            case "07:00":
                sb.Append(':').Append(m.ToString("00", CultureInfo.InvariantCulture));
                break;
            case "070000":
                sb.Append(m.ToString("00", CultureInfo.InvariantCulture)).Append(s.ToString("00", CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append(':').Append(m.ToString("00", CultureInfo.InvariantCulture)).Append(':').Append(s.ToString("00", CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Parses <paramref name="value"/> by <paramref name="layout"/>; a value without zone is UTC.</summary>
    public static GoTime Parse(string layout, string value)
    {
        var originalLayout = layout;
        layout = Resolve(layout);
        long year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
        var nanos = 0;
        bool? pm = null;
        TimeSpan? offset = null;
        var li = 0;
        var v = value;
        FormatException Fail(string elem, string rest) =>
            new($"parsing time {Q(value)} as {Q(originalLayout)}: cannot parse {Q(rest)} as {Q(elem)}");

        while (true)
        {
            var (start, len) = NextChunk(layout, li);
            var literal = layout[li..start];
            if (!v.StartsWith(literal, StringComparison.Ordinal))
            {
                throw Fail(literal, v);
            }

            v = v[literal.Length..];
            if (len == 0)
            {
                if (v.Length > 0)
                {
                    throw new FormatException($"parsing time {Q(value)}: extra text: {Q(v)}");
                }

                break;
            }

            var chunk = layout.Substring(start, len);
            li = start + len;
            var before = v;
            switch (chunk)
            {
                case "January" or "Jan":
                    var names = chunk == "January" ? LongMonths : ShortMonths;
                    var mi = Array.FindIndex(names, n => v.StartsWith(n, StringComparison.OrdinalIgnoreCase));
                    if (mi < 0)
                    {
                        throw Fail(chunk, before);
                    }

                    month = mi + 1;
                    v = v[names[mi].Length..];
                    break;
                case "Monday" or "Mon":
                    var days = chunk == "Monday" ? LongDays : ShortDays;
                    var di = Array.FindIndex(days, n => v.StartsWith(n, StringComparison.OrdinalIgnoreCase));
                    if (di < 0)
                    {
                        throw Fail(chunk, before);
                    }

                    v = v[days[di].Length..];
                    break;
                case "MST":
                    var k = 0;
                    while (k < v.Length && char.IsAsciiLetterUpper(v[k]))
                    {
                        k++;
                    }

                    if (k < 3)
                    {
                        throw Fail(chunk, before);
                    }

                    // Abbreviations other than UTC/GMT are ambiguous; Go then assumes a zero offset.
                    offset ??= TimeSpan.Zero;
                    v = v[k..];
                    break;
                case "01" or "1":
                    month = Digits(ref v, chunk.Length == 2 ? 2 : 0, chunk, before, Fail);
                    if (month < 1 || month > 12)
                    {
                        throw new FormatException($"parsing time {Q(value)}: month out of range");
                    }

                    break;
                case "02" or "2" or "_2":
                    if (chunk == "_2" && v.StartsWith(' '))
                    {
                        v = v[1..];
                    }

                    day = Digits(ref v, chunk == "02" ? 2 : 0, chunk, before, Fail);
                    break;
                case "002" or "__2":
                    v = v.TrimStart(' ');
                    Digits(ref v, 3, chunk, before, Fail);
                    break;
                case "15" or "03" or "3":
                    hour = Digits(ref v, chunk.Length == 2 ? 2 : 0, chunk, before, Fail);
                    if (hour > (chunk == "15" ? 23 : 12))
                    {
                        throw new FormatException($"parsing time {Q(value)}: hour out of range");
                    }

                    break;
                case "04" or "4":
                    minute = Digits(ref v, chunk.Length, chunk, before, Fail);
                    break;
                case "05" or "5":
                    second = Digits(ref v, chunk.Length, chunk, before, Fail);
                    // A fraction may follow seconds even when the layout has none.
                    if (v.Length > 1 && (v[0] == '.' || v[0] == ',') && char.IsAsciiDigit(v[1]) && !NextIsFraction(layout, li))
                    {
                        var f = 1;
                        while (f < v.Length && char.IsAsciiDigit(v[f]))
                        {
                            f++;
                        }

                        nanos = Fraction(v[1..f]);
                        v = v[f..];
                    }

                    break;
                case "2006":
                    if (v.Length < 4 || !v[..4].All(char.IsAsciiDigit))
                    {
                        throw Fail(chunk, before);
                    }

                    year = long.Parse(v[..4], CultureInfo.InvariantCulture);
                    v = v[4..];
                    break;
                case "06":
                    var yy = Digits(ref v, 2, chunk, before, Fail);
                    year = yy >= 69 ? 1900 + yy : 2000 + yy;
                    break;
                case "PM" or "pm":
                    if (v.Length < 2)
                    {
                        throw Fail(chunk, before);
                    }

                    var ap = v[..2].ToUpperInvariant();
                    pm = ap == "PM" ? true : ap == "AM" ? false : throw Fail(chunk, before);
                    v = v[2..];
                    break;
                default:
                    if (chunk[0] is '.' or ',')
                    {
                        var f = 1;
                        while (f < v.Length && char.IsAsciiDigit(v[f]))
                        {
                            f++;
                        }

                        if (v.Length == 0 || (v[0] != '.' && v[0] != ','))
                        {
                            if (chunk[1] == '9')
                            {
                                break;
                            }

                            throw Fail(chunk, before);
                        }

                        nanos = Fraction(v[1..f]);
                        v = v[f..];
                    }
                    else
                    {
                        offset = ParseZone(ref v, chunk) ?? throw Fail(chunk, before);
                    }

                    break;
            }
        }

        if (pm == true && hour < 12)
        {
            hour += 12;
        }
        else if (pm == false && hour == 12)
        {
            hour = 0;
        }

        if (day < 1 || day > DateTime.DaysInMonth((int)Math.Clamp(year, 1, 9999), (int)month))
        {
            throw new FormatException($"parsing time {Q(value)}: day out of range");
        }

        var zone = offset is { } o ? GoTimeZones.Fixed(o) : TimeZoneInfo.Utc;
        return GoTime.FromLocal(year, month, day, hour, minute, second, nanos, zone, offset ?? TimeSpan.Zero);
    }

    private static bool NextIsFraction(string layout, int li) =>
        li < layout.Length && (layout[li] == '.' || layout[li] == ',') && FractionLength(layout.AsSpan(li)) > 0;

    private static int Fraction(string digits)
    {
        var d = digits.Length > 9 ? digits[..9] : digits.PadRight(9, '0');
        return int.Parse(d, CultureInfo.InvariantCulture);
    }

    private static long Digits(ref string v, int fixedWidth, string elem, string before, Func<string, string, FormatException> fail)
    {
        var n = 0;
        if (fixedWidth > 0)
        {
            if (v.Length < fixedWidth || !v[..fixedWidth].All(char.IsAsciiDigit))
            {
                throw fail(elem, before);
            }

            n = fixedWidth;
        }
        else
        {
            while (n < v.Length && n < 2 && char.IsAsciiDigit(v[n]))
            {
                n++;
            }

            if (n == 0)
            {
                throw fail(elem, before);
            }
        }

        var result = long.Parse(v[..n], CultureInfo.InvariantCulture);
        v = v[n..];
        return result;
    }

    private static TimeSpan? ParseZone(ref string v, string chunk)
    {
        if (chunk[0] == 'Z' && v.StartsWith('Z'))
        {
            v = v[1..];
            return TimeSpan.Zero;
        }

        var body = chunk[1..];
        var len = body.Length + 1;
        if (v.Length < len || (v[0] != '+' && v[0] != '-'))
        {
            return null;
        }

        var s = v[..len];
        var digits = s[1..].Replace(":", "", StringComparison.Ordinal);
        if (!digits.All(char.IsAsciiDigit) || (body.Contains(':', StringComparison.Ordinal) && s[3] != ':'))
        {
            return null;
        }

        var h = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var m = digits.Length >= 4 ? int.Parse(digits[2..4], CultureInfo.InvariantCulture) : 0;
        var sec = digits.Length >= 6 ? int.Parse(digits[4..6], CultureInfo.InvariantCulture) : 0;
        v = v[len..];
        var span = new TimeSpan(h, m, sec);
        return s[0] == '-' ? -span : span;
    }

    private static string Q(string s) => "\"" + s + "\"";
}
