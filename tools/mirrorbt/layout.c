/* Layout: give every item its address, widen conditional branches that
 * no longer reach (inverted branch over a jal) until nothing changes,
 * then fix every reference: branches and jumps from their decoded
 * targets, auipc/lui pairs and data words from the relocations; last,
 * the pair table, from the windows' final addresses.
 *
 * Sections keep their order.  A code section grows in place; every
 * allocated section after it moves up by the growth so far, rounded up
 * to its alignment, and to its segment's alignment (a page) if it starts
 * a segment, so that segments keep their offset within the page. */
#include <string.h>
#include <stdlib.h>
#include "mbt.h"

static Sect **lay_order;   /* allocated sections by address */
static size_t lay_n;

static int
lay_cmp(const void *a, const void *b)
{
  const Sect *x = *(Sect *const *)a, *y = *(Sect *const *)b;
  return x->sh.sh_addr < y->sh.sh_addr ? -1 : x->sh.sh_addr > y->sh.sh_addr;
}

static void
lay_sort(Prog *p)
{
  size_t i;

  lay_order = mbt_alloc(p->in->nsec * sizeof(Sect *));
  lay_n = 0;
  for (i = 1; i < p->in->nsec; i++)
    if (p->in->sec[i].sh.sh_flags & SHF_ALLOC)
      lay_order[lay_n++] = &p->in->sec[i];
  qsort(lay_order, lay_n, sizeof(Sect *), lay_cmp);
}

/* Does s start a loadable segment?  Then its address keeps its offset
 * within the page (the segment's alignment). */
static uint64_t
lay_segalign(Prog *p, Sect *s)
{
  size_t i;

  for (i = 0; i < p->in->nph; i++)
    if (p->in->ph[i].p_type == PT_LOAD && p->in->ph[i].p_vaddr == s->sh.sh_addr)
      return p->in->ph[i].p_align;
  return 1;
}

static uint64_t
lay_roundup(uint64_t v, uint64_t a)
{
  return a > 1 ? (v + a - 1) / a * a : v;
}

static void
lay_assign(Prog *p)
{
  uint64_t shift = 0, grown = 0, a, al;
  size_t i, k;

  for (i = 0; i < lay_n; i++) {
    Sect *s = lay_order[i];
    al = lay_segalign(p, s);
    if (s->sh.sh_addralign > al)
      al = s->sh.sh_addralign;
    shift = lay_roundup(shift > grown ? shift : grown, al);
    s->naddr = s->sh.sh_addr + shift;
    s->nsize = s->sh.sh_size;
    if (!s->code)
      continue;
    for (a = s->naddr, k = s->it0; k < s->it1; k++) {
      p->it[k].addr = a;
      a += p->it[k].len;
    }
    s->nsize = a - s->naddr;
    grown = shift + s->nsize - s->sh.sh_size;
  }
}

/* New address of an old one: the first item made for an instruction, the
 * same place in a moved section, or (past the end of a section, in a
 * gap) the same distance past its new end. */
uint64_t
lay_map(Prog *p, uint64_t addr)
{
  Sect *s = NULL;
  size_t i;
  int k;

  for (i = 0; i < lay_n && lay_order[i]->sh.sh_addr <= addr; i++)
    if (!s || addr < lay_order[i]->sh.sh_addr + lay_order[i]->sh.sh_size ||
        s->sh.sh_addr + s->sh.sh_size <= addr)
      s = lay_order[i];
  if (!s)
    return addr;
  if (addr >= s->sh.sh_addr + s->sh.sh_size)
    return s->naddr + s->nsize + (addr - s->sh.sh_addr - s->sh.sh_size);
  if (!s->code)
    return addr - s->sh.sh_addr + s->naddr;
  k = s->item[(addr - s->sh.sh_addr) / 2];
  if ((addr & 1) || k < 0)
    mbt_fail(E_RELOC, "reference to 0x%lx, inside an instruction", (unsigned long)addr);
  return p->it[k].addr;
}

/* The reference rule: an address that belongs to section s (a symbol of
 * s plus an addend) moves with s wherever it lands: by s's displacement
 * when s is data, or when it lies before s; past s's end, by the
 * displacement of that end; inside code, to the first item of its
 * instruction.  s NULL: absolute, it does not move. */
uint64_t
lay_moved(Prog *p, Sect *s, uint64_t addr)
{
  uint64_t end;
  int k;

  if (!s)
    return addr;
  end = s->sh.sh_addr + s->sh.sh_size;
  if (!s->code || addr < s->sh.sh_addr)
    return addr - s->sh.sh_addr + s->naddr;
  if (addr >= end)
    return addr - end + s->naddr + s->nsize;
  k = s->item[(addr - s->sh.sh_addr) / 2];
  if ((addr & 1) || k < 0)
    mbt_fail(E_RELOC, "reference to 0x%lx, inside an instruction", (unsigned long)addr);
  return p->it[k].addr;
}

uint64_t
lay_target(Prog *p, const Reloc *r)
{
  return lay_moved(p, r->tsec, r->target);
}

