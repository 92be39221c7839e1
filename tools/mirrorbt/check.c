/* --check: re-decode the output code and prove, from its bytes alone,
 *  - each store/AMO/sc of the input has its mirror twin: a store of the
 *    same width and value register through tp (or a borrowed register),
 *    where it holds base + gp on every path, by the tp analysis (flow.c)
 *    run on the output for each scratch register, where only "add x,
 *    base, gp" sets it (for AMOs: the copy sequence and its window);
 *  - each borrowed register is set only at the entry of a copied loop,
 *    where the input leaves it dead: every path from there writes it
 *    before reading it (chk_dead, a search of its own on live.c's model);
 *  - each entry of the pair table as written names a native write, its
 *    kind and registers, its mirror write and the end of its window, the
 *    entries sorted and their windows apart, and every write of the
 *    input has its entry (chk_table);
 *  - each branch and jump of the input reaches the translated place of
 *    its original target (directly, or through a widened branch's jal);
 *  - each relocated reference of the input (code and data) computes in
 *    the output the moved symbol plus the same addend (chk_expect).
 * Prints one line per failure; returns the number of failures. */
#include <stdio.h>
#include <string.h>
#include "mbt.h"

typedef struct {
  Prog *p;
  Insn *ins;               /* the output code [lo, hi), per halfword */
  int32_t *st[32];         /* st[x]: x = r + gp + k for which r, k, per
                              halfword; for tp and each borrowed x, else NULL */
  uint64_t lo, hi;
  int nborrow;             /* adds of borrowed registers in the output */
  int proven;              /* those proven at a copied loop's entry */
  int fails;
  uint64_t *pcto;          /* targets of PC-relative references (chk_pcrel) */
  size_t npc;
} Chk;

static uint64_t chk_expect(Chk *c, const Reloc *r);

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

/* A branch or jump d at a in a --keep section, to a place in that same
 * section: the rewrite leaves it as it is (rw_insn), and it reaches its
 * target if its bytes are unchanged and it and its target kept their
 * offsets in the section (which then moved whole). */
static int
chk_kept_jump(Chk *c, const Sect *s, uint64_t a, const Insn *d)
{
  const Item *it = &c->p->it[s->item[(a - s->sh.sh_addr) / 2]];

  return s->keep && (d->op->kind == K_BRANCH || d->op->kind == K_JAL) &&
         a + d->imm - s->sh.sh_addr < s->sh.sh_size && it->kind == IK_RAW &&
         it->bits == d->bits && it->addr - s->naddr == a - s->sh.sh_addr &&
         lay_map(c->p, a + d->imm) - s->naddr == a + d->imm - s->sh.sh_addr;
}

/* Is d `add x, r, gp` for some x other than gp?  (The program never
 * names gp, so every such add is the translator's.) */
static int
chk_isadd(const Insn *d)
{
  return d->op && !strcmp(d->op->name, "add") && d->rs2 == GP && d->rd > 0 && d->rd != GP;
}

/* The tp analysis on the output, for scratch register x: only "add x,
 * r, gp" (r not x) sets x = r + gp (gp holds the offset wherever the
 * program runs such an add); "addi x, x, imm" adds imm to k, "addi r,
 * r, imm" subtracts it, anything else writing x or r ends it. */
static int
chk_xfer(const Insn *d, int s, int x)
{
  int64_t imm;

  if (chk_isadd(d) && d->rd == x)
    return d->rs1 != x ? FL_ST(d->rs1, 0) : FL_NONE;
  if (d->op->kind == K_SYS || flow_links(d))
    return FL_NONE;
  if (d->rd == x)
    return s >= 0 && flow_addi(d, &imm) ? flow_al(FL_R(s), FL_K(s) + imm, FL_A(s), FL_D(s)) :
           FL_NONE;
  return flow_regs(d, s);
}

static void
chk_open(Chk *c, uint8_t *open, uint64_t a)
{
  if (a >= c->lo && a < c->hi)
    open[(a - c->lo) / 2] = 1;
}

/* Decode the output code and run the tp analysis on it, for tp and for
 * every register an `add x, r, gp` borrows, with the places the rewrite
 * took as open (symbols, relocation targets, the entry) at their new
 * addresses. */
