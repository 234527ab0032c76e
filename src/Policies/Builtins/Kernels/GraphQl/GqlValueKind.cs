namespace GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

/// <summary>Numeric value kinds as OPA's GraphQL AST reports them in the "Kind" field of a value.</summary>
internal static class GqlValueKind
{
    public const long Variable = 0;
    public const long Int = 1;
    public const long Float = 2;
    public const long String = 3;
    public const long Block = 4;
    public const long Boolean = 5;
    public const long Null = 6;
    public const long Enum = 7;
    public const long List = 8;
    public const long Object = 9;
}
