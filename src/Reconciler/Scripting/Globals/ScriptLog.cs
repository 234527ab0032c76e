namespace GitOpsFleet.Scripting.Globals;

/// <summary>Messages from a script to the run record, bounded in lines and line length so a script cannot fill the store.</summary>
public sealed class ScriptLog
{
    private readonly List<string> _lines = [];
    private readonly int _maxLines;
    private readonly int _maxLineLength;
    private int _dropped;

    internal ScriptLog(int maxLines, int maxLineLength)
    {
        _maxLines = maxLines;
        _maxLineLength = maxLineLength;
    }

    public void Info(string message) => Add("info", message);

    public void Warn(string message) => Add("warn", message);

    internal IReadOnlyList<string> Lines =>
        _dropped == 0 ? _lines.ToList() : [.. _lines, $"({_dropped} more log lines dropped)"];

    private void Add(string level, string? message)
    {
        if (_lines.Count >= _maxLines)
        {
            _dropped++;
            return;
        }
        message ??= "";
        if (message.Length > _maxLineLength) message = message[.._maxLineLength] + "…";
        _lines.Add($"{level}: {message}");
    }
}
