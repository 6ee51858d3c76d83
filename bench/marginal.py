#!/usr/bin/env python3
"""The marginal cost of the analyzer package in a build (issue 23, goals 1 and 5): the compiler's CPU with our
analyzers minus without them, per process, measured on the compiler alone.

Usage: bench/marginal.py FILES [--projects N] [--pairs N] [--every N] [--work DIR]

A synthetic solution (bench/generate.py: FILES files in N projects, one file in EVERY with Saperly code, 0 for
none) is built once to learn each project's compiler command line. Then each pair compiles every project twice
with the SDK's csc, once with our two analyzer assemblies added and once without, in alternating order (ABBA...),
one process per compile as a build without the compiler server runs them. The CPU (user + system) of each
compiler process is read from the kernel (getrusage of the children), so what the machine's other work costs
shows up as noise in both arms alike, not as a bias of one. Reported: per pair, the two sums and the difference;
the median difference, its share of the build's compiler CPU, and the range of the middle half of the pairs.
"""
import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def child_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", type=int)
    parser.add_argument("--projects", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--every", type=int, default=10)
    parser.add_argument("--work", default=os.path.join(os.environ.get("BENCH_WORK", "/tmp/saperly-bench"), "marginal"))
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    log = open(os.path.join(args.work, "setup.log"), "w")
    run(["dotnet", "build", os.path.join(ROOT, "src", "CodeFixes"), "-c", "Release", "-nologo", "-v:q"], stdout=log, stderr=log)
    ours = os.path.join(ROOT, "src", "CodeFixes", "bin", "Release", "netstandard2.0")
    analyzers = ["/analyzer:" + os.path.join(ours, "Saperly.Migration.Analyzers.dll"), "/analyzer:" + os.path.join(ours, "Saperly.Migration.CodeFixes.dll")]

    sln = os.path.join(args.work, "sln")
    shutil.rmtree(sln, ignore_errors=True)
    run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), sln, str(args.files), "--projects", str(args.projects), "--every", str(args.every)], stdout=log, stderr=log)
    build = subprocess.run(["dotnet", "build", sln, "-nologo", "-v:d", "-p:UseSharedCompilation=false", "-m:1"], capture_output=True, text=True)
    if build.returncode != 0:
        print(build.stdout[-3000:], file=sys.stderr)
        return 1

    # Each project's compiler call: its arguments (paths relative to the project's folder, named like its assembly).
    compiles = []
    csc = None
    for line in build.stdout.splitlines():
        command = re.search(r'^\s*(\S+/csc) /noconfig (.*)$', line)
        if not command:
            continue
        csc = command.group(1)
        assembly = re.search(r'/out:obj/\S+/([^/\s]+)\.dll', command.group(2))
        folder = os.path.join(sln, assembly.group(1)) if assembly else None
        if folder is None or not os.path.isdir(folder):
            print(f"error: no project folder for a compiler call ({assembly.group(1) if assembly else 'no /out:'})", file=sys.stderr)
            return 1
        # The "without" arm must not have our analyzers from elsewhere (a package reference of the project).
        arguments = re.sub(r'/analyzer:("[^"]*Saperly\.Migration[^"]*"|\S*Saperly\.Migration\S*)\s*', '', command.group(2))
        rsp = os.path.join(args.work, "p%02d.rsp" % len(compiles))
        with open(rsp, "w") as f:
            f.write(arguments)
        compiles.append((folder, rsp))
    if not compiles:
        print("error: no compiler command line in the build log", file=sys.stderr)
        return 1

    csc_dll = csc + ".dll"
    print(f"{args.files} files in {len(compiles)} compiles, Saperly code in 1 file of {args.every or 'none'}; {args.pairs} pairs")

    def compile_all(with_ours):
        before, wall = child_cpu(), time.monotonic()
        for folder, rsp in compiles:
            extra = analyzers if with_ours else []
            result = subprocess.run(["dotnet", csc_dll, "/noconfig", "@" + rsp] + extra, cwd=folder, capture_output=True, text=True)
            if result.returncode != 0:
                raise SystemExit("error: a compile failed in " + folder + ": " + (result.stdout or "")[-500:] + result.stderr[-500:])
        return child_cpu() - before, time.monotonic() - wall

    compile_all(True)  # warm the disk cache and the runtime's files once
    diffs, shares = [], []
    for pair in range(args.pairs):
        order = [True, False] if pair % 2 == 0 else [False, True]
        cpu = {}
        for with_ours in order:
            cpu[with_ours] = compile_all(with_ours)
        diff = cpu[True][0] - cpu[False][0]
        diffs.append(diff)
        shares.append(diff / cpu[False][0] * 100)
        print(f"  pair {pair + 1}: without {cpu[False][0]:7.2f} s, with {cpu[True][0]:7.2f} s CPU ({cpu[False][1]:.1f} / {cpu[True][1]:.1f} s wall): {diff:+.2f} s, {shares[-1]:+.2f} %")

    q = statistics.quantiles(shares, n=4) if len(shares) >= 4 else [min(shares), statistics.median(shares), max(shares)]
    print(f"marginal compiler CPU: median {statistics.median(diffs):+.2f} s, {statistics.median(shares):+.2f} % (middle half of the pairs {q[0]:+.2f} % to {q[2]:+.2f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
