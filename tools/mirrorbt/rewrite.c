/* Rewriting: decode each code section and turn every instruction into
 * items (output instructions).  A store becomes the store, then
 * "add tp, base, gp" and the same store through tp; an AMO or sc becomes
 * "add tp, base, gp", the operation, then gp is borrowed to copy the
 * native word to the mirror and reloaded with the offset.  Where tp holds
 * base+gp on every path already (the tp analysis, flow.c), the add is
 * left out (the reuse reported by --stats).
 *
 * Invariant: the program never touches gp or tp (checked here), so gp
 * holds the mirror offset from the entry code on. */
#include <stdio.h>
#include <string.h>
#include "mbt.h"

/* Match values of the plain stores by width, integer and fp. */
static uint32_t
rw_store(int width, int fp)
{
  static const uint32_t x[9] = { [1] = 0x23, [2] = 0x1023, [4] = 0x2023, [8] = 0x3023 };
  static const uint32_t f[9] = { [4] = 0x2027, [8] = 0x3027 };
  return fp ? f[width] : x[width];
}

static int
rw_push(Prog *p, uint64_t orig, uint32_t bits, int len, int kind, int *lead)
{
  Item *it;

  if (p->nit == p->capit)
    p->it = mbt_grow(p->it, (p->capit = p->capit ? 2 * p->capit : 1024) * sizeof(Item));
  it = &p->it[p->nit];
  it->orig = orig;
  it->bits = bits;
  it->len = len;
  it->kind = kind;
  it->lead = *lead;
  it->ref = -1;
  *lead = 0;
  return (int)p->nit++;
}

static void
rw_count(Prog *p, const char *name)
{
  int k;

  for (k = 0; k < NKIND && p->st.kname[k] && strcmp(p->st.kname[k], name); k++)
    ;
  if (k == NKIND)
    return;
  p->st.kname[k] = name;
  p->st.kcount[k]++;
}

static int
rw_is(const Insn *d, const char *prefix)
{
  return strncmp(d->op->name, prefix, 3) == 0;
}

/* The pair of the write d: its native write, mirror write and last
 * item of its window, with the kind and registers the pair table
 * records (rd 0 for a store, an fp value register by its number). */
static void
rw_pair(Prog *p, const Insn *d, int nat, int mirror, int end)
{
  int kind = d->op->kind == K_STORE ? MIRROR_PAIR_STORE :
             rw_is(d, "sc.") ? MIRROR_PAIR_SC : MIRROR_PAIR_AMO;
  int rd = d->op->kind == K_STORE ? 0 : d->rd;

  if ((p->npair & 255) == 0)
    p->pair = mbt_grow(p->pair, (p->npair + 256) * sizeof(Pair));
  p->pair[p->npair++] = (Pair){ nat, mirror, end, (uint8_t)kind,
                                (uint16_t)(rd | d->rs1 << 5 | (d->rs2 & 31) << 10) };
  p->it[mirror].ref = nat;
}

/* li gp, OFFSET; returns the index of its last item. */
static int
rw_li_gp(Prog *p, uint64_t orig, int *lead)
{
  uint32_t w[8];
  int i, n = enc_li(GP, p->offset, w), last = -1;

  for (i = 0; i < n; i++)
    last = rw_push(p, orig, w[i], 4, IK_RAW, lead);
  return last;
}

/* The relocation at address a (if any) decides how an instruction is
 * fixed up later.  Direct branches carry their target in the encoding;
 * their relocation must agree with it. */
static int
rw_relkind(Prog *p, Sect *s, size_t *ri, uint64_t a, const Insn *d, const Reloc **rel)
{
  Input *in = p->in;
  int kind = IK_RAW, want = -1;   /* kind the instruction must have; -2: I-type */

  for (; *ri < in->nrel && in->rel[*ri].off < a + d->len; ++*ri) {
    Reloc *r = &in->rel[*ri];
    int k = -1;
    if (r->sec != s)
      continue;
    if (r->off != a)
      mbt_fail(E_RELOC, "relocation %u inside the instruction at 0x%lx", r->type, (unsigned long)a);
    switch (r->type) {
    case 16: case 17: case 44: case 45:            /* BRANCH, JAL, RVC_* */
      if (r->target != a + d->imm)
        mbt_fail(E_RELOC, "relocation disagrees with the branch at 0x%lx", (unsigned long)a);
      continue;
    case 18: case 19:                              /* CALL: auipc, jalr */
      p->callat = a + 4;
      /* fall through */
    case 23: k = IK_PCHI; want = K_AUIPC; break;   /* PCREL_HI20 */
    case 24: k = IK_PCLO_I; want = -2; break;
    case 25: k = IK_PCLO_S; want = K_STORE; break;
    case 26: k = IK_HI; want = K_LUI; break;
    case 27: k = IK_LO_I; want = -2; break;
    case 28: k = IK_LO_S; want = K_STORE; break;
    default:
      mbt_fail(E_RELOC, "unsupported relocation type %u at 0x%lx", r->type, (unsigned long)a);
    }
    if (kind != IK_RAW || d->len != 4 || (want >= 0 && d->op->kind != want) ||
        (want == -2 && !dec_is_itype(d)))
      mbt_fail(E_RELOC, "relocation type %u does not fit %s at 0x%lx",
               r->type, d->op->name, (unsigned long)a);
    kind = k;
    *rel = r;
  }
  return kind;
}

