namespace GitOpsFleet.Loading.Yaml;

/// <summary><see cref="Root"/> is null for an empty file or when <see cref="Failed"/> (a syntax error, already reported).</summary>
internal readonly record struct ParsedDocument(Node? Root, bool Failed);
