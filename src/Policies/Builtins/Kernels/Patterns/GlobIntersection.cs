namespace GitOpsFleet.Policies.Builtins.Kernels.Patterns;

/// <summary>
/// regex.globs_match: whether two "glob-like" regular expressions (literals, <c>.</c>, classes, and the quantifiers
/// <c>* + ?</c> on single items) can match a common string. Decided by searching the product of the two automata.
/// </summary>
internal static class GlobIntersection
{
    private sealed record Item(Func<char, bool> Matches, IReadOnlyList<char> Samples, char Quantifier);

    public static bool Intersect(string a, string b)
    {
        var x = Parse(a);
        var y = Parse(b);
        var samples = x.Concat(y).SelectMany(i => i.Samples).Distinct().ToList();
        var seen = new HashSet<(int, int)>();
        var queue = new Queue<(int, int)>();
        void Push(int i, int j)
        {
            foreach (var ci in Closure(x, i))
            {
                foreach (var cj in Closure(y, j))
                {
                    if (seen.Add((ci, cj)))
                    {
                        queue.Enqueue((ci, cj));
                    }
                }
            }
        }

        Push(0, 0);
        while (queue.Count > 0)
        {
            var (i, j) = queue.Dequeue();
            if (i == x.Count && j == y.Count)
            {
                return true;
            }

            if (i == x.Count || j == y.Count)
            {
                continue;
            }

            foreach (var c in samples)
            {
                if (!x[i].Matches(c) || !y[j].Matches(c))
                {
                    continue;
                }

                foreach (var ni in Next(x[i], i))
                {
                    foreach (var nj in Next(y[j], j))
                    {
                        Push(ni, nj);
                    }
                }
            }
        }

        return false;
    }

    private static IEnumerable<int> Next(Item item, int i) => item.Quantifier is '*' or '+' ? [i, i + 1] : [i + 1];

    private static IEnumerable<int> Closure(List<Item> items, int i)
    {
        yield return i;
        while (i < items.Count && items[i].Quantifier is '*' or '?')
        {
            i++;
            yield return i;
        }
    }

    private static List<Item> Parse(string p)
    {
        var items = new List<Item>();
        var i = 0;
        while (i < p.Length)
        {
            Func<char, bool> match;
            var samples = new List<char>();
            var c = p[i];
            if (c == '.')
            {
                match = _ => true;
                samples.Add('a');
                i++;
            }
            else if (c == '\\' && i + 1 < p.Length)
            {
                var lit = p[i + 1];
                match = ch => ch == lit;
                samples.Add(lit);
                i += 2;
            }
            else if (c == '[')
            {
                var close = p.IndexOf(']', i + 2);
                if (close < 0)
                {
                    throw new FormatException("unterminated character class");
                }

                var body = p[(i + 1)..close];
                var negate = body.StartsWith('^');
                if (negate)
                {
                    body = body[1..];
                }

                var ranges = new List<(char Lo, char Hi)>();
                for (var k = 0; k < body.Length; k++)
                {
                    var lo = body[k] == '\\' && k + 1 < body.Length ? body[++k] : body[k];
                    var hi = lo;
                    if (k + 2 < body.Length && body[k + 1] == '-')
                    {
                        hi = body[k + 2];
                        k += 2;
                    }

                    ranges.Add((lo, hi));
                    samples.AddRange([lo, hi, (char)(lo - 1), (char)(hi + 1)]);
                }

                samples.AddRange(['a', '0', '\u0001', '\uffff']);
                match = ch => ranges.Any(r => ch >= r.Lo && ch <= r.Hi) != negate;
                i = close + 1;
            }
            else
            {
                match = ch => ch == c;
                samples.Add(c);
                i++;
            }

            var quantifier = '1';
            if (i < p.Length && p[i] is '*' or '+' or '?')
            {
                quantifier = p[i];
                i++;
            }

            items.Add(new Item(match, samples, quantifier));
        }

        return items;
    }
}
