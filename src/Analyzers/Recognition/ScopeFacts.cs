using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>A header set on a client's default headers or on a request: name and value.</summary>
    internal sealed class HeaderWrite
    {
        public HeaderWrite(string? name, IOperation value, IOperation statement)
        {
            Name = name;
            Value = value;
            Statement = statement;
        }

        /// <summary>The header name, or null when the code does not fix it.</summary>
        public string? Name { get; }
        public IOperation Value { get; }
        /// <summary>The operation that writes the header (for locations and fixes).</summary>
        public IOperation Statement { get; }
    }

    /// <summary>
    /// What a scope (a member body, or every member of a type) does to its symbols: the values assigned
    /// to locals, fields, properties and parameters, the properties set on them (BaseAddress, Method,
    /// RequestUri, ApiKey, ...) and the headers added to them. Built once per scope and cached.
    /// </summary>
    internal sealed class ScopeFacts
    {
        // Keys are symbols (locals, fields, properties, parameters) or, for object initializers, the
        // creation's syntax node (new HttpClient { BaseAddress = ... }).
        private readonly Dictionary<object, List<IOperation>> _values = new Dictionary<object, List<IOperation>>(OwnerComparer.Instance);
        private readonly Dictionary<object, List<KeyValuePair<IPropertySymbol, IOperation>>> _memberWrites = new Dictionary<object, List<KeyValuePair<IPropertySymbol, IOperation>>>(OwnerComparer.Instance);
        private readonly Dictionary<object, List<HeaderWrite>> _headers = new Dictionary<object, List<HeaderWrite>>(OwnerComparer.Instance);
        private readonly Dictionary<object, List<IInvocationOperation>> _calls = new Dictionary<object, List<IInvocationOperation>>(OwnerComparer.Instance);

        public static readonly ScopeFacts Empty = new ScopeFacts();

        public IReadOnlyList<IOperation> ValuesOf(object symbol) =>
            _values.TryGetValue(symbol, out var list) ? list : (IReadOnlyList<IOperation>)System.Array.Empty<IOperation>();

        public IReadOnlyList<KeyValuePair<IPropertySymbol, IOperation>> MemberWritesOf(object symbol) =>
            _memberWrites.TryGetValue(symbol, out var list) ? list : (IReadOnlyList<KeyValuePair<IPropertySymbol, IOperation>>)System.Array.Empty<KeyValuePair<IPropertySymbol, IOperation>>();

        public IReadOnlyList<HeaderWrite> HeadersOf(object symbol) =>
            _headers.TryGetValue(symbol, out var list) ? list : (IReadOnlyList<HeaderWrite>)System.Array.Empty<HeaderWrite>();

        /// <summary>
        /// Calls made on a symbol as statements of their own (<c>request.AddHeader(...);</c>, <c>client.WithHeader(...);</c>,
        /// extension methods included): how fluent libraries configure an object they keep in a variable.
        /// </summary>
        public IReadOnlyList<IInvocationOperation> CallsOn(object symbol) =>
            _calls.TryGetValue(symbol, out var list) ? list : (IReadOnlyList<IInvocationOperation>)System.Array.Empty<IInvocationOperation>();


        public static ScopeFacts Build(IEnumerable<IOperation> roots)
        {
            var facts = new ScopeFacts();
            foreach (var root in roots)
            {
                foreach (var op in root.DescendantsAndSelf())
                {
                    facts.Visit(op);
                }
            }

            return facts;
        }

        private void Visit(IOperation op)
        {
            switch (op)
            {
                case IVariableDeclaratorOperation declarator:
                    var init = declarator.Initializer?.Value ?? declarator.GetVariableInitializer()?.Value;
                    if (init != null)
                    {
                        Assign(declarator.Symbol, init);
                    }

                    break;
                case IFieldInitializerOperation fieldInit:
                    foreach (var field in fieldInit.InitializedFields)
                    {
                        Assign(field, fieldInit.Value);
                    }

                    break;
                case IPropertyInitializerOperation propInit:
                    foreach (var prop in propInit.InitializedProperties)
                    {
                        Assign(prop, propInit.Value);
                    }

                    break;
                case ISimpleAssignmentOperation assignment:
                    VisitAssignment(assignment.Target, assignment.Value, assignment);
                    break;
                case ICoalesceAssignmentOperation coalesce:
                    VisitAssignment(coalesce.Target, coalesce.Value, coalesce);
                    break;
                case IInvocationOperation invocation:
                    VisitHeaderAdd(invocation);
                    VisitStatementCall(invocation);
                    break;
                case IReturnOperation ret when ret.ReturnedValue != null:
                    // An expression-bodied or block-bodied property getter: the property "is" what it returns.
                    var owner = OwningProperty(ret);
                    if (owner != null)
                    {
                        Assign(owner, ret.ReturnedValue);
                    }

                    break;
            }
        }

        private static IPropertySymbol? OwningProperty(IReturnOperation ret)
        {
            var syntax = ret.Syntax;
            for (var node = syntax.Parent; node != null; node = node.Parent)
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.AnonymousFunctionExpressionSyntax ||
                    node is Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax)
                {
                    return null;
                }

                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax)
                {
                    var model = ret.SemanticModel;
                    return model?.GetDeclaredSymbol(node) as IPropertySymbol;
                }

                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        private void VisitAssignment(IOperation target, IOperation value, IOperation statement)
        {
            var symbol = Symbols.Referenced(target);
            if (symbol != null && IsOwnMember(target))
            {
                Assign(symbol, value);
                return;
            }

            if (target is IPropertyReferenceOperation property && property.Instance != null)
            {
                // x.Headers.Authorization = v / x.DefaultRequestHeaders.Authorization = v
                if (property.Property.Name == "Authorization" && property.Instance is IPropertyReferenceOperation headers && IsHeadersProperty(headers.Property))
                {
                    var ownerOfHeaders = Owner(headers.Instance, statement);
                    if (ownerOfHeaders != null)
                    {
                        Add(_headers, ownerOfHeaders, new HeaderWrite("Authorization", value, statement));
                    }

                    return;
                }

                // x.BaseAddress = v, request.RequestUri = v, options.ApiKey = v
                var owner = Owner(property.Instance, statement);
                if (owner != null)
                {
                    Add(_memberWrites, owner, new KeyValuePair<IPropertySymbol, IOperation>(property.Property, value));
                }
            }
        }

        /// <summary>A local, a parameter, a static member or a member of <c>this</c> (not of another object).</summary>
        private static bool IsOwnMember(IOperation target) => target switch
        {
            IPropertyReferenceOperation p => p.Instance == null || (p.Instance is IInstanceReferenceOperation i && i.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance),
            IFieldReferenceOperation f => f.Instance == null || (f.Instance is IInstanceReferenceOperation i && i.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance),
            _ => true,
        };

        private void VisitStatementCall(IInvocationOperation invocation)
        {
            var parent = invocation.Parent is IAwaitOperation awaited ? awaited.Parent : invocation.Parent;
            if (!(parent is IExpressionStatementOperation))
            {
                return;
            }

            var receiver = Symbols.AsExtensionCall(invocation)?.Receiver ?? invocation.Instance;
            var symbol = receiver == null ? null : Symbols.Referenced(Symbols.Unwrap(receiver));
            if (symbol != null)
            {
                Add(_calls, symbol, invocation);
            }
        }

        private void VisitHeaderAdd(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if ((method.Name != "Add" && method.Name != "TryAddWithoutValidation") || invocation.Arguments.Length != 2)
            {
                return;
            }

            if (!IsHttpHeadersType(method.ContainingType))
            {
                return;
            }

            // request.Headers.Add(...), or inside an initializer: new HttpRequestMessage { Headers = { { name, value } } }
            var headers = invocation.Instance as IPropertyReferenceOperation;
            if (headers == null && invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
            {
                for (var p = invocation.Parent; p != null && headers == null; p = p.Parent)
                {
                    if (p is IMemberInitializerOperation member)
                    {
                        headers = member.InitializedMember as IPropertyReferenceOperation;
                        break;
                    }
                }
            }

            if (headers == null || !IsHeadersProperty(headers.Property))
            {
                return;
            }

            var owner = Owner(headers.Instance, headers);
            if (owner == null)
            {
                return;
            }

            var name = Constant.String(invocation.Arguments[0].Value);
            Add(_headers, owner, new HeaderWrite(name, invocation.Arguments[1].Value, invocation));
        }

        /// <summary>
        /// The symbol a header or property write applies to: a local, field, property or parameter, or,
        /// inside an object initializer (<c>new HttpClient { BaseAddress = ... }</c>), the symbol the new
        /// object is assigned to.
        /// </summary>
        private static object? Owner(IOperation? instance, IOperation statement)
        {
            if (instance == null)
            {
                return null;
            }

            if (instance is IInstanceReferenceOperation inst && inst.ReferenceKind == InstanceReferenceKind.ImplicitReceiver)
            {
                return EnclosingCreation(statement)?.Syntax;
            }

            return Symbols.Referenced(instance);
        }

        private static IOperation? EnclosingCreation(IOperation op)
        {
            for (var p = op.Parent; p != null; p = p.Parent)
            {
                if (p is IObjectCreationOperation || p is IAnonymousObjectCreationOperation)
                {
                    return p;
                }
            }

            return null;
        }

        internal static bool IsHeadersProperty(IPropertySymbol property) =>
            (property.Name == "DefaultRequestHeaders" || property.Name == "Headers") && IsHttpHeadersType(property.Type as INamedTypeSymbol);

        internal static bool IsHttpHeadersType(INamedTypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t.Name == "HttpHeaders" && t.ContainingNamespace?.ToDisplayString() == "System.Net.Http.Headers")
                {
                    return true;
                }
            }

            return false;
        }

        private void Assign(ISymbol symbol, IOperation value) => Add(_values, symbol, value);

        private static void Add<T>(Dictionary<object, List<T>> map, object key, T value)
        {
            if (!map.TryGetValue(key, out var list))
            {
                list = new List<T>();
                map[key] = list;
            }

            list.Add(value);
        }
    }

    /// <summary>Compares symbols as symbols and operations by identity.</summary>
    internal sealed class OwnerComparer : IEqualityComparer<object>
    {
        public static readonly OwnerComparer Instance = new OwnerComparer();

        public new bool Equals(object? x, object? y)
        {
            if (x is ISymbol a && y is ISymbol b)
            {
                return SymbolEqualityComparer.Default.Equals(a, b);
            }

            if (x is SyntaxNode m && y is SyntaxNode n)
            {
                // Operation trees may be rebuilt; the node a creation stands at is what identifies it.
                return m.SyntaxTree == n.SyntaxTree && m.Span == n.Span && m.RawKind == n.RawKind;
            }

            return ReferenceEquals(x, y);
        }

        public int GetHashCode(object obj) => obj switch
        {
            ISymbol s => SymbolEqualityComparer.Default.GetHashCode(s),
            SyntaxNode node => node.Span.GetHashCode() ^ node.RawKind,
            _ => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj),
        };
    }
}
