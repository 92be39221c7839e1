/* The tp analysis: a forward dataflow over the instructions of a code
 * range that finds, at each instruction, the register r and the constant
 * k for which tp holds r + gp + k on every path that reaches it.  The
 * rewrite runs it on the input (a store leaves tp = base + gp behind it,
 * `addi r, r, imm` turns k into k - imm) to leave out the `add tp` of a
 * store whose base tp already covers (its mirror store then uses the
 * offset imm - k); --check runs it on the output for tp and each
 * borrowed register x (only `add x, r, gp` sets it) to prove every mirror
 * store.
 *
 * States: FL_TOP (not reached yet), FL_NONE (unknown), flow_al(r, k, a, d):
 * tp = r + gp + k with -2048 <= k <= 2047 and, when a is not 0, the
 * alias a = r + d (-128 <= d <= 127), so that tp = a + gp + (k - d) as
 * well: `mv a3, a5` or `addi a3, a5, 8` makes a3 an alias of a5, and a
 * later `addi a5, a3, -4` keeps tp known through it.  FL_ST(r, k) has no
 * alias.  The meet of two states keeps a register both know with the same
 * k (flow_k), else it is FL_NONE.  Places reached from outside
 * the range or by a jump the analysis cannot see (symbols, relocation
 * targets, the entry, return points after a call, code after data) are
 * open: FL_NONE.  Edges: fall-through, and the targets of direct
 * branches and plain jumps; a call's fall-through is a return point. */
#include <string.h>
#include "mbt.h"

/* Does d write a return address (jal/jalr with a link, c.jalr)? */
int
flow_links(const Insn *d)
{
  return (d->op->kind == K_JAL || d->op->kind == K_JALR) &&
         (d->rd > 0 || !strcmp(d->op->name, "c.jalr"));
}

/* Is relocation r just the target of the branch or plain jump d at its
 * place, in the same section?  Then the analysis follows that edge
 * itself, and the target need not be an open place. */
int
flow_seen(const Reloc *r, const Insn *d)
{
  return r->tsec == r->sec && d->op &&
         (((r->type == 16 || r->type == 44) && d->op->kind == K_BRANCH) ||
          ((r->type == 17 || r->type == 45) && d->op->kind == K_JAL && !flow_links(d)));
}

/* Is d "rd = src + imm" (addi, c.addi, c.addi16sp, c.mv)?  Then *src
 * and *imm say how. */
int
flow_copy(const Insn *d, int *src, int64_t *imm)
{
  uint32_t x = d->bits;

  *src = d->rs1;
  if (!strcmp(d->op->name, "addi"))
    *imm = d->imm;
  else if (!strcmp(d->op->name, "c.mv")) {
    *src = d->rs2;
    *imm = 0;
  } else if (!strcmp(d->op->name, "c.addi"))
    *imm = (int64_t)((((x >> 12) & 1) ? ~(uint64_t)31 : 0) | ((x >> 2) & 31));
  else if (!strcmp(d->op->name, "c.addi16sp"))
    *imm = ((x >> 12) & 1 ? -512 : 0) | ((x >> 6) & 1) << 4 | ((x >> 5) & 1) << 6 |
           ((x >> 3) & 3) << 7 | ((x >> 2) & 1) << 5;
  else
    return 0;
  return d->rd > 0 && d->rd < R_FP && *src >= 0 && *src < R_FP;
}

/* Is d "r = r + imm" (addi with rd = rs1, c.addi, c.addi16sp)? */
int
flow_addi(const Insn *d, int64_t *imm)
{
  int src;

  return flow_copy(d, &src, imm) && src == d->rd;
}

/* The state tp = r + gp + k with the alias a = r + d (a 0: none); out
 * of range, the alias goes, or r gives way to it, or FL_NONE. */
int
flow_al(int r, int64_t k, int a, int64_t d)
{
  if (a == r || d < -128 || d > 127)
    a = 0;
  if (k >= -2048 && k <= 2047)
    return a ? FL_ST(r, k) | a << 17 | (int)(d + 128) << 22 : FL_ST(r, k);
  return a ? flow_al(a, k - d, 0, 0) : FL_NONE;
}

/* The state tp = r + gp + k, or FL_NONE when k is out of range. */
int
flow_st(int r, int64_t k)
{
  return flow_al(r, k, 0, 0);
}

