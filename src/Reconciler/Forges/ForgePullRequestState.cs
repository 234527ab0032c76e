namespace GitOpsFleet.Forges;

public enum ForgePullRequestState { Open, Closed, Merged }
