using Microsoft.CodeAnalysis;
using Saperly.Migration.Analyzers;

namespace Saperly.Migration.CodeFixes.Syntax
{
    /// <summary>Which files a fix may edit: never generated code (<see cref="GeneratedCode"/>, the one definition the analyzers and the tool use too).</summary>
    internal static class Editable
    {
        public static bool IsGenerated(Document document, SyntaxTree tree) =>
            GeneratedCode.IsGeneratedFile(tree, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree));
    }
}
