#!/usr/bin/env bash
# Issue 23 goal 4: what each speed mechanism saves, on and off, in alternating pairs on the same solution.
# Usage: bench/mechanisms.sh [SIZE...]          (default sizes: 100 1000 files)
# Environment:
#   PAIRS=4        on/off pairs per mechanism and size (order alternates: on-off, off-on, ...)
#   MECHANISMS=    which to measure (default: all of loader warmup generators partial-gate nullable r2r-tool)
#   BENCH_WORK=/tmp/saperly-bench-mechanisms   scratch folder; never in the repository
# The tool mechanisms are measured on `saperly-migrate --apply` (the run that uses every one of them), each on a
# fresh copy of the restored solution, as the user installs the tool (the packed ReadyToRun build for this machine):
#   loader         the design-time builds in the tool's process        off: SAPERLY_MIGRATE_LOADER=workspace
#   warmup         the JIT warm-up while the solution loads             off: SAPERLY_MIGRATE_OFF=warmup
#   generators     unneeded source generators left out                  off: SAPERLY_MIGRATE_OFF=generators
#   partial-gate   the compile gate compiling changed files alone      off: SAPERLY_MIGRATE_OFF=partial-gate
#   nullable       analysis without nullable flow analysis              off: SAPERLY_MIGRATE_OFF=nullable
#   r2r-tool       the ReadyToRun tool package                          off: the portable (`any`) tool package
# The analyzer package's ReadyToRun copies were measured here too, on the user's build (`dotnet build -m:1
# -p:UseSharedCompilation=false`, on and off), and removed: docs/performance.md, issue 23.
# Wall time, CPU (user + system, the process and the children it waited for) and peak memory per run go to
# $BENCH_WORK/mechanisms.tsv; the summary (medians, the saving as a share of the run with the mechanism off) is
# printed and written to $BENCH_WORK/mechanisms.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)
pairs=${PAIRS:-4}
mechanisms=(${MECHANISMS:-loader warmup generators partial-gate nullable r2r-tool})
work=${BENCH_WORK:-/tmp/saperly-bench-mechanisms}
version="0.0.0-bench.$(date +%Y%m%d%H%M%S)"

