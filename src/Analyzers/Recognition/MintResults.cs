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
            var result = Received(call.Invocation);
            var consumer = Consumer(result, out var target);
            switch (consumer)
            {
                case ConsumerKind.Discarded:
                    facts.Lost = !IsVoidTask(result.Type);
                    break;
                case ConsumerKind.Local when target != null:
                    facts.Lost = FollowLocal(target, root, plaintext, 0) == Use.Lost;
                    break;
                default:
                    // Read in place, (await svc.Keys.CreateAsync(...)).PlaintextKey: followed for leaks, never called lost
                    // (the value goes into an expression this does not model).
                    var value = Awaited(result);
                    if (IsResponse(value.Type))
                    {
                        JudgeResponse(value, root, plaintext, 0);
                    }
                    else if (CarriesPlaintext(value.Type, 0))
                    {
                        JudgeRecord(value, root, plaintext, 0);
                    }

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

        /// <summary>What one use of a response or record does: nothing that keeps it, reads its plaintext, or keeps it.</summary>
        private enum Reach { Neutral, Read, Kept }

        /// <summary>Flurl's <c>request.PostJsonAsync(body).ReceiveJson&lt;T&gt;()</c>: the typed answer stands for the call's.</summary>
        private static IOperation Received(IInvocationOperation call) =>
            call.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ReceiveJson" } receive } argument &&
            argument.Parameter?.Ordinal == 0 && receive.TargetMethod.IsGenericMethod && receive.TargetMethod.ContainingNamespace?.ToDisplayString() == "Flurl.Http"
                ? receive
                : call;

        /// <summary>Where the (awaited) result goes: an expression statement or discard, a local, or elsewhere.</summary>
        private static ConsumerKind Consumer(IOperation call, out ILocalSymbol? local)
        {
            local = null;
            var node = Awaited(call);
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

        /// <summary>The call with its <c>ConfigureAwait</c>, <c>await</c>, conversions and parentheses: the value the code uses.</summary>
        private static IOperation Awaited(IOperation call)
        {
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
                    return node;
                }
            }
        }

        private static bool IsResponse(ITypeSymbol? type) => type?.Name == "HttpResponseMessage";

        private static bool IsVoidTask(ITypeSymbol? type) =>
            type == null || type.SpecialType == SpecialType.System_Void ||
            (type is INamedTypeSymbol named && (named.Name == "Task" || named.Name == "ValueTask") && named.TypeArguments.Length == 0);

        /// <summary>
        /// What the code does with a local holding a response or a key record. Every use is judged, even after one that
        /// keeps it: a record stored in a vault and then logged still leaks.
        /// </summary>
        private static Use FollowLocal(ILocalSymbol local, IOperation root, List<IOperation> plaintext, int depth)
        {
            if (depth > MaxDepth)
            {
                return Use.Kept;
            }

            var isResponse = IsResponse(local.Type);
            if (!isResponse && !CarriesPlaintext(local.Type, 0))
            {
                return Use.Kept;
            }

            var lost = true;
            foreach (var reference in References(root, local))
            {
                var reach = isResponse ? JudgeResponse(reference, root, plaintext, depth) : JudgeRecord(reference, root, plaintext, depth);
                lost &= reach == Reach.Neutral;
            }

            return lost ? Use.Lost : Use.Kept;
        }

        /// <summary>One use of a response: a status check, a typed read of its body (followed), or anything else (kept).</summary>
        private static Reach JudgeResponse(IOperation response, IOperation root, List<IOperation> plaintext, int depth)
        {
            switch (response.Parent)
            {
                case IPropertyReferenceOperation property when property.Instance == response && StatusOnly.Contains(property.Property.Name):
                case IInvocationOperation invocation when invocation.Instance == response && StatusOnly.Contains(invocation.TargetMethod.Name):
                    return Reach.Neutral;
                case IPropertyReferenceOperation { Property.Name: "Content" } content when content.Instance == response:
                    var read = content.Parent is IArgumentOperation { Parent: IInvocationOperation extension } ? extension : content.Parent as IInvocationOperation;
                    switch (read?.TargetMethod.Name)
                    {
                        // await response.Content.ReadFromJsonAsync<T>(): the record decides.
                        case "ReadFromJsonAsync":
                            if (Consumer(read, out var record) == ConsumerKind.Local && record != null)
                            {
                                return FollowLocal(record, root, plaintext, depth + 1) == Use.Lost ? Reach.Neutral : Reach.Kept;
                            }

                            var value = Awaited(read);
                            return CarriesPlaintext(value.Type, 0) ? JudgeRecord(value, root, plaintext, depth + 1) : Reach.Kept;

                        // The text or stream handed to a JSON deserializer: followed for leaks only; the body counts as kept.
                        case "ReadAsStringAsync":
                        case "ReadAsStreamAsync":
                            FollowDeserialized(read, root, plaintext, depth + 1);
                            return Reach.Kept;
                    }

                    return Reach.Kept;
                default:
                    return Reach.Kept;
            }
        }

        /// <summary><c>JsonSerializer.Deserialize&lt;T&gt;(text)</c> of a body read in place or through a local: the records it makes.</summary>
        private static void FollowDeserialized(IInvocationOperation read, IOperation root, List<IOperation> plaintext, int depth)
        {
            if (depth > MaxDepth)
            {
                return;
            }

            var uses = Consumer(read, out var body) == ConsumerKind.Local && body != null
                ? References(root, body).Cast<IOperation>()
                : new[] { Awaited(read) };
            foreach (var use in uses)
            {
                if (use.Parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation deserialize } && IsDeserialize(deserialize.TargetMethod))
                {
                    if (Consumer(deserialize, out var record) == ConsumerKind.Local && record != null)
                    {
                        FollowLocal(record, root, plaintext, depth + 1);
                    }
                    else if (CarriesPlaintext(Awaited(deserialize).Type, 0))
                    {
                        JudgeRecord(Awaited(deserialize), root, plaintext, depth + 1);
                    }
                }
            }
        }

        /// <summary>System.Text.Json's <c>JsonSerializer.Deserialize(Async)</c>, Newtonsoft's <c>JsonConvert.DeserializeObject</c>.</summary>
        private static bool IsDeserialize(IMethodSymbol method)
        {
            var type = method.ContainingType;
            switch (method.Name)
            {
                case "Deserialize":
                case "DeserializeAsync":
                    return type?.Name == "JsonSerializer" && type.ContainingNamespace?.ToDisplayString() == "System.Text.Json";
                case "DeserializeObject":
                    return type?.Name == "JsonConvert" && type.ContainingNamespace?.ToDisplayString() == "Newtonsoft.Json";
                default:
                    return false;
            }
        }

        /// <summary>
        /// One use of a key record: its member chain (<c>created.Key.PlaintextKey</c>, <c>env?.Key?.Secret</c>) reaching the
        /// plaintext (read), a local that holds the record or a part carrying the plaintext (followed), a member without it
        /// (neutral), or the record going anywhere else (kept).
        /// </summary>
        private static Reach JudgeRecord(IOperation value, IOperation root, List<IOperation> plaintext, int depth)
        {
            var current = value;
            var walked = false;
            while (true)
            {
                switch (current.Parent)
                {
                    case IPropertyReferenceOperation member when member.Instance == current:
                        walked = true;
                        current = member;
                        if (IsPlaintextProperty(member.Property))
                        {
                            plaintext.Add(OuterAccess(member));
                            return Reach.Read;
                        }

                        continue;
                    case IConditionalAccessOperation access when access.Operation == current:
                        var instance = ConditionalInstance(access);
                        if (instance == null)
                        {
                            return Reach.Kept;
                        }

                        current = instance;
                        continue;
                    case IConditionalAccessOperation access when access.WhenNotNull == current:
                        current = access;
                        continue;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        if (walked && !CarriesPlaintext(current.Type, 0))
                        {
                            return Reach.Neutral;
                        }

                        return depth < MaxDepth && FollowLocal(declarator.Symbol, root, plaintext, depth + 1) == Use.Lost ? Reach.Neutral : Reach.Kept;
                    default:
                        return walked && !CarriesPlaintext(current.Type, 0) ? Reach.Neutral : Reach.Kept;
                }
            }
        }

        /// <summary>The placeholder that stands for <paramref name="access"/>'s receiver in its <c>WhenNotNull</c> (its leftmost operand).</summary>
        private static IConditionalAccessInstanceOperation? ConditionalInstance(IConditionalAccessOperation access)
        {
            var node = access.WhenNotNull;
            while (node != null && !(node is IConditionalAccessInstanceOperation))
            {
                node = node.ChildOperations.FirstOrDefault();
            }

            return node as IConditionalAccessInstanceOperation;
        }

        /// <summary>The whole <c>a?.b?.PlaintextKey</c> a read at its end belongs to: the value that flows on.</summary>
        private static IOperation OuterAccess(IOperation read)
        {
            var current = read;
            while (current.Parent is IConditionalAccessOperation access && access.WhenNotNull == current)
            {
                current = access;
            }

            return current;
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

        /// <summary>A plaintext property by its name, or mapped from <c>plaintext_key</c> (<c>[JsonPropertyName("plaintext_key")] string Secret</c>).</summary>
        public static bool IsPlaintextProperty(IPropertySymbol property) =>
            IsPlaintextName(property.Name) || JsonName(property) is { } json && PermissionModels.Normalize(json) == "plaintextkey";

        /// <summary>
        /// The JSON name a property is mapped from by System.Text.Json's <c>[JsonPropertyName]</c> or Newtonsoft's
        /// <c>[JsonProperty]</c> (a positional record's <c>[property: ...]</c> lands on the property too); null when none.
        /// By name: only read for the records of a mint or rotate, and an unresolved attribute (Newtonsoft not referenced) is skipped.
        /// </summary>
        private static string? JsonName(IPropertySymbol property)
        {
            foreach (var attribute in property.GetAttributes())
            {
                var type = attribute.AttributeClass;
                if (type == null || type.TypeKind == TypeKind.Error || attribute.ConstructorArguments.Length == 0)
                {
                    continue;
                }

                var ns = type.ContainingNamespace?.ToDisplayString();
                if (type.Name == "JsonPropertyNameAttribute" && ns == "System.Text.Json.Serialization" || type.Name == "JsonPropertyAttribute" && ns == "Newtonsoft.Json")
                {
                    return attribute.ConstructorArguments[0].Value as string;
                }
            }

            return null;
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
                if (IsPlaintextProperty(property) || CarriesPlaintext(property.Type, depth + 1))
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
                    case ICoalesceOperation _:
                        // Still the plaintext itself: a local it initializes (var k = env?.Key?.PlaintextKey ?? "") is followed.
                        current = parent;
                        continue;
                    case IArrayInitializerOperation _:
                    case IArrayCreationOperation _:
                    case IInterpolatedStringOperation _:
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add }:
                    case IArgumentOperation _:
                        current = parent;
                        followLocal = false;
                        continue;
                    case IInterpolationOperation interpolation:
                        hole ??= interpolation.Syntax;
                        current = parent;
                        followLocal = false;
                        continue;
                    // string.Format, Concat, Trim...: still the text; string.IsNullOrEmpty(k), k.StartsWith(...) only say something about it.
                    case IInvocationOperation invocation when invocation.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String && invocation.Type?.SpecialType == SpecialType.System_String:
                        current = parent;
                        followLocal = false;
                        continue;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when followLocal:
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
            // created.Key.PlaintextKey, env?.Key?.Secret: the name of the plaintext member at the end of the chain.
            var property = value as IPropertyReferenceOperation ??
                (value is IConditionalAccessOperation ? value.Descendants().OfType<IPropertyReferenceOperation>().FirstOrDefault(p => IsPlaintextProperty(p.Property)) : null);
            if (property != null && property.Instance != null && !property.Property.IsIndexer)
            {
                var name = property.Syntax is MemberAccessExpressionSyntax access ? access.Name : (property.Syntax as MemberBindingExpressionSyntax)?.Name;
                var replacement = Sibling(property.Property.ContainingType);
                if (name != null && replacement != null)
                {
                    return new PlaintextLeak(value, sink, LeakFixKind.Member, name, replacement);
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
            return Named(properties, "keyprefix") ?? Named(properties, "prefix") ?? Named(properties, "id");
        }

        /// <summary>The property named <paramref name="normalized"/> (KeyPrefix, key_prefix), by its own name or the JSON name it is mapped from.</summary>
        private static string? Named(List<IPropertySymbol> properties, string normalized) =>
            properties.FirstOrDefault(p => PermissionModels.Normalize(p.Name) == normalized)?.Name ??
            properties.FirstOrDefault(p => JsonName(p) is { } json && PermissionModels.Normalize(json) == normalized)?.Name;

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
                    return IsLoggerMessage(method) ? "the log ([LoggerMessage] " + type?.Name + "." + method.Name + ")" : null;
            }
        }

        /// <summary>A source-generated logging method: <c>[LoggerMessage(...)] static partial void Minted(ILogger logger, string key)</c>.</summary>
        private static bool IsLoggerMessage(IMethodSymbol method)
        {
            foreach (var attribute in (method.PartialDefinitionPart ?? method).GetAttributes())
            {
                var type = attribute.AttributeClass;
                if (type?.Name == "LoggerMessageAttribute" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Logging")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
