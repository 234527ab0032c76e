namespace GitOpsFleet.Providers.Azure.Tests.Fakes;

internal enum FaultKind { Throttle, ServiceUnavailable, InternalError, ResetConnection }

/// <summary>One bad answer the fake gives to the next request that matches <see cref="Method"/> and <see cref="PathContains"/>.</summary>
internal sealed record InjectedFault(FaultKind Kind, string Method, string PathContains, int RetryAfterSeconds = 0);
