using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Saperly.Migration.Tests.Shared;

namespace Saperly.Migration.Tests
{
    /// <summary>The analyzer package as a user gets it: packed, restored from a folder feed, run by a real build.</summary>
    public class PackageTests
    {
        private const string ConsumerProgram = """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Net.Http.Json;
            using System.Threading.Tasks;

            public enum KeyPermission { Full, CallOnly, SmsOnly, ReadOnly }

            public static class Program
            {
                public static async Task Main()
                {
                    var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                    await http.PostAsJsonAsync("v1/keys", new { name = "agent-prod" });
                    await http.PostAsJsonAsync("v1/calls", new { to_number = "+14155551234" });
                }
            }
            """;

        private const string Version = "0.0.0-consumertest";

        /// <summary>The package is packed once per test run and shared by the tests of this class.</summary>
        private static readonly System.Lazy<string> Feed = new System.Lazy<string>(() =>
        {
            var root = DotnetProcess.RepositoryRoot();
            var feed = Path.Combine(DotnetProcess.TempFolder("saperly-feed"), "feed");
            var pack = DotnetProcess.Run(root, null, "pack", Path.Combine(root, "src", "CodeFixes", "Saperly.Migration.CodeFixes.csproj"),
                "-c", "Release", "-o", feed, "-p:Version=" + Version);
            Assert.True(pack.ExitCode == 0, pack.Output);
            return feed;
        });