/* Does tp (state s: tp = r + gp + k) cover the store d: its base is r,
 * and its mirror store can reach the address with the offset imm - k?
 * A store whose offset a relocation fixes (%lo, %pcrel_lo) needs k = 0:
 * its mirror store takes the native offset as fixed at layout. */
static int
rw_covers(const Insn *d, int s)
{
  return s >= 0 && FL_R(s) == d->rs1 && d->imm - FL_K(s) >= -2048 &&
         d->imm - FL_K(s) <= 2047 && (!d->fixed || FL_K(s) == 0);
}

/* Expand one store, AMO or sc; sc: the scratch registers and what they
 * hold here (tp = r + gp + k by the tp analysis, or FL_NONE; in a copied
 * loop also the borrowed ones).  A store covered by one of them
 * (rw_covers) needs no add; its mirror store goes through that register
 * with the offset imm - k.  Else `add tp, base, gp` first.  An AMO or sc:
 *   add tp, rs1, gp; OP; [sc: bnez rd, over the copy]
 *   sub gp, tp, gp; l{w,d} gp, 0(gp); s{w,d} gp, 0(tp); li gp, OFFSET
 * The window runs from OP to the last li: gp is borrowed until then.  A
 * failed sc wrote nothing, so its copy is skipped (with rd x0 the result
 * is unknown and the copy of the unchanged word is harmless). */
static void
rw_write(Prog *p, uint64_t a, const Insn *d, int kind, const Reloc *rel, const Scr *sc,
         int *lead)
{
  int w = d->op->width, nat, m, end, k = 0, i, x = TP;
  uint32_t li[8];

  if (!p->copying)
    rw_count(p, d->op->name);
  if (d->op->kind == K_AMO) {
    rw_push(p, a, ENC_ADD_TP(d->rs1), 4, IK_RAW, lead);
    nat = rw_push(p, a, d->bits, 4, kind, lead);
    if (rw_is(d, "sc.") && d->rd != 0)
      rw_push(p, a, enc_b(0x1063, d->rd, 0, 4 * (4 + enc_li(GP, p->offset, li))), 4,
              IK_RAW, lead);
    rw_push(p, a, ENC_SUB_GP, 4, IK_RAW, lead);
    rw_push(p, a, enc_i(w == 8 ? 0x3003 : 0x2003, GP, GP, 0), 4, IK_RAW, lead);
    m = rw_push(p, a, enc_s(rw_store(w, 0), TP, GP, 0), 4, IK_MIRROR, lead);
    end = rw_li_gp(p, a, lead);
    rw_pair(p, d, nat, m, end);
    return;
  }
  nat = rw_push(p, a, d->bits, d->len, kind, lead);
  p->it[nat].rel = rel;
  p->it[nat].target = rel ? rel->target : 0;
  for (i = 0; i < sc->n && !rw_covers(d, sc->st[i]); i++)
    ;
  if (i < sc->n) {
    p->st.reused += !p->copying;
    k = FL_K(sc->st[i]);
    x = sc->x[i];
  } else
    rw_push(p, a, ENC_ADD_TP(d->rs1), 4, IK_RAW, lead);
  m = rw_push(p, a, enc_s(rw_store(w, d->rs2 >= R_FP), x, d->rs2 & 31, d->imm - k),
              4, IK_MIRROR, lead);
  rw_pair(p, d, nat, m, m);
}

/* Items for the instruction d at address a; sc: the scratch registers'
 * states there (rw_write). */
