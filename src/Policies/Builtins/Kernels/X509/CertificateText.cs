using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GitOpsFleet.Policies.Builtins.Kernels.X509;

/// <summary>
/// Reads certificates and keys given as PEM text, base64 of PEM, or base64 of DER (possibly several concatenated),
/// the inputs OPA's crypto.x509 builtins accept, with Go's error texts for bad base64 and bad DER.
/// </summary>
internal static class CertificateText
{
    public static List<X509Certificate2> ParseCertificates(string input)
    {
        if (LooksLikePem(input))
        {
            return PemBlocks(input, "CERTIFICATE").Select(der => X509CertificateLoader.LoadCertificate(der)).ToList();
        }

        var bytes = DecodeBase64(input);
        var text = Encoding.UTF8.GetString(bytes);
        if (LooksLikePem(text))
        {
            return PemBlocks(text, "CERTIFICATE").Select(der => X509CertificateLoader.LoadCertificate(der)).ToList();
        }

        try
        {
            return SplitDer(bytes).Select(der => X509CertificateLoader.LoadCertificate(der)).ToList();
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            throw new FormatException("x509: malformed certificate");
        }
    }

    /// <summary>PEM text, or base64 of PEM text, as PEM text.</summary>
    public static string PemText(string input) => LooksLikePem(input) ? input : Encoding.UTF8.GetString(DecodeBase64(input));

    /// <summary>PEM, base64 PEM or base64 DER, as DER bytes of the first block.</summary>
    public static byte[] Der(string input, string label)
    {
        if (LooksLikePem(input))
        {
            return PemBlocks(input, label).First();
        }

        var bytes = DecodeBase64(input);
        var text = Encoding.UTF8.GetString(bytes);
        return LooksLikePem(text) ? PemBlocks(text, label).First() : bytes;
    }

    private static bool LooksLikePem(string s) => s.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);

    public static byte[] DecodeBase64(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '\r' or '\n'))
            {
                throw new FormatException($"illegal base64 data at input byte {i}");
            }
        }

        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw new FormatException($"illegal base64 data at input byte {Math.Max(0, s.Length - (s.Length % 4))}");
        }
    }

    public static IEnumerable<byte[]> PemBlocks(string text, string? label)
    {
        var found = false;
        var i = 0;
        while (true)
        {
            var begin = text.IndexOf("-----BEGIN ", i, StringComparison.Ordinal);
            if (begin < 0)
            {
                break;
            }

            var labelEnd = text.IndexOf("-----", begin + 11, StringComparison.Ordinal);
            var blockLabel = text[(begin + 11)..labelEnd];
            var endMarker = "-----END " + blockLabel + "-----";
            var end = text.IndexOf(endMarker, labelEnd, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            var body = text[(labelEnd + 5)..end];
            i = end + endMarker.Length;
            if (label is not null && !blockLabel.EndsWith(label, StringComparison.Ordinal))
            {
                continue;
            }

            found = true;
            var b64 = string.Concat(body.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.Contains(':', StringComparison.Ordinal)));
            yield return Convert.FromBase64String(b64);
        }

        if (!found)
        {
            throw new FormatException("failed to find any PEM block" + (label is null ? "" : " of type " + label));
        }
    }

    /// <summary>Splits concatenated DER structures by their ASN.1 SEQUENCE headers.</summary>
    public static IEnumerable<byte[]> SplitDer(byte[] data)
    {
        var list = new List<byte[]>();
        var i = 0;
        while (i < data.Length)
        {
            if (data[i] != 0x30 || i + 1 >= data.Length)
            {
                throw new FormatException("x509: malformed certificate");
            }

            var lenByte = data[i + 1];
            int header, length;
            if (lenByte < 0x80)
            {
                header = 2;
                length = lenByte;
            }
            else
            {
                var n = lenByte & 0x7f;
                if (n == 0 || n > 4 || i + 2 + n > data.Length)
                {
                    throw new FormatException("x509: malformed certificate");
                }

                length = 0;
                for (var k = 0; k < n; k++)
                {
                    length = (length << 8) | data[i + 2 + k];
                }

                header = 2 + n;
            }

            if (length < 0 || i + header + length > data.Length)
            {
                throw new FormatException("x509: malformed certificate");
            }

            list.Add(data[i..(i + header + length)]);
            i += header + length;
        }

        return list;
    }
}
