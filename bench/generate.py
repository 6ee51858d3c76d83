#!/usr/bin/env python3
"""Writes a synthetic solution for bench/run.sh: PROJECTS class libraries (plus one app) with FILES C# files
in all, ordinary application code (records, LINQ, async, pattern matching, project references), and one file
in SAPERLY_EVERY holding pre-0.5.7.0 Saperly code in the shapes the rules recognize (SAP001-SAP004, SAP006,
SAP007; a DelegatingHandler, a tier switch, a plaintext key logged from a deserialized record among them).

Usage: generate.py OUT FILES [--projects N] [--every N] [--package-version V] [--feed DIR]

Every project references the analyzer package through Directory.Build.props (restored from --feed), so
`dotnet format analyzers` and a ReportAnalyzer build see the same rules the migration tool runs.
Only standard library and ASP.NET Core shared-framework types are used: a restore needs no NuGet source but
the local feed.
"""
import argparse
import os
import uuid

ORDINARY = [
    # records + LINQ + pattern matching
    """namespace {ns};

public sealed record Order{i}(int Id, string Customer, decimal Total, DateOnly Placed);

public static class OrderQueries{i}
{{
    public static IEnumerable<Order{i}> Large(IEnumerable<Order{i}> orders, decimal floor) =>
        orders.Where(o => o.Total > floor).OrderByDescending(o => o.Total).ThenBy(o => o.Customer);

    public static IReadOnlyDictionary<string, decimal> TotalsByCustomer(IEnumerable<Order{i}> orders) =>
        orders.GroupBy(o => o.Customer).ToDictionary(g => g.Key, g => g.Sum(o => o.Total));

    public static string Describe(object? value) => value switch
    {{
        Order{i} {{ Total: > 1000m }} o => $"big order {{o.Id}}",
        Order{i} o when o.Placed.Year < 2020 => "old order",
        Order{i} => "order",
        null => "none",
        _ => "other",
    }};
}}
""",
    # async + interfaces + records with-expressions
    """namespace {ns};

public interface IRepository{i}<T> where T : class
{{
    ValueTask<T?> FindAsync(int id, CancellationToken cancellationToken = default);
    IAsyncEnumerable<T> ListAsync(CancellationToken cancellationToken = default);
}}

public sealed record Customer{i}(int Id, string Name, string? Email)
{{
    public bool HasEmail => Email is {{ Length: > 3 }};
}}

public sealed class CustomerRepository{i} : IRepository{i}<Customer{i}>
{{
    private readonly List<Customer{i}> _items = Enumerable.Range(1, 20).Select(n => new Customer{i}(n, "customer " + n, n % 3 == 0 ? null : $"c{{n}}@example.com")).ToList();

    public async ValueTask<Customer{i}?> FindAsync(int id, CancellationToken cancellationToken = default)
    {{
        await Task.Yield();
        return _items.FirstOrDefault(c => c.Id == id);
    }}

    public async IAsyncEnumerable<Customer{i}> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {{
        foreach (var item in _items)
        {{
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Delay(0, cancellationToken);
            yield return item with {{ Name = item.Name.ToUpperInvariant() }};
        }}
    }}

    public async Task<int> CountWithEmailAsync(CancellationToken cancellationToken = default)
    {{
        var count = 0;
        await foreach (var customer in ListAsync(cancellationToken))
        {{
            if (customer is {{ HasEmail: true }}) count++;
        }}
        return count;
    }}
}}
""",
    # generics, tuples, switch statements, string building; uses the referenced project
    """using System.Text;
namespace {ns};

public enum Status{i} {{ Draft, Active, Suspended, Closed }}

public sealed class Ledger{i}
{{
    private readonly Dictionary<Status{i}, List<(string Name, decimal Amount)>> _entries = new();

    public void Add(Status{i} status, string name, decimal amount)
    {{
        if (!_entries.TryGetValue(status, out var list)) _entries[status] = list = new();
        list.Add((name, amount));
    }}

    public decimal Balance(Status{i} status) => _entries.TryGetValue(status, out var list) ? list.Sum(e => e.Amount) : 0m;

    public string Render()
    {{
        var builder = new StringBuilder();
        foreach (var (status, list) in _entries.OrderBy(e => e.Key))
        {{
            switch (status)
            {{
                case Status{i}.Closed:
                    builder.AppendLine($"{{status}}: closed, {{list.Count}} entries");
                    break;
                default:
                    builder.AppendLine($"{{status}}: {{list.Sum(e => e.Amount):0.00}} over {{list.Count}} entries");
                    break;
            }}
        }}
        return builder.ToString();
    }}
{uses}}}
""",
]

