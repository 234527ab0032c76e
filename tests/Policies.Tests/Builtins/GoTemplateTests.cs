using GitOpsFleet.Policies.Evaluation;

namespace GitOpsFleet.Policies.Tests.Builtins;

public sealed class GoTemplateTests
{
    private const string Vars = """{"a": "hi", "n": 3, "xs": ["x", "y"], "m": {"b": 1, "a": 2}, "none": [], "z": null, "t": "<a href='x'>&</a>"}""";

    private static QueryResult Render(string template)
    {
        var engine = PolicyEngine.Compile([new RegoSource("t.rego", "package t\n")]);
        var literal = template.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return engine.Evaluate($"x := strings.render_template(\"{literal}\", {Vars})", options: new EvalOptions { StrictBuiltinErrors = true });
    }

    private static string Text(string template)
    {
        var result = Render(template);
        Assert.Null(result.Error);
        return ((GitOpsFleet.Policies.Values.StringValue)result.Rows[0]["x"]).Value;
    }

    [Theory]
    [InlineData("{{ .a | printf \"%s!\" }}", "hi!")]
    [InlineData("{{ printf \"%d-%s\" .n .a }}", "3-hi")]
    [InlineData("{{ .xs | len }}", "2")]
    [InlineData("{{ (index .xs 1) }}{{ index .m \"a\" }}", "y2")]
    [InlineData("{{ slice .a 1 }}|{{ slice .xs 0 1 }}", "i|[x]")]
    [InlineData("{{ .m }} {{ .xs }}", "map[a:2 b:1] [x y]")]
    public void Render_Pipelines(string template, string expected) => Assert.Equal(expected, Text(template));

    [Theory]
    [InlineData("{{ and 1 .a }}|{{ and 0 .missing.deep }}|{{ or \"\" .a }}|{{ not .none }}", "hi|0|hi|true")]
    [InlineData("{{ eq .n 3 }} {{ eq .a \"x\" \"hi\" }} {{ ne .n 4 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt \"b\" \"a\" }} {{ ge 1 2 }}", "true true true true true true false")]
    [InlineData("{{ print \"a\" 1 2 \"b\" }}|{{ println 1 \"x\" }}", "a1 2b|1 x\n")]
    [InlineData("{{ html .t }}", "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;")]
    [InlineData("{{ js \"it's <b>\" }}", "it\\'s \\u003Cb\\u003E")]
    [InlineData("{{ urlquery \"a b&c=d/é\" }}", "a+b%26c%3Dd%2F%C3%A9")]
    public void Render_BuiltinFunctions(string template, string expected) => Assert.Equal(expected, Text(template));

    [Theory]
    [InlineData("a  {{- .a -}}  b", "ahib")]
    [InlineData("a\n  {{- /* note */ -}}\n  b", "ab")]
    [InlineData("a{{/* note */}}b", "ab")]
    [InlineData("{{ 3 -}} {{- -2 }}", "3-2")]
    public void Render_TrimMarkersAndComments(string template, string expected) => Assert.Equal(expected, Text(template));

    [Theory]
    [InlineData("{{ with .a }}[{{ . }}]{{ else }}none{{ end }}|{{ with .none }}x{{ else }}none{{ end }}", "[hi]|none")]
    [InlineData("{{ if eq .n 1 }}one{{ else if eq .n 3 }}three{{ else }}other{{ end }}", "three")]
    [InlineData("{{ range $i, $v := .xs }}{{ $i }}={{ $v }};{{ end }}", "0=x;1=y;")]
    [InlineData("{{ range $k, $v := .m }}{{ $k }}:{{ $v }} {{ end }}", "a:2 b:1 ")]
    [InlineData("{{ range .none }}x{{ else }}empty{{ end }}", "empty")]
    [InlineData("{{ range .xs }}{{ if eq . \"y\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "x")]
    [InlineData("{{ $x := .n }}{{ range .xs }}{{ $x }}{{ $x = 0 }}{{ end }}{{ $x }}", "300")]
    [InlineData("{{ range $v := .xs }}{{ $.a }}{{ $v }}{{ end }}", "hixhiy")]
    public void Render_ControlStructures(string template, string expected) => Assert.Equal(expected, Text(template));

    [Fact]
    public void Render_MissingKeyAndNull_PrintPlaceholders() =>
        Assert.Equal("<undefined> <no value>", Text("{{ .missing }} {{ .z }}"));

    [Theory]
    [InlineData("{{ .a ")]
    [InlineData("{{ if .a }}x")]
    [InlineData("{{ nosuch 1 }}")]
    [InlineData("{{ eq 1 \"a\" }}")]
    [InlineData("{{ index .xs 5 }}")]
    [InlineData("{{ template \"x\" }}")]
    public void Render_BadTemplate_IsBuiltinError(string template) =>
        Assert.Equal("eval_builtin_error", Render(template).Error?.Code);
}
