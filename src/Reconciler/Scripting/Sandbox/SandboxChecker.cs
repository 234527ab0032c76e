using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GitOpsFleet.Scripting.Sandbox;

/// <summary>
/// Refuses every construct and every bound symbol outside the allow-list. It visits every syntax node (and directive)
/// of the script and asks the semantic model what the node binds to (symbol, candidates, type, converted type,
/// user-defined conversion, operator method, foreach/deconstruction/query helpers), so spelling does not matter:
/// an alias, <c>global::</c>, an extension call or a method group reach the same symbol as the plain name.
/// ScriptOptions is no sandbox (all of CoreLib is referenced whatever it says), so this check is the boundary.
/// </summary>
internal static class SandboxChecker
{
    public static List<ScriptDiagnostic> Check(SyntaxTree tree, SemanticModel model)
    {
        var script = model.Compilation.Assembly;
        var found = new Dictionary<(int Line, string Message), ScriptDiagnostic>();
        void Refuse(SyntaxNodeOrToken at, string message)
        {
            var line = at.GetLocation()?.GetLineSpan().StartLinePosition.Line + 1 ?? 0;
            found.TryAdd((line, message), new ScriptDiagnostic(line, message));
        }
        void CheckSymbol(SyntaxNode at, ISymbol? symbol)
        {
            if (SymbolAllowList.Refusal(symbol, script) is { } refusal) Refuse(at, refusal);
        }
        void CheckType(SyntaxNode at, ITypeSymbol? type)
        {
            if (SymbolAllowList.TypeRefusal(type, script) is { } refusal) Refuse(at, refusal);
        }

        var root = tree.GetRoot();
        foreach (var directive in root.DescendantNodes(descendIntoTrivia: true).OfType<DirectiveTriviaSyntax>())
            if (directive is ReferenceDirectiveTriviaSyntax or LoadDirectiveTriviaSyntax)
                Refuse(directive, $"'{directive.DirectiveNameToken.Text}' directives are not allowed in scaling scripts");

        foreach (var token in root.DescendantTokens())
            if (RefusedKeyword(token.Kind()) is { } keyword)
                Refuse(token, $"'{keyword}' is not allowed in scaling scripts");

        var pending = new Stack<SyntaxNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (IsNameOf(node, model))
                continue; // nameof(x) is a constant string: nothing it names is touched.
            foreach (var child in node.ChildNodes()) pending.Push(child);

            if (RefusedConstruct(node) is { } construct)
            {
                Refuse(node, construct);
                continue;
            }
            CheckNode(node);
        }

        void CheckNode(SyntaxNode node)
        {
            switch (node)
            {
                case UsingDirectiveSyntax usingDirective:
                    CheckUsing(usingDirective);
                    return;
                case CommonForEachStatementSyntax forEach:
                    var info = model.GetForEachStatementInfo(forEach);
                    CheckSymbol(node, info.GetEnumeratorMethod);
                    CheckSymbol(node, info.MoveNextMethod);
                    CheckSymbol(node, info.CurrentProperty);
                    CheckType(node, info.ElementType);
                    break;
                case AssignmentExpressionSyntax { Left: TupleExpressionSyntax or DeclarationExpressionSyntax } deconstruction:
                    CheckDeconstruction(node, model.GetDeconstructionInfo(deconstruction));
                    break;
                case QueryClauseSyntax clause:
                    var clauseInfo = model.GetQueryClauseInfo(clause);
                    CheckSymbol(node, clauseInfo.CastInfo.Symbol);
                    CheckSymbol(node, clauseInfo.OperationInfo.Symbol);
                    break;
            }

            var symbolInfo = model.GetSymbolInfo(node);
            CheckSymbol(node, symbolInfo.Symbol);
            foreach (var candidate in symbolInfo.CandidateSymbols) CheckSymbol(node, candidate);

            if (node is ExpressionSyntax expression)
            {
                var typeInfo = model.GetTypeInfo(expression);
                CheckType(node, typeInfo.Type);
                if (!SymbolEqualityComparer.IncludeNullability.Equals(typeInfo.Type, typeInfo.ConvertedType))
                {
                    CheckType(node, typeInfo.ConvertedType);
                    if (model.GetConversion(expression).MethodSymbol is { } conversionMethod) CheckSymbol(node, conversionMethod);
                }
            }

            // Operator methods (binary, unary, compound, ++/--, casts) come back from GetSymbolInfo above and implicit
            // user-defined conversions from GetConversion; dynamic operations have type dynamic. Operations are not asked for:
            // they would cost as much as the rest of the check together.

            if (model.GetDeclaredSymbol(node) is { } declared)
            {
                switch (declared)
                {
                    case INamedTypeSymbol type when node is BaseTypeDeclarationSyntax:
                        CheckType(node, type.BaseType);
                        foreach (var i in type.Interfaces) CheckType(node, i);
                        break;
                    case ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol or IEventSymbol:
                        CheckSymbol(node, declared);
                        break;
                    case IMethodSymbol method:
                        CheckType(node, method.ReturnType);
                        break;
                }
            }
        }

