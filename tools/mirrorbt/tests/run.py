#!/usr/bin/env python3
"""Host tests of mirrorbt.  Usage: run.py BUILD TOOLPREFIX [USER-BINARIES...]

Every check prints one line, "PASS name" or "FAIL name: why"; the exit
status is 1 when any check failed.
  decode-*   the decoder agrees with objdump on every instruction (allinsn
             has one of each kind; translate-allinsn: --check passes)
  run-*      a test program translated with --offset 0 behaves exactly as
             the original under qemu-riscv64; translated for a real offset
             it also ends with every written byte equal to its mirror
  refuse-*   each kind of bad input: its message, its exit code, no output
  cli-*      --help, --version, --map, --stats, usage errors
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

BUILD, PREFIX, USERBINS = sys.argv[1], sys.argv[2], sys.argv[3:]
MBT = os.path.join(BUILD, "tools", "mirrorbt")
DIS = os.path.join(BUILD, "tools", "mirrorbt-dis")
TDIR = os.path.join(BUILD, "tools", "mirrorbt-tests")
PROGS = ["far", "auipc", "stores", "atomics", "cprog", "anchor", "relax", "loops"]  # run under qemu
DECODE_ONLY = ["allinsn"]                               # never run
QEMU = shutil.which("qemu-riscv64")
fails = 0


def report(name, why):
    global fails
    if why:
        fails += 1
        print(f"FAIL {name}: {why}")
    else:
        print(f"PASS {name}")


def run(cmd, timeout=60):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return -1, "", "timed out"


def objdump_insns(path):
    """address -> (length, mnemonic) from objdump -d -M no-aliases."""
    rc, out, err = run([PREFIX + "objdump", "-d", "-M", "no-aliases", path])
    insns = {}
    for line in out.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+([0-9a-f]+)\s+(\S+)", line)
        if m:
            mn = re.sub(r"\.(aqrl|aq|rl)$", "", m.group(3))
            insns[int(m.group(1), 16)] = (len(m.group(2)) // 2, mn)
    return insns


def check_decoder(path):
    name = "decode-" + os.path.basename(path)
    rc, out, err = run([DIS, path])
    if rc != 0:
        return report(name, "mirrorbt-dis failed: " + err.strip())
    ref = objdump_insns(path)
    n = 0
    for line in out.splitlines():
        a, ln, mn = line.split()
        a, ln = int(a, 16), int(ln)
        if ref.get(a) != (ln, mn):
            return report(name, f"at {a:#x} decoder says {mn}/{ln}, objdump {ref.get(a)}")
        n += 1
    missing = [a for a, (ln, mn) in ref.items() if mn not in ("c.unimp", "unimp")
               and a not in {int(l.split()[0], 16) for l in out.splitlines()}]
    if missing:
        return report(name, f"decoder skipped {len(missing)} instructions, first {missing[0]:#x}")
    report(name, None if n else "no instructions")


def translate(src, dst, *opts):
    return run([MBT, "--check", *opts, "-o", dst, src])


def check_program(prog, tmp):
    src = os.path.join(TDIR, prog)
    rc0, out0, err0 = run([QEMU, src], 20)
    m0 = os.path.join(tmp, prog + ".m0")
    rc, out, err = translate(src, m0, "--offset", "0")
    if rc != 0:
        return report("run-" + prog, "translation failed: " + err.strip())
    rc1, out1, err1 = run([QEMU, m0], 20)
    report("run-" + prog + "-offset0",
           None if (rc1, out1) == (rc0, out0) else
           f"original exit {rc0} {out0!r}, translated exit {rc1} {out1!r}")
    for off in ("2000000000", "123456789000"):
        m = os.path.join(tmp, prog + ".m" + off)
        rc, out, err = translate(src, m, "--offset", "0x" + off)
        if rc != 0:
            report(f"run-{prog}-mirror-{off}", "translation failed: " + err.strip())
            continue
        rc2, out2, err2 = run([QEMU, m, off], 20)
        report(f"run-{prog}-mirror-{off}",
               None if (rc2, out2) == (rc0, out0 + "mirror equal\n") else
               f"exit {rc2} {out2!r} {err2.strip()!r}, expected exit {rc0}, {out0!r} + mirror equal")


def asm_prog(tmp, name, body, relocs=True):
    """Link a one-file program from assembly text, like the user programs."""
    s, o, x = (os.path.join(tmp, name + e) for e in (".S", ".o", ""))
    with open(s, "w") as f:
        f.write(body)
    subprocess.run([PREFIX + "gcc", "-march=rv64gc", "-mabi=lp64d", "-mno-relax",
                    "-c", "-o", o, s], check=True)
    subprocess.run([PREFIX + "ld", "--no-relax", "--no-warn-rwx-segments", *(["--emit-relocs"] if relocs else []),
                    "-T", os.path.join("tools", "mirrorbt", "tests", "test.ld"),
                    "-o", x, o], check=True)
    return x


GOOD = ".text\n.globl _start\n.type _start,@function\n_start:\n sd a0, 0(sp)\n" \
       " call f\nf: ret\n.size _start, .-_start\n"


def patched(tmp, name, src, edits):
    """Copy src with (offset, bytes) edits applied."""
    data = bytearray(open(src, "rb").read())
    for off, b in edits:
        data[off:off + len(b)] = b
    path = os.path.join(tmp, name)
    open(path, "wb").write(data)
    return path


def section_header_offset(path, name):
    """File offset of a section header, found with readelf."""
    rc, out, err = run([PREFIX + "readelf", "-SW", path])
    data = open(path, "rb").read()
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    for line in out.splitlines():
        m = re.match(r"\s*\[\s*(\d+)\]\s+(\S+)", line)
        if m and m.group(2) == name:
            return shoff + 64 * int(m.group(1))
    raise RuntimeError("no section " + name)


SHDR = {"type": (4, "<I"), "flags": (8, "<Q"), "addr": (0x10, "<Q"),
        "offset": (0x18, "<Q"), "size": (0x20, "<Q")}


def mutated(tmp, name, src, section, field, fn):
    """Copy src with one field of one section header changed by fn."""
    at = section_header_offset(src, section) + SHDR[field][0]
    data = open(src, "rb").read()
    old = struct.unpack_from(SHDR[field][1], data, at)[0]
    return patched(tmp, name, src, [(at, struct.pack(SHDR[field][1], fn(old)))])


def header_cases(tmp):
    """Section headers that disagree with the program headers (exit 18)."""
    src = os.path.join(TDIR, "cprog")
    rc, out, err = run([PREFIX + "readelf", "-lW", src])
    load = [l.split() for l in out.splitlines() if l.split()[:1] == ["LOAD"]]
    phoff = struct.unpack_from("<Q", open(src, "rb").read(), 0x20)[0]
    first_load = next(i for i, l in enumerate(out.split("Program Headers:")[1].splitlines()[2:])
                      if l.split()[:1] == ["LOAD"])
    m = lambda *a: mutated(tmp, *a)
    return [
        ("bss-progbits", m("bssp", src, ".bss", "type", lambda v: 1), "file range differs"),
        ("bss-grown", m("bssg", src, ".bss", "size", lambda v: v + 0x100000),
         "no loadable segment holds section .bss"),
        ("data-moved", m("datam", src, ".data", "addr", lambda v: v + 0x40000),
         "no loadable segment holds section .data"),
        ("data-executable", m("datax", src, ".data", "flags", lambda v: v | 4),
         "permissions differ"),
        ("text-offset", m("texto", src, ".text", "offset", lambda v: v + 16),
         "file range differs"),
        ("rela-shrunk", m("relas", src, ".rela.data", "size", lambda v: v - 1),
         "section .rela.data"),
        ("segment-past-file", patched(tmp, "segf", src, [
            (phoff + 56 * first_load + 0x20, struct.pack("<Q", 1 << 32))]),
         "loadable segment"),
    ] if load else []


def check_refusals(tmp):
    good = asm_prog(tmp, "good", GOOD)
    text = os.path.join(tmp, "text.txt")
    open(text, "w").write("hello\n")
    marked = os.path.join(tmp, "marked")
    translate(good, marked)
    sh = section_header_offset(good, ".text")
    cases = [
        ("not-elf", text, 10, "not an ELF file"),
        ("not-rv64-host", shutil.which("true") or "/bin/true", 11, "not RISC-V 64"),
        ("not-rv64-class32", patched(tmp, "c32", good, [(4, b"\x01")]), 11, "not RISC-V 64"),
        ("not-executable", os.path.join(tmp, "good.o"), 12, "not an executable"),
        ("already-translated", marked, 13, "already translated"),
        ("no-relocations", asm_prog(tmp, "norel", GOOD, relocs=False), 14,
         "link with --emit-relocs"),
        ("uses-gp", asm_prog(tmp, "gp", GOOD.replace("sd a0, 0(sp)", "mv gp, a0")), 15,
         "uses gp or tp"),
        ("uses-tp", asm_prog(tmp, "tp", GOOD.replace("sd a0, 0(sp)", "sd tp, 0(sp)")), 15,
         "uses gp or tp"),
        ("unknown-insn", asm_prog(tmp, "unk", GOOD.replace("sd a0, 0(sp)",
                                                           ".word 0x40c5f533")), 16,
         "unknown instruction 0x40c5f533 at 0x0"),
        ("unsupported-reloc", asm_prog(tmp, "rel", GOOD.replace(
            "sd a0, 0(sp)", "1: auipc a0, %got_pcrel_hi(f)\n ld a0, %pcrel_lo(1b)(a0)")),
         17, "unsupported relocation type 20"),
        ("store-in-lrsc", asm_prog(tmp, "lrsc", GOOD.replace(
            "sd a0, 0(sp)", "1: lr.w a1, (sp)\n sw a1, 8(sp)\n sc.w a2, a1, (sp)\n bnez a2, 1b")),
         21, "between lr"),
        ("corrupt-shoff", patched(tmp, "shoff", good, [(0x28, struct.pack("<Q", 1 << 40))]),
         18, "corrupt ELF file"),
        ("corrupt-section-bounds", patched(tmp, "bounds", good,
                                           [(sh + 0x20, struct.pack("<Q", 1 << 30))]),
         18, "corrupt ELF file"),
    ]
    cases += [("header-" + n, path, 18, "corrupt ELF file: " + msg)
              for n, path, msg in header_cases(tmp)]
    for name, path, code, msg in cases:
        out = os.path.join(tmp, "out-" + name)
        rc, so, se = run([MBT, "-o", out, path])
        lines = se.strip().splitlines()
        why = None
        if rc != code:
            why = f"exit {rc}, expected {code}"
        elif len(lines) != 1 or msg not in lines[0]:
            why = f"message {se.strip()!r}, expected {msg!r}"
        elif os.path.exists(out) or any(f.startswith("out-" + name) for f in os.listdir(tmp)):
            why = "an output file was left behind"
        report("refuse-" + name, why)


def check_cli(tmp):
    rc, out, err = run([MBT, "--help"])
    report("cli-help", None if rc == 0 and "usage: mirrorbt" in out else f"exit {rc}")
    rc, out, err = run([MBT, "--version"])
    report("cli-version", None if rc == 0 and out.startswith("mirrorbt ") else f"exit {rc}")
    rc, out, err = run([MBT, "-o"])
    report("cli-usage", None if rc == 1 and "usage" in err else f"exit {rc}")
    rc, out, err = run([MBT, "--copies", "3", "-o", os.path.join(tmp, "c3"),
                        os.path.join(TDIR, "loops")])
    report("cli-copies-bad", None if rc == 1 and "usage" in err else f"exit {rc}")
    # loops.S with fewer copies allowed: same output, fewer loops copied
    src = os.path.join(TDIR, "loops")
    rc0, out0, err0 = run([QEMU, src], 20)
    for n in ("1", "2", "4"):
        m = os.path.join(tmp, "loops.c" + n)
        rc, out, err = run([MBT, "--check", "--stats", "--copies", n, "--offset", "0x2000000000",
                            "-o", m, src])
        rc1, out1, err1 = run([QEMU, m, "2000000000"], 20) if rc == 0 else (rc, "", err)
        report("cli-copies-" + n, None if (rc1, out1) == (rc0, out0 + "mirror equal\n") else
               f"exit {rc1} {out1!r} {err1.strip()!r}, expected {out0!r} + mirror equal")
    src, dst, mp = os.path.join(TDIR, "cprog"), os.path.join(tmp, "cli.m"), os.path.join(tmp, "map")
    rc, out, err = run([MBT, "--stats", "--map", mp, "-o", dst, src])
    want = ["instructions:", "writes:", "instructions added:", "code:"]
    report("cli-stats", None if rc == 0 and all(w in out for w in want) else out + err)
    pairs = {}          # the first line of an original is where it maps
    for l in open(mp):
        if l[0] != "#":
            pairs.setdefault(*(int(x, 16) for x in l.split()))
    syms = {}
    for path in (src, dst):
        rc, out, err = run([PREFIX + "nm", path])
        syms[path] = {l.split()[2]: int(l.split()[0], 16) for l in out.splitlines()
                      if len(l.split()) == 3}
    bad = [s for s in ("main", "pick", "rt_finish")
           if pairs.get(syms[src][s]) != syms[dst][s]]
    report("cli-map-symbols", "map or symbols wrong for " + ", ".join(bad) if bad else None)
    rc, out, err = run([PREFIX + "readelf", "-n", dst])
    report("cli-note", None if "MemV6" in out else "no MemV6 note: " + out + err)


def main():
    if not QEMU:
        print("FAIL mirrorbt-qemu: qemu-riscv64 not installed (Debian package qemu-user)")
        sys.exit(1)
    with tempfile.TemporaryDirectory() as tmp:
        for path in [os.path.join(TDIR, p) for p in PROGS + DECODE_ONLY] + USERBINS:
            check_decoder(path)
        for prog in DECODE_ONLY:
            rc, out, err = translate(os.path.join(TDIR, prog), os.path.join(tmp, prog))
            report("translate-" + prog, None if rc == 0 else err.strip())
        for prog in PROGS:
            check_program(prog, tmp)
        check_refusals(tmp)
        check_cli(tmp)
    sys.exit(1 if fails else 0)


main()