static void
chk_flow(Chk *c)
{
  Input *in = c->p->in;
  size_t i, nh;
  uint64_t a;
  uint8_t *open;

  c->lo = ~(uint64_t)0;
  for (i = 0; i < c->p->nit; i++) {
    if (c->p->it[i].addr < c->lo)
      c->lo = c->p->it[i].addr;
    if (c->p->it[i].addr + c->p->it[i].len > c->hi)
      c->hi = c->p->it[i].addr + c->p->it[i].len;
  }
  nh = (c->hi - c->lo) / 2;
  c->ins = mbt_alloc(nh * sizeof(Insn) + 1);
  open = mbt_alloc(nh + 1);
  for (a = c->lo; a < c->hi; a += c->ins[(a - c->lo) / 2].len)
    if (!chk_dec(c, a, &c->ins[(a - c->lo) / 2]))
      c->ins[(a - c->lo) / 2] = (Insn){ .len = 2 };
  for (i = 0; i < in->nsym; i++) {
    Sect *s = ein_sym_sect(in, &in->sym[i]);
    if (s && s->code && strncmp((char *)in->strsec->data + in->sym[i].st_name, ".L", 2))
      chk_open(c, open, lay_sym(c->p, &in->sym[i]));
  }
  for (i = 0; i < in->nrel; i++) {
    Reloc *r = &in->rel[i];
    Insn d = { 0 };
    if (!r->tsec || !r->tsec->code)
      continue;
    if (r->sec->code)     /* a branch's own target: its edge is followed */
      dec_insn(r->sec->data + (r->off - r->sec->sh.sh_addr),
               r->sec->sh.sh_size - (r->off - r->sec->sh.sh_addr), &d);
    if (!flow_seen(r, &d))
      chk_open(c, open, chk_expect(c, r));
  }
  chk_open(c, open, lay_map(c->p, in->eh.e_entry));
  for (i = 0; i < c->npc; i++)
    chk_open(c, open, c->pcto[i]);
  c->st[TP] = mbt_alloc((nh + 1) * sizeof(int32_t));
  for (a = c->lo; a < c->hi; a += c->ins[(a - c->lo) / 2].len)
    if (chk_isadd(&c->ins[(a - c->lo) / 2]) && c->ins[(a - c->lo) / 2].rd != TP) {
      c->nborrow++;
      if (!c->st[c->ins[(a - c->lo) / 2].rd])
        c->st[c->ins[(a - c->lo) / 2].rd] = mbt_alloc((nh + 1) * sizeof(int32_t));
    }
  for (i = 0; i < 32; i++)
    if (c->st[i])
      flow_solve(c->ins, nh, open, c->st[i], (int)i, chk_xfer);
}

/* Do the instructions at [a, end] load gp with the offset again (an li:
 * lui, addi, addiw, slli on gp only)? */
static int
chk_gp(Chk *c, uint64_t a, uint64_t end)
{
  int64_t v = 0;
  Insn d;

  for (; a <= end; a += d.len) {
    if (!chk_dec(c, a, &d) || d.rd != GP || (d.rs1 != GP && d.rs1 != 0 && d.rs1 != R_NONE))
      return 0;
    if (!strcmp(d.op->name, "lui"))
      v = d.imm;
    else if (!strcmp(d.op->name, "addi"))
      v = (d.rs1 ? v : 0) + d.imm;
    else if (!strcmp(d.op->name, "addiw"))
      v = (int32_t)(v + d.imm);
    else if (!strcmp(d.op->name, "slli"))
      v = (int64_t)((uint64_t)v << (d.imm & 63));
    else
      return 0;
  }
  return a == end + 4 && v == c->p->offset;
}

/* The mirror store of the native store n at a: right after it, or after
 * one `add tp, base, gp` after it, a store of the same width and value
 * register through a scratch register x (tp or a borrowed one), where
 * x = base + gp + k (the analysis) and its offset is n's minus k.
 * Returns the address after it, or 0. */
static uint64_t
chk_mirror(Chk *c, uint64_t a, const Insn *n)
{
  Insn w;
  int st;
  int64_t k;

  a += n->len;
  if (chk_dec(c, a, &w) && w.bits == ENC_ADD_TP(n->rs1))
    a += 4;
  if (!chk_dec(c, a, &w) || w.op->kind != K_STORE || w.op->width != n->op->width ||
      w.rs1 < 0 || !c->st[w.rs1] || w.rs2 != n->rs2 || a < c->lo || a >= c->hi)
    return 0;
  st = c->st[w.rs1][(a - c->lo) / 2];
  return flow_k(st, n->rs1, &k) && w.imm == n->imm - k ? a + 4 : 0;
}

/* A failure at the output address a, reported at the original address
 * of the instruction there. */
static void
chk_sayout(Chk *c, uint64_t a, const char *what)
{
  size_t i;

  for (i = 0; i < c->p->nit && c->p->it[i].addr != a; i++)
    ;
  chk_say(c, i < c->p->nit ? c->p->it[i].orig : a, what);
}

/* One entry of the pair table, from the output bytes.  At first a
 * native write of the entry's kind (a store, an AMO, an sc) and
 * registers.  A store: its mirror store through tp with the same width
 * and value register, where tp = base + gp + k and its offset is the
 * native one minus k, right after the store or after one add tp after
 * it, at first + copy, which is also the window's last instruction.  An
 * AMO under --twin-atomics: OP; add tp,rs1,gp; beq gp,zero,.+8;
 * OP zero,rs2,(tp) (at first + copy, the window's end), rd neither rs1
 * nor rs2.  Any other
 * AMO or sc:
 *   add tp,rs1,gp; OP; [sc: bne rd,zero past the window]
 *   sub gp,tp,gp; l[wd] gp,0(gp); s[wd] gp,0(tp) (at first + copy);
 *   li gp (its last instruction at first + span) */