static void
rw_insn(Prog *p, Sect *s, size_t *ri, uint64_t a, const Insn *d, const Scr *sc)
{
  const Reloc *rel = NULL;
  uint64_t target;
  int lead = 1, kind, i;

  if (a == p->in->eh.e_entry)
    rw_li_gp(p, a, &lead);
  kind = rw_relkind(p, s, ri, a, d, &rel);
  target = rel ? rel->target : 0;
  if (a == p->callat) {         /* the jalr of a call pairs with its auipc */
    if (kind != IK_RAW || d->op->kind != K_JALR || d->len != 4)
      mbt_fail(E_RELOC, "call relocation at 0x%lx is not auipc+jalr", (unsigned long)(a - 4));
    kind = IK_PCLO_I;
    target = a - 4;
  }
  p->st.insns += !p->copying;
  switch (d->op->kind) {
  case K_STORE: case K_AMO:
    rw_write(p, a, d, kind, rel, sc, &lead);
    return;
  case K_BRANCH:     /* c.beqz/c.bnez become beq/bne rs1, zero */
    i = rw_push(p, a, d->len == 4 ? d->bits & ~ENC_SIMM_MASK :
                enc_b((d->bits & 0x2000) ? 0x1063 : 0x63, d->rs1, 0, 0), 4, IK_BRANCH, &lead);
    p->it[i].target = a + d->imm;
    return;
  case K_JAL:        /* c.j becomes jal zero */
    i = rw_push(p, a, d->len == 4 ? d->bits & 0xfff : enc_j(0x6f, 0, 0), 4, IK_JAL, &lead);
    p->it[i].target = a + d->imm;
    return;
  }
  i = rw_push(p, a, d->bits, d->len, kind, &lead);
  p->it[i].target = target;
  p->it[i].rel = rel;
  if (a == p->callat)
    p->it[i].ref = i - 1;       /* its auipc, the item just before */
}

/* The tp analysis on the input: after a store tp holds base + gp + k
 * (unchanged when tp covered it, else k = 0 after its add), after an AMO
 * or sc base + gp unless rd overwrote the base; `addi r, r, imm` turns
 * "tp = r + gp + k" into k - imm, anything else writing r ends it, a
 * call or ecall ends everything. */
static int
rw_xfer(const Insn *d, int s, int x)
{
  (void)x;                      /* always tp */
  if (d->op->kind == K_STORE)
    return rw_covers(d, s) ? s : FL_ST(d->rs1, 0);
  if (d->op->kind == K_AMO)
    return d->rd == d->rs1 ? FL_NONE : FL_ST(d->rs1, 0);
  if (d->op->kind == K_SYS || flow_links(d))
    return FL_NONE;
  return flow_regs(d, s);
}

static void
rw_mark(Sect *s, uint8_t *label, uint64_t x)
{
  if (x >= s->sh.sh_addr && x < s->sh.sh_addr + s->sh.sh_size)
    label[(x - s->sh.sh_addr) / 2] = 1;
}

/* Places of s reached by jumps the tp analysis cannot see: symbols,
 * relocation targets into s (but not those of s's own branches and
 * plain jumps, whose edges the analysis follows), the entry.  .L labels
 * of debug information are not entries. */
static void
rw_labels(Prog *p, Sect *s, uint8_t *label, const Insn *ins)
{
  Input *in = p->in;
  size_t i;

  for (i = 0; i < in->nsym; i++)
    if (in->sym[i].st_shndx == s->idx &&
        strncmp((char *)in->strsec->data + in->sym[i].st_name, ".L", 2) != 0)
      rw_mark(s, label, in->sym[i].st_value);
  for (i = 0; i < in->nrel; i++)
    if (in->rel[i].tsec == s &&
        !(in->rel[i].sec == s && flow_seen(&in->rel[i], &ins[(in->rel[i].off - s->sh.sh_addr) / 2])))
      rw_mark(s, label, in->rel[i].target);
  rw_mark(s, label, in->eh.e_entry);
}

/* Mark the halfwords inside sized function symbols. */
static void
rw_funcs(Prog *p, Sect *s, uint8_t *infunc)
{
  size_t i;
  uint64_t base = s->sh.sh_addr, a;

  for (i = 0; i < p->in->nsym; i++) {
    GElf_Sym *y = &p->in->sym[i];
    if (y->st_shndx != s->idx || GELF_ST_TYPE(y->st_info) != STT_FUNC ||
        y->st_value < base)
      continue;
    for (a = y->st_value; a - y->st_value < y->st_size && a - base < s->sh.sh_size; a += 2)
      infunc[(a - base) / 2] = 1;
  }
}

static void
rw_unknown(Sect *s, uint64_t off)
{
  const uint8_t *b = s->data + off;
  int wide = s->sh.sh_size - off >= 4 && (b[0] & 3) == 3;
  unsigned x = b[0] | b[1] << 8 | (wide ? b[2] << 16 | (unsigned)b[3] << 24 : 0);

  mbt_fail(E_UNKNOWN, "unknown instruction 0x%0*x at 0x%lx", wide ? 8 : 4, x,
           (unsigned long)(s->sh.sh_addr + off));
}

