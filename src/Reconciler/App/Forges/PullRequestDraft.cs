namespace GitOpsFleet.Reconciler.Forges;

internal sealed record PullRequestDraft(string Fleet, string Branch, string BaseRef, string Title, string Body, string Fingerprint, string HeadCommit, long RunId);
