#!/usr/bin/env python3
"""MemV6 benchmarks (`make bench`).  Writes build/bench/report.md.

Measures
  boot to prompt        wall time from starting QEMU to the first "$ "
  usertests suite       wall time of one boot running `usertests`
  fork+exec+exit        /benchfork, rates from the time CSR inside the OS
  file write/read       /benchwrite, KiB/s from the time CSR inside the OS

The in-OS benchmarks run twice: normally (wall-clock time, varies with
the host's load) and under `-icount shift=0` (QEMU advances the virtual
clock by instructions executed, so the numbers are deterministic for a
given build and measure the code path's length, not the host).

    python3 bench/run.py [--quick] [--cpus N]
"""

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import qemu  # noqa: E402

REPORT_DIR = os.path.join(ROOT, "build", "bench")


def boot_to_prompt(master, tmp, cpus, runs):
    times = []
    for _ in range(runs):
        img = qemu.fresh_image(master, tmp)
        con = qemu.Console(img, cpus=cpus)
        try:
            out = con.expect("$ ", 120)
            if out is not None:
                times.append(time.monotonic() - con.start)
        finally:
            con.close()
    return times


def in_os(master, tmp, cmd, cpus, icount, timeout=600):
    img = qemu.fresh_image(master, tmp)
    r = qemu.run(img, cmd, cpus=cpus, timeout=timeout, icount=icount)
    vals = {}
    for m in re.finditer(r"BENCH (\w+) ([0-9.]+)", r.output):
        vals[m.group(1)] = float(m.group(2))
    return r, vals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer runs, no full usertests")
    ap.add_argument("--cpus", type=int, default=3)
    opts = ap.parse_args()
    if not (os.path.exists(qemu.KERNEL) and os.path.exists(qemu.IMAGE)):
        print("bench: build first (make)")
        return 1
    os.makedirs(REPORT_DIR, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="memv6-bench-")
    rows = []
    problems = []
    try:
        master = os.path.join(tmp, "master.img")
        shutil.copyfile(qemu.IMAGE, master)

        runs = 2 if opts.quick else 5
        bt = boot_to_prompt(master, tmp, opts.cpus, runs)
        if bt:
            rows.append(("boot to prompt (wall, median of %d)" % len(bt),
                         "%.2f s" % statistics.median(bt),
                         "min %.2f, max %.2f" % (min(bt), max(bt))))
        else:
            problems.append("boot to prompt: no prompt")
        print("boot to prompt:", ["%.2f" % x for x in bt], flush=True)

        for icount in (False, True):
            tag = "icount" if icount else "wall"
            r, v = in_os(master, tmp, "benchfork 200", opts.cpus, icount)
            for key, label in (("forkexec_per_s", "fork+exec+exit per second"),
                               ("fork_per_s", "fork+exit per second")):
                if key in v:
                    rows.append(("%s (%s)" % (label, tag), "%.1f" % v[key], "200 rounds"))
                else:
                    problems.append("%s (%s): %s" % (label, tag, r.output.strip()[-200:]))
            r, v = in_os(master, tmp, "benchwrite 2048 4096", opts.cpus, icount)
            for key, label in (("write_kib_per_s", "file write KiB/s"),
                               ("read_kib_per_s", "file read KiB/s")):
                if key in v:
                    rows.append(("%s (%s)" % (label, tag), "%d" % v[key], "2 MiB, 4 KiB writes"))
                else:
                    problems.append("%s (%s): %s" % (label, tag, r.output.strip()[-200:]))
            print("in-OS benchmarks (%s) done" % tag, flush=True)

        if not opts.quick:
            img = qemu.fresh_image(master, tmp)
            r = qemu.run(img, "usertests", cpus=opts.cpus, timeout=1800)
            npass = len(re.findall(r"^PASS ", r.output, re.M))
            nfail = len(re.findall(r"^FAIL ", r.output, re.M))
            rows.append(("usertests suite, %d harts (wall)" % opts.cpus, "%.1f s" % r.seconds,
                         "%d passed, %d failed%s" % (npass, nfail,
                                                     ", timed out" if r.timed_out else "")))
            print("usertests: %.1f s" % r.seconds, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    path = os.path.join(REPORT_DIR, "report.md")
    with open(path, "w") as f:
        f.write("# MemV6 benchmark report\n\n")
        f.write("Generated %s by bench/run.py, %d harts, host load average %s.\n\n"
                % (time.strftime("%Y-%m-%d %H:%M:%S"), opts.cpus,
                   " ".join("%.2f" % x for x in os.getloadavg())))
        f.write("| measurement | value | notes |\n|---|---|---|\n")
        for name, val, note in rows:
            f.write("| %s | %s | %s |\n" % (name, val, note))
        f.write("\n'wall' numbers depend on the host and its load; 'icount' numbers come from\n"
                "QEMU's `-icount shift=0` virtual clock (one ns per instruction) and are\n"
                "repeatable for a given build.\n")
        if problems:
            f.write("\n## Problems\n\n")
            for p in problems:
                f.write("- %s\n" % p)
    print("report written to %s" % os.path.relpath(path, ROOT))
    for name, val, note in rows:
        print("  %-45s %12s   %s" % (name, val, note))
    for p in problems:
        print("  problem: %s" % p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