static void
chk_window(Chk *c, const struct mirror_pair *e)
{
  uint64_t a = e->first + 4, m = e->first + e->copy, end = e->first + e->span;
  Insn n, w, x;
  int kind;

  if (!chk_dec(c, e->first, &n) || (n.op->kind != K_STORE && n.op->kind != K_AMO)) {
    chk_sayout(c, e->first, "pair table entry names no native write");
    return;
  }
  kind = n.op->kind == K_STORE ? MIRROR_PAIR_STORE :
         !strncmp(n.op->name, "sc.", 3) ? MIRROR_PAIR_SC :
         c->p->twinamo ? MIRROR_PAIR_TWIN : MIRROR_PAIR_AMO;
  if (e->kind != kind)
    chk_sayout(c, e->first, "pair table kind differs from the native write");
  if (e->regs != ((n.op->kind == K_STORE ? 0 : n.rd) | n.rs1 << 5 | (n.rs2 & 31) << 10))
    chk_sayout(c, e->first, "pair table registers differ from the native write");
  if (kind == MIRROR_PAIR_TWIN) {
    if ((n.rd != 0 && (n.rd == n.rs1 || n.rd == n.rs2)) || e->copy != 12 || e->span != 12 ||
        !chk_dec(c, a, &x) || x.bits != ENC_ADD_TP(n.rs1) ||
        !chk_dec(c, a + 4, &x) || x.bits != ENC_BEQZ_GP_8 ||
        !chk_dec(c, m, &w) || w.bits != ENC_AMO_TWIN(n.bits))
      chk_sayout(c, e->first, "twin of an AMO missing or malformed");
    return;
  }
  if (!chk_dec(c, m, &w) || w.op->kind != K_STORE || w.op->width != n.op->width ||
      w.rs1 < 0 || !c->st[w.rs1] || (n.op->kind != K_STORE && w.rs1 != TP)) {
    chk_sayout(c, e->first, "mirror write missing or malformed");
    return;
  }
  if (n.op->kind == K_STORE) {
    if (e->span != e->copy || chk_mirror(c, e->first, &n) != m + 4)
      chk_sayout(c, e->first, "mirror store differs from its native store");
    return;
  }
  if (kind == MIRROR_PAIR_SC && n.rd != 0 &&
      (!chk_dec(c, a, &x) || x.bits != enc_b(0x1063, n.rd, 0, x.imm) ||
       a + x.imm != end + 4 || (a += 4, 0)))
    chk_sayout(c, e->first, "sc does not skip the copy when it fails");
  if (!chk_dec(c, e->first - 4, &x) || x.bits != ENC_ADD_TP(n.rs1) ||
      !chk_dec(c, a, &x) || x.bits != ENC_SUB_GP ||
      !chk_dec(c, a + 4, &x) || x.rd != GP || x.rs1 != GP || x.imm != 0 ||
      x.op->kind != K_OTHER || a + 8 != m || w.rs2 != GP || w.imm != 0 ||
      !chk_gp(c, m + 4, end))
    chk_sayout(c, e->first, "atomic copy sequence or its window malformed");
}

/* The pair table as written (p->tab): every entry proven (chk_window),
 * the entries sorted by first, each window begun after the one before
 * has ended, and an entry for the native write of every pair the
 * rewrite made (those writes have their twin: twin[item]). */
static void
chk_table(Chk *c, uint8_t *twin)
{
  Prog *p = c->p;
  struct mirror_pair e, prev = { 0 };
  size_t i, lo, hi, mid;
  uint64_t a;

  for (i = 0; i < p->npair; i++) {
    pt_get(p->tab + i * PT_ENTRY, &e);
    if (i > 0 && e.first <= prev.first)
      chk_sayout(c, e.first, "pair table not sorted");
    else if (i > 0 && e.first <= prev.first + prev.span)
      chk_sayout(c, e.first, "pair table windows overlap");
    chk_window(c, &e);
    prev = e;
  }
  for (i = 0; i < p->npair; i++) {
    a = p->it[p->pair[i].nat].addr;
    for (lo = 0, hi = p->npair; lo < hi; ) {     /* the first entry at or after a */
      pt_get(p->tab + (mid = lo + (hi - lo) / 2) * PT_ENTRY, &e);
      if (e.first < a)
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo < p->npair && (pt_get(p->tab + lo * PT_ENTRY, &e), e.first == a))
      twin[p->pair[i].nat] = 1;
    else
      chk_say(c, p->it[p->pair[i].nat].orig, "write missing from the pair table");
  }
}

/* The length of the output made for the original branch or jump d at a
 * (chk_reaches proves where it goes): a jal, or a branch with d's
 * condition, 4; a branch with the inverted one (over a jal), 8. */
