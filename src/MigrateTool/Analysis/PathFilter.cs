using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>--include / --exclude globs (*, **, ?), matched against paths relative to the solution folder.</summary>
internal sealed class PathFilter
{
    private readonly string _root;
    private readonly Regex[] _includes;
    private readonly Regex[] _excludes;

    public PathFilter(string root, IEnumerable<string> includes, IEnumerable<string> excludes)
    {
        _root = root;
        _includes = includes.Select(ToRegex).ToArray();
        _excludes = excludes.Select(ToRegex).ToArray();
    }

    public string Relative(string path) => Path.GetRelativePath(_root, path).Replace('\\', '/');

    public bool Includes(string path)
    {
        var relative = Relative(path);
        return (_includes.Length == 0 || _includes.Any(r => r.IsMatch(relative))) && !_excludes.Any(r => r.IsMatch(relative));
    }

    private static Regex ToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        var g = glob.Replace('\\', '/').TrimStart('.', '/');
        for (var i = 0; i < g.Length; i++)
        {
            var c = g[i];
            if (c == '*' && i + 1 < g.Length && g[i + 1] == '*')
            {
                var slash = i + 2 < g.Length && g[i + 2] == '/';
                pattern.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                pattern.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
            }
        }

        // A glob without a folder part matches the file name anywhere ("*.cs", "Program.cs").
        var prefix = g.Contains('/') ? string.Empty : "(?:.*/)?";
        return new Regex("^" + prefix + pattern.ToString()[1..] + "$", RegexOptions.CultureInvariant | (OperatingSystem.IsWindows() ? RegexOptions.IgnoreCase : RegexOptions.None));
    }
}
