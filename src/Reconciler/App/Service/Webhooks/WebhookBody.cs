using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>
/// Reads a webhook body within its limits: never more than the size limit (a larger body stops the read and
/// is never buffered whole), and within the body timeout and Kestrel's minimum data rate (a stalled client
/// gets 408). Kestrel reports a broken limit as BadHttpRequestException; here it becomes a status code.
/// </summary>
internal static class WebhookBody
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>The read's outcome: the body, or the status to answer with (413, 408, 400) and why.</summary>
    public readonly record struct Result(byte[]? Body, int Status, string? Reason);

    public static async Task<Result> ReadAsync(HttpContext http, WebhookOptions options, TimeProvider time)
    {
        // Kestrel enforces these while the body streams in, and when it drains a body the handler did not read.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = options.MaxBodyBytes;
        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = options.MinBodyBytesPerSecond > 0 ? new MinDataRate(options.MinBodyBytesPerSecond, options.BodyGracePeriod) : null;
        }
        if (http.Request.ContentLength > options.MaxBodyBytes) return TooLarge(options);

        using var timeout = new CancellationTokenSource(options.BodyTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, http.RequestAborted);
        var length = (int)Math.Min(http.Request.ContentLength ?? ChunkSize, options.MaxBodyBytes);
        using var body = new MemoryStream(length);
        var chunk = new byte[ChunkSize];
        try
        {
            while (true)
            {
                var n = await http.Request.Body.ReadAsync(chunk, linked.Token);
                if (n == 0) break;
                if (body.Length + n > options.MaxBodyBytes) return TooLarge(options);
                body.Write(chunk, 0, n);
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            return new Result(null, ex.StatusCode, ex.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => $"the body is larger than {options.MaxBodyBytes} bytes",
                StatusCodes.Status408RequestTimeout => "the body arrived too slowly",
                _ => "the body could not be read",
            });
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new Result(null, StatusCodes.Status408RequestTimeout, $"the body did not arrive within {options.BodyTimeout}");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away mid-body; nobody will read the answer.
            return new Result(null, StatusCodes.Status400BadRequest, "the connection ended before the body did");
        }
        return new Result(body.ToArray(), 0, null);
    }

    private static Result TooLarge(WebhookOptions options) =>
        new(null, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {options.MaxBodyBytes} bytes");
}
