/* Input: read and check a RISC-V ELF64 executable with libelf.  Every
 * section, symbol and relocation is checked against the file before the
 * later stages trust it; anything wrong is refused here. */
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
#include <errno.h>
#include "mbt.h"
#include "kernel/mirror.h"

static void
ein_bad(const char *what)
{
  mbt_fail(E_CORRUPT, "corrupt ELF file: %s (%s)", what, elf_errmsg(-1));
}

static int
ein_marked(Sect *s)
{
  GElf_Nhdr nh;
  size_t off = 0, noff, doff, next;

  while (off < s->ed->d_size && (next = gelf_getnote(s->ed, off, &nh, &noff, &doff)) > 0) {
    if (nh.n_type == MIRROR_NOTE_TYPE && nh.n_namesz == sizeof MIRROR_NOTE_NAME &&
        memcmp((char *)s->data + noff, MIRROR_NOTE_NAME, nh.n_namesz) == 0)
      return 1;
    off = next;
  }
  return 0;
}

static void
ein_sections(Input *in)
{
  size_t n, i;
  Elf_Scn *scn;
  Elf_Data *d;

  if (elf_getshdrnum(in->elf, &n) || elf_getshdrstrndx(in->elf, &in->shstr) || n < 2)
    ein_bad("no section headers");
  in->sec = mbt_alloc(n * sizeof(Sect));
  in->nsec = n;
  for (i = 1; i < n; i++) {
    Sect *s = &in->sec[i];
    s->idx = i;
    if (!(scn = elf_getscn(in->elf, i)) || !gelf_getshdr(scn, &s->sh))
      ein_bad("section header");
    if (!(s->name = elf_strptr(in->elf, in->shstr, s->sh.sh_name)))
      ein_bad("section name");
    if (s->sh.sh_addr + s->sh.sh_size < s->sh.sh_addr || s->sh.sh_link >= n)
      mbt_fail(E_CORRUPT, "corrupt ELF file: section %s bounds", s->name);
    if (s->sh.sh_type != SHT_NOBITS && s->sh.sh_size) {
      d = elf_getdata(scn, NULL);
      if (!d || !d->d_buf || d->d_size != s->sh.sh_size)
        mbt_fail(E_CORRUPT, "corrupt ELF file: section %s data out of bounds", s->name);
      s->data = d->d_buf;
      s->ed = d;
    }
    s->code = (s->sh.sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) ==
              (SHF_ALLOC | SHF_EXECINSTR) && s->sh.sh_type == SHT_PROGBITS;
    if (s->sh.sh_type == SHT_NOTE && s->data && ein_marked(s))
      mbt_fail(E_MARKED, "already translated (carries the %s mark)", MIRROR_NOTE_NAME);
    if (s->sh.sh_type == SHT_SYMTAB) {
      if (in->symsec)
        mbt_fail(E_CORRUPT, "corrupt ELF file: two symbol tables");
      in->symsec = s;
    }
  }
}

static void
ein_corrupt(const char *what, const char *name)
{
  mbt_fail(E_CORRUPT, "corrupt ELF file: %s %s", what, name);
}

/* The loadable segment holding all of s, or NULL; two make it corrupt. */
static GElf_Phdr *
ein_seg_of(Input *in, const Sect *s)
{
  GElf_Phdr *seg = NULL;
  size_t i;

  for (i = 0; i < in->nph; i++) {
    GElf_Phdr *ph = &in->ph[i];
    if (ph->p_type != PT_LOAD || s->sh.sh_addr < ph->p_vaddr ||
        s->sh.sh_addr + s->sh.sh_size > ph->p_vaddr + ph->p_memsz)
      continue;
    if (seg)
      ein_corrupt("two loadable segments hold section", s->name);
    seg = ph;
  }
  return seg;
}

/* Section headers against program headers: the output is rebuilt from
 * the sections, the kernel and qemu load the segments, so they must tell
 * the same story.  Every allocated section of nonzero size lies in
 * exactly one PT_LOAD that grants the section's permissions (writable,
 * executable; ld merges, so a segment may grant more); file-backed sections lie in the segment's
 * file part at the matching offset, NOBITS ones after it (the .bss at
 * the end of its segment).  Segments lie inside the file. */
