using System;
using System.Collections.Generic;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>Whether a request's host is Saperly's, someone else's, or not known from the code.</summary>
    internal enum HostKind
    {
        Unknown,
        Saperly,
        Foreign,
    }

    /// <summary>
    /// A URI as far as the code spells it: a template whose unknown parts are <see cref="Template.Hole"/>
    /// characters (an interpolation hole, a value we could not follow).
    /// </summary>
    internal sealed class UriShape
    {
        private UriShape(HostKind host, string? path, bool absolute)
        {
            Host = host;
            Path = path;
            IsAbsolute = absolute;
        }

        public HostKind Host { get; }

        /// <summary>The path (no query, no fragment); relative when not <see cref="IsAbsolute"/>.</summary>
        public string? Path { get; }

        /// <summary>True when the template fixes the path's root (absolute URI or absolute path).</summary>
        public bool IsAbsolute { get; }

        /// <summary>Parse a URI template; a template that starts with a hole has an unknown base.</summary>
        public static UriShape Parse(string template, SaperlyOptions options)
        {
            var t = template;
            var cut = t.IndexOfAny(new[] { '?', '#' });
            if (cut >= 0)
            {
                t = t.Substring(0, cut);
            }

            var scheme = t.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0 && t.Substring(0, scheme).IndexOf(Template.Hole) < 0)
            {
                var rest = t.Substring(scheme + 3);
                var slash = rest.IndexOf('/');
                var host = slash < 0 ? rest : rest.Substring(0, slash);
                var colon = host.LastIndexOf(':');
                if (colon > 0 && host.IndexOf(']') < colon)
                {
                    host = host.Substring(0, colon);
                }

                HostKind kind;
                if (host.IndexOf(Template.Hole) >= 0)
                {
                    kind = HostKind.Unknown;
                }
                else
                {
                    var saperly = options.IsSaperlyHost(host);
                    kind = saperly == true ? HostKind.Saperly : saperly == false ? HostKind.Foreign : HostKind.Unknown;
                }

                return new UriShape(kind, slash < 0 ? "/" : rest.Substring(slash), absolute: true);
            }

            if (t.Length > 0 && t[0] == Template.Hole)
            {
                // "{baseUrl}/v1/keys": the base is unknown; what follows is the tail of the path.
                var i = 0;
                while (i < t.Length && t[i] == Template.Hole)
                {
                    i++;
                }

                return new UriShape(HostKind.Unknown, t.Substring(i), absolute: false);
            }

            return new UriShape(HostKind.Unknown, t, absolute: t.StartsWith("/", StringComparison.Ordinal));
        }

        /// <summary>Resolve a relative reference against a base address (RFC 3986 merge, simplified).</summary>
        public UriShape ResolveAgainst(UriShape? baseAddress)
        {
            if (IsAbsolute && Host != HostKind.Unknown)
            {
                return this;
            }

            if (baseAddress == null)
            {
                return this;
            }

            if (Path != null && Path.StartsWith("/", StringComparison.Ordinal))
            {
                return new UriShape(baseAddress.Host, Path, baseAddress.IsAbsolute);
            }

            var basePath = baseAddress.Path ?? "";
            var lastSlash = basePath.LastIndexOf('/');
            var merged = (lastSlash >= 0 ? basePath.Substring(0, lastSlash + 1) : basePath + "/") + (Path ?? "");
            return new UriShape(baseAddress.Host, merged, baseAddress.IsAbsolute);
        }

        /// <summary>The path's segments; a segment holding a hole becomes <c>{id}</c>.</summary>
        public IReadOnlyList<string> Segments()
        {
            var result = new List<string>();
            if (Path == null)
            {
                return result;
            }

            foreach (var part in Path.Split('/'))
            {
                if (part.Length == 0)
                {
                    continue;
                }

                result.Add(part.IndexOf(Template.Hole) >= 0 ? Model.SaperlyApi.Hole : part);
            }

            return result;
        }
    }

    /// <summary>Helpers for string templates with holes.</summary>
    internal static class Template
    {
        /// <summary>Stands for a part of a string that the code does not fix.</summary>
        public const char Hole = '\u0001';

        public static readonly string HoleString = new string(Hole, 1);

        public static bool IsAllHole(string? template) => template == null || template.Trim(Hole).Length == 0;
    }
}