static int
chk_jlen(Chk *c, uint64_t a, const Insn *d)
{
  uint32_t f3 = d->len == 2 ? (d->bits >> 13 & 1) << 12 : d->bits & 0x7000;
  Insn o;

  return d->op->kind == K_JAL || (chk_dec(c, a, &o) && (o.bits & 0x7000) == f3) ? 4 : 8;
}

/* Is d, at offset o of the input section s, the jalr of a call pair:
 * an R_RISCV_CALL relocation at o - 4 (live_pair)? */
static void
chk_pair(Chk *c, Sect *s, uint64_t o, Insn *d)
{
  Input *in = c->p->in;
  uint64_t a = s->sh.sh_addr + o - 4;
  size_t i;
  Insn au;

  if (o < 4 || d->op->kind != K_JALR)
    return;
  for (i = 0; i < in->nrel; i++)
    if (in->rel[i].sec == s && in->rel[i].off == a &&
        (in->rel[i].type == 18 || in->rel[i].type == 19) &&
        dec_insn(s->data + o - 4, 4, &au))
      live_pair(&au, d);
}

/* Is register x dead at the input address a: does every path from a
 * write it before reading it?  A search of the input's paths, decoded
 * afresh, on live.c's model (live_use, live_exit): a path ends where an
 * instruction writes x; x is live if one reads it, or reaches a place
 * the model cannot follow (another section, data, the middle of an
 * instruction).  sp, gp and tp are never dead: a borrowed register must
 * be one the program's own use can spare at any moment. */
static int
chk_dead(Chk *c, int x, uint64_t a)
{
  Sect *s = ein_sect_at(c->p->in, a);
  uint64_t base, size, o, *todo;
  size_t n = 0;
  uint8_t *seen;
  uint32_t rd, wr;
  int next, jump;
  Insn d;

  if (!s || !s->code || x == 2 || x == GP || x == TP)
    return 0;
  base = s->sh.sh_addr;
  size = s->sh.sh_size;
  seen = mbt_alloc(size / 2 + 1);
  todo = mbt_alloc((size / 2 + 2) * 2 * sizeof(uint64_t));
  todo[n++] = a - base;
  while (n > 0) {
    o = todo[--n];
    if (o >= size || (o & 1) || s->item[o / 2] < 0 ||
        c->p->it[s->item[o / 2]].kind == IK_DATA || !dec_insn(s->data + o, size - o, &d))
      return 0;
    if (seen[o / 2])
      continue;
    seen[o / 2] = 1;
    chk_pair(c, s, o, &d);
    live_use(&d, &rd, &wr);
    if ((rd | live_exit(&d, &next, &jump)) & LIVE_BIT(x))
      return 0;
    if (wr & LIVE_BIT(x))
      continue;
    if (next)
      todo[n++] = o + d.len;
    if (jump)
      todo[n++] = o + (uint64_t)live_to(&d);
  }
  return 1;
}

/* A copied loop (rewrite.c, rw_loops), from the output bytes: its
 * entry e maps to an `add tp` (which writes nothing but tp), then one
 * `add x, r, gp` for each borrowed register x, each dead at e
 * (chk_dead), then, when e is not h, a jump to e's place in the first
 * copy; followed by n copies of the
 * original instructions h..b, each the same bits, each store followed
 * by its mirror (chk_mirror), each branch or jump reaching its target:
 * inside the loop, the target's place in the same copy; outside, the
 * translated target.  The back branch of every copy but the last leaves
 * the loop with the inverted condition (to the translated b + len) and
 * falls into the next copy (a back jump is left out there); the last
 * one's (after at most one `addi` step of each scratch register, where
 * it holds base + gp + k) goes back to the first copy.  The copies end
 * where b + len begins.  So each copy runs the original instructions,
 * and every way out of one goes where the original goes (the next copy
 * standing for h). */