SAPERLY = [
    # A: a shared client with the runtime API key, used for key management and a runtime call (SAP001, SAP003)
    """using System.Net.Http.Headers;
using System.Net.Http.Json;
namespace {ns};

public sealed class AgentKeys{i}
{{
    private readonly HttpClient _http = new() {{ BaseAddress = new Uri("https://saperly.com/api/") }};

    public AgentKeys{i}() =>
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));

    public Task<HttpResponseMessage> MintAsync(string name) => _http.PostAsJsonAsync("v1/keys", new {{ name, permission = "call_only" }});

    public Task<HttpResponseMessage> GetCallAsync(string id) => _http.GetAsync($"v1/calls/{{id}}");
}}
""",
    # B: a named IHttpClientFactory client registered with the API key and used for key management (SAP001)
    """using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
namespace {ns};

public static class SaperlyRegistration{i}
{{
    public static IServiceCollection AddSaperlyKeys{i}(this IServiceCollection services, IConfiguration config)
    {{
        services.AddHttpClient("saperly-keys-{i}", c =>
        {{
            c.BaseAddress = new Uri("https://saperly.com/api/");
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config["SAPERLY_API_KEY"]);
        }});
        return services;
    }}
}}

public sealed class KeyRotator{i}(IHttpClientFactory factory)
{{
    public Task<HttpResponseMessage> RevokeAsync(string id) => factory.CreateClient("saperly-keys-{i}").DeleteAsync($"v1/keys/{{id}}");
}}
""",
    # C: a strict permission enum without legacy_full (SAP004)
    """namespace {ns};

public enum KeyPermission{i} {{ Full, CallOnly, SmsOnly, ReadOnly }}

public sealed record ChildKey{i}(string Id, string Name, KeyPermission{i} Permission)
{{
    public bool CanCall => Permission is KeyPermission{i}.Full or KeyPermission{i}.CallOnly;
}}
""",
    # D: a mint with the service key but no Idempotency-Key (SAP003)
    """using System.Net.Http.Headers;
using System.Net.Http.Json;
namespace {ns};

public sealed class KeyMinter{i}
{{
    public async Task<string> MintAsync(string name, CancellationToken cancellationToken = default)
    {{
        using var http = new HttpClient {{ BaseAddress = new Uri("https://saperly.com/api/") }};
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
        using var response = await http.PostAsJsonAsync("v1/keys", new {{ name }}, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }}
}}
""",
    # E: the project's own DelegatingHandler sets the API key on a client used for key management (SAP001)
    """using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
namespace {ns};

public sealed class SaperlyAuth{i} : DelegatingHandler
{{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {{
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
        return base.SendAsync(request, cancellationToken);
    }}
}}

public static class HandlerRegistration{i}
{{
    public static IServiceCollection AddKeyAdmin{i}(this IServiceCollection services)
    {{
        services.AddTransient<SaperlyAuth{i}>();
        services.AddHttpClient<KeyAdmin{i}>(c => c.BaseAddress = new Uri("https://saperly.com/api/")).AddHttpMessageHandler<SaperlyAuth{i}>();
        return services;
    }}
}}

public sealed class KeyAdmin{i}(HttpClient http)
{{
    public Task<HttpResponseMessage> ListAsync() => http.GetAsync("v1/keys");
}}
""",
    # F: a switch over tier strings with a throwing default (SAP004) and a hard-coded fallback key (SAP007)
    """namespace {ns};

public enum Tier{i} {{ Full, CallOnly, SmsOnly, ReadOnly, LegacyFull }}

public static class TierParser{i}
{{
    public static Tier{i} Parse(string value) => value switch
    {{
        "full" => Tier{i}.Full,
        "call_only" => Tier{i}.CallOnly,
        "sms_only" => Tier{i}.SmsOnly,
        "read_only" => Tier{i}.ReadOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "unknown permission"),
    }};

    public static string Key => Environment.GetEnvironmentVariable("SAPERLY_API_KEY") ?? "sk_test_bench{i}0000000000000000";
}}
""",
    # G: the minted key's plaintext read from a deserialized record and logged (SAP006), service key, Idempotency-Key
    """using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
namespace {ns};

public sealed record MintedKey{i}([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("key_prefix")] string KeyPrefix, [property: JsonPropertyName("plaintext_key")] string PlaintextKey);
public sealed record MintEnvelope{i}([property: JsonPropertyName("key")] MintedKey{i} Key);

public sealed class ChildKeys{i}(ILogger<ChildKeys{i}> logger)
{{
    public async Task MintAsync(string name)
    {{
        using var http = new HttpClient {{ BaseAddress = new Uri("https://saperly.com/api/") }};
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_SERVICE_KEY"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys") {{ Content = JsonContent.Create(new {{ name }}) }};
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        var minted = (await response.Content.ReadFromJsonAsync<MintEnvelope{i}>())!.Key;
        logger.LogInformation("Minted {{Key}}", minted.PlaintextKey);
    }}
}}
""",
]

