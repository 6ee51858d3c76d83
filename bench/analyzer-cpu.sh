#!/usr/bin/env bash
# The CPU time our analyzers spend on one 100-file project of the benchmark, in a warm in-process compiler.
# Usage: bench/analyzer-cpu.sh [ITERATIONS] [ANALYZER_DIR...]
#   ITERATIONS    analyses per run, the first two not counted (default 40)
#   ANALYZER_DIR  folders holding Saperly.Migration.Analyzers.dll and Saperly.Migration.CodeFixes.dll; with several,
#                 the runs alternate between them REPS times (default 3) so the machine's load hits them alike;
#                 with one, REPS set runs that many fresh processes.
#                 Default: the working tree's analyzers, built here.
# Set OURS_ONLY=1 to run our analyzers alone (by default every analyzer of the build runs, as in a build).
# FILES=100 (the project's files) and EVERY=10 (one file in EVERY with Saperly code, 0 = none) shape the project.
# Each run is a fresh process: its first analysis is what a build without the compiler server pays for the project
# (cold), the later ones what a warm compiler server pays; with OURS_ONLY=1 the process CPU line, minus our CPU, is
# the project's compile (binding, no emit) our share is of.
set -euo pipefail
iterations=${1:-40}
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-/tmp/saperly-bench}/analyzer-cpu
mkdir -p "$(dirname "$work")"
reps=${REPS:-3}

if [ $# -eq 0 ]; then
  dotnet build "$root/src/CodeFixes" -c Release -nologo -v:q >"$work.analyzers.log" 2>&1 || { tail -30 "$work.analyzers.log"; exit 1; }
  set -- "$root/src/CodeFixes/bin/Release/netstandard2.0"
fi
mkdir -p "$work"
dotnet build "$root/bench/AnalyzerCpu" -c Release -nologo -v:q -o "$work/tool" >"$work/tool.log" 2>&1 || { tail -30 "$work/tool.log"; exit 1; }

# By default one project of the benchmark's 1,000-file solution: 100 files, 10 of them with pre-0.5.7.0 Saperly code.
rm -rf "$work/sln"
python3 "$root/bench/generate.py" "$work/sln" "${FILES:-100}" --projects 1 --every "${EVERY:-10}" >/dev/null
project=$work/sln/Bench.App
dotnet build "$project" -nologo -v:d -p:UseSharedCompilation=false >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
# The compiler's arguments, as the build passed them (paths relative to the project's folder).
grep -m1 -E ' /noconfig ' "$work/build.log" | sed -E 's/^.* (\/noconfig )/\1/' >"$project/csc.rsp"

flags=()
[ "${OURS_ONLY:-0}" = 1 ] && flags+=(--ours-only)
for rep in $(seq 1 "$reps"); do
  for dir in "$@"; do
    echo "== $dir (run $rep of $reps)"
    # The first analysis (cold) and the summary of the later ones (warm).
    dotnet "$work/tool/AnalyzerCpu.dll" "$project/csc.rsp" --iterations "$iterations" --analyzers "$dir" "${flags[@]}" | grep -E '^ +1:|^our CPU|^per rule'
  done
  if [ $# -eq 1 ] && [ -z "${REPS:-}" ]; then break; fi
done
