using GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class GqlParserTests
{
    [Fact]
    public void ParseQuery_FieldWithArguments_RecordsAliasNameAndValueKinds()
    {
        var doc = GqlApi.ParseQuery("query Q($id: ID!) { a: node(id: $id, n: 4, s: \"x\", l: [1], e: RED) { id } }");
        var op = doc.Objs("Operations").Single();
        Assert.Equal("Q", op.Str("Name"));
        var field = op.Objs("SelectionSet").Single();
        Assert.Equal("a", field.Str("Alias"));
        Assert.Equal("node", field.Str("Name"));
        var kinds = field.Objs("Arguments").Select(arg => arg.Obj("Value")!.Num("Kind")).ToArray();
        Assert.Equal([GqlValueKind.Variable, GqlValueKind.Int, GqlValueKind.String, GqlValueKind.List, GqlValueKind.Enum], kinds);
        var variable = op.Objs("VariableDefinitions").Single();
        Assert.True(variable.Obj("Type")!.Bool("NonNull"));
    }

    [Theory]
    [InlineData("{", "Expected Name, found <EOF>", 1, 2)]
    [InlineData("{ field: {} }", "Expected Name, found {", 1, 10)]
    [InlineData("notanoperation Foo { field }", "Unexpected Name \"notanoperation\"", 1, 1)]
    [InlineData("{...{__typename{...{}}}}", "expected at least one definition, found }", 1, 21)]
    [InlineData("query Foo($x: Complex = { a: [ $var ] }) { field }", "Unexpected $", 1, 32)]
    public void ParseQuery_InvalidText_ReportsMessageAndLocation(string text, string message, int line, int column)
    {
        var e = Assert.Throws<GqlException>(() => GqlApi.ParseQuery(text));
        Assert.Equal(message, e.Message);
        Assert.Equal((line, column), (e.Line, e.Column));
    }

    [Fact]
    public void ParseSchema_BlockDescription_IsDedented()
    {
        var doc = GqlApi.ParseSchema("\"\"\"\n    Line one\n      indented\n    \"\"\"\ntype T { f: [String!]! }");
        var def = doc.Objs("Definitions").Single();
        Assert.Equal("Line one\n  indented", def.Str("Description"));
        var type = def.Objs("Fields").Single().Obj("Type")!;
        Assert.Equal("[String!]!", GqlSchema.TypeString(type));
    }

    [Fact]
    public void ParseSchema_DescriptionOnExtension_IsRejectedAtTheString()
    {
        var e = Assert.Throws<GqlException>(() => GqlApi.ParseSchema("\n  \"D\"\n  extend type T { f: Int }"));
        Assert.Equal("Unexpected String \"D\"", e.Message);
        Assert.Equal((2, 4), (e.Line, e.Column));
    }

    [Fact]
    public void LoadSchema_UnknownInterface_Fails()
    {
        var e = Assert.Throws<GqlException>(() => GqlApi.LoadSchema(GqlApi.ParseSchema("type A implements B { f: Int }")));
        Assert.Contains("B", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadSchema_ObjectInInputField_Fails()
    {
        Assert.Throws<GqlException>(() => GqlApi.LoadSchema(GqlApi.ParseSchema("type P { f: Int } input I { p: P }")));
    }

    [Fact]
    public void ValidateQuery_ReportsUnknownFieldMissingArgumentAndUnusedVariable()
    {
        var schema = GqlApi.LoadSchema(GqlApi.ParseSchema("type Query { a(x: Int!): String b: String }"));
        Assert.Empty(GqlApi.ValidateQuery(schema, GqlApi.ParseQuery("query($v: Int!) { a(x: $v) b }")));
        var errors = GqlApi.ValidateQuery(schema, GqlApi.ParseQuery("query($u: Int) { a c }")).Select(e => e.Message).ToList();
        Assert.Contains("Field \"a\" argument \"x\" of type \"Int!\" is required, but it was not provided.", errors);
        Assert.Contains("Cannot query field \"c\" on type \"Query\".", errors);
        Assert.Contains("Variable \"$u\" is never used.", errors);
    }

    [Fact]
    public void ValidateQuery_WrongLiteralType_IsAnError()
    {
        var schema = GqlApi.LoadSchema(GqlApi.ParseSchema("enum E { X } type Query { a(x: Int, e: E): String }"));
        Assert.NotEmpty(GqlApi.ValidateQuery(schema, GqlApi.ParseQuery("{ a(x: \"s\") }")));
        Assert.NotEmpty(GqlApi.ValidateQuery(schema, GqlApi.ParseQuery("{ a(e: Y) }")));
        Assert.Empty(GqlApi.ValidateQuery(schema, GqlApi.ParseQuery("{ a(x: 1, e: X) }")));
    }
}
