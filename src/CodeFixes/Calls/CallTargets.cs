using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Analyzers.Rules;

namespace Saperly.Migration.CodeFixes.Calls
{
    /// <summary>
    /// One diagnostic as its fix finds it in the solution being fixed: the diagnostic's own properties, and the nodes at
    /// its location and at the places it names (<see cref="CallLocations"/>), tracked by annotations. The fixes of a Fix
    /// All run one after another on the evolving solution; the annotations keep each diagnostic's nodes findable after
    /// the fixes before it moved them. A node an earlier fix replaced is gone: its target says so and is skipped.
    /// </summary>
    internal sealed class CallTarget
    {
        private readonly Dictionary<string, Mark> _places;

        private CallTarget(Diagnostic diagnostic, Mark call, Dictionary<string, Mark> places)
        {
            Diagnostic = diagnostic;
            Call = call;
            _places = places;
        }

        public Diagnostic Diagnostic { get; }

        /// <summary>The diagnostic's own location (the call, for the call rules).</summary>
        public Mark Call { get; }

        public string? Property(string name) => Diagnostic.Properties.TryGetValue(name, out var value) ? value : null;

        /// <summary>The place named <paramref name="name"/>, if the diagnostic names it.</summary>
        public Mark? Place(string name) => _places.TryGetValue(name, out var mark) ? mark : null;

        /// <summary>
        /// The targets of <paramref name="diagnostics"/>, in document and position order. With <paramref name="track"/>,
        /// their nodes are annotated in the returned solution, for fixes applied one after another (places shared by
        /// several diagnostics, one credential source or one retry loop, share one mark); without it they are found by
        /// their spans in <paramref name="solution"/> as it is, which keeps a single fix on the documents the analysis
        /// bound, with their semantic models.
        /// </summary>
        public static async Task<(Solution Solution, ImmutableArray<CallTarget> Targets)> FindAsync(
            Solution solution, IEnumerable<(DocumentId Document, Diagnostic Diagnostic)> diagnostics, bool track, CancellationToken cancellationToken)
        {
            var marks = new Dictionary<(DocumentId, TextSpan), Mark>();
            var targets = new List<CallTarget>();

            Mark? MarkOf(Location location)
            {
                var document = location.SourceTree == null ? null : solution.GetDocumentId(location.SourceTree);
                if (document == null)
                {
                    return null;
                }

                if (!marks.TryGetValue((document, location.SourceSpan), out var mark))
                {
                    mark = new Mark(document, location.SourceSpan);
                    marks[(document, location.SourceSpan)] = mark;
                }

                return mark;
            }

            foreach (var (document, diagnostic) in diagnostics.OrderBy(d => d.Diagnostic.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(d => d.Diagnostic.Location.SourceSpan.Start))
            {
                if (!diagnostic.Location.IsInSource || MarkOf(diagnostic.Location) is not Mark call)
                {
                    continue;
                }

                var places = new Dictionary<string, Mark>();
                if (diagnostic.Properties.TryGetValue(CallProperties.Locations, out var names) && names != null)
                {
                    foreach (var name in names.Split(','))
                    {
                        if (CallLocations.Find(diagnostic, name) is Location location && MarkOf(location) is Mark mark)
                        {
                            places[name] = mark;
                        }
                    }
                }

                targets.Add(new CallTarget(diagnostic, call, places));
            }

            if (!track)
            {
                return (solution, targets.ToImmutableArray());
            }

            foreach (var group in marks.Values.GroupBy(m => m.Document))
            {
                var document = solution.GetDocument(group.Key);
                var root = document == null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root == null)
                {
                    continue;
                }

                var byNode = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
                foreach (var mark in group)
                {
                    foreach (var node in NodesAt(root, mark.Span))
                    {
                        if (!byNode.TryGetValue(node, out var list))
                        {
                            byNode[node] = list = new List<SyntaxAnnotation>();
                        }

                        list.Add(mark.Annotation);
                    }

                    mark.Tracked = true;
                }

                solution = solution.WithDocumentSyntaxRoot(group.Key, root.ReplaceNodes(byNode.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(byNode[original])));
            }

            return (solution, targets.ToImmutableArray());
        }

        /// <summary>Every node whose span is exactly <paramref name="span"/> (a literal, its argument, ...): each consumer takes the kind it needs.</summary>
        internal static IEnumerable<SyntaxNode> NodesAt(SyntaxNode root, TextSpan span)
        {
            if (!root.FullSpan.Contains(span))
            {
                yield break;
            }

            for (var node = root.FindNode(span, getInnermostNodeForTie: true); node != null && node.Span == span; node = node.Parent)
            {
                yield return node;
            }
        }
    }

    /// <summary>A place a diagnostic names, tracked through the fixes of a Fix All.</summary>
    internal sealed class Mark
    {
        private const string Kind = "SaperlyTarget";

        /// <summary>A copy of user code without the tracking: a fix that copies a tracked node (a client it clones) must not leave a second one to be found.</summary>
        public static TNode Untracked<TNode>(TNode node)
            where TNode : SyntaxNode
        {
            var tracked = node.DescendantNodesAndSelf().Where(n => n.HasAnnotations(Kind)).ToList();
            return tracked.Count == 0 ? node : node.ReplaceNodes(tracked, (_, rewritten) => rewritten.WithoutAnnotations(Kind));
        }

        public Mark(DocumentId document, TextSpan span)
        {
            Document = document;
            Span = span;
            Annotation = new SyntaxAnnotation(Kind);
        }

        public DocumentId Document { get; }
        public TextSpan Span { get; }
        public SyntaxAnnotation Annotation { get; }

        /// <summary>Whether the nodes carry <see cref="Annotation"/>; if not, they are found by <see cref="Span"/> (the document has not changed).</summary>
        public bool Tracked { get; set; }

        /// <summary>The innermost node of kind <typeparamref name="T"/> at this place in <paramref name="root"/>, or null when a fix replaced it.</summary>
        public T? Find<T>(SyntaxNode root)
            where T : SyntaxNode =>
            All(root).OfType<T>().FirstOrDefault();

        /// <summary>Every node at this place, innermost first.</summary>
        public IEnumerable<SyntaxNode> All(SyntaxNode root) =>
            Tracked ? root.GetAnnotatedNodes(Annotation).OrderBy(n => n.Span.Length) : CallTarget.NodesAt(root, Span);
    }
}