PROJECT = """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>{kind}</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <RootNamespace>{name}</RootNamespace>
  </PropertyGroup>
  <ItemGroup>
    <FrameworkReference Include="Microsoft.AspNetCore.App" />
{refs}  </ItemGroup>
</Project>
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("files", type=int)
    parser.add_argument("--projects", type=int, default=0, help="default: 2 below 50 files, 5 below 500, else 10")
    parser.add_argument("--every", type=int, default=10)
    parser.add_argument("--package-version", default="")
    parser.add_argument("--feed", default="")
    args = parser.parse_args()

    files = max(args.files, 2)
    projects = args.projects or (2 if files < 50 else 5 if files < 500 else 10)
    out = args.out
    os.makedirs(out, exist_ok=True)

    package = ""
    if args.package_version:
        package = f'  <ItemGroup>\n    <PackageReference Include="Saperly.Migration" Version="{args.package_version}" PrivateAssets="all" />\n  </ItemGroup>\n'
    with open(os.path.join(out, "Directory.Build.props"), "w") as f:
        f.write(f"<Project>\n  <PropertyGroup><TreatWarningsAsErrors>false</TreatWarningsAsErrors></PropertyGroup>\n{package}</Project>\n")
    with open(os.path.join(out, "Directory.Packages.props"), "w") as f:
        f.write("<Project />\n")
    if args.feed:
        with open(os.path.join(out, "nuget.config"), "w") as f:
            f.write(f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="bench" value="{os.path.abspath(args.feed)}" />
  </packageSources>
</configuration>
""")

    # Library k references library k-1 (a chain) and the app references the last library.
    names = [f"Bench.Lib{k:02d}" for k in range(1, projects)] + ["Bench.App"]
    per_project = [files // projects + (1 if k < files % projects else 0) for k in range(projects)]
    saperly_files = 0
    n = 0
    last_ledger = prev_ledger = None
    for k, name in enumerate(names):
        folder = os.path.join(out, name)
        os.makedirs(folder, exist_ok=True)
        refs = ""
        if k > 0:
            refs = f'    <ProjectReference Include="../{names[k - 1]}/{names[k - 1]}.csproj" />\n'
        kind = "Exe" if name == "Bench.App" else "Library"
        with open(os.path.join(folder, name + ".csproj"), "w") as f:
            f.write(PROJECT.format(kind=kind, name=name, refs=refs))
        count = per_project[k]
        if kind == "Exe":
            count -= 1  # Program.cs is one of the files
            with open(os.path.join(folder, "Program.cs"), "w") as f:
                prev = names[k - 1] if k > 0 else None
                use = f"Console.WriteLine(new {prev}.Ledger{last_ledger}().Render());\n" if prev and last_ledger else ""
                f.write(f"Console.WriteLine(\"bench\");\n{use}")
        last_ledger = None
        for _ in range(count):
            n += 1
            if args.every > 0 and n % args.every == args.every // 2:
                shape = SAPERLY[(n // args.every) % len(SAPERLY)]
                text = shape.format(ns=name, i=n)
                saperly_files += 1
            else:
                template = n % len(ORDINARY)
                uses = ""
                if template == 2:
                    if k > 0 and prev_ledger:
                        uses = f"\n    public static string Upstream() => new {names[k - 1]}.Ledger{prev_ledger}().Render();\n"
                    last_ledger = n
                text = ORDINARY[template].format(ns=name, i=n, uses=uses)
            with open(os.path.join(folder, f"File{n:04d}.cs"), "w") as f:
                f.write(text)
        prev_ledger = last_ledger
        if kind == "Exe":
            n += 1

    sln = ["", "Microsoft Visual Studio Solution File, Format Version 12.00", "# Visual Studio Version 17", ""]
    guids = [str(uuid.uuid5(uuid.NAMESPACE_URL, nm)).upper() for nm in names]
    for nm, g in zip(names, guids):
        sln.append(f'Project("{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}") = "{nm}", "{nm}/{nm}.csproj", "{{{g}}}"')
        sln.append("EndProject")
    sln.append("Global")
    sln.append("\tGlobalSection(SolutionConfigurationPlatforms) = preSolution")
    sln.append("\t\tDebug|Any CPU = Debug|Any CPU\n\t\tRelease|Any CPU = Release|Any CPU")
    sln.append("\tEndGlobalSection")
    sln.append("\tGlobalSection(ProjectConfigurationPlatforms) = postSolution")
    for g in guids:
        for c in ("Debug", "Release"):
            sln.append(f"\t\t{{{g}}}.{c}|Any CPU.ActiveCfg = {c}|Any CPU")
            sln.append(f"\t\t{{{g}}}.{c}|Any CPU.Build.0 = {c}|Any CPU")
    sln.append("\tEndGlobalSection")
    sln.append("EndGlobal")
    with open(os.path.join(out, "Bench.sln"), "w") as f:
        f.write("\r\n".join(sln) + "\r\n")
    print(f"{out}: {projects} projects, {files} files, {saperly_files} with Saperly code")


if __name__ == "__main__":
    main()