uint64_t
lay_sym(Prog *p, const GElf_Sym *y)
{
  return lay_moved(p, ein_sym_sect(p->in, y), y->st_value);
}

static int
lay_fits(int64_t v, int bits)
{
  return v >= -((int64_t)1 << (bits - 1)) && v < ((int64_t)1 << (bits - 1));
}

/* Where a branch or jump item goes: its original target's new place,
 * or (in a copied loop) the item it names. */
static uint64_t
lay_btarget(Prog *p, const Item *it)
{
  return it->ref >= 0 ? p->it[it->ref].addr : lay_map(p, it->target);
}

static void
lay_widen(Prog *p)
{
  size_t i;
  int changed = 1;

  while (changed) {
    changed = 0;
    lay_assign(p);
    for (i = 0; i < p->nit; i++) {
      Item *it = &p->it[i];
      if (it->kind == IK_BRANCH && it->len == 4 &&
          !lay_fits((int64_t)(lay_btarget(p, it) - it->addr), 13)) {
        it->len = 8;
        p->st.widened++;
        changed = 1;
      }
    }
  }
}

/* The pc-relative distance an auipc covers, checked to fit: to its
 * relocation's target, or (found by decoding) its first use's. */
static int64_t
lay_pcrel(Prog *p, Item *hi)
{
  int64_t off = (int64_t)((hi->rel ? lay_target(p, hi->rel) : lay_moved(p, hi->tsec, hi->target)) -
                          hi->addr);

  if (!lay_fits(enc_hi20(off), 32))
    mbt_fail(E_RANGE, "auipc at 0x%lx out of range after translation", (unsigned long)hi->orig);
  return off;
}

static void
lay_fix(Prog *p, Item *it)
{
  int64_t v;

  switch (it->kind) {
  case IK_BRANCH:
    v = (int64_t)(lay_btarget(p, it) - it->addr);
    if (it->len == 4) {
      it->bits = enc_b(it->bits, 0, 0, v);
      break;
    }
    it->bits = enc_b(it->bits ^ 0x1000, 0, 0, 8);     /* inverted condition */
    it->bits2 = enc_j(0x6f, 0, v - 4);
    if (!lay_fits(v - 4, 21))
      mbt_fail(E_RANGE, "branch at 0x%lx out of range after translation", (unsigned long)it->orig);
    break;
  case IK_JAL:
    v = (int64_t)(lay_btarget(p, it) - it->addr);
    if (!lay_fits(v, 21))
      mbt_fail(E_RANGE, "jump at 0x%lx out of range after translation", (unsigned long)it->orig);
    it->bits = enc_j(it->bits, 0, v);
    break;
  case IK_PCHI:
    it->bits = enc_u(it->bits & 0xfff, 0, enc_hi20(lay_pcrel(p, it)));
    break;
  case IK_PCLO_I: case IK_PCLO_S:      /* a use found by decoding has a target of its own */
    v = lay_pcrel(p, &p->it[it->ref]);
    v = (it->tsec ? (int64_t)(lay_moved(p, it->tsec, it->target) - p->it[it->ref].addr) : v) -
        enc_hi20(v);
    if (!lay_fits(v, 12))
      mbt_fail(E_RANGE, "the auipc at 0x%lx no longer reaches the target of 0x%lx after "
               "translation", (unsigned long)p->it[it->ref].orig, (unsigned long)it->orig);
    it->bits = it->kind == IK_PCLO_I ? enc_i(it->bits & ~ENC_IIMM_MASK, 0, 0, v)
                                     : enc_s(it->bits & ~ENC_SIMM_MASK, 0, 0, v);
    break;
  case IK_HI:
    v = (int64_t)lay_target(p, it->rel);
    if (!lay_fits(enc_hi20(v), 32))
      mbt_fail(E_RANGE, "lui at 0x%lx out of range after translation", (unsigned long)it->orig);
    it->bits = enc_u(it->bits & 0xfff, 0, enc_hi20(v));
    break;
  case IK_LO_I: case IK_LO_S:
    v = (int64_t)lay_target(p, it->rel);
    v -= enc_hi20(v);
    it->bits = it->kind == IK_LO_I ? enc_i(it->bits & ~ENC_IIMM_MASK, 0, 0, v)
                                   : enc_s(it->bits & ~ENC_SIMM_MASK, 0, 0, v);
    break;
  case IK_MIRROR:        /* same offset as its native store, once fixed */
    if (p->it[it->ref].kind == IK_PCLO_S || p->it[it->ref].kind == IK_LO_S)
      it->bits = (it->bits & ~ENC_SIMM_MASK) | (p->it[it->ref].bits & ENC_SIMM_MASK);
    break;
  }
}

