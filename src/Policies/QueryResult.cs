using System.Text;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies;

/// <summary>
/// The outcome of one query: a row of variable bindings per solution, plus the value of each
/// query expression per solution (as <c>opa eval</c> reports them), or an error.
/// </summary>
public sealed record QueryResult(
    IReadOnlyList<IReadOnlyDictionary<string, Value>> Rows,
    IReadOnlyList<IReadOnlyList<Value>> Expressions,
    IReadOnlyList<string> ExpressionTexts,
    RegoDiagnostic? Error,
    TimeSpan Elapsed)
{
    public bool IsError => Error is not null;

    /// <summary>At least one solution.</summary>
    public bool IsDefined => Rows.Count > 0;

    /// <summary>The value of the first expression of the first solution (e.g. the document for a query "data.x.y").</summary>
    public Value? FirstValue => Expressions.Count > 0 && Expressions[0].Count > 0 ? Expressions[0][0] : null;

    /// <summary>JSON shaped like <c>opa eval</c>'s output: {"result":[{"expressions":[...],"bindings":{...}}]}.</summary>
    public string ToOpaJson()
    {
        var sb = new StringBuilder();
        if (Error is not null)
        {
            sb.Append("{\"errors\":[{\"code\":");
            ValueJson.WriteJsonString(sb, Error.Code);
            sb.Append(",\"message\":");
            ValueJson.WriteJsonString(sb, Error.Message);
            if (Error.Location is { } l)
            {
                sb.Append(",\"location\":{\"file\":");
                ValueJson.WriteJsonString(sb, l.File);
                sb.Append(",\"row\":").Append(l.Line).Append(",\"col\":").Append(l.Column).Append('}');
            }

            sb.Append("}]}");
            return ValueJson.ToIndentedJson(ValueJson.Parse(sb.ToString()));
        }

        sb.Append('{');
        if (Rows.Count > 0)
        {
            sb.Append("\"result\":[");
            for (var r = 0; r < Rows.Count; r++)
            {
                if (r > 0)
                {
                    sb.Append(',');
                }

                sb.Append("{\"expressions\":[");
                for (var e = 0; e < Expressions[r].Count; e++)
                {
                    if (e > 0)
                    {
                        sb.Append(',');
                    }

                    sb.Append("{\"value\":");
                    ValueJson.WriteJson(sb, Expressions[r][e]);
                    sb.Append(",\"text\":");
                    ValueJson.WriteJsonString(sb, e < ExpressionTexts.Count ? ExpressionTexts[e] : string.Empty);
                    sb.Append('}');
                }

                sb.Append(']');
                if (Rows[r].Count > 0)
                {
                    sb.Append(",\"bindings\":{");
                    var first = true;
                    foreach (var kv in Rows[r].OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    {
                        if (!first)
                        {
                            sb.Append(',');
                        }

                        first = false;
                        ValueJson.WriteJsonString(sb, kv.Key);
                        sb.Append(':');
                        ValueJson.WriteJson(sb, kv.Value);
                    }

                    sb.Append('}');
                }

                sb.Append('}');
            }

            sb.Append(']');
        }

        sb.Append('}');
        return ValueJson.ToIndentedJson(ValueJson.Parse(sb.ToString()));
    }
}
