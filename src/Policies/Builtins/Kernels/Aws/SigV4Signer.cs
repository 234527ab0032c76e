using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitOpsFleet.Policies.Builtins.Kernels.Aws;

/// <summary>
/// AWS Signature Version 4, header method, single chunk, as OPA's providers.aws.sign_req computes it:
/// the method is signed as given, the path as escaped and the query as written, every request header
/// except those proxies rewrite is signed, and a request header wins over the signer's own value of
/// the same name in the canonical request (the returned headers still carry the signer's values).
/// </summary>
internal static class SigV4Signer
{
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>Headers proxies commonly rewrite; signing them would break the signature in transit.</summary>
    private static readonly HashSet<string> IgnoredHeaders = new(StringComparer.Ordinal) { "authorization", "user-agent", "x-amzn-trace-id" };

    /// <returns>The Authorization header value and the headers the signer adds (host, x-amz-date, ...).</returns>
    public static (string Authorization, SortedDictionary<string, string> AddedHeaders) Sign(
        IReadOnlyDictionary<string, string> headers,
        string method,
        SigningUrl url,
        byte[] body,
        string service,
        AwsCredentials credentials,
        DateTimeOffset time,
        bool disablePayloadSigning)
    {
        var payloadHash = disablePayloadSigning ? UnsignedPayload : Convert.ToHexStringLower(SHA256.HashData(body));
        var utc = time.UtcDateTime;
        var date = utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var stamp = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

        var added = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = url.Host,
            ["x-amz-date"] = stamp,
        };

        // S3 and Glacier want the payload hash as a header too; other services reject unknown x-amz headers less strictly but do not need it.
        if (service is "s3" or "glacier")
        {
            added["x-amz-content-sha256"] = payloadHash;
        }

        if (credentials.SessionToken.Length > 0)
        {
            added["x-amz-security-token"] = credentials.SessionToken;
        }

        var toSign = new SortedDictionary<string, string>(added, StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (!IgnoredHeaders.Contains(lower))
            {
                toSign[lower] = value;
            }
        }

        var canonical = new StringBuilder();
        canonical.Append(method).Append('\n');
        canonical.Append(url.EscapedPath).Append('\n');
        canonical.Append(url.RawQuery).Append('\n');
        foreach (var (name, value) in toSign)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        canonical.Append('\n');
        var signedHeaders = string.Join(";", toSign.Keys);
        canonical.Append(signedHeaders).Append('\n');
        canonical.Append(payloadHash);

        var scope = $"{date}/{credentials.Region}/{service}/aws4_request";
        var stringToSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" +
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretKey), date);
        key = Hmac(key, credentials.Region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, stringToSign));

        var authorization = $"AWS4-HMAC-SHA256 Credential={credentials.AccessKey}/{scope},SignedHeaders={signedHeaders},Signature={signature}";
        return (authorization, added);
    }

    private static byte[] Hmac(byte[] key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));
}
