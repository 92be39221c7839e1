/* Output: a static ELF64 executable written with libelf.  Allocated
 * sections at their new addresses, the symbol table updated, the mark
 * (note) and the pair table added; relocations and debug information
 * are dropped.  The file is written under a temporary name and renamed
 * into place, so a failure never leaves a half-written output. */
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <sys/stat.h>
#include "mbt.h"

#define SHT_RISCV_ATTR 0x70000003
#define PT_RISCV_ATTR  0x70000003

typedef struct {           /* one section of the output */
  Sect *from;              /* input section, or NULL for new ones */
  const char *name;
  GElf_Shdr sh;
  void *buf;
  size_t size;
  Elf_Type type;
  int placed;              /* given a file offset by its segment */
} Out;

typedef struct {
  Prog *p;
  Out *o; size_t no;
  size_t *newidx;          /* input section index -> output index */
  GElf_Phdr *ph; size_t nph;
  size_t note, pairs, attr, symtab;
  uint64_t shoff, entry;
} Emit;

static size_t
em_add(Emit *e, Sect *from, const char *name, void *buf, size_t size, Elf_Type type)
{
  Out *o = &e->o[e->no];

  o->from = from;
  o->name = name;
  o->buf = buf;
  o->size = size;
  o->type = type;
  if (from) {
    o->sh = from->sh;
    e->newidx[from->idx] = e->no;
  }
  o->sh.sh_size = size;
  return e->no++;
}

/* Relocations, debug information and the old section names go. */
static int
em_keep(Input *in, Sect *s)
{
  return s->sh.sh_type != SHT_RELA && s->sh.sh_type != SHT_REL &&
         s->sh.sh_type != SHT_NULL && s->idx != in->shstr &&
         strncmp(s->name, ".debug", 6) != 0;
}

static int
em_inseg(const GElf_Phdr *ph, const Sect *s)
{
  return s && (s->sh.sh_flags & SHF_ALLOC) && s->sh.sh_addr >= ph->p_vaddr &&
         s->sh.sh_addr < ph->p_vaddr + ph->p_memsz + (s->sh.sh_size == 0);
}

/* Symbols at their new addresses; symbols of dropped sections go. */
static void
em_symbols(Emit *e)
{
  Input *in = e->p->in;
  Elf64_Sym *out = mbt_alloc((in->nsym + 1) * sizeof(Elf64_Sym));
  size_t i, n = 0, nlocal = 0;

  for (i = 0; i < in->nsym; i++) {
    GElf_Sym y = in->sym[i];
    Sect *s = y.st_shndx > 0 && y.st_shndx < in->nsec ? &in->sec[y.st_shndx] : NULL;
    if (s && !e->newidx[s->idx])
      continue;
    if (s && (s->sh.sh_flags & SHF_ALLOC)) {
      uint64_t a = lay_sym(e->p, &y);
      if (s->code && y.st_size)
        y.st_size = lay_moved(e->p, s, y.st_value + y.st_size) - a;
      y.st_value = a;
      y.st_shndx = (uint16_t)e->newidx[s->idx];
    }
    if (GELF_ST_BIND(y.st_info) == STB_LOCAL)
      nlocal = n + 1;
    out[n].st_name = y.st_name;
    out[n].st_info = y.st_info;
    out[n].st_other = y.st_other;
    out[n].st_shndx = y.st_shndx;
    out[n].st_value = y.st_value;
    out[n].st_size = y.st_size;
    n++;
  }
  e->symtab = em_add(e, in->symsec, in->symsec->name, out, n * sizeof(Elf64_Sym), ELF_T_SYM);
  e->o[e->symtab].sh.sh_info = (uint32_t)nlocal;
}

static void
em_sections(Emit *e)
{
  Input *in = e->p->in;
  size_t i;

  e->o = mbt_alloc((in->nsec + 4) * sizeof(Out));
  e->newidx = mbt_alloc(in->nsec * sizeof(size_t));
  e->no = 1;
  for (i = 1; i < in->nsec; i++) {
    Sect *s = &in->sec[i];
    if (s == in->symsec || !em_keep(in, s))
      continue;
    if (s->sh.sh_flags & SHF_ALLOC) {
      em_add(e, s, s->name, s->sh.sh_type == SHT_NOBITS ? NULL : s->ndata, s->nsize, ELF_T_BYTE);
      e->o[e->no - 1].sh.sh_addr = s->naddr;
    } else {
      em_add(e, s, s->name, s->data, s->sh.sh_size, ELF_T_BYTE);
    }
    if (s->sh.sh_type == SHT_RISCV_ATTR)
      e->attr = e->no - 1;
  }
  em_symbols(e);
  e->note = em_add(e, NULL, MIRROR_NOTE_SECT, mbt_alloc(12 + 8 + sizeof(struct mirror_note)),
                   12 + 8 + sizeof(struct mirror_note), ELF_T_BYTE);
  e->o[e->note].sh.sh_type = SHT_NOTE;
  e->o[e->note].sh.sh_addralign = 4;
  e->pairs = em_add(e, NULL, MIRROR_PAIRS_SECT, e->p->tab, e->p->npair * PT_ENTRY,
                    ELF_T_BYTE);
  e->o[e->pairs].sh.sh_type = SHT_PROGBITS;
  e->o[e->pairs].sh.sh_addralign = 8;
  for (i = 1; i < e->no; i++)
    if (e->o[i].from && e->o[i].sh.sh_link)
      e->o[i].sh.sh_link = (uint32_t)e->newidx[e->o[i].sh.sh_link];
}

