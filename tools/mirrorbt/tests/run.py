#!/usr/bin/env python3
"""Host tests of mirrorbt.  Usage: run.py BUILD TOOLPREFIX [USER-BINARIES...]

Every check prints one line, "PASS name" or "FAIL name: why"; the exit
status is 1 when any check failed.
  decode-*   the decoder agrees with objdump on every instruction (allinsn
             has one of each kind; translate-allinsn: --check passes)
  run-*      a test program translated with --offset 0 behaves exactly as
             the original under qemu-riscv64; translated for a real offset
             it also ends with every written byte equal to its mirror
  table-*    the pair table of a translated program, read with struct and
             proven against objdump's decoding of the output (kind, copy,
             span and registers of every entry, one entry per native
             write, windows apart), known entries of atomics and stores
             spelled out; table-*-note: the mark and its format version
  check-table-*  --check refuses an output whose table has one wrong entry
             (the hidden --debug-pair hook changes it before the check)
  live-*, borrow-*  borrow.S: the live set at each routine's loop
             (--debug-live), whether the rewrite borrows the routine's
             register there (--debug-borrow), and --check refusing a
             borrow the liveness analysis did not allow (--debug-dead)
  refuse-*   each kind of bad input: its message, its exit code, no output
  cli-*      --help, --version, --map, --stats, usage errors
  keep-*     --keep SECTION, --twin-atomics and --keep-stack, the options a
             kernel is translated with: a kept section's bytes and shape
             unchanged, its gp/tp use allowed, its writes unmirrored;
             atomics twinned by themselves, stores through sp left alone
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
PROGS = ["far", "auipc", "stores", "atomics", "cprog", "anchor", "relax", "loops",
         "borrow", "pcnoreloc", "clangstatic", "unimp"]                                      # run under qemu
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
    """address -> (length, mnemonic) from objdump -d -z -M no-aliases
    (-z: zero halfwords shown, as c.unimp)."""
    rc, out, err = run([PREFIX + "objdump", "-d", "-z", "-M", "no-aliases", path])
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
    data = {a + i for a, (ln, mn) in ref.items() if mn.startswith(".") for i in range(ln)}
    n = 0
    for line in out.splitlines():
        a, ln, mn = line.split()
        a, ln = int(a, 16), int(ln)
        if a in data:
            continue        # data in code (objdump's mapping symbols): decoded all the same
        if ref.get(a) != (ln, mn):
            return report(name, f"at {a:#x} decoder says {mn}/{ln}, objdump {ref.get(a)}")
        n += 1
    seen = {int(l.split()[0], 16) for l in out.splitlines()}
    missing = [a for a, (ln, mn) in ref.items() if not mn.startswith(".") and a not in seen]
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
        "offset": (0x18, "<Q"), "size": (0x20, "<Q"), "link": (0x28, "<I"),
        "info": (0x2c, "<I"), "addralign": (0x30, "<Q"), "entsize": (0x38, "<Q")}


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
    data = open(src, "rb").read()
    first_global = struct.unpack_from("<I", data, section_header_offset(src, ".symtab") + 0x2c)[0]
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
        ("rela-shrunk-entry", m("relase", src, ".rela.data", "size", lambda v: v - 24),
         "24 bytes before .rela.debug_line belong to no section"),
        ("rela-text-shrunk-entries", m("relate", src, ".rela.text", "size", lambda v: v - 48),
         "48 bytes before .rela.data belong to no section"),
        ("rela-unknown-type", m("relau", src, ".rela.data", "type", lambda v: 0x6fff0001),
         "section .rela.data has an unknown type 0x6fff0001"),
        ("rela-progbits", m("relap", src, ".rela.data", "type", lambda v: 1),
         "a relocation section's name on a section of another type: .rela.data"),
        ("rela-other-target", m("relai", src, ".rela.data", "info", lambda v: 3),
         "relocation section not named for the section it applies to: .rela.data"),
        ("data-null", m("datan", src, ".data", "type", lambda v: 0),
         "section .data has the inactive (NULL) type 0x0"),
        ("data-shrunk", m("datas", src, ".data", "size", lambda v: v - 8),
         "byte 0x1030 of loadable segment 2 lies in no section"),
        ("data-not-allocated", m("datana", src, ".data", "flags", lambda v: v & ~2),
         "a non-allocated section has an address (allocated once?): .data"),
        ("data-segment-start", m("datass", m("datas2", m("datas1", src, ".data", "addr",
                                                         lambda v: v + 8),
                                             ".data", "offset", lambda v: v + 8),
                                 ".data", "size", lambda v: v - 8),
         "loadable segment 2 begins at 0x1000, its first section at 0x1008"),
        ("comment-in-segment", m("commd", src, ".comment", "offset", lambda v: 0x2000),
         "non-allocated section .comment lies in loadable segment 2"),
        ("symtab-locals", m("syml", src, ".symtab", "info", lambda v: v - 1),
         f"symbol {first_global - 1} is local, but the symbol table's sh_info "
         f"({first_global - 1}) counts it among the globals"),
        ("symtab-overlaps", m("symo", src, ".symtab", "offset", lambda v: v - 8),
         ".symtab overlaps what comes before it in the file"),
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
    note = elf_sections(open(marked, "rb").read())[".note.memv6.mirror"][0]
    sh = section_header_offset(good, ".text")
    cases = [
        ("not-elf", text, 10, "not an ELF file"),
        ("not-rv64-host", shutil.which("true") or "/bin/true", 11, "not RISC-V 64"),
        ("not-rv64-class32", patched(tmp, "c32", good, [(4, b"\x01")]), 11, "not RISC-V 64"),
        ("not-executable", os.path.join(tmp, "good.o"), 12, "not an executable"),
        ("already-translated", marked, 13, "already translated"),
        ("already-translated-format1", patched(tmp, "marked1", marked,
                                               [(note + 4, struct.pack("<I", 24))]),
         13, "already translated"),
        ("already-translated-descsz0", patched(tmp, "marked0", marked,
                                               [(note + 4, struct.pack("<I", 0))]),
         13, "already translated"),
        ("no-relocations", asm_prog(tmp, "norel", GOOD, relocs=False), 14,
         "link with --emit-relocs"),
        ("uses-gp", asm_prog(tmp, "gp", GOOD.replace("sd a0, 0(sp)", "mv gp, a0")), 15,
         "uses gp or tp"),
        ("uses-tp", asm_prog(tmp, "tp", GOOD.replace("sd a0, 0(sp)", "sd tp, 0(sp)")), 15,
         "uses gp or tp"),
        ("unknown-insn", asm_prog(tmp, "unk", GOOD.replace("sd a0, 0(sp)",
                                                           ".word 0x40c5f533")), 16,
         "unknown instruction 0x40c5f533 at 0x0: not rv64gc, the B extension"),
        ("unknown-vector", asm_prog(tmp, "unkv", GOOD.replace("sd a0, 0(sp)",
                                                              ".word 0x02008057")), 16,
         "unknown instruction 0x02008057 at 0x0: not rv64gc, the V extension (vectors)"),
        ("unknown-zcb", asm_prog(tmp, "unkc", GOOD.replace("sd a0, 0(sp)",
                                                           ".half 0x8000\n.half 0x0001")), 16,
         "unknown instruction 0x8000 at 0x0: not rv64gc, the Zcb extension"),
        ("unsupported-reloc", asm_prog(tmp, "rel", GOOD.replace(
            "sd a0, 0(sp)", "1: auipc a0, %got_pcrel_hi(f)\n ld a0, %pcrel_lo(1b)(a0)")),
         17, "unsupported relocation R_RISCV_GOT_HI20 (type 20) at 0x0: position-independent "
         "code (-fPIC, -fpie) or a dynamic link; build with -fno-pic -fno-pie"),
        ("thread-local", asm_prog(tmp, "reltls", GOOD.replace(
            "sd a0, 0(sp)", "lui a0, %tprel_hi(v)\n.section .tbss,\"awT\",@nobits\nv: .zero 8\n"
            ".text")), 18,
         "unsupported layout: thread-local storage (section .tbss)"),
        ("auipc-value-copied", asm_prog(tmp, "pcmv", GOOD.replace(
            "sd a0, 0(sp)", ".option norvc\n auipc a5, 0\n ld a1, 8(a5)\n sd a5, 8(sp)")),
         22, "cannot establish the target of the auipc at 0x0 (no relocation): sd at 0x8 "
         "reads its value"),
        ("auipc-some-paths", asm_prog(tmp, "pcmix", GOOD.replace(
            "sd a0, 0(sp)", ".option norvc\n auipc a5, 0\n beqz a0, 1f\n li a5, 64\n"
            "1: ld a1, 8(a5)")), 22, "ld at 0xc reads x15, set by an auipc on some paths only"),
        ("auipc-other-section", asm_prog(tmp, "pcdata", GOOD.replace(
            "sd a0, 0(sp)", ".option norvc\n auipc a5, 1\n ld a0, 0(a5)\n.data\n.quad 5\n.text")),
         22, "the auipc at 0x0 (no relocation) and ld at 0x4 reach 0x1000 in section .data: "
         "an assembler resolves only references within a section"),
        ("auipc-hi-without-lo", asm_prog(tmp, "pchi", GOOD.replace(
            "sd a0, 0(sp)", "1: auipc a5, %pcrel_hi(f)\n ld a1, %pcrel_lo(1b)(a5)\n"
            " ld a2, 8(a5)")), 22, "ld at 0x8 reads the value of the auipc at 0x0 (which has a "
         "relocation) without a relocation of its own"),
        ("auipc-compressed-use", asm_prog(tmp, "pcrvc", GOOD.replace(
            "sd a0, 0(sp)", "auipc a5, 0\n addi a5, a5, 8\n jr a5")), 22,
         "c.addi at 0x4 reads its value (only a 32-bit addi, load, store or jalr"),
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


PAIR = struct.Struct("<QIBBH")      # kernel/mirror.h: struct mirror_pair
STORE_MN = re.compile(r"^(c\.)?f?s[bhwd](sp)?$")


def elf_sections(data):
    """name -> (file offset, size) of every section of an ELF64 file."""
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shnum, shstrndx = struct.unpack_from("<HH", data, 0x3c)
    hdrs = [struct.unpack_from("<IIQQQQ", data, shoff + 64 * i) for i in range(shnum)]
    names = hdrs[shstrndx][4]
    return {data[names + h[0]:data.index(b"\0", names + h[0])].decode(): (h[4], h[5])
            for h in hdrs}


def pair_table(path):
    """The mark (namesz, descsz, type, descriptor words, table offset) and
    the pair table entries (first, span, kind, copy, regs) of a translated
    file."""
    data = open(path, "rb").read()
    secs = elf_sections(data)
    noff = secs[".note.memv6.mirror"][0]
    namesz, descsz, ntype = struct.unpack_from("<III", data, noff)
    desc = struct.unpack_from("<%dQ" % (descsz // 8), data, noff + 20)
    toff, tsize = secs[".memv6.pairs"]
    return (namesz, descsz, ntype, desc, toff), [PAIR.unpack_from(data, toff + i)
                                                  for i in range(0, tsize, PAIR.size)]


def disassembly(path):
    """address -> (mnemonic without .aq/.rl, operands, length) from
    objdump -d -M no-aliases,numeric (registers x0..x31, f0..f31)."""
    rc, out, err = run([PREFIX + "objdump", "-d", "-M", "no-aliases,numeric", path])
    insns = {}
    for line in out.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+([0-9a-f]+)\s+(\S+)\s*([^#\s]*)", line)
        if m:
            insns[int(m.group(1), 16)] = (re.sub(r"\.(aqrl|aq|rl)$", "", m.group(3)),
                                          m.group(4).split(","), len(m.group(2)) // 2)
    return insns


def mem_operand(op):
    """'imm(xN)' -> (imm, N)."""
    m = re.match(r"(-?\d+)\(x(\d+)\)$", op)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def native_write(insn):
    """(kind, rd, rs1, rs2) of a write that may be native (a store not
    through tp, an AMO, an sc), else None."""
    mn, ops, ln = insn
    if STORE_MN.match(mn) and mem_operand(ops[1])[1] != 4:
        return 0, 0, mem_operand(ops[1])[1], int(ops[0][1:])
    if mn.startswith("amo") or mn.startswith("sc."):
        return 2 if mn.startswith("sc.") else 1, int(ops[0][1:]), int(ops[2][2:-1]), int(ops[1][1:])
    return None


def width(mn):
    return {"b": 1, "h": 2, "w": 4, "d": 8}[(mn[:-2] if mn.endswith("sp") else mn)[-1]]


def scratch_regs(ins):
    """tp and every register the translation borrows: the destinations of
    `add xN, xM, x3` (the program never names gp)."""
    return {4} | {int(ops[0][1:]) for mn, ops, ln in ins.values()
                  if mn == "add" and len(ops) == 3 and ops[2] == "x3" and ops[0] != "x3"}


def entry_problem(ins, e, scratch):
    """What is wrong with table entry e against the output's decoding;
    scratch: the registers a mirror store may go through."""
    first, span, kind, copy, regs = e
    if first not in ins or not native_write(ins[first]):
        return "no native write at first"
    mn, ops, ln = ins[first]
    k, rd, rs1, rs2 = native_write(ins[first])
    if kind != k:
        return f"kind {kind}, the native write {mn} is kind {k}"
    if regs != rd | rs1 << 5 | rs2 << 10:
        return f"regs {regs:#x}, {mn} {','.join(ops)} has rd {rd} rs1 {rs1} rs2 {rs2}"
    w = ins.get(first + copy)
    if (not w or not STORE_MN.match(w[0]) or mem_operand(w[1][1])[1] not in scratch or
            width(w[0]) != width(mn) or (k != 0 and mem_operand(w[1][1])[1] != 4)):
        return f"no mirror write of width {width(mn)} through tp (or, for a store, a borrowed " \
               f"register) at first + copy ({copy})"
    if k == 0:
        add = ins.get(first + ln)
        direct = copy == ln or (add and add[0] == "add" and add[1] == ["x4", f"x{rs1}", "x3"] and
                                copy == ln + 4)
        if span != copy or int(w[1][0][1:]) != rs2 or not direct:
            return f"store window: span {span}, copy {copy}, mirror {w[0]} {','.join(w[1])}"
        return None
    a = first + 4
    if k == 2 and rd != 0:
        b = ins.get(a)
        if not b or b[0] != "bne" or b[1][:2] != [f"x{rd}", "x0"] or int(b[1][2], 16) != first + span + 4:
            return "sc without a bne rd over the window"
        a += 4
    seq = [ins.get(a), ins.get(a + 4)]
    if (not all(seq) or (seq[0][0], seq[0][1]) != ("sub", ["x3", "x4", "x3"]) or
            seq[1][0] not in ("lw", "ld") or seq[1][1] != ["x3", "0(x3)"] or a + 8 != first + copy or
            w[1] != ["x3", "0(x4)"]):
        return "atomic copy sequence not at first + copy"
    a = first + copy + 4
    while a <= first + span and a in ins and ins[a][1][0] == "x3":
        a += ins[a][2]
    after = ins.get(first + span + 4)
    if a != first + span + 4 or a - first - copy < 8 or (after and after[1][0] == "x3"):
        return f"window does not end with the last instruction of li gp (span {span})"
    return None


# Entries every translation of atomics and stores must have: the native
# write (mnemonic, operands) -> kind, (rd, rs1, rs2), copy (None: either).
KNOWN = {
    "atomics": {("amoadd.w", "x10,x11,(x12)"): (1, (10, 12, 11), 12),
                ("amoswap.d", "x10,x11,(x13)"): (1, (10, 13, 11), 12),
                ("amoand.d", "x0,x11,(x13)"): (1, (0, 13, 11), 12),
                ("amoxor.d", "x13,x11,(x13)"): (1, (13, 13, 11), 12),
                ("sc.w", "x6,x5,(x12)"): (2, (6, 12, 5), 16),
                ("sc.d", "x14,x5,(x14)"): (2, (14, 14, 5), 16)},
    "stores": {("sb", "x9,0(x8)"): (0, (0, 8, 9), None),
               ("c.sd", "x9,8(x8)"): (0, (0, 8, 9), None),
               ("c.swsp", "x9,0(x2)"): (0, (0, 2, 9), None),
               ("fsw", "f10,32(x8)"): (0, (0, 8, 10), None),
               ("c.fsd", "f10,40(x8)"): (0, (0, 8, 10), None),
               ("c.fsdsp", "f10,16(x2)"): (0, (0, 2, 10), None)},
}


def check_table(path, tmp, name):
    """Translate path (without --check: this is the independent proof) and
    prove its mark and pair table against objdump's view of the output."""
    out = os.path.join(tmp, "table-" + name)
    rc, so, se = run([MBT, "--offset", "0x2000000000", "-o", out, path])
    if rc != 0:
        return report("table-" + name, "translation failed: " + se.strip())
    (namesz, descsz, ntype, desc, toff), tab = pair_table(out)
    report("table-" + name + "-note",
           None if (namesz, descsz, ntype) == (6, 32, 0x4d31) and
           desc == (0x2000000000, toff, len(tab), 2) else
           f"note namesz {namesz} descsz {descsz} type {ntype:#x} desc {desc}, table at {toff}")
    ins = disassembly(out)
    scratch = scratch_regs(ins)
    why = None
    for i, e in enumerate(tab):
        p = entry_problem(ins, e, scratch)
        if p:
            why = f"entry {i} (first {e[0]:#x}): {p}"
            break
        if i and e[0] <= tab[i - 1][0] + tab[i - 1][1]:
            why = f"entry {i} (first {e[0]:#x}) not after the window before"
            break
    mirrors = {e[0] + e[3] for e in tab}      # proven above: through a scratch register
    natives = sorted(a for a, x in ins.items()
                     if a not in mirrors and (native_write(x) or STORE_MN.match(x[0])))
    if not why and natives != [e[0] for e in tab]:
        why = (f"{len(natives)} native writes, {len(tab)} entries; first without entry: "
               f"{[hex(a) for a in sorted(set(natives) - {e[0] for e in tab})][:3]}")
    at = {(ins[e[0]][0], ",".join(ins[e[0]][1])): e for e in tab if e[0] in ins}
    for (mn, ops), (kind, (rd, rs1, rs2), copy) in KNOWN.get(name, {}).items():
        e = at.get((mn, ops))
        if not why and (not e or e[2] != kind or e[4] != rd | rs1 << 5 | rs2 << 10 or
                        (copy is not None and e[3] != copy)):
            why = f"{mn} {ops}: entry {e}, expected kind {kind}, rd {rd} rs1 {rs1} rs2 {rs2}, copy {copy}"
    report("table-" + name, why)


