using System.Net;
using System.Text;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Opa;

/// <summary>
/// A client of OPA's REST Data API: <c>POST /v1/data/{path}</c> with <c>{"input": ...}</c>.
/// Transient faults are retried with exponential back-off; anything else, or running out of
/// attempts, throws <see cref="OpaClientException"/> so that the caller fails closed.
/// </summary>
public sealed class OpaClient
{
    private readonly HttpClient _http;
    private readonly OpaClientOptions _options;
    private readonly TimeProvider _time;

    public OpaClient(HttpClient http, OpaClientOptions options, TimeProvider? time = null)
    {
        _http = http;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <param name="path">A data path such as <c>fleet/admission</c>, <c>fleet.admission</c> or <c>data.fleet.admission</c>.</param>
    /// <param name="input">The input document; null sends no input.</param>
    /// <exception cref="OpaClientException">No decision could be obtained.</exception>
    public async Task<OpaDecision> EvaluateAsync(string path, Value? input, CancellationToken ct)
    {
        var uri = new Uri(_options.BaseAddress, "v1/data/" + NormalizePath(path));
        var body = input is null ? "{}" : "{\"input\":" + input.ToJson() + "}";
        var start = _time.GetTimestamp();
        var delay = _options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attemptCts.CancelAfter(_options.Timeout);
            OpaClientException failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                using var response = await _http.SendAsync(request, attemptCts.Token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(attemptCts.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return Parse(text, attempt, _time.GetElapsedTime(start));
                }

                var status = (int)response.StatusCode;
                var transient = status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
                failure = new OpaClientException($"OPA returned {status} for {uri.AbsolutePath}: {Shorten(text)}", transient, status);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                failure = new OpaClientException($"OPA did not answer within {_options.Timeout.TotalSeconds:0.###}s", true, null, e);
            }
            catch (HttpRequestException e)
            {
                failure = new OpaClientException($"OPA is unreachable at {_options.BaseAddress}: {e.Message}", true, null, e);
            }

            if (!failure.Transient || attempt >= _options.MaxAttempts)
            {
                throw new OpaClientException(
                    attempt > 1 ? $"{failure.Message} (after {attempt} attempts)" : failure.Message,
                    failure.Transient,
                    failure.StatusCode,
                    failure.InnerException)
                { Attempts = attempt };
            }

            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            delay *= 2;
        }
    }

    private static string NormalizePath(string path)
    {
        var p = path.Trim();
        if (p.StartsWith("data.", StringComparison.Ordinal))
        {
            p = p[5..];
        }
        else if (p == "data")
        {
            p = string.Empty;
        }

        return string.Join('/', p.Replace('.', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
    }

    private static OpaDecision Parse(string text, int attempts, TimeSpan elapsed)
    {
        if (!ValueJson.TryParse(text, out var doc) || doc is not ObjectValue o)
        {
            throw new OpaClientException("OPA answered with a body that is not a JSON object", false, 200);
        }

        return new OpaDecision(o.Get("result"), (o.Get("decision_id") as StringValue)?.Value, attempts, elapsed);
    }

    private static string Shorten(string s) => s.Length > 300 ? s[..300] + "..." : s;
}