static uint64_t
em_align(uint64_t v, uint64_t a)
{
  return a > 1 ? (v + a - 1) / a * a : v;
}

/* One PT_LOAD: the sections it held, at their new places; its file
 * offset keeps the congruence with its address that paging needs. */
static uint64_t
em_load(Emit *e, GElf_Phdr *ph, uint64_t cur)
{
  uint64_t nv = 0, fend = 0, mend = 0, off, al = ph->p_align ? ph->p_align : 1;
  size_t i;

  for (i = 1; i < e->no && !em_inseg(ph, e->o[i].from); i++)
    ;
  if (i == e->no)
    mbt_fail(E_CORRUPT, "unsupported layout: a loadable segment without sections");
  nv = ph->p_vaddr + (e->o[i].from->naddr - e->o[i].from->sh.sh_addr);
  if (al & (al - 1))
    al = 1;
  off = cur + ((nv - cur) & (al - 1));
  for (; i < e->no; i++) {
    Out *o = &e->o[i];
    Sect *s = o->from;
    if (!em_inseg(ph, s))
      continue;
    o->sh.sh_offset = off + (s->naddr - nv);
    o->placed = 1;
    if (s->sh.sh_type != SHT_NOBITS && o->sh.sh_offset + o->size - off > fend)
      fend = o->sh.sh_offset + o->size - off;
    if (s->naddr + s->nsize - nv > mend)
      mend = s->naddr + s->nsize - nv;
  }
  ph->p_paddr += nv - ph->p_vaddr;
  ph->p_vaddr = nv;
  ph->p_offset = off;
  ph->p_filesz = fend;
  ph->p_memsz = mend;
  return off + fend;
}

static void
em_layout(Emit *e)
{
  Input *in = e->p->in;
  uint64_t cur;
  size_t i;

  e->ph = mbt_alloc((in->nph + 1) * sizeof(GElf_Phdr));
  for (i = 0; i < in->nph; i++) {
    uint32_t t = in->ph[i].p_type;
    if (t != PT_LOAD && t != PT_GNU_STACK && t != PT_RISCV_ATTR && t != PT_NULL)
      mbt_fail(E_CORRUPT, "unsupported program header type 0x%x", t);
    if (t != PT_NULL && (t != PT_RISCV_ATTR || e->attr))
      e->ph[e->nph++] = in->ph[i];
  }
  e->ph[e->nph].p_type = PT_NOTE;
  e->ph[e->nph++].p_align = 4;
  cur = sizeof(Elf64_Ehdr) + e->nph * sizeof(Elf64_Phdr);
  for (i = 0; i < e->nph; i++)
    if (e->ph[i].p_type == PT_LOAD)
      cur = em_load(e, &e->ph[i], cur);
  for (i = 1; i < e->no; i++) {
    Out *o = &e->o[i];
    if (o->placed)
      continue;
    if (o->from && (o->from->sh.sh_flags & SHF_ALLOC))
      mbt_fail(E_CORRUPT, "unsupported layout: section %s outside the loadable segments",
               o->name);
    o->sh.sh_offset = cur = em_align(cur, o->sh.sh_addralign);
    cur += o->size;
  }
  for (i = 0; i < e->nph; i++) {
    Out *o = e->ph[i].p_type == PT_NOTE ? &e->o[e->note] :
             e->ph[i].p_type == PT_RISCV_ATTR ? &e->o[e->attr] : NULL;
    if (o) {
      e->ph[i].p_offset = o->sh.sh_offset;
      e->ph[i].p_filesz = o->size;
    }
  }
  e->shoff = em_align(cur, 8);
}

static void
em_put64(uint8_t *b, uint64_t v)
{
  int i;

  for (i = 0; i < 8; i++)
    b[i] = (uint8_t)(v >> 8 * i);
}

/* The mark: the offset, where the pair table (p->tab, made by
 * lay_pairs and proven by --check) is and its format: docs/mirrorbt.md. */
