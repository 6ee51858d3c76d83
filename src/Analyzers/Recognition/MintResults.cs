using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>How a fix could stop a plaintext leak.</summary>
    internal enum LeakFixKind
    {
        None,
        /// <summary>Read a sibling member of the key record instead (<c>child.KeyPrefix</c>, <c>child.Id</c>).</summary>
        Member,
        /// <summary>Read another JSON property instead (<c>"key_prefix"</c> for <c>"plaintext_key"</c>).</summary>
        JsonName,
        /// <summary>Drop the interpolation hole that holds the plaintext.</summary>
        RemoveHole,
    }

    /// <summary>The plaintext key reaching a log, console, exception or telemetry sink.</summary>
    internal sealed class PlaintextLeak
    {
        public PlaintextLeak(IOperation value, string sink, LeakFixKind fix, SyntaxNode? edit, string? replacement)
        {
            Value = value;
            Sink = sink;
            Fix = fix;
            Edit = edit;
            Replacement = replacement;
        }

        public IOperation Value { get; }
        public string Sink { get; }
        public LeakFixKind Fix { get; }

        /// <summary>The node the fix edits: the member name, the JSON name literal, the interpolation.</summary>
        public SyntaxNode? Edit { get; }
        public string? Replacement { get; }
    }

    /// <summary>What the code does with the response of a mint or rotate: keeps its plaintext, loses it, or leaks it.</summary>
    internal sealed class MintResultFacts
    {
        /// <summary>True when the response (or the typed result's plaintext) is provably never read, stored or returned.</summary>
        public bool Lost { get; set; }
        public List<PlaintextLeak> Leaks { get; } = new List<PlaintextLeak>();
    }

    /// <summary>
    /// Follows the result of a mint or rotate call through the locals of the calling member. Conservative:
    /// a response or record that is returned, passed to a method, stored in a field or collection, or used
    /// in any way it does not know, is treated as kept.
    /// </summary>
    internal static class MintResults
    {
        private const int MaxDepth = 4;
        private static readonly HashSet<string> StatusOnly = new HashSet<string>(StringComparer.Ordinal)
        {
            "EnsureSuccessStatusCode", "Dispose", "StatusCode", "IsSuccessStatusCode", "ReasonPhrase", "Headers", "Version",
        };

        public static MintResultFacts Analyze(SaperlyCall call)
        {
            var facts = new MintResultFacts();
            var root = Symbols.Root(call.Invocation);
            var plaintext = new List<IOperation>();
            var consumer = Consumer(call.Invocation, out var target);
            switch (consumer)
            {
                case ConsumerKind.Discarded:
                    facts.Lost = !IsVoidTask(call.Invocation.Type);
                    break;
                case ConsumerKind.Local when target != null:
                    facts.Lost = FollowLocal(target, root, plaintext, 0) == Use.Lost;
                    break;
            }

            // A JSON read of "plaintext_key" after this call (and before any other call that could be a send).
            foreach (var op in root.Descendants())
            {
                if (IsJsonPlaintextRead(op, out var nameLiteral) && op.Syntax.SpanStart > call.Invocation.Syntax.Span.End && LastCandidateBefore(root, op) == call.Invocation.Syntax)
                {
                    plaintext.Add(OuterRead(op));
                    _ = nameLiteral;
                }
            }

            foreach (var value in plaintext.Distinct().ToList())
            {
                CollectLeaks(value, root, facts.Leaks, true);
            }

            return facts;
        }

        private enum ConsumerKind { Other, Discarded, Local }

        private enum Use { Kept, Lost }

        /// <summary>Where the (awaited) result goes: an expression statement or discard, a local, or elsewhere.</summary>
        private static ConsumerKind Consumer(IOperation call, out ILocalSymbol? local)
        {
            local = null;
            var node = call;
            while (true)
            {
                var parent = node.Parent;
                if (parent is IInvocationOperation configure && configure.TargetMethod.Name == "ConfigureAwait" && configure.Instance == node)
                {
                    node = configure;
                }
                else if (parent is IAwaitOperation || parent is IConversionOperation || parent is IParenthesizedOperation)
                {
                    node = parent;
                }
                else
                {
                    break;
                }
            }

            switch (node.Parent)
            {
                case IExpressionStatementOperation _:
                    return ConsumerKind.Discarded;
                case ISimpleAssignmentOperation assignment when assignment.Value == node && assignment.Target is IDiscardOperation:
                    return assignment.Parent is IExpressionStatementOperation ? ConsumerKind.Discarded : ConsumerKind.Other;
                case ISimpleAssignmentOperation assignment when assignment.Value == node && assignment.Target is ILocalReferenceOperation target && assignment.Parent is IExpressionStatementOperation:
                    local = target.Local;
                    return ConsumerKind.Local;
                case IVariableInitializerOperation initializer when initializer.Parent is IVariableDeclaratorOperation declarator:
                    local = declarator.Symbol;
                    return ConsumerKind.Local;
                default:
                    return ConsumerKind.Other;
            }
        }

        private static bool IsVoidTask(ITypeSymbol? type) =>
            type == null || type.SpecialType == SpecialType.System_Void ||
            (type is INamedTypeSymbol named && (named.Name == "Task" || named.Name == "ValueTask") && named.TypeArguments.Length == 0);

        /// <summary>What the code does with a local holding a response or a key record.</summary>
        private static Use FollowLocal(ILocalSymbol local, IOperation root, List<IOperation> plaintext, int depth)
        {
            if (depth > MaxDepth)
            {
                return Use.Kept;
            }

            var isResponse = local.Type?.Name == "HttpResponseMessage";
            if (!isResponse && !CarriesPlaintext(local.Type, 0))
            {
                return Use.Kept;
            }

            var lost = true;
            foreach (var reference in References(root, local))
            {
                if (isResponse)
                {
                    if (reference.Parent is IPropertyReferenceOperation property && property.Instance == reference && StatusOnly.Contains(property.Property.Name) ||
                        reference.Parent is IInvocationOperation invocation && invocation.Instance == reference && StatusOnly.Contains(invocation.TargetMethod.Name))
                    {
                        continue;
                    }

                    // var created = await response.Content.ReadFromJsonAsync<T>(): the record decides.
                    if (reference.Parent is IPropertyReferenceOperation { Property.Name: "Content" } content &&
                        content.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ReadFromJsonAsync" } read } &&
                        Consumer(read, out var record) == ConsumerKind.Local && record != null)
                    {
                        if (FollowLocal(record, root, plaintext, depth + 1) == Use.Kept)
                        {
                            lost = false;
                        }

                        continue;
                    }

                    return Use.Kept;
                }

                // A key record: walk the member chain (created.Key.PlaintextKey).
                IOperation top = reference;
                var readsPlaintext = false;
                while (top.Parent is IPropertyReferenceOperation member && member.Instance == top)
                {
                    top = member;
                    if (IsPlaintextName(member.Property.Name))
                    {
                        readsPlaintext = true;
                        plaintext.Add(member);
                        break;
                    }
                }

                if (readsPlaintext)
                {
                    lost = false;
                    continue;
                }

                if (top == reference || CarriesPlaintext(top.Type, 0))
                {
                    // The record itself goes somewhere (returned, passed, stored): kept.
                    return Use.Kept;
                }
            }

            return lost ? Use.Lost : Use.Kept;
        }

        private static IEnumerable<ILocalReferenceOperation> References(IOperation root, ILocalSymbol local) =>
            root.Descendants().OfType<ILocalReferenceOperation>().Where(r =>
                SymbolEqualityComparer.Default.Equals(r.Local, local) &&
                !(r.Parent is ISimpleAssignmentOperation assignment && assignment.Target == r));

        public static bool IsPlaintextName(string name)
        {
            var normalized = PermissionModels.Normalize(name);
            return normalized == "plaintextkey" || normalized == "plaintext";
        }

        /// <summary>A type with a plaintext property, or a property whose type has one (<c>{ key: { plaintext_key } }</c>).</summary>
        private static bool CarriesPlaintext(ITypeSymbol? type, int depth)
        {
            if (type == null || depth > 1 || type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum)
            {
                return false;
            }

            foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
            {
                if (IsPlaintextName(property.Name) || CarriesPlaintext(property.Type, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>x.GetProperty("plaintext_key")</c> or <c>x["plaintext_key"]</c>.</summary>
        private static bool IsJsonPlaintextRead(IOperation op, out IOperation? nameLiteral)
        {
            nameLiteral = null;
            switch (op)
            {
                case IInvocationOperation { TargetMethod.Name: "GetProperty" } invocation when invocation.Arguments.Length >= 1 && Constant.String(invocation.Arguments[0].Value) == "plaintext_key":
                    nameLiteral = Symbols.Unwrap(invocation.Arguments[0].Value);
                    return true;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Arguments.Length == 1 && Constant.String(indexer.Arguments[0].Value) == "plaintext_key":
                    nameLiteral = Symbols.Unwrap(indexer.Arguments[0].Value);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary><c>x.GetProperty("plaintext_key").GetString()</c>, <c>x["plaintext_key"]!.ToString()</c>: the whole read.</summary>
        private static IOperation OuterRead(IOperation read)
        {
            var current = read;
            while (current.Parent is IInvocationOperation outer && outer.Instance == current &&
                   (outer.TargetMethod.Name == "GetString" || outer.TargetMethod.Name == "ToString" || outer.TargetMethod.Name == "GetValue"))
            {
                current = outer;
            }

            return current;
        }

        /// <summary>The last invocation before <paramref name="op"/> that could be a Saperly send (the recognizer's name filter).</summary>
        private static SyntaxNode? LastCandidateBefore(IOperation root, IOperation op)
        {
            SyntaxNode? last = null;
            foreach (var invocation in root.Syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (invocation.SpanStart >= op.Syntax.SpanStart)
                {
                    break;
                }

                if (Shapes.CallShapes.Everything.IsCandidateName(invocation))
                {
                    last = invocation;
                }
            }

            return last;
        }

        /// <summary>The plaintext flowing (through a local, an interpolation, a concatenation, a params array) into a sink.</summary>
        private static void CollectLeaks(IOperation value, IOperation root, List<PlaintextLeak> leaks, bool followLocal)
        {
            IOperation current = value;
            SyntaxNode? hole = null;
            while (true)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case IConversionOperation _:
                    case IParenthesizedOperation _:
                    case IArrayInitializerOperation _:
                    case IArrayCreationOperation _:
                    case IInterpolatedStringOperation _:
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add }:
                    case IArgumentOperation _:
                        current = parent;
                        continue;
                    case IInterpolationOperation interpolation:
                        hole ??= interpolation.Syntax;
                        current = parent;
                        continue;
                    case IInvocationOperation invocation when invocation.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String:
                        current = parent;
                        continue;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when followLocal && current == value:
                        foreach (var reference in References(root, declarator.Symbol))
                        {
                            CollectLeaks(reference, root, leaks, false);
                        }

                        return;
                    case IInvocationOperation invocation:
                        var sink = SinkOf(invocation.TargetMethod);
                        if (sink != null)
                        {
                            leaks.Add(Leak(value, sink, hole));
                        }

                        return;
                    case IObjectCreationOperation creation when IsException(creation.Type) && current is IArgumentOperation { Parameter.Name: "message" }:
                        leaks.Add(Leak(value, "an exception message (" + creation.Type!.Name + ")", hole));
                        return;
                    default:
                        return;
                }
            }
        }

        private static PlaintextLeak Leak(IOperation value, string sink, SyntaxNode? hole)
        {
            if (value is IPropertyReferenceOperation property && property.Instance != null && property.Syntax is MemberAccessExpressionSyntax access)
            {
                var replacement = Sibling(property.Property.ContainingType);
                if (replacement != null)
                {
                    return new PlaintextLeak(value, sink, LeakFixKind.Member, access.Name, replacement);
                }
            }

            if (value is IInvocationOperation || value is IPropertyReferenceOperation { Property.IsIndexer: true })
            {
                var read = value.DescendantsAndSelf().FirstOrDefault(o => IsJsonPlaintextRead(o, out _));
                if (read != null && IsJsonPlaintextRead(read, out var literal) && literal?.Syntax is LiteralExpressionSyntax)
                {
                    return new PlaintextLeak(value, sink, LeakFixKind.JsonName, literal.Syntax, "key_prefix");
                }
            }

            return hole != null
                ? new PlaintextLeak(value, sink, LeakFixKind.RemoveHole, hole, null)
                : new PlaintextLeak(value, sink, LeakFixKind.None, null, null);
        }

        /// <summary>The record's key prefix (KeyPrefix, key_prefix, Prefix), else its Id.</summary>
        private static string? Sibling(INamedTypeSymbol? type)
        {
            if (type == null)
            {
                return null;
            }

            var properties = type.GetMembers().OfType<IPropertySymbol>().Where(p => !p.IsStatic && !p.IsIndexer && p.GetMethod != null).ToList();
            return properties.FirstOrDefault(p => PermissionModels.Normalize(p.Name) == "keyprefix")?.Name
                ?? properties.FirstOrDefault(p => PermissionModels.Normalize(p.Name) == "prefix")?.Name
                ?? properties.FirstOrDefault(p => PermissionModels.Normalize(p.Name) == "id")?.Name;
        }

        private static bool IsException(ITypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t.Name == "Exception" && t.ContainingNamespace?.Name == "System" && t.ContainingNamespace.ContainingNamespace?.IsGlobalNamespace == true)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Console, Debug/Trace, ILogger (LoggerExtensions), Activity tags: how the message names the sink.</summary>
        private static string? SinkOf(IMethodSymbol method)
        {
            var type = method.ContainingType;
            var ns = type?.ContainingNamespace?.ToDisplayString();
            switch (ns)
            {
                case "System" when type!.Name == "Console" && method.Name.StartsWith("Write", StringComparison.Ordinal):
                    return "Console." + method.Name;
                case "System.Diagnostics" when type!.Name == "Debug" || type.Name == "Trace":
                    return type.Name + "." + method.Name;
                case "System.Diagnostics" when type!.Name == "Activity" && (method.Name.EndsWith("Tag", StringComparison.Ordinal) || method.Name.EndsWith("Baggage", StringComparison.Ordinal)):
                    return "telemetry (Activity." + method.Name + ")";
                case "Microsoft.Extensions.Logging" when type!.Name == "LoggerExtensions" || type.Name == "ILogger":
                    return "the log (ILogger." + method.Name + ")";
                default:
                    return null;
            }
        }
    }
}
