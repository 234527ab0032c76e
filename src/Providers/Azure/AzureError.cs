using System.Text.Json;
using Azure;

namespace GitOpsFleet.Providers.Azure;

/// <summary>
/// Azure's own error code and message, taken from the response body ({"error":{"code","message"}}), which
/// is also the body of a failed long-running operation. <see cref="RequestFailedException.Message"/> alone
/// mixes in headers and content, which is too much for a plan report.
/// </summary>
internal sealed record AzureError(int Status, string Code, string Message, string? RequestId)
{
    /// <summary>Transient: worth another run (throttled, server-side fault, connection lost after the SDK's own retries).</summary>
    public bool IsTransient => Status is 0 or 408 or 429 or >= 500;

    public override string ToString() => $"{Code}: {Message}";

    public IReadOnlyList<string> Details()
    {
        var details = new List<string> { $"azure.status: {Status}", $"azure.code: {Code}" };
        if (RequestId is not null) details.Add($"azure.request-id: {RequestId}");
        return details;
    }

    public static AzureError From(RequestFailedException exception)
    {
        var response = exception.GetRawResponse();
        string? code = null, message = null;
        if (response?.Content is { } content)
        {
            try
            {
                using var document = JsonDocument.Parse(content.ToMemory());
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out var error)
                    && error.ValueKind == JsonValueKind.Object)
                {
                    code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page): fall back to the exception's own text.
            }
        }
        string? requestId = null;
        if (response is not null && response.Headers.TryGetValue("x-ms-request-id", out var id)) requestId = id;
        var status = exception.Status != 0 ? exception.Status : response?.Status ?? 0;
        return new AzureError(
            status,
            code ?? exception.ErrorCode ?? (status == 0 ? "ConnectionFailed" : $"HTTP{status}"),
            message ?? FirstLine(exception.Message),
            requestId);
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
