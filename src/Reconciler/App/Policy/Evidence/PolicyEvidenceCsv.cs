using System.Globalization;
using System.Text;

namespace GitOpsFleet.Reconciler.Policy.Evidence;

/// <summary>
/// Evidence as one CSV table (RFC 4180: comma-separated, fields with commas, quotes or line breaks quoted, quotes
/// doubled): a row per rule evaluation, then a row per approval, so a spreadsheet can filter either.
/// </summary>
internal static class PolicyEvidenceCsv
{
    public const string Header = "record,rule,stage,file,verdict,run,fleet,commit,at,by,fingerprint,message";

    public static string Write(PolicyEvidence evidence)
    {
        var sb = new StringBuilder().Append(Header).Append("\r\n");
        foreach (var rule in evidence.Rules)
        {
            foreach (var run in rule.Runs)
            {
                Row(sb, "rule", rule.Rule, rule.Stage, rule.File, run.Verdict, run.Run, run.Fleet, run.Commit, run.At, null, null, string.Join(" | ", run.Messages));
            }
        }
        foreach (var a in evidence.Approvals)
        {
            Row(sb, "approval", null, null, null, a.Decision, a.Run, a.Fleet, null, a.At, a.By, a.Fingerprint, a.Reason);
        }
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string record, string? rule, string? stage, string? file, string verdict, long run, string fleet,
        string? commit, DateTimeOffset at, string? by, string? fingerprint, string? message)
    {
        string?[] fields = [record, rule, stage, file, verdict, run.ToString(CultureInfo.InvariantCulture), fleet, commit,
            at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), by, fingerprint, message];
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Field(fields[i]));
        }
        sb.Append("\r\n");
    }

    // A spreadsheet runs a cell beginning with =, +, - or @ as a formula; policy messages come from untrusted
    // repositories, so such a cell is prefixed with a quote mark (OWASP's advice on CSV injection).
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
