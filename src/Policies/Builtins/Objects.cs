using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>object.get, object.remove, object.filter, object.union(_n), object.keys, object.subset.</summary>
internal static class Objects
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("object.get", [RegoType.AnyObject, RegoType.Any, RegoType.Any], RegoType.Any, (_, a) =>
        {
            var obj = Args.Object(a, 0);
            if (a[1] is ArrayValue path)
            {
                Value cur = obj;
                foreach (var key in path.Items)
                {
                    var next = Evaluation.Evaluator.Lookup(cur, key);
                    if (next is null || cur is SetValue)
                    {
                        return a[2];
                    }

                    cur = next;
                }

                return cur;
            }

            return obj.Get(a[1]) ?? a[2];
        });
        b.Add("object.remove", [RegoType.AnyObject, RegoType.Or(RegoType.AnyArray, RegoType.AnySet, RegoType.AnyObject)], RegoType.AnyObject, (_, a) =>
        {
            var obj = Args.Object(a, 0);
            var keys = KeySet(a, 1);
            var builder = new ObjectBuilder(obj);
            foreach (var k in keys)
            {
                builder.Remove(k);
            }

            return builder.Build();
        });
        b.Add("object.filter", [RegoType.AnyObject, RegoType.Or(RegoType.AnyArray, RegoType.AnySet, RegoType.AnyObject)], RegoType.AnyObject, (_, a) =>
        {
            var obj = Args.Object(a, 0);
            var keys = KeySet(a, 1);
            var builder = new ObjectBuilder();
            foreach (var k in keys)
            {
                if (obj.Get(k) is { } v)
                {
                    builder.Set(k, v);
                }
            }

            return builder.Build();
        });
        b.Add("object.union", [RegoType.AnyObject, RegoType.AnyObject], RegoType.AnyObject, (_, a) => Union(Args.Object(a, 0), Args.Object(a, 1)));
        b.Add("object.union_n", [RegoType.Array(RegoType.AnyObject)], RegoType.AnyObject, (_, a) =>
        {
            var arr = Args.Array(a, 0);
            Value acc = ObjectValue.Empty;
            foreach (var x in arr.Items)
            {
                acc = Union(acc, x as ObjectValue ?? throw Args.ElementError(0, a[0], x, "object"));
            }

            return acc;
        });
        b.Add("object.keys", [RegoType.AnyObject], RegoType.AnySet, (_, a) => SetValue.FromSorted(Args.Object(a, 0).Keys.ToArray()));
        b.Add("object.subset", [RegoType.Or(RegoType.AnyObject, RegoType.AnySet, RegoType.AnyArray), RegoType.Or(RegoType.AnyObject, RegoType.AnySet, RegoType.AnyArray)], RegoType.Boolean, (_, a) =>
        {
            var sup = a[0];
            var sub = a[1];
            if (sup is not (ObjectValue or SetValue or ArrayValue))
            {
                throw Args.TypeError(0, sup, "object", "set", "array");
            }

            if (sub is not (ObjectValue or SetValue or ArrayValue))
            {
                throw Args.TypeError(1, sub, "object", "set", "array");
            }

            if (sup is ObjectValue != sub is ObjectValue || (sup is SetValue && sub is ArrayValue))
            {
                throw BuiltinException.Type("both arguments must be objects, sets or arrays of matching kind");
            }

            return Value.Bool(Subset(sup, sub));
        });
    }

    private static IEnumerable<Value> KeySet(Value[] a, int i) => a[i] switch
    {
        ArrayValue x => x.AsList(),
        SetValue x => x.AsList(),
        ObjectValue x => x.KeyList,
        _ => throw Args.TypeError(i, a[i], "object", "set", "array"),
    };

    internal static Value Union(Value a, Value b)
    {
        if (a is not ObjectValue oa || b is not ObjectValue ob)
        {
            return b;
        }

        var builder = new ObjectBuilder(oa);
        for (var i = 0; i < ob.Count; i++)
        {
            var k = ob.Keys[i];
            builder.Set(k, oa.Get(k) is { } existing ? Union(existing, ob.Values[i]) : ob.Values[i]);
        }

        return builder.Build();
    }

    private static bool Subset(Value sup, Value sub)
    {
        switch (sup, sub)
        {
            case (ObjectValue so, ObjectValue bo):
                for (var i = 0; i < bo.Count; i++)
                {
                    var v = so.Get(bo.Keys[i]);
                    if (v is null)
                    {
                        return false;
                    }

                    var bv = bo.Values[i];
                    if (v is ObjectValue && bv is ObjectValue || v is SetValue && bv is SetValue || v is ArrayValue && bv is ArrayValue || v is ArrayValue && bv is SetValue)
                    {
                        if (!Subset(v, bv))
                        {
                            return false;
                        }
                    }
                    else if (!v.Equals(bv))
                    {
                        return false;
                    }
                }

                return true;
            case (SetValue ss, SetValue bs):
                foreach (var x in bs.Items)
                {
                    if (!ss.Contains(x))
                    {
                        return false;
                    }
                }

                return true;
            case (ArrayValue sa, SetValue bs):
                foreach (var x in bs.Items)
                {
                    var found = false;
                    foreach (var y in sa.Items)
                    {
                        if (y.Equals(x))
                        {
                            found = true;
                            break;
                        }
                    }

                    if (!found)
                    {
                        return false;
                    }
                }

                return true;
            case (ArrayValue sa, ArrayValue ba):
                if (ba.Count == 0)
                {
                    return true;
                }

                for (var start = 0; start + ba.Count <= sa.Count; start++)
                {
                    var ok = true;
                    for (var j = 0; j < ba.Count; j++)
                    {
                        if (!sa[start + j].Equals(ba[j]))
                        {
                            ok = false;
                            break;
                        }
                    }

                    if (ok)
                    {
                        return true;
                    }
                }

                return false;
            default:
                return sup.Equals(sub);
        }
    }
}
