#!/usr/bin/env bash
# Issue 7's side-by-side benchmark: saperly-migrate against the compile floor and `dotnet format analyzers`.
# Usage: bench/run.sh [SIZE...]            (default sizes: 10 100 1000 files)
# Environment:
#   REPS=3         repetitions per measurement (medians are reported)
#   REPS_LARGE=1   repetitions for sizes of 1,000 files and more
#   BENCH_REV=     a git revision to benchmark (exported with git archive); empty = the working tree as it is
#   BENCH_WORK=/tmp/saperly-bench   scratch folder (generated solutions, feed, packages, logs); never in the repo
#   BENCH_DOCS=1   write docs/performance.md's benchmark section and docs/performance-time.svg (0 = results only)
#   PROJECTS=      projects per generated solution (default: generate.py's, 10 from 500 files up); 100 for the
#                  issue 23 shape of 10,000 files (100 projects x 100 files)
#   PER_PROJECT=   files per project instead (projects = SIZE / PER_PROJECT): the issue 23 scale series,
#                  e.g. PER_PROJECT=100 bench/run.sh 1000 2500 5000 10000
#   STEPS=         the steps to run (default: build check apply loadcompile format count reportanalyzer server);
#                  count is the builds that count the warnings left behind, server the (g) builds
#   FORMAT_MAX=    skip (d) above this many files (dotnet format takes hours at 10,000)
# For each size: generate a solution (bench/generate.py), restore it once, then per repetition, each on a fresh
# copy of the restored solution at the same path, in the order a b c f d e g:
#   a  dotnet build --no-restore                                   (the compile floor)
#   b  saperly-migrate --check                                     (peak memory too)
#   c  saperly-migrate --apply                                     (peak memory too)
#   d  dotnet format analyzers --diagnostics SAP001..SAP004 --no-restore
#   e  dotnet build -p:ReportAnalyzer=true (our analyzers' share)
#   f  bench/LoadCompile: MSBuildWorkspace load + compile of every project, nothing else (what a whole-solution compile costs)
#   g  (e) on the shared compiler server (-p:UseSharedCompilation=true): freshly started, then warm
# After (c) and (d) of the first repetition a build counts the SAP warnings left behind.
# Results: $BENCH_WORK/results.tsv, phases.tsv, findings.tsv; the report is bench/report.py.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)
reps=${REPS:-3}
reps_large=${REPS_LARGE:-1}
work=${BENCH_WORK:-/tmp/saperly-bench}
rev=${BENCH_REV:-}
docs=${BENCH_DOCS:-1}
version="0.0.0-bench.$(date +%Y%m%d%H%M%S)"

