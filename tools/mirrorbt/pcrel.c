/* auipc pairs found by decoding.  An assembler resolves a PC-relative
 * reference inside one section itself (clang's `call` to a static
 * function, `lla` of a local label, a hand-written `auipc ra, 0; jalr
 * ra, 44(ra)`) and leaves no relocation on it.  Code grows between such
 * an auipc and its target, so the pair must be re-encoded like a
 * %pcrel_hi/%pcrel_lo pair.
 *
 * A forward dataflow over the section (reaching definitions, per
 * integer register) finds, before each instruction, which auipc set
 * each register on every path (or PC_OTHER: something else, PC_MIXED:
 * an auipc on some paths only, or another auipc on others).  An
 * instruction that reads the value of an auipc without relocation must
 * be one of its uses (dec_is_pcuse: addi, a load, a store or jalr
 * through it, 32-bit, without relocation of its own); its target is
 * auipc's pc + auipc's immediate + its own, and it moves with the
 * auipc's section (an assembler resolves nothing across sections: a
 * target inside another section means a relocation was lost, refused).  The
 * value of an auipc with a relocation (%pcrel_hi, a call) may be read
 * only by instructions with relocations of their own (%pcrel_lo, the
 * call's jalr), which the layout fixes.  Anything else that reads an
 * auipc's value, or a value that is an auipc's on some paths only, is
 * refused (E_PCREL): the target cannot be established.
 *
 * Model: the edges are flow.c's (fall-through, branch and plain-jump
 * targets); open places (symbols, relocation targets, the entry, code
 * after data) start from PC_OTHER; a call or ecall returns with the
 * caller-saved registers (the call's link among them) holding PC_OTHER.
 * A call, return or ecall does not count as reading a raw auipc value:
 * a compiler passes only whole addresses (auipc plus its low part). */
#include <string.h>
#include "mbt.h"

enum { PC_TOP = -3, PC_MIXED = -2, PC_OTHER = -1 };   /* >= 0: an auipc's halfword */
#define PC_CALLER 0xf003fce2u    /* ra, t0-t2, a0-a7, t3-t6: a callee may change them */
#define PC_A0 10

static int32_t
pc_join(int32_t s, int32_t v)
{
  return s == PC_TOP ? v : v == PC_TOP || v == s ? s : PC_MIXED;
}

/* Meet the state out (32 registers) into st; returns whether it changed. */
static int
pc_meet(int32_t *st, const int32_t *out)
{
  int r, ch = 0;

  for (r = 0; r < 32; r++) {
    int32_t m = pc_join(st[r], out[r]);
    ch |= m != st[r];
    st[r] = m;
  }
  return ch;
}

/* The state after d (at halfword h) from the one before it. */
static void
pc_xfer(const Insn *d, size_t h, const int32_t *in, int32_t *out)
{
  int r;

  memcpy(out, in, 32 * sizeof(int32_t));
  if (flow_links(d) || (d->op->kind == K_SYS && !strcmp(d->op->name, "ecall")))
    for (r = 1; r < 32; r++)
      if ((PC_CALLER & LIVE_BIT(r)) && (flow_links(d) || r == PC_A0))
        out[r] = PC_OTHER;
  if (d->rd > 0 && d->rd < R_FP)
    out[d->rd] = d->op->kind == K_AUIPC ? (int32_t)h : PC_OTHER;
}

/* One forward pass (flow.c's edges; code after data is entered from
 * nowhere the analysis knows: PC_OTHER); returns whether a state changed. */
static int
pc_pass(const Insn *ins, size_t nh, int32_t *st, const int32_t *other)
{
  int32_t out[32];
  size_t h, t, next;
  int ch = 0;

  for (h = 0; h < nh; h = next) {
    const Insn *d = &ins[h];
    next = h + (d->op ? d->len / 2 : 1);
    if (!d->op) {
      if (next < nh && ins[next].op)
        ch |= pc_meet(&st[32 * next], other);
      continue;
    }
    if (st[32 * h] == PC_TOP)
      continue;
    pc_xfer(d, h, &st[32 * h], out);
    if ((d->op->kind == K_BRANCH || (d->op->kind == K_JAL && !flow_links(d))) &&
        (t = h + (size_t)(d->imm / 2)) < nh && ins[t].op)
      ch |= pc_meet(&st[32 * t], out);
    if ((d->op->kind == K_JAL || d->op->kind == K_JALR) && !flow_links(d))
      continue;                  /* no fall-through */
    if (next < nh && ins[next].op)
      ch |= pc_meet(&st[32 * next], out);
  }
  return ch;
}

/* Solve st[32 h + r] for every instruction: open places and code
 * reached by nothing the analysis sees start from PC_OTHER. */
