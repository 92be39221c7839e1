#!/usr/bin/env python3
"""The long fault campaign: what `make campaign` runs (docs/memory.md,
"The campaign").

    python3 tests/campaign.py [--injections N] [--seed S] [--chunk N]
    python3 tests/campaign.py --chunk-seed S --injections N   # one boot

The in-OS campaign (usertests campaign.run, user/tests/campaign.c) runs
in boots of its own, CHUNK injections each (a boot can fail only
NBANK - 2 banks): every boot gets a fresh copy of build/fs.img (never the
image itself), the kernel option memv6.faultinj, and a seed derived from
the campaign's seed, printed before it starts.  A boot that panics counts
as a panic, one that does not finish in time as a hang; the per-kind
tables of the others are added up.  Every process the campaign says was
killed must have its kernel line, and every kernel kill line must be one
of those.  The last line is the campaign's summary:

    campaign: N injections, R recovered, K killed, W wrong, P panics, H hangs

Exit status 0 only if no outcome was wrong for its kind (a kill but of a
worker that must die, a wrong output but after a flip of the native copy,
a worker that must die and lived), no boot reported a problem, panicked
or hung, every kill was loud, and the outcomes add up to the injections.
"""

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

MASK = (1 << 64) - 1
ROW_RE = re.compile(r"^campaign: (\S+)" + r"\s+(\d+)" * 7 + r"\s*$", re.M)
COLUMNS = ["made", "touched", "identical", "killed", "wrong", "limit", "bad"]
FINAL_RE = re.compile(r"^campaign: (\d+) injections, (\d+) recovered, (\d+) killed, (\d+) wrong, "
                      r"(\d+) panics, (\d+) hangs\s*$", re.M)
ANNOUNCED_RE = re.compile(r"^campaign: killed: pids ([\d ]+) \((.*)\)\s*$", re.M)
KERNEL_KILL_RE = re.compile(r"pid (\d+) \(([^)]*)\): killed: ([^\n]*)")
PROBLEM_RE = re.compile(r"^campaign: problem: .*$", re.M)
RESULT_RE = re.compile(r"^(PASS|FAIL) campaign\.run(?::\s*(.*))?$", re.M)


