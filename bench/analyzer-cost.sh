#!/usr/bin/env bash
# Measures the SAP analyzers' share of a real build with the compiler's own ReportAnalyzer timing.
# Usage: bench/analyzer-cost.sh [FILES] [SAPERLY_EVERY]
#   FILES          number of ordinary C# files in the generated project (default 1000)
#   SAPERLY_EVERY  one file in N also holds pre-0.5.7.0 Saperly code; 0 = none (default 10)
# Prints the total analyzer time, our analyzers' time and their share of the build.
set -euo pipefail
files=${1:-1000}
every=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build "$root/src/CodeFixes" -c Release -nologo -v:q >/dev/null
analyzers="$root/src/CodeFixes/bin/Release/netstandard2.0"

mkdir -p "$work/app"
echo '<Project />' > "$work/Directory.Build.props"
echo '<Project />' > "$work/Directory.Packages.props"
cat > "$work/app/App.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><NoWarn>CS1998</NoWarn></PropertyGroup>
  <ItemGroup>
    <Analyzer Include="$analyzers/Saperly.Migration.Analyzers.dll" />
  </ItemGroup>
</Project>
PROJ
for i in $(seq 1 "$files"); do
  if [ "$every" -gt 0 ] && [ $((i % every)) -eq 0 ]; then
    cat > "$work/app/File$i.cs" <<CS
using System.Net.Http.Headers;
using System.Net.Http.Json;
namespace App;
public sealed class KeyAdmin$i
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://saperly.com/api/") };
    public KeyAdmin$i() => _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
    public Task<HttpResponseMessage> Mint() => _http.PostAsJsonAsync("v1/keys", new { name = "agent-$i" });
    public Task<HttpResponseMessage> Call() => _http.PostAsJsonAsync("v1/calls", new { to_number = "+14155551234" });
}
CS
  else
    cat > "$work/app/File$i.cs" <<CS
namespace App;
public sealed record Order$i(int Id, string Customer, decimal Total);
public static class Orders$i
{
    public static IEnumerable<Order$i> Large(IEnumerable<Order$i> orders) => orders.Where(o => o.Total > 100m).OrderBy(o => o.Customer);
    public static string Describe(object value) => value switch { Order$i o when o.Total > 1000m => "big", Order$i => "order", null => "none", _ => "other" };
    public static async Task<int> CountAsync(IAsyncEnumerable<Order$i> orders) { var n = 0; await foreach (var _ in orders) n++; return n; }
}
CS
  fi
done
echo 'System.Console.WriteLine("ok");' > "$work/app/Program.cs"

dotnet restore "$work/app" -nologo -v:q >/dev/null
dotnet build "$work/app" --no-restore -nologo -v:d -p:ReportAnalyzer=true -p:UseSharedCompilation=false > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }

total=$(grep -m1 -E "Total analyzer execution time:" "$work/build.log" | grep -oE "[0-9]+\.[0-9]+" | head -1)
ours=$(grep -E "Saperly.Migration.Analyzers, Version" "$work/build.log" | grep -oE "^ *[0-9<]+\.?[0-9]*" | head -1 | tr -d ' <')
csc=$(grep -m1 -E "^ *[0-9]+ ms +Csc" "$work/build.log" | grep -oE "[0-9]+" | head -1 || true)
echo "files: $files (one in $every with Saperly code)"
echo "all analyzers: ${total:-?} s; SAP analyzers: ${ours:-?} s; Csc task: ${csc:-?} ms"
grep -A12 "Saperly.Migration.Analyzers, Version" "$work/build.log" | sed -n '1,10p'
