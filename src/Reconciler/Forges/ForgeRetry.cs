using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace GitOpsFleet.Forges;

/// <summary>
/// Tries an idempotent sequence of forge calls again after a 5xx, a 429 or a timed-out call, honouring the forge's
/// Retry-After, within <see cref="ForgeCallOptions.PublishBudget"/>. Callers retry whole sequences that look before
/// they write (find the branch's pull request, then open or update), never a bare create: a create whose answer
/// was lost is found by the next attempt instead of being sent twice.
/// </summary>
public sealed class ForgeRetry
{
    private readonly ForgeCallOptions _options;
    private readonly ResiliencePipeline _pipeline;

    public ForgeRetry(ForgeCallOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time }
            // Outermost, so the budget bounds the waits between attempts as well as the attempts.
            .AddTimeout(options.PublishBudget);
        if (options.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.RetryDelay,
                UseJitter = false,
                // A wait longer than a run should be held is the next run's business: the report is already stored.
                ShouldHandle = new PredicateBuilder().Handle<ForgeException>(ex => ex.Retryable && !(ex.RetryAfter > options.MaxRetryWait)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ForgeException { RetryAfter: { } wait } ? (TimeSpan?)wait : null),
            });
        }
        _pipeline = builder.Build();
    }

    /// <summary>
    /// Runs <paramref name="sequence"/> until it succeeds, fails for good or the budget is spent. The last failure is
    /// thrown as it was; a spent budget is a retryable <see cref="ForgeException"/> naming <paramref name="what"/>.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(string what, Func<CancellationToken, Task<T>> sequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ForgeException? last = null;
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                try
                {
                    return await sequence(token);
                }
                catch (ForgeException ex)
                {
                    last = ex;
                    throw;
                }
            }, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            var reason = last is null ? "no answer" : $"last: {last.Message}";
            throw new ForgeException(ForgeErrorKind.Unavailable,
                $"gave up on {what} after {attempts} attempt(s) in {_options.PublishBudget.TotalSeconds:0.#} s ({reason})", last?.StatusCode, last?.RetryAfter, ex);
        }
    }
}
