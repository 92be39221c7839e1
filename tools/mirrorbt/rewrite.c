/* Rewriting: decode each code section and turn every instruction into
 * items (output instructions).  A store becomes the store, then
 * "add tp, base, gp" and the same store through tp; an AMO or sc becomes
 * "add tp, base, gp", the operation, then gp is borrowed to copy the
 * native word to the mirror and reloaded with the offset -- or, under
 * --twin-atomics, the operation, "add tp, base, gp" and the same
 * operation on the mirror word (its result dropped).  Where tp holds
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

static int
rw_is(const Insn *d, const char *prefix)
{
  return strncmp(d->op->name, prefix, 3) == 0;
}

/* Whether p leaves the write d without twin: an sc under --twin-atomics,
 * a store through sp under --keep-stack (check.c asks too).  The write's
 * section may be kept besides (Sect.keep). */
int
rw_untwinned(const Prog *p, const Insn *d)
{
  return (d->op->kind == K_AMO && p->twinamo && rw_is(d, "sc.")) ||
         (d->op->kind == K_STORE && p->keepsp && d->rs1 == SP);
}

/* Whether the AMO d is twinned by the same operation (--twin-atomics). */
int
rw_twinned_amo(const Prog *p, const Insn *d)
{
  return d->op->kind == K_AMO && p->twinamo && !rw_is(d, "sc.");
}

static const Prog *rw_prog;     /* the program rw_xfer's analysis runs on */

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

/* The pair of the write d: its native write, mirror write and last
 * item of its window, with the kind and registers the pair table
 * records (rd 0 for a store, an fp value register by its number). */
