using System;
using Saperly.Migration.Tests.Shared;
using System.Collections.Generic;
using System.IO;

namespace Saperly.Migration.Ide.Tests.Infrastructure
{
    /// <summary>
    /// A user's project in a temporary folder: a net10.0 console program that references the analyzer package
    /// packed from this repository into a folder feed, restored as a user's restore would, ready for an editor.
    /// Shared by the tests of a class (xunit class fixture); the tests edit documents in the server's memory only.
    /// </summary>
    public sealed class ConsumerProject : IDisposable
    {
        private const string Version = "0.0.0-idetest";

        public ConsumerProject()
        {
            Root = DotnetProcess.TempFolder("saperly-ide");
            Folder = Path.Combine(Root, "consumer");
            Directory.CreateDirectory(Folder);
            var feed = Path.Combine(Root, "feed");

            // Packed with the repository's one packaging path, its build output kept out of the source tree
            // (--artifacts-path): the package tests may pack the same project at the same time.
            var pack = DotnetProcess.Run(DotnetProcess.RepositoryRoot(), null, "pack", Path.Combine(DotnetProcess.RepositoryRoot(), "src", "CodeFixes", "Saperly.Migration.CodeFixes.csproj"),
                "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(Root, "artifacts"), "-p:Version=" + Version);
            Check(pack);

            File.WriteAllText(Path.Combine(Folder, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Saperly.Migration" Version="{Version}" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(Folder, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(Folder, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(Folder, "Directory.Packages.props"), "<Project />");

            // A packages folder of its own: a package of this fixed version left in the machine's cache by an
            // earlier run would otherwise stand in for the one just packed. The restore writes this folder into
            // obj/, where the language server's design-time build finds it.
            Check(DotnetProcess.Run(Folder, new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") }, "restore"));
        }

        /// <summary>The temporary folder holding the feed, the packages and the project.</summary>
        public string Root { get; }

        /// <summary>The project's folder: the editor's workspace folder.</summary>
        public string Folder { get; }

        /// <summary>Writes a source file of the project (before a server starts, so it loads it).</summary>
        public string WriteSource(string name, string text)
        {
            var path = Path.Combine(Folder, name);
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A build host of the server may still hold a file for a moment; the temp folder goes with the OS's cleanup.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static void Check((int ExitCode, string Output) run)
        {
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException(run.Output);
            }
        }
    }
}