static void
chk_loop(Chk *c, const Loop *L)
{
  Sect *s = L->s;
  uint64_t pos = c->p->it[L->pre].addr, first, a, t, end = 0;
  size_t nb = (L->b - L->h) / 2 + 1, np, i;
  uint64_t *at = mbt_alloc(nb * sizeof(uint64_t)), *jp = mbt_alloc(nb * sizeof(uint64_t));
  uint64_t *ja = mbt_alloc(nb * sizeof(uint64_t));
  Insn d, x;
  int j;
  uint32_t scr = LIVE_BIT(TP);
  uint64_t into = 0;

  if (lay_map(c->p, L->e) != pos || !chk_dec(c, pos, &x) || x.bits != ENC_ADD_TP(x.rs1)) {
    chk_say(c, L->h, "copied loop does not start with add tp");
    return;
  }
  for (pos += 4; chk_dec(c, pos, &x) && chk_isadd(&x) && x.rd != TP; pos += 4) {
    if (!chk_dead(c, x.rd, L->e)) {
      chk_say(c, L->h, "borrowed register is live at the loop's entry");
      return;
    }
    scr |= LIVE_BIT(x.rd);
    c->proven++;
  }
  if (L->e != L->h) {           /* then into the first copy at e */
    if (!chk_dec(c, pos, &x) || x.op->kind != K_JAL || x.rd != 0) {
      chk_say(c, L->h, "copied loop's entry does not jump into it");
      return;
    }
    into = pos + x.imm;
    pos += 4;
  }
  first = pos;
  for (j = 0; j < L->n; j++) {
    np = 0;
    for (a = L->h; a <= L->b; a += d.len) {
      at[(a - L->h) / 2] = pos;
      if (!dec_insn(s->data + (a - s->sh.sh_addr), s->sh.sh_size - (a - s->sh.sh_addr), &d)) {
        chk_say(c, a, "copied loop is not code");
        return;
      }
      if (a == L->b)
        end = lay_map(c->p, a + d.len);
      if (a == L->b && j < L->n - 1) {
        if (d.op->kind == K_JAL)
          continue;                             /* falls into the next copy */
        t = end;
        d.bits ^= d.len == 4 ? 0x1000 : 0x2000; /* inverted: out of the loop */
      } else if (a == L->b) {   /* scratch steps, each where it holds base + gp + k */
        while (chk_dec(c, pos, &x) && !strcmp(x.op->name, "addi") && x.rd == x.rs1 &&
               x.rd > 0 && (scr & LIVE_BIT(x.rd)) && c->st[x.rd][(pos - c->lo) / 2] >= 0)
          pos += 4;
        t = first;
      } else if ((d.op->kind == K_BRANCH || d.op->kind == K_JAL) &&
                 a + d.imm > L->h && a + d.imm <= L->b) {
        jp[np] = pos;                           /* inside: proven below */
        ja[np++] = a;
        pos += chk_jlen(c, pos, &d);
        continue;
      } else if (d.op->kind == K_BRANCH || (d.op->kind == K_JAL && !flow_links(&d)))
        t = lay_map(c->p, a + d.imm);           /* out of the loop */
      else
        t = ~(uint64_t)0;                       /* no jump (a call never is here) */
      if (d.op->kind == K_BRANCH || d.op->kind == K_JAL) {
        if (!chk_reaches(c, pos, &d, t)) {
          chk_say(c, a, "branch in a copied loop does not reach its target");
          return;
        }
        pos += chk_jlen(c, pos, &d);
        continue;
      }
      if (!chk_dec(c, pos, &x) || x.bits != d.bits || x.len != d.len) {
        chk_say(c, a, "copied loop differs from the original");
        return;
      }
      if (d.op->kind == K_STORE && !(pos = chk_mirror(c, pos, &d))) {
        chk_say(c, a, "store in a copied loop without its mirror store");
        return;
      }
      if (d.op->kind != K_STORE)
        pos += d.len;
    }
    if (j == 0 && L->e != L->h && into != at[(L->e - L->h) / 2])
      chk_say(c, L->e, "copied loop's entry does not reach its place in the first copy");
    for (i = 0; i < np; i++) {
      a = ja[i];
      dec_insn(s->data + (a - s->sh.sh_addr), s->sh.sh_size - (a - s->sh.sh_addr), &d);
      if (!chk_reaches(c, jp[i], &d, at[(a + d.imm - L->h) / 2]))
        chk_say(c, a, "branch inside a copied loop does not reach its copy's target");
    }
  }
  if (pos != end)
    chk_say(c, L->b, "copied loop does not end where the next instruction begins");
}

/* The copied loop a (in section s) is in, or NULL.  Loops are ordered
 * by section, then address. */
static const Loop *
chk_inloop(Chk *c, const Sect *s, uint64_t a)
{
  size_t lo = 0, hi = c->p->nloop, m;

  while (lo < hi) {
    const Loop *L = &c->p->loop[m = (lo + hi) / 2];
    if (L->s < s || (L->s == s && L->b < a))
      lo = m + 1;
    else
      hi = m;
  }
  return lo < c->p->nloop && c->p->loop[lo].s == s && c->p->loop[lo].h <= a ?
         &c->p->loop[lo] : NULL;
}

/* Every write and every branch of the input, decoded afresh (those of
 * copied loops by chk_loop); the writes of --keep sections have no twin. */
static void
chk_input(Chk *c, uint8_t *twin)
{
  Prog *p = c->p;
  size_t i;
  uint64_t off;
  Insn d;

  for (i = 0; i < p->nloop; i++)
    chk_loop(c, &p->loop[i]);
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
      if (chk_inloop(c, s, a))
        continue;
      while (p->it[k].orig == a && p->it[k].kind == IK_RAW && p->it[k].bits != d.bits &&
             d.op->kind != K_AMO)
        k++;        /* the entry's gp set-up */
      if (rw_untwinned(p, &d))
        continue;   /* left as it is */
      if (d.op->kind == K_AMO && !rw_twinned_amo(p, &d))
        k++;        /* after its add tp */
      if ((d.op->kind == K_STORE || d.op->kind == K_AMO) && !s->keep && !twin[k])
        chk_say(c, a, "store without a mirror twin");
      if ((d.op->kind == K_BRANCH || d.op->kind == K_JAL) && !chk_kept_jump(c, s, a, &d) &&
          !chk_reaches(c, p->it[k].addr, &d, lay_map(p, a + d.imm)))
        chk_say(c, a, "branch does not reach the translated target");
    }
  }
}

