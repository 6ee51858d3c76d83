using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Saperly.Migration.Tool.Tests.TestRules;

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class MissingLegacyFullAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [TestDescriptors.MissingLegacyFull];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(
            c =>
            {
                var e = (EnumDeclarationSyntax)c.Node;
                if (e.Identifier.Text == "KeyPermission" && e.Members.All(m => m.Identifier.Text != "LegacyFull"))
                {
                    c.ReportDiagnostic(Diagnostic.Create(TestDescriptors.MissingLegacyFull, e.Identifier.GetLocation(), e.Identifier.Text));
                }
            },
            SyntaxKind.EnumDeclaration);
    }
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class KeyLiteralAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [TestDescriptors.KeyLiteral];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(
            c =>
            {
                var literal = (LiteralExpressionSyntax)c.Node;
                if (literal.Token.ValueText.StartsWith("sk_live_", StringComparison.Ordinal))
                {
                    c.ReportDiagnostic(Diagnostic.Create(TestDescriptors.KeyLiteral, literal.GetLocation(), literal.Token.ValueText));
                }
            },
            SyntaxKind.StringLiteralExpression);
    }
}

/// <summary>Reports a class by name unless it already has the member the fix adds.</summary>
internal abstract class ClassByNameAnalyzer : DiagnosticAnalyzer
{
    protected abstract DiagnosticDescriptor Descriptor { get; }

    protected abstract string ClassName { get; }

    protected abstract string AddedMember { get; }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Descriptor];

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(
            c =>
            {
                var type = (ClassDeclarationSyntax)c.Node;
                if (type.Identifier.Text == ClassName && !type.ToString().Contains(AddedMember, StringComparison.Ordinal))
                {
                    c.ReportDiagnostic(Diagnostic.Create(Descriptor, type.Identifier.GetLocation(), type.Identifier.Text));
                }
            },
            SyntaxKind.ClassDeclaration);
    }
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NeedsGateAnalyzer : ClassByNameAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => TestDescriptors.NeedsGate;

    protected override string ClassName => "NeedsGate";

    protected override string AddedMember => "_gate";
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class BreaksAnalyzer : ClassByNameAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => TestDescriptors.Breaks;

    protected override string ClassName => "Breaks";

    protected override string AddedMember => "_missing";
}

/// <summary>Its fix writes a call to an undefined method into a body: a change of the body alone that does not compile.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class BreaksBodyAnalyzer : ClassByNameAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => TestDescriptors.BreaksBody;

    protected override string ClassName => "BreaksBody";

    protected override string AddedMember => "Undefined";
}

/// <summary>Its fix adds a non-nullable field nobody sets: a nullable warning (CS8618), an error only where nullable warnings are.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NeedsNameAnalyzer : ClassByNameAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => TestDescriptors.NeedsName;

    protected override string ClassName => "NeedsName";

    protected override string AddedMember => "_name";
}

/// <summary>Its fix never satisfies it: the loop must stop at its cap.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class GrowsAnalyzer : ClassByNameAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => TestDescriptors.Grows;

    protected override string ClassName => "Grows";

    protected override string AddedMember => "never added";
}

/// <summary>Two rules whose fixes undo each other: Ping → Pong → Ping.</summary>
internal abstract class EnumMemberAnalyzer : DiagnosticAnalyzer
{
    protected abstract DiagnosticDescriptor Descriptor { get; }

    protected abstract string MemberName { get; }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Descriptor];

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(
            c =>
            {
                var member = (EnumMemberDeclarationSyntax)c.Node;
                if (member.Identifier.Text == MemberName)
                {
                    c.ReportDiagnostic(Diagnostic.Create(Descriptor, member.Identifier.GetLocation()));
                }
            },
            SyntaxKind.EnumMemberDeclaration);
    }
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class PingAnalyzer : EnumMemberAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => TestDescriptors.Ping;

    protected override string MemberName => "Ping";
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class PongAnalyzer : EnumMemberAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => TestDescriptors.Pong;

    protected override string MemberName => "Pong";
}

/// <summary>Throws with a secret in its message on a class named Explodes: the tool must report it, redacted.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ExplodingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [TestDescriptors.Explodes];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(
            c =>
            {
                var type = (ClassDeclarationSyntax)c.Node;
                if (type.Identifier.Text == "Explodes")
                {
                    var literals = type.DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken)).Select(t => t.ValueText);
                    throw new InvalidOperationException("cannot handle " + string.Join(", ", literals));
                }
            },
            SyntaxKind.ClassDeclaration);
    }
}
