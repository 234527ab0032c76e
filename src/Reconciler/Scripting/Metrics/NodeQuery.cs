using System.Globalization;
using System.Text.RegularExpressions;

namespace GitOpsFleet.Scripting.Metrics;

/// <summary>
/// The subset of PromQL that <see cref="NodeMetricsSource"/> answers from scraped pages:
/// <c>name</c>, <c>name{label="v", label!="v", label=~"re", label!~"re"}</c>,
/// <c>rate(selector[window])</c>, <c>increase(selector[window])</c>,
/// <c>sum|avg|min|max|count(expr)</c> (over all series; no <c>by</c>/<c>without</c>), and number literals.
/// No binary operators, offsets or subqueries: scripts do arithmetic in C#.
/// rate and increase use the first and last sample in the window (counter resets handled) without Prometheus' extrapolation.
/// </summary>
internal abstract record NodeQuery
{
    /// <summary>How long an instant selector still sees a node's last scrape (Prometheus' default lookback).</summary>
    public static readonly TimeSpan Staleness = TimeSpan.FromMinutes(5);

    public abstract List<MetricSample> Evaluate(DateTimeOffset at, IReadOnlyList<NodeScrape> history);

    /// <summary>The longest range this query reads, so history is kept that long.</summary>
    public abstract TimeSpan Lookback { get; }

    /// <summary>Whether the series this query reads are named with <paramref name="prefix"/> (a number literal reads none).</summary>
    public abstract bool ReadsOnly(string prefix);

    public static void CheckRange(DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        if (step <= TimeSpan.Zero) throw new MetricsQueryException("the step of a range query must be positive");
        if ((end - start) / step > 11_000) throw new MetricsQueryException("a range query may hold at most 11,000 points per series");
    }

    /// <summary>The query at every <paramref name="step"/> from <paramref name="start"/> to <paramref name="end"/>, one series per label set.</summary>
    public IReadOnlyList<MetricSeries> EvaluateRange(DateTimeOffset start, DateTimeOffset end, TimeSpan step, IReadOnlyList<NodeScrape> history)
    {
        var series = new Dictionary<string, (IReadOnlyDictionary<string, string> Labels, List<MetricPoint> Points)>(StringComparer.Ordinal);
        for (var t = start; t <= end; t += step)
            foreach (var sample in Evaluate(t, history))
            {
                var key = string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
                if (!series.TryGetValue(key, out var entry))
                    series[key] = entry = (sample.Labels, []);
                entry.Points.Add(new MetricPoint(t, sample.Value));
            }
        return series.Values.Select(s => new MetricSeries(s.Labels, s.Points)).ToList();
    }

    public static NodeQuery Parse(string text)
    {
        var parser = new Parser(text);
        var query = parser.ParseExpression();
        parser.SkipSpace();
        if (!parser.AtEnd) throw parser.Error("unexpected text");
        return query;
    }

    internal sealed record Number(double Value) : NodeQuery
    {
        public override TimeSpan Lookback => TimeSpan.Zero;

        public override bool ReadsOnly(string prefix) => false;

        public override List<MetricSample> Evaluate(DateTimeOffset at, IReadOnlyList<NodeScrape> history) =>
            [new MetricSample(new Dictionary<string, string>(), Value)];
    }