/* The output item made for the relocated instruction at orig: the first
 * one of one of the kinds k1, k2 (the entry's gp set-up comes first). */
static Item *
chk_item(Chk *c, Sect *s, uint64_t orig, int k1, int k2)
{
  size_t k = (size_t)s->item[(orig - s->sh.sh_addr) / 2];

  for (; k < c->p->nit && c->p->it[k].orig == orig; k++)
    if (c->p->it[k].kind == k1 || c->p->it[k].kind == k2)
      return &c->p->it[k];
  return NULL;
}

/* Where reference r must point in the output, from the output's symbol
 * table: S's new value plus the same addend when S is data (or S+A lies
 * outside S's code section, where the section's end or start moved);
 * inside code, the translated place of the instruction at S+A. */
static uint64_t
chk_expect(Chk *c, const Reloc *r)
{
  Sect *s = r->tsec;

  if (!s)
    return r->target;
  if (s->code && r->target >= s->sh.sh_addr && r->target < s->sh.sh_addr + s->sh.sh_size)
    return lay_map(c->p, r->target);
  if (s->code && r->target >= s->sh.sh_addr)
    return s->naddr + s->nsize + (r->target - s->sh.sh_addr - s->sh.sh_size);
  return lay_sym(c->p, &c->p->in->sym[r->sym]) + (r->target - c->p->in->sym[r->sym].st_value);
}

/* A %pcrel_hi / call auipc at item hi: the value the pair computes. */
static int
chk_hi(Chk *c, const Item *hi, Insn *d)
{
  return chk_dec(c, hi->addr, d) && d->op->kind == K_AUIPC;
}

/* A relocated instruction: the value it now computes must be the
 * expected target (for %pcrel_lo, whose label names its auipc: the
 * auipc's target, from the auipc's new place). */
static int
chk_code_ref(Chk *c, const Reloc *r, uint64_t want)
{
  Item *it, *hi;
  Insn d, x;
  int64_t v;

  switch (r->type) {
  case 16: case 17: case 44: case 45:          /* BRANCH, JAL, RVC_* */
    it = chk_item(c, r->sec, r->off, IK_BRANCH, IK_JAL);
    return it && dec_insn(r->sec->data + (r->off - r->sec->sh.sh_addr), r->sec->sh.sh_size -
                          (r->off - r->sec->sh.sh_addr), &d) && chk_reaches(c, it->addr, &d, want);
  case 18: case 19:                             /* CALL: auipc+jalr */
    it = chk_item(c, r->sec, r->off, IK_PCHI, -1);
    return it && chk_hi(c, it, &d) && chk_dec(c, it->addr + 4, &x) &&
           x.op->kind == K_JALR && it->addr + d.imm + x.imm == want;
  case 23:                                      /* PCREL_HI20 */
    it = chk_item(c, r->sec, r->off, IK_PCHI, -1);
    return it && chk_hi(c, it, &d) && d.imm == enc_hi20((int64_t)(want - it->addr));
  case 24: case 25:                             /* PCREL_LO12_I/S */
    it = chk_item(c, r->sec, r->off, IK_PCLO_I, IK_PCLO_S);
    if (!it || it->ref < 0 || !chk_dec(c, it->addr, &d))
      return 0;
    hi = &c->p->it[it->ref];          /* the auipc its label names */
    if (hi->kind != IK_PCHI || hi->orig != r->target || !hi->rel)
      return 0;
    v = (int64_t)(chk_expect(c, hi->rel) - hi->addr);
    return d.imm == v - enc_hi20(v);
  case 26:                                      /* HI20 */
    it = chk_item(c, r->sec, r->off, IK_HI, -1);
    return it && chk_dec(c, it->addr, &d) && d.imm == enc_hi20((int64_t)want);
  case 27: case 28:                             /* LO12_I/S */
    it = chk_item(c, r->sec, r->off, IK_LO_I, IK_LO_S);
    return it && chk_dec(c, it->addr, &d) && d.imm == (int64_t)want - enc_hi20((int64_t)want);
  }
  return 0;
}

static int
chk_width(uint32_t type)
{
  switch (type) {
  case 1: case 35: case 39: case 57: return 4;  /* 32, ADD32, SUB32, 32_PCREL */
  case 2: case 36: case 40: return 8;           /* 64, ADD64, SUB64 */
  case 34: case 38: return 2;
  case 33: case 37: return 1;
  }
  return 0;
}

