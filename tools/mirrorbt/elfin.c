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
 * lose relocations otherwise, at least when cut mid-entry; one cut by
 * whole entries leaves a gap in the file, ein_filemap). */
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

#ifndef SHT_RISCV_ATTRIBUTES
#define SHT_RISCV_ATTRIBUTES 0x70000003
#endif

/* Section types against what a static RISC-V executable holds: every
 * type known (an unknown one could be a relocation section retyped, its
 * relocations silently lost), the allocated ones loadable contents
 * (a .data retyped SHT_NULL would be dropped), an SHT_NULL header
 * inactive (all zero), a non-allocated one at address 0 (symbols of a
 * section that lost SHF_ALLOC would not move), and relocation sections named for the section
 * they apply to (.rela.X for X) and only they (a .rela.X retyped is not
 * silently ignored). */
static void
ein_types(Input *in)
{
  static const uint32_t known[] = { SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_RELA, SHT_NOTE,
    SHT_NOBITS, SHT_REL, SHT_INIT_ARRAY, SHT_FINI_ARRAY, SHT_PREINIT_ARRAY, SHT_RISCV_ATTRIBUTES };
  static const GElf_Shdr zero;
  size_t i, k;

  for (i = 1; i < in->nsec; i++) {
    Sect *s = &in->sec[i];
    uint32_t t = s->sh.sh_type;
    int rel = t == SHT_RELA || t == SHT_REL;
    const char *pre = t == SHT_RELA ? ".rela" : ".rel";
    for (k = 0; k < sizeof known / sizeof known[0] && known[k] != t; k++)
      ;
    if (t == SHT_NULL ? memcmp(&s->sh, &zero, sizeof zero) != 0 : k == sizeof known / sizeof known[0])
      mbt_fail(E_CORRUPT, "corrupt ELF file: section %s has %s type 0x%x", s->name,
               t == SHT_NULL ? "the inactive (NULL)" : "an unknown", t);
    if (s->sh.sh_flags & SHF_TLS)
      mbt_fail(E_CORRUPT, "unsupported layout: thread-local storage (section %s), which "
               "MemV6 programs do not have (tp is the translator's)", s->name);
    if (!(s->sh.sh_flags & SHF_ALLOC) && s->sh.sh_addr)
      ein_corrupt("a non-allocated section has an address (allocated once?):", s->name);
    if ((s->sh.sh_flags & SHF_ALLOC) && (rel || t == SHT_SYMTAB || t == SHT_STRTAB ||
                                        t == SHT_RISCV_ATTRIBUTES))
      ein_corrupt("a table is allocated: section", s->name);
    if (rel && (s->sh.sh_info == 0 || s->sh.sh_info >= in->nsec ||
                strncmp(s->name, pre, strlen(pre)) ||
                strcmp(s->name + strlen(pre), in->sec[s->sh.sh_info].name)))
      ein_corrupt("relocation section not named for the section it applies to:", s->name);
    if (!rel && !strncmp(s->name, ".rel", 4) && strcmp(s->name, ".relro_padding"))
      ein_corrupt("a relocation section's name on a section of another type:", s->name);
  }
}

/* The symbol table's locals come first: sh_info is the first global. */
static void
ein_locals(Input *in)
{
  size_t i, first = in->symsec->sh.sh_info;

  if (first > in->nsym)
    mbt_fail(E_CORRUPT, "corrupt ELF file: symbol table's first global %zu of %zu", first,
             in->nsym);
  for (i = 1; i < in->nsym; i++)
    if ((GELF_ST_BIND(in->sym[i].st_info) == STB_LOCAL) != (i < first))
      mbt_fail(E_CORRUPT, "corrupt ELF file: symbol %zu is %s, but the symbol table's "
               "sh_info (%zu) counts it among the %s", i, i < first ? "global" : "local", first,
               i < first ? "locals" : "globals");
}

/* A piece of the file: [off, off + size), aligned to al. */
typedef struct { uint64_t off, size, al; const char *name; int alloc; } Piece;

/* By offset; at one offset the empty pieces first. */
static int
ein_cmppiece(const void *a, const void *b)
{
  const Piece *x = a, *y = b;
  return x->off != y->off ? (x->off < y->off ? -1 : 1) : (x->size > 0) - (y->size > 0);
}

