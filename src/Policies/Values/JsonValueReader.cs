using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace GitOpsFleet.Policies.Values;

/// <summary>
/// Reads UTF-8 JSON straight into final values. Children are collected on one reusable scratch stack
/// and copied once into the value's own array, so a document costs about one copy of itself: no
/// builder, list or dictionary per object or array. Repeated keys and short strings come from small
/// bounded caches (a fleet repeats "name", "prod", "ethereum" thousands of times), and objects with
/// the same keys in the same order share one sorted key array.
/// </summary>
/// <remarks>
/// One instance per thread is kept between parses (<see cref="Rent"/>) so small documents pay for no
/// tables; the caches hold only immutable values, so a hit from an earlier document is still correct.
/// </remarks>
internal sealed class JsonValueReader
{
    private const int MaxCachedStringBytes = 48;
    private const int MaxCachedKeyBytes = 256;
    private const int MaxSharedCount = 8;

    [ThreadStatic]
    private static JsonValueReader? t_cached;

    // Invalid UTF-8 in a string is an error, as Utf8JsonReader.GetString makes it.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly StringValue?[] _keys = new StringValue?[1024];
    private readonly StringValue?[] _strings = new StringValue?[2048];
    private readonly (long Value, NumberValue? Number)[] _numbers = new (long, NumberValue?)[512];
    private readonly ObjectShape?[] _shapes = new ObjectShape?[256];

    // Small arrays and objects whose members are the very same values (after the caches above) are
    // one shared value: config documents repeat {"encrypted": true, "sizeGiB": 500} and [443] often.
    // Values are immutable, so sharing is invisible. Cleared after each parse: members may be large.
    private readonly Value?[] _shared = new Value?[1024];
    private Value[] _stack = [];
    private int _top;
    private int _highWater;
    private byte[] _unescaped = [];

    public static JsonValueReader Rent()
    {
        var r = t_cached ?? new JsonValueReader();
        t_cached = null;
        return r;
    }

    public static void Return(JsonValueReader r)
    {
        // Drop references to the document's values so the scratch stack does not keep it alive.
        r._stack.AsSpan(0, r._highWater).Clear();
        if (r._stack.Length > 0)
        {
            ArrayPool<Value>.Shared.Return(r._stack);
            r._stack = [];
        }

        Array.Clear(r._shared);
        r._top = 0;
        r._highWater = 0;
        t_cached = r;
    }

    public Value Read(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.Null => Value.Null,
        JsonTokenType.True => Value.True,
        JsonTokenType.False => Value.False,
        JsonTokenType.Number => ReadNumber(ref r),
        JsonTokenType.String => ReadString(ref r, _strings, MaxCachedStringBytes),
        JsonTokenType.StartArray => ReadArray(ref r),
        JsonTokenType.StartObject => ReadObject(ref r),
        _ => throw new JsonException($"unexpected JSON token {r.TokenType}"),
    };

    private ArrayValue ReadArray(ref Utf8JsonReader r)
    {
        var start = _top;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            Push(Read(ref r));
        }

        var n = _top - start;
        if (n == 0)
        {
            return ArrayValue.Empty;
        }

        var span = _stack.AsSpan(start, n);
        ArrayValue result;
        if (n <= MaxSharedCount)
        {
            var h = n;
            foreach (var item in span)
            {
                h = (h * 31) + RuntimeHelpers.GetHashCode(item);
            }

            ref var slot = ref Probe(_shared, h, span, static (candidate, items) => candidate is ArrayValue a && a.Count == items.Length && SameItems(a.Items, items), out var found);
            if (found)
            {
                result = (ArrayValue)slot!;
            }
            else
            {
                result = new ArrayValue(span.ToArray());
                slot = result;
            }
        }
        else
        {
            result = new ArrayValue(span.ToArray());
        }

