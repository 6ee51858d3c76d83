using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Analyzers.Recognition
{
    internal sealed partial class CallRecognizer
    {
        /// <summary>
        /// <c>svc.Keys.CreateAsync(...)</c> on a client that mirrors the official SDK: the client type's name
        /// says Saperly (configurable), and it was constructed with a key we can follow.
        /// </summary>
        internal SaperlyCall? RecognizeTypedClient(IInvocationOperation invocation, IPropertyReferenceOperation resource)
        {
            var clientType = resource.Property.ContainingType;
            if (clientType == null || !_options.IsClientTypeName(clientType.Name) || resource.Instance == null)
            {
                return null;
            }

            var operation = SaperlyApi.ForResource(resource.Property.Name, invocation.TargetMethod.Name);
            var endpoint = resource.Property.Name + "." + invocation.TargetMethod.Name +
                           (operation.Method.Length > 0 ? " (" + operation.Display + ")" : "");
            var construction = ResolveConstruction(resource.Instance, 0);
            var credential = construction == null ? null : CredentialOfConstruction(construction);

            // An SDK method that takes an idempotency key says whether one was passed.
            var idempotencyArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter != null && a.Parameter.Name.Equals("idempotencyKey", StringComparison.OrdinalIgnoreCase));
            var hasKey = idempotencyArgument == null || (idempotencyArgument.ArgumentKind != ArgumentKind.DefaultValue && !IsNullConstant(idempotencyArgument.Value));
            var values = idempotencyArgument != null && hasKey ? ImmutableArray.Create(idempotencyArgument.Value) : ImmutableArray<IOperation>.Empty;

            return new SaperlyCall(
                invocation,
                operation,
                endpoint,
                CallShape.TypedClient,
                ClientKind.Sdk,
                clientType.Name,
                Symbols.Referenced(resource.Instance),
                credential,
                credential != null ? CredentialScope.Construction : CredentialScope.None,
                construction,
                hasKey,
                values,
                idempotencyArgument == null,
                null);
        }

        private static bool IsNullConstant(IOperation op)
        {
            var value = Symbols.Unwrap(op)?.ConstantValue;
            return value.HasValue && value.Value.HasValue && value.Value.Value == null;
        }

        /// <summary>Follow a client expression to the <c>new SaperlyClient(...)</c> that made it.</summary>
        private IObjectCreationOperation? ResolveConstruction(IOperation expression, int depth)
        {
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > MaxDepth)
            {
                return null;
            }

            if (op is IObjectCreationOperation creation)
            {
                return creation.Type != null && _options.IsClientTypeName(creation.Type.Name) ? creation : null;
            }

            var symbol = Symbols.Referenced(op);
            if (symbol == null)
            {
                return null;
            }

            var values = FactsFor(symbol, op).ValuesOf(symbol);
            return values.Count == 1 ? ResolveConstruction(values[0], depth + 1) : null;
        }

        /// <summary>The key a client was constructed with: a string argument, or an options object's ApiKey-like property.</summary>
        private CredentialSource? CredentialOfConstruction(IObjectCreationOperation creation)
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
                {
                    var credential = CredentialOf(argument.Value, 0);
                    if (credential != null)
                    {
                        return credential;
                    }
                }
                else
                {
                    var credential = CredentialOfOptions(argument.Value, 0);
                    if (credential != null)
                    {
                        return credential;
                    }
                }
            }

            return CredentialOfOptions(creation, 0);
        }

        private CredentialSource? CredentialOfOptions(IOperation expression, int depth)
        {
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > MaxDepth)
            {
                return null;
            }

            var facts = _shared.ScopeOf(op);
            object? owner = op is IObjectCreationOperation ? op.Syntax : Symbols.Referenced(op);
            if (owner == null)
            {
                return null;
            }

            if (owner is ISymbol symbol)
            {
                facts = FactsFor(symbol, op);
                foreach (var value in facts.ValuesOf(symbol))
                {
                    var fromValue = CredentialOfOptions(value, depth + 1);
                    if (fromValue != null)
                    {
                        return fromValue;
                    }
                }
            }

            foreach (var write in facts.MemberWritesOf(owner))
            {
                if (write.Key.Type.SpecialType == SpecialType.System_String && IsKeyProperty(write.Key.Name))
                {
                    var credential = CredentialOf(write.Value, depth + 1);
                    if (credential != null)
                    {
                        return credential;
                    }
                }
            }

            return null;
        }

        private static bool IsKeyProperty(string name) =>
            SaperlyOptions.ClassifyPropertyName(name) != CredentialTier.Unknown ||
            name.Equals("Key", StringComparison.OrdinalIgnoreCase) || name.Equals("Token", StringComparison.OrdinalIgnoreCase) ||
            name.Equals("BearerToken", StringComparison.OrdinalIgnoreCase);
    }
}
