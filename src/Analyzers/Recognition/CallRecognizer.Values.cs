using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.Analyzers.Recognition
{
    internal sealed partial class CallRecognizer
    {
        /// <summary>The URI an expression builds: string templates, <c>new Uri(...)</c>, <c>new Uri(base, relative)</c>.</summary>
        private UriShape? UriOf(IOperation expression, int depth)
        {
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > MaxDepth)
            {
                return null;
            }

            if (op is IObjectCreationOperation creation && Symbols.IsType(creation.Type, _shared.Types.Uri) && creation.Arguments.Length == 2 &&
                Symbols.IsType(Symbols.Unwrap(creation.Arguments[0].Value)?.Type, _shared.Types.Uri))
            {
                var relative = UriOf(creation.Arguments[1].Value, depth + 1);
                var baseUri = UriOf(creation.Arguments[0].Value, depth + 1);
                return relative?.ResolveAgainst(baseUri);
            }

            if (Symbols.IsType(op.Type, _shared.Types.Uri) && Symbols.Referenced(op) is ISymbol symbol && !(op is IObjectCreationOperation))
            {
                var values = FactsFor(symbol, op).ValuesOf(symbol);
                return values.Count == 1 ? UriOf(values[0], depth + 1) : null;
            }

            var template = StringOf(op, depth);
            return Template.IsAllHole(template) ? null : UriShape.Parse(template!, _options);
        }

        /// <summary>
        /// The string an expression builds, with <see cref="Template.Hole"/> for every part the code does
        /// not fix (an interpolation hole, a value from elsewhere).
        /// </summary>
        private string StringOf(IOperation? expression, int depth)
        {
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > MaxDepth)
            {
                return Template.HoleString;
            }

            var constant = Constant.String(op);
            if (constant != null)
            {
                return constant;
            }

            switch (op)
            {
                case IInterpolatedStringOperation interpolated:
                    var builder = new StringBuilder();
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolatedStringTextOperation text)
                        {
                            builder.Append(Constant.String(text.Text) ?? "");
                        }
                        else if (part is IInterpolationOperation hole)
                        {
                            var value = StringOf(hole.Expression, depth + 1);
                            builder.Append(Template.IsAllHole(value) ? Template.HoleString : value);
                        }
                    }

                    return builder.ToString();
                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.Add && binary.Type?.SpecialType == SpecialType.System_String:
                    return StringOf(binary.LeftOperand, depth + 1) + StringOf(binary.RightOperand, depth + 1);
                case IObjectCreationOperation creation when Symbols.IsType(creation.Type, _shared.Types.Uri) && creation.Arguments.Length >= 1:
                    return StringOf(creation.Arguments[0].Value, depth + 1);
                case ICoalesceOperation coalesce:
                    var left = StringOf(coalesce.Value, depth + 1);
                    return Template.IsAllHole(left) ? StringOf(coalesce.WhenNull, depth + 1) : left;
                case IInvocationOperation invocation when invocation.Instance != null &&
                                                         (invocation.TargetMethod.Name == "ToString" || invocation.TargetMethod.Name.StartsWith("Trim", StringComparison.Ordinal)):
                    return StringOf(invocation.Instance, depth + 1);
                case IInvocationOperation invocation when invocation.TargetMethod.Name == "Concat" && invocation.TargetMethod.ContainingType.SpecialType == SpecialType.System_String:
                    return string.Concat(invocation.Arguments.Select(a => StringOf(a.Value, depth + 1)));
                case IPropertyReferenceOperation property when property.Property.Name == "AbsoluteUri" || property.Property.Name == "OriginalString":
                    return property.Instance == null ? Template.HoleString : StringOf(property.Instance, depth + 1);
            }

            var symbol = Symbols.Referenced(op);
            if (symbol != null)
            {
                var values = FactsFor(symbol, op).ValuesOf(symbol);
                if (values.Count == 1)
                {
                    return StringOf(values[0], depth + 1);
                }
            }

            return Template.HoleString;
        }

        /// <summary>The credential an Authorization value carries: <c>new AuthenticationHeaderValue("Bearer", key)</c>, <c>"Bearer " + key</c>, <c>$"Bearer {key}"</c>.</summary>
        private CredentialSource? CredentialFromAuthorization(IOperation value, int depth)
        {
            var op = Symbols.Unwrap(value);
            if (op == null || depth > MaxDepth)
            {
                return null;
            }

            if (op is IObjectCreationOperation creation && Symbols.IsType(creation.Type, _shared.Types.AuthenticationHeaderValue))
            {
                var scheme = Constant.String(creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "scheme")?.Value);
                if (scheme != null && !string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                var parameter = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "parameter")?.Value;
                return parameter == null ? null : CredentialOf(parameter, depth + 1);
            }

            if (op is IInterpolatedStringOperation interpolated && interpolated.Parts.Length == 2 &&
                interpolated.Parts[0] is IInterpolatedStringTextOperation prefix && IsBearerPrefix(Constant.String(prefix.Text)) &&
                interpolated.Parts[1] is IInterpolationOperation hole)
            {
                return CredentialOf(hole.Expression, depth + 1);
            }

            if (op is IBinaryOperation binary && binary.OperatorKind == BinaryOperatorKind.Add && IsBearerPrefix(Constant.String(binary.LeftOperand)))
            {
                return CredentialOf(binary.RightOperand, depth + 1);
            }

            var constant = Constant.String(op);
            if (constant != null)
            {
                return LiteralCredential(constant, op);
            }

            var symbol = Symbols.Referenced(op);
            if (symbol != null && !(op.Type is INamedTypeSymbol { SpecialType: SpecialType.System_String }))
            {
                foreach (var assigned in FactsFor(symbol, op).ValuesOf(symbol))
                {
                    var credential = CredentialFromAuthorization(assigned, depth + 1);
                    if (credential != null)
                    {
                        return credential;
                    }
                }

                return null;
            }

            return null;
        }

        private static bool IsBearerPrefix(string? text) =>
            text != null && text.Trim().Equals("Bearer", StringComparison.OrdinalIgnoreCase) && text.EndsWith(" ", StringComparison.Ordinal);

        /// <summary>Where a key's value comes from: environment, configuration, options, a literal, a minted child key.</summary>
        internal CredentialSource? CredentialOf(IOperation expression, int depth)
        {
            var op = Symbols.Unwrap(expression);
            if (op == null || depth > MaxDepth)
            {
                return null;
            }

            var constant = Constant.String(op);
            if (constant != null)
            {
                return LiteralCredential(constant, op);
            }

            switch (op)
            {
                case ICoalesceOperation coalesce:
                    return CredentialOf(coalesce.Value, depth + 1) ?? CredentialOf(coalesce.WhenNull, depth + 1);
                case IInterpolatedStringOperation interpolated when interpolated.Parts.Length == 1 && interpolated.Parts[0] is IInterpolationOperation only:
                    return CredentialOf(only.Expression, depth + 1);
                case IInvocationOperation invocation:
                    return CredentialFromInvocation(invocation, depth);
                case IPropertyReferenceOperation property when property.Property.IsIndexer:
                    return ConfigurationRead(property, property.Instance, property.Arguments.Length == 1 ? property.Arguments[0].Value : null);
                case IPropertyReferenceOperation property:
                    return CredentialFromProperty(property, depth);
                case ILocalReferenceOperation _:
                case IFieldReferenceOperation _:
                case IParameterReferenceOperation _:
                    var symbol = Symbols.Referenced(op)!;
                    foreach (var value in FactsFor(symbol, op).ValuesOf(symbol))
                    {
                        var credential = CredentialOf(value, depth + 1);
                        if (credential != null)
                        {
                            return credential;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        private CredentialSource? CredentialFromInvocation(IInvocationOperation invocation, int depth)
        {
            var method = invocation.TargetMethod;
            if (method.Name == "GetEnvironmentVariable" && SymbolEqualityComparer.Default.Equals(method.ContainingType, _shared.Types.Environment) && invocation.Arguments.Length >= 1)
            {
                var nameOp = invocation.Arguments[0].Value;
                var name = Constant.String(nameOp);
                if (name == null)
                {
                    return null;
                }

                var tier = _options.ClassifySecretName(name);
                return tier == CredentialTier.Unknown ? null : new CredentialSource(CredentialKind.EnvironmentVariable, name, tier, Symbols.Unwrap(nameOp)!, true);
            }

            if ((method.Name == "GetValue" || method.Name == "GetRequiredValue") && invocation.Arguments.Length >= 2 && IsConfiguration(invocation.Arguments[0].Value.Type))
            {
                return ConfigurationRead(null, invocation.Arguments[0].Value, invocation.Arguments[1].Value);
            }

            if (method.Name == "GetString" && invocation.Instance is IInvocationOperation getProperty && getProperty.TargetMethod.Name == "GetProperty" &&
                getProperty.Arguments.Length == 1 && Constant.String(getProperty.Arguments[0].Value) == "plaintext_key")
            {
                return new CredentialSource(CredentialKind.ChildKey, "plaintext_key", CredentialTier.ApiKey, invocation, true);
            }

            if (method.Name == "ToString" && invocation.Instance != null)
            {
                return CredentialOf(invocation.Instance, depth + 1);
            }

            // Any other call that takes a secret's name: secrets.Get("SAPERLY_API_KEY").
            foreach (var argument in invocation.Arguments)
            {
                var name = Constant.String(argument.Value);
                if (name == null)
                {
                    continue;
                }

                var tier = _options.ClassifySecretName(name);
                if (tier != CredentialTier.Unknown)
                {
                    return new CredentialSource(CredentialKind.SecretLookup, name, tier, Symbols.Unwrap(argument.Value)!, true);
                }
            }

            return null;
        }

        private CredentialSource? CredentialFromProperty(IPropertyReferenceOperation property, int depth)
        {
            var name = property.Property.Name;
            if (name.Equals("PlaintextKey", StringComparison.OrdinalIgnoreCase) || name.Equals("Plaintext_Key", StringComparison.OrdinalIgnoreCase) || name.Equals("Plaintext", StringComparison.OrdinalIgnoreCase))
            {
                return new CredentialSource(CredentialKind.ChildKey, property.Syntax.ToString(), CredentialTier.ApiKey, property, true);
            }

            // A property of our own code that is computed from a source (=> Environment...): follow it.
            if (property.Property.DeclaringSyntaxReferences.Length > 0)
            {
                foreach (var value in FactsFor(property.Property, property).ValuesOf(property.Property))
                {
                    var credential = CredentialOf(value, depth + 1);
                    if (credential != null)
                    {
                        return credential;
                    }
                }
            }

            var tier = SaperlyOptions.ClassifyPropertyName(name);
            if (tier == CredentialTier.Unknown || property.Property.Type.SpecialType != SpecialType.System_String)
            {
                return null;
            }

            var type = property.Property.ContainingType.Name;
            var saperlyNamed = type.IndexOf("Saperly", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("Saperly", StringComparison.OrdinalIgnoreCase) >= 0;
            return new CredentialSource(CredentialKind.OptionsProperty, type + "." + name, tier, property, saperlyNamed);
        }

        /// <summary><c>config["A:B"]</c>, <c>config.GetSection("A")["B"]</c>, <c>config.GetValue&lt;string&gt;("A:B")</c>.</summary>
        private CredentialSource? ConfigurationRead(IPropertyReferenceOperation? indexer, IOperation? instance, IOperation? keyOperation)
        {
            if (instance == null || keyOperation == null || !IsConfiguration(instance.Type) && !(indexer != null && IsConfiguration(indexer.Property.ContainingType)))
            {
                return null;
            }

            var key = Constant.String(keyOperation);
            if (key == null)
            {
                return null;
            }

            var path = SectionPath(instance);
            if (path == null)
            {
                return null;
            }

            var full = path.Length == 0 ? key : path + ":" + key;
            var tier = _options.ClassifySecretName(full);
            return tier == CredentialTier.Unknown ? null : new CredentialSource(CredentialKind.Configuration, full, tier, Symbols.Unwrap(keyOperation)!, true);
        }

        /// <summary>The section path of a configuration expression: "" for the root, "Saperly" for GetSection("Saperly").</summary>
        private string? SectionPath(IOperation instance)
        {
            var op = Symbols.Unwrap(instance);
            if (op is IInvocationOperation invocation && (invocation.TargetMethod.Name == "GetSection" || invocation.TargetMethod.Name == "GetRequiredSection"))
            {
                var receiver = invocation.Instance ?? (invocation.Arguments.Length > 1 ? invocation.Arguments[0].Value : null);
                var nameOp = invocation.Arguments.Length == 1 ? invocation.Arguments[0].Value : invocation.Arguments.Length > 1 ? invocation.Arguments[1].Value : null;
                var name = Constant.String(nameOp);
                if (receiver == null || name == null)
                {
                    return null;
                }

                var parent = SectionPath(receiver);
                return parent == null ? null : parent.Length == 0 ? name : parent + ":" + name;
            }

            return IsConfiguration(op?.Type) ? "" : null;
        }

        private bool IsConfiguration(ITypeSymbol? type) => Symbols.Implements(type, _shared.Types.Configuration);

        private CredentialSource? LiteralCredential(string value, IOperation op)
        {
            var tier = SaperlyApi.ClassifyKeyLiteral(value);
            if (tier == CredentialTier.Unknown)
            {
                return null;
            }

            var trimmed = value.Trim();
            if (trimmed.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed.Substring(7).TrimStart();
            }

            // sk_svc_ is Saperly's alone; sk_live_/sk_test_ are Stripe's too and need other evidence.
            return new CredentialSource(CredentialKind.Literal, SaperlyApi.RedactKey(trimmed), tier, op, tier == CredentialTier.ServiceKey);
        }
    }
}