static void
pc_solve(const Insn *ins, size_t nh, const uint8_t *open, int32_t *st)
{
  int32_t other[32];
  size_t h, r;

  for (r = 0; r < 32; r++)
    other[r] = PC_OTHER;
  for (h = 0; h < nh; h++)
    for (r = 0; r < 32; r++)
      st[32 * h + r] = open[h] || h == 0 ? PC_OTHER : PC_TOP;
  while (pc_pass(ins, nh, st, other))
    ;
  for (h = 0; h < nh; h += ins[h].op ? ins[h].len / 2 : 1)
    if (ins[h].op && st[32 * h] == PC_TOP) {
      memcpy(&st[32 * h], other, sizeof other);
      while (pc_pass(ins, nh, st, other))
        ;
    }
}

/* Refuse the read of register r by d at a, holding v (an auipc's
 * halfword or PC_MIXED); au: the auipc's decoding. */
static void
pc_refuse(const Sect *s, uint64_t a, const Insn *d, int r, int32_t v, const Insn *au)
{
  uint64_t at = s->sh.sh_addr + 2 * (uint64_t)v;

  if (v == PC_MIXED)
    mbt_fail(E_PCREL, "cannot establish a PC-relative target: %s at 0x%lx reads x%d, "
             "set by an auipc on some paths only", d->op->name, (unsigned long)a, r);
  if (au->fixed)
    mbt_fail(E_PCREL, "cannot establish a PC-relative target: %s at 0x%lx reads the value "
             "of the auipc at 0x%lx (which has a relocation) without a relocation of its own",
             d->op->name, (unsigned long)a, (unsigned long)at);
  mbt_fail(E_PCREL, "cannot establish the target of the auipc at 0x%lx (no relocation): "
           "%s at 0x%lx reads its value%s", (unsigned long)at, d->op->name, (unsigned long)a,
           d->fixed ? " and has a relocation of its own" :
           " (only a 32-bit addi, load, store or jalr through it can be re-encoded)");
}

/* Find the pairs of section s (ins: its decoding, open: the open places
 * of the tp analysis).  Fills s->pchi and s->pcto; the uses are marked
 * fixed (a relocation-like immediate) and their targets become open
 * places (they are reached by jumps the tp analysis cannot see). */
void
pc_find(Input *in, Sect *s, Insn *ins, uint8_t *open)
{
  size_t nh = s->sh.sh_size / 2, h;
  Sect *o;
  uint64_t base = s->sh.sh_addr, t;
  int32_t *st, v;
  int i, r[2];

  for (h = 0; h < nh && !(ins[h].op && ins[h].op->kind == K_AUIPC && ins[h].rd > 0); h++)
    ;
  if (h == nh)
    return;                      /* no auipc */
  st = mbt_alloc(nh * 32 * sizeof(int32_t));
  pc_solve(ins, nh, open, st);
  s->pchi = mbt_alloc(nh * sizeof(int32_t));
  s->pcto = mbt_alloc(nh * sizeof(uint64_t));
  memset(s->pchi, 0xff, nh * sizeof(int32_t));
  for (h = 0; h < nh; h += ins[h].op ? ins[h].len / 2 : 1) {
    Insn *d = &ins[h];
    if (!d->op || st[32 * h] == PC_TOP)
      continue;
    r[0] = d->rs1;
    r[1] = d->rs2;
    for (i = 0; i < 2; i++) {
      if (r[i] <= 0 || r[i] >= R_FP || (v = st[32 * h + r[i]]) == PC_OTHER ||
          (v >= 0 && ins[v].fixed && d->fixed))
        continue;                /* not an auipc's value, or a relocated pair */
      if (v == PC_MIXED || ins[v].fixed || d->fixed || !dec_is_pcuse(d, r[i]))
        pc_refuse(s, base + 2 * h, d, r[i], v, v >= 0 ? &ins[v] : NULL);
      t = base + 2 * (uint64_t)v + (uint64_t)ins[v].imm + (uint64_t)d->imm;
      if ((o = ein_sect_at(in, t)) && o != s)
        mbt_fail(E_PCREL, "the auipc at 0x%lx (no relocation) and %s at 0x%lx reach 0x%lx in "
                 "section %s: an assembler resolves only references within a section, so "
                 "their relocation is missing (link with --emit-relocs, keep .rela sections)",
                 (unsigned long)(base + 2 * (uint64_t)v), d->op->name,
                 (unsigned long)(base + 2 * h), (unsigned long)t, o->name);
      d->fixed = 1;
      s->pchi[h] = v;
      s->pcto[h] = t;
      if (s->pchi[v] < 0) {      /* the auipc: its first use's target */
        s->pchi[v] = v;
        s->pcto[v] = t;
      }
      if (t >= base && t - base < s->sh.sh_size)
        open[(t - base) / 2] = 1;
    }
  }
}
