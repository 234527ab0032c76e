using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Providers.Azure.Tests.Fakes;

/// <summary>
/// A local HTTPS endpoint that speaks the part of Azure Resource Manager the provider uses, at
/// Microsoft.Compute api-version <see cref="ComputeApiVersion"/>: list, get, create or update (201 +
/// Azure-AsyncOperation, polled to Succeeded), delete (202 + Location, polled), with injected 429/503 faults
/// and refusals shaped like Azure's. HTTPS because the SDK will not send a bearer token over plain HTTP.
/// </summary>
internal sealed partial class FakeResourceManager : IAsyncDisposable
{
    /// <summary>The Microsoft.Compute api-version Azure.ResourceManager.Compute 1.2.0 sends for scale sets.</summary>
    public const string ComputeApiVersion = "2023-07-01";
    public const string Token = "test-token-8d1f";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentQueue<InjectedFault> _faults = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly object _gate = new();

    private FakeResourceManager(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    public string Subscription { get; } = "00000000-0000-0000-0000-0000000000a1";
    public string ResourceGroup { get; } = "rg-fleet";
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Polls answered "in progress" before an operation completes.</summary>
    public int PollsBeforeDone { get; set; } = 2;

    /// <summary>Retry-After (seconds) sent with "in progress" operation answers; null sends none.</summary>
    public int? OperationRetryAfterSeconds { get; set; }

    /// <summary>Items per page of a list, so the SDK has to follow nextLink.</summary>
    public int PageSize { get; set; } = 2;

    /// <summary>SKU names Azure refuses synchronously with SkuNotAvailable.</summary>
    public HashSet<string> UnavailableSkus { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Locations refused with LocationNotAvailableForResourceType.</summary>
    public HashSet<string> UnavailableLocations { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>SKU names accepted at first, whose long-running operation then fails with AllocationFailed.</summary>
    public HashSet<string> AllocationFailures { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) return _requests.ToList(); }
    }

    public static async Task<FakeResourceManager> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var fake = new FakeResourceManager(app, certificate);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUri = new Uri(app.Urls.Single().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/");
        return fake;
    }

    /// <summary>A transport that trusts this endpoint's throw-away certificate and nothing else.</summary>
    public HttpPipelineTransport CreateTransport()
    {
        var thumbprint = _certificate.Thumbprint;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase),
        };
        return new HttpClientTransport(handler);
    }

    public void Inject(InjectedFault fault) => _faults.Enqueue(fault);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var status = await RespondAsync(context, body);
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(
                request.Method, request.Path.Value ?? "", request.Query["api-version"].FirstOrDefault(),
                request.Headers.Authorization.FirstOrDefault(), request.Scheme, body, Stopwatch.GetTimestamp(), status));
        }
    }

    private async Task<int> RespondAsync(HttpContext context, string body)
    {
        var request = context.Request;
        if (request.Headers.Authorization.FirstOrDefault() != $"Bearer {Token}")
        {
            return await ErrorAsync(context, 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing or carries an unknown token.");
        }
        if (TakeFault(request.Method, request.Path.Value ?? "") is { } fault)
        {
            switch (fault.Kind)
            {
                case FaultKind.ResetConnection:
                    context.Abort();
                    return 0;
                case FaultKind.Throttle:
                    context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return await ErrorAsync(context, 429, "TooManyRequests", "The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00.");
                case FaultKind.ServiceUnavailable:
                    return await ErrorAsync(context, 503, "ServiceUnavailable", "The service is temporarily unavailable.");
                default:
                    return await ErrorAsync(context, 500, "InternalServerError", "An internal execution error occurred.");
            }
        }
        return await RouteAsync(context, body);
    }

    private InjectedFault? TakeFault(string method, string path)
    {
        // Faults are taken in order; one that does not match this request stays at the head.
        lock (_faults)
        {
            if (_faults.TryPeek(out var next)
                && string.Equals(next.Method, method, StringComparison.OrdinalIgnoreCase)
                && path.Contains(next.PathContains, StringComparison.OrdinalIgnoreCase))
            {
                _faults.TryDequeue(out _);
                return next;
            }
            return null;
        }
    }

    private static async Task<int> JsonAsync(HttpContext context, int status, JsonNode? body)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        if (body is null) return status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
        return status;
    }

    private static Task<int> ErrorAsync(HttpContext context, int status, string code, string message) =>
        JsonAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
