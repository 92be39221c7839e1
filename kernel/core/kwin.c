/* The windows of a translated kernel's store pairs (docs/kernel-mirror.md,
 * "Recovering data and bss").
 *
 * mirrorbt (--twin-atomics --no-borrow --keep-stack) makes each write of
 * the kernel's twice: the native write, then, at once, its twin at
 * address + gp through tp:
 *   store:  sX rs2, imm(rs1); [add tp, rs1, gp]; sX rs2, imm'(tp)
 *   AMO:    OP rd, rs2, (rs1); add tp, rs1, gp; beq gp, zero, .+8;
 *           OP zero, rs2, (tp)
 * A hart between the two -- in a window -- has written the native word
 * and not yet its mirror.  tp and gp belong to the translation alone, so
 * the instruction at the hart's pc tells: it is in a window only if
 * that instruction is one of kwin_forms (and may be at one outside a
 * window -- a copied loop's step of tp -- which costs a retry, never a
 * wrong answer).
 *
 * A recovery copies a lost page back from its mirror with the other harts
 * stopped, so none may be in a window then: machine mode stops a hart
 * only where kwin_open says no (kdata.c).  A window may also be cut by an
 * interrupt, and the interrupted thread may then sleep for long:
 * kernelvec therefore finishes the window first (kwin_finish), before
 * the trap is handled.  Both live in .text.keep: their own writes have
 * no twins, and machine mode never stops a hart in there. */
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"

enum { KW_ADD, KW_BEQZ, KW_STORE, KW_AMO, KW_FSTORE, KW_STEP };

/* What a window holds, by MATCH/MASK: tp = 4, gp = 3. */
static const struct { uint32 mask, match; uchar form; } kwin_forms[] = {
  { 0xfff07fff, 0x00300233, KW_ADD },     /* add tp, rs1, gp */
  { 0xffffffff, 0x00018463, KW_BEQZ },    /* beq gp, zero, .+8 */
  { 0x000f807f, 0x00020023, KW_STORE },   /* sX rs2, imm(tp) */
  { 0x000f8fff, 0x0002002f, KW_AMO },     /* amoOP zero, rs2, (tp) */
  { 0x000f807f, 0x00020027, KW_FSTORE },  /* fsX rs2, imm(tp) */
  { 0x000fffff, 0x00020213, KW_STEP },    /* addi tp, tp, imm (a copied loop's) */
};

/* The form of instruction in among kwin_forms, or -1. */
KKEEP int
kwin_form(uint32 in)
{
  for (int i = 0; i < NELEM(kwin_forms); i++)
    if ((in & kwin_forms[i].mask) == kwin_forms[i].match)
      return kwin_forms[i].form;
  return -1;
}

/* The 32 bits at pc (2-aligned, so two halfwords). */
static KKEEP uint32
kwin_fetch(uint64 pc)
{
  return *(uint16 *)pc | (uint32)*(uint16 *)(pc + 2) << 16;
}

/* The operation of the AMO in (funct5) on old and v, for the width w. */
static KKEEP uint64
kwin_op(uint32 in, uint64 old, uint64 v, int w)
{
  long so = w == 4 ? (int)old : (long)old, sv = w == 4 ? (int)v : (long)v;

  if (w == 4)
    old = (uint32)old, v = (uint32)v;
  switch (in >> 27) {
  case 0x00: return old + v;
  case 0x01: return v;
  case 0x04: return old ^ v;
  case 0x0c: return old & v;
  case 0x08: return old | v;
  case 0x10: return so < sv ? old : v;
  case 0x14: return so > sv ? old : v;
  case 0x18: return old < v ? old : v;
  default:   return old > v ? old : v;    /* 0x1c: maxu */
  }
}

/* The AMO in made on the mirror word at a with operand v, atomically
 * (other harts' twins may change the word at the same time). */
static KKEEP void
kwin_amo(uint32 in, uint64 a, uint64 v)
{
  if (((in >> 12) & 7) == 2) {
    uint32 old = __atomic_load_n((uint32 *)a, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n((uint32 *)a, &old, (uint32)kwin_op(in, old, v, 4), 0,
                                        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
      ;
  } else {
    uint64 old = __atomic_load_n((uint64 *)a, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n((uint64 *)a, &old, kwin_op(in, old, v, 8), 0,
                                        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
      ;
  }
}

/* Register r of the trapped code: x[r] as kernelvec saved it. */
static KKEEP uint64
kwin_reg(const uint64 *x, int r, uint64 sp)
{
  return r == 0 ? 0 : r == 2 ? sp : x[r];
}

/* kernelvec, before kernel_trap: if an interrupt came in a window, do
 * the rest of it on its saved registers x (x[r] for register r; sp is
 * the frame's top) and move sepc past it.  An fp twin cannot be cut: the
 * kernel's only fp stores (fpu.S) are kept code, without twins. */
KKEEP void
kwin_finish(uint64 *x, uint64 sp)
{
  uint64 pc = csr_read(sepc);

  if ((long)csr_read(scause) >= 0 || x[3] == 0)
    return;       /* an exception: none comes in a window (a twin's page is
                     always mapped), and pc may be unreadable; or gp 0: no
                     mirror, a twin lands on its native word */
  for (;;) {
    uint32 in = kwin_fetch(pc);
    int rs1 = (in >> 15) & 31, rs2 = (in >> 20) & 31;
    uint64 v = kwin_reg(x, rs2, sp);
    long simm = (long)(int)(((in >> 25) << 5 | ((in >> 7) & 31)) << 20) >> 20;
    switch (kwin_form(in)) {
    case KW_ADD:
      x[4] = kwin_reg(x, rs1, sp) + x[3];
      break;
    case KW_BEQZ:
      pc += x[3] == 0 ? 4 : 0;
      break;
    case KW_STORE:
      switch ((in >> 12) & 7) {
      case 0: *(uchar *)(x[4] + simm) = v; break;
      case 1: *(uint16 *)(x[4] + simm) = v; break;
      case 2: *(uint32 *)(x[4] + simm) = v; break;
      default: *(uint64 *)(x[4] + simm) = v; break;
      }
      break;
    case KW_AMO:
      kwin_amo(in, x[4], v);
      break;
    default:                    /* not in a window (a step of tp ends none) */
      csr_write(sepc, pc);
      return;
    }
    pc += 4;
  }
}
