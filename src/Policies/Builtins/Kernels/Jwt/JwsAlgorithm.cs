using System.Security.Cryptography;

namespace GitOpsFleet.Policies.Builtins.Kernels.Jwt;

/// <summary>Signing and verification for the JWS algorithms OPA supports, on .NET's primitives.</summary>
internal static class JwsAlgorithm
{
    public static bool IsKnown(string alg) => alg is "HS256" or "HS384" or "HS512" or "RS256" or "RS384" or "RS512"
        or "PS256" or "PS384" or "PS512" or "ES256" or "ES384" or "ES512" or "EdDSA";

    private static HashAlgorithmName Hash(string alg) => alg[2..] switch
    {
        "384" => HashAlgorithmName.SHA384,
        "512" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    public static byte[] Sign(string alg, JwkKey key, byte[] input)
    {
        switch (alg[..2])
        {
            case "HS":
                var secret = key.Secret ?? throw new JwtException("invalid key type for " + alg);
                return Hmac(alg, secret, input);
            case "RS" or "PS":
                var rsa = key.Rsa ?? throw new JwtException("invalid key type for " + alg);
                return rsa.SignData(input, Hash(alg), alg[0] == 'R' ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
            case "ES":
                var ec = key.Ec ?? throw new JwtException("invalid key type for " + alg);
                return ec.SignData(input, Hash(alg), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            case "Ed":
                var d = key.Ed25519Private ?? throw new JwtException("invalid key type for " + alg);
                return Ed25519.Sign(d, input);
            default:
                throw new JwtException($"unknown JWS algorithm: {alg}");
        }
    }

    public static bool Verify(string alg, JwkKey key, byte[] input, byte[] signature)
    {
        try
        {
            switch (alg[..Math.Min(2, alg.Length)])
            {
                case "HS":
                    return key.Secret is { } secret && CryptographicOperations.FixedTimeEquals(Hmac(alg, secret, input), signature);
                case "RS" or "PS":
                    return key.Rsa is { } rsa && rsa.VerifyData(input, signature, Hash(alg), alg[0] == 'R' ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
                case "ES":
                    return key.Ec is { } ec && ec.VerifyData(input, signature, Hash(alg), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                case "Ed":
                    return key.Ed25519Public is { } pub && Ed25519.Verify(pub, input, signature);
                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static byte[] Hmac(string alg, byte[] secret, byte[] input) => alg[2..] switch
    {
        "384" => HMACSHA384.HashData(secret, input),
        "512" => HMACSHA512.HashData(secret, input),
        _ => HMACSHA256.HashData(secret, input),
    };
}