/* Pass 1: decode the whole section into ins[] (by halfword; padding has
 * no op). */
static void
rw_decode(Prog *p, Sect *s, Insn *ins)
{
  uint64_t size = s->sh.sh_size, off;
  uint8_t *infunc;
  Insn *d;

  if ((s->sh.sh_addr | size) & 1)
    mbt_fail(E_CORRUPT, "corrupt ELF file: code section %s is not 2-aligned", s->name);
  infunc = mbt_alloc(size / 2 + 1);

  rw_funcs(p, s, infunc);
  for (off = 0; off < size; off += d->len) {
    d = &ins[off / 2];
    if (!infunc[off / 2] && s->data[off] == 0 && s->data[off + 1] == 0) {
      d->len = 2;               /* alignment padding: data */
      continue;
    }
    if (!dec_insn(s->data + off, size - off, d))
      rw_unknown(s, off);
    if (dec_is_gptp(d))
      mbt_fail(E_GPTP, "uses gp or tp (x3/x4), which translated code needs: %s at 0x%lx",
               d->op->name, (unsigned long)(s->sh.sh_addr + off));
  }
}

/* An LR/SC sequence must stay a constrained loop: no store (the mirror
 * store that would follow it could break the reservation) on the
 * straight line from an lr to its sc.  The line ends at the sc or at a
 * jump; lr is the address of the open lr, or RW_NOLR. */
#define RW_NOLR (~(uint64_t)0)
static uint64_t
rw_lrsc(uint64_t lr, uint64_t a, const Insn *d)
{
  if (lr != RW_NOLR && (d->op->kind == K_STORE || (d->op->kind == K_AMO && !rw_is(d, "sc."))))
    mbt_fail(E_LRSC, "%s at 0x%lx between lr (0x%lx) and sc cannot be mirrored",
             d->op->name, (unsigned long)a, (unsigned long)lr);
  if (rw_is(d, "lr."))
    return a;
  return rw_is(d, "sc.") || d->op->kind == K_JAL || d->op->kind == K_JALR ||
         d->op->kind == K_SYS ? RW_NOLR : lr;
}

/* Loop copies.  A store in a loop whose base register steps every
 * iteration (`sb a5,0(a4); addi a4,a4,1; bne a4,a3,loop`) needs tp
 * updated every iteration, so with one scratch register it costs two
 * instructions (add tp, mirror store) however the analysis goes.  For
 * such loops the rewrite lays the body out n times in a row (n = 2, 4
 * or 8 by its size, at most --copies): tp is set once on entry (`add tp, r, gp` at the header), then
 * follows the base by offsets (tp = r + gp + k, the mirror stores use
 * imm - k), and only the last copy steps tp back (`addi tp, tp, -k`)
 * before its back branch to the first copy; the other copies' back
 * branches are inverted to leave the loop and fall into the next copy
 * (a back jump `j h` is left out there).  Per n iterations: n mirror
 * stores per store and one tp update.  A loop whose base does not move
 * gets one copy: the add tp is hoisted to its entry.
 *
 * A loop qualifies when it is one stretch [h, b] of code ending in a
 * conditional branch or plain jump back to h: every instruction in it
 * decodes, none is a call, indirect jump, ecall, AMO, lr or auipc or
 * carries a relocation (other than a branch's), its branches and jumps
 * go to (h, b] or leave it, nothing enters it but at h (no branch from
 * outside, no symbol or relocation target, not the entry), its stores
 * use at most RW_MAXBASE base registers, each written in it only by
 * `addi r, r, imm`, every way to an instruction of one pass from h has
 * added the same amount to each (rw_loop_k), and for each base but the
 * first a register can be borrowed (rw_borrow): its mirror address is
 * kept there as the first one's is in tp.  Its exits (the targets
 * outside and the place after b) are made open places for the tp
 * analysis, which so never assumes anything about tp coming out of a
 * copy; --check proves the copies from the output (chk_loop). */
#define RW_LOOPMAX 256          /* bytes: longer loops are not copied; up to
                                   32 bytes 8 copies, up to 64 4, else 2 */

static int
rw_fits12(int64_t v)
{
  return v >= -2048 && v <= 2047;
}

/* A conditional branch or a plain jump (the edges a loop may have)? */
static int
rw_isjump(const Insn *d)
{
  return d->op->kind == K_BRANCH || (d->op->kind == K_JAL && !flow_links(d));
}

/* The amount k by which tp runs ahead of r + gp on entry to each
 * instruction of one pass through [h, b] (offsets in the section),
 * k = 0 at h: kin[(o - h) / 2].  Every way to an instruction must bring
 * the same k; returns 0 if not, or if an instruction is reached only
 * from below (or not at all). */