    internal sealed record Matcher(string Label, string Op, string Value, Regex? Pattern)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels, string name)
        {
            var actual = Label == "__name__" ? name : labels.TryGetValue(Label, out var v) ? v : "";
            return Op switch
            {
                "=" => actual == Value,
                "!=" => actual != Value,
                "=~" => Pattern!.IsMatch(actual),
                _ => !Pattern!.IsMatch(actual),
            };
        }
    }

    internal sealed record Selector(string? Name, IReadOnlyList<Matcher> Matchers) : NodeQuery
    {
        public override TimeSpan Lookback => Staleness;

        public override bool ReadsOnly(string prefix) => Name?.StartsWith(prefix, StringComparison.Ordinal) == true;

        public bool Matches(ScrapedSample sample) =>
            (Name is null || sample.Name == Name) && Matchers.All(m => m.Matches(sample.Labels, sample.Name));

        public override List<MetricSample> Evaluate(DateTimeOffset at, IReadOnlyList<NodeScrape> history)
        {
            var result = new List<MetricSample>();
            foreach (var scrape in LatestPerInstance(at, history))
                foreach (var sample in scrape.Samples)
                    if (Matches(sample))
                        result.Add(new MetricSample(new Dictionary<string, string>(sample.Labels) { ["__name__"] = sample.Name }, sample.Value));
            return result;
        }

        private static IEnumerable<NodeScrape> LatestPerInstance(DateTimeOffset at, IReadOnlyList<NodeScrape> history)
        {
            var latest = new Dictionary<string, NodeScrape>(StringComparer.Ordinal);
            foreach (var scrape in history)
                if (scrape.Time <= at && scrape.Time > at - Staleness &&
                    (!latest.TryGetValue(scrape.Instance, out var seen) || seen.Time < scrape.Time))
                    latest[scrape.Instance] = scrape;
            return latest.Values;
        }
    }

    internal sealed record Rate(string Function, Selector Inner, TimeSpan Window) : NodeQuery
    {
        public override TimeSpan Lookback => Window;

        public override bool ReadsOnly(string prefix) => Inner.ReadsOnly(prefix);

        public override List<MetricSample> Evaluate(DateTimeOffset at, IReadOnlyList<NodeScrape> history)
        {
            var series = new Dictionary<string, (ScrapedSample Sample, List<(DateTimeOffset Time, double Value)> Points)>(StringComparer.Ordinal);
            foreach (var scrape in history.Where(s => s.Time <= at && s.Time > at - Window).OrderBy(s => s.Time))
                foreach (var sample in scrape.Samples)
                    if (Inner.Matches(sample))
                    {
                        if (!series.TryGetValue(sample.SeriesKey, out var entry))
                            series[sample.SeriesKey] = entry = (sample, []);
                        entry.Points.Add((scrape.Time, sample.Value));
                    }
            var result = new List<MetricSample>();
            foreach (var (sample, points) in series.Values)
            {
                if (points.Count < 2) continue;
                var increase = 0.0;
                for (var i = 1; i < points.Count; i++)
                {
                    var delta = points[i].Value - points[i - 1].Value;
                    // A counter that went down was reset (the node restarted): count from zero again.
                    increase += delta >= 0 ? delta : points[i].Value;
                }
                var seconds = (points[^1].Time - points[0].Time).TotalSeconds;
                if (seconds <= 0) continue;
                var value = Function == "increase" ? increase : increase / seconds;
                result.Add(new MetricSample(new Dictionary<string, string>(sample.Labels), value));
            }
            return result;
        }
    }

    internal sealed record Aggregate(string Op, NodeQuery Inner) : NodeQuery
    {
        public override TimeSpan Lookback => Inner.Lookback;

        public override bool ReadsOnly(string prefix) => Inner.ReadsOnly(prefix);

        public override List<MetricSample> Evaluate(DateTimeOffset at, IReadOnlyList<NodeScrape> history)
        {
            var values = Inner.Evaluate(at, history).Select(s => s.Value).ToList();
            if (values.Count == 0) return [];
            var value = Op switch
            {
                "sum" => values.Sum(),
                "avg" => values.Average(),
                "min" => values.Min(),
                "max" => values.Max(),
                _ => values.Count,
            };
            return [new MetricSample(new Dictionary<string, string>(), value)];
        }
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public bool AtEnd => _pos >= text.Length;

        public MetricsQueryException Error(string what) =>
            new($"cannot read query '{text}' at column {_pos + 1}: {what} (the nodes' own metrics answer only name{{labels}}, rate/increase(x[window]) and sum/avg/min/max/count(x))");

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        public NodeQuery ParseExpression()
        {
            SkipSpace();
            if (AtEnd) throw Error("empty query");
            if (char.IsDigit(text[_pos]) || text[_pos] == '.')
            {
                var start = _pos;
                while (!AtEnd && (char.IsDigit(text[_pos]) || text[_pos] is '.' or 'e' or 'E')) _pos++;
                return new Number(double.Parse(text[start.._pos], CultureInfo.InvariantCulture));
            }
            if (text[_pos] == '{') return ParseSelector(null);
            var name = ParseName();
            SkipSpace();
            if (!AtEnd && text[_pos] == '(')
            {
                switch (name)
                {
                    case "sum" or "avg" or "min" or "max" or "count":
                        _pos++;
                        var inner = ParseExpression();
                        Expect(')');
                        return new Aggregate(name, inner);
                    case "rate" or "increase":
                        _pos++;
                        SkipSpace();
                        var selector = text[_pos] == '{' ? ParseSelector(null) : ParseSelector(ParseName());
                        Expect('[');
                        var window = ParseDuration();
                        Expect(']');
                        Expect(')');
                        return new Rate(name, selector, window);
                    default:
                        throw Error($"function '{name}' is not supported");
                }
            }
            return ParseSelector(name);
        }

        private Selector ParseSelector(string? name)
        {
            SkipSpace();
            var matchers = new List<Matcher>();
            if (!AtEnd && text[_pos] == '{')
            {
                _pos++;
                while (true)
                {
                    SkipSpace();
                    if (!AtEnd && text[_pos] == '}') { _pos++; break; }
                    var label = ParseName();
                    SkipSpace();
                    var op = text.AsSpan(_pos).StartsWith("=~") ? "=~" : text.AsSpan(_pos).StartsWith("!~") ? "!~"
                        : text.AsSpan(_pos).StartsWith("!=") ? "!=" : text.AsSpan(_pos).StartsWith("=") ? "=" : throw Error("expected a label matcher");
                    _pos += op.Length;
                    var value = ParseString();
                    var pattern = op.Contains('~') ? new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)) : null;
                    matchers.Add(new Matcher(label, op, value, pattern));
                    SkipSpace();
                    if (!AtEnd && text[_pos] == ',') _pos++;
                }
            }
            if (name is null && matchers.Count == 0) throw Error("a selector needs a name or a matcher");
            return new Selector(name, matchers);
        }

        private string ParseName()
        {
            SkipSpace();
            var start = _pos;
            while (!AtEnd && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '_' or ':')) _pos++;
            if (start == _pos) throw Error("expected a name");
            return text[start.._pos];
        }

        private string ParseString()
        {
            SkipSpace();
            if (AtEnd || text[_pos] is not ('"' or '\'')) throw Error("expected a quoted string");
            var quote = text[_pos++];
            var value = new System.Text.StringBuilder();
            while (!AtEnd && text[_pos] != quote)
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length) _pos++;
                value.Append(text[_pos++]);
            }
            if (AtEnd) throw Error("unterminated string");
            _pos++;
            return value.ToString();
        }

        private TimeSpan ParseDuration()
        {
            SkipSpace();
            var total = TimeSpan.Zero;
            var any = false;
            while (!AtEnd && char.IsDigit(text[_pos]))
            {
                var start = _pos;
                while (!AtEnd && char.IsDigit(text[_pos])) _pos++;
                var amount = long.Parse(text[start.._pos], CultureInfo.InvariantCulture);
                var unitStart = _pos;
                while (!AtEnd && char.IsLetter(text[_pos])) _pos++;
                total += text[unitStart.._pos] switch
                {
                    "ms" => TimeSpan.FromMilliseconds(amount),
                    "s" => TimeSpan.FromSeconds(amount),
                    "m" => TimeSpan.FromMinutes(amount),
                    "h" => TimeSpan.FromHours(amount),
                    "d" => TimeSpan.FromDays(amount),
                    _ => throw Error("expected a duration like 30s, 5m or 1h"),
                };
                any = true;
            }
            if (!any || total <= TimeSpan.Zero) throw Error("expected a duration like 30s, 5m or 1h");
            return total;
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (AtEnd || text[_pos] != c) throw Error($"expected '{c}'");
            _pos++;
        }
    }
}