def splitmix(x):
    """splitmix64, as user/tests/fuzz.c has it."""
    x = (x + 0x9e3779b97f4a7c15) & MASK
    x = ((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9) & MASK
    x = ((x ^ (x >> 27)) * 0x94d049bb133111eb) & MASK
    return x ^ (x >> 31)


def chunk_seed(seed, k):
    """The seed of boot k of the campaign with this seed."""
    return splitmix(seed + k) % 10 ** 12


def loud_kills(output):
    """Every process the in-OS campaign says was killed has the kernel's
    line (a memory error), and every kernel kill line is one of those.
    A list of what is not so."""
    wrong = []
    families = [set(int(p) for p in m.group(1).split()) for m in ANNOUNCED_RE.finditer(output)]
    lines = {}
    for m in KERNEL_KILL_RE.finditer(output):
        lines.setdefault(int(m.group(1)), []).append(m.group(0).strip())
    for pids in families:
        said = [l for p in sorted(pids) for l in lines.get(p, [])]
        if not said:
            wrong.append("pids %s were killed without a kernel line" % sorted(pids))
        elif not any("memory error" in l for l in said):
            wrong.append("pids %s were killed, but not for a memory error: %s" % (sorted(pids), said[0]))
    known = set().union(*families) if families else set()
    for pid, said in sorted(lines.items()):
        if pid not in known:
            wrong.append("unexpected kill: %s" % said[0])
    return wrong


def parse(output):
    """What one boot of the in-OS campaign said: its per-kind rows, its
    summary line, its problems and its verdict."""
    rows = {}
    for m in ROW_RE.finditer(output):
        if m.group(1) != "all":
            rows[m.group(1)] = [int(v) for v in m.groups()[1:]]
    final = FINAL_RE.search(output)
    result = RESULT_RE.search(output)
    return {
        "rows": rows,
        "final": [int(v) for v in final.groups()] if final else None,
        "problems": PROBLEM_RE.findall(output),
        "passed": result is not None and result.group(1) == "PASS",
        "why": result.group(2) if result and result.group(2) else "",
    }


def table(rows):
    """The per-kind table, in the in-OS campaign's format."""
    out = ["campaign: kind        " + "".join("%10s" % c for c in COLUMNS)]
    total = [0] * len(COLUMNS)
    for kind, v in rows.items():
        out.append("campaign: %-12s" % kind + "".join("%10d" % x for x in v))
        total = [a + b for a, b in zip(total, v)]
    out.append("campaign: %-12s" % "all" + "".join("%10d" % x for x in total))
    return out, total


TARGETS = ("user", "kernel", "all")


def run_chunk(k, n, seed, injections, tmp, timeout, cpus, target, kdata):
    """One boot on a fresh copy of the image (with kdata: on the
    translated kernel, its data and bss mirrored); returns (what parse()
    says, the boot's result)."""
    img = qemu.fresh_image(os.path.join(tmp, "master.img"), tmp, "campaign.img")
    cmd = "/m/usertests -seed %d -injections %d -target %s campaign.run" % (seed, injections, target)
    print("campaign: boot %d/%d: seed %d, %d injections (replay: python3 tests/campaign.py "
          "--chunk-seed %d --injections %d --target %s%s)" % (k + 1, n, seed, injections, seed, injections,
                                                              target, " --kdata" * kdata), flush=True)

    def on_line(line):
        if line.startswith("campaign: problem:") or line.startswith("FAIL ") or "panic:" in line:
            print("   " + line.strip(), flush=True)
    r = qemu.run(img, cmd, cpus=cpus, timeout=timeout, on_line=on_line,
                 options=("poweroff", "faultinj") + ("kdata",) * kdata)
    os.unlink(img)
    return parse(r.output), r


def main():
    ap = argparse.ArgumentParser(description="the long fault campaign")
    ap.add_argument("--injections", type=int, default=10000)
    ap.add_argument("--seed", default="", help="the campaign's seed (default: a fresh one, printed)")
    ap.add_argument("--chunk", type=int, default=1000, help="injections per boot")
    ap.add_argument("--chunk-seed", type=int, help="one boot with this seed (a boot of an earlier run)")
    ap.add_argument("--cpus", type=int, default=3)
    ap.add_argument("--target", default="user", choices=TARGETS,
                    help="the memory injected into: user pages (native flips, the limit of two "
                         "copies, among them), the kernel's (text, tables, owned pages, pair "
                         "tables: docs/kernel-mirror.md), or both without native flips")
    ap.add_argument("--kdata", action="store_true",
                    help="boot the translated kernel (build/kernel-m.elf) with memv6.kdata: the "
                         "kernel kind loses pages of its data and bss too")
    opts = ap.parse_args()
    kernel = os.path.join(qemu.BUILD, "kernel-m.elf") if opts.kdata else qemu.KERNEL
    if not (os.path.exists(kernel) and os.path.exists(qemu.IMAGE)):
        print("campaign: %s or build/fs.img missing (make first)" % kernel)
        return 2
    if opts.chunk_seed is not None:
        seed, plan = opts.chunk_seed, [(opts.chunk_seed, opts.injections)]
    else:
        seed = int(opts.seed) if str(opts.seed).strip() else random.SystemRandom().randrange(1, 10 ** 12)
        n = max(1, -(-opts.injections // opts.chunk))
        plan = [(chunk_seed(seed, k), min(opts.chunk, opts.injections - k * opts.chunk)) for k in range(n)]
    print("campaign: seed %d, %d injections into %s memory in %d boot%s (replay: make campaign "
          "CAMPAIGN_SEED=%d CAMPAIGN_INJECTIONS=%d CAMPAIGN_TARGET=%s%s)"
          % (seed, sum(i for _, i in plan), opts.target, len(plan), "s" * (len(plan) > 1), seed,
             opts.injections, opts.target, " CAMPAIGN_KDATA=1" * opts.kdata), flush=True)

    start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="memv6-campaign-")
    rows, panics, hangs, failures = {}, 0, 0, []
    try:
        kcopy = os.path.join(tmp, "kernel.elf")      # a rebuild meanwhile changes nothing here
        shutil.copyfile(kernel, kcopy)
        shutil.copyfile(qemu.IMAGE, os.path.join(tmp, "master.img"))
        qemu.KERNEL = kcopy
        for k, (cseed, injections) in enumerate(plan):
            said, r = run_chunk(k, len(plan), cseed, injections, tmp, 300 + injections * 0.6, opts.cpus,
                                opts.target, opts.kdata)
            panic = re.search(r"^.*panic:.*$", r.output, re.M)
            where = "boot %d (seed %d)" % (k + 1, cseed)
            if panic:
                panics += 1
                before = r.output[:panic.start()].strip().splitlines()[-4:]
                failures.append("%s: %s" % (where, " | ".join(before + [panic.group(0).strip()])))
            elif r.timed_out or "FAIL campaign.run: timed out" in r.output:
                hangs += 1
                failures.append("%s: hung (%s)" % (where, "no end within %.0f s" % r.seconds
                                                   if r.timed_out else "the in-OS test timed out"))
            elif said["final"] is None:
                failures.append("%s: no summary (QEMU status %s)" % (where, r.status))
            else:
                for kind, v in said["rows"].items():
                    rows[kind] = [a + b for a, b in zip(rows.get(kind, [0] * len(COLUMNS)), v)]
                if not said["passed"]:
                    failures.append("%s: %s" % (where, said["why"] or "campaign.run did not pass"))
                failures += ["%s: %s" % (where, w) for w in loud_kills(r.output)]
            f = said["final"]
            print("   (boot %d: %s; %.0f s)" % (k + 1, "%d injections, %d recovered, %d killed, %d wrong"
                                                % tuple(f[:4]) if f else "no summary", r.seconds),
                  flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    lines, total = table(rows)
    for line in lines:
        print(line)
    made, identical, killed, wrong, limit, bad = (total[0], total[2], total[3], total[4], total[5],
                                                  total[6])
    if made != identical + killed + wrong + limit:
        failures.append("%d injections but %d outcomes" % (made, identical + killed + wrong + limit))
    if bad:
        failures.append("%d outcomes wrong for their kind (%d wrong outputs outside the limit)"
                        % (bad, wrong))
    for why in failures[:40]:
        print("campaign: failure: %s" % why)
    print("campaign: %s; seed %d; %.0f s" % ("FAILED" if failures or panics or hangs else "passed",
                                            seed, time.monotonic() - start))
    print("campaign: %d injections, %d recovered, %d killed, %d wrong, %d panics, %d hangs"
          % (made, identical, killed, wrong + limit, panics, hangs), flush=True)
    return 1 if failures or panics or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