/* Data words that hold addresses: add how far their target moved. */
static void
lay_data(Prog *p)
{
  size_t i, k;

  for (i = 0; i < lay_n; i++) {
    Sect *s = lay_order[i];
    if (!s->code && s->data) {
      s->ndata = mbt_alloc(s->sh.sh_size);
      memcpy(s->ndata, s->data, s->sh.sh_size);
    }
  }
  for (i = 0; i < p->in->nrel; i++) {
    Reloc *r = &p->in->rel[i];
    uint64_t off = r->off - r->sec->sh.sh_addr, v = 0;
    int64_t delta = (int64_t)(lay_target(p, r) - r->target);
    int w, sign = 1;
    if (r->sec->code)
      continue;
    switch (r->type) {
    case 1: case 35: w = 4; break;                  /* 32, ADD32 */
    case 2: case 36: w = 8; break;                  /* 64, ADD64 */
    case 33: w = 1; break;                          /* ADD8 */
    case 34: w = 2; break;                          /* ADD16 */
    case 37: case 38: case 39: case 40:             /* SUB8..SUB64 */
      w = 1 << (r->type - 37);
      sign = -1;
      break;
    case 57:                                        /* 32_PCREL */
      w = 4;
      delta -= (int64_t)(lay_moved(p, r->sec, r->off) - r->off);
      break;
    default:
      ein_badrel(r->type, r->off, "unsupported data");
    }
    if (!r->sec->ndata || off + w > r->sec->sh.sh_size)
      mbt_fail(E_CORRUPT, "corrupt ELF file: relocation at 0x%lx outside data",
               (unsigned long)r->off);
    for (k = 0; k < (size_t)w; k++)
      v |= (uint64_t)r->sec->ndata[off + k] << 8 * k;
    v += sign * delta;
    if (r->type == 1 && v > 0xffffffffu)
      mbt_fail(E_RANGE, "address at 0x%lx no longer fits 32 bits", (unsigned long)r->off);
    for (k = 0; k < (size_t)w; k++)
      r->sec->ndata[off + k] = (uint8_t)(v >> 8 * k);
  }
}

/* The output code: the items' encodings in order. */
static void
lay_bytes(Prog *p, Sect *s)
{
  uint8_t *b = s->ndata = mbt_alloc(s->nsize);
  size_t k;
  int j;

  for (k = s->it0; k < s->it1; k++) {
    Item *it = &p->it[k];
    for (j = 0; j < it->len && j < 4; j++)
      *b++ = (uint8_t)(it->bits >> 8 * j);
    for (j = 0; j < it->len - 4; j++)
      *b++ = (uint8_t)(it->bits2 >> 8 * j);
  }
}

static uint64_t
pt_field(const uint8_t *b, int n)
{
  uint64_t v = 0;

  while (n-- > 0)
    v = v << 8 | b[n];
  return v;
}

static void
pt_set(uint8_t *b, int n, uint64_t v)
{
  int i;

  for (i = 0; i < n; i++)
    b[i] = (uint8_t)(v >> 8 * i);
}

/* struct mirror_pair to and from its 16 bytes in the file. */
void
pt_put(uint8_t *b, const struct mirror_pair *e)
{
  pt_set(b, 8, e->first);
  pt_set(b + 8, 4, e->span);
  b[12] = e->kind;
  b[13] = e->copy;
  pt_set(b + 14, 2, e->regs);
}

void
pt_get(const uint8_t *b, struct mirror_pair *e)
{
  e->first = pt_field(b, 8);
  e->span = (unsigned int)pt_field(b + 8, 4);
  e->kind = b[12];
  e->copy = b[13];
  e->regs = (unsigned short)pt_field(b + 14, 2);
}

static int
lay_cmppair(const void *a, const void *b)
{
  const struct mirror_pair *x = a, *y = b;

  return x->first < y->first ? -1 : x->first > y->first;
}

/* The pair table (p->tab) from the final addresses: for every pair its
 * native write, the offsets of its last item and of its mirror write
 * from it, its kind and registers; sorted by the native write. */
static void
lay_pairs(Prog *p)
{
  struct mirror_pair *e = mbt_alloc(p->npair * sizeof *e + 1);
  size_t i;

  for (i = 0; i < p->npair; i++) {
    const Pair *pr = &p->pair[i];
    uint64_t first = p->it[pr->nat].addr;
    e[i].first = first;
    e[i].span = (unsigned int)(p->it[pr->end].addr - first);
    e[i].kind = pr->kind;
    e[i].copy = (unsigned char)(p->it[pr->mirror].addr - first);
    e[i].regs = pr->regs;
  }
  qsort(e, p->npair, sizeof *e, lay_cmppair);
  p->tab = mbt_alloc(p->npair * PT_ENTRY + 1);
  for (i = 0; i < p->npair; i++)
    pt_put(p->tab + i * PT_ENTRY, &e[i]);
}

void
lay_program(Prog *p)
{
  size_t i;

  lay_sort(p);
  lay_widen(p);
  for (i = 0; i < p->nit; i++)
    lay_fix(p, &p->it[i]);
  lay_data(p);
  for (i = 0; i < lay_n; i++)
    if (lay_order[i]->code) {
      lay_bytes(p, lay_order[i]);
      p->st.newcode += lay_order[i]->nsize;
    }
  lay_pairs(p);
}