/* Data words: all relocations at one place together moved the word by
 * the sum of their targets' moves (minus the place's, pc-relative). */
static void
chk_data_refs(Chk *c, size_t i, size_t j)
{
  const Reloc *r = &c->p->in->rel[i];
  uint64_t off = r->off - r->sec->sh.sh_addr, in = 0, out = 0, want = 0, mask, d;
  int w = chk_width(r->type), k;

  if (!w || off + w > r->sec->sh.sh_size) {
    chk_say(c, r->off, "relocated data word of unknown width");
    return;
  }
  for (k = 0; k < w; k++) {
    in |= (uint64_t)r->sec->data[off + k] << 8 * k;
    out |= (uint64_t)r->sec->ndata[off + k] << 8 * k;
  }
  for (; i < j; i++) {
    r = &c->p->in->rel[i];
    d = chk_expect(c, r) - r->target;
    want += r->type >= 37 && r->type <= 40 ? -d : d;
    if (r->type == 57)
      want -= lay_moved(c->p, r->sec, r->off) - r->off;
  }
  mask = w == 8 ? ~(uint64_t)0 : ((uint64_t)1 << 8 * w) - 1;
  if (((in + want) & mask) != out)
    chk_say(c, r->off, "relocated data word does not reach the moved symbol");
}

/* Every relocated reference of the input, re-evaluated in the output. */
static void
chk_refs(Chk *c)
{
  Input *in = c->p->in;
  size_t i, j;

  for (i = 0; i < in->nrel; i = j) {
    const Reloc *r = &in->rel[i];
    for (j = i + 1; j < in->nrel && in->rel[j].off == r->off && in->rel[j].sec == r->sec; j++)
      ;
    if (!r->sec->code)
      chk_data_refs(c, i, j);
    for (; r < &in->rel[j] && r->sec->code; r++) {
      const Loop *L = chk_inloop(c, r->sec, r->off);
      Insn d;
      if (L && (r->type == 16 || r->type == 44 || r->type == 17 || r->type == 45)) {
        /* chk_loop proved where its copies go: the target it decodes */
        if (!dec_insn(r->sec->data + (r->off - r->sec->sh.sh_addr),
                      r->sec->sh.sh_size - (r->off - r->sec->sh.sh_addr), &d) ||
            r->target != r->off + (uint64_t)d.imm)
          chk_say(c, r->off, "branch of a copied loop relocated elsewhere");
      } else if (r->sec->keep && dec_insn(r->sec->data + (r->off - r->sec->sh.sh_addr),
                                          r->sec->sh.sh_size - (r->off - r->sec->sh.sh_addr), &d) &&
                 chk_kept_jump(c, r->sec, r->off, &d)) {
        continue;     /* moves with its section, which kept its shape */
      } else if (!chk_code_ref(c, r, chk_expect(c, r)))
        chk_say(c, r->off, "relocated instruction does not reach the moved symbol");
    }
  }
}

/* Where an address that moves with code section s lands: inside s, the
 * translated place of the instruction there; before or past s, by the
 * displacement of s's start or end. */
static uint64_t
chk_moved(Chk *c, const Sect *s, uint64_t a)
{
  uint64_t end = s->sh.sh_addr + s->sh.sh_size;

  if (a < s->sh.sh_addr)
    return a - s->sh.sh_addr + s->naddr;
  if (a >= end)
    return a - end + s->naddr + s->nsize;
  return lay_map(c->p, a);
}

/* The relocation naming the target of the auipc at a in s (PCREL_HI20,
 * CALL, CALL_PLT), or NULL: one the assembler resolved. */
static const Reloc *
chk_hirel(Chk *c, const Sect *s, uint64_t a)
{
  Input *in = c->p->in;
  size_t lo = 0, hi = in->nrel, m;

  while (lo < hi) {
    m = lo + (hi - lo) / 2;
    if (in->rel[m].off < a)
      lo = m + 1;
    else
      hi = m;
  }
  for (; lo < in->nrel && in->rel[lo].off == a; lo++)
    if (in->rel[lo].sec == s && (in->rel[lo].type == 18 || in->rel[lo].type == 19 ||
                                 in->rel[lo].type == 23))
      return &in->rel[lo];
  return NULL;
}

/* The output instruction made for the input instruction d at a (the
 * first one with d's operation: the entry's gp set-up comes before). */
static int
chk_out(Chk *c, const Sect *s, uint64_t a, const Insn *d, Insn *o, uint64_t *at)
{
  size_t k;

  for (k = (size_t)s->item[(a - s->sh.sh_addr) / 2];
       k < c->p->nit && c->p->it[k].orig == a; k++)
    if (chk_dec(c, c->p->it[k].addr, o) && o->op == d->op) {
      *at = c->p->it[k].addr;
      return 1;
    }
  return 0;
}

/* The use d at u of the value of the auipc au at a (section s): in the
 * input it computes a's pc + au's immediate + its own; the output pair
 * must compute where that moved: with its relocation's symbol (the
 * reference rule, chk_expect), or, without one, with s. */
