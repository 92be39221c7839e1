#!/usr/bin/env python3
"""Random-program differential test of mirrorbt with Debian's csmith.

Usage: csmith.py BUILD TOOLPREFIX COUNT FIRST-SEED [REGRESS-DIR]
       (CSMITH_CFLAGS: the user programs' compiler flags without -O)

Seed s gives one program, built with the user flags by one of the 20
variants (VARIANTS): GCC or clang (Debian's, --target=riscv64-unknown-elf)
by s % 2, at -O0/-O1/-O2/-O3/-Os by s / 2 % 5, without or with
relaxation (-mno-relax, -mrelax: R_RISCV_RELAX/ALIGN, the link stays
--no-relax) by s / 10 % 2, and linked with the test runtime (rt.S, a
256 KiB stack).
It runs under qemu-riscv64 as built, translated with --offset 0 (same
output and status), and translated for offset 2^37 with the runtime
mapping the mirror (same output and status, and every byte of .data,
.bss and the stack equal to its mirror at exit).  One line per program:
"PASS csmith-SEED-OPT" or "FAIL csmith-SEED-OPT: why; replay: ...".  A
program that does not finish natively in time (or whose compilation
takes over BUILD_TIMEOUT s on a loaded machine) is skipped (and said so).
REGRESS-DIR holds reduced programs that once failed, NAME-VARIANT.c
(VARIANT as in the PASS lines: [clang-]OPT[-relax], GCC without
relaxation when neither is named); they run the same way first.  Exit
status 1 when anything failed."""
import concurrent.futures
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading

BUILD, PREFIX, COUNT, FIRST = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
REGRESS = sys.argv[5] if len(sys.argv) > 5 else None
CFLAGS = shlex.split(os.environ.get("CSMITH_CFLAGS", ""))
HERE = os.path.dirname(os.path.abspath(__file__))
MBT = os.path.join(BUILD, "tools", "mirrorbt")
CS = os.path.join(BUILD, "tools", "mirrorbt-tests", "csmith")
RT = [os.path.join(CS, "rt.o"), os.path.join(BUILD, "tools", "mirrorbt-tests", "rtlib.o"),
      os.path.join(CS, "support.o")]
OPTS = ["-O0", "-O1", "-O2", "-O3", "-Os"]
CLANG = ["clang", "--target=riscv64-unknown-elf"]


def variant(seed):
    """(compiler, optimisation, relax) of seed: every combination in 20
    consecutive seeds."""
    return ("gcc", "clang")[seed % 2], OPTS[seed // 2 % 5], seed // 10 % 2 == 1


def vname(cc, opt, relax):
    """'-O2', '-clang-O2-relax', ...: how a line and a regression file name it."""
    return ("-clang" if cc == "clang" else "") + opt + ("-relax" if relax else "")
OFFSET = "2000000000"
TIMEOUT = 10
BUILD_TIMEOUT = 300


def run(cmd, timeout=120, cwd=None):
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout, cwd=cwd)
        return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return None, "", "timed out"


def compile_relaxed_clang(flags, opt, src, obj):
    """clang 14's -mrelax does not reach its integrated assembler (no
    R_RISCV_RELAX is emitted): compile to assembly and assemble that under
    `.option relax`, as a relaxing assembler would see it."""
    rc, out, err = run([*CLANG, *flags, opt, "-mrelax", "-S", "-o", obj + ".s", src],
                       BUILD_TIMEOUT)
    if rc != 0:
        return rc, out, err
    with open(obj + ".s") as f:
        text = f.read()
    with open(obj + ".s", "w") as f:
        f.write(".option relax\n" + text)
    return run([*CLANG, *flags, "-mrelax", "-c", "-o", obj, obj + ".s"], BUILD_TIMEOUT)


def build(src, v, exe):
    cc, opt, relax = v
    flags = [f for f in CFLAGS if f != "-mno-relax" and not (cc == "clang" and f == "-no-pie")]
    if cc == "clang" and relax:
        rc, out, err = compile_relaxed_clang(flags, opt, src, exe + ".o")
    else:
        rc, out, err = run([*(CLANG if cc == "clang" else [PREFIX + "gcc"]), *flags, opt,
                            "-mrelax" if relax else "-mno-relax", "-c", "-o", exe + ".o", src],
                           BUILD_TIMEOUT)
    if rc is None:
        return "skip"       # the compiler alone took too long: nothing to compare
    if rc == 0:
        rc, out, err = run([PREFIX + "ld", "--no-relax", "--emit-relocs", "-T",
                            os.path.join(HERE, "test.ld"), "-o", exe, *RT, exe + ".o"])
    return None if rc == 0 else "build failed: " + err.strip()[-300:]


