namespace GitOpsFleet.Reconciler.Service.Access;

/// <summary>
/// What a token may do. Every scope may read; run starts runs; approve approves and rejects plans; admin may do all
/// of these. Approve does not imply run: a person who may decide on a plan has no say on when other runs start,
/// though an approval does start the one run that applies it.
/// </summary>
internal enum ApiScope { Read, Run, Approve, Admin }

internal static class ApiScopes
{
    public static readonly IReadOnlyList<string> Names = ["read", "run", "approve", "admin"];

    public static string Name(ApiScope scope) => Names[(int)scope];

    public static bool TryParse(string? text, out ApiScope scope)
    {
        var i = text is null ? -1 : Names.ToList().IndexOf(text.Trim().ToLowerInvariant());
        scope = i < 0 ? default : (ApiScope)i;
        return i >= 0;
    }
}
