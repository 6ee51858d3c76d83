#!/usr/bin/env bash
# Issue 23 goal 1: our analyzers' CPU against the compile, per project size, cold (a compiler process per project)
# and warm (the compiler server), with the package's portable and precompiled assemblies.
# Usage: bench/analyzer-cpu-sizes.sh [FEED_PACKAGE_DIR]
#   FEED_PACKAGE_DIR  an unpacked Saperly.Migration package (default: the working tree's, packed here); its
#                     analyzers/dotnet/cs (portable) and build/r2r/<rid> (precompiled, when it carries them) are measured
# Environment: SIZES="10:10 40:10 100:10 100:0 1000:10" (FILES:EVERY, EVERY=0 = no Saperly code), REPS=3 processes
# per assembly set, ITERATIONS=5 analyses per process (the first is the cold one, the last three the warm median).
# Prints, per size and assembly set, one line per process; summarize with the python at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-/tmp/saperly-bench}/analyzer-cpu-sizes
rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
rm -rf "$work"; mkdir -p "$work"
package=${1:-}
if [ -z "$package" ]; then
  dotnet pack "$root/src/CodeFixes" -c Release -o "$work/feed" -p:Version=0.0.0-sizes -nologo -v:q >"$work/pack.log" 2>&1 || { tail -30 "$work/pack.log"; exit 1; }
  package=$work/package
  mkdir -p "$package" && (cd "$package" && unzip -q "$work/feed/Saperly.Migration.0.0.0-sizes.nupkg")
fi
dirs=("$package/analyzers/dotnet/cs")
[ -f "$package/build/r2r/$rid/Saperly.Migration.Analyzers.dll" ] && dirs+=("$package/build/r2r/$rid")

for spec in ${SIZES:-10:10 40:10 100:10 100:0 1000:10}; do
  files=${spec%%:*}; every=${spec##*:}
  echo "== $files files, every $every"
  FILES=$files EVERY=$every OURS_ONLY=1 REPS=${REPS:-3} BENCH_WORK="$work/$files-$every" \
    "$root/bench/analyzer-cpu.sh" "${ITERATIONS:-5}" "${dirs[@]}" | tee "$work/$files-$every.log"
done

# The compiler process a build without the compiler server runs for each project, without our analyzers: its CPU
# (user + system, three runs, median) is what the cold figures are a share of.
csc=$(dirname "$(dotnet --list-sdks | awk -v v="$(dotnet --version)" '$1 == v { gsub(/[][]/, "", $2); print $2 "/" v; exit }')/x")/Roslyn/bincore/csc.dll
for spec in ${SIZES:-10:10 40:10 100:10 100:0 1000:10}; do
  files=${spec%%:*}; every=${spec##*:}
  project=$work/$files-$every/analyzer-cpu/sln/Bench.App
  for run in 1 2 3; do
    (cd "$project" && /usr/bin/time -f '%U %S' -o "$work/csc.time" dotnet exec "$csc" @csc.rsp >/dev/null 2>&1) || { echo "csc failed in $project" >&2; exit 1; }
    echo "csc $files $every $(awk '{ print $1 + $2 }' "$work/csc.time")" >>"$work/csc.txt"
  done
done

# Per size and assembly set: cold = the first analysis of each process (our CPU, against the compiler process's),
# warm = the median of the counted analyses (against the process CPU minus ours: the compile's binding, no emit,
# what a warm server redoes for a changed project).
python3 - "$work" <<'PY'
import glob, os, re, statistics, sys
work = sys.argv[1]
csc = {}
for line in open(os.path.join(work, "csc.txt")):
    _, f, e, cpu = line.split()
    csc.setdefault((f, e), []).append(float(cpu) * 1000)
print("| files (Saperly every) | assemblies | cold: our CPU | the compiler process (CPU) | cold share | warm: our CPU | warm: the compile's binding (CPU) | warm share |")
print("|---|---|---|---|---|---|---|---|")
for log in sorted(glob.glob(os.path.join(work, "[0-9]*-[0-9]*.log")), key=lambda p: [int(x) for x in re.findall(r"\d+", os.path.basename(p))]):
    files, every = re.findall(r"\d+", os.path.basename(log))[:2]
    runs, current = {}, None
    for line in open(log):
        m = re.match(r"== (\S+) \(run", line)
        if m:
            current = "precompiled" if "/r2r/" in m.group(1) else "portable"
            runs.setdefault(current, {"cold": [], "cold_proc": [], "warm": [], "warm_proc": []})
            continue
        m = re.match(r"\s+1: our CPU\s+([\d.]+) ms \(JIT\s+[\d.]+ ms\), process CPU\s+([\d.]+) ms", line)
        if m and current:
            runs[current]["cold"].append(float(m.group(1))); runs[current]["cold_proc"].append(float(m.group(2)))
        m = re.match(r"our CPU, median ([\d.]+) ms .*process CPU ([\d.]+) ms", line)
        if m and current:
            runs[current]["warm"].append(float(m.group(1))); runs[current]["warm_proc"].append(float(m.group(2)))
    for name, r in runs.items():
        med = lambda k: statistics.median(r[k]) if r[k] else float("nan")
        cold, warm, wproc = med("cold"), med("warm"), med("warm_proc")
        compiler = statistics.median(csc[(files, every)])
        print(f"| {files} ({'none' if every == '0' else '1 in ' + every}) | {name} | {cold:.1f} ms | {compiler:.0f} ms | "
              f"{100 * cold / compiler:.2f} % | {warm:.2f} ms | {wproc - warm:.0f} ms | {100 * warm / (wproc - warm):.2f} % |")
PY