static int
rw_loop_k(const Insn *ins, uint64_t h, uint64_t b, int r, int64_t *kin, uint8_t *set)
{
  uint64_t o, t;
  int64_t k, imm;
  size_t i, n;

  set[0] = 1;
  kin[0] = 0;
  for (o = h; o <= b; o += ins[o / 2].len) {
    const Insn *d = &ins[o / 2];
    if (!set[i = (o - h) / 2])
      return 0;
    k = kin[i];
    if (flow_addi(d, &imm) && d->rd == r)
      k -= imm;
    if (!rw_fits12(k))
      return 0;
    if (o == b)
      break;
    if (rw_isjump(d) && (t = o + d->imm) > h && t <= b) {
      n = (t - h) / 2;
      if (set[n] ? kin[n] != k : t < o)
        return 0;
      set[n] = 1;
      kin[n] = k;
    }
    if (d->op->kind != K_JAL) {         /* falls through */
      n = (o + d->len - h) / 2;
      if (set[n] && kin[n] != k)
        return 0;
      set[n] = 1;
      kin[n] = k;
    }
  }
  return 1;
}

/* Can n copies keep the offset of base r's scratch register, the
 * mirror offsets of r's stores and the final step within 12 bits?  In
 * copy j, k is j * kin(b) + kin(o). */
static int
rw_loop_fits(const Insn *ins, uint64_t h, uint64_t b, const int64_t *kin, int n, int r)
{
  int64_t ks = kin[(b - h) / 2], k;
  uint64_t o;
  int j;

  for (j = 0; j < n; j++)
    for (o = h; o < b; o += ins[o / 2].len) {
      k = j * ks + kin[(o - h) / 2];
      if (!rw_fits12(k) || (ins[o / 2].op->kind == K_STORE && ins[o / 2].rs1 == r &&
                            !rw_fits12(ins[o / 2].imm - k)))
        return 0;
    }
  return rw_fits12(-n * ks);
}

/* Does [h, b] qualify (above)?  Returns the number of its store base
 * registers (in base[], at most RW_MAXBASE), or -1. */
static int
rw_loop_ok(Prog *p, Sect *s, const Insn *ins, const uint8_t *label, const uint8_t *tgt,
           uint64_t h, uint64_t b, int8_t *base)
{
  uint64_t o, t;
  int nb = 0, i;
  int64_t imm;
  uint8_t *in;

  if (b - h > RW_LOOPMAX)
    return -1;
  for (o = h; o < b; o += ins[o / 2].len)
    if (!ins[o / 2].op)
      return -1;
  if (o != b)
    return -1;
  in = mbt_alloc((b - h) / 2 + 1);      /* jumps to each place from inside */
  for (o = h; o < b; o += ins[o / 2].len)
    if (rw_isjump(&ins[o / 2]) && (t = o + ins[o / 2].imm) > h && t <= b && in[(t - h) / 2] < 255)
      in[(t - h) / 2]++;
  for (o = h; o <= b; o += ins[o / 2].len) {
    const Insn *d = &ins[o / 2];
    int k = d->op->kind;
    if ((o > h && (label[o / 2] || tgt[o / 2] != in[(o - h) / 2] || tgt[o / 2] == 255)) ||
        s->sh.sh_addr + o == p->in->eh.e_entry || k == K_JALR || k == K_SYS || k == K_AMO ||
        k == K_AUIPC || (k == K_JAL && flow_links(d)) || !strncmp(d->op->name, "lr.", 3) ||
        (d->fixed && !rw_isjump(d)))
      return -1;
    if (o < b && rw_isjump(d) && o + d->imm == h)
      return -1;                        /* a second way back */
    if (k == K_STORE) {
      for (i = 0; i < nb && base[i] != d->rs1; i++)
        ;
      if (i == RW_MAXBASE)
        return -1;
      base[i] = (int8_t)d->rs1;
      nb += i == nb;
    }
  }
  for (o = h; o < b; o += ins[o / 2].len)
    for (i = 0; i < nb; i++)
      if (ins[o / 2].rd == base[i] && !flow_addi(&ins[o / 2], &imm))
        return -1;
  return nb > 0 ? nb : -1;
}

/* Borrow a register for each base but the first (scr[0] is tp): one the
 * program leaves dead at h (live: the liveness analysis, live.c) and
 * that no instruction of [h, b] names, so the loop neither reads nor
 * changes it, and on every way out of the loop the program writes it
 * before it reads it.  Returns 0 if there are not enough. */
