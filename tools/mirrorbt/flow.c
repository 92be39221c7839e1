/* The tp analysis: a forward dataflow over the instructions of a code
 * range that finds, at each instruction, the register r and the constant
 * k for which tp holds r + gp + k on every path that reaches it.  The
 * rewrite runs it on the input (a store leaves tp = base + gp behind it,
 * `addi r, r, imm` turns k into k - imm) to leave out the `add tp` of a
 * store whose base tp already covers (its mirror store then uses the
 * offset imm - k); --check runs it on the output (only `add tp, r, gp`
 * sets it) to prove every mirror store.
 *
 * States: FL_TOP (not reached yet), FL_NONE (unknown), FL_ST(r, k) with
 * -2048 <= k <= 2047.  The meet of two different states is FL_NONE.  Places reached from outside
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

/* Is d "r = r + imm" (addi with rd = rs1, c.addi, c.addi16sp)?  Then
 * *imm is the constant. */
int
flow_addi(const Insn *d, int64_t *imm)
{
  uint32_t x = d->bits;

  if (!strcmp(d->op->name, "addi") && d->rd == d->rs1)
    *imm = d->imm;
  else if (!strcmp(d->op->name, "c.addi"))
    *imm = (int64_t)((((x >> 12) & 1) ? ~(uint64_t)31 : 0) | ((x >> 2) & 31));
  else if (!strcmp(d->op->name, "c.addi16sp"))
    *imm = ((x >> 12) & 1 ? -512 : 0) | ((x >> 6) & 1) << 4 | ((x >> 5) & 1) << 6 |
           ((x >> 3) & 3) << 7 | ((x >> 2) & 1) << 5;
  else
    return 0;
  return d->rd > 0;
}

/* The state tp = r + gp + k, or FL_NONE when k is out of range. */
int
flow_st(int r, int64_t k)
{
  return k >= -2048 && k <= 2047 ? FL_ST(r, k) : FL_NONE;
}

/* The state after an instruction that does not write tp, for the
 * registers it writes: r stepped by addi keeps it, anything else
 * writing r ends it. */
int
flow_regs(const Insn *d, int s)
{
  int64_t imm;

  if (s < 0)
    return s;
  if (flow_addi(d, &imm) && d->rd == FL_R(s))
    return flow_st(FL_R(s), FL_K(s) - imm);
  return d->rd == FL_R(s) ? FL_NONE : s;
}

static int
flow_meet(int32_t *s, int v)
{
  int m = *s == FL_TOP ? v : *s == v ? v : FL_NONE;

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
