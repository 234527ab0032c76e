namespace GitOpsFleet.Policies.Testing;

public enum PolicyTestOutcome
{
    Pass,
    Fail,
    Error,
    Skip,
}
