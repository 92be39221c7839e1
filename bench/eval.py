#!/usr/bin/env python3
"""MemV6 evaluation, native vs mirrored (`make bench`; docs/bench.md).

Boots the main build's image (build/fs.img: its /m twins are translated
for the kernel's mirror offset, so the kernel runs them mirrored) with
one hart and runs each workload as /PROG (native) and /m/PROG (mirrored,
the same program translated).  Writes

    bench/results.md    the table, the goals with the measured values
    bench/results.csv   one row per workload and metric
    bench/results.svg   the chart: native = 1.0, mirrored beside it

Metrics
  instr  QEMU -icount shift=0 (sleep on): the guest's instret delta over
         the workload minus the instret the kernel spent idle over it
         (memstat's idle_instret; bench/user/bench.h).  Under -icount,
         instret is the virtual clock, which also runs while the hart
         waits for the disk; the idle part is reported on its own.
         Checked by booting each side twice.
  wall   no -icount: the time CSR (real time) over the workload, median
         of RUNS boots per side, native and mirrored alternated, min and
         max.
  recovery  /m/faultbench (bench/user/faultbench.c) booted from the
         every-program-translated image (build/fs-all.img) with
         memv6.faultinj, under -icount: instructions per recovered page,
         per lazy pair fill and per copy re-homed after a bank failure.

    python3 bench/eval.py [--build build] [--quick] [--runs N] [--only W,...]
"""

import argparse
import csv
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import qemu  # noqa: E402

OUT_MD = os.path.join(ROOT, "bench", "results.md")
OUT_CSV = os.path.join(ROOT, "bench", "results.csv")
OUT_SVG = os.path.join(ROOT, "bench", "results.svg")

# (name, group, program, arguments, disk-bound)
MEMV6 = [
    ("sbrk", "memv6", "mbench", "sbrk", False),
    ("bigwrite", "memv6", "mbench", "bigwrite", True),
    ("mem", "memv6", "mbench", "mem", False),
    ("fork", "memv6", "mbench", "fork", False),
]
SYSCALL = [
    ("getpid", "syscall", "mbench", "getpid", False),
    ("pipepp", "syscall", "mbench", "pipepp", False),
    ("rw", "syscall", "mbench", "rw", False),
    ("forkexec", "syscall", "mbench", "forkexec", False),
]
COMPUTE_KERNELS = ["crc", "matmul", "sort", "fsm", "search", "hash", "decode"]
COMPUTE = [(k, "compute", "mcompute", k, False) for k in COMPUTE_KERNELS]
# The in-OS test suite: a representative subset of usertests' groups (the
# fast ones; the whole suite runs for many minutes per boot), without the
# two tests whose work depends on the free frames, which a mirrored
# process has half of: cow.bigfork shares 60 % of the usable pages,
# lazy.oom touches pages until it is killed.  With them the mirrored run
# does less work than the native one.
SUITE_ARGS = "proc. pipe. sys. fp. cow. lazy. !cow.bigfork !lazy.oom"
SUITE = [("suite", "suite", "mtime", "suite /usertests " + SUITE_ARGS, True)]
WORKLOADS = MEMV6 + SYSCALL + COMPUTE + SUITE

# Recovery latency: /m/faultbench PAGES from the every-program-translated
# image (init and the shell mirrored too, so that they live through the
# bank failure), booted with memv6.faultinj.
FAULTBENCH_PAGES = 4096
FAULTBENCH = [   # (key printed by faultbench, what it is)
    ("lazy_touch_instructions", "first store to a fresh heap page (lazy pair fill: two zeroed frames)"),
    ("recover_native_instructions",
     "load from a page whose native copy is poisoned: rebuilt from the mirror"),
    ("recover_mirror_instructions",
     "store to a page whose mirror copy is poisoned: rebuilt from the native copy"),
    ("bank_rehome_per_page_instructions",
     "bank failure: each copy the bank held, re-homed eagerly in the failing call"),
]

GROUP_TITLE = {
    "memv6": "MemV6's four workloads",
    "syscall": "system-call microbenchmarks",
    "compute": "compute set",
    "suite": "in-OS test suite (%s)" % SUITE_ARGS,
}


def command(w, mirrored):
    """The shell command of workload w on one side."""
    name, group, prog, args, _ = w
    if prog == "mtime":
        # mtime itself stays native: it only forks, execs and waits.
        a = args.split()
        if mirrored:
            a[1] = "/m" + a[1]
        return "mtime " + " ".join(a)
    return ("/m/%s %s" if mirrored else "%s %s") % (prog, args)


