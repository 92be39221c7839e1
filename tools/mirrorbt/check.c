/* --check: re-decode the output code and prove, from its bytes alone,
 *  - each store/AMO/sc of the input has its mirror twin: a store of the
 *    same width and value register through tp, where tp was last set by
 *    "add tp, base, gp" with neither base nor gp written, and no branch
 *    target, in between (for AMOs: the copy sequence around it);
 *  - each branch and jump of the input reaches the translated place of
 *    its original target (directly, or through a widened branch's jal).
 * Prints one line per failure; returns the number of failures. */
#include <stdio.h>
#include <string.h>
#include "mbt.h"

typedef struct {
  Prog *p;
  uint8_t *tgt;            /* output branch targets, per halfword of code */
  uint64_t lo, hi;         /* output code extent */
  int fails;
} Chk;

static void
chk_say(Chk *c, uint64_t orig, const char *what)
{
  if (c->fails++ < 20)
    printf("check: 0x%lx: %s\n", (unsigned long)orig, what);
}

/* Decode the output instruction at address a (0 when not code). */
static int
chk_dec(Chk *c, uint64_t a, Insn *d)
{
  size_t i;

  for (i = 1; i < c->p->in->nsec; i++) {
    Sect *s = &c->p->in->sec[i];
    if (s->code && a >= s->naddr && a < s->naddr + s->nsize)
      return dec_insn(s->ndata + (a - s->naddr), s->naddr + s->nsize - a, d);
  }
  return 0;
}

/* Does the output at a take the original branch or jump d to t?  A
 * branch keeps its condition, or inverts it to skip over a jal. */
static int
chk_reaches(Chk *c, uint64_t a, const Insn *d, uint64_t t)
{
  Insn o, j;
  uint32_t f3 = d->len == 2 ? (d->bits >> 13 & 1) << 12 : d->bits & 0x7000;

  if (!chk_dec(c, a, &o) || o.op->kind != d->op->kind ||
      (d->op->kind == K_BRANCH && (o.rs1 != d->rs1 || o.rs2 != (d->len == 2 ? 0 : d->rs2))))
    return 0;
  if (d->op->kind == K_JAL)
    return o.rd == (d->len == 2 ? 0 : d->rd) && a + o.imm == t;
  if ((o.bits & 0x7000) == f3)
    return a + o.imm == t;
  return (o.bits & 0x7000) == (f3 ^ 0x1000) && o.imm == 8 && chk_dec(c, a + 4, &j) &&
         j.op->kind == K_JAL && j.rd == 0 && a + 4 + j.imm == t;
}

/* Mark every place an output branch or jump can go. */
static void
chk_targets(Chk *c)
{
  size_t i;
  uint64_t a;
  Insn d;

  c->lo = ~(uint64_t)0;
  for (i = 0; i < c->p->nit; i++) {
    if (c->p->it[i].addr < c->lo)
      c->lo = c->p->it[i].addr;
    if (c->p->it[i].addr + c->p->it[i].len > c->hi)
      c->hi = c->p->it[i].addr + c->p->it[i].len;
  }
  c->tgt = mbt_alloc((c->hi - c->lo) / 2 + 1);
  for (a = c->lo; a < c->hi; a += d.len) {
    if (!chk_dec(c, a, &d)) {
      d.len = 2;
      continue;
    }
    if ((d.op->kind == K_BRANCH || d.op->kind == K_JAL) &&
        a + d.imm >= c->lo && a + d.imm < c->hi)
      c->tgt[(a + d.imm - c->lo) / 2] = 1;
  }
}

/* Does tp hold base+gp at item m?  Walk back to the add that set it. */
static int
chk_tp(Chk *c, size_t m, int base)
{
  Insn d;

  while (m-- > 0) {
    Item *it = &c->p->it[m];
    if (!chk_dec(c, it->addr, &d))
      return 0;
    if (d.rd == TP)
      return d.bits == ENC_ADD_TP(base);
    if (d.rd == base || d.rd == GP || d.op->kind == K_BRANCH || d.op->kind == K_JAL ||
        d.op->kind == K_JALR || c->tgt[(it->addr - c->lo) / 2])
      return 0;
  }
  return 0;
}

static void
chk_pair(Chk *c, size_t m)
{
  Item *mi = &c->p->it[m], *ni = &c->p->it[mi->ref];
  Insn n, w, x;

  if (!chk_dec(c, ni->addr, &n) || !chk_dec(c, mi->addr, &w) ||
      (n.op->kind != K_STORE && n.op->kind != K_AMO) || w.op->kind != K_STORE ||
      w.op->width != n.op->width || w.rs1 != TP) {
    chk_say(c, ni->orig, "mirror write missing or malformed");
    return;
  }
  if (n.op->kind == K_STORE) {
    if (w.rs2 != n.rs2 || w.imm != n.imm || !chk_tp(c, m, n.rs1))
      chk_say(c, ni->orig, "mirror store differs from its native store");
    return;
  }
  /* add tp,rs1,gp; amo; sub gp,tp,gp; l[wd] gp,0(gp); s[wd] gp,0(tp) */
  if (mi->ref < 1 || !chk_dec(c, c->p->it[mi->ref - 1].addr, &x) ||
      x.bits != ENC_ADD_TP(n.rs1) || w.rs2 != GP || w.imm != 0 ||
      !chk_dec(c, c->p->it[m - 1].addr, &x) || x.rd != GP || x.rs1 != GP ||
      x.op->kind != K_OTHER || x.imm != 0 ||
      !chk_dec(c, c->p->it[m - 2].addr, &x) || x.bits != ENC_SUB_GP)
    chk_say(c, ni->orig, "atomic copy sequence malformed");
}

/* Every write and every branch of the input, decoded afresh. */
static void
chk_input(Chk *c, uint8_t *twin)
{
  Prog *p = c->p;
  size_t i;
  uint64_t off;
  Insn d;

  for (i = 1; i < p->in->nsec; i++) {
    Sect *s = &p->in->sec[i];
    if (!s->code)
      continue;
    for (off = 0; off < s->sh.sh_size; off += d.len) {
      uint64_t a = s->sh.sh_addr + off;
      int k = s->item[off / 2];
      if (p->it[k].kind == IK_DATA || !dec_insn(s->data + off, s->sh.sh_size - off, &d)) {
        d.len = 2;
        continue;
      }
      while (p->it[k].orig == a && p->it[k].kind == IK_RAW && p->it[k].bits != d.bits &&
             d.op->kind != K_AMO)
        k++;        /* the entry's gp set-up */
      if (d.op->kind == K_AMO)
        k++;        /* after its add tp */
      if ((d.op->kind == K_STORE || d.op->kind == K_AMO) && !twin[k])
        chk_say(c, a, "store without a mirror twin");
      if ((d.op->kind == K_BRANCH || d.op->kind == K_JAL) &&
          !chk_reaches(c, p->it[k].addr, &d, lay_map(p, a + d.imm)))
        chk_say(c, a, "branch does not reach the translated target");
    }
  }
}

int
chk_program(Prog *p)
{
  Chk c = { .p = p };
  uint8_t *twin = mbt_alloc(p->nit + 1);
  size_t i;

  chk_targets(&c);
  for (i = 0; i < p->npair; i++) {
    chk_pair(&c, (size_t)p->pair[i]);
    twin[p->it[p->pair[i]].ref] = 1;
  }
  chk_input(&c, twin);
  return c.fails;
}
