#!/usr/bin/env python3
"""mirrorbt benchmark (a report, not a test).  Usage: bench.py MIRRORBT OUT.md PROG...

For every program: translation time (best of 3), code size before and
after, memory writes instrumented, instructions added and the `add tp`
saved by reuse, then the totals."""
import os
import re
import subprocess
import sys
import tempfile
import time

mbt, report, progs = sys.argv[1], sys.argv[2], sys.argv[3:]
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
print(open(report).read())
