using Microsoft.CodeAnalysis;

namespace GitOpsFleet.Scripting.Sandbox;

/// <summary>
/// What a script may bind to. A type is allowed when its definition is listed (or it is nested in a listed type) and
/// all its type arguments are allowed; a member when its type is allowed, it is not denied by name, and every type in
/// its signature is allowed. The signature rule is what closes chains such as <c>x.GetType().Assembly</c>,
/// <c>Delegate.Method</c> or <c>Exception.TargetSite</c> without listing each: none of them can be spelled without
/// binding a member whose signature holds a reflection type.
/// </summary>
internal static class SymbolAllowList
{
    public static readonly IReadOnlySet<string> UsingNamespaces = new HashSet<string>(StringComparer.Ordinal)
    {
        "System", "System.Linq", "System.Collections.Generic", "System.Text",
    };

    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        // primitives and basics
        "System.Object", "System.ValueType", "System.Enum", "System.Void", "System.Boolean", "System.Char", "System.String",
        "System.SByte", "System.Byte", "System.Int16", "System.UInt16", "System.Int32", "System.UInt32", "System.Int64", "System.UInt64",
        "System.Single", "System.Double", "System.Decimal", "System.Math", "System.MathF", "System.Nullable`1",
        "System.TimeSpan", "System.DateTimeOffset", "System.DateTime", "System.DayOfWeek", "System.MidpointRounding",
        "System.StringComparison", "System.StringSplitOptions", "System.Index", "System.Range", "System.Array",
        "System.Span`1", "System.ReadOnlySpan`1", "System.MemoryExtensions", "System.Convert",
        "System.IComparable", "System.IComparable`1", "System.IEquatable`1", "System.IDisposable",
        "System.ValueTuple", "System.ValueTuple`1", "System.ValueTuple`2", "System.ValueTuple`3", "System.ValueTuple`4",
        "System.ValueTuple`5", "System.ValueTuple`6", "System.ValueTuple`7", "System.ValueTuple`8",
        "System.Func`1", "System.Func`2", "System.Func`3", "System.Func`4", "System.Func`5", "System.Func`6",
        "System.Action", "System.Action`1", "System.Action`2", "System.Action`3", "System.Action`4",
        "System.Predicate`1", "System.Comparison`1",
        // exceptions a script may throw or catch
        "System.Exception", "System.ArgumentException", "System.ArgumentNullException", "System.ArgumentOutOfRangeException",
        "System.InvalidOperationException", "System.FormatException", "System.OverflowException", "System.DivideByZeroException",
        "System.IndexOutOfRangeException", "System.NotSupportedException", "System.ArithmeticException",
        "System.Collections.Generic.KeyNotFoundException",
        // collections and LINQ over them
        "System.Collections.IEnumerable", "System.Collections.IEnumerator",
        "System.Collections.Generic.IEnumerable`1", "System.Collections.Generic.IEnumerator`1",
        "System.Collections.Generic.ICollection`1", "System.Collections.Generic.IList`1", "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.IReadOnlyCollection`1", "System.Collections.Generic.IReadOnlyList`1",
        "System.Collections.Generic.IReadOnlyDictionary`2", "System.Collections.Generic.ISet`1", "System.Collections.Generic.IReadOnlySet`1",
        "System.Collections.Generic.IComparer`1", "System.Collections.Generic.IEqualityComparer`1",
        "System.Collections.Generic.Comparer`1", "System.Collections.Generic.EqualityComparer`1",
        "System.Collections.Generic.List`1", "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.Queue`1", "System.Collections.Generic.Stack`1", "System.Collections.Generic.SortedDictionary`2",
        "System.Collections.Generic.SortedList`2", "System.Collections.Generic.SortedSet`1", "System.Collections.Generic.LinkedList`1",
        "System.Collections.Generic.LinkedListNode`1", "System.Collections.Generic.PriorityQueue`2",
        "System.Collections.Generic.KeyValuePair`2", "System.Collections.Generic.KeyValuePair",
        "System.Linq.Enumerable", "System.Linq.IOrderedEnumerable`1", "System.Linq.IGrouping`2", "System.Linq.ILookup`2", "System.Linq.Lookup`2",
        // text
        "System.Text.StringBuilder",
        // what string interpolation binds to
        "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler",
        // the globals
        "GitOpsFleet.Scripting.Globals.ScalingGlobals", "GitOpsFleet.Scripting.Globals.PoolView",
        "GitOpsFleet.Scripting.Globals.ScriptMetrics", "GitOpsFleet.Scripting.Globals.ScriptLog",
        "GitOpsFleet.Scripting.Metrics.MetricSample", "GitOpsFleet.Scripting.Metrics.MetricsQueryException",
    };

    /// <summary>Members refused on otherwise allowed types: process-wide state, the real clock (scripts use Now), unbounded sizes.</summary>
    private static readonly Dictionary<string, HashSet<string>> DeniedMembers = new(StringComparer.Ordinal)
    {
        ["System.Object"] = ["GetType", "MemberwiseClone", "Finalize"],
        ["System.String"] = ["Intern", "IsInterned"],
        ["System.DateTime"] = ["Now", "UtcNow", "Today"],
        ["System.DateTimeOffset"] = ["Now", "UtcNow"],
        ["System.Exception"] = ["GetObjectData", "TargetSite", "Data", "SerializeObjectState"],
    };

    /// <summary>Members refused on any type: they reserve memory ahead of use, out of sight of the per-step memory check.</summary>
    private static readonly HashSet<string> DeniedMemberNames = new(StringComparer.Ordinal) { "Capacity", "EnsureCapacity" };

    /// <summary>Parameters whose value is an element count allocated at once; the rewriter checks them against the memory budget.</summary>
    public static readonly IReadOnlySet<string> SizeParameters = new HashSet<string>(StringComparer.Ordinal)
    {
        "count", "capacity", "repeatCount", "totalWidth", "length", "newSize", "minimumCapacity",
    };

    /// <summary>Null when allowed, else why not (a sentence naming the symbol).</summary>
    public static string? Refusal(ISymbol? symbol, IAssemblySymbol script)
    {
        switch (symbol)
        {
            case null or INamespaceSymbol or ILabelSymbol or IRangeVariableSymbol or IPreprocessingSymbol:
                return null;
            case IAliasSymbol alias:
                return Refusal(alias.Target, script);
            case ILocalSymbol local:
                return TypeRefusal(local.Type, script);
            case IParameterSymbol parameter:
                return TypeRefusal(parameter.Type, script);
            case IDiscardSymbol discard:
                return TypeRefusal(discard.Type, script);
            case ITypeSymbol type:
                return TypeRefusal(type, script);
            case IMethodSymbol method:
                return MethodRefusal(method, script);
            case IPropertySymbol or IFieldSymbol or IEventSymbol:
                return MemberRefusal(symbol, script);
            default:
                return $"'{symbol.ToDisplayString()}' ({symbol.Kind}) is not allowed in scaling scripts";
        }
    }

    public static string? TypeRefusal(ITypeSymbol? type, IAssemblySymbol script)
    {
        switch (type)
        {
            case null or IErrorTypeSymbol or ITypeParameterSymbol:
                return null;
            case IDynamicTypeSymbol:
                return "'dynamic' is not allowed in scaling scripts";
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return $"pointer type '{type.ToDisplayString()}' is not allowed in scaling scripts";
            case IArrayTypeSymbol array:
                return TypeRefusal(array.ElementType, script);
            case INamedTypeSymbol named:
                if (!IsFromScript(named, script))
                {
                    var definition = named.OriginalDefinition;
                    if (!IsListed(definition))
                        return $"type '{definition.ToDisplayString()}' is not allowed in scaling scripts";
                }
                foreach (var argument in named.TypeArguments)
                    if (TypeRefusal(argument, script) is { } refusal) return refusal;
                return named.ContainingType is { } outer ? TypeRefusal(outer, script) : null;
            default:
                return $"type '{type.ToDisplayString()}' is not allowed in scaling scripts";
        }
    }

    private static string? MethodRefusal(IMethodSymbol method, IAssemblySymbol script)
    {
        method = method.ReducedFrom ?? method;
        if (method.MethodKind == MethodKind.FunctionPointerSignature)
            return "function pointers are not allowed in scaling scripts";
        foreach (var argument in method.TypeArguments)
            if (TypeRefusal(argument, script) is { } refusal) return refusal;
        if (method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction || IsFromScript(method, script))
            return null;
        if (method.ContainingType is { TypeKind: TypeKind.Delegate } && method.Name != "Invoke" && method.MethodKind != MethodKind.Constructor)
            return $"'{method.ToDisplayString()}' is not allowed in scaling scripts (delegates may only be invoked)";
        return MemberRefusal(method, script);
    }

    private static string? MemberRefusal(ISymbol member, IAssemblySymbol script)
    {
        if (IsFromScript(member, script))
            return null;
        var containing = member.ContainingType;
        if (containing is null)
            return $"'{Display(member)}' is not allowed in scaling scripts";
        if (TypeRefusal(containing, script) is { } typeRefusal)
            return $"'{Display(member)}' is not allowed in scaling scripts: {typeRefusal}";
        var name = member is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.Name : member.Name;
        var typeName = FullName(containing.OriginalDefinition);
        if (DeniedMemberNames.Contains(name) || (DeniedMembers.TryGetValue(typeName, out var denied) && denied.Contains(name)))
            return $"'{Display(member)}' is not allowed in scaling scripts";
        foreach (var type in SignatureTypes(member))
            if (TypeRefusal(type, script) is { } refusal)
                return $"'{Display(member)}' is not allowed in scaling scripts: {refusal}";
        return null;
    }

    private static IEnumerable<ITypeSymbol> SignatureTypes(ISymbol member)
    {
        switch (member)
        {
            case IMethodSymbol method:
                yield return method.ReturnType;
                foreach (var p in method.Parameters) yield return p.Type;
                break;
            case IPropertySymbol property:
                yield return property.Type;
                foreach (var p in property.Parameters) yield return p.Type;
                break;
            case IFieldSymbol field:
                yield return field.Type;
                break;
            case IEventSymbol e:
                yield return e.Type;
                break;
        }
    }

    private static bool IsListed(INamedTypeSymbol definition)
    {
        for (INamedTypeSymbol? t = definition; t is not null; t = t.ContainingType)
            if (Types.Contains(FullName(t))) return true;
        return false;
    }

    private static bool IsFromScript(ISymbol symbol, IAssemblySymbol script) =>
        SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, script);

    private static string Display(ISymbol symbol) => symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

    public static string FullName(INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer) return FullName(outer) + "+" + type.MetadataName;
        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? type.MetadataName : ns.ToDisplayString() + "." + type.MetadataName;
    }
}
