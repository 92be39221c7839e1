#!/usr/bin/env python3
"""mirrorbt benchmark (a report, not a test).
Usage: bench.py MIRRORBT OUT.md PROG... [--dyn BENCHPROG...]

For every program: translation time (best of 3), code size before and
after, memory writes instrumented, instructions added (static, and per
write) and the `add tp` saved by the tp analysis, then the totals.

--dyn: freestanding programs (bench/mirrorbt/, test runtime) run under
qemu-riscv64 as built and translated with --offset 0 (and MBT_OPTS from
the environment); dynamic counts
come from qemu's own logs (-d in_asm,exec,nochain: every translation
block's instructions once, then one line per block executed).  Reported:
dynamic instructions, dynamic writes (stores, AMOs, sc) of the original,
and instructions added per dynamic write."""
import os
import re
import subprocess
import sys
import tempfile
import time

import collections

STORE = re.compile(r"(sb|sh|sw|sd|fsw|fsd|amo\S+|sc\.[wd]\S*)$")
INSN = re.compile(r"0x([0-9a-f]+):\s+[0-9a-f]+\s+(\S+)")
TRACE = re.compile(r"Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")


def dyncount(prog, tmp):
    """(instructions, writes) executed by prog under qemu-riscv64."""
    log = os.path.join(tmp, "qemu.log")
    subprocess.run(["qemu-riscv64", "-d", "in_asm,exec,nochain", "-D", log, prog],
                   capture_output=True, timeout=600, check=False)
    blocks, runs, cur = {}, collections.Counter(), None
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("Trace"):
                runs[int(TRACE.match(line).group(1), 16)] += 1
                cur = None
            elif line.startswith("IN:"):
                cur = []
            elif cur is not None and (m := INSN.match(line)):
                if not cur:
                    blocks[int(m.group(1), 16)] = cur
                cur.append(1 if STORE.match(m.group(2)) else 0)
    os.unlink(log)
    return (sum(n * len(blocks.get(pc, ())) for pc, n in runs.items()),
            sum(n * sum(blocks.get(pc, ())) for pc, n in runs.items()))


# The first five kernels (compute loops) and the ones added for ordinary
# program shapes (struct updates, a hash table, a priority queue, an
# interpreter, memory loops), each with a subtotal.
GROUPS = {"compute kernels": ("crc", "fsm", "matmul", "search", "sort"),
          "program kernels": ("particles", "hash", "heap", "interp", "memops")}
# MBT_OPTS: extra mirrorbt options for the dynamic runs (e.g. --copies 1).
MBTOPTS = os.environ.get("MBT_OPTS", "").split()

args = sys.argv[1:]
dyn = args[args.index("--dyn") + 1:] if "--dyn" in args else []
args = args[:args.index("--dyn")] if "--dyn" in args else args
mbt, report, progs = args[0], args[1], args[2:]
rows, tot = [], {"t": 0.0, "old": 0, "new": 0, "writes": 0, "added": 0, "saved": 0}
with tempfile.TemporaryDirectory() as tmp:
    for prog in progs:
        best, out = None, ""
        for _ in range(3):
            t0 = time.perf_counter()
            r = subprocess.run([mbt, "--stats", "-o", os.path.join(tmp, "out"), prog],
                               capture_output=True, text=True, timeout=120)
            dt = time.perf_counter() - t0
            if r.returncode:
                sys.exit(f"bench: {prog}: {r.stderr.strip()}")
            best, out = min(best or dt, dt), r.stdout
        code = re.search(r"code: (\d+) -> (\d+)", out)
        added = re.search(r"instructions added: (\d+) \(add tp reused: (\d+)", out)
        writes = sum(int(n) for n in re.findall(r" (\d+)", out.split("writes:")[1].split("\n")[0]))
        row = {"name": os.path.basename(prog), "t": best, "old": int(code[1]), "new": int(code[2]),
               "writes": writes, "added": int(added[1]), "saved": int(added[2])}
        rows.append(row)
        for k in tot:
            tot[k] += row[k]
os.makedirs(os.path.dirname(report) or ".", exist_ok=True)
with open(report, "w") as f:
    f.write("# mirrorbt: translation of the user programs\n\n"
            "| program | time ms | code bytes | after | growth | writes | added | add tp saved |\n"
            "|---|---|---|---|---|---|---|---|\n")
    for r in rows + [dict(tot, name="**total**")]:
        f.write(f"| {r['name']} | {1000 * r['t']:.1f} | {r['old']} | {r['new']} | "
                f"{100.0 * (r['new'] - r['old']) / max(r['old'], 1):.1f}% | {r['writes']} | "
                f"{r['added']} | {r['saved']} |\n")
    f.write(f"\nWithout tp reuse the translation would add {tot['added'] + tot['saved']} "
            f"instructions instead of {tot['added']} "
            f"({100.0 * tot['saved'] / max(tot['added'] + tot['saved'], 1):.1f}% fewer).\n")
    f.write(f"\nStatic: {tot['added'] / max(tot['writes'], 1):.2f} instructions added per "
            f"instrumented write.\n")
    if dyn:
        f.write("\n# Dynamic: instructions added per write executed (--offset 0)\n\n"
                "| program | instructions | writes | translated | added per write |\n"
                "|---|---|---|---|---|\n")
        dt = [0, 0, 0]
        groups = {g: [0, 0, 0] for g in GROUPS}
        with tempfile.TemporaryDirectory() as tmp:
            for prog in dyn:
                m = os.path.join(tmp, "m")
                subprocess.run([mbt, *MBTOPTS, "--offset", "0", "-o", m, prog], check=True)
                (n, w), (t, _) = dyncount(prog, tmp), dyncount(m, tmp)
                dt = [dt[0] + n, dt[1] + w, dt[2] + t]
                g = next((g for g, names in GROUPS.items()
                          if os.path.basename(prog) in names), None)
                if g:
                    groups[g] = [groups[g][0] + n, groups[g][1] + w, groups[g][2] + t]
                f.write(f"| {os.path.basename(prog)} | {n} | {w} | {t} | "
                        f"{(t - n) / max(w, 1):.2f} |\n")
        for g, (n, w, t) in groups.items():
            if w:
                f.write(f"| *{g}* | {n} | {w} | {t} | {(t - n) / w:.2f} |\n")
        f.write(f"| **total** | {dt[0]} | {dt[1]} | {dt[2]} | "
                f"{(dt[2] - dt[0]) / max(dt[1], 1):.2f} |\n")
print(open(report).read())
