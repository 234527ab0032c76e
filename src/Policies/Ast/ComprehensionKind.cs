namespace GitOpsFleet.Policies.Ast;

internal enum ComprehensionKind
{
    Array,
    Set,
    Object,
}