case "$work" in "$root"|"$root"/*) echo "BENCH_WORK must be outside the repository" >&2; exit 2 ;; esac
[ -x /usr/bin/time ] || { echo "bench/run.sh needs /usr/bin/time (GNU time; Debian package 'time') for wall time and peak memory" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench/run.sh needs python3 (generator and report)" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work/src" "$work/logs"
export NUGET_PACKAGES="$work/packages"   # a fresh cache: the bench package version never collides with a stale one
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# 1. The code under test, built outside the repository (another build in the repo cannot collide with it).
if [ -n "$rev" ]; then
  git -C "$root" archive "$rev" | tar -x -C "$work/src"
  described="$(git -C "$root" rev-parse --short "$rev")"
else
  (cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 tar -cf - 2>/dev/null) | tar -x -C "$work/src"
  described="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo '+local changes')"
fi
echo "== building $described"
dotnet pack "$work/src/src/CodeFixes" -c Release -o "$work/feed" -p:Version="$version" -nologo -v:q >"$work/logs/pack.log" 2>&1 || { tail -30 "$work/logs/pack.log"; exit 1; }
# The tool as a user installs it: packed (ReadyToRun, for this machine's runtime identifier only, to save
# packing the other platforms) and installed from the folder feed.
rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
dotnet pack "$work/src/src/MigrateTool" -c Release -o "$work/feed" -p:Version="$version" -p:ToolPackageRuntimeIdentifiers="$rid" -nologo -v:q >"$work/logs/tool.log" 2>&1 || { tail -30 "$work/logs/tool.log"; exit 1; }
dotnet tool install Saperly.Migration.Tool --version "$version" --add-source "$work/feed" --tool-path "$work/tool" >>"$work/logs/tool.log" 2>&1 || { tail -30 "$work/logs/tool.log"; exit 1; }
tool="$work/tool/saperly-migrate"
# The load+compile floor (f), compiled the way the installed tool is (ReadyToRun for this machine's runtime
# identifier), so the two differ in what they do, not in JIT work. A revision from before it existed uses this one.
if [ ! -d "$work/src/bench/LoadCompile" ]; then
  mkdir -p "$work/src/bench/LoadCompile"; cp "$root/bench/LoadCompile/LoadCompile.csproj" "$root/bench/LoadCompile/Program.cs" "$work/src/bench/LoadCompile/"
fi
dotnet publish "$work/src/bench/LoadCompile" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$work/loadcompile" -nologo -v:q >"$work/logs/loadcompile.log" 2>&1 || { tail -30 "$work/logs/loadcompile.log"; exit 1; }
loadcompile="$work/loadcompile/LoadCompile.dll"

printf 'size\trep\tstep\tseconds\tpeak_kb\texit\n' >"$work/results.tsv"
printf 'size\trep\tstep\tphase\tms\n' >"$work/phases.tsv"
printf 'size\tafter\tSAP001\tSAP002\tSAP003\tSAP004\tother\ttotal\n' >"$work/findings.tsv"
printf 'size\trep\tcompiler\tall_analyzers_s\tsap_s\n' >"$work/analyzers.tsv"
{
  echo "commit=$described"
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cores=$(nproc)"
  echo "sdk=$(dotnet --version)"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "reps=$reps"
  echo "reps_large=$reps_large"
} >"$work/meta.txt"

run=$work/run   # every measurement runs at this one path, so the restored obj/ files stay valid

fresh() { rm -rf "$run"; cp -a "$work/tpl-$1" "$run"; }

# timed SIZE REP STEP LOG COMMAND...: wall time and peak RSS (of the process and the children it waited for)
timed() {
  local size=$1 rep=$2 step=$3 log=$4; shift 4
  local status=0
  /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >"$log" 2>&1 || status=$?
  read -r secs kb < <(tail -1 "$work/time.out")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$rep" "$step" "$secs" "$kb" "$status" >>"$work/results.tsv"
  printf '   %-8s %8ss %8s KB  exit %s\n' "$step" "$secs" "$kb" "$status"
}

# count SIZE AFTER LOG: distinct SAP warnings in a build log, by rule
count() {
  local size=$1 after=$2 log=$3
  grep -oE '^[^ ].*warning SAP[0-9]{3}' "$log" | sort -u | grep -oE 'SAP[0-9]{3}$' | sort | uniq -c >"$work/count.out" || true
  python3 - "$size" "$after" "$work/count.out" >>"$work/findings.tsv" <<'PY'
import sys
size, after, path = sys.argv[1:4]
counts = {}
for line in open(path):
    n, rule = line.split()
    counts[rule] = int(n)
main = ["SAP001", "SAP002", "SAP003", "SAP004"]
other = sum(v for k, v in counts.items() if k not in main)
print("\t".join([size, after] + [str(counts.get(r, 0)) for r in main] + [str(other), str(sum(counts.values()))]))
PY
}

# analyzer_times SIZE REP COMPILER LOG: per project the compiler prints "Total analyzer execution time: X seconds."
# and one line per analyzer assembly; their sums over the build go to analyzers.tsv.
analyzer_times() {
  python3 - "$@" >>"$work/analyzers.tsv" <<'PY'
import re, sys
size, rep, compiler, path = sys.argv[1:5]
total = ours = 0.0
for line in open(path, errors="replace"):
    m = re.search(r"Total analyzer execution time: ([0-9.]+) seconds", line)
    if m:
        total += float(m.group(1))
    m = re.match(r"\s*(<?[0-9.]+)\s+[0-9<]+\s+Saperly\.Migration\.Analyzers, Version", line)
    if m:
        ours += float(m.group(1).lstrip("<"))
print(f"{size}\t{rep}\t{compiler}\t{total:.3f}\t{ours:.3f}")
PY
}

build_counting() { dotnet build "$run/Bench.sln" --no-restore -nologo -clp:NoSummary -p:TreatWarningsAsErrors=false; }

steps=" ${STEPS:-build check apply loadcompile format count reportanalyzer server} "
want() { [[ "$steps" == *" $1 "* ]]; }
echo "steps=${steps# }" >>"$work/meta.txt"

for size in "${sizes[@]}"; do
  n=$reps; [ "$size" -ge 1000 ] && n=$reps_large
  echo "== $size files, $n repetition(s)"
  rm -rf "$run"
  projects=${PROJECTS:-}
  [ -n "${PER_PROJECT:-}" ] && projects=$(( (size + PER_PROJECT - 1) / PER_PROJECT ))
  python3 "$root/bench/generate.py" "$run" "$size" --package-version "$version" --feed "$work/feed" ${projects:+--projects "$projects"}
  dotnet restore "$run/Bench.sln" -nologo -v:q >"$work/logs/restore-$size.log" 2>&1 || { tail -30 "$work/logs/restore-$size.log"; exit 1; }
  rm -rf "$work/tpl-$size"; mv "$run" "$work/tpl-$size"

  for rep in $(seq 1 "$n"); do
    echo " - repetition $rep"
    l="$work/logs/$size-$rep"
    if want build; then
      fresh "$size"; timed "$size" "$rep" build "$l-a-build.log" dotnet build "$run/Bench.sln" --no-restore -nologo -clp:NoSummary
      [ "$rep" -eq 1 ] && want count && count "$size" before "$l-a-build.log"
    fi

    want check && { fresh "$size"; timed "$size" "$rep" check "$l-b-check.log" "$tool" "$run/Bench.sln" --check --no-progress --verbosity detailed; }
    if want apply; then
      fresh "$size"; timed "$size" "$rep" apply "$l-c-apply.log" "$tool" "$run/Bench.sln" --apply --no-progress --verbosity detailed
      if [ "$rep" -eq 1 ] && want count; then build_counting >"$l-c-after.log" 2>&1 || true; count "$size" apply "$l-c-after.log"; fi
    fi
    want loadcompile && { fresh "$size"; timed "$size" "$rep" loadcompile "$l-f-loadcompile.log" dotnet "$loadcompile" "$run/Bench.sln"; }

    if want format && [ "$size" -le "${FORMAT_MAX:-1000000000}" ]; then
      fresh "$size"; timed "$size" "$rep" format "$l-d-format.log" dotnet format analyzers "$run/Bench.sln" --diagnostics SAP001 SAP002 SAP003 SAP004 --no-restore
      if [ "$rep" -eq 1 ] && want count; then build_counting >"$l-d-after.log" 2>&1 || true; count "$size" format "$l-d-after.log"; fi
    fi

    # Built the way (a) is: with the shared compiler server where the environment allows it, else one compiler
    # process per project (UseSharedCompilation=false, common in CI), each loading and starting the analyzers anew.
    if want reportanalyzer; then
      fresh "$size"; timed "$size" "$rep" reportanalyzer "$l-e-analyzers.log" dotnet build "$run/Bench.sln" --no-restore -nologo -v:d -p:ReportAnalyzer=true
      # Which compiler ran, from the build's own words ("CompilerServer: server ..." or "... command line tool ...").
      if [ "$rep" -eq 1 ] && ! grep -q '^compiler=' "$work/meta.txt"; then
        if grep -q 'CompilerServer: server' "$l-e-analyzers.log"; then echo "compiler=the shared compiler server" >>"$work/meta.txt"
        else echo "compiler=a compiler process per project (no shared compiler server: UseSharedCompilation=${UseSharedCompilation:-unset})" >>"$work/meta.txt"; fi
      fi
      analyzer_times "$size" "$rep" process "$l-e-analyzers.log"
    fi

    # (g) The same build on the shared compiler server, as `dotnet build` runs where the environment does not turn
    # it off: one compiler process for all projects, which loads and starts the analyzers once. First on a server
    # started for this build (it pays its own start-up: the first build of a CI job), then again, on a fresh copy,
    # on the server the first build left running (every later build of a working day or a job). Shut down after.
    want server && dotnet build-server shutdown >/dev/null 2>&1 || true
    want server && for server in server-fresh server-warm; do
      fresh "$size"; timed "$size" "$rep" "reportanalyzer-$server" "$l-g-analyzers-$server.log" dotnet build "$run/Bench.sln" --no-restore -nologo -v:d -p:ReportAnalyzer=true -p:UseSharedCompilation=true
      if grep -q 'CompilerServer: server' "$l-g-analyzers-$server.log"; then
        analyzer_times "$size" "$rep" "$server" "$l-g-analyzers-$server.log"
      else
        echo "   (the compiler server did not run; no $server figures for this repetition)"
      fi
    done
    dotnet build-server shutdown >/dev/null 2>&1 || true
    for step in check apply; do
      f="$l-$( [ $step = check ] && echo b || echo c )-$step.log"
      [ -f "$f" ] || continue
      grep -m1 '^timings:' "$f" | sed 's/^timings: //' | tr ',' '\n' | while read -r phase ms _; do
        [ -n "$phase" ] && printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$rep" "$step" "$phase" "$ms" >>"$work/phases.tsv"
      done
    done
  done
done
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/meta.txt"

if [ "$docs" = 1 ]; then
  python3 "$root/bench/report.py" "$work" "$root/docs/performance.md" "$root/docs/performance-time.svg"
else
  python3 "$root/bench/report.py" "$work" - -
fi
