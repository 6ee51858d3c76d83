using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>
/// What edits changed between two compilations of one project, when no edit can change how an unchanged file
/// binds: the same options and references (a referenced project's compilation may differ in the same way), the
/// same files in the same order, and in each changed file only member bodies (blocks, expression bodies, non-const
/// field and property initializers, each present before and after) and members appended to the end of enums. A file's compiler diagnostics then depend only on
/// declarations, which are the same, except where it names an appended enum member: a file that spells such a
/// name anywhere in its text is not covered (<see cref="AddedNames"/>). Anything else (a new using, a changed
/// signature, a body added or removed, a top-level statement, an accessor that reads <c>field</c>, a struct with
/// a primary constructor) gives no delta: compile it all again. Compiler warnings are not covered (an appended
/// enum member can make another file's switch non-exhaustive; unused-field warnings come from whole
/// compilations only), so where a warning can be an error the gate does not rely on a delta.
/// </summary>
internal sealed class CompilationDelta
{
    private static readonly ConditionalWeakTable<Compilation, Tuple<Compilation, CompilationDelta?>> Known = new();

    private CompilationDelta(IReadOnlyList<(SyntaxTree Before, SyntaxTree After)> changed, IReadOnlySet<string> addedNames)
    {
        Changed = changed;
        AddedNames = addedNames;
    }

    /// <summary>The trees whose text differs, as the earlier and the later compilation hold them.</summary>
    public IReadOnlyList<(SyntaxTree Before, SyntaxTree After)> Changed { get; }

    /// <summary>Names of enum members appended here or in a referenced project's compilation.</summary>
    public IReadOnlySet<string> AddedNames { get; }

    /// <summary>The delta from <paramref name="before"/> to <paramref name="after"/>, or null when an edit may change another file's binding.</summary>
    public static CompilationDelta? Between(Compilation before, Compilation after, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(before, after))
        {
            return new CompilationDelta([], new HashSet<string>());
        }

        if (Known.TryGetValue(after, out var known) && ReferenceEquals(known.Item1, before))
        {
            return known.Item2;
        }

