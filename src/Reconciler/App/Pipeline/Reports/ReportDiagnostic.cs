using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// A diagnostic of the run. The record stores each as the line people read
/// (<c>pools/rpc.yaml:12:5: error FLEET012: min exceeds max</c>); this reads the parts back out of it.
/// A line that does not have that form is kept whole as the message, with no code.
/// </summary>
[JsonConverter(typeof(ReportDiagnosticConverter))]
internal sealed partial record ReportDiagnostic(string? File, int Line, int Column, string Code, string Severity, string Message)
{
    public const string Error = "error";
    public const string Warning = "warning";

    [JsonIgnore] public bool IsError => Severity == Error;

    public static ReportDiagnostic From(Diagnostic d) =>
        new(d.Path, d.Line, d.Column, d.Code, d.Severity == DiagnosticSeverity.Error ? Error : Warning, d.Message);

    public static ReportDiagnostic Parse(string text)
    {
        var m = LinePattern().Match(text);
        if (m.Success)
        {
            var location = m.Groups["location"].Value;
            var at = LocationPattern().Match(location);
            var parsed = at.Success
                ? new ReportDiagnostic(at.Groups["file"].Value, Number(at.Groups["line"].Value), Number(at.Groups["column"].Value), m.Groups["code"].Value, m.Groups["severity"].Value, m.Groups["message"].Value)
                : new ReportDiagnostic(location, 0, 0, m.Groups["code"].Value, m.Groups["severity"].Value, m.Groups["message"].Value);
            // Only a reading that prints back to the same line is kept, so a stored record never changes by being read.
            if (parsed.ToString() == text) return parsed;
        }
        return new ReportDiagnostic(null, 0, 0, "", Error, text);
    }

    /// <summary>The same line <see cref="Diagnostic.ToString"/> prints.</summary>
    public override string ToString()
    {
        if (Code.Length == 0) return Message;
        var location = Line > 0 ? $"{File}:{Line.ToString(CultureInfo.InvariantCulture)}:{Column.ToString(CultureInfo.InvariantCulture)}" : File;
        return $"{location}: {Severity} {Code}: {Message}";
    }

    private static int Number(string digits) => int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    [GeneratedRegex(@"^(?<location>.*?): (?<severity>error|warning) (?<code>[^\s:]+): (?<message>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^(?<file>.*):(?<line>[0-9]+):(?<column>[0-9]+)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex LocationPattern();
}