static int
rw_borrow(Prog *p, const Insn *ins, const uint32_t *live, uint64_t h, uint64_t b,
          int nb, int8_t *scr)
{
  uint32_t named = 0, rd, wr, free;
  uint64_t o;
  int i, x;

  scr[0] = TP;
  if (nb == 1)
    return 1;
  for (o = h; o <= b; o += ins[o / 2].len) {
    live_use(&ins[o / 2], &rd, &wr);
    named |= rd | wr;
  }
  free = p->borrow & ~named & ~(p->liar ? 0 : live[h / 2]);
  for (i = 1, x = 1; i < nb; i++, x++) {
    while (x < 32 && !(free & LIVE_BIT(x)))
      x++;
    if (x == 32)
      return 0;
    scr[i] = (int8_t)x;
  }
  return 1;
}

/* kin[i] (rw_loop_k) for each base of [h, b]; 0 if one does not fit. */
static int
rw_loop_ks(const Insn *ins, uint64_t h, uint64_t b, int nb, const int8_t *base,
           int64_t **kin)
{
  int i;

  for (i = 0; i < nb; i++) {
    kin[i] = mbt_alloc(((b - h) / 2 + 1) * sizeof(int64_t));
    if (!rw_loop_k(ins, h, b, base[i], kin[i], mbt_alloc((b - h) / 2 + 1)))
      return 0;
  }
  return 1;
}

/* Do n copies fit for every base (rw_loop_fits)? */
static int
rw_loop_fitall(const Insn *ins, uint64_t h, uint64_t b, int64_t **kin, int n, int nb,
               const int8_t *base)
{
  int i;

  for (i = 0; i < nb; i++)
    if (!rw_loop_fits(ins, h, b, kin[i], n, base[i]))
      return 0;
  return 1;
}

/* Find the loops to copy; their exits become open places.  The
 * liveness analysis runs once, for the first loop with two bases. */
static void
rw_loops(Prog *p, Sect *s, const Insn *ins, uint8_t *label)
{
  uint64_t size = s->sh.sh_size, o, h, x, t;
  uint8_t *tgt = mbt_alloc(size / 2 + 1);
  uint32_t *live = NULL;
  int64_t *kin[RW_MAXBASE];
  int8_t base[RW_MAXBASE], scr[RW_MAXBASE];
  int n, nb, i, moves;

  for (o = 0; o < size; o += ins[o / 2].op ? ins[o / 2].len : 2)
    if (ins[o / 2].op && (ins[o / 2].op->kind == K_BRANCH || ins[o / 2].op->kind == K_JAL) &&
        (t = o + ins[o / 2].imm) < size && tgt[t / 2] < 255)
      tgt[t / 2]++;
  for (o = 0; o < size; o += ins[o / 2].op ? ins[o / 2].len : 2) {
    const Insn *d = &ins[o / 2];
    if (!d->op || !rw_isjump(d) || d->imm >= 0 || (uint64_t)-d->imm > o)
      continue;
    h = o + d->imm;
    if ((nb = rw_loop_ok(p, s, ins, label, tgt, h, o, base)) < 0 ||
        !rw_loop_ks(ins, h, o, nb, base, kin))
      continue;
    n = o - h <= 32 ? RW_MAXCOPY : o - h <= 64 ? 4 : 2;
    for (n = n < p->maxcopy || !p->maxcopy ? n : p->maxcopy; n > 1; n /= 2)
      if (rw_loop_fitall(ins, h, o, kin, n, nb, base))
        break;
    for (i = moves = 0; i < nb; i++)
      moves |= kin[i][(o - h) / 2] != 0;
    if (!moves)
      n = 1;        /* no base moves: one copy, the adds on entry */
    else if (n < 2)
      continue;     /* one copy would step tp every iteration: no gain */
    if (!rw_loop_fitall(ins, h, o, kin, n, nb, base))
      continue;
    if (nb > 1 && !live) {
      live = mbt_alloc(size / 2 * sizeof(uint32_t) + 1);
      live_solve(ins, size / 2, live);
    }
    if (!rw_borrow(p, ins, live, h, o, nb, scr))
      continue;
    if ((p->nloop & 63) == 0)
      p->loop = mbt_grow(p->loop, (p->nloop + 64) * sizeof(Loop));
    p->loop[p->nloop] = (Loop){ .s = s, .h = s->sh.sh_addr + h, .b = s->sh.sh_addr + o,
                                .pre = -1, .n = n, .nb = nb };
    memcpy(p->loop[p->nloop].base, base, sizeof base);
    memcpy(p->loop[p->nloop++].scr, scr, sizeof scr);
    p->st.borrowed += nb - 1;
    for (x = h; x < o; x += ins[x / 2].len)
      if (rw_isjump(&ins[x / 2]) && ((t = x + ins[x / 2].imm) < h || t > o) && t < size)
        label[t / 2] = 1;
    if (o + d->len < size)
      label[(o + d->len) / 2] = 1;
  }
}

