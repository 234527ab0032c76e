using System.Text;
using System.Text.Json;

namespace GitOpsFleet.Policies.Builtins.Kernels.Jwt;

/// <summary>Splitting, decoding and signing compact JWS tokens the way OPA's io.jwt builtins do.</summary>
internal static class JwtCodec
{
    /// <summary>Decodes a token; a "cty": "JWT" header makes the payload a nested token, decoded into <see cref="JwtParts.Inner"/>.</summary>
    public static JwtParts Decode(string token)
    {
        if (!token.Contains('.', StringComparison.Ordinal))
        {
            throw new JwtException("encoded JWT had no period separators");
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new JwtException($"encoded JWT must have 3 sections, found {parts.Length}");
        }

        var header = DecodePart(parts[0], "header");
        string? cty;
        try
        {
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JwtException("JWT header had invalid encoding: not a JSON object");
            }

            if (doc.RootElement.TryGetProperty("enc", out _))
            {
                throw new JwtException("JWT is a JWE object, which is not supported");
            }

            cty = doc.RootElement.TryGetProperty("cty", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new JwtException("JWT header had invalid encoding: " + e.Message);
        }

        var payload = DecodePart(parts[1], "payload");
        byte[] signature;
        try
        {
            signature = Base64Url.Decode(parts[2]);
        }
        catch (FormatException e)
        {
            throw new JwtException("JWT signature had invalid encoding: " + e.Message);
        }

        var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        JwtParts? inner = null;
        if (cty == "JWT")
        {
            var nested = payload.Trim();
            if (nested.StartsWith('"'))
            {
                nested = JsonSerializer.Deserialize<string>(nested) ?? "";
            }

            inner = Decode(nested);
        }
        else
        {
            try
            {
                using var doc = JsonDocument.Parse(payload);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new JwtException("JWT payload had invalid encoding: not a JSON object");
                }
            }
            catch (JsonException e)
            {
                throw new JwtException("JWT payload had invalid encoding: " + e.Message);
            }
        }

        return new JwtParts(header, payload, signature, signingInput, inner);
    }

    private static string DecodePart(string part, string what)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.Decode(part));
        }
        catch (FormatException e)
        {
            throw new JwtException($"JWT {what} had invalid encoding: {e.Message}");
        }
    }

    /// <summary>The innermost level of a possibly nested token.</summary>
    public static JwtParts Innermost(JwtParts parts) => parts.Inner is null ? parts : Innermost(parts.Inner);

    /// <summary>Signs header and payload texts exactly as given (encode_sign_raw); encode_sign passes canonical JSON.</summary>
    public static string Sign(string headerText, string payloadText, string jwkText)
    {
        string alg;
        string? typ = null;
        try
        {
            using var doc = JsonDocument.Parse(headerText);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("alg", out var a) || a.ValueKind != JsonValueKind.String)
            {
                throw new JwtException("missing or invalid 'alg' header: jwsbb: header \"alg\" not found");
            }

            alg = a.GetString()!;
            if (doc.RootElement.TryGetProperty("typ", out var t) && t.ValueKind == JsonValueKind.String)
            {
                typ = t.GetString();
            }
        }
        catch (JsonException)
        {
            throw new JwtException("missing or invalid 'alg' header: jwsbb: header \"alg\" not found");
        }

        if (!JwsAlgorithm.IsKnown(alg))
        {
            throw new JwtException($"unknown JWS algorithm: {alg}");
        }

        if (typ == "JWT")
        {
            try
            {
                using var payloadDoc = JsonDocument.Parse(payloadText);
            }
            catch (JsonException)
            {
                throw new JwtException("type is JWT but payload is not JSON");
            }
        }

        JwkKey key;
        try
        {
            using var keyDoc = JsonDocument.Parse(jwkText);
            key = JwkKey.FromJwk(keyDoc.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new JwtException("failed to parse a JWK key (set)");
        }

        var input = Base64Url.Encode(headerText) + "." + Base64Url.Encode(payloadText);
        var signature = JwsAlgorithm.Sign(alg, key, Encoding.ASCII.GetBytes(input));
        return input + "." + Base64Url.Encode(signature);
    }
}
