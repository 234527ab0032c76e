namespace GitOpsFleet.Loading.Schema;

/// <summary>One generated JSON Schema: the file name it is published under and its text (indented, ending in a newline).</summary>
public sealed record SchemaFile(string FileName, string Json);