/* The file's pieces (ELF header, program headers, sections with
 * contents, section headers) do not overlap, and no bytes lie between
 * two of them but alignment padding before a non-allocated section or
 * the section headers: linkers and objcopy write them back to back, so
 * a gap means a table was cut short (a relocation section shortened by
 * whole entries).  Before allocated sections and segments (the empty
 * pieces where each segment and each empty or NOBITS section begins)
 * the gaps are the segments' page alignment (ein_loadbytes checks
 * their bytes). */
static void
ein_filemap(Input *in)
{
  Piece *pc = mbt_alloc((in->nsec + in->nph + 3) * sizeof(Piece));
  size_t i, n = 0;
  uint64_t end;

  pc[n++] = (Piece){ 0, sizeof(Elf64_Ehdr), 1, "the ELF header", 1 };
  pc[n++] = (Piece){ in->eh.e_phoff, in->nph * sizeof(Elf64_Phdr), 1, "the program headers", 1 };
  pc[n++] = (Piece){ in->eh.e_shoff, in->nsec * sizeof(Elf64_Shdr), 8, "the section headers", 0 };
  for (i = 0; i < in->nph; i++)
    if (in->ph[i].p_type == PT_LOAD)
      pc[n++] = (Piece){ in->ph[i].p_offset, 0, 1, "a loadable segment", 1 };
  for (i = 1; i < in->nsec; i++) {
    Sect *s = &in->sec[i];
    pc[n++] = (Piece){ s->sh.sh_offset, s->sh.sh_type == SHT_NOBITS ? 0 : s->sh.sh_size,
                       s->sh.sh_addralign ? s->sh.sh_addralign : 1, s->name,
                       (s->sh.sh_flags & SHF_ALLOC) != 0 };
  }
  qsort(pc, n, sizeof(Piece), ein_cmppiece);
  for (i = 1, end = pc[0].size; i < n; i++) {
    if (pc[i].size && pc[i].off < end)
      mbt_fail(E_CORRUPT, "corrupt ELF file: %s overlaps what comes before it in the file",
               pc[i].name);
    if (pc[i].size && !pc[i].alloc && pc[i].off - end >= pc[i].al)
      mbt_fail(E_CORRUPT, "corrupt ELF file: %lu bytes before %s belong to no section "
               "(a section cut short?)", (unsigned long)(pc[i].off - end), pc[i].name);
    if (pc[i].off + pc[i].size > end)
      end = pc[i].off + pc[i].size;
  }
}

/* What the loader loads, the output keeps (it is rebuilt from the
 * sections, each segment from its own): a PT_LOAD's file image holds no
 * non-allocated section, and every byte of it outside its sections is
 * zero; its memory image begins where its first section begins and
 * ends where its last one ends (empty sections count: they mark a
 * segment's bounds). */