        _top = start;
        return result;
    }

    private ObjectValue ReadObject(ref Utf8JsonReader r)
    {
        var start = _top;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            Push(ReadString(ref r, _keys, MaxCachedKeyBytes));
            r.Read();
            Push(Read(ref r));
        }

        var n = (_top - start) / 2;
        if (n == 0)
        {
            return ObjectValue.Empty;
        }

        var pairs = _stack.AsSpan(start, 2 * n);
        var shape = Shape(pairs, n);
        ObjectValue result;
        if (shape is null)
        {
            // Duplicate keys: the later one wins, as in the other readers.
            var b = new ObjectBuilder();
            for (var i = 0; i < n; i++)
            {
                b.Set(pairs[2 * i], pairs[(2 * i) + 1]);
            }

            result = b.Build();
        }
        else
        {
            result = Build(shape, pairs, n);
        }

        _top = start;
        return result;
    }

    private ObjectValue Build(ObjectShape shape, ReadOnlySpan<Value> pairs, int n)
    {
        var perm = shape.Order;
        ref Value? slot = ref Unsafe.NullRef<Value?>();
        if (n <= MaxSharedCount)
        {
            var h = RuntimeHelpers.GetHashCode(shape.SortedKeys);
            for (var i = 0; i < n; i++)
            {
                h = (h * 31) + RuntimeHelpers.GetHashCode(pairs[(2 * perm[i]) + 1]);
            }

            slot = ref Probe(_shared, h, new ObjectProbe(shape, pairs), static (candidate, o) => candidate is ObjectValue hit && hit.Keys == o.Shape.SortedKeys && SameValues(hit.Values, o.Pairs, o.Shape.Order), out var found);
            if (found)
            {
                return (ObjectValue)slot!;
            }
        }

        var values = new Value[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = pairs[(2 * perm[i]) + 1];
        }

        var result = ObjectValue.FromSorted(shape.SortedKeys, values);
        if (!Unsafe.IsNullRef(ref slot))
        {
            slot = result;
        }

        return result;
    }

    private static bool SameItems(ReadOnlySpan<Value> a, ReadOnlySpan<Value> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (!ReferenceEquals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameValues(ReadOnlySpan<Value> values, ReadOnlySpan<Value> pairs, int[] perm)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!ReferenceEquals(values[i], pairs[(2 * perm[i]) + 1]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The cached key order for these keys (document order), or null when a key repeats.</summary>
    private ObjectShape? Shape(ReadOnlySpan<Value> pairs, int n)
    {
        var h = n;
        for (var i = 0; i < n; i++)
        {
            h = (h * 31) + RuntimeHelpers.GetHashCode(pairs[2 * i]);
        }

        ref var slot = ref Probe(_shapes, h, pairs, static (candidate, p) => candidate!.Matches(p, p.Length / 2), out var found);
        if (found)
        {
            return slot;
        }

        var shape = ObjectShape.Create(pairs, n);
        if (shape is not null)
        {
            slot = shape;
        }

        return shape;
    }

    private void Push(Value v)
    {
        if (_top == _stack.Length)
        {
            var bigger = ArrayPool<Value>.Shared.Rent(Math.Max(64, _stack.Length * 2));
            _stack.AsSpan(0, _top).CopyTo(bigger);
            if (_stack.Length > 0)
            {
                _stack.AsSpan(0, _top).Clear();
                ArrayPool<Value>.Shared.Return(_stack);
            }

            _stack = bigger;
        }

        _stack[_top++] = v;
        if (_top > _highWater)
        {
            _highWater = _top;
        }
    }

    // Callers catch JsonException for bad input (ValueJson.Parse documents only that), so invalid UTF-8 becomes one.
    private static string Decode(ReadOnlySpan<byte> utf8, long at)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new JsonException($"invalid UTF-8 in the string at byte {at}", e);
        }
    }

    private StringValue ReadString(ref Utf8JsonReader r, StringValue?[] cache, int maxCached)
    {
        ReadOnlySpan<byte> utf8;
        if (r.ValueIsEscaped || r.HasValueSequence)
        {
            var max = r.HasValueSequence ? checked((int)r.ValueSequence.Length) : r.ValueSpan.Length;
            if (_unescaped.Length < max)
            {
                _unescaped = new byte[Math.Max(max, 256)];
            }

            try
            {
                utf8 = _unescaped.AsSpan(0, r.CopyString(_unescaped));
            }
            catch (InvalidOperationException e)
            {
                // An escape that is no UTF-16 (a lone surrogate, \ud800): bad input, refused as JSON is.
                throw new JsonException($"invalid string escape at byte {r.TokenStartIndex}: {e.Message}", e);
            }
        }
        else
        {
            utf8 = r.ValueSpan;
        }

        if (utf8.Length == 0)
        {
            return StringValue.Empty;
        }

        if (utf8.Length > maxCached)
        {
            return new StringValue(Decode(utf8, r.TokenStartIndex));
        }

        ref var slot = ref Probe(cache, HashBytes(utf8), utf8, static (hit, bytes) => hit!.Value.Length == bytes.Length && Ascii.Equals(bytes, hit.Value), out var found);
        if (found)
        {
            return slot!;
        }

        var s = new StringValue(Decode(utf8, r.TokenStartIndex));
        if (s.Value.Length == utf8.Length)
        {
            // Only ASCII strings are cached: a hit is then checked byte for char.
            slot = s;
        }

        return s;
    }

    private NumberValue ReadNumber(ref Utf8JsonReader r)
    {
        if (r.TryGetInt64(out var l))
        {
            if (l is >= -256 and <= 768)
            {
                return NumberValue.FromInt64(l);
            }

            ref var entry = ref _numbers[(int)((ulong)l % (ulong)_numbers.Length)];
            if (entry.Number is { } n && entry.Value == l)
            {
                return n;
            }

            var created = NumberValue.FromInt64(l);
            entry = (l, created);
            return created;
        }

        // JSON number text is ASCII.
        var bytes = r.HasValueSequence ? r.ValueSequence.ToArray() : r.ValueSpan;
        Span<char> chars = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return NumberValue.TryParse(chars, out var v) ? v : throw new FormatException($"invalid number: {chars}");
    }

    /// <summary>
    /// Looks <paramref name="item"/> up in a bounded open-addressing table: a few linear probes from its
    /// hash, then the first empty slot (a miss) or, when all are taken, the home slot to be replaced. Frequent
    /// entries that happen to share a slot therefore both stay, and the table never grows.
    /// </summary>
    private static ref T? Probe<T, TItem>(T?[] table, int hash, TItem item, Func<T, TItem, bool> matches, out bool found)
        where T : class
        where TItem : allows ref struct
    {
        const int MaxProbes = 8;
        var mask = table.Length - 1;
        var home = hash & mask;
        for (var p = 0; p < MaxProbes; p++)
        {
            ref var slot = ref table[(home + p) & mask];
            if (slot is null)
            {
                found = false;
                return ref slot;
            }

            if (matches(slot, item))
            {
                found = true;
                return ref slot;
            }
        }

        found = false;
        return ref table[home];
    }

    private readonly ref struct ObjectProbe(ObjectShape shape, ReadOnlySpan<Value> pairs)
    {
        public ObjectShape Shape { get; } = shape;

        public ReadOnlySpan<Value> Pairs { get; } = pairs;
    }

    private static int HashBytes(ReadOnlySpan<byte> s)
    {
        var h = new HashCode();
        h.AddBytes(s);
        return h.ToHashCode();
    }
}