case "$work" in "$root"|"$root"/*) echo "BENCH_WORK must be outside the repository" >&2; exit 2 ;; esac
[ -x /usr/bin/time ] || { echo "bench/mechanisms.sh needs /usr/bin/time (GNU time)" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work/src" "$work/logs"
export NUGET_PACKAGES="$work/packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The code under test (the working tree), packed as users get it: the analyzer package, and the tool's ReadyToRun
# package for this machine beside the portable one, each unpacked so both run from the same kind of folder.
(cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 tar -cf - 2>/dev/null) | tar -x -C "$work/src"
echo "== packing $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo '+local changes')"
rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
dotnet pack "$work/src/src/CodeFixes" -c Release -o "$work/feed" -p:Version="$version" -nologo -v:q >"$work/logs/pack.log" 2>&1 || { tail -30 "$work/logs/pack.log"; exit 1; }
for variant in "$rid" any; do
  dotnet pack "$work/src/src/MigrateTool" -c Release -o "$work/feed" -p:Version="$version" -p:ToolPackageRuntimeIdentifiers="$variant" -nologo -v:q >"$work/logs/tool-$variant.log" 2>&1 || { tail -30 "$work/logs/tool-$variant.log"; exit 1; }
  mkdir -p "$work/tool-$variant"
  (cd "$work/tool-$variant" && unzip -q "$work/feed/Saperly.Migration.Tool.$variant.$version.nupkg")
done
r2r_tool=$(dirname "$(find "$work/tool-$rid" -name saperly-migrate.dll | head -1)")/saperly-migrate.dll
portable_tool=$(dirname "$(find "$work/tool-any" -name saperly-migrate.dll | head -1)")/saperly-migrate.dll

printf 'size\tmechanism\tpair\tarm\tseconds\tcpu_s\tpeak_kb\texit\n' >"$work/mechanisms.tsv"
{ echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"; echo "cores=$(nproc)"; echo "sdk=$(dotnet --version)"; echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"; } >"$work/meta.txt"
run=$work/run

# measure SIZE MECHANISM PAIR ARM: one run with the mechanism on or off, on a fresh copy of the solution
measure() {
  local size=$1 mechanism=$2 pair=$3 arm=$4 status=0
  local log="$work/logs/$size-$mechanism-$pair-$arm.log"
  rm -rf "$run"; cp -a "$work/tpl-$size" "$run"
  local -a env=(env) cmd=(dotnet "$r2r_tool" "$run/Bench.sln" --apply --no-restore --no-progress --verbosity detailed)
  if [ "$arm" = off ]; then
    case "$mechanism" in
      loader) env+=(SAPERLY_MIGRATE_LOADER=workspace) ;;
      r2r-tool) cmd[1]=$portable_tool ;;
      *) env+=(SAPERLY_MIGRATE_OFF="$mechanism") ;;
    esac
  fi
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.out" "${env[@]}" "${cmd[@]}" >"$log" 2>&1 || status=$?
  read -r secs user sys kb < <(tail -1 "$work/time.out")
  local cpu; cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$mechanism" "$pair" "$arm" "$secs" "$cpu" "$kb" "$status" >>"$work/mechanisms.tsv"
  printf '   %-14s pair %s %-3s %7ss  cpu %7ss  %8s KB  exit %s\n' "$mechanism" "$pair" "$arm" "$secs" "$cpu" "$kb" "$status"
}

for size in "${sizes[@]}"; do
  echo "== $size files"
  rm -rf "$run"
  python3 "$root/bench/generate.py" "$run" "$size" --package-version "$version" --feed "$work/feed"
  dotnet restore "$run/Bench.sln" -nologo -v:q >"$work/logs/restore-$size.log" 2>&1 || { tail -30 "$work/logs/restore-$size.log"; exit 1; }
  rm -rf "$work/tpl-$size"; mv "$run" "$work/tpl-$size"
  # One untimed run first: the file system cache and the SDK's own first-run work land on no arm.
  rm -rf "$run"; cp -a "$work/tpl-$size" "$run"; dotnet "$r2r_tool" "$run/Bench.sln" --check --no-restore --no-progress >/dev/null 2>&1 || true
  for mechanism in "${mechanisms[@]}"; do
    for pair in $(seq 1 "$pairs"); do
      if [ $((pair % 2)) -eq 1 ]; then measure "$size" "$mechanism" "$pair" on; measure "$size" "$mechanism" "$pair" off
      else measure "$size" "$mechanism" "$pair" off; measure "$size" "$mechanism" "$pair" on; fi
    done
  done
done
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/meta.txt"

python3 - "$work" <<'PY' | tee "$work/mechanisms.md"
import csv, statistics, sys
work = sys.argv[1]
rows = list(csv.DictReader(open(f"{work}/mechanisms.tsv"), delimiter="\t"))
meta = dict(l.strip().split("=", 1) for l in open(f"{work}/meta.txt") if "=" in l)
print(f"{meta.get('date')}, {meta.get('cores')} cores, SDK {meta.get('sdk')}, load {meta.get('load')} -> {meta.get('load_end')}")
print()
print("| files | mechanism | pairs | wall on / off (medians) | saved | CPU on / off | saved | peak on / off |")
print("|---|---|---|---|---|---|---|---|")
keys = []
for r in rows:
    k = (r["size"], r["mechanism"])
    if k not in keys:
        keys.append(k)
for size, mechanism in keys:
    arm = {a: [r for r in rows if r["size"] == size and r["mechanism"] == mechanism and r["arm"] == a] for a in ("on", "off")}
    med = lambda a, f: statistics.median(float(r[f]) for r in arm[a])
    bad = sum(1 for a in arm.values() for r in a if r["exit"] not in ("0",))
    won, woff, con, coff = med("on", "seconds"), med("off", "seconds"), med("on", "cpu_s"), med("off", "cpu_s")
    pon, poff = med("on", "peak_kb") / 1024, med("off", "peak_kb") / 1024
    note = f" ({bad} runs exited non-zero)" if bad else ""
    print(f"| {size} | {mechanism}{note} | {len(arm['on'])} | {won:.2f} / {woff:.2f} s | {100 * (woff - won) / woff:+.1f} % | "
          f"{con:.2f} / {coff:.2f} s | {100 * (coff - con) / coff:+.1f} % | {pon:.0f} / {poff:.0f} MB |")
PY
