namespace GitOpsFleet.Policies;

/// <summary>
/// Which Rego a module is written in. <see cref="V1"/> (the default) is OPA 1.x's language; <see cref="V0"/> is what
/// OPA 1.x accepts with <c>--v0-compatible</c> or a bundle manifest's <c>"rego_version": 0</c>: bodies without
/// <c>if</c>, <c>p[x] { }</c> as a partial set, and <c>in</c>/<c>every</c>/<c>if</c>/<c>contains</c> only after an
/// <c>import future.keywords</c> (a module that imports <c>rego.v1</c> is read as v1 either way).
/// </summary>
public enum RegoVersion
{
    V1,
    V0,
}
