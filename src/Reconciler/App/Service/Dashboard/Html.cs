using System.Globalization;
using System.Net;
using System.Text;

namespace GitOpsFleet.Reconciler.Service.Dashboard;

/// <summary>A small HTML writer: every value is encoded, so nothing from a repository or a node can inject markup.</summary>
internal sealed class Html
{
    private readonly StringBuilder _sb = new(8192);

    public Html Raw(string s)
    {
        _sb.Append(s);
        return this;
    }

    public Html Text(string? s)
    {
        _sb.Append(WebUtility.HtmlEncode(s ?? ""));
        return this;
    }

    public Html Tag(string tag, string? text, string? cls = null)
    {
        _sb.Append('<').Append(tag);
        if (cls is not null) _sb.Append(" class=\"").Append(WebUtility.HtmlEncode(cls)).Append('"');
        _sb.Append('>').Append(WebUtility.HtmlEncode(text ?? "")).Append("</").Append(tag).Append('>');
        return this;
    }

    public Html Link(string href, string? text, string? cls = null)
    {
        _sb.Append("<a href=\"").Append(WebUtility.HtmlEncode(href)).Append('"');
        if (cls is not null) _sb.Append(" class=\"").Append(WebUtility.HtmlEncode(cls)).Append('"');
        _sb.Append('>').Append(WebUtility.HtmlEncode(text ?? "")).Append("</a>");
        return this;
    }

    public Html Cell(string? text, string? cls = null) => Tag("td", text, cls);

    public Html Head(params string[] names)
    {
        _sb.Append("<thead><tr>");
        foreach (var n in names) Tag("th", n);
        _sb.Append("</tr></thead>");
        return this;
    }

    public static string Short(string? commit) => commit is null ? "-" : commit.Length > 12 ? commit[..12] : commit;

    public static string When(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public override string ToString() => _sb.ToString();
}
