using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>json.filter and json.remove: keep or drop documents at "a/b/c" or ["a","b","c"] paths.</summary>
internal static class JsonFilters
{
    private sealed class PathTrie
    {
        public bool Terminal;
        public Dictionary<string, PathTrie> Children { get; } = new(StringComparer.Ordinal);
    }

    internal static void Register(BuiltinRegistry.Builder b)
    {
        var paths = RegoType.Or(RegoType.AnyArray, RegoType.AnySet);
        b.Add("json.filter", [RegoType.AnyObject, paths], RegoType.Any, (_, a) =>
        {
            var obj = Args.Object(a, 0);
            var trie = Paths(a, "json.filter");
            return Filter(obj, trie);
        });
        b.Add("json.remove", [RegoType.AnyObject, paths], RegoType.Any, (_, a) =>
        {
            var obj = Args.Object(a, 0);
            var trie = Paths(a, "json.remove");
            return Remove(obj, trie);
        });
    }

    private static PathTrie Paths(Value[] a, string name)
    {
        IReadOnlyList<Value> items = a[1] switch
        {
            ArrayValue av => av.AsList(),
            SetValue sv => sv.AsList(),
            _ => throw Args.TypeError(1, a[1], "set", "array"),
        };
        var root = new PathTrie();
        foreach (var item in items)
        {
            List<string> segs;
            if (item is StringValue s)
            {
                segs = [.. s.Value.Trim('/').Split('/')];
            }
            else if (item is ArrayValue arr)
            {
                segs = [];
                foreach (var seg in arr.Items)
                {
                    segs.Add(seg switch
                    {
                        StringValue ss => ss.Value,
                        NumberValue n => n.ToString(),
                        _ => throw BuiltinException.Type($"operand 2 must be one of {{set, array}} containing string paths or array of path segments but got {seg.TypeName}"),
                    });
                }
            }
            else
            {
                throw BuiltinException.Type($"operand 2 must be one of {{set, array}} containing string paths or array of path segments but got {item.TypeName}");
            }

            var n2 = root;
            foreach (var seg in segs)
            {
                if (n2.Terminal)
                {
                    break;
                }

                if (!n2.Children.TryGetValue(seg, out var c))
                {
                    c = new PathTrie();
                    n2.Children[seg] = c;
                }

                n2 = c;
            }

            n2.Terminal = true;
            n2.Children.Clear();
        }

        _ = name;
        return root;
    }

    private static Value Filter(Value v, PathTrie t)
    {
        if (t.Terminal)
        {
            return v;
        }

        switch (v)
        {
            case ObjectValue o:
            {
                var b = new ObjectBuilder();
                for (var i = 0; i < o.Count; i++)
                {
                    var key = o.Keys[i] is StringValue ks ? ks.Value : o.Keys[i].ToString();
                    if (t.Children.TryGetValue(key, out var c))
                    {
                        b.Set(o.Keys[i], Filter(o.Values[i], c));
                    }
                }

                return b.Build();
            }

            case ArrayValue arr:
            {
                var list = new List<Value>();
                for (var i = 0; i < arr.Count; i++)
                {
                    if (t.Children.TryGetValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture), out var c))
                    {
                        list.Add(Filter(arr[i], c));
                    }
                }

                return new ArrayValue(list.ToArray());
            }

            case SetValue set:
            {
                var list = new List<Value>();
                foreach (var x in set.Items)
                {
                    var key = x is StringValue ks ? ks.Value : x.ToString();
                    if (t.Children.TryGetValue(key, out var c))
                    {
                        list.Add(Filter(x, c));
                    }
                }

                return SetValue.FromList(list);
            }

            default:
                return v;
        }
    }

    private static Value Remove(Value v, PathTrie t)
    {
        switch (v)
        {
            case ObjectValue o:
            {
                var b = new ObjectBuilder();
                for (var i = 0; i < o.Count; i++)
                {
                    var key = o.Keys[i] is StringValue ks ? ks.Value : o.Keys[i].ToString();
                    if (t.Children.TryGetValue(key, out var c))
                    {
                        if (!c.Terminal)
                        {
                            b.Set(o.Keys[i], Remove(o.Values[i], c));
                        }
                    }
                    else
                    {
                        b.Set(o.Keys[i], o.Values[i]);
                    }
                }

                return b.Build();
            }

            case ArrayValue arr:
            {
                var list = new List<Value>();
                for (var i = 0; i < arr.Count; i++)
                {
                    if (t.Children.TryGetValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture), out var c))
                    {
                        if (!c.Terminal)
                        {
                            list.Add(Remove(arr[i], c));
                        }
                    }
                    else
                    {
                        list.Add(arr[i]);
                    }
                }

                return new ArrayValue(list.ToArray());
            }

            case SetValue set:
            {
                var list = new List<Value>();
                foreach (var x in set.Items)
                {
                    var key = x is StringValue ks ? ks.Value : x.ToString();
                    if (t.Children.TryGetValue(key, out var c))
                    {
                        if (!c.Terminal)
                        {
                            list.Add(Remove(x, c));
                        }
                    }
                    else
                    {
                        list.Add(x);
                    }
                }

                return SetValue.FromList(list);
            }

            default:
                return v;
        }
    }
}
