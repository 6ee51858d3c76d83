using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>
    /// The body a recognized call sends, and the values it puts in one JSON property. Knows the ways C#
    /// spells a request body: an anonymous object, a DTO or record (initializer or constructor), a
    /// dictionary (initializer, indexer, Add), <c>JsonContent.Create</c>, <c>new StringContent(json)</c>
    /// over <c>JsonSerializer.Serialize</c> or a JSON literal, followed through the locals of the calling
    /// member. Anything it cannot see (a parameter, a field, a factory method) is not a value.
    /// </summary>
    internal static class RequestBodies
    {
        private const int MaxDepth = 8;

        private static readonly Regex JsonPermissions = new Regex("\"permissions?\"\\s*:\\s*\"(?<v>[^\"]*)\"", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The expressions that are the call's body: the JSON value, the HttpContent, the request's Content, the typed client's arguments.</summary>
        public static IEnumerable<IOperation> Of(SaperlyCall call, SaperlyCompilation shared)
        {
            var invocation = call.Invocation;
            switch (call.Shape)
            {
                case CallShape.JsonExtension:
                    var value = CallRecognizer.Argument(invocation, "value");
                    return value == null ? Enumerable.Empty<IOperation>() : new[] { value };
                case CallShape.Shorthand:
                    var content = CallRecognizer.Argument(invocation, "content");
                    return content == null ? Enumerable.Empty<IOperation>() : new[] { content };
                case CallShape.SendRequest:
                    var request = CallRecognizer.Argument(invocation, "request");
                    return request == null ? Enumerable.Empty<IOperation>() : RequestContent(request, shared, 0);
                case CallShape.TypedClient:
                    return invocation.Arguments.Where(a => a.ArgumentKind == ArgumentKind.Explicit).Select(a => a.Value);
                default:
                    return Enumerable.Empty<IOperation>();
            }
        }

        /// <summary>The Content assigned to an HttpRequestMessage: in its initializer or afterwards on its local.</summary>
        private static IEnumerable<IOperation> RequestContent(IOperation request, SaperlyCompilation shared, int depth)
        {
            var op = Symbols.Unwrap(request);
            if (op == null || depth > MaxDepth)
            {
                yield break;
            }

            if (op is IObjectCreationOperation creation)
            {
                foreach (var write in shared.ScopeOf(creation).MemberWritesOf(creation.Syntax))
                {
                    if (write.Key.Name == "Content")
                    {
                        yield return write.Value;
                    }
                }

                yield break;
            }

            if (op is ILocalReferenceOperation local)
            {
                var scope = shared.ScopeOf(local);
                foreach (var value in scope.ValuesOf(local.Local))
                {
                    foreach (var content in RequestContent(value, shared, depth + 1))
                    {
                        yield return content;
                    }
                }

                foreach (var write in scope.MemberWritesOf(local.Local))
                {
                    if (write.Key.Name == "Content")
                    {
                        yield return write.Value;
                    }
                }
            }
        }

        /// <summary>
        /// The operations that put <c>legacy_full</c> into the body's <c>permissions</c> property: a string
        /// literal or constant, an enum member whose name or wire value is legacy_full, or the span of a JSON
        /// literal that spells it.
        /// </summary>
        public static List<IOperation> LegacyFullPermissions(IOperation body, SaperlyCompilation shared)
        {
            var found = new List<IOperation>();
            new Walker(shared, found).Visit(body, false, 0);
            return found;
        }

        /// <summary>A name that stands for the permissions property: <c>permissions</c>, <c>Permissions</c>, <c>Permission</c>.</summary>
        public static bool IsPermissionsName(string? name)
        {
            if (name == null)
            {
                return false;
            }

            var normalized = PermissionModels.Normalize(name);
            return normalized == "permissions" || normalized == "permission";
        }

        /// <summary>legacy_full as a value: the string, a constant, an enum member named or serialized as legacy_full.</summary>
        public static bool IsLegacyFull(IOperation? value)
        {
            var op = Symbols.Unwrap(value);
            if (op == null)
            {
                return false;
            }

            if (op is IFieldReferenceOperation field && field.Field.ContainingType?.TypeKind == TypeKind.Enum)
            {
                return PermissionModels.WireValues(field.Field).Any(v => PermissionModels.Normalize(v) == "legacyfull");
            }

            if (op is IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance } && instance.Type?.TypeKind == TypeKind.Enum)
            {
                return IsLegacyFull(instance);
            }

            var text = Constant.String(op);
            return text != null && PermissionModels.Normalize(text) == "legacyfull";
        }

        private sealed class Walker
        {
            private readonly SaperlyCompilation _shared;
            private readonly List<IOperation> _found;
            private readonly HashSet<IOperation> _seen = new HashSet<IOperation>();

            public Walker(SaperlyCompilation shared, List<IOperation> found)
            {
                _shared = shared;
                _found = found;
            }

            public void Visit(IOperation? value, bool permissionsSlot, int depth)
            {
                var op = Symbols.Unwrap(value);
                if (op == null || depth > MaxDepth || !_seen.Add(op))
                {
                    return;
                }

                if (permissionsSlot && IsLegacyFull(op))
                {
                    _found.Add(op);
                    return;
                }

                switch (op)
                {
                    case IAnonymousObjectCreationOperation anonymous:
                        foreach (var initializer in anonymous.Initializers)
                        {
                            if (initializer is ISimpleAssignmentOperation assignment && assignment.Target is IPropertyReferenceOperation property)
                            {
                                Visit(assignment.Value, IsPermissionsMember(property.Property), depth + 1);
                            }
                        }

                        return;
                    case IObjectCreationOperation creation:
                        foreach (var argument in creation.Arguments)
                        {
                            if (argument.ArgumentKind == ArgumentKind.Explicit)
                            {
                                Visit(argument.Value, IsPermissionsName(argument.Parameter?.Name), depth + 1);
                            }
                        }

                        if (creation.Initializer != null)
                        {
                            foreach (var initializer in creation.Initializer.Initializers)
                            {
                                VisitWrite(initializer, depth);
                            }
                        }

                        return;
                    case IInvocationOperation invocation when IsSerialization(invocation):
                        var serialized = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
                        Visit(serialized?.Value, false, depth + 1);
                        return;
                    case IConditionalOperation conditional when permissionsSlot:
                        Visit(conditional.WhenTrue, true, depth + 1);
                        Visit(conditional.WhenFalse, true, depth + 1);
                        return;
                    case ICoalesceOperation coalesce when permissionsSlot:
                        Visit(coalesce.WhenNull, true, depth + 1);
                        return;
                    case ILocalReferenceOperation local:
                        VisitLocal(local, permissionsSlot, depth);
                        return;
                }

                // A JSON literal body: {"name":"a","permissions":"legacy_full"}.
                var text = Constant.String(op);
                if (!permissionsSlot && text != null && text.IndexOf("permission", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    foreach (Match match in JsonPermissions.Matches(text))
                    {
                        if (match.Groups["v"].Value == SaperlyApi.LegacyFull)
                        {
                            _found.Add(op);
                            return;
                        }
                    }
                }
            }

            /// <summary>One element of an object or collection initializer: <c>Permissions = v</c>, <c>["permissions"] = v</c>, <c>{ "permissions", v }</c>.</summary>
            private void VisitWrite(IOperation write, int depth)
            {
                switch (write)
                {
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } assignment:
                        Visit(assignment.Value, indexer.Arguments.Length == 1 && IsPermissionsName(Constant.String(indexer.Arguments[0].Value)), depth + 1);
                        break;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment:
                        Visit(assignment.Value, IsPermissionsMember(property.Property), depth + 1);
                        break;
                    case ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } assignment:
                        Visit(assignment.Value, IsPermissionsMember(field.Field), depth + 1);
                        break;
                    case IMemberInitializerOperation nested:
                        foreach (var inner in nested.Initializer.Initializers)
                        {
                            VisitWrite(inner, depth + 1);
                        }

                        break;
                    case IInvocationOperation { TargetMethod.Name: "Add" } add when add.Arguments.Length == 2:
                        Visit(add.Arguments[1].Value, IsPermissionsName(Constant.String(add.Arguments[0].Value)), depth + 1);
                        break;
                }
            }

            /// <summary>A local of the calling member: what it was assigned, and what was written into it afterwards.</summary>
            private void VisitLocal(ILocalReferenceOperation local, bool permissionsSlot, int depth)
            {
                foreach (var value in _shared.ScopeOf(local).ValuesOf(local.Local))
                {
                    Visit(value, permissionsSlot, depth + 1);
                }

                if (permissionsSlot)
                {
                    return;
                }

                foreach (var op in Symbols.Root(local).Descendants())
                {
                    switch (op)
                    {
                        case ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment when IsLocal(target.Instance, local.Local):
                            VisitWrite(assignment, depth);
                            break;
                        case IInvocationOperation { TargetMethod.Name: "Add" } add when IsLocal(add.Instance, local.Local):
                            VisitWrite(add, depth);
                            break;
                    }
                }
            }

            private static bool IsLocal(IOperation? instance, ILocalSymbol local) =>
                Symbols.Unwrap(instance) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);
        }

        /// <summary>The property or field that is serialized as "permissions": by name or by a JSON name attribute.</summary>
        private static bool IsPermissionsMember(ISymbol member)
        {
            if (IsPermissionsName(member.Name))
            {
                return true;
            }

            foreach (var attribute in member.GetAttributes())
            {
                var name = attribute.AttributeClass?.Name;
                if ((name == "JsonPropertyNameAttribute" || name == "JsonPropertyAttribute" || name == "DataMemberAttribute") &&
                    attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string wire)
                {
                    return IsPermissionsName(wire);
                }
            }

            return false;
        }

        /// <summary><c>JsonContent.Create(value)</c>, <c>JsonSerializer.Serialize(value)</c>, <c>JsonConvert.SerializeObject(value)</c>.</summary>
        private static bool IsSerialization(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType?.Name;
            return (method.Name == "Create" && type == "JsonContent") ||
                   (method.Name == "Serialize" && type == "JsonSerializer") ||
                   (method.Name == "SerializeObject" && type == "JsonConvert");
        }
    }
}