/* Items for the copied loop L of section s (rw_loops); every original
 * instruction maps to its place in the first copy, h to the add tp
 * (after it, the adds of the borrowed registers).  A jump inside the
 * loop goes to its target in the same copy.  In copy j, before the
 * instruction at o, scratch register scr[i] holds base[i] + gp + k with
 * k = j * ks[i] + kin[i](o). */
static void
rw_loop(Prog *p, Sect *s, size_t *ri, const Insn *ins, Loop *L, uint64_t *lr)
{
  uint64_t base = s->sh.sh_addr, h = L->h - base, b = L->b - base, o, t;
  size_t nb = (b - h) / 2 + 1, nfix, f;
  int lead = 1, j, i, first = 0;
  int *at = mbt_alloc(nb * sizeof(int)), *fix = mbt_alloc(nb * sizeof(int));
  int64_t *kin[RW_MAXBASE], ks[RW_MAXBASE], k;
  const Insn *d = NULL;
  Scr sc = { .n = L->nb };

  rw_loop_ks(ins, h, b, L->nb, L->base, kin);
  for (i = 0; i < L->nb; i++) {
    ks[i] = kin[i][nb - 1];
    sc.x[i] = L->scr[i];
    rw_push(p, L->h, enc_r(0x33, L->scr[i], L->base[i], GP), 4, IK_RAW, &lead);
  }
  L->pre = (int)p->nit - L->nb;
  s->item[h / 2] = L->pre;
  for (j = 0; j < L->n; j++) {
    p->copying = j > 0;       /* the statistics count the input once */
    nfix = 0;
    for (o = h; o <= b; o += d->len) {
      d = &ins[o / 2];
      at[(o - h) / 2] = (int)p->nit;
      for (i = 0; i < L->nb; i++)
        sc.st[i] = FL_ST(L->base[i], j * ks[i] + kin[i][(o - h) / 2]);
      if (j == 0) {
        *lr = rw_lrsc(*lr, base + o, d);
        if (o > h)
          s->item[o / 2] = (int)p->nit;
        else
          first = (int)p->nit;
      }
      if (o < b) {
        rw_insn(p, s, ri, base + o, d, &sc);
        if (rw_isjump(d) && (t = o + d->imm) > h && t <= b)
          fix[nfix++] = (int)p->nit - 1;        /* its one item */
        continue;
      }
      if (j == 0) {
        const Reloc *rel = NULL;
        rw_relkind(p, s, ri, L->b, d, &rel);    /* its relocation agrees */
        p->st.insns++;
      }
      lead = 1;
      if (j < L->n - 1) {       /* leave the loop, else fall into the next copy */
        if (d->op->kind == K_JAL)
          continue;
        i = rw_push(p, L->b, d->len == 4 ? (d->bits & ~ENC_SIMM_MASK) ^ 0x1000 :
                    enc_b((d->bits & 0x2000) ? 0x63 : 0x1063, d->rs1, 0, 0), 4, IK_BRANCH, &lead);
        p->it[i].target = L->b + d->len;
        continue;
      }
      for (i = 0; i < L->nb; i++)
        if ((k = FL_K(sc.st[i])) != 0)
          rw_push(p, L->b, enc_i(0x13, L->scr[i], L->scr[i], -k), 4, IK_RAW, &lead);
      if (d->op->kind == K_JAL)
        i = rw_push(p, L->b, enc_j(0x6f, 0, 0), 4, IK_JAL, &lead);
      else
        i = rw_push(p, L->b, d->len == 4 ? d->bits & ~ENC_SIMM_MASK :
                    enc_b((d->bits & 0x2000) ? 0x1063 : 0x63, d->rs1, 0, 0), 4, IK_BRANCH, &lead);
      p->it[i].target = L->h;
      p->it[i].ref = first;     /* back to the first copy, past the adds */
    }
    for (f = 0; f < nfix; f++)  /* jumps inside the loop: to this copy */
      p->it[fix[f]].ref = at[(p->it[fix[f]].target - L->h) / 2];
  }
  p->copying = 0;
}

/* Mark the instructions a relocation fixes, and the jalr of each call
 * pair (for the liveness analysis). */
static void
rw_fixed(Prog *p, Sect *s, Insn *ins)
{
  uint64_t base = s->sh.sh_addr, size = s->sh.sh_size, o;
  size_t ri;

  for (ri = 0; ri < p->in->nrel; ri++)
    if (p->in->rel[ri].sec == s && (o = p->in->rel[ri].off - base) < size) {
      ins[o / 2].fixed = 1;
      if ((p->in->rel[ri].type == 18 || p->in->rel[ri].type == 19) && o + 4 < size)
        live_pair(&ins[o / 2], &ins[o / 2 + 2]);
    }
}