def boot_command(ws, mirrored):
    """One command line running each workload as its own process;
    the compute kernels share one process."""
    cmds = []
    comp = [w[3] for w in ws if w[1] == "compute"]
    for w in ws:
        if w[1] == "compute":
            if comp:
                cmds.append(("/m/mcompute %s" if mirrored else "mcompute %s") % " ".join(comp))
                comp = []
        else:
            cmds.append(command(w, mirrored))
    return "; ".join(cmds)


class Boot:
    """One QEMU boot running a command line, its BENCH lines parsed."""

    def __init__(self, master, tmp, cmd, icount, timeout, progress=None, options=("poweroff",)):
        self.values = {}          # "name.metric" (faultbench: "key") -> int
        self.output = ""
        self.timed_out = False
        img = os.path.join(tmp, "boot.img")
        shutil.copyfile(master, img)
        argv = qemu.qemu_argv(img, cpus=1, append=qemu.boot_line(cmd, options))
        if icount:
            argv += ["-icount", icount]
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
        lines = []
        try:
            while True:
                if time.monotonic() - start > timeout:
                    self.timed_out = True
                    break
                line = proc.stdout.readline()
                if not line:
                    break
                text = line.decode("utf-8", "replace").rstrip("\r\n")
                lines.append(text)
                m = re.match(r"BENCH (\S+)\.(\w+) (\d+)$", text)
                if m:
                    self.values[m.group(1) + "." + m.group(2)] = int(m.group(3))
                    if progress and m.group(2) == "fork_shared":
                        progress(m.group(1), self.values, time.monotonic() - start)
                m = re.match(r"BENCH (\w+) (\d+)$", text)
                if m:
                    self.values[m.group(1)] = int(m.group(2))
        finally:
            # The machine powers off at the end of the command line; a hung
            # boot is killed by its own process group, nothing else.
            try:
                proc.wait(timeout=5 if not self.timed_out else 0)
            except subprocess.TimeoutExpired:
                pass
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
            proc.stdout.close()
        self.seconds = time.monotonic() - start
        self.output = "\n".join(lines)

    def get(self, name, metric):
        return self.values.get(name + "." + metric)


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def fmt_int(v):
    return "-" if v is None else "{:,}".format(int(v))


def fmt_ratio(v):
    return "-" if v is None else "%.3f" % v


def pct(r):
    return "-" if r is None else "%+.1f %%" % ((r - 1) * 100)


