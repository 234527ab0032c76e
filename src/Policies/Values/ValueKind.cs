namespace GitOpsFleet.Policies.Values;

/// <summary>The Rego value types, declared in OPA's cross-type sort order.</summary>
public enum ValueKind
{
    Null = 0,
    Boolean = 1,
    Number = 2,
    String = 3,
    Array = 4,
    Object = 5,
    Set = 6,
}
