namespace GitOpsFleet.Model;

public enum DiagnosticSeverity { Error, Warning }

/// <summary>A problem found in repository content, located by file, line and column (1-based; 0 when unknown).</summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, string Path, int Line, int Column)
    : IComparable<Diagnostic>
{
    public override string ToString()
    {
        var location = Line > 0 ? $"{Path}:{Line}:{Column}" : Path;
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return $"{location}: {severity} {Code}: {Message}";
    }

    public int CompareTo(Diagnostic? other)
    {
        if (other is null) return 1;
        var c = string.CompareOrdinal(Path, other.Path);
        if (c != 0) return c;
        c = Line.CompareTo(other.Line);
        return c != 0 ? c : Column.CompareTo(other.Column);
    }
}