# What the translations exercised: programs with a copied loop entered
# inside, with a borrowed register (from --stats).
FEATS = re.compile(r"loops copied: \d+ \(entered inside: (\d+), registers borrowed: (\d+)\)")
feats = {"inside": 0, "borrowed": 0}
feats_lock = threading.Lock()


def differ(src, v, tmp):
    """None when native and translated agree, else why; 'skip' on timeout.
    v: the variant (compiler, optimisation, relax)."""
    exe = os.path.join(tmp, "p")
    why = build(src, v, exe)
    if why:
        return why      # 'skip' when the compiler timed out
    rc0, out0, err0 = run(["qemu-riscv64", exe], TIMEOUT)
    if rc0 is None:
        return "skip"
    # a program killed by a signal natively (clang's trap for undefined
    # behaviour) never reaches the runtime's mirror check at exit
    mirror = "mirror equal\n" if rc0 >= 0 else ""
    for off, arg, extra in (("0", [], ""), ("0x" + OFFSET, [OFFSET], mirror)):
        m = exe + ".m" + off
        rc, out, err = run([MBT, "--check", "--stats", "--offset", off, "-o", m, exe])
        if rc != 0:
            return f"translation (--offset {off}) failed: exit {rc}: {(out + err).strip()[-300:]}"
        if off != "0" and (f := FEATS.search(out)):
            with feats_lock:
                feats["inside"] += int(f.group(1)) > 0
                feats["borrowed"] += int(f.group(2)) > 0
        rc1, out1, err1 = run(["qemu-riscv64", m, *arg], 4 * TIMEOUT)
        if (rc1, out1) != (rc0, out0 + extra):
            kind = "mirror mismatch" if "mirror differs" in out1 else "difference"
            return (f"{kind} at offset {off}: native exit {rc0} {out0.strip()!r}, "
                    f"translated exit {rc1} {out1.strip()!r} {err1.strip()[-100:]!r}")
    return None


def one(seed):
    v = variant(seed)
    opt = vname(*v)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, f"cs{seed}.c")
        # csmith leaves platform.info in its working directory
        rc, out, err = run(["csmith", "--seed", str(seed), "--no-argc", "-o", src], cwd=tmp)
        if rc != 0:
            return seed, opt, "csmith failed: " + err.strip(), None
        why = differ(src, v, tmp)
        keep = None
        if why and why != "skip":
            keep = os.path.join(BUILD, "csmith-fail", f"cs{seed}{opt}.c")
            os.makedirs(os.path.dirname(keep), exist_ok=True)
            subprocess.run(["cp", src, keep])
        return seed, opt, why, keep


def main():
    fails = diffs = mism = skips = passed = rfails = 0
    agree = {"gcc": 0, "clang": 0}
    for src in sorted(glob.glob(os.path.join(REGRESS, "*.c"))) if REGRESS else []:
        name = os.path.basename(src)[:-2]
        words = name.split("-")[1:]
        v = ("clang" if "clang" in words else "gcc", "-" + next(w for w in words if w[0] == "O"),
             "relax" in words)
        with tempfile.TemporaryDirectory() as tmp:
            why = differ(src, v, tmp)
        rfails += why is not None
        print(f"FAIL regress-{name}: {why}" if why else f"PASS regress-{name}", flush=True)
    print(f"csmith: seeds {FIRST}..{FIRST + COUNT - 1}", flush=True)
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        for seed, opt, why, keep in ex.map(one, range(FIRST, FIRST + COUNT)):
            name = f"csmith-{seed}{opt}"
            if why == "skip":
                skips += 1
                print(f"PASS {name} (skipped: native run over {TIMEOUT} s or "
                      f"compiling over {BUILD_TIMEOUT} s)", flush=True)
            elif why:
                fails += 1
                diffs += "difference" in why
                mism += "mirror mismatch" in why
                print(f"FAIL {name}: {why}; replay: csmith --seed {seed} --no-argc, {opt}"
                      f" (kept in {keep})", flush=True)
            else:
                passed += 1
                agree["clang" if "clang" in opt else "gcc"] += 1
                print(f"PASS {name}", flush=True)
    print(f"csmith: {passed + fails} programs run, {passed} agree (GCC {agree['gcc']}, clang {agree['clang']}), {diffs} differences, "
          f"{mism} mirror mismatches, {fails - diffs - mism} other failures, "
          f"{skips} skipped (native run or compiler too long); translations with a loop "
          f"copied from an entry inside: {feats['inside']}, with a borrowed register: "
          f"{feats['borrowed']}", flush=True)
    sys.exit(1 if fails or rfails else 0)


main()
