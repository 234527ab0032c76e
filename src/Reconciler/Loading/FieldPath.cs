namespace GitOpsFleet.Loading;

/// <summary>A field's dotted name ("spec.replicas.min"), joined only when a message needs it.</summary>
internal readonly record struct FieldPath(string Parent, string Key)
{
    public override string ToString() => Parent.Length == 0 ? Key : Key.Length == 0 ? Parent : Parent + "." + Key;

    /// <summary>"in spec.replicas", or "at the top level" for the document's root mapping.</summary>
    public static string Where(string path) => path.Length == 0 ? "at the top level" : "in " + path;
}
