using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsFleet.Policies.Syntax;
using GitOpsFleet.Policies.Testing;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>
/// `policy test --format json`: the array `opa test --format json` prints, so tools written for OPA's
/// output read ours. Fields follow OPA's: "package" is "data.pkg", "duration" is in nanoseconds,
/// "fail" and "skip" appear only when true, and "output" is the print() text base64-encoded
/// (OPA serialises it as bytes).
/// </summary>
internal static class PolicyTestJson
{
    public static string Write(PolicyTestReport report)
    {
        var array = new JsonArray(report.Results.Select(Result).ToArray());
        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode Result(PolicyTestResult r)
    {
        var node = new JsonObject();
        if (r.Location is { } location)
        {
            node["location"] = Location(location);
        }

        node["package"] = $"data.{r.Package}";
        node["name"] = r.Name;
        if (r.Outcome == PolicyTestOutcome.Fail)
        {
            node["fail"] = true;
        }

        if (r.Outcome == PolicyTestOutcome.Skip)
        {
            node["skip"] = true;
        }

        if (r.Error is { } error)
        {
            var e = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
            if (error.Location is { Line: > 0 } at)
            {
                e["location"] = Location(at);
            }

            node["error"] = e;
        }

        // TimeSpan ticks are 100 ns; OPA's duration is a Go time.Duration, i.e. nanoseconds.
        node["duration"] = r.Duration.Ticks * 100;
        if (r.Output.Count > 0)
        {
            var text = string.Concat(r.Output.Select(line => line + "\n"));
            node["output"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        }

        return node;
    }

    private static JsonObject Location(SourceLocation l) => new() { ["file"] = l.File, ["row"] = l.Line, ["col"] = l.Column };
}