        void CheckDeconstruction(SyntaxNode node, DeconstructionInfo info)
        {
            CheckSymbol(node, info.Method);
            if (info.Conversion?.MethodSymbol is { } m) CheckSymbol(node, m);
            foreach (var nested in info.Nested) CheckDeconstruction(node, nested);
        }

        void CheckUsing(UsingDirectiveSyntax directive)
        {
            if (directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
            {
                Refuse(directive, "'global using' is not allowed in scaling scripts");
                return;
            }
            var target = directive.Alias is not null
                ? (model.GetDeclaredSymbol(directive) as IAliasSymbol)?.Target
                : directive.NamespaceOrType is { } name ? model.GetSymbolInfo(name).Symbol : null;
            switch (target)
            {
                case INamespaceSymbol ns when !SymbolAllowList.UsingNamespaces.Contains(ns.ToDisplayString()):
                    Refuse(directive, $"'using {ns.ToDisplayString()}' is not allowed in scaling scripts (allowed: {string.Join(", ", SymbolAllowList.UsingNamespaces)})");
                    break;
                case INamespaceSymbol:
                    break;
                default:
                    CheckSymbol(directive, target);
                    break;
            }
        }

        return found.Values.OrderBy(d => d.Line).ThenBy(d => d.Message, StringComparer.Ordinal).ToList();
    }

    private static string? RefusedKeyword(SyntaxKind kind) => kind switch
    {
        SyntaxKind.UnsafeKeyword => "unsafe",
        SyntaxKind.FixedKeyword => "fixed",
        SyntaxKind.StackAllocKeyword => "stackalloc",
        SyntaxKind.ExternKeyword => "extern",
        SyntaxKind.AsyncKeyword => "async",
        SyntaxKind.AwaitKeyword => "await",
        SyntaxKind.LockKeyword => "lock",
        SyntaxKind.ArgListKeyword => "__arglist",
        SyntaxKind.MakeRefKeyword => "__makeref",
        SyntaxKind.RefTypeKeyword => "__reftype",
        SyntaxKind.RefValueKeyword => "__refvalue",
        SyntaxKind.VolatileKeyword => "volatile",
        _ => null,
    };

    private static string? RefusedConstruct(SyntaxNode node) => node switch
    {
        AttributeListSyntax => "attributes are not allowed in scaling scripts",
        TypeOfExpressionSyntax => "'typeof' is not allowed in scaling scripts (System.Type is reflection)",
        SizeOfExpressionSyntax => "'sizeof' is not allowed in scaling scripts",
        PointerTypeSyntax or FunctionPointerTypeSyntax => "pointers are not allowed in scaling scripts",
        AwaitExpressionSyntax => "'await' is not allowed in scaling scripts (no tasks or threads)",
        YieldStatementSyntax => "iterators ('yield') are not allowed in scaling scripts; use LINQ",
        DestructorDeclarationSyntax => "finalizers are not allowed in scaling scripts",
        ExternAliasDirectiveSyntax => "'extern alias' is not allowed in scaling scripts",
        ArrayCreationExpressionSyntax array when array.Type.RankSpecifiers.Any(r => r.Rank > 1) =>
            "multi-dimensional arrays are not allowed in scaling scripts; use jagged arrays",
        _ => null,
    };

    private static bool IsNameOf(SyntaxNode node, SemanticModel model) =>
        node is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } invocation
        && model.GetOperation(invocation) is INameOfOperation;
}