        private static (string Folder, Dictionary<string, string> Environment) Consumer(string name)
        {
            var work = DotnetProcess.TempFolder("saperly-" + name);
            var consumer = Path.Combine(work, "consumer");
            Directory.CreateDirectory(consumer);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
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
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), ConsumerProgram);
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{Feed.Value}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(consumer, "Directory.Packages.props"), "<Project />");
            return (consumer, new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") });
        }

        [Fact]
        public void Pack_PutsBothAssembliesUnderAnalyzers_AndAConsumerBuildReportsTheRules()
        {
            var nupkg = Path.Combine(Feed.Value, "Saperly.Migration." + Version + ".nupkg");
            using (var archive = ZipFile.OpenRead(nupkg))
            {
                var entries = archive.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("analyzers/dotnet/cs/Saperly.Migration.Analyzers.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/Saperly.Migration.CodeFixes.dll", entries);
                Assert.DoesNotContain(entries, e => e.StartsWith("lib/"));
                Assert.DoesNotContain(entries, e => e.StartsWith("build/r2r/"));
            }

            var (consumer, environment) = Consumer("build");
            var build = DotnetProcess.Run(consumer, environment, "build", "-nologo", "-clp:NoSummary", "-v:n");
            Assert.True(build.ExitCode == 0, build.Output);

            // The compiler gets the package's portable assemblies (the precompiled copies saved under 2 % of a compile: removed).
            Assert.Equal(new[] { "/analyzers/dotnet/cs/Saperly.Migration.Analyzers.dll", "/analyzers/dotnet/cs/Saperly.Migration.CodeFixes.dll" }, AnalyzerPaths(build.Output));
            Assert.Contains("warning SAP001: POST /v1/keys is authenticated with SAPERLY_API_KEY", build.Output);
            Assert.Contains("warning SAP003: POST /v1/keys is sent without an Idempotency-Key header", build.Output);
            Assert.Contains("warning SAP004: Enum 'KeyPermission' lists the key permission tiers but not legacy_full", build.Output);
            // The runtime call keeps the API key: no SAP001/SAP002 finding on /v1/calls.
            Assert.DoesNotContain("POST /v1/calls is authenticated", build.Output);
        }

        /// <summary>Our analyzer paths on the compiler's command line, from the package folder on, with forward slashes.</summary>
        private static string[] AnalyzerPaths(string buildOutput) =>
            Regex.Matches(buildOutput, @"/analyzer:(\S*Saperly\.Migration\.\w+\.dll)")
                .Select(m => m.Groups[1].Value.Replace('\\', '/'))
                .Select(p => p.Substring(p.IndexOf("/" + Version + "/", System.StringComparison.Ordinal) + Version.Length + 1))
                .Distinct()
                .OrderBy(p => p, System.StringComparer.Ordinal)
                .ToArray();

        private static byte[] Read(ZipArchive archive, string path)
        {
            var entry = archive.GetEntry(path);
            Assert.True(entry != null, path + " is missing from the package");
            using var stream = entry!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        /// <summary>The metadata a package page shows, all naming the repository of Directory.Build.props.</summary>
        [Fact]
        public void Pack_DeclaresLicenseAuthorsUrlsAndAReadmeWithAbsoluteLinks()
        {
            var repository = ConventionsTests.BuildProperty("SaperlyRepositoryUrl");
            var nupkg = Path.Combine(Feed.Value, "Saperly.Migration." + Version + ".nupkg");
            using var archive = ZipFile.OpenRead(nupkg);
            var nuspec = XDocument.Load(new MemoryStream(Read(archive, "Saperly.Migration.nuspec")));
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            XElement Element(string name) => metadata.Elements().Single(e => e.Name.LocalName == name);

            Assert.Equal("expression", Element("license").Attribute("type")?.Value);
            Assert.Equal("MIT", Element("license").Value);
            Assert.Equal("Saperly", Element("authors").Value);
            Assert.NotEqual("Saperly.Migration", Element("authors").Value);
            Assert.Equal(repository, Element("projectUrl").Value);
            Assert.Equal(repository, Element("repository").Attribute("url")?.Value);
            Assert.Equal("git", Element("repository").Attribute("type")?.Value);
            Assert.Equal("true", Element("developmentDependency").Value);
            Assert.Equal("README.md", Element("readme").Value);
            Assert.Equal("icon.png", Element("icon").Value);
            Assert.NotNull(archive.GetEntry("icon.png"));

            // The package readme is the package's own, and a package page has no repository to resolve a relative link against.
            var readme = System.Text.Encoding.UTF8.GetString(Read(archive, "README.md"));
            Assert.Contains("dotnet add package Saperly.Migration", readme);
            Assert.Contains("SaperlyMigrationPreset", readme);
            var links = Regex.Matches(readme, @"\]\(([^)\s]+)\)").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(links);
            var root = DotnetProcess.RepositoryRoot();
            foreach (var link in links)
            {
                Assert.True(link.StartsWith("https://", System.StringComparison.Ordinal), "relative link in the package readme: " + link);
                if (link.StartsWith(repository + "/blob/main/", System.StringComparison.Ordinal))
                {
                    var file = link.Substring((repository + "/blob/main/").Length).Split('#')[0];
                    Assert.True(File.Exists(Path.Combine(root, file)), "the package readme links to a file the repository lacks: " + link);
                }
            }
            foreach (var id in new[] { "SAP001", "SAP005", "SAP009" })
            {
                Assert.Contains("](" + repository + "/blob/main/docs/rules/" + id + ".md)", readme);
            }

            foreach (var preset in Presets)
            {
                var config = System.Text.Encoding.UTF8.GetString(Read(archive, "build/presets/" + preset + ".globalconfig"));
                Assert.Contains("is_global = true", config);
            }
        }

        /// <summary>The presets build/Saperly.Migration.targets knows (SaperlyMigrationPreset).</summary>
        private static readonly string[] Presets = { "warnings", "errors", "migration" };

        [Fact]
        public void ConsumerBuild_PicksASeverityPreset_WithAProperty_AndRefusesAnUnknownOne()
        {
            var (consumer, environment) = Consumer("preset");
            var build = DotnetProcess.Run(consumer, environment, "build", "-nologo", "-clp:NoSummary", "-p:SaperlyMigrationPreset=errors");
            Assert.True(build.ExitCode != 0, build.Output);
            Assert.Contains("error SAP001: POST /v1/keys is authenticated with SAPERLY_API_KEY", build.Output);
            Assert.Contains("error SAP003: POST /v1/keys is sent without an Idempotency-Key header", build.Output);
            // SAP009 is a suggestion by default; the preset makes it an error too.
            Assert.Contains("error SAP009: POST /v1/calls is sent without an Idempotency-Key header", build.Output);
            Assert.DoesNotContain("warning SAP", build.Output);

            var unknown = DotnetProcess.Run(consumer, environment, "build", "-nologo", "-clp:NoSummary", "--no-restore", "-p:SaperlyMigrationPreset=strictest");
            Assert.True(unknown.ExitCode != 0, unknown.Output);
            Assert.Contains("SaperlyMigrationPreset 'strictest' is not a Saperly.Migration preset: use warnings, errors or migration.", unknown.Output);
        }

        [Fact]
        public void DotnetFormatAnalyzers_AppliesTheFixes_AndTheResultBuildsClean()
        {
            var (consumer, environment) = Consumer("format");
            var restore = DotnetProcess.Run(consumer, environment, "restore");
            Assert.True(restore.ExitCode == 0, restore.Output);

            // A client we did not write: the SDK's own dotnet format, driving our fixers through the package.
            var format = DotnetProcess.Run(consumer, environment, "format", "analyzers", "--diagnostics", "SAP001", "SAP002", "SAP003", "SAP004", "--no-restore", "--severity", "warn");
            Assert.True(format.ExitCode == 0, format.Output);

            var fixedText = File.ReadAllText(Path.Combine(consumer, "Program.cs"));
            Assert.Contains("LegacyFull", fixedText);
            Assert.Contains("\"SAPERLY_SERVICE_KEY\"", fixedText);
            Assert.Contains("\"Idempotency-Key\"", fixedText);
            Assert.Contains("http.PostAsJsonAsync(\"v1/calls\"", fixedText);
            Assert.Contains("Environment.GetEnvironmentVariable(\"SAPERLY_API_KEY\")", fixedText);
            Assert.DoesNotContain("<<<<<<<", fixedText);

            var build = DotnetProcess.Run(consumer, environment, "build", "--no-restore", "-nologo", "-clp:NoSummary");
            Assert.True(build.ExitCode == 0, build.Output);
            foreach (var id in new[] { "SAP001", "SAP002", "SAP003", "SAP004" })
            {
                Assert.DoesNotContain("warning " + id, build.Output);
            }
        }
    }
}
