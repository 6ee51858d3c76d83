using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition.Shapes
{
    /// <summary>
    /// Every call shape: a new shape is one line in <see cref="All"/>. A shape that lives in a library (RestSharp, Flurl,
    /// Refit) takes part only in a compilation that references the library (<see cref="For"/>): elsewhere its method
    /// names do not even reach the text filter, so a project without the library pays nothing for it.
    /// </summary>
    internal static class CallShapes
    {
        public static readonly CallShapeRecognizer[] All =
        {
            new HttpShorthandShape(),
            new HttpJsonShape(),
            new SendRequestShape(),
            new SdkClientShape(),
            new FlurlShape(),
            new RestSharpShape(),
            new RefitShape(),
        };

        /// <summary>The shapes every compilation with <c>System.Net.Http</c> has.</summary>
        public static readonly CallShapeSet Framework = new CallShapeSet(Array.FindAll(All, s => s.Library == null), Array.Empty<string>());

        /// <summary>Every shape, for questions asked without a compilation (which files any rule could report in).</summary>
        public static readonly CallShapeSet Everything = new CallShapeSet(All, Array.Empty<string>());

        /// <summary>The shapes of a compilation: the framework's, and each library shape whose library it references.</summary>
        public static CallShapeSet For(SaperlyCompilation shared, CancellationToken cancellationToken)
        {
            List<CallShapeRecognizer>? shapes = null;
            List<string>? declared = null;
            foreach (var shape in All)
            {
                if (shape.Library == null || !shared.Types.References(shape.Library))
                {
                    continue;
                }

                shapes ??= new List<CallShapeRecognizer>(Framework.Shapes);
                shapes.Add(shape);
                foreach (var name in shape.DeclaredMethodNames(shared, cancellationToken))
                {
                    (declared ??= new List<string>()).Add(name);
                }
            }

            return shapes == null ? Framework : new CallShapeSet(shapes.ToArray(), declared ?? (IReadOnlyCollection<string>)Array.Empty<string>());
        }
    }

    /// <summary>
    /// The name filters a set of shapes adds up to, run before anything is bound: on a file's text
    /// (<see cref="MayNameCandidate"/>), on an invocation's syntax (<see cref="IsCandidateName"/>) and on its bound method
    /// (<see cref="ShapesFor"/>).
    /// </summary>
    internal sealed class CallShapeSet
    {
        // Plain dictionaries and sets: these are asked for every invocation of every compilation.
        private readonly Dictionary<string, CallShapeRecognizer[]> _byMethodName;
        private readonly HashSet<string> _receiverNames;
        private readonly CallShapeRecognizer[] _byReceiver;
        private readonly CandidateWord[][] _wordsByLength;

        /// <summary>A declared method name the word scan cannot see whole (a non-ASCII letter splits it): every file passes.</summary>
        private readonly bool _passAll;

        public CallShapeSet(CallShapeRecognizer[] shapes, IReadOnlyCollection<string> declaredMethodNames)
        {
            Shapes = shapes;
            _byMethodName = IndexByMethodName(shapes, declaredMethodNames);
            _receiverNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var shape in shapes)
            {
                _receiverNames.UnionWith(shape.ReceiverNames);
            }

            _byReceiver = Array.FindAll(shapes, s => s.ReceiverNames.Count > 0);
            _wordsByLength = GroupByLength(_byMethodName.Keys, _receiverNames);
            foreach (var name in declaredMethodNames)
            {
                foreach (var c in name)
                {
                    _passAll |= c > 0x7f;
                }
            }
        }

        public CallShapeRecognizer[] Shapes { get; }

        /// <summary>The shapes an invocation could be a call of, by its method's name and its receiver's.</summary>
        public IEnumerable<CallShapeRecognizer> ShapesFor(IInvocationOperation invocation)
        {
            if (_byMethodName.TryGetValue(invocation.TargetMethod.Name, out var shapes))
            {
                foreach (var shape in shapes)
                {
                    yield return shape;
                }
            }

            if (Symbols.Unwrap(invocation.Instance) is IPropertyReferenceOperation receiver && _receiverNames.Contains(receiver.Property.Name))
            {
                foreach (var shape in _byReceiver)
                {
                    yield return shape;
                }
            }
        }

        /// <summary>Whether some shape could take the invocation, by name alone.</summary>
        public bool IsCandidate(IInvocationOperation invocation) =>
            _byMethodName.ContainsKey(invocation.TargetMethod.Name) ||
            (Symbols.Unwrap(invocation.Instance) is IPropertyReferenceOperation receiver && _receiverNames.Contains(receiver.Property.Name));

        /// <summary>The same filter on syntax alone, before any binding: <c>x.PostAsync(...)</c>, <c>x.Keys.CreateAsync(...)</c>, <c>x?.PostAsync(...)</c>.</summary>
        public bool IsCandidateName(InvocationExpressionSyntax node)
        {
            switch (node.Expression)
            {
                case MemberAccessExpressionSyntax member:
                    return _byMethodName.ContainsKey(member.Name.Identifier.ValueText) ||
                           (member.Expression is MemberAccessExpressionSyntax receiver && _receiverNames.Contains(receiver.Name.Identifier.ValueText));
                case MemberBindingExpressionSyntax binding:
                    // http?.PostAsync(...), client.Keys?.CreateAsync(...): the receiver is the conditional access's expression.
                    return _byMethodName.ContainsKey(binding.Name.Identifier.ValueText) ||
                           (node.Parent is ConditionalAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax bound } && _receiverNames.Contains(bound.Name.Identifier.ValueText));
                case SimpleNameSyntax simple:
                    return _byMethodName.ContainsKey(simple.Identifier.ValueText);
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
        public bool MayNameCandidate(string text)
        {
            if (_passAll || TextFilters.HasEscape(text))
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

        private bool IsCandidateWord(string text, int start, int length)
        {
            if (length >= _wordsByLength.Length)
            {
                return false;
            }

            foreach (var candidate in _wordsByLength[length])
            {
                if (candidate.Matches(text, start))
                {
                    return true;
                }
            }

            return false;
        }

        private static Dictionary<string, CallShapeRecognizer[]> IndexByMethodName(CallShapeRecognizer[] shapes, IReadOnlyCollection<string> declared)
        {
            var lists = new Dictionary<string, List<CallShapeRecognizer>>(StringComparer.Ordinal);
            void Add(string name, CallShapeRecognizer shape)
            {
                if (!lists.TryGetValue(name, out var list))
                {
                    lists[name] = list = new List<CallShapeRecognizer>();
                }

                if (!list.Contains(shape))
                {
                    list.Add(shape);
                }
            }

            foreach (var shape in shapes)
            {
                foreach (var name in shape.MethodNames)
                {
                    Add(name, shape);
                }

                if (shape.TakesDeclaredMethods)
                {
                    foreach (var name in declared)
                    {
                        Add(name, shape);
                    }
                }
            }

            var index = new Dictionary<string, CallShapeRecognizer[]>(StringComparer.Ordinal);
            foreach (var pair in lists)
            {
                index[pair.Key] = pair.Value.ToArray();
            }

            return index;
        }

        // Plain loops over a class, no LINQ over tuples: generic code over a value type is compiled anew in every
        // compiler process that loads the rules (ReadyToRun cannot carry it), tens of methods for one table.
        private static CandidateWord[][] GroupByLength(IEnumerable<string> methodNames, IEnumerable<string> receiverNames)
        {
            var all = new List<CandidateWord>();
            foreach (var name in methodNames)
            {
                all.Add(new CandidateWord(name, ignoreCase: false));
            }

            foreach (var name in receiverNames)
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
