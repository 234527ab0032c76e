using System.Text;
using System.Text.Json;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Values;

public class JsonValueReaderTests
{
    [Fact]
    public void Parse_MatchesJsonElementConversion()
    {
        const string json = """
            {"z": [1, 2.50, -7, 1e3, 123456789012345678901234567890, 70000, 70000],
             "a": {"y": "caf\u00e9", "x": "tab\there", "\u00e9": null, "w": "\ud83d\ude00"},
             "m": [{"k": 1, "j": true}, {"k": 2, "j": false}, {"j": 3, "k": 4}],
             "": "", "long": "0123456789012345678901234567890123456789012345678901234567890123456789"}
            """;
        using var doc = JsonDocument.Parse(json);
        var expected = ValueJson.FromElement(doc.RootElement);

        Assert.Equal(expected, ValueJson.Parse(json));
        Assert.Equal(expected, ValueJson.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(expected.ToJson(), ValueJson.Parse(json).ToJson());
    }

    [Fact]
    public void Parse_DuplicateKey_LaterValueWins()
    {
        var v = (ObjectValue)ValueJson.Parse("""{"a": 1, "b": 2, "a": 3}""");

        Assert.Equal(2, v.Count);
        Assert.Equal(Value.Number(3), v.Get("a"));
        Assert.Equal(Value.Number(2), v.Get("b"));
    }

    [Fact]
    public void Parse_ObjectsWithSameKeys_ShareSortedKeyArray()
    {
        var v = (ArrayValue)ValueJson.Parse("""[{"b": 1, "a": 2}, {"b": 3, "a": 4}, {"a": 5, "b": 6}]""");
        var first = (ObjectValue)v[0];
        var second = (ObjectValue)v[1];
        var third = (ObjectValue)v[2];

        Assert.True(first.Keys == second.Keys, "same key order should share one sorted key array");
        Assert.Equal(["a", "b"], first.KeyList.Select(k => ((StringValue)k).Value));
        Assert.Equal([Value.Number(2), Value.Number(1)], first.ValueList);
        Assert.Equal([Value.Number(4), Value.Number(3)], second.ValueList);
        Assert.Equal([Value.Number(5), Value.Number(6)], third.ValueList);
    }

    [Fact]
    public void Parse_RepeatedStringsAcrossDocuments_StayCorrect()
    {
        // The string and key caches live on between parses; different strings in the same slot must not mix.
        for (var i = 0; i < 3000; i++)
        {
            var s = "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var v = (ObjectValue)ValueJson.Parse($$"""{"{{s}}": "{{s}}", "n": {{100_000 + i}}}""");
            Assert.Equal(s, ((StringValue)v.Get(s)!).Value);
            Assert.Equal(Value.Number(100_000 + i), v.Get("n"));
        }
    }

    [Fact]
    public void Parse_RepeatedShortStrings_AreShared()
    {
        var v = (ArrayValue)ValueJson.Parse("""["prod", "prod", "pr\u006fd"]""");

        Assert.Same(v[0], v[1]);
        Assert.Equal(v[0], v[2]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1, 2")]
    [InlineData("{\"a\" 1}")]
    [InlineData("1 2")]
    public void Parse_InvalidJson_Throws(string json)
    {
        Assert.ThrowsAny<JsonException>(() => ValueJson.Parse(json));
        Assert.False(ValueJson.TryParse(json, out _));
    }

    [Fact]
    public void Parse_InvalidUtf8InString_IsRejected()
    {
        byte[] bytes = [(byte)'"', 0xC3, 0x28, (byte)'"'];

        Assert.ThrowsAny<Exception>(() => ValueJson.Parse(bytes));
    }

    [Fact]
    public async Task ParseAsync_NonSeekableStreamLargerThanFirstBuffer_ReadsEverything()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 40_000).Select(i => $$"""{"i": {{i}}}""")) + "]";
        using var stream = new NonSeekableStream(Encoding.UTF8.GetBytes(json));

        var v = (ArrayValue)await ValueJson.ParseAsync(stream, CancellationToken.None);

        Assert.Equal(40_000, v.Count);
        Assert.Equal(Value.Number(39_999), ((ObjectValue)v[39_999]).Get("i"));
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
