using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace GitOpsFleet.Scripting.Sandbox;

/// <summary>
/// Rewrites a checked script so it cannot run away: a budget check starts every loop body and precedes every goto;
/// every method, local function, accessor, operator, constructor and lambda body counts call depth in try/finally;
/// every catch clause gets a filter that declines once a budget ran out (catch-alls included); and every array size or
/// count argument is checked against the memory left before the allocation happens.
/// New nodes carry no line breaks and moved tokens keep their trivia, so line numbers (in diagnostics and in stack
/// traces of the emitted PDB) stay those of the file in the repository.
/// Runs on the original tree with its semantic model: each Visit sees the original node before base.Visit rewrites children.
/// </summary>
internal sealed class BudgetRewriter(SemanticModel model) : CSharpSyntaxRewriter
{
    private const string Budget = "global::GitOpsFleet.Scripting.Sandbox.ScriptBudget";

    private static StatementSyntax TickStatement() => ParseStatement($"{Budget}.Tick();");

    public static SyntaxNode Rewrite(SyntaxNode root, SemanticModel model)
    {
        var rewritten = (CompilationUnitSyntax)new BudgetRewriter(model).Visit(root);
        var globals = rewritten.Members.OfType<GlobalStatementSyntax>().ToList();
        var endsWithResult = globals.LastOrDefault() is { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } };
        if (endsWithResult) return rewritten;
        // A script that falls off its end would return 0 replicas; make that an error instead.
        var noResult = GlobalStatement(ParseStatement($"return {Budget}.NoResult();"));
        return rewritten.WithMembers(rewritten.Members.Add(noResult));
    }

    // Loops and gotos: one check per iteration or jump.
    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var v = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return v.WithStatement(Prepend(v.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var v = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return v.WithStatement(Prepend(v.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var v = (ForStatementSyntax)base.VisitForStatement(node)!;
        return v.WithStatement(Prepend(v.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var v = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return v.WithStatement(Prepend(v.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var v = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return v.WithStatement(Prepend(v.Statement));
    }

    public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node)
    {
        var v = (GotoStatementSyntax)base.VisitGotoStatement(node)!;
        return Block(TickStatement(), v.WithoutLeadingTrivia()).WithLeadingTrivia(v.GetLeadingTrivia());
    }

    // Catch clauses: never catch once a budget ran out.
    public override SyntaxNode? VisitCatchClause(CatchClauseSyntax node)
    {
        var v = (CatchClauseSyntax)base.VisitCatchClause(node)!;
        var canCatch = ParseExpression($"{Budget}.CanCatch()");
        if (v.Filter is null)
            return v.WithFilter(CatchFilterClause(canCatch));
        var combined = BinaryExpression(SyntaxKind.LogicalAndExpression, canCatch, ParenthesizedExpression(v.Filter.FilterExpression));
        return v.WithFilter(v.Filter.WithFilterExpression(combined));
    }

    // Sizes: check what an array or a count argument would allocate before it is allocated.
    public override SyntaxNode? VisitArrayCreationExpression(ArrayCreationExpressionSyntax node)
    {
        var elementBytes = model.GetTypeInfo(node).Type is IArrayTypeSymbol array ? ElementBytes(array.ElementType) : 8;
        var v = (ArrayCreationExpressionSyntax)base.VisitArrayCreationExpression(node)!;
        var ranks = v.Type.RankSpecifiers.Select(rank => rank.WithSizes(SeparatedList(rank.Sizes.Select(size =>
            size is OmittedArraySizeExpressionSyntax ? size : SizeCheck(size, elementBytes)))));
        return v.WithType(v.Type.WithRankSpecifiers(List(ranks)));
    }

    public override SyntaxNode? VisitArgument(ArgumentSyntax node)
    {
        var wrap = model.GetOperation(node) is IArgumentOperation { Parameter: { } parameter }
            && SymbolAllowList.SizeParameters.Contains(parameter.Name)
            && parameter.RefKind == RefKind.None
            && parameter.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
            && !SymbolEqualityComparer.Default.Equals(parameter.ContainingAssembly, model.Compilation.Assembly);
        var elementBytes = model.GetOperation(node) is IArgumentOperation { Parameter.ContainingSymbol: IMethodSymbol method }
            && method.ContainingType.TypeArguments.FirstOrDefault() is { } elementType ? ElementBytes(elementType) : 8;
        var v = (ArgumentSyntax)base.VisitArgument(node)!;
        return wrap ? v.WithExpression(SizeCheck(v.Expression, elementBytes)) : v;
    }

    // Method-like bodies: count depth.
    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var returnsVoid = model.GetDeclaredSymbol(node) is { ReturnsVoid: true };
        var v = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        if (v.Body is { } body) return v.WithBody(Guard(body));
        if (v.ExpressionBody is { } arrow)
            return v.WithExpressionBody(null).WithSemicolonToken(default).WithBody(GuardExpression(arrow, v.SemicolonToken, returnsVoid));
        return v;
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var returnsVoid = model.GetDeclaredSymbol(node) is IMethodSymbol { ReturnsVoid: true };
        var v = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        if (v.Body is { } body) return v.WithBody(Guard(body));
        if (v.ExpressionBody is { } arrow)
            return v.WithExpressionBody(null).WithSemicolonToken(default).WithBody(GuardExpression(arrow, v.SemicolonToken, returnsVoid));
        return v;
    }

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node)
    {
        var v = (ConstructorDeclarationSyntax)base.VisitConstructorDeclaration(node)!;
        if (v.Body is { } body) return v.WithBody(Guard(body));
        if (v.ExpressionBody is { } arrow)
            return v.WithExpressionBody(null).WithSemicolonToken(default).WithBody(GuardExpression(arrow, v.SemicolonToken, true));
        return v;
    }

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node)
    {
        var returnsVoid = model.GetDeclaredSymbol(node) is { ReturnsVoid: true };
        var v = (OperatorDeclarationSyntax)base.VisitOperatorDeclaration(node)!;
        if (v.Body is { } body) return v.WithBody(Guard(body));
        if (v.ExpressionBody is { } arrow)
            return v.WithExpressionBody(null).WithSemicolonToken(default).WithBody(GuardExpression(arrow, v.SemicolonToken, returnsVoid));
        return v;
    }

    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node)
    {
        var v = (ConversionOperatorDeclarationSyntax)base.VisitConversionOperatorDeclaration(node)!;
        if (v.Body is { } body) return v.WithBody(Guard(body));
        if (v.ExpressionBody is { } arrow)
            return v.WithExpressionBody(null).WithSemicolonToken(default).WithBody(GuardExpression(arrow, v.SemicolonToken, false));
        return v;
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var returnsVoid = model.GetDeclaredSymbol(node) is { ReturnsVoid: true };
        var v = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        if (v.Body is { } body) return v.WithBody(Guard(body));
        if (v.ExpressionBody is { } arrow)
            return v.WithExpressionBody(null).WithSemicolonToken(default).WithBody(GuardExpression(arrow, v.SemicolonToken, returnsVoid));
        return v;
    }

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        var v = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
        if (v.ExpressionBody is not { } arrow) return v;
        var getter = AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, GuardExpression(arrow, default, false));
        return v.WithExpressionBody(null).WithSemicolonToken(default)
            .WithAccessorList(AccessorList(List([getter])).WithTrailingTrivia(v.SemicolonToken.TrailingTrivia));
    }

    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node)
    {
        var v = (IndexerDeclarationSyntax)base.VisitIndexerDeclaration(node)!;
        if (v.ExpressionBody is not { } arrow) return v;
        var getter = AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, GuardExpression(arrow, default, false));
        return v.WithExpressionBody(null).WithSemicolonToken(default)
            .WithAccessorList(AccessorList(List([getter])).WithTrailingTrivia(v.SemicolonToken.TrailingTrivia));
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var returnsVoid = LambdaReturnsVoid(node);
        var v = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        if (v.Block is { } block) return v.WithBlock(Guard(block));
        if (v.ExpressionBody is { } expression)
            return v.WithExpressionBody(null).WithBlock(GuardLambda(expression, returnsVoid));
        return v;
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var returnsVoid = LambdaReturnsVoid(node);
        var v = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        if (v.Block is { } block) return v.WithBlock(Guard(block));
        if (v.ExpressionBody is { } expression)
            return v.WithExpressionBody(null).WithBlock(GuardLambda(expression, returnsVoid));
        return v;
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var v = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return v.WithBlock(Guard(v.Block));
    }

    private bool LambdaReturnsVoid(LambdaExpressionSyntax node) =>
        model.GetSymbolInfo(node).Symbol is IMethodSymbol { ReturnsVoid: true };

    private static BlockSyntax Prepend(StatementSyntax statement) =>
        statement is BlockSyntax block
            ? block.WithStatements(block.Statements.Insert(0, TickStatement()))
            : Block(TickStatement(), statement);

    /// <summary><c>{ Enter(); try { body } finally { Exit(); } }</c>, keeping the braces' trivia.</summary>
    private static BlockSyntax Guard(BlockSyntax body)
    {
        var inner = Block(body.Statements);
        var guarded = TryStatement(inner, default, FinallyClause(Block(ParseStatement($"{Budget}.Exit();"))));
        return body.WithStatements(List<StatementSyntax>([ParseStatement($"{Budget}.Enter();"), guarded]));
    }

    private static BlockSyntax GuardExpression(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon, bool returnsVoid)
    {
        var block = Block(BodyOf(arrow.Expression, returnsVoid))
            .WithOpenBraceToken(Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(arrow.ArrowToken.LeadingTrivia).WithTrailingTrivia(arrow.ArrowToken.TrailingTrivia))
            .WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(semicolon.TrailingTrivia));
        return Guard(block);
    }

    private static BlockSyntax GuardLambda(ExpressionSyntax expression, bool returnsVoid) => Guard(Block(BodyOf(expression, returnsVoid)));

    private static StatementSyntax BodyOf(ExpressionSyntax expression, bool returnsVoid) => expression switch
    {
        ThrowExpressionSyntax t => ThrowStatement(t.Expression),
        _ when returnsVoid => ExpressionStatement(expression),
        _ => ReturnStatement(expression),
    };

    private static ExpressionSyntax SizeCheck(ExpressionSyntax size, int elementBytes) =>
        InvocationExpression(ParseExpression($"{Budget}.Size"),
            ArgumentList(SeparatedList([Argument(size), Argument(LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(elementBytes)))])));

    private static int ElementBytes(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte => 1,
        SpecialType.System_Char or SpecialType.System_Int16 or SpecialType.System_UInt16 => 2,
        SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single => 4,
        SpecialType.System_Decimal => 16,
        _ when type.IsValueType => 16,
        _ => 8,
    };
}
