#!/usr/bin/env bash
# The IDE's per-document pass after an edit (issue 23, goal 3): our analyzers' CPU on the edited document of a
# FILES-file project, each edit a new compilation (compilation-start actions run again), p50/p95 over EDITS edits,
# for a document with Saperly code and one without.
# Usage: bench/ide-latency.sh [FILES] [EDITS]   (defaults: 1000 files in one project, 100 edits)
set -euo pipefail
files=${1:-1000}
edits=${2:-100}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-/tmp/saperly-bench}/ide-latency
mkdir -p "$work"

dotnet build "$root/src/CodeFixes" -c Release -nologo -v:q >"$work/analyzers.log" 2>&1 || { tail -30 "$work/analyzers.log"; exit 1; }
dotnet build "$root/bench/AnalyzerCpu" -c Release -nologo -v:q -o "$work/tool" >"$work/tool.log" 2>&1 || { tail -30 "$work/tool.log"; exit 1; }

# One project holding every file: the IDE's compilation is the project's, so this is the largest one it analyzes.
rm -rf "$work/sln"
python3 "$root/bench/generate.py" "$work/sln" "$files" --projects 1 >/dev/null
project=$work/sln/Bench.App
dotnet build "$project" -nologo -v:d -p:UseSharedCompilation=false >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
grep -m1 -E ' /noconfig ' "$work/build.log" | sed -E 's/^.* (\/noconfig )/\1/' >"$project/csc.rsp"

dotnet "$work/tool/AnalyzerCpu.dll" "$project/csc.rsp" --analyzers "$root/src/CodeFixes/bin/Release/netstandard2.0" --ide-edits "$edits"