static void
ein_segments(Input *in, uint64_t fsize)
{
  size_t i;

  for (i = 0; i < in->nph; i++) {
    GElf_Phdr *ph = &in->ph[i];
    if (ph->p_type == PT_LOAD && (ph->p_filesz > ph->p_memsz ||
        ph->p_offset + ph->p_filesz > fsize || ph->p_offset + ph->p_filesz < ph->p_offset ||
        ph->p_vaddr + ph->p_memsz < ph->p_vaddr))
      mbt_fail(E_CORRUPT, "corrupt ELF file: loadable segment %zu out of bounds", i);
  }
  for (i = 1; i < in->nsec; i++) {
    Sect *s = &in->sec[i];
    GElf_Phdr *ph;
    uint64_t at;
    if (!(s->sh.sh_flags & SHF_ALLOC) || !s->sh.sh_size)
      continue;
    if (!(ph = ein_seg_of(in, s)))
      ein_corrupt("no loadable segment holds section", s->name);
    if (((s->sh.sh_flags & SHF_WRITE) && !(ph->p_flags & PF_W)) ||
        ((s->sh.sh_flags & SHF_EXECINSTR) && !(ph->p_flags & PF_X)))
      ein_corrupt("permissions differ from its segment's: section", s->name);
    at = s->sh.sh_addr - ph->p_vaddr;
    if (s->sh.sh_type == SHT_NOBITS ? at < ph->p_filesz :
        at + s->sh.sh_size > ph->p_filesz || s->sh.sh_offset - ph->p_offset != at)
      ein_corrupt("file range differs from its segment's: section", s->name);
  }
}

/* Tables must hold whole entries (a shrunken .rela.data would silently
 * lose relocations otherwise, at least when cut mid-entry). */
static void
ein_tables(Input *in)
{
  size_t i;

  for (i = 1; i < in->nsec; i++) {
    Sect *s = &in->sec[i];
    uint64_t es = s->sh.sh_type == SHT_RELA ? sizeof(Elf64_Rela) :
                  s->sh.sh_type == SHT_SYMTAB ? sizeof(Elf64_Sym) : 0;
    if (es && (s->sh.sh_entsize != es || s->sh.sh_size % es))
      ein_corrupt("partial table entries in section", s->name);
  }
}

static void
ein_symbols(Input *in)
{
  size_t i;

  if (!in->symsec || !in->symsec->data)
    mbt_fail(E_CORRUPT, "no symbol table (cannot find code)");
  in->strsec = &in->sec[in->symsec->sh.sh_link];
  if (in->strsec->sh.sh_type != SHT_STRTAB || !in->strsec->data ||
      in->strsec->data[in->strsec->sh.sh_size - 1] != 0)
    mbt_fail(E_CORRUPT, "corrupt ELF file: symbol names not in a string table");
  in->nsym = in->symsec->sh.sh_size / sizeof(Elf64_Sym);
  in->sym = mbt_alloc((in->nsym + 1) * sizeof(GElf_Sym));
  for (i = 0; i < in->nsym; i++) {
    GElf_Sym *y = &in->sym[i];
    if (!gelf_getsym(in->symsec->ed, i, y))
      ein_bad("symbol");
    if (y->st_name >= in->strsec->sh.sh_size ||
        (y->st_shndx >= in->nsec && y->st_shndx < SHN_LORESERVE))
      mbt_fail(E_CORRUPT, "corrupt ELF file: symbol %zu out of bounds", i);
  }
}

static int
ein_cmprel(const void *a, const void *b)
{
  const Reloc *x = a, *y = b;
  return x->off < y->off ? -1 : x->off > y->off;
}

/* R_RISCV_NONE, ALIGN and RELAX are hints for a relaxing linker, not
 * references: their addends are no addresses, and the output is laid out
 * without relaxation anyway.  They are dropped here. */
static int
ein_hint(uint32_t type)
{
  return type == 0 || type == 43 || type == 51;
}

