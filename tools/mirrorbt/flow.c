/* The tp analysis: a forward dataflow over the instructions of a code
 * range that finds, at each instruction, the register r for which tp
 * holds r + gp on every path that reaches it.  The rewrite runs it on the
 * input (a store leaves tp = base + gp behind it) to leave out the
 * `add tp` of a store whose base tp already covers; --check runs it on
 * the output (only `add tp, r, gp` sets it) to prove every mirror store.
 *
 * States: FL_TOP (not reached yet), FL_NONE (unknown), 0..31 (r).  The
 * meet of two different states is FL_NONE.  Places reached from outside
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

static int
flow_meet(int8_t *s, int v)
{
  int m = *s == FL_TOP ? v : *s == v ? v : FL_NONE;

  if (m == *s)
    return 0;
  *s = (int8_t)m;
  return 1;
}

/* One pass over ins[0..nh) (by halfword; op NULL: data, 2 bytes); returns
 * whether any state changed. */
static int
flow_pass(const Insn *ins, size_t nh, int8_t *st, int (*xfer)(const Insn *, int))
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
    out = xfer(d, st[h]);
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

/* Solve for st[0..nh): open[h] marks open places. */
void
flow_solve(const Insn *ins, size_t nh, const uint8_t *open, int8_t *st,
           int (*xfer)(const Insn *, int))
{
  size_t h;

  for (h = 0; h < nh; h++)
    st[h] = open[h] || h == 0 ? FL_NONE : FL_TOP;
  while (flow_pass(ins, nh, st, xfer))
    ;
  for (h = 0; h < nh; h += ins[h].op ? ins[h].len / 2 : 1)
    if (ins[h].op && st[h] == FL_TOP) {
      st[h] = FL_NONE;           /* unreached: assume nothing, go on from here */
      while (flow_pass(ins, nh, st, xfer))
        ;
    }
}
