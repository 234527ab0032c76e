using Microsoft.Extensions.Options;

namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

/// <summary>Lists every bad Notifications setting at start, so the service refuses to run with all of them named.</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options) =>
        options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