static void
em_mirror(Emit *e)
{
  Prog *p = e->p;
  uint8_t *n = e->o[e->note].buf;

  n[0] = sizeof MIRROR_NOTE_NAME;
  n[4] = sizeof(struct mirror_note);
  n[8] = MIRROR_NOTE_TYPE & 0xff;
  n[9] = MIRROR_NOTE_TYPE >> 8;
  memcpy(n + 12, MIRROR_NOTE_NAME, sizeof MIRROR_NOTE_NAME);
  em_put64(n + 20, (uint64_t)p->offset);
  em_put64(n + 28, e->o[e->pairs].sh.sh_offset);
  em_put64(n + 36, p->npair);
  em_put64(n + 44, MIRROR_NOTE_VERSION);
}

/* Section names, in a new .shstrtab (the last section). */
static size_t
em_names(Emit *e)
{
  size_t i, len = 1 + sizeof ".shstrtab", at;
  char *b;

  for (i = 1; i < e->no; i++)
    len += strlen(e->o[i].name) + 1;
  b = mbt_alloc(len);
  at = 1;
  for (i = 1; i < e->no; i++) {
    e->o[i].sh.sh_name = (uint32_t)at;
    strcpy(b + at, e->o[i].name);
    at += strlen(e->o[i].name) + 1;
  }
  strcpy(b + at, ".shstrtab");
  i = em_add(e, NULL, ".shstrtab", b, len, ELF_T_BYTE);
  e->o[i].sh.sh_name = (uint32_t)at;
  e->o[i].sh.sh_type = SHT_STRTAB;
  e->o[i].sh.sh_addralign = 1;
  e->o[i].sh.sh_offset = e->shoff;
  e->shoff = em_align(e->shoff + len, 8);
  return i;
}

static int
em_write(Emit *e, Elf *out, size_t shstr)
{
  Input *in = e->p->in;
  GElf_Ehdr eh;
  size_t i;

  if (!gelf_newehdr(out, ELFCLASS64) || !gelf_getehdr(out, &eh) ||
      !gelf_newphdr(out, e->nph))
    return -1;
  memcpy(eh.e_ident, in->eh.e_ident, EI_NIDENT);
  eh.e_type = ET_EXEC;
  eh.e_machine = EM_RISCV;
  eh.e_version = EV_CURRENT;
  eh.e_flags = in->eh.e_flags;
  eh.e_entry = e->entry;
  eh.e_phoff = sizeof(Elf64_Ehdr);
  eh.e_shoff = e->shoff;
  eh.e_shstrndx = (uint16_t)shstr;
  eh.e_phnum = (uint16_t)e->nph;
  eh.e_phentsize = sizeof(Elf64_Phdr);
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_shentsize = sizeof(Elf64_Shdr);
  for (i = 1; i < e->no; i++) {
    Elf_Scn *scn = elf_newscn(out);
    Elf_Data *d;
    if (!scn || !(d = elf_newdata(scn)))
      return -1;
    d->d_buf = e->o[i].buf;
    d->d_size = e->o[i].size;
    d->d_type = e->o[i].type;
    d->d_align = e->o[i].sh.sh_addralign ? e->o[i].sh.sh_addralign : 1;
    d->d_version = EV_CURRENT;
    if (!gelf_update_shdr(scn, &e->o[i].sh))
      return -1;
  }
  for (i = 0; i < e->nph; i++)
    if (!gelf_update_phdr(out, i, &e->ph[i]))
      return -1;
  if (!gelf_update_ehdr(out, &eh))
    return -1;
  elf_flagelf(out, ELF_C_SET, ELF_F_LAYOUT);
  if (elf_update(out, ELF_C_NULL) < 0)
    return -2;              /* libelf rejects the layout: the input's fault */
  return elf_update(out, ELF_C_WRITE) < 0 ? -1 : 0;
}

void
emit_program(Prog *p, const char *path)
{
  Emit e = { .p = p };
  size_t shstr, n = strlen(path);
  char *tmp = mbt_alloc(n + 16);
  Elf *out;
  int fd, bad;

  e.entry = lay_map(p, p->in->eh.e_entry);    /* everything that can be refused */
  em_sections(&e);                            /* happens before the file exists */
  em_layout(&e);
  shstr = em_names(&e);
  em_mirror(&e);
  snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
  if ((fd = mkstemp(tmp)) < 0)
    mbt_fail(E_IO, "cannot create %s: %s", tmp, strerror(errno));
  out = elf_begin(fd, ELF_C_WRITE, NULL);
  bad = out ? em_write(&e, out, shstr) : -1;
  if (out)
    elf_end(out);
  if (close(fd) < 0 || bad || fchmodat(AT_FDCWD, tmp, 0755, 0) < 0 ||
      rename(tmp, path) < 0) {
    unlink(tmp);
    if (bad == -2)
      mbt_fail(E_CORRUPT, "corrupt ELF file: no valid output layout (%s)", elf_errmsg(-1));
    mbt_fail(E_IO, "cannot write %s: %s", path, bad ? elf_errmsg(-1) : strerror(errno));
  }
}
