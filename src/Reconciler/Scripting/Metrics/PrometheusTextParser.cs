using System.Globalization;

namespace GitOpsFleet.Scripting.Metrics;

/// <summary>Reads the Prometheus text exposition format (version 0.0.4): samples only; HELP, TYPE and timestamps are ignored.</summary>
internal static class PrometheusTextParser
{
    public static List<ScrapedSample> Parse(string text, string instance)
    {
        var samples = new List<ScrapedSample>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (TryParseLine(line, instance, out var sample)) samples.Add(sample);
        }
        return samples;
    }

    private static bool TryParseLine(string line, string instance, out ScrapedSample sample)
    {
        sample = null!;
        var i = 0;
        while (i < line.Length && (char.IsLetterOrDigit(line[i]) || line[i] is '_' or ':')) i++;
        if (i == 0) return false;
        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                while (i < line.Length && line[i] is ' ' or ',') i++;
                if (i >= line.Length) return false;
                if (line[i] == '}') { i++; break; }
                var start = i;
                while (i < line.Length && line[i] != '=') i++;
                if (i + 1 >= line.Length || line[i + 1] != '"') return false;
                var labelName = line[start..i].Trim();
                i += 2;
                var value = new System.Text.StringBuilder();
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', var c => c });
                    }
                    else value.Append(line[i]);
                    i++;
                }
                if (i >= line.Length) return false;
                i++;
                labels[labelName] = value.ToString();
            }
        }
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0) return false;
        double number;
        switch (rest[0])
        {
            case "+Inf": number = double.PositiveInfinity; break;
            case "-Inf": number = double.NegativeInfinity; break;
            case "NaN": number = double.NaN; break;
            default:
                if (!double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out number)) return false;
                break;
        }
        labels["instance"] = instance;
        sample = new ScrapedSample(name, labels, number);
        return true;
    }
}