def check_table_refused(tmp):
    """--check refuses a table with one entry changed (--debug-pair)."""
    src = os.path.join(TDIR, "atomics")
    good = os.path.join(tmp, "dbg-good")
    rc, so, se = translate(src, good)
    if rc != 0:
        return report("check-table", "translation failed: " + se.strip())
    tab = pair_table(good)[1]
    amo = next(i for i, e in enumerate(tab) if e[2] == 1)
    sc = next(i for i, e in enumerate(tab) if e[2] == 2)
    st = next(i for i, e in enumerate(tab) if e[2] == 0)
    cases = [
        ("kind-amo-as-store", amo, "kind", 0, "pair table kind differs from the native write"),
        ("kind-store-as-amo", st, "kind", 1, "pair table kind differs from the native write"),
        ("kind-sc-as-amo", sc, "kind", 1, "pair table kind differs from the native write"),
        ("regs-rs2", amo, "regs", tab[amo][4] ^ 1 << 10, "pair table registers differ"),
        ("regs-rs1", st, "regs", tab[st][4] ^ 1 << 5, "pair table registers differ"),
        ("regs-rd-store", st, "regs", tab[st][4] | 1, "pair table registers differ"),
        ("copy", amo, "copy", tab[amo][3] + 4, "mirror write missing or malformed"),
        ("span", amo, "span", tab[amo][1] - 4, "atomic copy sequence or its window malformed"),
        ("overlap", amo, "span", tab[amo + 1][0] - tab[amo][0], "pair table windows overlap"),
    ]
    for name, i, field, value, msg in cases:
        out = os.path.join(tmp, "dbg-" + name)
        rc, so, se = run([MBT, "--check", "--debug-pair", str(i), field, str(value), "-o", out, src])
        why = None
        if rc != 20:
            why = f"exit {rc}, expected 20 (--check found problems)"
        elif msg not in so:
            why = f"--check said {so.strip()!r}, expected {msg!r}"
        elif os.path.exists(out):
            why = "an output file was written"
        report("check-table-" + name, why)


