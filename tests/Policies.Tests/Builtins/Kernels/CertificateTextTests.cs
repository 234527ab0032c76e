using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitOpsFleet.Policies.Builtins.Kernels.X509;

namespace GitOpsFleet.Policies.Tests.Builtins.Kernels;

public class CertificateTextTests
{
    private static X509Certificate2 SelfSigned(string cn)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=" + cn, key, HashAlgorithmName.SHA256);
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void ParseCertificates_AcceptsPemBase64PemAndConcatenatedDer()
    {
        using var a = SelfSigned("a.example");
        using var b = SelfSigned("b.example");
        var pem = a.ExportCertificatePem() + "\n" + b.ExportCertificatePem();
        Assert.Equal(["CN=a.example", "CN=b.example"], CertificateText.ParseCertificates(pem).Select(c => c.Subject));
        Assert.Equal(2, CertificateText.ParseCertificates(Convert.ToBase64String(Encoding.UTF8.GetBytes(pem))).Count);
        var der = Convert.ToBase64String([.. a.RawData, .. b.RawData]);
        Assert.Equal(["CN=a.example", "CN=b.example"], CertificateText.ParseCertificates(der).Select(c => c.Subject));
    }

    [Fact]
    public void ParseCertificates_BadInput_UsesGoMessages()
    {
        Assert.StartsWith("illegal base64 data at input byte", Assert.Throws<FormatException>(() => CertificateText.ParseCertificates("foobar")).Message, StringComparison.Ordinal);
        Assert.Equal("x509: malformed certificate", Assert.Throws<FormatException>(() => CertificateText.ParseCertificates("YmFkc3RyaW5n")).Message);
    }
}