        var delta = Compute(before, after, cancellationToken);
        Known.AddOrUpdate(after, Tuple.Create(before, delta));
        return delta;
    }

    private static CompilationDelta? Compute(Compilation before, Compilation after, CancellationToken cancellationToken)
    {
        if (before.Language != LanguageNames.CSharp || after.Language != LanguageNames.CSharp
            || before.AssemblyName != after.AssemblyName || !before.Options.Equals(after.Options))
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var referencesBefore = before.References.ToArray();
        var referencesAfter = after.References.ToArray();
        if (referencesBefore.Length != referencesAfter.Length)
        {
            return null;
        }

        for (var i = 0; i < referencesBefore.Length; i++)
        {
            if (ReferenceEquals(referencesBefore[i], referencesAfter[i]) || referencesBefore[i].Equals(referencesAfter[i]))
            {
                continue;
            }

            if (referencesBefore[i] is not CompilationReference earlier || referencesAfter[i] is not CompilationReference later
                || !earlier.Properties.Equals(later.Properties)
                || Between(earlier.Compilation, later.Compilation, cancellationToken) is not { } inner)
            {
                return null;
            }

            names.UnionWith(inner.AddedNames);
        }

        var treesBefore = before.SyntaxTrees.ToArray();
        var treesAfter = after.SyntaxTrees.ToArray();
        if (treesBefore.Length != treesAfter.Length)
        {
            return null;
        }

        var changed = new List<(SyntaxTree, SyntaxTree)>();
        for (var i = 0; i < treesBefore.Length; i++)
        {
            if (ReferenceEquals(treesBefore[i], treesAfter[i]))
            {
                continue;
            }

            if (!string.Equals(treesBefore[i].FilePath, treesAfter[i].FilePath, StringComparison.Ordinal)
                || !BodiesOnly(treesBefore[i], treesAfter[i], names, cancellationToken))
            {
                return null;
            }

            changed.Add((treesBefore[i], treesAfter[i]));
        }

        return new CompilationDelta(changed, names);
    }

    /// <summary>
    /// Whether the delta leaves the compiler's diagnostics of every unchanged file of <paramref name="after"/> (the
    /// later compilation) as they were: no unchanged file's text spells an appended enum member's name.
    /// </summary>
    public bool KeepsUnchangedFiles(Compilation after, CancellationToken cancellationToken)
    {
        if (AddedNames.Count == 0)
        {
            return true;
        }

        var changed = Changed.Select(c => c.After).ToHashSet();
        return !after.SyntaxTrees.Where(t => !changed.Contains(t)).Any(tree =>
        {
            var text = tree.GetText(cancellationToken).ToString();
            return AddedNames.Any(name => text.Contains(name, StringComparison.Ordinal));
        });
    }

    /// <summary>
    /// Whether <paramref name="after"/> differs from <paramref name="before"/> only inside member bodies and by
    /// members appended to enums, whose names go to <paramref name="appended"/>.
    /// </summary>
    internal static bool BodiesOnly(SyntaxTree before, SyntaxTree after, HashSet<string> appended, CancellationToken cancellationToken)
    {
        if (!before.Options.Equals(after.Options)
            || before.GetRoot(cancellationToken) is not CompilationUnitSyntax rootBefore
            || after.GetRoot(cancellationToken) is not CompilationUnitSyntax rootAfter
            || HasTopLevelStatements(rootBefore) || HasTopLevelStatements(rootAfter)
            || ReadsFieldKeyword(rootBefore) || ReadsFieldKeyword(rootAfter)
            || HasStructPrimaryConstructor(rootBefore) || HasStructPrimaryConstructor(rootAfter))
        {
            return false;
        }

        var enumsBefore = Declarations(rootBefore).OfType<EnumDeclarationSyntax>().ToArray();
        var enumsAfter = Declarations(rootAfter).OfType<EnumDeclarationSyntax>().ToArray();
        if (enumsBefore.Length != enumsAfter.Length)
        {
            return false;
        }

        // An enum that kept its members as they were and gained some at its end: compared without them.
        var kept = new Dictionary<EnumDeclarationSyntax, int>();
        var added = new List<string>();
        for (var i = 0; i < enumsBefore.Length; i++)
        {
            var (was, now) = (enumsBefore[i].Members, enumsAfter[i].Members);
            if (now.Count > was.Count && Enumerable.Range(0, was.Count).All(m => SyntaxFactory.AreEquivalent(was[m], now[m], topLevel: false)))
            {
                kept[enumsAfter[i]] = was.Count;
                added.AddRange(now.Skip(was.Count).Select(m => m.Identifier.ValueText));
            }
        }

        if (!SyntaxFactory.AreEquivalent(Canonical(rootBefore, []), Canonical(rootAfter, kept), topLevel: false))
        {
            return false;
        }

        appended.UnionWith(added);
        return true;
    }

    /// <summary>Nodes outside member bodies: namespaces, types, members, accessors.</summary>
    private static IEnumerable<SyntaxNode> Declarations(CompilationUnitSyntax root) =>
        root.DescendantNodes(n => n is not (BlockSyntax or ArrowExpressionClauseSyntax or EqualsValueClauseSyntax or AttributeListSyntax));

    /// <summary>
    /// The tree with what a body-only edit may change made the same on both sides: a method-like member's or an
    /// accessor's body (block or expression) becomes an empty block, a property's or indexer's expression body
    /// and a non-const field's or property's initializer become <c>default</c>, and each enum of
    /// <paramref name="kept"/> is cut to its first members. Whether a member has a body or an initializer at all
    /// stays as it was: adding one changes the declaration (an interface member's default, an auto-property, a
    /// struct's field initializers).
    /// </summary>
    private static SyntaxNode Canonical(CompilationUnitSyntax root, Dictionary<EnumDeclarationSyntax, int> kept)
    {
        var empty = SyntaxFactory.Block();
        var value = SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression);
        var targets = Declarations(root).Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax
            or VariableDeclaratorSyntax or EnumDeclarationSyntax);
        return root.ReplaceNodes(targets, (original, rewritten) => rewritten switch
        {
            BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null } => rewritten,
            BaseMethodDeclarationSyntax method => method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(empty),
            AccessorDeclarationSyntax { Body: null, ExpressionBody: null } => rewritten,
            AccessorDeclarationSyntax accessor => accessor.WithExpressionBody(null).WithSemicolonToken(default).WithBody(empty),
            PropertyDeclarationSyntax property => property
                .WithExpressionBody(property.ExpressionBody?.WithExpression(value))
                .WithInitializer(property.Initializer?.WithValue(value)),
            IndexerDeclarationSyntax indexer => indexer.WithExpressionBody(indexer.ExpressionBody?.WithExpression(value)),
            VariableDeclaratorSyntax { Initializer: { } initializer } variable when !IsConst(original) => variable.WithInitializer(initializer.WithValue(value)),
            EnumDeclarationSyntax declaration => declaration.WithMembers(SyntaxFactory.SeparatedList(
                declaration.Members.Take(kept.TryGetValue((EnumDeclarationSyntax)original, out var count) ? count : declaration.Members.Count))),
            _ => rewritten,
        });
    }

    /// <summary>Whether a variable is a constant's (a local's never gets here: bodies are not walked).</summary>
    private static bool IsConst(SyntaxNode variable) =>
        variable.Parent?.Parent is BaseFieldDeclarationSyntax field && field.Modifiers.Any(SyntaxKind.ConstKeyword);

    /// <summary>
    /// Whether the file declares a struct with a primary constructor: whether a body reads a parameter decides
    /// whether the struct holds a field for it, which is part of its layout (unmanaged or not), as with <c>field</c>.
    /// </summary>
    private static bool HasStructPrimaryConstructor(CompilationUnitSyntax root) =>
        Declarations(root).Any(n => n is TypeDeclarationSyntax { ParameterList: not null } type
            && (type is StructDeclarationSyntax || (type is RecordDeclarationSyntax record && record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword))));

    private static bool HasTopLevelStatements(CompilationUnitSyntax root) => root.Members.Any(m => m is GlobalStatementSyntax);

    /// <summary>
    /// Whether a property's accessor or expression body says <c>field</c>: whether it does decides whether the
    /// property has a backing field, which is part of the type's layout, so such bodies are not bodies alone.
    /// </summary>
    private static bool ReadsFieldKeyword(CompilationUnitSyntax root) =>
        root.DescendantTokens().Any(t => t.ValueText == "field" && t.Parent is not null
            && t.Parent.Ancestors().Any(a => a is AccessorDeclarationSyntax || (a is ArrowExpressionClauseSyntax && a.Parent is BasePropertyDeclarationSyntax)));
}
