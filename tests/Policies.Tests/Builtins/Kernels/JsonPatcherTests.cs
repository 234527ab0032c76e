using GitOpsFleet.Policies.Builtins.Kernels.Json;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class JsonPatcherTests
{
    private static Value Json(string text) => ValueJson.Parse(text);

    private static Value? Apply(string doc, string ops) => JsonPatcher.Apply(Json(doc), ((ArrayValue)Json(ops)).AsList());

    [Fact]
    public void Apply_AddRemoveReplaceMoveCopy_EditsInOrder()
    {
        var result = Apply(
            """{"a": [1, 2], "b": {"c": 1}}""",
            """
            [{"op": "add", "path": "/a/1", "value": 9},
             {"op": "remove", "path": "/a/0"},
             {"op": "replace", "path": "/b/c", "value": "x"},
             {"op": "move", "from": "/b/c", "path": "/d"},
             {"op": "copy", "from": "/a", "path": "/e"},
             {"op": "add", "path": "/e/-", "value": 3}]
            """);

        Assert.Equal(Json("""{"a": [9, 2], "b": {}, "d": "x", "e": [9, 2, 3]}"""), result);
    }

    [Fact]
    public void Apply_SetMemberPath_AddsToTheSetMemberInPlace()
    {
        var doc = ObjectValue.Of([new(new StringValue("s"), SetValue.Of(new ArrayValue([Value.Number(0)]), new StringValue("a")))]);
        var path = new ArrayValue([new StringValue("s"), new ArrayValue([Value.Number(0)]), Value.Number(1)]);
        var op = ObjectValue.Of([
            new(new StringValue("op"), new StringValue("add")),
            new(new StringValue("path"), path),
            new(new StringValue("value"), Value.Number(1)),
        ]);

        var result = JsonPatcher.Apply(doc, [op]);

        var expected = ObjectValue.Of([new(new StringValue("s"), SetValue.Of(new ArrayValue([Value.Number(0), Value.Number(1)]), new StringValue("a")))]);
        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData("""{"bar": [1, 2]}""", """[{"op": "add", "path": "/bar/8", "value": 5}]""", "out of bounds")]
    [InlineData("""["a", "b"]""", """[{"op": "test", "path": "/01", "value": "b"}]""", "leading zeros")]
    [InlineData("""["a", "b"]""", """[{"op": "test", "path": "/1e0", "value": "b"}]""", "invalid string for indexing")]
    [InlineData("""{"baz": "qux"}""", """[{"op": "test", "path": "/baz", "value": "bar"}]""", "!= patch value")]
    [InlineData("""{"foo": "bar"}""", """[{"op": "add", "path": "/baz/bat", "value": 1}]""", "does not exist")]
    [InlineData("""{"foo": 1}""", """[{"op": "frob", "path": "/foo"}]""", "unrecognized op")]
    [InlineData("""{"foo": 1}""", """[{"path": "/foo"}]""", "missing required attribute 'op'")]
    public void Apply_InvalidOperation_Throws(string doc, string ops, string message)
    {
        var e = Assert.Throws<JsonPatchException>(() => Apply(doc, ops));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_EmptyPath_ReplacesOrRemovesTheRoot()
    {
        Assert.Equal(Json("[]"), Apply("{}", """[{"op": "add", "path": "", "value": []}]"""));
        Assert.Null(Apply("{}", """[{"op": "remove", "path": ""}]"""));
    }

    [Theory]
    [InlineData("/~01", new[] { "~1" })]
    [InlineData("/", new[] { "" })]
    [InlineData("a/b", new[] { "a", "b" })]
    [InlineData("/a~1b/", new[] { "a/b", "" })]
    public void ParsePath_JsonPointer_UnescapesSegments(string pointer, string[] segments)
    {
        var parsed = JsonPatcher.ParsePath(new StringValue(pointer));

        Assert.Equal(segments, parsed.Select(v => ((StringValue)v).Value));
    }
}
