using System.Formats.Asn1;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitOpsFleet.Policies.Builtins.Kernels.Jwt;
using GitOpsFleet.Policies.Builtins.Kernels.X509;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>crypto.*: digests, HMACs, and X.509 parsing/verification rendered in the field shape of Go's x509 types.</summary>
internal static class Crypto
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("crypto.md5", [RegoType.String], RegoType.String, (_, a) => Hex(MD5.HashData(Utf8(Args.String(a, 0)))));
        b.Add("crypto.sha1", [RegoType.String], RegoType.String, (_, a) => Hex(SHA1.HashData(Utf8(Args.String(a, 0)))));
        b.Add("crypto.sha256", [RegoType.String], RegoType.String, (_, a) => Hex(SHA256.HashData(Utf8(Args.String(a, 0)))));
        b.Add("crypto.hmac.md5", [RegoType.String, RegoType.String], RegoType.String, (_, a) => Hex(HMACMD5.HashData(Utf8(Args.String(a, 1)), Utf8(Args.String(a, 0)))));
        b.Add("crypto.hmac.sha1", [RegoType.String, RegoType.String], RegoType.String, (_, a) => Hex(HMACSHA1.HashData(Utf8(Args.String(a, 1)), Utf8(Args.String(a, 0)))));
        b.Add("crypto.hmac.sha256", [RegoType.String, RegoType.String], RegoType.String, (_, a) => Hex(HMACSHA256.HashData(Utf8(Args.String(a, 1)), Utf8(Args.String(a, 0)))));
        b.Add("crypto.hmac.sha512", [RegoType.String, RegoType.String], RegoType.String, (_, a) => Hex(HMACSHA512.HashData(Utf8(Args.String(a, 1)), Utf8(Args.String(a, 0)))));
        b.Add("crypto.hmac.equal", [RegoType.String, RegoType.String], RegoType.Boolean, (_, a) =>
            Value.Bool(CryptographicOperations.FixedTimeEquals(Utf8(Args.String(a, 0)), Utf8(Args.String(a, 1)))));

        b.Add("crypto.x509.parse_certificates", [RegoType.String], RegoType.Array(RegoType.AnyObject), (_, a) =>
            Guard(() => new ArrayValue(CertificateText.ParseCertificates(Args.String(a, 0)).Select(CertificateValue).ToArray())));
        b.Add("crypto.x509.parse_and_verify_certificates", [RegoType.String], RegoType.AnyArray, (ctx, a) =>
            Guard(() => Verify(ctx, Args.String(a, 0), null, null)));
        b.Add("crypto.x509.parse_and_verify_certificates_with_options", [RegoType.String, RegoType.AnyObject], RegoType.AnyArray, (ctx, a) => Guard(() =>
        {
            var options = Args.Object(a, 1);
            var dns = options.Get("DNSName") is StringValue d ? d.Value : null;
            long? time = options.Get("CurrentTime") is NumberValue n && n.TryGetInt64(out var t) ? t : null;
            return Verify(ctx, Args.String(a, 0), dns, time);
        }));
        b.Add("crypto.x509.parse_certificate_request", [RegoType.String], RegoType.AnyObject, (_, a) => Guard(() =>
        {
            var der = CertificateText.Der(Args.String(a, 0), "CERTIFICATE REQUEST");
            var request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
            var o = new ObjectBuilder();
            o.Set("Raw", new StringValue(Convert.ToBase64String(der)));
            o.Set("Subject", NameValue(request.SubjectName));
            o.Set("Version", Value.Number(0));
            var san = request.CertificateExtensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
            AddNames(o, san);
            return o.Build();
        }));
        b.Add("crypto.x509.parse_keypair", [RegoType.String, RegoType.String], RegoType.AnyObject, (_, a) => Guard(() =>
        {
            var certPem = CertificateText.PemText(Args.String(a, 0));
            var keyPem = CertificateText.PemText(Args.String(a, 1));
            var certs = CertificateText.PemBlocks(certPem, "CERTIFICATE").ToList();
            using var pair = X509Certificate2.CreateFromPem(certPem, keyPem);
            var o = new ObjectBuilder();
            o.Set("Certificate", new ArrayValue(certs.Select(c => (Value)new StringValue(Convert.ToBase64String(c))).ToArray()));
            o.Set("Leaf", CertificateValue(X509CertificateLoader.LoadCertificate(certs[0])));
            return o.Build();
        }));
        b.Add("crypto.x509.parse_rsa_private_key", [RegoType.String], RegoType.AnyObject, (_, a) => Guard(() =>
        {
            var pem = CertificateText.PemText(Args.String(a, 0));
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            var p = rsa.ExportParameters(true);
            var o = new ObjectBuilder();
            o.Set("kty", new StringValue("RSA"));
            o.Set("n", B64(p.Modulus));
            o.Set("e", B64(p.Exponent));
            o.Set("d", B64(p.D));
            o.Set("p", B64(p.P));
            o.Set("q", B64(p.Q));
            o.Set("dp", B64(p.DP));
            o.Set("dq", B64(p.DQ));
            o.Set("qi", B64(p.InverseQ));
            return o.Build();
        }));
        b.Add("crypto.parse_private_keys", [RegoType.String], RegoType.Array(RegoType.AnyObject), (_, a) => Guard(() =>
        {
            var pem = CertificateText.PemText(Args.String(a, 0));
            var keys = new List<Value>();
            foreach (var block in CertificateText.PemBlocks(pem, "PRIVATE KEY"))
            {
                using var rsa = RSA.Create();
                try
                {
                    rsa.ImportPkcs8PrivateKey(block, out var _);
                }
                catch (CryptographicException)
                {
                    rsa.ImportRSAPrivateKey(block, out var _);
                }

                var p = rsa.ExportParameters(false);
                var o = new ObjectBuilder();
                o.Set("N", NumberValue.FromBigInteger(new BigInteger(p.Modulus, isUnsigned: true, isBigEndian: true)));
                o.Set("E", NumberValue.FromBigInteger(new BigInteger(p.Exponent, isUnsigned: true, isBigEndian: true)));
                keys.Add(o.Build());
            }

            return new ArrayValue(keys.ToArray());
        }));
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static Value Hex(byte[] b) => new StringValue(Convert.ToHexStringLower(b));

    private static Value B64(byte[]? b) => new StringValue(b is null ? "" : Base64Url.Encode(b.AsSpan().TrimStart((byte)0)));

    private static Value Guard(Func<Value> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            throw BuiltinException.Error(e.Message);
        }
    }

    private static Value Verify(BuiltinContext ctx, string input, string? dnsName, long? timeNs)
    {
        var certs = CertificateText.ParseCertificates(input);
        var invalid = new ArrayValue([Value.False, ArrayValue.Empty]);
        if (certs.Count < 2)
        {
            return invalid;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // OPA's order: the first certificate is the root, the last the leaf, the rest intermediates.
        chain.ChainPolicy.CustomTrustStore.Add(certs[0]);
        foreach (var intermediate in certs.Skip(1).SkipLast(1))
        {
            chain.ChainPolicy.ExtraStore.Add(intermediate);
        }

        var nowNs = timeNs ?? ctx.NowNs;
        chain.ChainPolicy.VerificationTime = DateTime.UnixEpoch.AddTicks(nowNs / 100);
        chain.ChainPolicy.VerificationTimeIgnored = false;
        var leaf = certs[^1];
        var ok = chain.Build(leaf);
        if (ok && dnsName is not null)
        {
            ok = leaf.MatchesHostname(dnsName);
        }

        var verified = chain.ChainElements.Select(e => CertificateValue(e.Certificate)).ToArray();
        return ok ? new ArrayValue([Value.True, new ArrayValue(verified)]) : invalid;
    }

    private static Value CertificateValue(X509Certificate2 cert)
    {
        var o = new ObjectBuilder();
        o.Set("Raw", new StringValue(Convert.ToBase64String(cert.RawData)));
        o.Set("Version", Value.Number(cert.Version));
        o.Set("SerialNumber", NumberValue.FromBigInteger(new BigInteger(cert.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true)));
        o.Set("Issuer", NameValue(cert.IssuerName));
        o.Set("Subject", NameValue(cert.SubjectName));
        o.Set("NotBefore", new StringValue(cert.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        o.Set("NotAfter", new StringValue(cert.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        var basic = cert.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        o.Set("IsCA", Value.Bool(basic?.CertificateAuthority ?? false));
        o.Set("BasicConstraintsValid", Value.Bool(basic is not null));
        o.Set("SignatureAlgorithm", new StringValue(cert.SignatureAlgorithm.FriendlyName ?? cert.SignatureAlgorithm.Value ?? ""));
        AddNames(o, cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault());
        return o.Build();
    }

    /// <summary>Subject alternative names as Go exposes them: nil (null) lists when absent, plus OPA's URIStrings.</summary>
    private static void AddNames(ObjectBuilder o, X509SubjectAlternativeNameExtension? san)
    {
        var dns = new List<Value>();
        var emails = new List<Value>();
        var ips = new List<Value>();
        var uris = new List<Value>();
        if (san is not null)
        {
            var reader = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
            while (reader.HasData)
            {
                var tag = reader.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    reader.ReadEncodedValue();
                    continue;
                }

                switch (tag.TagValue)
                {
                    case 1: emails.Add(new StringValue(reader.ReadCharacterString(UniversalTagNumber.IA5String, tag))); break;
                    case 2: dns.Add(new StringValue(reader.ReadCharacterString(UniversalTagNumber.IA5String, tag))); break;
                    case 6: uris.Add(new StringValue(reader.ReadCharacterString(UniversalTagNumber.IA5String, tag))); break;
                    case 7: ips.Add(new StringValue(new IPAddress(reader.ReadOctetString(tag)).ToString())); break;
                    default: reader.ReadEncodedValue(); break;
                }
            }
        }

        Value ListOrNull(List<Value> l) => l.Count == 0 ? Value.Null : new ArrayValue(l.ToArray());
        o.Set("DNSNames", ListOrNull(dns));
        o.Set("EmailAddresses", ListOrNull(emails));
        o.Set("IPAddresses", ListOrNull(ips));
        o.Set("URIStrings", ListOrNull(uris));
    }

    private static Value NameValue(X500DistinguishedName name)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                continue;
            }

            var key = rdn.GetSingleElementType().Value switch
            {
                "2.5.4.3" => "CommonName",
                "2.5.4.6" => "Country",
                "2.5.4.10" => "Organization",
                "2.5.4.11" => "OrganizationalUnit",
                "2.5.4.7" => "Locality",
                "2.5.4.8" => "Province",
                "2.5.4.9" => "StreetAddress",
                "2.5.4.17" => "PostalCode",
                "2.5.4.5" => "SerialNumber",
                _ => null,
            };
            if (key is not null && rdn.GetSingleElementValue() is { } v)
            {
                (fields.TryGetValue(key, out var l) ? l : fields[key] = []).Add(v);
            }
        }

        var o = new ObjectBuilder();
        o.Set("CommonName", new StringValue(fields.TryGetValue("CommonName", out var cn) ? cn[^1] : ""));
        o.Set("SerialNumber", new StringValue(fields.TryGetValue("SerialNumber", out var sn) ? sn[^1] : ""));
        foreach (var key in new[] { "Country", "Organization", "OrganizationalUnit", "Locality", "Province", "StreetAddress", "PostalCode" })
        {
            o.Set(key, fields.TryGetValue(key, out var l) ? new ArrayValue(l.Select(s => (Value)new StringValue(s)).ToArray()) : Value.Null);
        }

        return o.Build();
    }
}
