#!/usr/bin/env python3
"""Seeded, bounded fuzz test of mirrorbt's section header checks.

Usage: hdrfuzz.py BUILD COUNT SEED

Each case copies a test program and changes one or two fields of its
section headers (type, flags, address, offset, size, link, info,
alignment, entry size) at random.  The loader (qemu-riscv64, the kernel)
reads only the program headers, so the changed file runs exactly as the
original; mirrorbt must either refuse it (one line on stderr, an exit
status of a refusal, no output) or translate it into a program that
behaves exactly like the original: same output and status with
--offset 0, and at a real offset also every writable byte equal to its
mirror at exit.  Anything else (a different behaviour, a crash of
mirrorbt, a refusal that leaves output) is a failure.  Case i of seed S
is the same on every run: a failure line names S and i; replay with
MBT_HDRFUZZ_SEED=S (and MBT_HDRFUZZ=i+1 to stop after it).

One line per failure, then "PASS hdrfuzz ..." or "FAIL hdrfuzz ..." with
the counts; exit status 1 on any failure."""
import os
import random
import struct
import subprocess
import sys
import tempfile

BUILD, COUNT, SEED = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
MBT = os.path.join(BUILD, "tools", "mirrorbt")
TDIR = os.path.join(BUILD, "tools", "mirrorbt-tests")
PROGS = ["cprog", "anchor", "pcnoreloc", "clangstatic", "stores"]
REFUSED = set(range(10, 23))          # mirrorbt's refusal statuses (docs/mirrorbt.md)
OFFSET = "2000000000"
# name: (offset in Elf64_Shdr, struct format)
FIELDS = {"type": (4, "<I"), "flags": (8, "<Q"), "addr": (0x10, "<Q"), "offset": (0x18, "<Q"),
          "size": (0x20, "<Q"), "link": (0x28, "<I"), "info": (0x2c, "<I"),
          "addralign": (0x30, "<Q"), "entsize": (0x38, "<Q")}
TYPES = [0, 1, 2, 3, 4, 7, 8, 9, 14, 15, 16, 0x70000003]
FLAGS = [1, 2, 4, 0x10, 0x20, 0x40, 0x400]     # W A X MERGE STRINGS INFO_LINK TLS
STEPS = [1, 2, 4, 8, 16, 24, 48, 0x100, 0x1000, 0x40000]


def run(cmd, timeout=30):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return None, "", "timed out"


def new_value(rng, field, old, nsec):
    """A changed value for one field: plausible neighbours of the old
    one (what a corrupted or hand-edited file holds) and some wild ones."""
    step = rng.choice(STEPS) * rng.choice([-1, 1])
    if field == "type":
        return rng.choice(TYPES + [rng.getrandbits(32)])
    if field == "flags":
        return old ^ rng.choice(FLAGS)
    if field in ("link", "info"):
        return rng.choice([rng.randrange(nsec + 2), (old + step) & 0xffffffff])
    if field == "addralign":
        return rng.choice([0, 1, 2, 3, 4, 8, 16, 0x1000])
    if field == "entsize":
        return rng.choice([0, 1, 8, 24, 25, old * 2])
    if field == "size" and rng.random() < 0.2:
        return 0
    return (old + step) & 0xffffffffffffffff


def mutate(rng, data):
    """One or two changed header fields; returns the new bytes and what
    was changed, e.g. '.rela.data size 0xa8->0x90'."""
    data = bytearray(data)
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    nsec, shstr = struct.unpack_from("<HH", data, 0x3c)
    names = struct.unpack_from("<Q", data, shoff + 64 * shstr + 0x18)[0]
    what = []
    for _ in range(1 if rng.random() < 0.75 else 2):
        i = rng.randrange(1, nsec)
        field = rng.choice(sorted(FIELDS))
        at, fmt = shoff + 64 * i + FIELDS[field][0], FIELDS[field][1]
        old = struct.unpack_from(fmt, data, at)[0]
        new = new_value(rng, field, old, nsec) & (0xffffffff if fmt == "<I" else ~0)
        struct.pack_into(fmt, data, at, new)
        nm = struct.unpack_from("<I", data, shoff + 64 * i)[0]
        name = bytes(data[names + nm:data.index(b"\0", names + nm)]).decode(errors="replace") \
            if names + nm < len(data) else f"[{i}]"
        what.append(f"{name or '[%d]' % i} {field} {old:#x}->{new:#x}")
    return bytes(data), ", ".join(what)


def outcome(path, tmp, want, real):
    """'refused' if mirrorbt refuses path properly, 'same' if its
    translation behaves as want (native status and output); else what
    went wrong."""
    out = os.path.join(tmp, "out")
    off = "0x" + OFFSET if real else "0"
    rc, so, se = run([MBT, "--offset", off, "-o", out, path])
    if rc in REFUSED:
        lines = se.strip().splitlines()
        if os.path.exists(out) or len(lines) != 1:
            return f"refused (exit {rc}) but left output or said {se.strip()!r}"
        return "refused"
    if rc != 0:
        return f"mirrorbt exit {rc}: {se.strip()[-200:]!r}"
    got = run(["qemu-riscv64", out] + ([OFFSET] if real else []))[:2]
    os.unlink(out)
    expect = (want[0], want[1] + ("mirror equal\n" if real else ""))
    return "same" if got == expect else f"translated, then exit {got[0]} {got[1]!r}, " \
        f"the original exit {expect[0]} {expect[1]!r}"


def main():
    rng = random.Random(SEED)
    orig = {p: open(os.path.join(TDIR, p), "rb").read() for p in PROGS}
    native = {p: run(["qemu-riscv64", os.path.join(TDIR, p)])[:2] for p in PROGS}
    fails = refused = same = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "in")
        for i in range(COUNT):
            prog = rng.choice(PROGS)
            data, what = mutate(rng, orig[prog])
            with open(path, "wb") as f:
                f.write(data)
            why = outcome(path, tmp, native[prog], i % 2 == 1)
            refused += why == "refused"
            same += why == "same"
            if why not in ("refused", "same"):
                fails += 1
                print(f"FAIL hdrfuzz-{SEED}-{i}: {prog} with {what}: {why}; replay: "
                      f"MBT_HDRFUZZ_SEED={SEED} MBT_HDRFUZZ={i + 1}", flush=True)
    print(f"{'FAIL' if fails else 'PASS'} hdrfuzz: {COUNT} header mutations (seed {SEED}, "
          f"replay with MBT_HDRFUZZ_SEED={SEED}): {refused} refused, {same} translated and "
          f"behaving as the original, {fails} failures", flush=True)
    sys.exit(1 if fails else 0)


main()
