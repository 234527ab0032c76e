using System.Globalization;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins.Kernels.Json;

/// <summary>
/// RFC 6902 patches applied to immutable values the way OPA's json.patch does: paths may be JSON
/// pointers or arrays of segments, sets are content-addressed (a segment names a member), and array
/// indexes follow OPA's rules (no leading zeros, "-" appends). Every step rebuilds only the spine it
/// touches, so the input document is never copied as a whole.
/// </summary>
internal static class JsonPatcher
{
    private static readonly StringValue PathKey = new("path");
    private static readonly StringValue OpKey = new("op");
    private static readonly StringValue ValueKey = new("value");
    private static readonly StringValue FromKey = new("from");

    /// <summary>Applies <paramref name="operations"/> in order; null when the root itself was removed.</summary>
    /// <exception cref="JsonPatchException">An operation is malformed, names a missing location, or a test fails.</exception>
    /// <exception cref="BuiltinException">A path is neither a string nor an array (OPA reports that as an operand error).</exception>
    public static Value? Apply(Value document, IReadOnlyList<Value> operations)
    {
        Value? root = document;
        foreach (var item in operations)
        {
            if (item is not ObjectValue op)
            {
                throw new JsonPatchException("must be an array of JSON-Patch objects, but at least one element is not an object");
            }

            var pathValue = op.Get(PathKey) ?? throw new JsonPatchException("missing required attribute 'path'");
            var opValue = op.Get(OpKey) ?? throw new JsonPatchException("missing required attribute 'op'");
            if (opValue is not StringValue opName)
            {
                throw new JsonPatchException("attribute 'op' must be a string but found: " + opValue.TypeName);
            }

            var path = ParsePath(pathValue);
            switch (opName.Value)
            {
                case "add":
                    root = Insert(root, path, Required(op, ValueKey));
                    break;
                case "remove":
                    root = Delete(root, path);
                    break;
                case "replace":
                    root = Delete(root, path);
                    root = Insert(root, path, Required(op, ValueKey));
                    break;
                case "move":
                {
                    var from = ParsePath(Required(op, FromKey));
                    var chunk = Get(root, from);
                    root = Delete(root, from);
                    root = Insert(root, path, chunk);
                    break;
                }

                case "copy":
                {
                    var from = ParsePath(Required(op, FromKey));
                    root = Insert(root, path, Get(root, from));
                    break;
                }

                case "test":
                {
                    var actual = Get(root, path);
                    var expected = Required(op, ValueKey);
                    if (!actual.Equals(expected))
                    {
                        throw new JsonPatchException($"value from EditTree != patch value.\n\nExpected: {expected}\n\nFound: {actual}");
                    }

                    break;
                }

                default:
                    throw new JsonPatchException($"unrecognized op: '{opName.Value}'");
            }
        }

        return root;
    }