# borrow.S: routine -> (register, live at its loop, borrowed there).
BORROW = {"ok_dead": (5, False), "no_onepath": (5, True), "no_call": (5, True),
          "ok_call": (5, False), "no_ecall": (17, True), "ok_ecall": (17, False),
          "no_ret": (9, True), "ok_saved": (9, False), "no_indirect": (5, True),
          "no_named": (5, True)}


def symbols(path):
    rc, out, err = run([PREFIX + "nm", path])
    return {l.split()[2]: int(l.split()[0], 16) for l in out.splitlines() if len(l.split()) == 3}


def check_borrow(tmp):
    """borrow.S: the live set at each routine's loop (--debug-live), the
    routine's register borrowed there exactly when it is dead (only it
    allowed: --debug-borrow), and --check refusing the translation that
    takes every register as dead (--debug-dead)."""
    src = os.path.join(TDIR, "borrow")
    sym = symbols(src)
    rc, out, err = run([MBT, "--debug-live", src])
    live = {int(a, 16): int(m, 16) for a, m in (l.split() for l in out.splitlines())}
    for name, (reg, want) in BORROW.items():
        got = bool(live.get(sym[name + "_loop"], 0) >> reg & 1)
        report(f"live-{name}", None if rc == 0 and got == want else
               f"x{reg} live {got} at {name}_loop, expected {want} (exit {rc} {err.strip()})")
    for reg in sorted({r for r, w in BORROW.values()}):
        out = os.path.join(tmp, f"borrow-x{reg}")
        rc, so, se = run([MBT, "--check", "--debug-borrow", str(1 << reg), "-o", out, src])
        if rc != 0:
            report(f"borrow-x{reg}", "translation failed: " + se.strip())
            continue
        osym = sorted((a, n) for n, a in symbols(out).items())
        at = set()
        for a, (mn, ops, ln) in disassembly(out).items():
            if mn == "add" and ops[0] == f"x{reg}" and ops[2] == "x3":
                at.add(re.sub("_loop$", "", max((x for x in osym if x[0] <= a),
                                                   default=(0, "?"))[1]))
        for name, (r, live_there) in BORROW.items():
            if r == reg:
                report(f"borrow-{name}", None if (name in at) == (not live_there) else
                       f"x{reg} borrowed in {sorted(at)}")
    out = os.path.join(tmp, "borrow-liar")
    rc, so, se = run([MBT, "--check", "--debug-borrow", str(1 << 5), "--debug-dead",
                      "-o", out, src])
    msg = "borrowed register is live at the loop's entry"
    report("check-borrow-live", None if rc == 20 and msg in so and not os.path.exists(out) else
           f"exit {rc}, said {so.strip()!r}, expected exit 20 and {msg!r}, no output")
    out = os.path.join(tmp, "borrow-none")
    rc, so, se = run([MBT, "--check", "--stats", "--no-borrow", "-o", out, src])
    adds = [ops[0] for mn, ops, ln in disassembly(out).values()
            if mn == "add" and ops[2:] == ["x3"]] if rc == 0 else None
    report("borrow-none", None if adds and set(adds) == {"x4"} and
           "registers borrowed: 0" in so else f"exit {rc} {se.strip()}: adds into {adds}")


