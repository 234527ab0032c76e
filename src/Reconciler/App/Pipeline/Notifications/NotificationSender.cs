using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

/// <summary>
/// Delivers queued notifications, one at a time, apart from runs. Each delivery is claimed in the store first, so
/// replicas sharing a store never send the same one; it is then tried with backoff (honouring Retry-After) and a
/// timeout per call, and its outcome recorded. The URL and the webhook secret are read only here, at send time.
/// </summary>
internal sealed partial class NotificationSender
{
    private readonly IStateStore _store;
    private readonly HttpClient _http;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<string, string?> _environment;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public NotificationSender(IStateStore store, HttpClient http, NotificationOptions options, TimeProvider time,
        ILogger<NotificationSender>? logger = null, Func<string, string?>? environment = null)
    {
        (_store, _http, _options, _time) = (store, http, options, time);
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryWait,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => Retryable(r.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    // The failed answer is not used again; its connection goes back to the pool.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }
        // Inside the retry, so each call gets the whole timeout rather than sharing one.
        builder.AddTimeout(options.AttemptTimeout);
        _pipeline = builder.Build();
    }

    /// <summary>Sends until the queue has nothing due, then waits <see cref="NotificationOptions.PollInterval"/>; until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                while (await SendNextAsync(cancellationToken))
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A store that is briefly away: the deliveries stay queued and the next round takes them.
                DeliveryFailed(_logger, 0, "-", "-", "-", ex.GetType().Name);
            }
            await Task.Delay(_options.PollInterval, _time, cancellationToken);
        }
    }

    /// <summary>Delivers the oldest due delivery; false when none was due.</summary>
    public async Task<bool> SendNextAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (await _store.ClaimNotificationAsync(now, now + _options.ClaimLease, cancellationToken) is not { } delivery) return false;
        await SendAsync(delivery, cancellationToken);
        return true;
    }

    /// <summary>
    /// Delivers what run <paramref name="runId"/> queued, until none of it is due or <paramref name="cancellationToken"/>
    /// ends (a command's deadline): what is left stays pending, due at once, for the service's sender. A run that queued
    /// nothing costs one query.
    /// </summary>
    public async Task<RunDeliveries> SendRunAsync(long runId, CancellationToken cancellationToken)
    {
        var (delivered, failed) = (0, 0);
        try
        {
            while (true)
            {
                var now = _time.GetUtcNow();
                if (await _store.ClaimRunNotificationAsync(runId, now, now + _options.ClaimLease, cancellationToken) is not { } delivery) break;
                if (await SendAsync(delivery, cancellationToken) == NotificationDelivery.Delivered) delivered++;
                else failed++;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The deadline: the delivery in hand was handed back by SendAsync, the rest was never claimed.
        }
        var left = (await _store.ListNotificationsAsync(null, 1000, CancellationToken.None))
            .Count(d => d.RunId == runId && d.Status == NotificationDelivery.Pending);
        return new RunDeliveries(delivered, failed, left);
    }

    /// <summary>Sends one claimed delivery and records its outcome; returns its status.</summary>
    private async Task<string> SendAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var (status, attempts, error) = await DeliverAsync(delivery, cancellationToken);
        var done = _time.GetUtcNow();
        if (status == NotificationDelivery.Pending)
        {
            // Stopped mid-delivery (shutdown, a command's deadline): handed back due at once rather than held until its
            // lease ends, so the next sender (another replica, the service after a command) takes it without waiting.
            await _store.UpdateNotificationAsync(delivery.Id, NotificationDelivery.Pending, delivery.Attempts + attempts, done, null,
                error ?? delivery.LastError, CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }
        // Not cancellable: a delivery that reached its target must be recorded, or the next sender would send it again.
        await _store.UpdateNotificationAsync(delivery.Id, status, delivery.Attempts + attempts, done,
            status == NotificationDelivery.Delivered ? done : null, error, CancellationToken.None);
        if (status == NotificationDelivery.Delivered) Delivered(_logger, delivery.Id, delivery.Fleet, delivery.Event, delivery.Target, attempts);
        else DeliveryFailed(_logger, delivery.Id, delivery.Fleet, delivery.Event, delivery.Target, error ?? status);
        return status;
    }

    private async Task<(string Status, int Attempts, string? Error)> DeliverAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<NotificationKind>(delivery.Kind, ignoreCase: true, out var kind))
        {
            return (NotificationDelivery.Failed, 0, $"unknown kind {delivery.Kind}");
        }
        if (SecretReferences.Read(delivery.UrlFrom, _environment, out var problem) is not { } urlText)
        {
            return (NotificationDelivery.Failed, 0, "url: " + problem);
        }
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            // Not the text itself: it may be a token pasted in the wrong place.
            return (NotificationDelivery.Failed, 0, $"url from {delivery.UrlFrom} is not an absolute http or https URL");
        }
        string? secret = null;
        if (kind == NotificationKind.Webhook)
        {
            if (delivery.SecretFrom is null || SecretReferences.Read(delivery.SecretFrom, _environment, out problem) is not { } s)
            {
                return (NotificationDelivery.Failed, 0, "secret: " + (problem ?? "no secretFrom"));
            }
            secret = s;
        }
        var body = Encoding.UTF8.GetBytes(NotificationPayloads.Body(kind, NotificationMessage.FromJson(delivery.Payload)));
        var endpoint = NotificationPayloads.Endpoint(kind, url);
        var attempts = 0;
        string? lastProblem = null;
        try
        {
            using var response = await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.UserAgent.ParseAdd("GitOpsFleet");
                request.Headers.TryAddWithoutValidation(NotificationPayloads.EventHeader, delivery.Event);
                request.Headers.TryAddWithoutValidation(NotificationPayloads.DeliveryHeader, delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (secret is not null) request.Headers.TryAddWithoutValidation(NotificationPayloads.SignatureHeader, NotificationPayloads.Signature(secret, body));
                try
                {
                    var answer = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                    if (!answer.IsSuccessStatusCode) Attempt($"HTTP {(int)answer.StatusCode}");
                    return answer;
                }
                catch (HttpRequestException ex)
                {
                    // The request error's kind, not its message, which can name the host.
                    Attempt($"connection failed ({ex.HttpRequestError})");
                    throw;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    Attempt($"no answer within {_options.AttemptTimeout.TotalSeconds:0.#} s");
                    throw;
                }
            }, cancellationToken);
            if (response.IsSuccessStatusCode) return (NotificationDelivery.Delivered, attempts, null);
            return (NotificationDelivery.Failed, attempts, $"HTTP {(int)response.StatusCode} after {attempts} attempt(s)");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            return (NotificationDelivery.Failed, attempts, $"{lastProblem} after {attempts} attempt(s)");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (NotificationDelivery.Pending, attempts, lastProblem is null ? null : $"{lastProblem} after {attempts} attempt(s)");
        }

        void Attempt(string what)
        {
            lastProblem = what;
            AttemptFailed(_logger, delivery.Id, delivery.Target, attempts, what);
        }
    }

    private static bool Retryable(HttpStatusCode code) => (int)code >= 500 || code is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } header) return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null);
        if (wait is not { } w) return null;
        if (w < TimeSpan.Zero) w = TimeSpan.Zero;
        return w > _options.MaxRetryWait ? _options.MaxRetryWait : w;
    }
}