static void
rw_pair(Prog *p, const Insn *d, int nat, int mirror, int end)
{
  int kind = d->op->kind == K_STORE ? MIRROR_PAIR_STORE : rw_is(d, "sc.") ? MIRROR_PAIR_SC :
             p->twinamo ? MIRROR_PAIR_TWIN : MIRROR_PAIR_AMO;
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
      ein_badrel(r->type, a, "unsupported");
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

/* Does tp (state s: tp = base + gp + *k, flow_k) cover the store d:
 * can its mirror store reach the address with the offset imm - k?  A
 * store whose offset a relocation fixes (%lo, %pcrel_lo) needs k = 0:
 * its mirror store takes the native offset as fixed at layout. */
static int
rw_covers(const Insn *d, int s, int64_t *k)
{
  return flow_k(s, d->rs1, k) && d->imm - *k >= -2048 && d->imm - *k <= 2047 &&
         (!d->fixed || *k == 0);
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
 * is unknown and the copy of the unchanged word is harmless).  Under
 * --twin-atomics an AMO is
 *   OP rd, rs2, (rs1); add tp, rs1, gp; beq gp, zero, 8; OP zero, rs2, (tp)
 * its window the three after OP: the same operation on the mirror word,
 * so that harts racing on one word leave both copies equal when their
 * operations commute (add, and, or, xor, min, max: whatever the order,
 * the same result).  With gp 0 (no mirror yet, or machine mode with
 * paging off) the twin would repeat the operation on the word itself,
 * which a store's twin may do but an add may not: it is skipped.  rd
 * must be neither rs1 nor rs2, which the twin reads after the
 * operation. */
static void
rw_write(Prog *p, uint64_t a, const Insn *d, int kind, const Reloc *rel, const Scr *sc,
         int *lead)
{
  int w = d->op->width, nat, m, end, i, x = TP;
  int64_t k = 0;
  uint32_t li[8];

  if (!p->copying)
    rw_count(p, d->op->name);
  if (rw_twinned_amo(p, d)) {
    if (d->rd != 0 && (d->rd == d->rs1 || d->rd == d->rs2))
      mbt_fail(E_LRSC, "--twin-atomics: the AMO at 0x%lx overwrites its address or "
               "operand (rd is rs1 or rs2), which its twin needs", (unsigned long)a);
    nat = rw_push(p, a, d->bits, 4, kind, lead);
    rw_push(p, a, ENC_ADD_TP(d->rs1), 4, IK_RAW, lead);
    rw_push(p, a, ENC_BEQZ_GP_8, 4, IK_RAW, lead);
    m = rw_push(p, a, ENC_AMO_TWIN(d->bits), 4, IK_MIRROR, lead);
    rw_pair(p, d, nat, m, m);
    return;
  }
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
  for (i = 0; i < sc->n && !rw_covers(d, sc->st[i], &k); i++)
    ;
  if (i < sc->n) {
    p->st.reused += !p->copying;
    x = sc->x[i];
  } else {
    k = 0;
    rw_push(p, a, ENC_ADD_TP(d->rs1), 4, IK_RAW, lead);
  }
  m = rw_push(p, a, enc_s(rw_store(w, d->rs2 >= R_FP), x, d->rs2 & 31, d->imm - k),
              4, IK_MIRROR, lead);
  rw_pair(p, d, nat, m, m);
}

/* The items from `first` on made for the instruction at a: if it is
 * part of an auipc pair found by decoding (pcrel.c), its PCHI or PCLO
 * item gets the pair's target, moving with s, and (PCLO) its auipc. */
static void
rw_pcrel(Prog *p, Sect *s, size_t first, uint64_t a)
{
  size_t h = (a - s->sh.sh_addr) / 2;

  if (!s->pchi || s->pchi[h] < 0)
    return;
  for (; first < p->nit; first++) {
    Item *it = &p->it[first];
    if (it->kind == IK_PCHI || it->kind == IK_PCLO_I || it->kind == IK_PCLO_S) {
      it->tsec = s;
      it->target = s->pcto[h];
      it->hiat = s->sh.sh_addr + 2 * (uint64_t)s->pchi[h];
    }
  }
}

/* Items for the instruction d at address a; sc: the scratch registers'
 * states there (rw_write). */
static void
rw_insn(Prog *p, Sect *s, size_t *ri, uint64_t a, const Insn *d, const Scr *sc)
{
  const Reloc *rel = NULL;
  uint64_t target;
  int lead = 1, kind, i;
  size_t first;

  if (a == p->in->eh.e_entry && !s->keep)
    rw_li_gp(p, a, &lead);
  kind = rw_relkind(p, s, ri, a, d, &rel);
  target = rel ? rel->target : 0;
  if (s->pchi && s->pchi[(a - s->sh.sh_addr) / 2] >= 0)   /* a pair found by decoding */
    kind = d->op->kind == K_AUIPC ? IK_PCHI : d->op->kind == K_STORE ? IK_PCLO_S : IK_PCLO_I;
  first = p->nit;
  if (a == p->callat) {         /* the jalr of a call pairs with its auipc */
    if (kind != IK_RAW || d->op->kind != K_JALR || d->len != 4)
      mbt_fail(E_RELOC, "call relocation at 0x%lx is not auipc+jalr", (unsigned long)(a - 4));
    kind = IK_PCLO_I;
    target = a - 4;
  }
  p->st.insns += !p->copying;
  if (s->keep && (d->op->kind == K_BRANCH || d->op->kind == K_JAL) &&
      a + d->imm - s->sh.sh_addr < s->sh.sh_size) {
    rw_push(p, a, d->bits, d->len, IK_RAW, &lead);   /* moves with its target */
    return;
  }
  switch (d->op->kind) {
  case K_STORE: case K_AMO:
    if (s->keep || rw_untwinned(p, d))
      break;                    /* as it is, but for its relocation */
    rw_write(p, a, d, kind, rel, sc, &lead);
    rw_pcrel(p, s, first, a);
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
  rw_pcrel(p, s, first, a);
}

/* The tp analysis on the input: after a store tp holds base + gp + k
 * (unchanged when tp covered it, else k = 0 after its add), after an AMO
 * or sc base + gp unless rd overwrote the base; `addi r, r, imm` turns
 * "tp = r + gp + k" into k - imm, anything else writing r ends it, a
 * call or ecall ends everything.  A write left without twin
 * (rw_untwinned) tells nothing about tp. */
static int
rw_xfer(const Insn *d, int s, int x)
{
  int64_t k;

  (void)x;                      /* always tp */
  if (rw_untwinned(rw_prog, d))
    return flow_regs(d, s);
  if (d->op->kind == K_STORE)
    return rw_covers(d, s, &k) ? s : FL_ST(d->rs1, 0);
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

  mbt_fail(E_UNKNOWN, "unknown instruction 0x%0*x at 0x%lx: not rv64gc, %s", wide ? 8 : 4, x,
           (unsigned long)(s->sh.sh_addr + off), dec_extension(x));
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
    if (!s->keep && dec_is_gptp(d))
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
 * go to (h, b] or leave it, it is entered from outside (a branch from
 * outside, a symbol or relocation target, falling into h) at one place
 * e only: h, or, when nothing enters at h (a loop GCC rotated, entered
 * by a jump to its condition), a place inside (the entry adds then jump
 * to e in the first copy), not the program's entry; its stores use at
 * most RW_MAXBASE base registers, and for each the tp analysis's
 * transfer (flow_regs: `addi r, r, imm` steps, copies through another
 * register as an alias) run through the copies (rw_sim) keeps every
 * store through it covered and ends where one step takes it back to the
 * start; for each base but the first a register can be borrowed
 * (rw_borrow): its mirror address is kept there as the first one's is
 * in tp.  Its exits (the targets outside and the place after b) are
 * made open places for the tp analysis, which so never assumes
 * anything about tp coming out of a
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

/* Does the instruction before offset h fall into it (a call returns
 * into it; data before it counts as falling in)? */
static int
rw_falls_into(const Insn *ins, uint64_t h)
{
  const Insn *d = h >= 4 && ins[(h - 4) / 2].op && ins[(h - 4) / 2].len == 4 ?
                  &ins[(h - 4) / 2] : h >= 2 ? &ins[(h - 2) / 2] : NULL;

  if (!d)
    return 0;
  return !d->op || !((d->op->kind == K_JAL || d->op->kind == K_JALR) && !flow_links(d));
}

/* Does [h, b] qualify (above)?  Returns the number of its store base
 * registers (in base[], at most RW_MAXBASE), or -1; *e: the one place
 * entered from outside (a symbol, a relocation target, a jump from
 * outside, for h also falling into it), h if none. */
static int
rw_loop_ok(Prog *p, Sect *s, const Insn *ins, const uint8_t *label, const uint8_t *tgt,
           uint64_t h, uint64_t b, int8_t *base, uint64_t *e)
{
  uint64_t o, t, ext = ~(uint64_t)0;
  int nb = 0, i;
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
  in[0] = 1;                            /* h: the back branch */
  for (o = h; o <= b; o += ins[o / 2].len) {
    const Insn *d = &ins[o / 2];
    int k = d->op->kind;
    if (label[o / 2] || tgt[o / 2] != in[(o - h) / 2] || tgt[o / 2] == 255 ||
        (o == h && rw_falls_into(ins, h))) {
      if (ext != ~(uint64_t)0)
        return -1;                      /* entered at two places */
      ext = o;
    }
    if (k == K_JALR || k == K_SYS || k == K_AMO || k == K_AUIPC || (k == K_JAL && flow_links(d)) ||
        !strncmp(d->op->name, "lr.", 3) || (d->fixed && !rw_isjump(d)) ||
        s->sh.sh_addr + o == p->in->eh.e_entry)
      return -1;
    if (o < b && rw_isjump(d) && o + d->imm == h)
      return -1;                        /* a second way back */
    if (k == K_STORE && rw_untwinned(p, d))
      return -1;                        /* (a stack store: not worth a copy) */
    if (k == K_STORE) {
      for (i = 0; i < nb && base[i] != d->rs1; i++)
        ;
      if (i == RW_MAXBASE)
        return -1;
      base[i] = (int8_t)d->rs1;
      nb += i == nb;
    }
  }
  *e = ext == ~(uint64_t)0 ? h : ext;
  return nb > 0 ? nb : -1;
}

/* Borrow a register for each base but the first (scr[0] is tp): one the
 * program leaves dead at the entry e (live: the liveness analysis,
 * live.c) and that no instruction of [h, b] names, so the loop neither
 * reads nor changes it, and on every way out of the loop the program
 * writes it before it reads it.  Returns 0 if there are not enough. */
static int
rw_borrow(Prog *p, const Insn *ins, const uint32_t *live, uint64_t h, uint64_t e,
          uint64_t b, int nb, int8_t *scr)
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
  free = p->borrow & ~named & ~(p->liar ? 0 : live[e / 2]);
  for (i = 1, x = 1; i < nb; i++, x++) {
    while (x < 32 && !(free & LIVE_BIT(x)))
      x++;
    if (x == 32)
      return 0;
    scr[i] = (int8_t)x;
  }
  return 1;
}

/* The states of the scratch register of one base r in n copies of a
 * loop: st[j * nb + (o - h) / 2] before the instruction at o of copy j
 * (FL_TOP: not reached).  Copy 0 is entered at e with FL_ST(r, 0) (the
 * add on entry); copy j + 1 at h with the state copy j leaves at b;
 * after the last copy the scratch register steps back by K into copy 0
 * at h, K chosen so that it reaches e as r + gp + 0 again, as on entry
 * (for e = h at once; else a trial run of [h, e) in slot n finds it).  Inside
 * the loop the transfer is flow_regs (no call, ecall or AMO there; a
 * store changes no register), the same --check runs on the output. */
typedef struct {
  const Insn *ins;
  uint64_t h, b, e;           /* section offsets: header, back branch, entry */
  size_t nb;                  /* halfwords in [h, b] */
  int32_t *st;
  uint8_t *done;              /* places already run */
  int64_t K;
} Sim;

/* The state out reaches place t of copy j: one not run yet takes the
 * meet, one run already must keep its state. */
static int
rw_sim_to(Sim *m, int j, uint64_t t, int out)
{
  size_t i = j * m->nb + (t - m->h) / 2;
  int v = flow_join(m->st[i], out);

  if (m->done[i])
    return v == m->st[i];
  m->st[i] = v;
  return 1;
}

/* Run copy j from `from` up to `until` (exclusive; b is run but its
 * back branch is the copies' chaining, rw_sim). */
static int
rw_sim_pass(Sim *m, int j, uint64_t from, uint64_t until)
{
  uint64_t o, t;
  int out;

  for (o = from; o < until && o <= m->b; o += m->ins[o / 2].len) {
    const Insn *d = &m->ins[o / 2];
    size_t i = j * m->nb + (o - m->h) / 2;
    m->done[i] = 1;
    if (m->st[i] == FL_TOP || o == m->b)
      continue;
    out = flow_regs(d, m->st[i]);
    if (rw_isjump(d) && (t = o + d->imm) > m->h && t <= m->b && !rw_sim_to(m, j, t, out))
      return 0;
    if (d->op->kind != K_JAL && !rw_sim_to(m, j, o + d->len, out))
      return 0;
  }
  return 1;
}

/* Simulate n copies for base r (above); then every store through r
 * must be covered (rw_covers) in every copy and the step back must fit.
 * Returns 0 if not. */
static int
rw_sim(Sim *m, int r, int n)
{
  size_t nb = m->nb, i;
  uint64_t o;
  int j, E;
  int64_t k;

  m->st = mbt_alloc((n + 1) * nb * sizeof(int32_t));
  m->done = mbt_alloc((n + 1) * nb);
  for (i = 0; i < (n + 1) * nb; i++)
    m->st[i] = FL_TOP;
  m->st[(m->e - m->h) / 2] = FL_ST(r, 0);
  for (j = 0; j < n; j++) {
    if (j > 0)
      m->st[j * nb] = m->st[j * nb - 1];
    if (!rw_sim_pass(m, j, j ? m->h : m->e, m->b + 1))
      return 0;
  }
  E = m->st[n * nb - 1];
  m->st[n * nb] = E;            /* the trial run */
  if (!rw_sim_pass(m, n, m->h, m->e) ||
      !flow_k(m->st[n * nb + (m->e - m->h) / 2], r, &m->K) || !rw_fits12(-m->K))
    return 0;
  if (m->e != m->h) {          /* copy 0 before e: after the last copy */
    m->st[0] = flow_al(FL_R(E), FL_K(E) - m->K, FL_A(E), FL_D(E));
    if (!rw_sim_pass(m, 0, m->h, m->e))
      return 0;
  }
  for (j = 0; j < n; j++)
    for (o = m->h; o < m->b; o += m->ins[o / 2].len)
      if (m->ins[o / 2].op->kind == K_STORE && m->ins[o / 2].rs1 == r &&
          !rw_covers(&m->ins[o / 2], m->st[j * nb + (o - m->h) / 2], &k))
        return 0;
  return 1;
}

/* Simulate n copies for every base of L (sims[i] for base i); *moves:
 * whether any scratch register steps. */
static int
rw_sims(const Insn *ins, uint64_t base, const Loop *L, int n, Sim *sims, int *moves)
{
  int i;

  *moves = 0;
  for (i = 0; i < L->nb; i++) {
    sims[i] = (Sim){ .ins = ins, .h = L->h - base, .b = L->b - base, .e = L->e - base,
                     .nb = (L->b - L->h) / 2 + 1 };
    if (!rw_sim(&sims[i], L->base[i], n))
      return 0;
    *moves |= sims[i].K != 0;
  }
  return 1;
}

/* The number of copies for L: 1 when no base moves (the adds on entry),
 * else the most that fit (up to 8 by the body's size, at most
 * --copies), at least 2 (one copy would step a scratch register every
 * iteration: no gain); 0 if none fits. */
static int
rw_ncopies(Prog *p, const Insn *ins, uint64_t base, const Loop *L)
{
  Sim sims[RW_MAXBASE];
  uint64_t len = L->b - L->h;
  int n, moves;

  if (rw_sims(ins, base, L, 1, sims, &moves) && !moves)
    return 1;
  n = len <= 32 ? RW_MAXCOPY : len <= 64 ? 4 : 2;
  for (n = n < p->maxcopy || !p->maxcopy ? n : p->maxcopy; n > 1; n /= 2)
    if (rw_sims(ins, base, L, n, sims, &moves))
      return n;
  return 0;
}

/* Find the loops to copy; their exits become open places.  The
 * liveness analysis runs once, for the first loop with two bases. */
static void
rw_loops(Prog *p, Sect *s, const Insn *ins, uint8_t *label)
{
  uint64_t size = s->sh.sh_size, o, h, x, t, e;
  uint8_t *tgt = mbt_alloc(size / 2 + 1);
  uint32_t *live = NULL;
  int nb;
  Loop L;

  for (o = 0; o < size; o += ins[o / 2].op ? ins[o / 2].len : 2)
    if (ins[o / 2].op && (ins[o / 2].op->kind == K_BRANCH || ins[o / 2].op->kind == K_JAL) &&
        (t = o + ins[o / 2].imm) < size && tgt[t / 2] < 255)
      tgt[t / 2]++;
  for (o = 0; o < size; o += ins[o / 2].op ? ins[o / 2].len : 2) {
    const Insn *d = &ins[o / 2];
    if (!d->op || !rw_isjump(d) || d->imm >= 0 || (uint64_t)-d->imm > o)
      continue;
    h = o + d->imm;
    L = (Loop){ .s = s, .h = s->sh.sh_addr + h, .b = s->sh.sh_addr + o, .pre = -1 };
    if ((nb = rw_loop_ok(p, s, ins, label, tgt, h, o, L.base, &e)) < 0)
      continue;
    L.nb = nb;
    L.e = s->sh.sh_addr + e;
    if ((L.n = rw_ncopies(p, ins, s->sh.sh_addr, &L)) == 0)
      continue;
    if (nb > 1 && !live) {
      live = mbt_alloc(size / 2 * sizeof(uint32_t) + 1);
      live_solve(ins, size / 2, live);
    }
    if (!rw_borrow(p, ins, live, h, e, o, nb, L.scr))
      continue;
    if ((p->nloop & 63) == 0)
      p->loop = mbt_grow(p->loop, (p->nloop + 64) * sizeof(Loop));
    p->loop[p->nloop++] = L;
    p->st.borrowed += nb - 1;
    p->st.inside += e != h;
    for (x = h; x < o; x += ins[x / 2].len)
      if (rw_isjump(&ins[x / 2]) && ((t = x + ins[x / 2].imm) < h || t > o) && t < size)
        label[t / 2] = 1;
    if (o + d->len < size)
      label[(o + d->len) / 2] = 1;
  }
}

/* Items for the copied loop L of section s (rw_loops); every original
 * instruction maps to its place in the first copy, e to the add tp
 * (after it, the adds of the borrowed registers and, when e is not h,
 * a jump to e in the first copy).  A jump inside the loop goes to its
 * target in the same copy.  Before the instruction at o of copy j,
 * scratch register scr[i] holds what rw_sim found for base i. */
static void
rw_loop(Prog *p, Sect *s, size_t *ri, const Insn *ins, Loop *L, uint64_t *lr)
{
  uint64_t base = s->sh.sh_addr, h = L->h - base, b = L->b - base, o, t;
  size_t nb = (b - h) / 2 + 1, nfix, f;
  int lead = 1, j, i, first = 0, entry = -1, moves;
  int *at = mbt_alloc(nb * sizeof(int)), *fix = mbt_alloc(nb * sizeof(int));
  const Insn *d = NULL;
  Scr sc = { .n = L->nb };
  Sim sims[RW_MAXBASE];

  rw_sims(ins, base, L, L->n, sims, &moves);
  for (i = 0; i < L->nb; i++) {
    sc.x[i] = L->scr[i];
    rw_push(p, L->e, enc_r(0x33, L->scr[i], L->base[i], GP), 4, IK_RAW, &lead);
  }
  L->pre = (int)p->nit - L->nb;
  if (L->e != L->h) {           /* into the first copy at e */
    entry = rw_push(p, L->e, enc_j(0x6f, 0, 0), 4, IK_JAL, &lead);
    p->it[entry].target = L->e;
  }
  for (j = 0; j < L->n; j++) {
    p->copying = j > 0;       /* the statistics count the input once */
    nfix = 0;
    for (o = h; o <= b; o += d->len) {
      d = &ins[o / 2];
      at[(o - h) / 2] = (int)p->nit;
      for (i = 0; i < L->nb; i++)
        sc.st[i] = sims[i].st[j * nb + (o - h) / 2];
      if (j == 0) {
        *lr = rw_lrsc(*lr, base + o, d);
        s->item[o / 2] = (int)p->nit;
        if (o == h)
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
        if (sims[i].K != 0)
          rw_push(p, L->b, enc_i(0x13, L->scr[i], L->scr[i], -sims[i].K), 4, IK_RAW, &lead);
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
    if (j == 0 && entry >= 0)
      p->it[entry].ref = at[(L->e - L->h) / 2];
  }
  s->item[(L->e - base) / 2] = L->pre;
  p->copying = 0;
}

/* Mark the instructions a relocation fixes (the jalr of a call pair
 * too), and pair that jalr with its auipc (for the liveness analysis). */
static void
rw_fixed(Prog *p, Sect *s, Insn *ins)
{
  uint64_t base = s->sh.sh_addr, size = s->sh.sh_size, o;
  size_t ri;

  for (ri = 0; ri < p->in->nrel; ri++)
    if (p->in->rel[ri].sec == s && (o = p->in->rel[ri].off - base) < size) {
      ins[o / 2].fixed = 1;
      if ((p->in->rel[ri].type == 18 || p->in->rel[ri].type == 19) && o + 4 < size) {
        ins[o / 2 + 2].fixed = 1;         /* the call's jalr: fixed with its auipc */
        live_pair(&ins[o / 2], &ins[o / 2 + 2]);
      }
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
  if (!p->rawpc)
    pc_find(p->in, s, ins, label);
  ri = 0;
  l0 = p->nloop;
  if (!s->keep)
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

/* Resolve the PCREL_LO12 items to the auipc they pair with: the one
 * their relocation's label names, or (a pair found by decoding) the
 * one pcrel.c found. */
static void
rw_pairs_lo(Prog *p)
{
  size_t i;

  for (i = 0; i < p->nit; i++) {
    Item *it = &p->it[i];
    Sect *s;
    uint64_t hi;
    int j;
    if ((it->kind != IK_PCLO_I && it->kind != IK_PCLO_S) || it->ref >= 0)
      continue;
    s = it->tsec ? it->tsec : it->rel ? it->rel->tsec : NULL;
    hi = it->tsec ? it->hiat : it->target;  /* else the %pcrel_hi's label */
    j = s && s->code && hi - s->sh.sh_addr < s->sh.sh_size ?
        s->item[(hi - s->sh.sh_addr) / 2] : -1;
    while (j >= 0 && (size_t)j < p->nit && p->it[j].orig == hi && p->it[j].kind != IK_PCHI)
      j++;
    if (j < 0 || (size_t)j >= p->nit || p->it[j].kind != IK_PCHI || p->it[j].orig != hi)
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
  rw_prog = p;
  if (!p->borrow)
    p->borrow = RW_BORROW;
  if (p->noborrow)
    p->borrow = 0;
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