def check_pcrel(tmp):
    """--check proves auipc pairs without relocation on its own: the
    translation that copies them as raw bits (--debug-raw-auipc, what
    mirrorbt 2.0 did) is refused, naming a reference that moved, or one
    into another section (whose relocation must have been lost)."""
    other = asm_prog(tmp, "pcother", GOOD.replace(
        "sd a0, 0(sp)", ".option norvc\n auipc a5, 1\n ld a0, 0(a5)\n.data\n.quad 5\n.text"))
    for prog, msg in (("pcnoreloc", "PC-relative reference does not reach its moved target"),
                      ("clangstatic", "PC-relative reference does not reach its moved target"),
                      (other, "PC-relative reference into another section without relocation")):
        out = os.path.join(tmp, "raw-" + os.path.basename(prog))
        rc, so, se = run([MBT, "--check", "--debug-raw-auipc", "-o", out,
                          os.path.join(TDIR, prog)])
        report("check-raw-auipc-" + os.path.basename(prog),
               None if rc == 20 and msg in so and not os.path.exists(out) else
               f"exit {rc}, said {so.strip()!r}, expected exit 20 and {msg!r}, no output")


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


KEEP_PROG = """
        .section .kept, "ax"
        .p2align 4
        .globl kept_entry
kept_entry:
        li      gp, 0           # kept code may set gp and use tp
        sd      tp, 8(sp)
        sw      a1, 0(a0)       # unmirrored
        c.beqz  a1, 1f          # a compressed branch inside the section
        c.j     kept_entry
1:      call    work            # to translated code, which moves
        .p2align 4
        .globl kept_aligned     # 16-aligned: a trap vector, say
kept_aligned:
        sw      a1, 4(a0)
        ret
        .text
        .globl _start
        .type _start,@function
_start:
        call    kept_entry
work:
        sd      a0, 0(sp)
        amoadd.w a2, a1, (a0)
        lr.w    a3, (a0)
        sc.w    a4, a1, (a0)
        ret
        .size _start, .-_start
"""

