using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace GitOpsFleet.Policies.Builtins.Kernels.Jwt;

/// <summary>A verification or signing key from a JWK, a JWKS member, a PEM certificate or a PEM public key.</summary>
internal sealed class JwkKey
{
    public string? Kid { get; init; }

    public string? Alg { get; init; }

    public byte[]? Secret { get; init; }

    public RSA? Rsa { get; init; }

    public ECDsa? Ec { get; init; }

    public byte[]? Ed25519Private { get; init; }

    public byte[]? Ed25519Public { get; init; }

    /// <summary>Keys from a PEM block or a JWK / JWK set text, with OPA's messages on failure.</summary>
    public static List<JwkKey> ParseCertOrJwk(string text)
    {
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            return [FromPem(text)];
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array)
            {
                return keys.EnumerateArray().Select(FromJwk).ToList();
            }

            return [FromJwk(root)];
        }
        catch (Exception e) when (e is JsonException or FormatException or CryptographicException or JwtException or InvalidOperationException or KeyNotFoundException)
        {
            throw new JwtException("failed to parse a JWK key (set)");
        }
    }

    public static JwkKey FromPem(string text)
    {
        var begin = text.IndexOf("-----BEGIN ", StringComparison.Ordinal);
        var headerEnd = text.IndexOf("-----", begin + 11, StringComparison.Ordinal);
        if (begin < 0 || headerEnd < 0)
        {
            throw new JwtException("failed to find a PEM block");
        }

        var label = text[(begin + 11)..headerEnd];
        var endMarker = "-----END " + label + "-----";
        var end = text.IndexOf(endMarker, headerEnd, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new JwtException("failed to extract a Key from the PEM certificate");
        }

        var rest = text[(end + endMarker.Length)..];
        if (rest.Trim().Length > 0)
        {
            throw new JwtException("extra data after a PEM certificate block");
        }

        var pem = text[begin..(end + endMarker.Length)];
        try
        {
            switch (label)
            {
                case "CERTIFICATE":
                    using (var cert = X509Certificate2.CreateFromPem(pem))
                    {
                        if (cert.GetRSAPublicKey() is { } rsa)
                        {
                            return new JwkKey { Rsa = rsa };
                        }

                        if (cert.GetECDsaPublicKey() is { } ec)
                        {
                            return new JwkKey { Ec = ec };
                        }
                    }

                    break;
                case "PUBLIC KEY" or "RSA PUBLIC KEY":
                    var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => l.Trim())));
                    if (label == "RSA PUBLIC KEY")
                    {
                        var r = RSA.Create();
                        r.ImportRSAPublicKey(der, out _);
                        return new JwkKey { Rsa = r };
                    }

                    try
                    {
                        var r = RSA.Create();
                        r.ImportSubjectPublicKeyInfo(der, out _);
                        return new JwkKey { Rsa = r };
                    }
                    catch (CryptographicException)
                    {
                        var e = ECDsa.Create();
                        e.ImportSubjectPublicKeyInfo(der, out _);
                        return new JwkKey { Ec = e };
                    }
            }
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            // Falls through to the single message OPA gives for any unusable block.
        }

        throw new JwtException("failed to extract a Key from the PEM certificate");
    }

    public static JwkKey FromJwk(JsonElement jwk)
    {
        string? Str(string name) => jwk.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        byte[]? Bytes(string name) => Str(name) is { } s ? Base64Url.Decode(s) : null;
        var kty = Str("kty");
        var kid = Str("kid");
        var alg = Str("alg");
        switch (kty)
        {
            case "oct":
                return new JwkKey { Kid = kid, Alg = alg, Secret = Bytes("k") ?? [] };
            case "RSA":
                var p = new RSAParameters { Modulus = Bytes("n"), Exponent = Bytes("e") };
                if (Str("d") is not null)
                {
                    p.D = Bytes("d");
                    p.P = Bytes("p");
                    p.Q = Bytes("q");
                    p.DP = Bytes("dp");
                    p.DQ = Bytes("dq");
                    p.InverseQ = Bytes("qi");
                    // .NET wants every private component sized relative to the modulus.
                    var n = p.Modulus!.Length;
                    p.D = Pad(p.D!, n);
                    p.P = Pad(p.P!, (n + 1) / 2);
                    p.Q = Pad(p.Q!, (n + 1) / 2);
                    p.DP = Pad(p.DP!, (n + 1) / 2);
                    p.DQ = Pad(p.DQ!, (n + 1) / 2);
                    p.InverseQ = Pad(p.InverseQ!, (n + 1) / 2);
                }

                if (p.Modulus is null || p.Exponent is null)
                {
                    throw new JwtException("failed to parse a JWK key (set)");
                }

                var rsa = RSA.Create();
                rsa.ImportParameters(p);
                return new JwkKey { Kid = kid, Alg = alg, Rsa = rsa };
            case "EC":
                var curve = Str("crv") switch
                {
                    "P-256" => ECCurve.NamedCurves.nistP256,
                    "P-384" => ECCurve.NamedCurves.nistP384,
                    "P-521" => ECCurve.NamedCurves.nistP521,
                    _ => throw new JwtException("failed to parse a JWK key (set)"),
                };
                var size = Str("crv") switch { "P-256" => 32, "P-384" => 48, _ => 66 };
                var ep = new ECParameters
                {
                    Curve = curve,
                    Q = new ECPoint { X = Pad(Bytes("x") ?? [], size), Y = Pad(Bytes("y") ?? [], size) },
                    D = Bytes("d") is { } d ? Pad(d, size) : null,
                };
                var ec = ECDsa.Create();
                ec.ImportParameters(ep);
                return new JwkKey { Kid = kid, Alg = alg, Ec = ec };
            case "OKP" when Str("crv") == "Ed25519":
                var seed = Bytes("d");
                return new JwkKey { Kid = kid, Alg = alg, Ed25519Private = seed, Ed25519Public = Bytes("x") ?? (seed is null ? null : Ed25519.PublicKey(seed)) };
            default:
                throw new JwtException("failed to parse a JWK key (set)");
        }
    }

    private static byte[] Pad(byte[] b, int size) => b.Length >= size ? b : [.. new byte[size - b.Length], .. b];
}
