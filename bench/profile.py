#!/usr/bin/env python3
"""Where a workload's instructions go, native vs mirrored, per kernel
function (`make bench-profile`; docs/bench.md).

QEMU logs each translation block's instructions once (`-d in_asm`) and
one line per block executed (`-d exec,nochain`: chaining off, so every
execution is logged).  Streaming the log through a FIFO, this counts
executed instructions per function of kernel.elf (user code, below the
kernel, is one bucket) over the stretch `make bench` measures: from the
workload's first read of instret (bm_begin, bench/user/bench.h) to its
second (bm_end) -- not its setup, such as the heap the fork workloads
touch first.  A boot running `mbench WORKLOAD`, for /mbench and
/m/mbench.  Writes bench/profile-WORKLOAD.md.

    python3 bench/profile.py [--build build] [WORKLOAD]   (default fork)
"""

import argparse
import bisect
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import qemu  # noqa: E402

KERNBASE = 0x80000000


def symbols(kernel, nm):
    addrs, names = [], []
    out = subprocess.run([nm, "-n", kernel], stdout=subprocess.PIPE, check=True).stdout.decode()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            addrs.append(int(parts[0], 16))
            names.append(parts[2])
    return addrs, names


def classify(pc, addrs, names):
    if pc < KERNBASE:
        return "(user code)"
    if pc >= 0x3f00000000:
        return "(trampoline)"
    i = bisect.bisect_right(addrs, pc) - 1
    return names[i] if i >= 0 else "(unknown)"


def profile(master, tmp, cmd, addrs, names):
    """Instructions per function over the measured stretch of one boot
    running cmd: between the first two executions of user blocks that
    read instret."""
    img = os.path.join(tmp, "boot.img")
    shutil.copyfile(master, img)
    fifo = os.path.join(tmp, "log.fifo")
    if os.path.exists(fifo):
        os.unlink(fifo)
    os.mkfifo(fifo)
    argv = qemu.qemu_argv(img, cpus=1, append=qemu.boot_line(cmd))
    argv += ["-icount", "shift=0,sleep=off", "-d", "in_asm,exec,nochain", "-D", fifo]
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    console = []
    t = threading.Thread(target=lambda: console.append(proc.stdout.read()))
    t.start()
    size = {}        # TB start pc -> instructions
    counts = {}      # function -> instructions executed
    cache = {}       # pc -> function
    cur_pc, cur_n, in_tb = None, 0, False
    marks = set()    # user blocks that read instret
    reads = 0        # executions of those so far: the stretch is while 1
    insn = re.compile(r"^0x([0-9a-f]+):\s")
    trace = re.compile(r"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
    with open(fifo, "r", errors="replace") as log:
        for line in log:
            if line.startswith("Trace"):
                m = trace.match(line)
                if m:
                    pc = int(m.group(1), 16)
                    if pc in marks:
                        reads += 1
                    if reads != 1:
                        continue
                    fn = cache.get(pc)
                    if fn is None:
                        fn = cache[pc] = classify(pc, addrs, names)
                    counts[fn] = counts.get(fn, 0) + size.get(pc, 1)
                continue
            if line.startswith("IN:"):
                in_tb, cur_pc, cur_n = True, None, 0
                continue
            if in_tb:
                m = insn.match(line)
                if m:
                    if cur_pc is None:
                        cur_pc = int(m.group(1), 16)
                    cur_n += 1
                    if cur_pc < KERNBASE and "instret" in line:
                        marks.add(cur_pc)
                elif line.strip() == "" and cur_pc is not None:
                    size[cur_pc] = cur_n
                    in_tb = False
    proc.wait()
    t.join()
    return counts, b"".join(console).decode(errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--nm", default=None)
    ap.add_argument("workload", nargs="?", default="fork")
    opts = ap.parse_args()
    build = opts.build if os.path.isabs(opts.build) else os.path.join(ROOT, opts.build)
    qemu.KERNEL = os.path.join(build, "kernel.elf")
    nm = opts.nm or next((p + "nm" for p in ("riscv64-unknown-elf-", "riscv64-linux-gnu-")
                          if shutil.which(p + "nm")), "nm")
    addrs, names = symbols(qemu.KERNEL, nm)
    if os.nice(0) < 10:
        os.nice(10 - os.nice(0))
    tmp = tempfile.mkdtemp(prefix="memv6-prof-")
    res = {}
    try:
        master = os.path.join(tmp, "master.img")
        shutil.copyfile(os.path.join(build, "fs.img"), master)
        for side, prog in (("native", "mbench"), ("mirrored", "/m/mbench")):
            res[side], out = profile(master, tmp, "%s %s" % (prog, opts.workload), addrs, names)
            if "BENCH %s.instret" % opts.workload not in out:
                print("profile: %s run printed no result:\n%s" % (side, out[-500:]))
                return 1
            print("profile: %s done (%d instructions in the measured stretch)"
                  % (side, sum(res[side].values())), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    nat, mir = res["native"], res["mirrored"]
    tn, tm = sum(nat.values()), sum(mir.values())
    fns = sorted(set(nat) | set(mir), key=lambda f: -(abs(mir.get(f, 0) - nat.get(f, 0))))
    path = os.path.join(ROOT, "bench", "profile-%s.md" % opts.workload)
    with open(path, "w") as f:
        f.write("# Profile of `mbench %s`: instructions per kernel function\n\n" % opts.workload)
        f.write("bench/profile.py: QEMU `-d in_asm,exec,nochain` (every executed translation "
                "block), a boot running `mbench %s`, counted over the stretch `make bench` "
                "measures (from bm_begin's read of instret to bm_end's: the workload's setup "
                "left out), native (`/mbench`) and mirrored (`/m/mbench`), one hart, `-icount "
                "shift=0,sleep=off`.  Sorted by the mirrored-minus-native difference; "
                "functions that differ by less than 0.5 %% of the native total are left out.\n\n"
                % opts.workload)
        f.write("| function | native | mirrored | difference | share of the added |\n")
        f.write("|---|---|---|---|---|\n")
        added = tm - tn
        for fn in fns:
            d = mir.get(fn, 0) - nat.get(fn, 0)
            if abs(d) < 0.005 * tn:
                continue
            f.write("| %s | {:,} | {:,} | {:+,} | %s |\n".format(nat.get(fn, 0), mir.get(fn, 0), d)
                    % (fn, "%.1f %%" % (100.0 * d / added) if added else "-"))
        f.write("| **total** | {:,} | {:,} | {:+,} ({:+.1f} %) | |\n".format(
            tn, tm, added, 100.0 * added / tn if tn else 0))
    print("profile: %s written" % os.path.relpath(path, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
