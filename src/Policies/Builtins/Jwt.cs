using System.Text;
using GitOpsFleet.Policies.Builtins.Kernels.Jwt;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>io.jwt.*: decoding, verification (HMAC, RSA PKCS#1 and PSS, ECDSA, Ed25519) and signing of compact JWS tokens.</summary>
internal static class Jwt
{
    private static readonly ArrayValue Unverified = new([Value.False, ObjectValue.Empty, ObjectValue.Empty]);

    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("io.jwt.decode", [RegoType.String], RegoType.AnyArray, (_, a) => Guard(() =>
        {
            var parts = JwtCodec.Innermost(JwtCodec.Decode(Args.String(a, 0)));
            return new ArrayValue([JsonValues.Parse(parts.HeaderJson), JsonValues.Parse(parts.PayloadJson), new StringValue(Convert.ToHexStringLower(parts.Signature))]);
        }));
        foreach (var alg in new[] { "rs256", "rs384", "rs512", "ps256", "ps384", "ps512", "es256", "es384", "es512", "hs256", "hs384", "hs512", "eddsa" })
        {
            var jwsAlg = alg == "eddsa" ? "EdDSA" : alg.ToUpperInvariant();
            b.Add("io.jwt.verify_" + alg, [RegoType.String, RegoType.String], RegoType.Boolean, (_, a) => Guard(() =>
            {
                var (input, signature) = SplitForVerify(Args.String(a, 0));
                var keyText = Args.String(a, 1);
                var keys = jwsAlg.StartsWith("HS", StringComparison.Ordinal)
                    ? [new JwkKey { Secret = Encoding.UTF8.GetBytes(keyText) }]
                    : JwkKey.ParseCertOrJwk(keyText);
                return Value.Bool(keys.Any(k => JwsAlgorithm.Verify(jwsAlg, k, input, signature)));
            }));
        }

        b.Add("io.jwt.decode_verify", [RegoType.String, RegoType.Object(RegoType.String, RegoType.Any)], RegoType.AnyArray,
            (ctx, a) => Guard(() => DecodeVerify(ctx, Args.String(a, 0), Args.Object(a, 1))));
        b.Add("io.jwt.encode_sign", [RegoType.Object(RegoType.String, RegoType.Any), RegoType.Object(RegoType.String, RegoType.Any), RegoType.Object(RegoType.String, RegoType.Any)], RegoType.String,
            (_, a) => Guard(() => new StringValue(JwtCodec.Sign(Args.Object(a, 0).ToJson(), Args.Object(a, 1).ToJson(), Args.Object(a, 2).ToJson()))));
        b.Add("io.jwt.encode_sign_raw", [RegoType.String, RegoType.String, RegoType.String], RegoType.String,
            (_, a) => Guard(() => new StringValue(JwtCodec.Sign(Args.String(a, 0), Args.String(a, 1), Args.String(a, 2)))));
    }

    private static Value Guard(Func<Value> body)
    {
        try
        {
            return body();
        }
        catch (JwtException e)
        {
            throw BuiltinException.Error(e.Message);
        }
    }

    private static (byte[] Input, byte[] Signature) SplitForVerify(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new JwtException($"encoded JWT must have 3 sections, found {parts.Length}");
        }

        try
        {
            return (Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.Decode(parts[2]));
        }
        catch (FormatException e)
        {
            throw new JwtException("JWT signature had invalid encoding: " + e.Message);
        }
    }

    private static Value DecodeVerify(BuiltinContext ctx, string token, ObjectValue constraints)
    {
        string? cert = null, secret = null, alg = null, iss = null, aud = null;
        decimal? timeNs = null;
        foreach (var (k, v) in constraints.Pairs)
        {
            var name = k is StringValue ks ? ks.Value : k.ToString();
            string Str() => v is StringValue s ? s.Value : throw new JwtException($"{name} constraint: must be a string");
            switch (name)
            {
                case "cert": cert = Str(); break;
                case "secret": secret = Str(); break;
                case "alg": alg = Str(); break;
                case "iss": iss = Str(); break;
                case "aud": aud = Str(); break;
                case "time":
                    timeNs = v is NumberValue n ? n.ToDecimalOrNull() ?? (decimal)n.ToDouble() : throw new JwtException("time constraint: must be a number");
                    break;
                default:
                    throw new JwtException($"unknown token validation constraint: {name}");
            }
        }

        if (cert is null && secret is null)
        {
            throw new JwtException("no key provided");
        }

        var keys = cert is not null ? JwkKey.ParseCertOrJwk(cert) : [];
        var level = JwtCodec.Decode(token);
        while (true)
        {
            var header = (ObjectValue)JsonValues.Parse(level.HeaderJson);
            if (header.Get("alg") is not StringValue headerAlg)
            {
                return Unverified;
            }

            if (alg is not null && alg != headerAlg.Value)
            {
                return Unverified;
            }

            var candidates = headerAlg.Value.StartsWith("HS", StringComparison.Ordinal)
                ? (secret is null ? [] : [new JwkKey { Secret = Encoding.UTF8.GetBytes(secret) }])
                : keys.Where(k => k.Alg is null || k.Alg == headerAlg.Value).ToList();
            if (header.Get("kid") is StringValue kid && candidates.Any(c => c.Kid == kid.Value))
            {
                candidates = candidates.Where(c => c.Kid == kid.Value).ToList();
            }

            if (!candidates.Any(k => JwsAlgorithm.Verify(headerAlg.Value, k, level.SigningInput, level.Signature)))
            {
                return Unverified;
            }

            // A critical header extension we do not understand makes the token unusable (RFC 7515 4.1.11).
            if (header.Get("crit") is ArrayValue crit && crit.Count > 0)
            {
                return Unverified;
            }

            if (level.Inner is null)
            {
                break;
            }

            level = level.Inner;
        }

        var payload = (ObjectValue)JsonValues.Parse(level.PayloadJson);
        var nowSeconds = (timeNs ?? ctx.NowNs) / 1_000_000_000m;
        if (payload.Get("exp") is { } exp)
        {
            var e = exp is NumberValue en ? Dec(en) : throw new JwtException("exp value must be a number");
            if (nowSeconds >= e)
            {
                return Unverified;
            }
        }

        if (payload.Get("nbf") is { } nbf)
        {
            var n = nbf is NumberValue nn ? Dec(nn) : throw new JwtException("nbf value must be a number");
            if (nowSeconds < n)
            {
                return Unverified;
            }
        }

        if (iss is not null && !(payload.Get("iss") is StringValue pi && pi.Value == iss))
        {
            return Unverified;
        }

        var payloadAud = payload.Get("aud");
        if (aud is null ? payloadAud is not null : !AudienceContains(payloadAud, aud))
        {
            return Unverified;
        }

        return new ArrayValue([Value.True, JsonValues.Parse(level.HeaderJson), payload]);
    }

    private static decimal Dec(NumberValue n) => n.ToDecimalOrNull() ?? (decimal)n.ToDouble();

    private static bool AudienceContains(Value? payloadAud, string aud) => payloadAud switch
    {
        StringValue s => s.Value == aud,
        ArrayValue arr => arr.AsList().Any(v => v is StringValue s && s.Value == aud),
        _ => false,
    };
}
