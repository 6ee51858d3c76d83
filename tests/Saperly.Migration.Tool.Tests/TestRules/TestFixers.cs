using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Saperly.Migration.Tool.Tests.TestRules;

/// <summary>
/// Test fixers edit text directly and always insert "\n", whatever the file uses: the driver must
/// turn that into the file's own newline style.
/// </summary>
internal abstract class TextInsertingFixer : CodeFixProvider
{
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken);
        var node = root!.FindToken(context.Span.Start).Parent!;
        if (Edit(node) is not { } change)
        {
            return;
        }

        var id = context.Diagnostics[0].Id;
        context.RegisterCodeFix(
            CodeAction.Create($"Fix {id}", ct => ApplyAsync(context.Document, change, ct), equivalenceKey: id),
            context.Diagnostics);
    }

    protected abstract TextChange? Edit(SyntaxNode node);

    private static async Task<Document> ApplyAsync(Document document, TextChange change, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken);
        return document.WithText(text.WithChanges(change));
    }
}

[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddLegacyFullFixer)), Shared]
internal sealed class AddLegacyFullFixer : TextInsertingFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["SAP004"];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected override TextChange? Edit(SyntaxNode node)
    {
        var e = node.AncestorsAndSelf().OfType<EnumDeclarationSyntax>().FirstOrDefault();
        if (e is null || e.Members.Count == 0)
        {
            return null;
        }

        var multiLine = e.OpenBraceToken.TrailingTrivia.ToFullString().Contains('\n');
        return new TextChange(new TextSpan(e.Members.Last().Span.End, 0), multiLine ? ",\n    LegacyFull" : ", LegacyFull");
    }
}

/// <summary>Adds a field that compiles on net10.0 (System.Threading.Lock) but not on netstandard2.0. No Fix All provider: the driver batches it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddGateFixer)), Shared]
internal sealed class AddGateFixer : TextInsertingFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TST901"];

    public override FixAllProvider? GetFixAllProvider() => null;

    protected override TextChange? Edit(SyntaxNode node) => AfterOpenBrace(node, "    private readonly System.Threading.Lock _gate = new System.Threading.Lock();\n");

    internal static TextChange? AfterOpenBrace(SyntaxNode node, string member) =>
        node.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault() is { } type
            ? new TextChange(new TextSpan(type.OpenBraceToken.FullSpan.End, 0), member)
            : null;
}

[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BreakingFixer)), Shared]
internal sealed class BreakingFixer : TextInsertingFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TST902"];

    protected override TextChange? Edit(SyntaxNode node) => AddGateFixer.AfterOpenBrace(node, "    private MissingType _missing;\n");
}

[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BreakingBodyFixer)), Shared]
internal sealed class BreakingBodyFixer : TextInsertingFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TST908"];

    protected override TextChange? Edit(SyntaxNode node) =>
        node.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault()?.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Body is { } body
            ? new TextChange(new TextSpan(body.OpenBraceToken.Span.End, 0), " Undefined(); ")
            : null;
}

[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NamingFixer)), Shared]
internal sealed class NamingFixer : TextInsertingFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TST907"];

    protected override TextChange? Edit(SyntaxNode node) => AddGateFixer.AfterOpenBrace(node, "    private string _name;\n");
}

[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GrowingFixer)), Shared]
internal sealed class GrowingFixer : TextInsertingFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TST906"];

    protected override TextChange? Edit(SyntaxNode node) => AddGateFixer.AfterOpenBrace(node, "    // grown\n");
}

internal abstract class RenameMemberFixer : TextInsertingFixer
{
    protected abstract string NewName { get; }

    protected override TextChange? Edit(SyntaxNode node) =>
        node.AncestorsAndSelf().OfType<EnumMemberDeclarationSyntax>().FirstOrDefault() is { } member
            ? new TextChange(member.Identifier.Span, NewName)
            : null;
}

[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PingFixer)), Shared]
internal sealed class PingFixer : RenameMemberFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TST903"];

    protected override string NewName => "Pong";
}

[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PongFixer)), Shared]
internal sealed class PongFixer : RenameMemberFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ["TST904"];

    protected override string NewName => "Ping";
}
