using System.Text;
using GitOpsFleet.Policies.Builtins.Kernels.Jwt;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class JwtCodecTests
{
    private const string Hs256Jwk = "{\"kty\":\"oct\",\"k\":\"" + "c2VjcmV0" + "\"}";

    [Fact]
    public void Ed25519_Rfc8032Vector1_SignsAndVerifies()
    {
        var seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        var pub = Ed25519.PublicKey(seed);
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(pub));
        var sig = Ed25519.Sign(seed, []);
        Assert.Equal("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b", Convert.ToHexStringLower(sig));
        Assert.True(Ed25519.Verify(pub, [], sig));
        sig[5] ^= 1;
        Assert.False(Ed25519.Verify(pub, [], sig));
    }

    [Fact]
    public void Sign_ThenDecode_RoundTripsAndVerifiesWithSecret()
    {
        var token = JwtCodec.Sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"iss\":\"opa\"}", Hs256Jwk);
        var parts = JwtCodec.Decode(token);
        Assert.Equal("{\"iss\":\"opa\"}", parts.PayloadJson);
        var key = new JwkKey { Secret = Encoding.UTF8.GetBytes("secret") };
        Assert.True(JwsAlgorithm.Verify("HS256", key, parts.SigningInput, parts.Signature));
        Assert.False(JwsAlgorithm.Verify("HS256", new JwkKey { Secret = [1] }, parts.SigningInput, parts.Signature));
    }

    [Theory]
    [InlineData("a.b", "encoded JWT must have 3 sections, found 2")]
    [InlineData("eyJhbGciOiJIU^%zI1NiI.e30.AA", "JWT header had invalid encoding: illegal base64 data at input byte 13")]
    public void Decode_Malformed_ReportsOpaMessage(string token, string message)
    {
        Assert.Equal(message, Assert.Throws<JwtException>(() => JwtCodec.Decode(token)).Message);
    }

    [Fact]
    public void Sign_UnknownAlgorithmOrMissingAlg_Fails()
    {
        Assert.Equal("unknown JWS algorithm: dummy", Assert.Throws<JwtException>(() => JwtCodec.Sign("{\"alg\":\"dummy\"}", "{}", Hs256Jwk)).Message);
        Assert.StartsWith("missing or invalid 'alg' header", Assert.Throws<JwtException>(() => JwtCodec.Sign("e", "{}", Hs256Jwk)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseCertOrJwk_ExtraDataAfterPem_IsRejected()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var pem = rsa.ExportSubjectPublicKeyInfoPem();
        Assert.NotNull(JwkKey.ParseCertOrJwk(pem).Single().Rsa);
        Assert.Equal("extra data after a PEM certificate block", Assert.Throws<JwtException>(() => JwkKey.ParseCertOrJwk(pem + "\nEXTRA")).Message);
        Assert.Equal("failed to parse a JWK key (set)", Assert.Throws<JwtException>(() => JwkKey.ParseCertOrJwk("{\"kty\":\"bogus\"}")).Message);
    }
}
