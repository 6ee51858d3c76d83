using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>Small helpers over operations: which symbol an expression names, what it is assigned to.</summary>
    internal static class Symbols
    {
        /// <summary>The kind of a C# 14 <c>extension(T receiver) { ... }</c> block (TypeKind.Extension; not named in the Roslyn we build against).</summary>
        private const TypeKind ExtensionBlock = (TypeKind)14;

        /// <summary>
        /// An extension method's call, however the compiler bound it: a classic extension method (<c>static M(this T x, ...)</c>,
        /// the receiver is the first argument), or a member of a C# 14 <c>extension(T x)</c> block as a newer compiler binds
        /// calls of a library compiled with it (RestSharp 114: the receiver is the instance, the parameters start after it,
        /// and the block is nested in the static class that declares it). Null for any other call.
        /// </summary>
        public static ExtensionCall? AsExtensionCall(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.IsExtensionMethod)
            {
                var receiver = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
                return receiver == null ? null : new ExtensionCall(method.ContainingType, receiver, 1);
            }

            var block = method.ContainingType;
            return block != null && block.TypeKind == ExtensionBlock && block.ContainingType != null && invocation.Instance != null
                ? new ExtensionCall(block.ContainingType, invocation.Instance, 0)
                : null;
        }

        /// <summary>The values a lambda returns (an expression lambda's expression), not those of lambdas nested in it.</summary>
        public static List<IOperation> ReturnedValues(IAnonymousFunctionOperation lambda)
        {
            var values = new List<IOperation>();
            var pending = new Stack<IOperation>();
            pending.Push(lambda.Body);
            while (pending.Count > 0)
            {
                var op = pending.Pop();
                if (op is IReturnOperation { ReturnedValue: { } value })
                {
                    values.Add(value);
                    continue;
                }

                foreach (var child in op.ChildOperations)
                {
                    if (!(child is IAnonymousFunctionOperation) && !(child is ILocalFunctionOperation))
                    {
                        pending.Push(child);
                    }
                }
            }

            return values;
        }

        /// <summary>The local, field, property or parameter an expression refers to; null for anything else.</summary>
        public static ISymbol? Referenced(IOperation? op)
        {
            op = Unwrap(op);
            switch (op)
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IFieldReferenceOperation field:
                    return field.Field;
                case IPropertyReferenceOperation property when property.Arguments.Length == 0:
                    return property.Property;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                default:
                    return null;
            }
        }

        /// <summary>The symbol a value is stored into (declarator, assignment, field initializer), if any.</summary>
        public static ISymbol? AssignedTo(IOperation value)
        {
            var p = value.Parent;
            while (p is IConversionOperation || p is IParenthesizedOperation)
            {
                p = p.Parent;
            }

            switch (p)
            {
                case IVariableInitializerOperation init when init.Parent is IVariableDeclaratorOperation declarator:
                    return declarator.Symbol;
                case ISimpleAssignmentOperation assignment:
                    return Referenced(assignment.Target);
                case IFieldInitializerOperation field when field.InitializedFields.Length == 1:
                    return field.InitializedFields[0];
                case IPropertyInitializerOperation property when property.InitializedProperties.Length == 1:
                    return property.InitializedProperties[0];
                default:
                    return null;
            }
        }

        /// <summary>Strip conversions, parentheses and null-forgiving wrappers.</summary>
        public static IOperation? Unwrap(IOperation? op)
        {
            while (true)
            {
                switch (op)
                {
                    case IConversionOperation conversion:
                        op = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        op = parenthesized.Operand;
                        continue;
                    case IArgumentOperation argument:
                        op = argument.Value;
                        continue;
                    case IAwaitOperation await:
                        op = await.Operation;
                        continue;
                    case IConditionalAccessInstanceOperation instance when ConditionalAccessOf(instance) is IConditionalAccessOperation access:
                        // http?.PostAsync(...): the receiver is the expression before ?.
                        op = access.Operation;
                        continue;
                    default:
                        return op;
                }
            }
        }

        private static IConditionalAccessOperation? ConditionalAccessOf(IConditionalAccessInstanceOperation instance)
        {
            for (var parent = instance.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access)
                {
                    return access;
                }
            }

            return null;
        }

        /// <summary>The top of the operation tree a node belongs to (a member body, an initializer).</summary>
        public static IOperation Root(IOperation op)
        {
            var root = op;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            return root;
        }

        public static bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected)
        {
            if (type == null || expected == null)
            {
                return false;
            }

            for (var t = type; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, expected))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool Implements(ITypeSymbol? type, INamedTypeSymbol? iface)
        {
            if (type == null || iface == null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, iface))
            {
                return true;
            }

            foreach (var i in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, iface))
                {
                    return true;
                }
            }

            return false;
        }
    }

    internal static class Constant
    {
        /// <summary>The compile-time string value of an expression (literal, const, nameof), if any.</summary>
        public static string? String(IOperation? op)
        {
            op = Symbols.Unwrap(op);
            if (op == null)
            {
                return null;
            }

            var value = op.ConstantValue;
            return value.HasValue ? value.Value as string : null;
        }
    }

    /// <summary>An extension method's call, in either of the forms <see cref="Symbols.AsExtensionCall"/> knows.</summary>
    internal sealed class ExtensionCall
    {
        public ExtensionCall(INamedTypeSymbol declaringClass, IOperation receiver, int firstArgument)
        {
            DeclaringClass = declaringClass;
            Receiver = receiver;
            FirstArgument = firstArgument;
        }

        /// <summary>The static class that declares the extension (<c>RestClientExtensions</c>).</summary>
        public INamedTypeSymbol DeclaringClass { get; }

        /// <summary>What the method is called on.</summary>
        public IOperation Receiver { get; }

        /// <summary>The ordinal of the first parameter after the receiver: 1 for a classic extension method, 0 in an extension block.</summary>
        public int FirstArgument { get; }
    }
}