    /// <summary>A JSON pointer ("/a/b~1c", leading slashes ignored, "" = root) or an array of segments.</summary>
    public static Value[] ParsePath(Value path)
    {
        switch (path)
        {
            case StringValue s:
                if (s.Value.Length == 0)
                {
                    return [];
                }

                return s.Value.TrimStart('/').Split('/')
                    .Select(part => (Value)new StringValue(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
                    .ToArray();
            case ArrayValue a:
                return a.Items.ToArray();
            default:
                throw Args.OperandError(1, "must be one of {set, array} containing string paths or array of path segments but got " + path.TypeName);
        }
    }

    /// <summary>An array index from a path segment: an integer, a decimal string without leading zeros, or "-" (one past the end).</summary>
    public static int ToIndex(int length, Value key)
    {
        switch (key)
        {
            case NumberValue n:
                return n.TryGetInt32(out var i) ? i : throw new JsonPatchException("invalid number type for indexing");
            case StringValue s:
                if (s.Value == "-")
                {
                    return length;
                }

                // Go's ParseInt: optional sign, then decimal digits only ("1e0" and " 1" are not indexes).
                if (!int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var idx))
                {
                    throw new JsonPatchException("invalid string for indexing");
                }

                if (s.Value != "0" && s.Value.StartsWith('0'))
                {
                    throw new JsonPatchException("leading zeros are not allowed in JSON paths");
                }

                return idx;
            default:
                throw new JsonPatchException("invalid type for indexing");
        }
    }

    private static Value Required(ObjectValue op, StringValue key) =>
        op.Get(key) ?? throw new JsonPatchException($"missing required attribute '{key.Value}'");

    private static Value Get(Value? root, Value[] path)
    {
        var node = root ?? throw new JsonPatchException("nil value encountered where composite value was expected");
        foreach (var key in path)
        {
            node = Child(node, key);
        }

        return node;
    }

    private static Value Child(Value node, Value key)
    {
        switch (node)
        {
            case ObjectValue o:
                return o.Get(key) ?? throw new JsonPatchException($"path [{key}] does not exist in object term {node}");
            case SetValue s:
                return s.Contains(key) ? key : throw new JsonPatchException($"path [{key}] does not exist in set term {node}");
            case ArrayValue a:
            {
                var idx = ToIndex(a.Count, key);
                return idx >= 0 && idx < a.Count ? a[idx] : throw new JsonPatchException($"path [{idx}] does not exist in array term {node}");
            }

            default:
                throw new JsonPatchException($"expected composite type for path [{key}], found value: {node}");
        }
    }

    private static Value Insert(Value? root, Value[] path, Value value)
    {
        if (path.Length == 0)
        {
            return value;
        }

        return Update(root, path, 0, parent => InsertInto(parent, path[^1], value));
    }

    private static Value? Delete(Value? root, Value[] path)
    {
        if (path.Length == 0)
        {
            return root is null ? throw new JsonPatchException("deleted node encountered during delete operation") : null;
        }

        return Update(root, path, 0, parent => DeleteFrom(parent, path[^1]));
    }

    /// <summary>Walks to the parent of the last segment, applies <paramref name="edit"/> there and rebuilds the spine above it.</summary>
    private static Value Update(Value? node, Value[] path, int depth, Func<Value, Value> edit)
    {
        if (node is null)
        {
            throw new JsonPatchException("nil value encountered where composite value was expected");
        }

        if (depth == path.Length - 1)
        {
            return edit(node);
        }

        var key = path[depth];
        var child = Child(node, key);
        var updated = Update(child, path, depth + 1, edit);
        return node switch
        {
            ObjectValue o => o.With(key, updated),
            SetValue s => ReplaceMember(s, child, updated),
            ArrayValue a => ReplaceAt(a, ToIndex(a.Count, key), updated),
            _ => throw new JsonPatchException($"expected composite type for path [{key}], found value: {node}"),
        };
    }

    private static Value InsertInto(Value parent, Value key, Value value)
    {
        switch (parent)
        {
            case ObjectValue o:
                return o.With(key, value);
            case SetValue s:
                if (!key.Equals(value))
                {
                    throw new JsonPatchException($"set key {key} does not equal value to be inserted {value}");
                }

                return s.Contains(value) ? s : SetValue.Of(s.Items.ToArray().Append(value));
            case ArrayValue a:
            {
                var idx = ToIndex(a.Count, key);
                if (idx < 0 || idx > a.Count)
                {
                    throw new JsonPatchException("index for array insertion out of bounds");
                }

                var items = new Value[a.Count + 1];
                a.Items[..idx].CopyTo(items);
                items[idx] = value;
                a.Items[idx..].CopyTo(items.AsSpan(idx + 1));
                return new ArrayValue(items);
            }

            default:
                throw new JsonPatchException($"expected composite type, found value: {parent}");
        }
    }

    private static Value DeleteFrom(Value parent, Value key)
    {
        switch (parent)
        {
            case ObjectValue o:
            {
                if (o.Get(key) is null)
                {
                    throw new JsonPatchException($"cannot delete child key {key} that does not exist");
                }

                var b = new ObjectBuilder(o);
                b.Remove(key);
                return b.Build();
            }

            case SetValue s:
                if (!s.Contains(key))
                {
                    throw new JsonPatchException($"cannot delete child key {key} that does not exist");
                }

                return SetValue.Of(s.Items.ToArray().Where(v => !v.Equals(key)));
            case ArrayValue a:
            {
                var idx = ToIndex(a.Count, key);
                if (idx < 0 || idx > a.Count - 1)
                {
                    throw new JsonPatchException("index for array delete out of bounds");
                }

                var items = new Value[a.Count - 1];
                a.Items[..idx].CopyTo(items);
                a.Items[(idx + 1)..].CopyTo(items.AsSpan(idx));
                return new ArrayValue(items);
            }

            default:
                throw new JsonPatchException($"expected composite type, found value: {parent}");
        }
    }

    private static SetValue ReplaceMember(SetValue s, Value old, Value updated) =>
        SetValue.Of(s.Items.ToArray().Where(v => !v.Equals(old)).Append(updated));

    private static ArrayValue ReplaceAt(ArrayValue a, int idx, Value updated)
    {
        var items = a.Items.ToArray();
        items[idx] = updated;
        return new ArrayValue(items);
    }
}
