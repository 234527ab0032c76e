using System.Text;

namespace GitOpsFleet.Policies.Builtins.Kernels.Jwt;

/// <summary>Unpadded base64url as JWS uses it, with Go-style error positions.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    /// <summary>Decodes; throws with "illegal base64 data at input byte N" like Go's decoder.</summary>
    public static byte[] Decode(string s)
    {
        var trimmed = s.TrimEnd('=');
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                throw new FormatException($"illegal base64 data at input byte {i}");
            }
        }

        if (trimmed.Length % 4 == 1)
        {
            throw new FormatException($"illegal base64 data at input byte {trimmed.Length - 1}");
        }

        var std = trimmed.Replace('-', '+').Replace('_', '/');
        std = std.PadRight(std.Length + ((4 - (std.Length % 4)) % 4), '=');
        return Convert.FromBase64String(std);
    }
}
