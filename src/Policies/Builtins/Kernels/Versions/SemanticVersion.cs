using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace GitOpsFleet.Policies.Builtins.Kernels.Versions;

/// <summary>A Semantic Versioning 2.0.0 version; build metadata does not take part in precedence.</summary>
internal sealed partial record SemanticVersion(BigInteger Major, BigInteger Minor, BigInteger Patch, IReadOnlyList<string> PreRelease) : IComparable<SemanticVersion>
{
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    public static bool TryParse(string text, out SemanticVersion version)
    {
        version = null!;
        var m = Grammar().Match(text);
        if (!m.Success)
        {
            return false;
        }

        version = new SemanticVersion(
            BigInteger.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            BigInteger.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            BigInteger.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
            m.Groups[4].Success ? m.Groups[4].Value.Split('.') : []);
        return true;
    }

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Patch.CompareTo(other.Patch);
        }

        if (c != 0)
        {
            return c;
        }

        // A pre-release sorts before the release; identifiers compare numerically when numeric.
        if (PreRelease.Count == 0 || other.PreRelease.Count == 0)
        {
            return other.PreRelease.Count.CompareTo(PreRelease.Count);
        }

        for (var i = 0; i < Math.Min(PreRelease.Count, other.PreRelease.Count); i++)
        {
            var a = PreRelease[i];
            var b = other.PreRelease[i];
            var an = a.All(char.IsAsciiDigit);
            var bn = b.All(char.IsAsciiDigit);
            c = (an, bn) switch
            {
                (true, true) => BigInteger.Parse(a, CultureInfo.InvariantCulture).CompareTo(BigInteger.Parse(b, CultureInfo.InvariantCulture)),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a, b),
            };
            if (c != 0)
            {
                return c;
            }
        }

        return PreRelease.Count.CompareTo(other.PreRelease.Count);
    }
}