/* Relocations of allocated sections; r_offset is an address here. */
static void
ein_relocs(Input *in)
{
  size_t i, j, n, cap = 0, incode = 0;

  for (i = 1; i < in->nsec; i++) {
    Sect *rs = &in->sec[i], *t;
    if (rs->sh.sh_type == SHT_REL && rs->sh.sh_info < in->nsec &&
        (in->sec[rs->sh.sh_info].sh.sh_flags & SHF_ALLOC))
      mbt_fail(E_RELOC, "unsupported relocation section %s (REL, not RELA)", rs->name);
    if (rs->sh.sh_type != SHT_RELA)
      continue;
    if (rs->sh.sh_info == 0 || rs->sh.sh_info >= in->nsec || &in->sec[rs->sh.sh_link] != in->symsec)
      mbt_fail(E_CORRUPT, "corrupt ELF file: relocation section %s links", rs->name);
    t = &in->sec[rs->sh.sh_info];
    if (!(t->sh.sh_flags & SHF_ALLOC) || !rs->data)
      continue;                   /* debug information: ignored */
    n = rs->sh.sh_size / sizeof(Elf64_Rela);
    incode += t->code ? n : 0;
    for (j = 0; j < n; j++) {
      GElf_Rela r;
      Reloc *x;
      size_t sy;
      if (!gelf_getrela(rs->ed, j, &r))
        ein_bad("relocation");
      sy = GELF_R_SYM(r.r_info);
      if (sy >= in->nsym || r.r_offset < t->sh.sh_addr ||
          r.r_offset >= t->sh.sh_addr + t->sh.sh_size)
        mbt_fail(E_CORRUPT, "corrupt ELF file: relocation %zu of %s out of bounds", j, rs->name);
      if (ein_hint(GELF_R_TYPE(r.r_info)))
        continue;
      if (in->nrel == cap)
        in->rel = mbt_grow(in->rel, (cap = cap ? 2 * cap : 256) * sizeof(Reloc));
      x = &in->rel[in->nrel++];
      x->off = r.r_offset;
      x->type = GELF_R_TYPE(r.r_info);
      x->target = in->sym[sy].st_value + r.r_addend;
      x->sym = sy;
      x->sec = t;
      x->tsec = ein_sym_sect(in, &in->sym[sy]);
    }
  }
  if (!incode)
    mbt_fail(E_NORELOC, "no relocations in the code: link with --emit-relocs");
  if (in->nrel)
    qsort(in->rel, in->nrel, sizeof(Reloc), ein_cmprel);
}

void
ein_open(Input *in, const char *path)
{
  size_t i, fsize;

  memset(in, 0, sizeof *in);
  in->fd = -1;
  elf_version(EV_CURRENT);
  if ((in->fd = open(path, O_RDONLY)) < 0)
    mbt_fail(E_IO, "cannot open: %s", strerror(errno));
  in->elf = elf_begin(in->fd, ELF_C_READ, NULL);
  if (!in->elf || elf_kind(in->elf) != ELF_K_ELF || !elf_rawfile(in->elf, &fsize))
    mbt_fail(E_NOTELF, "not an ELF file");
  if (gelf_getclass(in->elf) != ELFCLASS64)
    mbt_fail(E_NOTRV64, "not RISC-V 64: ELF class is not 64-bit");
  if (!gelf_getehdr(in->elf, &in->eh))
    ein_bad("ELF header");
  if (in->eh.e_machine != EM_RISCV || in->eh.e_ident[EI_DATA] != ELFDATA2LSB)
    mbt_fail(E_NOTRV64, "not RISC-V 64: machine %u", in->eh.e_machine);
  if (in->eh.e_type != ET_EXEC)
    mbt_fail(E_NOTEXEC, "not an executable (ELF type %u)", in->eh.e_type);
  if (elf_getphdrnum(in->elf, &in->nph) || in->nph == 0)
    ein_bad("no program headers");
  in->ph = mbt_alloc(in->nph * sizeof(GElf_Phdr));
  for (i = 0; i < in->nph; i++)
    if (!gelf_getphdr(in->elf, i, &in->ph[i]))
      ein_bad("program header");
  ein_sections(in);
  ein_segments(in, fsize);
  ein_tables(in);
  ein_symbols(in);
  ein_relocs(in);
}

void
ein_close(Input *in)
{
  if (in->elf)
    elf_end(in->elf);
  if (in->fd >= 0)
    close(in->fd);
  in->elf = NULL;
  in->fd = -1;
}

Sect *
ein_sect_at(Input *in, uint64_t addr)
{
  size_t i;

  for (i = 1; i < in->nsec; i++) {
    Sect *s = &in->sec[i];
    if ((s->sh.sh_flags & SHF_ALLOC) && addr >= s->sh.sh_addr &&
        addr < s->sh.sh_addr + s->sh.sh_size)
      return s;
  }
  return NULL;
}

/* The allocated section a symbol belongs to; NULL for absolute, common
 * and undefined symbols and those of non-allocated sections. */
Sect *
ein_sym_sect(Input *in, const GElf_Sym *y)
{
  Sect *s;

  if (y->st_shndx == SHN_UNDEF || y->st_shndx >= in->nsec)
    return NULL;
  s = &in->sec[y->st_shndx];
  return (s->sh.sh_flags & SHF_ALLOC) ? s : NULL;
}
