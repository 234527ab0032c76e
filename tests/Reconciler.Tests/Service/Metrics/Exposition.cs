using System.Text.RegularExpressions;

namespace GitOpsFleet.Reconciler.Tests.Service.Metrics;

/// <summary>
/// The Prometheus text format as a scraper reads it: families by their <c># TYPE</c> line, samples by name with
/// their label names. Label order and trailing timestamps carry no meaning to Prometheus, so neither is compared.
/// </summary>
internal sealed partial class Exposition
{
    private Exposition(IReadOnlyDictionary<string, string> types, IReadOnlyList<Sample> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Family name to type (counter, gauge, histogram, ...).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public static Exposition Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }
            if (line.Length == 0 || line[0] == '#') continue;
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
            samples.Add(new Sample(match.Groups["name"].Value, labels, match.Groups["value"].Value));
        }
        return new Exposition(types, samples);
    }

    public IEnumerable<Sample> Named(string name) => Samples.Where(s => s.Name == name);

    /// <summary>The value of the one series with exactly these labels, or null when there is none.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels) =>
        Named(name).SingleOrDefault(s => s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value))?.Number;

    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, string Value)
    {
        public double Number => double.Parse(Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \S+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();
}
