using System.Text;
using GitOpsFleet.Policies.Builtins.Kernels.Aws;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>providers.aws.sign_req: SigV4-signs an http.send request object (pure: no network, time given by the caller).</summary>
internal static class AwsProviders
{
    private static readonly string[] RequiredConfig = ["aws_access_key", "aws_region", "aws_secret_access_key", "aws_service"];

    /// <summary>The request keys http.send accepts; sign_req takes the same request objects.</summary>
    private static readonly HashSet<string> RequestKeys = new(StringComparer.Ordinal)
    {
        "method", "url", "body", "enable_redirect", "force_json_decode", "force_yaml_decode", "headers", "raw_body",
        "tls_use_system_certs", "tls_ca_cert", "tls_ca_cert_file", "tls_ca_cert_env_variable", "tls_client_cert",
        "tls_client_cert_file", "tls_client_cert_env_variable", "tls_client_key", "tls_client_key_file",
        "tls_client_key_env_variable", "tls_insecure_skip_verify", "tls_server_name", "timeout", "cache", "force_cache",
        "force_cache_duration_seconds", "raise_error", "caching_mode", "max_retry_attempts", "cache_ignored_headers",
    };

    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("providers.aws.sign_req", [RegoType.Object(RegoType.String, RegoType.Any), RegoType.Object(RegoType.String, RegoType.Any), RegoType.Number], RegoType.AnyObject, (_, a) => SignRequest(a));
    }

    private static Value SignRequest(Value[] a)
    {
        var request = Args.Object(a, 0);

        // OPA numbers the config and time operands "1" in their type errors; kept so messages match.
        var config = a[1] as ObjectValue ?? throw Args.TypeError(0, a[1], "object");
        ValidateConfig(config);
        var service = Str(config.Get("aws_service"));
        var credentials = new AwsCredentials(
            Str(config.Get("aws_access_key")),
            Str(config.Get("aws_secret_access_key")),
            Str(config.Get("aws_region")),
            Str(config.Get("aws_session_token")));

        var timeNs = a[2] as NumberValue ?? throw Args.TypeError(0, a[2], "number");

        // OPA also rejects exponent notation here (it reads the literal); our numbers are canonical, so only
        // a non-integer, a negative count or one outside int64 is refused.
        if (!timeNs.TryGetInt64(out var ns) || ns < 0)
        {
            throw Args.OperandError(2, "could not convert time_ns value into a unix timestamp");
        }

        ValidateRequest(request);
        var headers = ObjectValue.Empty;
        if (request.Get("headers") is { } headersValue)
        {
            headers = headersValue as ObjectValue ?? throw BuiltinException.Type($"operand 0 must be object but got {headersValue.TypeName}");
        }

        var invalid = new List<string>();
        if (request.Get("method") is not StringValue method)
        {
            invalid.Add("method");
            method = StringValue.Empty;
        }

        if (request.Get("url") is not StringValue url)
        {
            invalid.Add("url");
            url = StringValue.Empty;
        }

        if (invalid.Count > 0)
        {
            throw Args.OperandError(0, "invalid values for required request parameters(s): " + RegoSet(invalid));
        }

        SigningUrl parsedUrl;
        try
        {
            parsedUrl = SigningUrl.Parse(url.Value);
        }
        catch (FormatException e)
        {
            throw BuiltinException.Error(e.Message);
        }

        var body = Body(request.Get("body"), request.Get("raw_body"));

        var disablePayloadSigning = false;
        if (config.Get("disable_payload_signing") is { } flag)
        {
            disablePayloadSigning = flag is BooleanValue bv
                ? bv.Value
                : throw Args.OperandError(1, "invalid value for 'disable_payload_signing' in AWS config");
        }

        var headerMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in headers.Pairs)
        {
            headerMap[Str(k)] = Str(v);
        }

        var (authorization, added) = SigV4Signer.Sign(headerMap, method.Value, parsedUrl, body, service, credentials, DateTimeOffset.UnixEpoch.AddTicks(ns / 100), disablePayloadSigning);

        var signed = new ObjectBuilder();
        foreach (var (k, v) in headerMap)
        {
            signed.Set(k, new StringValue(v));
        }

        signed.Set("Authorization", new StringValue(authorization));
        foreach (var (k, v) in added)
        {
            signed.Set(k, new StringValue(v));
        }

        return request.With(new StringValue("headers"), signed.Build());
    }

    private static void ValidateConfig(ObjectValue config)
    {
        var missing = RequiredConfig.Where(k => config.Get(k) is null).ToList();
        if (missing.Count > 0)
        {
            throw Args.OperandError(1, "missing required AWS config parameters(s): " + RegoSet(missing));
        }

        var invalid = RequiredConfig.Where(k => config.Get(k) is not StringValue).ToList();
        if (invalid.Count > 0)
        {
            throw Args.OperandError(1, "invalid values for required AWS config parameters(s): " + RegoSet(invalid));
        }
    }

    private static void ValidateRequest(ObjectValue request)
    {
        var invalid = request.KeyList.Where(k => k is not StringValue s || !RequestKeys.Contains(s.Value)).Select(k => k.ToString()).ToList();
        if (invalid.Count > 0)
        {
            throw Args.OperandError(0, "invalid request parameters(s): {" + string.Join(", ", invalid) + "}");
        }

        var missing = new[] { "method", "url" }.Where(k => request.Get(k) is null).ToList();
        if (missing.Count > 0)
        {
            throw Args.OperandError(0, "missing required request parameters(s): " + RegoSet(missing));
        }
    }

    /// <summary>raw_body is signed as written; otherwise body is signed as Go's json.Marshal would encode it.</summary>
    private static byte[] Body(Value? body, Value? rawBody)
    {
        if (rawBody is not null)
        {
            return Encoding.UTF8.GetBytes(Str(rawBody));
        }

        if (body is null)
        {
            return [];
        }

        var sb = new StringBuilder();
        WriteGoJson(sb, body);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void WriteGoJson(StringBuilder sb, Value v)
    {
        if (v is ObjectValue o)
        {
            // Go sorts map keys; every key must be a string once converted to JSON.
            var pairs = o.Pairs.Select(p => (Key: p.Key is StringValue s ? s.Value : throw BuiltinException.Error("invalid object key type " + p.Key.TypeName), p.Value))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ToList();
            sb.Append('{');
            for (var i = 0; i < pairs.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                ValueJson.WriteJsonString(sb, pairs[i].Key, escapeHtml: true);
                sb.Append(':');
                WriteGoJson(sb, pairs[i].Value);
            }

            sb.Append('}');
            return;
        }

        if (v is ArrayValue or SetValue)
        {
            var items = v is ArrayValue arr ? arr.AsList() : ((SetValue)v).AsList();
            sb.Append('[');
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                WriteGoJson(sb, items[i]);
            }

            sb.Append(']');
            return;
        }

        ValueJson.WriteJson(sb, v, escapeHtml: true);
    }

    private static string Str(Value? v) => v is StringValue s ? s.Value : string.Empty;

    /// <summary>A set of names as Rego prints it: sorted, quoted, comma-separated in braces.</summary>
    private static string RegoSet(IEnumerable<string> names) =>
        "{" + string.Join(", ", names.Order(StringComparer.Ordinal).Select(n => new StringValue(n).ToString())) + "}";
}