def parse_mirrorbt(path):
    """Static growth and dynamic added instructions per store from
    mirrorbt-bench's report (build/bench/mirrorbt.md)."""
    info = {}
    try:
        text = open(path).read()
    except OSError:
        return info
    m = re.search(r"\| \*\*total\*\* \| [\d.]+ \| (\d+) \| (\d+) \| ([\d.]+)% \| (\d+) \| (\d+) \|", text)
    if m:
        info["code_before"], info["code_after"] = int(m.group(1)), int(m.group(2))
        info["growth_pct"] = float(m.group(3))
        info["static_writes"], info["static_added"] = int(m.group(4)), int(m.group(5))
    m = re.search(r"Static: ([\d.]+) instructions added", text)
    if m:
        info["static_per_write"] = float(m.group(1))
    m = re.search(r"# Dynamic.*?\| \*\*total\*\* \| (\d+) \| (\d+) \| (\d+) \| ([\d.]+) \|", text, re.S)
    if m:
        info["dyn_instr"], info["dyn_writes"] = int(m.group(1)), int(m.group(2))
        info["dyn_translated"], info["dyn_per_write"] = int(m.group(3)), float(m.group(4))
    # subtotals: the compute kernels (the set the goal was first measured
    # on) and the program-shaped kernels
    for g in re.findall(r"^\| \*(compute kernels|program kernels)\* \| (\d+) \| (\d+) \| (\d+) \| ([\d.]+) \|",
                        text, re.M):
        info["dyn_" + g[0].split()[0]] = float(g[4])
    rows = re.findall(r"^\| (mbench|mcompute|usertests) \| [\d.]+ \| (\d+) \| (\d+) \| ([\d.]+)% \|", text, re.M)
    info["programs"] = {r[0]: (int(r[1]), int(r[2]), float(r[3])) for r in rows}
    return info


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build",
                    help="build directory (kernel.elf, fs.img, fs-all.img): the main build")
    ap.add_argument("--mirrorbt", default=os.path.join("build", "bench", "mirrorbt.md"))
    ap.add_argument("--runs", type=int, default=5, help="wall-clock boots per side")
    ap.add_argument("--quick", action="store_true",
                    help="2 wall runs, no repeat of the instr and faultbench boots")
    ap.add_argument("--only", help="comma-separated workloads, faultbench among them "
                    "(a partial run, for trying)")
    opts = ap.parse_args()
    run_fault = True
    if opts.only:
        keep = set(opts.only.split(","))
        WORKLOADS[:] = [w for w in WORKLOADS if w[0] in keep]
        run_fault = "faultbench" in keep
    if os.nice(0) < 10:
        os.nice(10 - os.nice(0))
    # SIGTERM ends the run like ^C: the boot in progress is killed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    build = os.path.join(ROOT, opts.build) if not os.path.isabs(opts.build) else opts.build
    qemu.KERNEL = os.path.join(build, "kernel.elf")
    image = os.path.join(build, "fs.img")
    image_all = os.path.join(build, "fs-all.img")
    if not (os.path.exists(qemu.KERNEL) and os.path.exists(image)):
        print("eval: no kernel.elf and fs.img in %s (make bench builds them)" % build)
        return 1
    if run_fault and not os.path.exists(image_all):
        print("eval: no fs-all.img in %s (make bench builds it)" % build)
        return 1
    runs = 2 if opts.quick else max(opts.runs, 1)
    t_start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="memv6-eval-")
    problems = []
    instr = {}    # (name, side) -> list of per-run value dicts (-icount)
    wall = {}     # (name, side) -> list of time values
    fault = []    # faultbench's values, one dict per boot
    reps = 1 if opts.quick else 2
    try:
        master = os.path.join(tmp, "master.img")
        shutil.copyfile(image, master)

        def progress_for(tag):
            def p(name, vals, secs):
                if "wall" in tag:
                    shown, unit = fmt_int(vals.get(name + ".time", 0) / 10.0), "us"
                else:
                    shown, unit = fmt_int(vals.get(name + ".instret", 0)
                                          - vals.get(name + ".idle", 0)), "instr"
                print("  %-30s %-9s %15s %s  (%.0f s into the boot)"
                      % (tag, name, shown, unit, secs), flush=True)
            return p

        def boot(ws, side, icount, tag, timeout):
            if not ws:
                return None
            cmd = boot_command(ws, side == "mirrored")
            b = Boot(master, tmp, cmd, icount, timeout, progress_for("[%s, %s]" % (tag, side)))
            for w in ws:
                if b.get(w[0], "instret") is None:
                    problems.append("%s %s %s: no result%s" % (tag, side, w[0],
                                    " (boot timed out)" if b.timed_out else ""))
            if any(w[0] == "suite" for w in ws) and b.get("suite", "status") not in (None, 0):
                problems.append("%s %s: usertests exit status %s" % (tag, side, b.get("suite", "status")))
            if "FAIL " in b.output:
                for line in b.output.splitlines():
                    if line.startswith("FAIL "):
                        problems.append("%s %s: %s" % (tag, side, line))
            return b

        # (a) Instruction counts: each side twice, every workload in one boot.
        print("instr: -icount shift=0, 1 hart, %d boot(s) per side" % reps, flush=True)
        for rep in range(reps):
            for side in ("native", "mirrored"):
                b = boot(WORKLOADS, side, "shift=0", "instr run %d" % (rep + 1), 1500)
                for w in WORKLOADS if b else []:
                    instr.setdefault((w[0], side), []).append(
                        {k.split(".", 1)[1]: v for k, v in b.values.items()
                         if k.split(".", 1)[0] == w[0]})

        # (b) Recovery latency: /m/faultbench from the all-translated image.
        if run_fault:
            print("recovery: /m/faultbench %d, memv6.faultinj, -icount shift=0, %d boot(s)"
                  % (FAULTBENCH_PAGES, reps), flush=True)
            fmaster = os.path.join(tmp, "master-all.img")
            shutil.copyfile(image_all, fmaster)
            for rep in range(reps):
                b = Boot(fmaster, tmp, "/m/faultbench %d" % FAULTBENCH_PAGES, "shift=0", 600,
                         options=("poweroff", "faultinj"))
                missing = [k for k, _ in FAULTBENCH if b.values.get(k) is None]
                if missing:
                    problems.append("faultbench run %d: no %s%s" % (
                        rep + 1, ", ".join(missing), " (boot timed out)" if b.timed_out else ""))
                    tail = [l for l in b.output.splitlines() if l.startswith("faultbench")]
                    problems.extend("faultbench run %d: %s" % (rep + 1, l) for l in tail)
                fault.append(b.values)
                print("  [faultbench run %d] %s  (%.0f s)" % (
                    rep + 1, ", ".join("%s %s" % (k, fmt_int(b.values.get(k)))
                                       for k, _ in FAULTBENCH), b.seconds), flush=True)

        # (c) Wall clock: RUNS boots per side, alternated.
        print("wall: no -icount, 1 hart, %d boots per side, alternated" % runs, flush=True)
        for r in range(runs if WORKLOADS else 0):
            for side in (("native", "mirrored") if r % 2 == 0 else ("mirrored", "native")):
                b = boot(WORKLOADS, side, None, "wall run %d" % (r + 1), 1200)
                for w in WORKLOADS if b else []:
                    t = b.get(w[0], "time")
                    if t is not None:
                        wall.setdefault((w[0], side), []).append(t / 1e7)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    elapsed = time.monotonic() - t_start
    rows = build_rows(instr, wall)
    mbt = parse_mirrorbt(os.path.join(ROOT, opts.mirrorbt) if not os.path.isabs(opts.mirrorbt)
                         else opts.mirrorbt)
    write_csv(rows)
    chart = write_chart(rows)
    write_md(rows, mbt, runs, reps, elapsed, problems, chart, fault_summary(fault))
    print("eval: %s, %s%s written in %.0f s" % (
        os.path.relpath(OUT_MD, ROOT), os.path.relpath(OUT_CSV, ROOT),
        (", " + os.path.relpath(OUT_SVG, ROOT)) if chart else " (no chart: gnuplot missing or no ratio)",
        elapsed))
    for p in problems:
        print("  problem: %s" % p)
    return 0


