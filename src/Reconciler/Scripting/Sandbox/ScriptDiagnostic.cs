namespace GitOpsFleet.Scripting.Sandbox;

/// <summary>A problem at a line of a script (1-based; 0 when unknown). The path is added when it is reported, so one cached compilation serves every path holding the same text.</summary>
internal sealed record ScriptDiagnostic(int Line, string Message)
{
    public string Format(string path) => Line > 0 ? $"{path}:{Line}: {Message}" : $"{path}: {Message}";
}
