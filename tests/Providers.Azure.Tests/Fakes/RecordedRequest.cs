namespace GitOpsFleet.Providers.Azure.Tests.Fakes;

internal sealed record RecordedRequest(
    string Method,
    string Path,
    string? ApiVersion,
    string? Authorization,
    string Scheme,
    string Body,
    long Timestamp,
    int Status);
