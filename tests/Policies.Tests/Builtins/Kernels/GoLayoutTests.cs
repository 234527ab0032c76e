using GitOpsFleet.Policies.Builtins.Kernels.Time;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class GoLayoutTests
{
    [Theory]
    [InlineData("2006-01-02T15:04:05Z07:00", "2017-06-02T19:00:00-07:00", "1496455200000000000")]
    [InlineData("01/02 03:04:05PM '06 -0700", "06/02 07:00:00PM '17 -0700", "1496455200000000000")]
    [InlineData("RFC822Z", "02 Jun 17 19:00 -0700", "1496455200000000000")]
    [InlineData("2006-01-02T15:04:05Z07:00", "1677-09-21T00:12:43.145224192-00:00", "-9223372036854775808")]
    [InlineData("2006-01-02", "1970-01-02", "86400000000000")]
    public void Parse_LayoutAndValue_GivesUnixNanos(string layout, string value, string expected)
    {
        Assert.Equal(Int128.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), GoLayout.Parse(layout, value).UnixNanos);
    }

    [Fact]
    public void Parse_BeyondInt64Nanos_StillParsesSoCallerCanRejectRange()
    {
        var t = GoLayout.Parse(GoLayout.Rfc3339, "2262-04-11T23:47:16.854775808-00:00");
        Assert.True(t.UnixNanos > long.MaxValue);
    }

    [Fact]
    public void Parse_Mismatch_ReportsGoStyleError()
    {
        var e = Assert.Throws<FormatException>(() => GoLayout.Parse("2006-01-02", "2006/01/02"));
        Assert.StartsWith("parsing time \"2006/01/02\" as \"2006-01-02\": cannot parse", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ZonesAndNamedLayouts_MatchGo()
    {
        var utc = GoTime.FromUnixNanos(1670006453141828752, TimeZoneInfo.Utc);
        Assert.Equal("2022-12-02T18:40:53.141828752Z", GoLayout.Format(utc, GoLayout.Rfc3339Nano));
        var kolkata = utc with { Zone = GoTimeZones.Find("Asia/Kolkata") };
        Assert.Equal("2022-12-03T00:10:53.141828752+05:30", GoLayout.Format(kolkata, GoLayout.Rfc3339Nano));
        Assert.Equal("Sat, 03 Dec 2022 00:10:53 +0530", GoLayout.Format(kolkata, "RFC1123Z"));
        Assert.Equal("Sat Dec 03 00:10:53 +0530 2022", GoLayout.Format(kolkata, "Mon Jan 02 15:04:05 -0700 2006"));
        Assert.Equal("12:10AM .141", GoLayout.Format(kolkata, "03:04PM .000"));
    }

    [Theory]
    [InlineData("100ms", 100_000_000L)]
    [InlineData("1h2m3.5s", 3_723_500_000_000L)]
    [InlineData("-1.5us", -1_500L)]
    public void Duration_Parse_GivesNanoseconds(string text, long expected)
    {
        Assert.Equal(expected, GoDuration.Parse(text));
    }

    [Fact]
    public void Duration_UnknownUnit_Fails()
    {
        Assert.Equal("time: unknown unit \"x\" in duration \"1x\"", Assert.Throws<FormatException>(() => GoDuration.Parse("1x")).Message);
    }

    [Fact]
    public void FromLocal_OverflowingMonthAndDay_Normalises()
    {
        var t = GoTime.FromLocal(2020, 4, 2 + 12, 18, 33, 41, 593912000, TimeZoneInfo.Utc);
        var shifted = GoTime.FromLocal(2020 + 3, 4 + 9, 2 + 12, 18, 33, 41, 593912000, TimeZoneInfo.Utc);
        Assert.Equal(new DateTime(2020, 4, 14, 18, 33, 41), t.Local);
        Assert.Equal(Int128.Parse("1705257221593912000", System.Globalization.CultureInfo.InvariantCulture), shifted.UnixNanos);
    }
}