static void
chk_pcuse(Chk *c, const Sect *s, uint64_t a, const Insn *au, uint64_t u, const Insn *d)
{
  uint64_t orig = a + (uint64_t)au->imm + (uint64_t)d->imm, want, oa, ou;
  const Reloc *rel = chk_hirel(c, s, a);
  Insn xa, xu;

  if (!dec_is_pcuse(d, au->rd)) {
    chk_say(c, u, "reads an auipc's value where --check cannot follow it");
    return;
  }
  if (rel && rel->target != orig) {
    chk_say(c, u, "computes another address than its auipc's relocation names");
    return;
  }
  if (chk_inloop(c, s, u)) {
    chk_say(c, u, "PC-relative use inside a copied loop");
    return;
  }
  if (!rel && ein_sect_at(c->p->in, orig) && ein_sect_at(c->p->in, orig) != s) {
    chk_say(c, u, "PC-relative reference into another section without relocation");
    return;
  }
  want = rel ? chk_expect(c, rel) : chk_moved(c, s, orig);
  if (!chk_out(c, s, a, au, &xa, &oa) || !chk_out(c, s, u, d, &xu, &ou) ||
      oa + (uint64_t)xa.imm + (uint64_t)xu.imm != want)
    chk_say(c, u, "PC-relative reference does not reach its moved target");
  else {
    if ((c->npc & 255) == 0)
      c->pcto = mbt_grow(c->pcto, (c->npc + 256) * sizeof(uint64_t));
    c->pcto[c->npc++] = want;
  }
}

/* Every path from the auipc au at a (section s), decoded afresh in the
 * input, up to where its register r is written: each instruction that
 * reads r is one of its uses (chk_pcuse).  Edges as in live.c: a call
 * returns with the caller-saved registers changed (a path of such an r
 * ends there), a return or indirect jump ends a path, data ends it.
 * seen[]: halfwords visited, marked with stamp. */
static void
chk_auipc(Chk *c, const Sect *s, uint64_t a, const Insn *au, uint32_t *seen, uint32_t stamp,
          uint64_t *todo)
{
  uint64_t base = s->sh.sh_addr, size = s->sh.sh_size, o;
  size_t n = 0;
  int r = au->rd, next, jump;
  Insn d;

  todo[n++] = a + 4 - base;
  while (n > 0) {
    o = todo[--n];
    if (o >= size || s->item[o / 2] < 0 || c->p->it[s->item[o / 2]].kind == IK_DATA ||
        seen[o / 2] == stamp || !dec_insn(s->data + o, size - o, &d))
      continue;
    seen[o / 2] = stamp;
    if (d.rs1 == r || d.rs2 == r)
      chk_pcuse(c, s, a, au, base + o, &d);
    if (d.rd == r || (flow_links(&d) && (0xf003fce2u & LIVE_BIT(r))))
      continue;                   /* written, or changed by the callee */
    live_exit(&d, &next, &jump);
    if (next || flow_links(&d))   /* an indirect call returns too */
      todo[n++] = o + d.len;
    if (jump && !flow_links(&d) && d.op->kind != K_JALR)
      todo[n++] = o + (uint64_t)d.imm;
  }
}

/* Every auipc of the input, found by decoding, with every use of it:
 * each PC-relative reference proven independently of the relocation
 * list (which only says, where it names the target, what the target
 * moves with).  The targets in code are open places for chk_flow. */
static void
chk_pcrel(Chk *c)
{
  Input *in = c->p->in;
  size_t i, nh;
  uint64_t o, *todo;
  uint32_t *seen, stamp = 0;
  Insn d;

  for (i = 1; i < in->nsec; i++) {
    Sect *s = &in->sec[i];
    if (!s->code)
      continue;
    nh = s->sh.sh_size / 2;
    seen = mbt_alloc(nh * sizeof(uint32_t) + 1);
    todo = mbt_alloc((2 * nh + 2) * sizeof(uint64_t));
    for (o = 0; o < s->sh.sh_size; o += d.len) {
      if (c->p->it[s->item[o / 2]].kind == IK_DATA ||
          !dec_insn(s->data + o, s->sh.sh_size - o, &d)) {
        d.len = 2;
        continue;
      }
      if (d.op->kind == K_AUIPC && d.rd > 0)
        chk_auipc(c, s, s->sh.sh_addr + o, &d, seen, ++stamp, todo);
    }
  }
}

int
chk_program(Prog *p)
{
  Chk c = { .p = p };
  uint8_t *twin = mbt_alloc(p->nit + 1);

  chk_pcrel(&c);
  chk_flow(&c);
  chk_table(&c, twin);
  chk_input(&c, twin);
  if (c.proven != c.nborrow)
    chk_say(&c, 0, "borrowed register set outside a copied loop's entry");
  chk_refs(&c);
  return c.fails;
}
