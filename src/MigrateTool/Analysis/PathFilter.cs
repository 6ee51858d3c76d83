using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Linq;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>
/// --include / --exclude globs (<c>*</c>, <c>**</c>, <c>?</c>), matched by Microsoft.Extensions.FileSystemGlobbing
/// against paths relative to the solution folder. A glob without a folder part matches the file name in any
/// folder (<c>*.cs</c>, <c>Program.cs</c>), as <c>.gitignore</c> does; case-insensitive on Windows only.
/// The library has no <c>?</c>: a glob with one is matched with <c>*</c> in its place (the folder structure), and
/// the runtime's own wildcard matcher (<see cref="FileSystemName.MatchesSimpleExpression"/>, where <c>?</c> is one
/// character) confirms the path.
/// </summary>
internal sealed class PathFilter
{
    private readonly string _root;
    private static readonly bool IgnoreCase = OperatingSystem.IsWindows();
    private readonly Glob[] _includes;
    private readonly Glob[] _excludes;

    public PathFilter(string root, IEnumerable<string> includes, IEnumerable<string> excludes)
    {
        _root = root;
        _includes = [.. includes.Select(Normalize).Where(g => g.Length > 0).Select(g => new Glob(g))];
        _excludes = [.. excludes.Select(Normalize).Where(g => g.Length > 0).Select(g => new Glob(g))];
    }

    public string Relative(string path) => Path.GetRelativePath(_root, path).Replace('\\', '/');

    public bool Includes(string path)
    {
        var relative = Relative(path);
        return (_includes.Length == 0 || _includes.Any(g => g.IsMatch(relative))) && !_excludes.Any(g => g.IsMatch(relative));
    }

    private static string Normalize(string glob)
    {
        var g = glob.Replace('\\', '/').TrimStart('.', '/');
        return g.Contains('/') ? g : "**/" + g;
    }

    private sealed class Glob
    {
        private readonly Matcher _matcher = new(IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        private readonly string? _singleCharacters;
        private readonly bool _anyFolder;

        public Glob(string pattern)
        {
            _matcher.AddInclude(pattern.Replace('?', '*'));
            _anyFolder = pattern.StartsWith("**/", StringComparison.Ordinal);
            if (pattern.Contains('?'))
            {
                // "**/" is "any folders, or none": one "*" of the simple expression, which crosses '/'.
                _singleCharacters = pattern.Replace("**/", "*", StringComparison.Ordinal).Replace("**", "*", StringComparison.Ordinal);
            }
        }

        public bool IsMatch(string relative)
        {
            // A file outside the solution folder (a linked file, "../Shared/X.cs"): the matcher sees no "..", so
            // only a glob that may start in any folder can match it, by the path below the climb.
            if (relative.StartsWith("../", StringComparison.Ordinal))
            {
                if (!_anyFolder)
                {
                    return false;
                }

                while (relative.StartsWith("../", StringComparison.Ordinal))
                {
                    relative = relative[3..];
                }
            }

            return _matcher.Match(relative).HasMatches
                && (_singleCharacters is null || FileSystemName.MatchesSimpleExpression(_singleCharacters, relative, IgnoreCase));
        }
    }
}
