using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Saperly.Migration.CodeFixes.Shared
{
    /// <summary>
    /// The names a new local must not take at a position: the names spelled nearby (identifiers written in
    /// the member, names already handed out) and those of the symbols in scope there. Symbols are looked up by the
    /// name asked about: listing every symbol in scope lists every type of every imported namespace, which was
    /// most of the SAP003 fix's time.
    /// </summary>
    internal sealed class NamesInScope
    {
        private readonly SemanticModel _model;
        private readonly int _position;
        private readonly HashSet<string> _spelled;

        public NamesInScope(SemanticModel model, int position, HashSet<string> spelled)
        {
            _model = model;
            _position = position;
            _spelled = spelled;
        }

        public bool Contains(string name) => _spelled.Contains(name) || !_model.LookupSymbols(_position, name: name).IsEmpty;

        public void Add(string name) => _spelled.Add(name);
    }
}