# An AMO whose result overwrites its operand: --twin-atomics refuses it
# (the twin, after it, would add the old value).
TWIN_CLOBBER_PROG = """
        .text
        .globl _start
_start:
        la      a0, _start
        amoadd.w a1, a1, (a0)
        ret
"""


def section_bytes(path, name):
    """(address, bytes) of section name in ELF file path."""
    data = open(path, "rb").read()
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shnum, shstrndx = struct.unpack_from("<HH", data, 0x3c)
    hdrs = [struct.unpack_from("<IIQQQQ", data, shoff + 64 * i) for i in range(shnum)]
    names = hdrs[shstrndx][4]
    for h in hdrs:
        if data[names + h[0]:data.index(b"\0", names + h[0])].decode() == name:
            return h[3], data[h[4]:h[4] + h[5]]
    return None, b""


def check_keep(tmp):
    src = asm_prog(tmp, "keep", KEEP_PROG)
    out = os.path.join(tmp, "keep.m")
    rc, o, err = translate(src, out)
    report("keep-refused-without", None if rc == 15 and "uses gp or tp" in err else
           f"exit {rc}: {err.strip()}")
    rc, o, err = run([MBT, "--keep", ".nosuch", "-o", out, src])
    report("keep-no-section", None if rc == 1 and "--keep .nosuch: no code section" in err else
           f"exit {rc}: {err.strip()}")
    rc, o, err = translate(src, out, "--keep", ".kept", "--offset", "0x2000000000")
    if rc != 0:
        return report("keep-translate", err.strip())
    a0, b0 = section_bytes(src, ".kept")
    a1, b1 = section_bytes(out, ".kept")
    syms = symbols(out)
    call = [a - a0 for a, (mn, ops, n) in disassembly(src).items()
            if a0 <= a < a0 + len(b0) and mn == "auipc"]
    changed = [i for i in range(min(len(b0), len(b1))) if b0[i] != b1[i]]
    report("keep-bytes", None if len(b1) == len(b0) and len(call) == 1 and
           all(call[0] <= i < call[0] + 8 for i in changed) else
           "the kept section changed size, or more than its call to moved code changed")
    report("keep-aligned", None if a1 % 16 == 0 and syms["kept_aligned"] - a1 ==
           symbols(src)["kept_aligned"] - a0 else "kept_aligned moved within its section")
    ins = disassembly(out)
    kept = [ins[a] for a in sorted(ins) if a1 <= a < a1 + len(b1)]
    report("keep-unmirrored", None if sum(mn in ("sw", "c.sw") for mn, ops, n in kept) == 2 and
           not any(mn == "add" and ops[2:] == ["x3"] for mn, ops, n in kept)
           else "a kept store got a mirror twin")
    text = [ins[a][0] for a in sorted(ins) if not a1 <= a < a1 + len(b1)]
    report("keep-translated", None if text.count("sd") + text.count("c.sdsp") == 2 else
           "the store outside the kept section has no twin: " + " ".join(text))
    report("keep-amo-copied", None if "sub" in text else "the AMO got no mirror copy")
    rc, o, err = translate(src, out, "--keep", ".kept", "--twin-atomics")
    ins = disassembly(out) if rc == 0 else {}
    text = [ins[a] for a in sorted(ins) if not a1 <= a < a1 + len(b1)]
    amos = [ops for mn, ops, n in text if mn == "amoadd.w"]
    table = pair_table(out)[1] if rc == 0 else None
    report("twin-atomics", err.strip() if rc else None if
           amos == [["x12", "x11", "(x10)"], ["x0", "x11", "(x4)"]] and
           any(mn == "beq" and ops[:2] == ["x3", "x0"] for mn, ops, n in text) and
           not any(mn == "sub" for mn, ops, n in text) and [e[2] for e in table] == [0, 3]
           else f"AMO not twinned by itself, sc twinned, or the table wrong: {text} {table}")
    clobber = asm_prog(tmp, "twinclobber", TWIN_CLOBBER_PROG)
    rc, o, err = translate(clobber, out, "--twin-atomics")
    report("twin-atomics-clobber", None if rc == 21 and "rd is rs1 or rs2" in err else
           f"exit {rc}: {err.strip()}")
    rc, o, err = translate(src, out, "--keep", ".kept", "--keep-stack")
    ins = disassembly(out) if rc == 0 else {}
    text = [ins[a][0] for a in sorted(ins) if not a1 <= a < a1 + len(b1)]
    table = pair_table(out)[1] if rc == 0 else None
    report("keep-stack", err.strip() if rc else None if text.count("sd") + text.count("c.sdsp") == 1
           and "sub" in text and [e[2] for e in table] == [1, 2] else
           f"the stack store got a twin or the AMO none: {text} {table}")


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
        for path in [os.path.join(TDIR, p) for p in PROGS + DECODE_ONLY] + USERBINS:
            check_table(path, tmp, os.path.basename(path))
        check_table_refused(tmp)
        check_borrow(tmp)
        check_pcrel(tmp)
        check_refusals(tmp)
        check_cli(tmp)
        check_keep(tmp)
    sys.exit(1 if fails else 0)


main()
