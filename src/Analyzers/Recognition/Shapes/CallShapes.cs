using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition.Shapes
{
    /// <summary>
    /// Every call shape, and the name filters they add up to: a new shape is one line in <see cref="All"/>. The filters run
    /// before anything is bound: on a file's text (<see cref="MayNameCandidate"/>), on an invocation's syntax
    /// (<see cref="IsCandidateName"/>) and on its bound method (<see cref="For"/>).
    /// </summary>
    internal static class CallShapes
    {
        public static readonly CallShapeRecognizer[] All =
        {
            new HttpShorthandShape(),
            new HttpJsonShape(),
            new SendRequestShape(),
            new SdkClientShape(),
        };

        // Plain dictionaries and sets: these are asked for every invocation of every compilation.
        private static readonly Dictionary<string, CallShapeRecognizer[]> ByMethodName = IndexByMethodName();
        private static readonly HashSet<string> ReceiverNames = CollectReceiverNames();
        private static readonly CallShapeRecognizer[] ByReceiver = Array.FindAll(All, s => s.ReceiverNames.Count > 0);

        /// <summary>The shapes an invocation could be a call of, by its method's name and its receiver's.</summary>
        public static IEnumerable<CallShapeRecognizer> For(IInvocationOperation invocation)
        {
            if (ByMethodName.TryGetValue(invocation.TargetMethod.Name, out var shapes))
            {
                foreach (var shape in shapes)
                {
                    yield return shape;
                }
            }

            if (Symbols.Unwrap(invocation.Instance) is IPropertyReferenceOperation receiver && ReceiverNames.Contains(receiver.Property.Name))
            {
                foreach (var shape in ByReceiver)
                {
                    yield return shape;
                }
            }
        }

        /// <summary>Whether some shape could take the invocation, by name alone.</summary>
        public static bool IsCandidate(IInvocationOperation invocation) =>
            ByMethodName.ContainsKey(invocation.TargetMethod.Name) ||
            (Symbols.Unwrap(invocation.Instance) is IPropertyReferenceOperation receiver && ReceiverNames.Contains(receiver.Property.Name));

        /// <summary>The same filter on syntax alone, before any binding: <c>x.PostAsync(...)</c>, <c>x.Keys.CreateAsync(...)</c>.</summary>
        public static bool IsCandidateName(InvocationExpressionSyntax node)
        {
            switch (node.Expression)
            {
                case MemberAccessExpressionSyntax member:
                    return ByMethodName.ContainsKey(member.Name.Identifier.ValueText) ||
                           (member.Expression is MemberAccessExpressionSyntax receiver && ReceiverNames.Contains(receiver.Name.Identifier.ValueText));
                case MemberBindingExpressionSyntax binding:
                    // http?.PostAsync(...), client.Keys?.CreateAsync(...): the receiver is the conditional access's expression.
                    return ByMethodName.ContainsKey(binding.Name.Identifier.ValueText) ||
                           (node.Parent is ConditionalAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax bound } && ReceiverNames.Contains(bound.Name.Identifier.ValueText));
                case SimpleNameSyntax simple:
                    return ByMethodName.ContainsKey(simple.Identifier.ValueText);
                default:
                    return false;
            }
        }

        /// <summary>
        /// Whether a source text could spell an invocation <see cref="IsCandidateName"/> accepts: one of the method or
        /// receiver names stands in it as a whole word. One pass over the raw text: every run of ASCII letters, digits and
        /// underscores is a word, so an identifier is always one (or, around a non-ASCII letter, several, which only lets
        /// more files through), and a unicode escape, which could spell any identifier, lets the file through; a text in
        /// which none of the names stands as a word holds no candidate call. Ordinary code says "keys" or "settings"
        /// inside longer words and comments often enough that a substring search let most files through.
        /// </summary>
        public static bool MayNameCandidate(string text)
        {
            if (TextFilters.HasEscape(text))
            {
                return true;
            }

            var start = -1;
            for (var i = 0; i <= text.Length; i++)
            {
                var c = i < text.Length ? text[i] : ' ';
                if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
                {
                    if (start < 0)
                    {
                        start = i;
                    }

                    continue;
                }

                if (start >= 0 && IsCandidateWord(text, start, i - start))
                {
                    return true;
                }

                start = -1;
            }

            return false;
        }

        private static bool IsCandidateWord(string text, int start, int length)
        {
            if (length >= WordsByLength.Length)
            {
                return false;
            }

            foreach (var candidate in WordsByLength[length])
            {
                if (candidate.Matches(text, start))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The method names (ordinal) and receiver names (any case) by length, for <see cref="IsCandidateWord"/>.</summary>
        private static readonly CandidateWord[][] WordsByLength = GroupByLength();

        private static Dictionary<string, CallShapeRecognizer[]> IndexByMethodName()
        {
            var lists = new Dictionary<string, List<CallShapeRecognizer>>(StringComparer.Ordinal);
            foreach (var shape in All)
            {
                foreach (var name in shape.MethodNames)
                {
                    if (!lists.TryGetValue(name, out var list))
                    {
                        lists[name] = list = new List<CallShapeRecognizer>();
                    }

                    list.Add(shape);
                }
            }

            var index = new Dictionary<string, CallShapeRecognizer[]>(StringComparer.Ordinal);
            foreach (var pair in lists)
            {
                index[pair.Key] = pair.Value.ToArray();
            }

            return index;
        }

        private static HashSet<string> CollectReceiverNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var shape in All)
            {
                names.UnionWith(shape.ReceiverNames);
            }

            return names;
        }

        // Plain loops over a class, no LINQ over tuples: generic code over a value type is compiled anew in every
        // compiler process that loads the rules (ReadyToRun cannot carry it), tens of methods for one table.
        private static CandidateWord[][] GroupByLength()
        {
            var all = new List<CandidateWord>();
            foreach (var name in ByMethodName.Keys)
            {
                all.Add(new CandidateWord(name, ignoreCase: false));
            }

            foreach (var name in ReceiverNames)
            {
                all.Add(new CandidateWord(name, ignoreCase: true));
            }

            var longest = 0;
            foreach (var candidate in all)
            {
                longest = Math.Max(longest, candidate.Word.Length);
            }

            var byLength = new CandidateWord[longest + 1][];
            for (var length = 0; length < byLength.Length; length++)
            {
                var size = length;
                byLength[length] = all.FindAll(w => w.Word.Length == size).ToArray();
            }

            return byLength;
        }

        private sealed class CandidateWord
        {
            private readonly int _fold;

            public CandidateWord(string word, bool ignoreCase)
            {
                Word = word;
                _fold = ignoreCase ? 0x20 : 0;
            }

            public string Word { get; }

            /// <summary>
            /// Whether the word of the same length at <paramref name="start"/> is this one. Both are ASCII letters, digits
            /// and underscores, where setting bit 0x20 folds exactly the letters' case: a plain loop instead of
            /// <see cref="string.Compare(string, int, string, int, int, StringComparison)"/>.
            /// </summary>
            public bool Matches(string text, int start)
            {
                for (var i = 0; i < Word.Length; i++)
                {
                    if ((text[start + i] | _fold) != (Word[i] | _fold))
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
