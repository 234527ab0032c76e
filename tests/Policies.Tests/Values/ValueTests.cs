using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Values;

public sealed class ValueTests
{
    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("100", "1e2")]
    [InlineData("0.5", "5e-1")]
    [InlineData("123456789123456789123456789", "123456789123456789123456789.000")]
    public void Number_EqualValuesInDifferentForms_AreEqualWithSameHash(string a, string b)
    {
        var x = NumberValue.Parse(a);
        var y = NumberValue.Parse(b);

        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
    }

    [Fact]
    public void Number_ArithmeticIsExactForDecimalsAndBigIntegers()
    {
        Assert.Equal("0.3", NumberValue.Parse("0.1").Add(NumberValue.Parse("0.2")).ToString());
        Assert.Equal("2.5", NumberValue.Parse("10").Divide(NumberValue.Parse("4")).ToString());
        Assert.Equal("100000000000000000000000000000000000000", NumberValue.Parse("1e19").Multiply(NumberValue.Parse("1e19")).ToString());
        Assert.True(NumberValue.Parse("9007199254740993") > NumberValue.Parse("9007199254740992"));
    }

    [Fact]
    public void Compare_AcrossTypes_FollowsOpaTypeOrder()
    {
        Value[] ordered =
        [
            Value.Null, Value.False, Value.True, Value.Number(-1), Value.Number(2), Value.String("a"),
            new ArrayValue([Value.Number(1)]), ObjectValue.Empty, SetValue.Of(Value.Number(1)),
        ];

        var shuffled = ordered.Reverse().ToList();
        shuffled.Sort(Value.Compare);

        Assert.Equal(ordered, shuffled);
    }

    [Fact]
    public void Set_IsSortedAndDeduplicated_AndSetOpsWork()
    {
        var a = SetValue.Of(Value.Number(3), Value.Number(1), Value.Number(3), Value.Number(2));
        var b = SetValue.Of(Value.Number(2), Value.Number(4));

        Assert.Equal("{1, 2, 3}", a.ToString());
        Assert.Equal("{1, 2, 3, 4}", a.Union(b).ToString());
        Assert.Equal("{2}", a.Intersect(b).ToString());
        Assert.Equal("{1, 3}", a.Difference(b).ToString());
    }

    [Fact]
    public void Json_RoundTripKeepsExactNumbersAndSortsKeys()
    {
        var v = ValueJson.Parse("""{"b": 12345678901234567890123, "a": [1.50, true, null]}""");

        Assert.Equal("""{"a":[1.5,true,null],"b":12345678901234567890123}""", v.ToJson());
        Assert.Equal(v, ValueJson.Parse(v.ToJson()));
    }

    [Fact]
    public void Yaml_ParsesCoreSchemaScalars()
    {
        var v = (ObjectValue)ValueYaml.Parse("a: 1\nb: 'x'\nc: true\nd: ~\ne: [1.5, foo]\n");

        Assert.Equal("""{"a":1,"b":"x","c":true,"d":null,"e":[1.5,"foo"]}""", v.ToJson());
    }

    [Theory]
    [InlineData("1", "3", "0.33333333333333333334")]
    [InlineData("22", "7", "3.1428571428571428572")]
    [InlineData("1", "8", "0.125")]
    [InlineData("1e109", "1e100", "1000000000")]
    public void Divide_NonTerminatingQuotient_PrintsShortest64BitMantissaDecimal(string a, string b, string expected)
    {
        Assert.Equal(expected, NumberValue.Parse(a).Divide(NumberValue.Parse(b)).ToString());
    }
}
