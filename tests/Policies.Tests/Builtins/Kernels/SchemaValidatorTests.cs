using GitOpsFleet.Policies.Builtins.Kernels.JsonSchema;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class SchemaValidatorTests
{
    private static IReadOnlyList<SchemaError> Validate(string schema, string document) =>
        SchemaValidator.Validate(SchemaCompiler.Compile(ValueJson.Parse(schema)), ValueJson.Parse(document));

    [Fact]
    public void Validate_NestedTypeAndRequired_ReportsFieldPaths()
    {
        var errors = Validate(
            """{"properties": {"a": {"type": "array", "items": {"type": "integer"}}}, "required": ["a", "b"]}""",
            """{"a": [1, 2.5, "x"]}""");

        Assert.Equal(
            [
                new SchemaError("required", "(root)", "b is required"),
                new SchemaError("invalid_type", "a.1", "Invalid type. Expected: integer, given: number"),
                new SchemaError("invalid_type", "a.2", "Invalid type. Expected: integer, given: string"),
            ],
            errors);
        Assert.Equal("a.1: Invalid type. Expected: integer, given: number", errors[1].Text);
    }

    [Fact]
    public void Validate_AnyOf_ReportsTheClosestBranch()
    {
        var errors = Validate(
            """{"anyOf": [{"type": "string"}, {"type": "object", "properties": {"n": {"minimum": 10}}}]}""",
            """{"n": 3}""");

        Assert.Equal(["number_any_of", "number_gte"], errors.Select(e => e.Type));
        Assert.Equal("Must be greater than or equal to 10", errors[1].Description);
    }

    [Fact]
    public void Validate_RecursiveReference_ValidatesEveryLevel()
    {
        var schema = """{"definitions": {"node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}, "v": {"type": "integer"}}}}, "$ref": "#/definitions/node"}""";

        var errors = Validate(schema, """{"v": 1, "next": {"v": 2, "next": {"v": "three"}}}""");

        Assert.Equal("next.next.v", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("""{"enum": [1, "a"]}""", "1.0", 0)]
    [InlineData("""{"enum": [1, "a"]}""", "2", 1)]
    [InlineData("""{"const": {"a": [1]}}""", """{"a": [1.0]}""", 0)]
    [InlineData("""{"uniqueItems": true}""", "[1, 2, 1.0]", 1)]
    [InlineData("""{"multipleOf": 0.1}""", "0.3", 0)]
    [InlineData("""{"multipleOf": 0.1}""", "0.35", 1)]
    [InlineData("""{"maxLength": 2}""", "\"\u00e9\u00e9\"", 0)]
    [InlineData("""{"pattern": "^a+$"}""", "\"aab\"", 1)]
    [InlineData("""{"format": "ipv4"}""", "\"10.0.0.1\"", 0)]
    [InlineData("""{"format": "ipv4"}""", "\"::1\"", 1)]
    [InlineData("""{"format": "date-time"}""", "\"2024-02-30T10:00:00Z\"", 1)]
    [InlineData("""{"format": "date-time"}""", "\"2024-02-29T10:00:00.5+01:00\"", 0)]
    [InlineData("""{"format": "no-such-format"}""", "\"anything\"", 0)]
    [InlineData("""{"if": {"minimum": 5}, "then": {"multipleOf": 2}, "else": {"maximum": 0}}""", "7", 2)]
    [InlineData("""{"$schema": "http://json-schema.org/draft-04/schema#", "minimum": 5, "exclusiveMinimum": true}""", "5", 1)]
    [InlineData("""{"exclusiveMinimum": 5}""", "5", 1)]
    [InlineData("""{"additionalProperties": false, "patternProperties": {"^x-": {}}}""", """{"x-a": 1, "b": 2}""", 1)]
    [InlineData("""{"propertyNames": {"maxLength": 1}}""", """{"ab": 1}""", 2)]
    [InlineData("""{"contains": {"type": "string"}}""", "[1, 2]", 2)]
    [InlineData("""{"dependencies": {"a": ["b"]}}""", """{"a": 1}""", 1)]
    [InlineData("false", "1", 1)]
    public void Validate_Keyword_CountsErrors(string schema, string document, int expected)
    {
        Assert.Equal(expected, Validate(schema, document).Count);
    }

    [Theory]
    [InlineData("""{"type": "unknown"}""", "has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]")]
    [InlineData("""{"type": ["string", "string"]}""", "string type is duplicated")]
    [InlineData("""{"minLength": -1}""", "minLength must be greater than or equal to 0")]
    [InlineData("""{"minLength": 3, "maxLength": 2}""", "minLength cannot be greater than maxLength")]
    [InlineData("""{"required": ["a", "a"]}""", "required items must be unique")]
    [InlineData("""{"multipleOf": 0}""", "multipleOf must be strictly greater than 0")]
    [InlineData("""{"properties": []}""", "properties must be of type object")]
    [InlineData("""{"$ref": "other.json"}""", "Reference other.json must be canonical")]
    [InlineData("""{"$schema": "http://json-schema.org/draft-04/schema#", "items": true}""", "Expected: valid schema, given: Invalid JSON")]
    [InlineData("[1]", "schema is invalid")]
    public void Compile_InvalidSchema_ThrowsGojsonschemaMessage(string schema, string message)
    {
        var e = Assert.Throws<SchemaException>(() => SchemaCompiler.Compile(ValueJson.Parse(schema)));

        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("10", "10")]
    [InlineData("1000000", "1e+06")]
    [InlineData("0.5", "0.5")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("-123456.5", "-123456.5")]
    public void FormatLimit_Number_RendersLikeGoBigFloat(string number, string text)
    {
        Assert.Equal(text, SchemaJson.FormatLimit(NumberValue.Parse(number)));
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(123.456, "123.456")]
    [InlineData(-2.5e20, "-250000000000000000000")]
    public void FormatJsonFloat_Double_RendersLikeGoEncodingJson(double d, string text)
    {
        Assert.Equal(text, SchemaJson.FormatJsonFloat(d));
    }
}