/* Pass 2: items for each instruction. */
static void
rw_section(Prog *p, Sect *s)
{
  uint64_t base = s->sh.sh_addr, size = s->sh.sh_size, off;
  size_t nh = size / 2, ri = 0;
  uint8_t *label = mbt_alloc(nh);
  int32_t *tp = mbt_alloc(nh * sizeof(int32_t));
  Insn *ins = mbt_alloc(nh * sizeof(Insn));
  int lead;
  uint64_t lr = RW_NOLR;
  size_t l0;

  s->item = mbt_alloc(nh * sizeof(int));
  memset(s->item, 0xff, nh * sizeof(int));
  s->it0 = p->nit;
  rw_decode(p, s, ins);
  rw_labels(p, s, label, ins);
  rw_fixed(p, s, ins);
  ri = 0;
  l0 = p->nloop;
  rw_loops(p, s, ins, label);
  flow_solve(ins, nh, label, tp, TP, rw_xfer);
  for (off = 0; off < size; off += ins[off / 2].len) {
    Insn *d = &ins[off / 2];
    s->item[off / 2] = (int)p->nit;
    if (l0 < p->nloop && p->loop[l0].h == base + off) {
      rw_loop(p, s, &ri, ins, &p->loop[l0], &lr);
      off = p->loop[l0++].b - base;
      continue;
    }
    if (d->op) {
      Scr sc = { 1, { TP }, { tp[off / 2] } };
      lr = rw_lrsc(lr, base + off, d);
      rw_insn(p, s, &ri, base + off, d, &sc);
    } else {
      lead = 1;
      rw_push(p, base + off, 0, 2, IK_DATA, &lead);
    }
  }
  s->it1 = p->nit;
}

/* Resolve the PCREL_LO12 items to the auipc they pair with. */
static void
rw_pairs_lo(Prog *p)
{
  size_t i;

  for (i = 0; i < p->nit; i++) {
    Item *it = &p->it[i];
    Sect *s;
    int j;
    if (it->kind != IK_PCLO_I && it->kind != IK_PCLO_S)
      continue;
    if (it->ref >= 0)
      continue;
    s = it->rel ? it->rel->tsec : NULL;   /* the %pcrel_hi's label */
    j = s && s->code && it->target - s->sh.sh_addr < s->sh.sh_size ?
        s->item[(it->target - s->sh.sh_addr) / 2] : -1;
    while (j >= 0 && (size_t)j < p->nit && p->it[j].orig == it->target && p->it[j].kind != IK_PCHI)
      j++;
    if (j < 0 || (size_t)j >= p->nit || p->it[j].kind != IK_PCHI || p->it[j].orig != it->target)
      mbt_fail(E_RELOC, "%%pcrel_lo at 0x%lx does not point at an auipc with %%pcrel_hi",
               (unsigned long)it->orig);
    it->ref = j;
  }
}

void
rw_program(Prog *p)
{
  size_t i;

  p->callat = ~(uint64_t)0;
  if (!p->borrow)
    p->borrow = RW_BORROW;
  for (i = 1; i < p->in->nsec; i++)
    if (p->in->sec[i].code) {
      p->st.oldcode += p->in->sec[i].sh.sh_size;
      rw_section(p, &p->in->sec[i]);
    }
  if (!ein_sect_at(p->in, p->in->eh.e_entry) || !ein_sect_at(p->in, p->in->eh.e_entry)->code)
    mbt_fail(E_CORRUPT, "corrupt ELF file: entry point 0x%lx is not in code",
             (unsigned long)p->in->eh.e_entry);
  rw_pairs_lo(p);
}

/* --debug-live: the live set before each instruction of the input's
 * code, one line `ADDR MASK` (hex; bit i for xi) per instruction. */
void
rw_live(Prog *p)
{
  size_t i, h;

  for (i = 1; i < p->in->nsec; i++) {
    Sect *s = &p->in->sec[i];
    size_t nh = s->sh.sh_size / 2;
    Insn *ins;
    uint32_t *live;
    if (!s->code)
      continue;
    ins = mbt_alloc(nh * sizeof(Insn) + 1);
    live = mbt_alloc(nh * sizeof(uint32_t) + 1);
    rw_decode(p, s, ins);
    rw_fixed(p, s, ins);
    live_solve(ins, nh, live);
    for (h = 0; h < nh; h++)
      if (ins[h].op)
        printf("%lx %08x\n", (unsigned long)(s->sh.sh_addr + 2 * h), live[h]);
  }
}