def spread(xs):
    """(max - min) / min in percent over repeated runs; None for one run."""
    if len(xs) < 2 or not min(xs):
        return None
    return (max(xs) - min(xs)) / float(min(xs)) * 100


def fault_summary(runs):
    """faultbench's figures (first boot) and whether the boots agree:
    {key: value}, plus "runs", "spread" (largest, in percent) and "pages"
    (copies re-homed)."""
    if not runs:
        return {}
    out = {"runs": len(runs)}
    sp = []
    for k, _ in FAULTBENCH + [("bank_rehome_pages", ""), ("bank_rehome_total_instructions", "")]:
        xs = [r[k] for r in runs if r.get(k) is not None]
        out[k] = xs[0] if xs else None
        if spread(xs) is not None:
            sp.append(spread(xs))
    out["spread"] = max(sp) if sp else None
    return out


def first(lst, key):
    vals = [d.get(key) for d in lst or [] if d.get(key) is not None]
    return vals[0] if vals else None


def build_rows(instr, wall):
    rows = []
    for name, group, _, _, is_disk in WORKLOADS:
        nat, mir = instr.get((name, "native"), []), instr.get((name, "mirrored"), [])
        row = {"workload": name, "group": group, "disk": is_disk}
        # instr: instret minus the kernel's idle instret over the workload
        ni = [d["instret"] - d.get("idle", 0) for d in nat if "instret" in d]
        mi = [d["instret"] - d.get("idle", 0) for d in mir if "instret" in d]
        row["instr_native"] = statistics.median(ni) if ni else None
        row["instr_mirrored"] = statistics.median(mi) if mi else None
        for side, lst in (("native", nat), ("mirrored", mir)):
            idle = [d["idle"] for d in lst if "idle" in d]
            row["idle_%s" % side] = statistics.median(idle) if idle else None
        # repeatability: identical (or spread in %) over the repeated boots
        row["instr_runs"] = max(len(ni), len(mi))
        row["instr_spread_native"] = spread(ni)
        row["instr_spread_mirrored"] = spread(mi)
        row["instr_ratio"] = (row["instr_mirrored"] / row["instr_native"]
                              if ni and mi and row["instr_native"] else None)
        row["instr_spread"] = max([x for x in (row["instr_spread_native"],
                                               row["instr_spread_mirrored"]) if x is not None],
                                  default=None)
        for key in ("frames", "kpages", "pair_faults", "lazy_pages", "cow_faults", "fork_shared",
                    "check"):
            row[key + "_native"] = first(nat, key)
            row[key + "_mirrored"] = first(mir, key)
        wn, wm = wall.get((name, "native"), []), wall.get((name, "mirrored"), [])
        row["wall_runs"] = min(len(wn), len(wm))
        for side, xs in (("native", wn), ("mirrored", wm)):
            row["wall_%s" % side] = statistics.median(xs) if xs else None
            row["wall_%s_min" % side] = min(xs) if xs else None
            row["wall_%s_max" % side] = max(xs) if xs else None
        row["wall_ratio"] = (row["wall_mirrored"] / row["wall_native"]
                             if wn and wm and row["wall_native"] else None)
        row["wall_min_ratio"] = (row["wall_mirrored_min"] / row["wall_native_min"]
                                 if wn and wm and row["wall_native_min"] else None)
        # The figure a workload is judged by: its instructions, idle left
        # out (docs/bench.md).
        row["ratio"] = row["instr_ratio"]
        rows.append(row)
    return rows