/* Does state s know tp as reg + gp + *k (reg its register or its alias)? */
int
flow_k(int s, int reg, int64_t *k)
{
  if (s < 0 || reg <= 0)
    return 0;
  if (reg == FL_R(s))
    *k = FL_K(s);
  else if (reg == FL_A(s))
    *k = FL_K(s) - FL_D(s);
  else
    return 0;
  return *k >= -2048 && *k <= 2047;
}

/* The state after an instruction that does not write tp, for the
 * register rd it writes: `rd = src + imm` with src r or its alias makes
 * rd known too (r itself stepped, the alias moved or replaced), any
 * other write of r hands over to the alias or ends the state, of the
 * alias drops it. */
int
flow_regs(const Insn *d, int s)
{
  int rd = d->rd, r, a, src;
  int64_t k, dd, imm, v;

  if (s < 0 || rd <= 0 || rd >= R_FP)
    return s;
  r = FL_R(s), k = FL_K(s), a = FL_A(s), dd = FL_D(s);
  if (flow_copy(d, &src, &imm) && (src == r || (a && src == a))) {
    v = (src == r ? 0 : dd) + imm;      /* rd = r + v (old r) */
    if (rd == r)
      return flow_al(r, k - v, a, dd - v);
    return flow_al(r, k, rd, v);        /* rd the (new) alias */
  }
  if (rd == r)
    return a ? flow_al(a, k - dd, 0, 0) : FL_NONE;
  return rd == a ? FL_ST(r, k) : s;
}

/* The meet of two states: a register both know with the same k. */
int
flow_join(int s, int v)
{
  int64_t ks, kv;

  if (s == FL_TOP || s == v)
    return v;
  if (v == FL_TOP)
    return s;
  if (s < 0 || v < 0)
    return FL_NONE;
  if (flow_k(v, FL_R(s), &kv) && kv == FL_K(s))
    return FL_ST(FL_R(s), kv);
  if (FL_A(s) && flow_k(s, FL_A(s), &ks) && flow_k(v, FL_A(s), &kv) && ks == kv)
    return FL_ST(FL_A(s), ks);
  return FL_NONE;
}

static int
flow_meet(int32_t *s, int v)
{
  int m = flow_join(*s, v);

  if (m == *s)
    return 0;
  *s = m;
  return 1;
}

/* One pass over ins[0..nh) (by halfword; op NULL: data, 2 bytes); returns
 * whether any state changed. */
static int
flow_pass(const Insn *ins, size_t nh, int32_t *st, int x, int (*xfer)(const Insn *, int, int))
{
  size_t h, t;
  int ch = 0, out;

  for (h = 0; h < nh; h += ins[h].op ? ins[h].len / 2 : 1) {
    const Insn *d = &ins[h];
    size_t next = h + (d->op ? d->len / 2 : 1);
    if (!d->op) {
      if (next < nh)
        ch |= flow_meet(&st[next], FL_NONE);
      continue;
    }
    if (st[h] == FL_TOP)
      continue;
    out = xfer(d, st[h], x);
    if ((d->op->kind == K_BRANCH || (d->op->kind == K_JAL && !flow_links(d))) &&
        (t = h + (size_t)(d->imm / 2)) < nh)
      ch |= flow_meet(&st[t], out);
    if (flow_links(d))
      out = FL_NONE;             /* the callee may change tp */
    else if ((d->op->kind == K_JAL || d->op->kind == K_JALR))
      continue;                  /* no fall-through */
    if (next < nh)
      ch |= flow_meet(&st[next], out);
  }
  return ch;
}

/* Solve for st[0..nh): the state of scratch register x (tp, or a
 * borrowed one: --check), open[h] marks open places. */
void
flow_solve(const Insn *ins, size_t nh, const uint8_t *open, int32_t *st, int x,
           int (*xfer)(const Insn *, int, int))
{
  size_t h;

  for (h = 0; h < nh; h++)
    st[h] = open[h] || h == 0 ? FL_NONE : FL_TOP;
  while (flow_pass(ins, nh, st, x, xfer))
    ;
  for (h = 0; h < nh; h += ins[h].op ? ins[h].len / 2 : 1)
    if (ins[h].op && st[h] == FL_TOP) {
      st[h] = FL_NONE;           /* unreached: assume nothing, go on from here */
      while (flow_pass(ins, nh, st, x, xfer))
        ;
    }
}
