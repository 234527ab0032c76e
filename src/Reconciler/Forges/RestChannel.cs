using GitOpsFleet.Providers.Secrets;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsFleet.Forges;

/// <summary>
/// JSON over HTTP for the forges without an SDK here (Gitea, GitLab): one place that turns statuses into
/// <see cref="ForgeException"/>s, reads rate-limit headers and redacts the token from whatever the forge says.
/// </summary>
internal sealed class RestChannel
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly string _kind;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly TimeSpan _callTimeout;

    public RestChannel(HttpClient http, Uri apiBase, string kind, Action<HttpRequestHeaders> authenticate, SecretRedactor redactor, TimeProvider time, TimeSpan? callTimeout = null)
    {
        _callTimeout = callTimeout ?? ForgeCallOptions.Default.CallTimeout;
        _http = http;
        _base = apiBase.AbsoluteUri.EndsWith('/') ? apiBase : new Uri(apiBase.AbsoluteUri + "/");
        _kind = kind;
        Authenticate = authenticate;
        _redactor = redactor;
        _time = time;
    }

    private Action<HttpRequestHeaders> Authenticate { get; }

    /// <summary>Sends a request; <paramref name="alreadyExists"/> says which statuses mean "a pull request for this branch exists" on this forge.</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string relativePath, JsonNode? body, CancellationToken cancellationToken, Func<HttpStatusCode, string, bool>? alreadyExists = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, relativePath));
        Authenticate(request.Headers);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var what = $"{method} {Describe(relativePath)}";
        // The deadline covers the body too: a forge that sends its headers and then stalls is as stuck as one that says nothing.
        using var deadline = new CancellationTokenSource(_callTimeout, _time);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, call.Token);
            var text = await response.Content.ReadAsStringAsync(call.Token);
            if (response.IsSuccessStatusCode)
            {
                return text.Length == 0 ? null : JsonNode.Parse(text);
            }
            throw Failure(response, what, text, alreadyExists);
        }
        catch (HttpRequestException ex)
        {
            throw new ForgeException(ForgeErrorKind.Unavailable, $"{_kind} at {_base.Authority} cannot be reached ({what}): {_redactor.Redact(ex.Message)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ForgeException(ForgeErrorKind.Unavailable, $"{_kind} at {_base.Authority} did not answer within {_callTimeout.TotalSeconds:0.#} s ({what})");
        }
    }

    private ForgeException Failure(HttpResponseMessage response, string what, string text, Func<HttpStatusCode, string, bool>? alreadyExists)
    {
        var status = response.StatusCode;
        var code = (int)status;
        var said = _redactor.Redact(ErrorMessage(text));
        var retryAfter = RetryTiming.From(response.Headers, _time);
        var remaining = response.Headers.TryGetValues("x-ratelimit-remaining", out var r) ? r.FirstOrDefault() : null;
        var prefix = $"{_kind} answered {code} to {what}";
        if (status == HttpStatusCode.TooManyRequests || (status == HttpStatusCode.Forbidden && (remaining == "0" || response.Headers.RetryAfter is not null)))
        {
            return new ForgeException(ForgeErrorKind.RateLimited, $"{prefix}: rate limited{(retryAfter is { } w ? $", retry in {Math.Ceiling(w.TotalSeconds)}s" : "")}{Suffix(said)}", code, retryAfter);
        }
        if (alreadyExists?.Invoke(status, text) == true)
        {
            return new ForgeException(ForgeErrorKind.AlreadyExists, $"{prefix}: a pull request for this branch already exists{Suffix(said)}", code);
        }
        var kind = status switch
        {
            HttpStatusCode.Unauthorized => ForgeErrorKind.Unauthorized,
            HttpStatusCode.Forbidden => ForgeErrorKind.Forbidden,
            HttpStatusCode.NotFound => ForgeErrorKind.NotFound,
            HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict or HttpStatusCode.BadRequest => ForgeErrorKind.Invalid,
            _ when code >= 500 || status == HttpStatusCode.RequestTimeout => ForgeErrorKind.Unavailable,
            _ => ForgeErrorKind.Failed,
        };
        var hint = kind switch
        {
            ForgeErrorKind.Unauthorized => ": the token was refused (missing, wrong or expired)",
            ForgeErrorKind.Forbidden => ": the token may not do this",
            ForgeErrorKind.NotFound => ": not found (or the token cannot see it)",
            ForgeErrorKind.Unavailable => ": the forge is unavailable",
            _ => "",
        };
        return new ForgeException(kind, prefix + hint + Suffix(said), code, retryAfter);
    }

    private static string Suffix(string said) => said.Length == 0 ? "" : $" ({said})";

    /// <summary>The error text forges put in JSON (<c>message</c>, GitLab's <c>message</c>/<c>error</c> as a string, list or map), shortened.</summary>
    private static string ErrorMessage(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        string result;
        try
        {
            var node = JsonNode.Parse(text);
            var message = node?["message"] ?? node?["error"];
            result = message switch
            {
                null => text,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => message.ToJsonString(),
            };
        }
        catch (JsonException)
        {
            result = text;
        }
        result = result.ReplaceLineEndings(" ").Trim();
        return result.Length > 300 ? result[..300] + "…" : result;
    }

    /// <summary>Paths carry no secret, but keep query strings out of messages all the same.</summary>
    private static string Describe(string relativePath)
    {
        var q = relativePath.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? relativePath : relativePath[..q];
    }
}