CSV_FIELDS = ["workload", "group", "disk", "instr_native", "instr_mirrored", "instr_ratio",
              "instr_runs", "instr_spread_native", "instr_spread_mirrored",
              "idle_native", "idle_mirrored",
              "wall_native", "wall_native_min", "wall_native_max",
              "wall_mirrored", "wall_mirrored_min", "wall_mirrored_max", "wall_ratio", "wall_min_ratio",
              "wall_runs", "ratio",
              "frames_native", "frames_mirrored", "kpages_native", "kpages_mirrored",
              "pair_faults_native", "pair_faults_mirrored", "lazy_pages_native",
              "lazy_pages_mirrored", "cow_faults_native", "cow_faults_mirrored",
              "fork_shared_native", "fork_shared_mirrored", "check_native", "check_mirrored"]


def write_csv(rows):
    with open(OUT_CSV, "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(CSV_FIELDS)
        for r in rows:
            out = []
            for k in CSV_FIELDS:
                v = r.get(k)
                if isinstance(v, float):
                    v = "%.6g" % v
                out.append("" if v is None else v)
            wr.writerow(out)


def write_chart(rows):
    """A clustered bar chart with gnuplot: per workload native (1.0) and
    mirrored (instruction ratio).  Returns False without gnuplot or
    without a ratio to plot."""
    if shutil.which("gnuplot") is None or all(r["ratio"] is None for r in rows):
        return False
    data = os.path.join(ROOT, "bench", ".chart.dat")
    with open(data, "w") as f:
        for r in rows:
            if r["ratio"] is not None:
                f.write('"%s" 1.0 %.4f\n' % (r["workload"], r["ratio"]))
    script = """
set terminal svg size 1100,420 dynamic font "Helvetica,12"
set output '%s'
set title "MemV6: mirrored vs native (native = 1.0; retired instructions, idle left out)"
set ylabel "normalised cost"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -40 nomirror
set yrange [0:*]
set grid ytics
set key top left
set arrow from graph 0, first 1.0 to graph 1, first 1.0 nohead dt 2 lc rgb "#555555"
plot '%s' using 2:xtic(1) title "native" lc rgb "#4c72b0", \\
     '' using 3 title "mirrored" lc rgb "#dd8452", \\
     '' using 0:3:(sprintf("%%.2f",$3)) with labels offset 1.6,0.6 font ",9" notitle
""" % (OUT_SVG, data)
    try:
        r = subprocess.run(["gnuplot"], input=script.encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
    finally:
        try:
            os.unlink(data)
        except OSError:
            pass
    if r.returncode != 0:
        print("eval: gnuplot failed: %s" % r.stdout.decode(errors="replace")[-400:])
        return False
    return True


def analysis(by, by_mbt):
    """Where the mirrored workloads' added instructions go, from the
    counters, and the kernel profile of bench/profile.py when present;
    by_mbt: parse_mirrorbt's figures."""
    L = []
    for name in ("sbrk", "mem"):
        r = by[name]
        if r["instr_ratio"] and r["pair_faults_mirrored"]:
            extra = r["instr_mirrored"] - r["instr_native"]
            L.append("- **%s** (%s): %s added instructions over %s pair faults, %s per "
                     "fault; the native run has the same number of lazy fills (%s).  Each "
                     "pair fault zeroes and maps two frames instead of one, and the mirror "
                     "PTE needs its own walk: the added cost is that second page."
                     % (name, pct(r["instr_ratio"]), fmt_int(extra),
                        fmt_int(r["pair_faults_mirrored"]),
                        fmt_int(extra / r["pair_faults_mirrored"]), fmt_int(r["lazy_pages_native"])))
    for name, forks in (("fork", 128), ("forkexec", 100)):
        r = by[name]
        if r["instr_ratio"]:
            L.append("- **%s** (%s): %s instructions per fork native, %s mirrored; fork "
                     "shared %s pages native, %s mirrored (the counter counts a mirrored "
                     "page once, but it has two PTEs and two frames to share).  "
                     "Nearly all of it is kernel work per page (user code is a few hundred "
                     "instructions per fork): sharing at fork and dropping at exit visit "
                     "twice the PTEs and frames, and the mirror half has its own page-table "
                     "pages (kpages %s / %s)."
                     % (name, pct(r["instr_ratio"]), fmt_int(r["instr_native"] / forks),
                        fmt_int(r["instr_mirrored"] / forks), fmt_int(r["fork_shared_native"]),
                        fmt_int(r["fork_shared_mirrored"]), fmt_int(r["kpages_native"]),
                        fmt_int(r["kpages_mirrored"])))
    comp = [by[k] for k in COMPUTE_KERNELS if by[k]["instr_ratio"]]
    if comp:
        L.append("- **compute set**: no faults in the measured part (pair faults 0), so the "
                 "added instructions are the translated stores themselves: from %s (%s) to "
                 "%s (%s), growing with the share of stores; mirrorbt adds %s instructions "
                 "per dynamic store (the floor is 1.0)."
                 % (min(comp, key=lambda r: r["instr_ratio"])["workload"],
                    pct(min(r["instr_ratio"] for r in comp)),
                    max(comp, key=lambda r: r["instr_ratio"])["workload"],
                    pct(max(r["instr_ratio"] for r in comp)),
                    "%.2f" % by_mbt.get("dyn_compute", by_mbt.get("dyn_per_write", 0))
                    if by_mbt else "about 2"))
    prof = os.path.join(ROOT, "bench", "profile-fork.md")
    if os.path.exists(prof):
        text = open(prof).read()
        table = [l for l in text.splitlines() if l.startswith("|")]
        L.append("")
        L.append("Kernel profile of `mbench fork` (bench/profile.py, generated %s): "
                 "instructions per kernel function over the fork workload and its heap "
                 "set-up, from QEMU's execution log:\n"
                 % time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(prof))))
        L.extend(table)
        L.append("")
        L.append("Per shared page, fork adds a reference (`frame_dup`) and writes the "
                 "child's PTE, exit drops it (`frame_free`, inside `us_unmap`'s walk); a "
                 "mirrored page has two of each.  What was done (docs/memory.md, \"Cost per "
                 "page\", with the figures of each step: fork 1.84 → 1.62): reference "
                 "counts as atomic words instead of the bank lock, one walk per leaf page "
                 "table instead of one from the root per page, the page iterator inlined "
                 "into each caller, no emptiness scan of page-table pages a drop covered "
                 "whole, memset in 8-word blocks.  What is left is the page's own work, "
                 "doubled; going further needs page-table pages shared between parent and "
                 "child at fork (no per-page work there at all), which the fault, repair "
                 "and poison paths would have to learn first.")
    return L


