/* detls: make the thread-local variables of RISC-V relocatable objects
 * ordinary ones, so that code built for thread-local storage runs in a
 * program that must not touch tp (mirrorbt's scratch register).
 *
 *     detls FILE.o ...        rewrites each object in place
 *
 * Debian's picolibc is built with errno and a few other variables
 * thread-local, reached by the local-exec sequence
 *
 *     lui  rX, %tprel_hi(S)         R_RISCV_TPREL_HI20    S
 *     add  rX, rX, tp, %tprel_add(S) R_RISCV_TPREL_ADD    S
 *     lw   rY, %tprel_lo(S)(rX)     R_RISCV_TPREL_LO12_I  S  (or _S: a store)
 *
 * A MemV6 process has one thread, so one copy of each variable is
 * exactly what it needs.  detls turns the sequence into the absolute
 * one (HI20, `add rX, rX, zero`, LO12_I/S), the thread-local sections
 * (.tdata, .tbss) into ordinary ones (user/user.ld places them in .data
 * and .bss) and STT_TLS symbols into STT_OBJECT.  The absolute form needs
 * S below 2 GiB, which every user program is (the link fails otherwise).
 * Any other TLS relocation (general or initial exec, TLS data words) and
 * an `add` that is not `add rX, rY, tp` are refused with a message; the
 * object is then left as it was.  Objects without TLS are not written. */
#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ADD_TP_MASK 0xfff0707fu     /* opcode, funct3, funct7 and rs2 */
#define ADD_TP      0x00400033u     /* add with rs2 = tp (x4) */
#define RS2_FIELD   (0x1fu << 20)

static const char *cur;             /* the object being rewritten */

static int
refuse(const char *why, unsigned long v)
{
  fprintf(stderr, "detls: %s: %s %#lx\n", cur, why, v);
  return -1;
}

enum { NOT_TLS = -1, OTHER_TLS = -2 };

/* The absolute relocation standing for a local-exec one (R_RISCV_NONE
 * for %tprel_add), OTHER_TLS for any other TLS relocation, NOT_TLS. */
static int
absolute_of(unsigned type)
{
  switch (type) {
  case R_RISCV_TPREL_HI20: return R_RISCV_HI20;
  case R_RISCV_TPREL_LO12_I: return R_RISCV_LO12_I;
  case R_RISCV_TPREL_LO12_S: return R_RISCV_LO12_S;
  case R_RISCV_TPREL_ADD: return R_RISCV_NONE;
  case R_RISCV_TLS_DTPMOD32: case R_RISCV_TLS_DTPMOD64:
  case R_RISCV_TLS_DTPREL32: case R_RISCV_TLS_DTPREL64:
  case R_RISCV_TLS_TPREL32: case R_RISCV_TLS_TPREL64:
  case R_RISCV_TLS_GOT_HI20: case R_RISCV_TLS_GD_HI20:
    return OTHER_TLS;
  }
  return NOT_TLS;
}

/* `add rX, rY, tp` at off of code (the %tprel_add) becomes
 * `add rX, rY, zero`. */
static int
patch_add(Elf_Data *code, GElf_Addr off)
{
  unsigned char *p = (unsigned char *)code->d_buf + off;
  uint32_t w;

  if (!code->d_buf || off + 4 > code->d_size)
    return refuse("%tprel_add outside its section at", off);
  memcpy(&w, p, 4);                   /* RISC-V and the hosts: little endian */
  if ((w & ADD_TP_MASK) != ADD_TP)
    return refuse("%tprel_add on an instruction other than add rX, rY, tp at", off);
  w &= ~RS2_FIELD;
  memcpy(p, &w, 4);
  elf_flagdata(code, ELF_C_SET, ELF_F_DIRTY);
  return 0;
}

/* Rewrite the relocations of one SHT_RELA section; *n counts changes. */
static int
fix_relocs(Elf *e, Elf_Scn *scn, GElf_Shdr *sh, int *n)
{
  Elf_Data *d = elf_getdata(scn, 0), *code = 0;
  Elf_Scn *target = elf_getscn(e, sh->sh_info);
  GElf_Rela r;

  for (int i = 0; d && gelf_getrela(d, i, &r); i++) {
    unsigned type = GELF_R_TYPE(r.r_info);
    int abs = absolute_of(type);
    if (abs == NOT_TLS)
      continue;
    if (abs == OTHER_TLS)
      return refuse("a thread-local model other than local exec, relocation type", type);
    if (type == R_RISCV_TPREL_ADD) {
      if (!code && (!target || !(code = elf_getdata(target, 0))))
        return refuse("no code for the relocations of section", sh->sh_info);
      if (patch_add(code, r.r_offset) < 0)
        return -1;
      r.r_info = GELF_R_INFO(0, R_RISCV_NONE);
    } else {
      r.r_info = GELF_R_INFO(GELF_R_SYM(r.r_info), abs);
    }
    gelf_update_rela(d, i, &r);
    elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
    ++*n;
  }
  return 0;
}

/* STT_TLS symbols become STT_OBJECT. */
static void
fix_symbols(Elf_Scn *scn, int *n)
{
  Elf_Data *d = elf_getdata(scn, 0);
  GElf_Sym s;

  for (int i = 0; d && gelf_getsym(d, i, &s); i++)
    if (GELF_ST_TYPE(s.st_info) == STT_TLS) {
      s.st_info = GELF_ST_INFO(GELF_ST_BIND(s.st_info), STT_OBJECT);
      gelf_update_sym(d, i, &s);
      elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
      ++*n;
    }
}

/* Rewrite every section of e; the number of changes, or -1. */
static int
detls(Elf *e)
{
  GElf_Ehdr eh;
  Elf_Scn *scn = 0;
  GElf_Shdr sh;
  int n = 0;

  if (!gelf_getehdr(e, &eh) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_machine != EM_RISCV || eh.e_type != ET_REL)
    return refuse("not a 64-bit RISC-V relocatable object, type", eh.e_type);
  while ((scn = elf_nextscn(e, scn)) && gelf_getshdr(scn, &sh)) {
    if (sh.sh_flags & SHF_TLS) {
      sh.sh_flags &= ~(GElf_Xword)SHF_TLS;
      gelf_update_shdr(scn, &sh);
      ++n;
    }
    if (sh.sh_type == SHT_SYMTAB)
      fix_symbols(scn, &n);
    else if (sh.sh_type == SHT_RELA && fix_relocs(e, scn, &sh, &n) < 0)
      return -1;
  }
  return n;
}

static int
detls_file(const char *path)
{
  int fd = open(path, O_RDWR), n = -1;
  Elf *e;

  cur = path;
  if (fd < 0) {
    perror(path);
    return -1;
  }
  if ((e = elf_begin(fd, ELF_C_RDWR, 0)) == 0)
    refuse(elf_errmsg(-1), 0);
  else if ((n = detls(e)) > 0 && elf_update(e, ELF_C_WRITE) < 0)
    n = refuse(elf_errmsg(-1), 0);
  if (e)
    elf_end(e);
  close(fd);
  return n < 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
  int bad = 0;

  if (argc < 2) {
    fprintf(stderr, "usage: detls FILE.o ...\n");
    return 2;
  }
  elf_version(EV_CURRENT);
  for (int i = 1; i < argc; i++)
    bad |= detls_file(argv[i]) < 0;
  return bad;
}