static void
ein_loadbytes(Input *in, const uint8_t *file)
{
  size_t i, k;
  uint64_t a, mstart, mend;

  for (i = 0; i < in->nph; i++) {
    GElf_Phdr *ph = &in->ph[i];
    uint8_t *cover;
    if (ph->p_type != PT_LOAD)
      continue;
    cover = mbt_alloc(ph->p_filesz + 1);
    mstart = ph->p_vaddr + ph->p_memsz;
    for (k = 1, mend = ph->p_vaddr; k < in->nsec; k++) {
      Sect *s = &in->sec[k];
      if (!(s->sh.sh_flags & SHF_ALLOC) && s->sh.sh_type != SHT_NOBITS && s->sh.sh_size &&
          s->sh.sh_offset < ph->p_offset + ph->p_filesz &&
          s->sh.sh_offset + s->sh.sh_size > ph->p_offset)
        mbt_fail(E_CORRUPT, "corrupt ELF file: non-allocated section %s lies in loadable "
                 "segment %zu", s->name, i);
      if (!(s->sh.sh_flags & SHF_ALLOC) || s->sh.sh_addr < ph->p_vaddr ||
          s->sh.sh_addr + s->sh.sh_size > ph->p_vaddr + ph->p_memsz)
        continue;
      if (s->sh.sh_addr < mstart)
        mstart = s->sh.sh_addr;
      if (s->sh.sh_addr + s->sh.sh_size > mend)
        mend = s->sh.sh_addr + s->sh.sh_size;
      if (s->sh.sh_type != SHT_NOBITS)
        memset(cover + (s->sh.sh_addr - ph->p_vaddr), 1, s->sh.sh_size);
    }
    if (mstart != ph->p_vaddr)
      mbt_fail(E_CORRUPT, "corrupt ELF file: loadable segment %zu begins at 0x%lx, its first "
               "section at 0x%lx", i, (unsigned long)ph->p_vaddr, (unsigned long)mstart);
    for (a = 0; a < ph->p_filesz; a++)
      if (!cover[a] && file[ph->p_offset + a])
        mbt_fail(E_CORRUPT, "corrupt ELF file: byte 0x%lx of loadable segment %zu lies in "
                 "no section", (unsigned long)(ph->p_vaddr + a), i);
    if (mend != ph->p_vaddr + ph->p_memsz)
      mbt_fail(E_CORRUPT, "corrupt ELF file: loadable segment %zu ends at 0x%lx, its last "
               "section at 0x%lx", i, (unsigned long)(ph->p_vaddr + ph->p_memsz),
               (unsigned long)mend);
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

/* RISC-V relocation names by type (the psABI's numbering). */
static const char *const ein_relnames[] = {
  "NONE", "32", "64", "RELATIVE", "COPY", "JUMP_SLOT", "TLS_DTPMOD32", "TLS_DTPMOD64",
  "TLS_DTPREL32", "TLS_DTPREL64", "TLS_TPREL32", "TLS_TPREL64", NULL, NULL, NULL, NULL,
  "BRANCH", "JAL", "CALL", "CALL_PLT", "GOT_HI20", "TLS_GOT_HI20", "TLS_GD_HI20",
  "PCREL_HI20", "PCREL_LO12_I", "PCREL_LO12_S", "HI20", "LO12_I", "LO12_S", "TPREL_HI20",
  "TPREL_LO12_I", "TPREL_LO12_S", "TPREL_ADD", "ADD8", "ADD16", "ADD32", "ADD64", "SUB8",
  "SUB16", "SUB32", "SUB64", "GOT32_PCREL", NULL, "ALIGN", "RVC_BRANCH", "RVC_JUMP",
  "RVC_LUI", "GPREL_I", "GPREL_S", "TPREL_I", "TPREL_S", "RELAX", "SUB6", "SET6", "SET8",
  "SET16", "SET32", "32_PCREL", "IRELATIVE", "PLT32", "SET_ULEB128", "SUB_ULEB128",
};

/* A refusal of relocation type t at a: its name, and what the program
 * was built as that made it (and how to build it instead). */
void
ein_badrel(uint32_t t, uint64_t a, const char *how)
{
  const char *n = t < sizeof ein_relnames / sizeof ein_relnames[0] ? ein_relnames[t] : NULL;
  const char *why =
    n && (strstr(n, "TLS") || strstr(n, "TPREL")) ?
      ": thread-local storage, which MemV6 programs do not have (tp is the translator's)" :
    n && (strstr(n, "GOT") || strstr(n, "PLT32") || t == 3 || t == 5 || t == 58) ?
      ": position-independent code (-fPIC, -fpie) or a dynamic link; build with "
      "-fno-pic -fno-pie -mcmodel=medany and link with -no-pie (static)" :
    n && (strstr(n, "GPREL") || t == 46) ?
      ": gp-relative, from linker relaxation; link with --no-relax" : "";

  if (n)
    mbt_fail(E_RELOC, "%s relocation R_RISCV_%s (type %u) at 0x%lx%s", how, n, t,
             (unsigned long)a, why);
  mbt_fail(E_RELOC, "%s relocation type %u at 0x%lx", how, t, (unsigned long)a);
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
  ein_types(in);
  ein_segments(in, fsize);
  ein_loadbytes(in, (const uint8_t *)elf_rawfile(in->elf, NULL));
  ein_filemap(in);
  ein_tables(in);
  ein_symbols(in);
  ein_locals(in);
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