class _Missing(dict):
    """A workload left out of this run: every figure None."""

    def __missing__(self, key):
        return None


def write_md(rows, mbt, runs, reps, elapsed, problems, chart, fault):
    by = {r["workload"]: r for r in rows}
    for w in MEMV6 + SYSCALL + COMPUTE + SUITE:
        by.setdefault(w[0], _Missing())
    g4 = [by[w[0]]["ratio"] for w in MEMV6 if by[w[0]]["ratio"]]
    comp = [by[w[0]]["instr_ratio"] for w in COMPUTE if by[w[0]]["instr_ratio"]]
    w4 = [by[w[0]]["wall_ratio"] for w in MEMV6 if by[w[0]]["wall_ratio"]]
    wcomp = [by[w[0]]["wall_ratio"] for w in COMPUTE if by[w[0]]["wall_ratio"]]
    L = []
    L.append("# MemV6 benchmark results: native vs mirrored\n")
    L.append("Generated %s by `make bench` (bench/eval.py) in %.0f min, host load average %s "
             "(2 cores shared with other work).\n"
             % (time.strftime("%Y-%m-%d %H:%M"), elapsed / 60.0,
                " ".join("%.1f" % x for x in os.getloadavg())))
    L.append("*Native* runs `/PROG`, *mirrored* runs `/m/PROG` from the same image (the main "
             "build's `build/fs.img`): the same program translated by mirrorbt for the kernel's "
             "mirror offset 2^37, which the kernel runs mirrored (every page twice, in two "
             "banks).  QEMU `virt`, one hart, 128 MiB.  *instr* = guest `instret` over the "
             "workload under `-icount shift=0`, minus the instret the kernel counted idle "
             "(`memstat.idle_instret`), which is reported on its own (%d boot(s) per side); "
             "*wall* = the time CSR without `-icount`, median of %d boots per side, native and "
             "mirrored alternated.  Ratio = mirrored / native.  docs/bench.md explains each "
             "figure.\n" % (reps, runs))
    if chart:
        L.append("![native vs mirrored](results.svg)\n")

    L.append("## Goals (issue 11)\n")
    L.append("| goal | target | measured | wall clock only (noisy) | met? |")
    L.append("|---|---|---|---|---|")

    def met(v, lim):
        return "-" if v is None else ("yes" if v <= lim else "**no**")
    avg4 = sum(g4) / len(g4) if g4 else None
    wavg4 = sum(w4) / len(w4) if w4 else None
    worst = max(g4) if g4 else None
    worst_name = max(MEMV6, key=lambda w: by[w[0]]["ratio"] or 0)[0] if g4 else "-"
    L.append("| MemV6's four: average overhead | ≤ 25 %% | %s | %s | %s |"
             % (pct(avg4), pct(wavg4), met(avg4, 1.25)))
    L.append("| MemV6's four: worst overhead | ≤ 55 %% | %s (%s) | %s | %s |"
             % (pct(worst), worst_name, pct(max(w4) if w4 else None), met(worst, 1.55)))
    gm = geomean(comp)
    L.append("| compute set: geometric mean | ≤ 1.10 | %s | %s | %s |"
             % (fmt_ratio(gm), fmt_ratio(geomean(wcomp)), met(gm, 1.10)))
    s = by["suite"]
    L.append("| test suite (subset, below) | ≤ 10 %% | %s | %s | %s |"
             % (pct(s["ratio"]), pct(s["wall_ratio"]), met(s["ratio"], 1.10)))
    dpw, dcomp = mbt.get("dyn_per_write"), mbt.get("dyn_compute")
    if dpw is None:
        measured = "-"
    elif dcomp is None:
        measured = "%.2f (mirrorbt-bench, bench/mirrorbt kernels)" % dpw
    else:
        measured = ("%.2f on the five compute kernels, %.2f on all ten with the program-shaped "
                    "ones (mirrorbt-bench, bench/mirrorbt; docs/mirrorbt.md)" % (dcomp, dpw))
    L.append("| added dynamic instructions per dynamic store | ≤ 1.5 (stretch 1.3) | %s | | %s |"
             % (measured, met(dcomp if dcomp is not None else dpw, 1.5) +
                ("" if dcomp is None or dpw <= 1.5 else " (compute kernels); **no** (all ten)")))
    if fault.get("recover_native_instructions") is not None:
        rec = "%s instructions per page rebuilt from the mirror, %s from the native copy (below)" % (
            fmt_int(fault["recover_native_instructions"]),
            fmt_int(fault["recover_mirror_instructions"]))
    else:
        rec = "not measured in this run"
    L.append("| recovery latency | reported | %s | | - |" % rec)
    L.append("")
    L.append("*Measured* is the instruction ratio: instructions retired over the workload with "
             "the kernel's idle instructions left out, so that the disk-bound bigwrite and suite "
             "count their work and not the host's I/O time (Notes).  The wall-clock column is "
             "the median ratio of every workload; on this shared 2-core host it is dominated by "
             "load noise and, for the compute set, by QEMU's TLB (Notes).\n")
    L.append("### Also reported: recovery latency\n")
    if fault:
        L.append("`/m/faultbench %d` (bench/user/faultbench.c), booted from the every-program-"
                 "translated image (`build/fs-all.img`) with `memv6.faultinj` under `-icount "
                 "shift=0`; instret counts the hart's user and kernel instructions.  %s\n"
                 % (FAULTBENCH_PAGES,
                    "%d boots: %s." % (fault["runs"], "identical" if fault["spread"] == 0
                                       else "they differ by up to %.3g %%" % fault["spread"])
                    if fault["runs"] > 1 and fault["spread"] is not None else "1 boot."))
        L.append("| measure | instructions per page |")
        L.append("|---|---|")
        for k, what in FAULTBENCH:
            L.append("| %s | %s |" % (what, fmt_int(fault.get(k))))
        L.append("")
        L.append("The bank failure re-homed %s copies that the failed bank held (of the %d MiB "
                 "heap's pages and of the other processes', all mirrored in this image) in one "
                 "call of %s instructions."
                 % (fmt_int(fault.get("bank_rehome_pages")), FAULTBENCH_PAGES * 4096 >> 20,
                    fmt_int(fault.get("bank_rehome_total_instructions"))))
    else:
        L.append("Not measured in this run (`--only` without faultbench).")
    L.append("")

    for group in ("memv6", "syscall", "compute", "suite"):
        L.append("## %s\n" % GROUP_TITLE[group])
        L.append("| workload | instr native | instr mirrored | ratio | repeat | idle native / "
                 "mirrored | wall native ms (min-max) | wall mirrored ms (min-max) | ratio | "
                 "ratio of minima |")
        L.append("|---|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            if r["group"] != group:
                continue
            if r["instr_runs"] >= 2:
                sp = [x for x in (r["instr_spread_native"], r["instr_spread_mirrored"])
                      if x is not None]
                rep = "identical" if sp and max(sp) == 0 else ("±%.3g %%" % max(sp) if sp else "-")
            else:
                rep = "1 run"

            def wcell(side):
                if r["wall_%s" % side] is None:
                    return "-"
                return "%.1f (%.1f-%.1f)" % (r["wall_%s" % side] * 1e3,
                                             r["wall_%s_min" % side] * 1e3,
                                             r["wall_%s_max" % side] * 1e3)
            L.append("| %s | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s |" % (
                r["workload"], fmt_int(r["instr_native"]), fmt_int(r["instr_mirrored"]),
                fmt_ratio(r["instr_ratio"]), rep, fmt_int(r["idle_native"]),
                fmt_int(r["idle_mirrored"]), wcell("native"), wcell("mirrored"),
                fmt_ratio(r["wall_ratio"]), fmt_ratio(r["wall_min_ratio"])))
        if group == "compute":
            L.append("| **geometric mean** | | | %s | | | | | %s | |" % (fmt_ratio(gm),
                                                                    fmt_ratio(geomean(wcomp))))
            bad = [r["workload"] for r in rows if r["group"] == "compute"
                   and r["check_native"] != r["check_mirrored"]]
            L.append("")
            L.append("Result checksums native vs mirrored: %s.\n"
                     % ("all equal" if not bad else "**differ** for " + ", ".join(bad)))
        else:
            L.append("")

    L.append("## Memory and traps (from `memstat`, over each workload)\n")
    L.append("*frames*: user frames in use at the workload's peak beyond its start; *kpages*: "
             "kernel-pool pages likewise (page tables, pair tables); *pair faults*: faults "
             "that served both copies of a mirrored page; *lazy*, *COW*: lazy fills and "
             "copy-on-write breaks.  Native / mirrored.\n")
    L.append("| workload | frames | kpages | pair faults (mirrored) | lazy | COW breaks | "
             "fork-shared pages |")
    L.append("|---|---|---|---|---|---|---|")
    for r in rows:
        if r["group"] == "compute" and r["workload"] != COMPUTE_KERNELS[0]:
            continue

        def pair(k):
            return "%s / %s" % (fmt_int(r[k + "_native"]), fmt_int(r[k + "_mirrored"]))
        name = r["workload"] if r["group"] != "compute" else "compute (each kernel)"
        L.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            name, pair("frames"), pair("kpages"), fmt_int(r["pair_faults_mirrored"]),
            pair("lazy_pages"), pair("cow_faults"), pair("fork_shared")))
    L.append("")

    L.append("## What dominates the overhead\n")
    L.extend(analysis(by, mbt))
    L.append("")
    L.append("## Translator: code growth and added instructions per store\n")
    if mbt:
        L.append("From `make mirrorbt-bench` (build/bench/mirrorbt.md, docs/mirrorbt.md):\n")
        if "code_before" in mbt:
            L.append("- static code growth over the image's programs: %s → %s bytes (%+.1f %%); "
                     "%s stores instrumented with %s added instructions (%.2f per store)"
                     % (fmt_int(mbt["code_before"]), fmt_int(mbt["code_after"]),
                        mbt["growth_pct"], fmt_int(mbt["static_writes"]),
                        fmt_int(mbt["static_added"]), mbt.get("static_per_write", 0)))
        for p, (a, b, g) in sorted(mbt.get("programs", {}).items()):
            L.append("- %s: %s → %s bytes (%+.1f %%)" % (p, fmt_int(a), fmt_int(b), g))
        if "dyn_per_write" in mbt:
            L.append("- dynamic (bench/mirrorbt kernels under qemu-riscv64, `--offset 0`): "
                     "%s stores executed, %.2f instructions added per store "
                     "(%s → %s instructions)"
                     % (fmt_int(mbt["dyn_writes"]), mbt["dyn_per_write"],
                        fmt_int(mbt["dyn_instr"]), fmt_int(mbt["dyn_translated"])))
    else:
        L.append("build/bench/mirrorbt.md was not found (run `make mirrorbt-bench`).")
    L.append("")
    L.append("## Notes\n")
    L.append("- **instret is the virtual clock; idle is left out.** Under `-icount`, QEMU "
             "7.2's `instret` (like `cycle` and `time`) is the icount clock, which also "
             "advances while the hart waits in `wfi` -- with sleep on (used here) by the "
             "host's real time.  The kernel counts that idle time (`memstat.idle_instret`: "
             "from a scheduler scan that finds nothing to run until it next runs a process, "
             "device interrupt handlers excluded, which count as work), and *instr* is "
             "instret minus idle.  The *idle* column is the part left out: it is the host's I/O "
             "time and varies from run to run; the *repeat* column says how well the rest "
             "repeats.")
    L.append("- The suite is a subset (`usertests %s`, the last workload of each boot): the "
             "whole suite takes tens of minutes per boot under QEMU.  `/m/usertests` runs mirrored; the "
             "few tests that exec `/usertests` again run that child native." % SUITE_ARGS)
    if problems:
        L.append("\n## Problems in this run\n")
        for p in problems:
            L.append("- %s" % p)
    with open(OUT_MD, "w") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    sys.exit(main())
