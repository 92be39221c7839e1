/* mirrorbt command line: read, rewrite, lay out, emit; --stats, --map,
 * --check on the way.  Exit status: 0 done, 1 usage, 2 I/O, 10.. the
 * input was refused (one line on stderr says why; docs/mirrorbt.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "mbt.h"
#include "kernel/memlayout.h"

#define MBT_MAXKEEP 8

static const char mbt_usage[] =
  "usage: mirrorbt [--offset N] [--copies N] [--keep SECTION]... [--twin-atomics]\n"
  "                [--keep-stack] [--no-borrow] [--stats] [--check] [--map FILE]\n"
  "                -o OUT IN\n"
  "Translate a RISC-V ELF64 executable so that every memory write is also\n"
  "made at address + N (default: the kernel's MIRROR_OFFSET, 2^37 + 341 pages).\n"
  "  --offset N   mirror offset (0: the program runs as before, unmirrored)\n"
  "  --copies N   lay small loops with a stepped store base out in up to N\n"
  "               copies (1, 2, 4 or 8; default 8; 1: code size first)\n"
  "  --keep SECTION  leave that code section's writes unmirrored (code that\n"
  "               sets gp itself or runs where the mirror is not mapped: a\n"
  "               kernel's trap entry); it is still moved and fixed up\n"
  "  --twin-atomics  twin an AMO by the same operation on the mirror word,\n"
  "               sc by nothing (a kernel's atomic words, which several\n"
  "               harts share: a copy after the operation would race with\n"
  "               the other harts' operations, the same operation does not\n"
  "               where they commute)\n"
  "  --keep-stack  give stores through sp no twin (a kernel whose stacks have\n"
  "               a protection of their own)\n"
  "  --no-borrow  borrow no dead register for a copied loop: every twin goes\n"
  "               through tp (a kernel that finds a stopped hart's window by\n"
  "               decoding)\n"
  "  --stats      print instructions, writes by kind, additions, growth\n"
  "  --check      re-decode the output and prove each write has its twin\n"
  "               and each branch reaches its translated target\n"
  "  --map FILE   write the original -> translated address map\n"
  "  -o OUT       the translated executable\n"
  "  --help, --version\n";

static void
mbt_stats(Prog *p)
{
  size_t i, data = 0, writes = 0;
  int k;

  for (i = 0; i < p->nit; i++)
    data += p->it[i].kind == IK_DATA;
  p->st.added = p->nit - data - p->st.insns + p->st.widened;
  printf("instructions: %lu\n", (unsigned long)p->st.insns);
  printf("writes:");
  for (k = 0; k < NKIND && p->st.kname[k]; k++) {
    printf(" %s %lu", p->st.kname[k], (unsigned long)p->st.kcount[k]);
    writes += p->st.kcount[k];
  }
  printf("\ninstructions added: %lu (add tp reused: %lu saved)\n",
         (unsigned long)p->st.added, (unsigned long)p->st.reused);
  printf("added per write: %.2f\n", writes ? (double)p->st.added / writes : 0.0);
  printf("loops copied: %lu (entered inside: %lu, registers borrowed: %lu)\n",
         (unsigned long)p->nloop, (unsigned long)p->st.inside, (unsigned long)p->st.borrowed);
  printf("branches widened: %lu\n", (unsigned long)p->st.widened);
  printf("code: %lu -> %lu bytes (+%.1f%%)\n", (unsigned long)p->st.oldcode,
         (unsigned long)p->st.newcode,
         p->st.oldcode ? 100.0 * (p->st.newcode - p->st.oldcode) / p->st.oldcode : 0.0);
}

static void
mbt_map(Prog *p, const char *path)
{
  FILE *f = fopen(path, "w");
  size_t i;

  if (!f)
    mbt_fail(E_IO, "cannot write %s: %s", path, strerror(errno));
  fprintf(f, "# original translated\n");
  for (i = 0; i < p->nit; i++)
    if (p->it[i].lead)
      fprintf(f, "%lx %lx\n", (unsigned long)p->it[i].orig, (unsigned long)p->it[i].addr);
  if (fclose(f))
    mbt_fail(E_IO, "cannot write %s: %s", path, strerror(errno));
}

static int64_t
mbt_number(const char *s)
{
  char *end;
  long long v;

  errno = 0;
  v = strtoll(s, &end, 0);
  if (errno || *end || !*s)
    mbt_fail(E_USAGE, "bad number: %s", s);
  return v;
}

typedef struct {
  const char *out, *in, *map;
  int stats, check, copies;
  int64_t offset;
  const char *dfield;         /* --debug-pair N FIELD VALUE */
  int64_t dn, dvalue;
  uint32_t dborrow;           /* --debug-borrow MASK */
  int ddead, dlive;           /* --debug-dead, --debug-live */
  int drawpc;                 /* --debug-raw-auipc */
  const char *keep[MBT_MAXKEEP];   /* --keep SECTION */
  int nkeep;
  int twinamo;                /* --twin-atomics */
  int keepsp;                 /* --keep-stack */
  int noborrow;               /* --no-borrow */
} Opts;

/* --debug-pair N FIELD VALUE, a test hook left out of the usage: entry N
 * of the pair table gets VALUE in FIELD (first, span, kind, copy, regs)
 * before --check proves the table, so the tests can see it refuse a
 * wrong entry. */
static void
mbt_debug_pair(const Opts *o, Prog *p)
{
  struct mirror_pair e;
  uint8_t *b;

  if (o->dn < 0 || (uint64_t)o->dn >= p->npair)
    mbt_fail(E_USAGE, "--debug-pair: no entry %ld (%lu entries)", (long)o->dn,
             (unsigned long)p->npair);
  pt_get(b = p->tab + o->dn * PT_ENTRY, &e);
  if (!strcmp(o->dfield, "first"))
    e.first = (uint64_t)o->dvalue;
  else if (!strcmp(o->dfield, "span"))
    e.span = (unsigned int)o->dvalue;
  else if (!strcmp(o->dfield, "kind"))
    e.kind = (unsigned char)o->dvalue;
  else if (!strcmp(o->dfield, "copy"))
    e.copy = (unsigned char)o->dvalue;
  else if (!strcmp(o->dfield, "regs"))
    e.regs = (unsigned short)o->dvalue;
  else
    mbt_fail(E_USAGE, "--debug-pair: no field %s", o->dfield);
  pt_put(b, &e);
}

/* Everything that can be refused; returns 0 or unwinds via mbt_jmp.
 * The liveness test hooks, left out of the usage: --debug-live prints
 * the live set before every instruction of the input and writes
 * nothing; --debug-borrow MASK lets the rewrite borrow only the
 * registers in MASK; --debug-dead makes it take every register as dead
 * (a wrong liveness result, which --check must refuse); --debug-raw-auipc
 * copies auipc pairs without relocation as raw bits (mirrorbt 2.0's
 * translation, which --check must refuse). */
/* Mark the --keep sections; each must be a code section of the input. */
static void
mbt_keep(const Opts *o, Input *in)
{
  size_t j;
  int i;

  for (i = 0; i < o->nkeep; i++) {
    for (j = 1; j < in->nsec && strcmp(in->sec[j].name, o->keep[i]); j++)
      ;
    if (j == in->nsec || !in->sec[j].code)
      mbt_fail(E_USAGE, "--keep %s: no code section of that name", o->keep[i]);
    in->sec[j].keep = 1;
  }
}

static void
mbt_translate(const Opts *o, Input *in)
{
  Prog p = { .in = in, .offset = o->offset, .maxcopy = o->copies, .borrow = o->dborrow,
             .liar = o->ddead, .rawpc = o->drawpc, .twinamo = o->twinamo,
             .keepsp = o->keepsp, .noborrow = o->noborrow };
  int n;

  ein_open(in, o->in);
  mbt_keep(o, in);
  if (o->dlive) {
    rw_live(&p);
    return;
  }
  rw_program(&p);
  lay_program(&p);
  if (o->dfield)
    mbt_debug_pair(o, &p);
  if (o->check && (n = chk_program(&p)) > 0)
    mbt_fail(E_CHECK, "--check found %d problems; no output written", n);
  emit_program(&p, o->out);
  if (o->map)
    mbt_map(&p, o->map);
  if (o->stats)
    mbt_stats(&p);
}

int
main(int argc, char **argv)
{
  Opts o = { .offset = MIRROR_OFFSET, .copies = RW_MAXCOPY };
  Input in = { .fd = -1 };
  jmp_buf jb;
  int i, code;

  for (i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help")) {
      fputs(mbt_usage, stdout);
      return 0;
    } else if (!strcmp(a, "--version")) {
      puts(MBT_VERSION);
      return 0;
    } else if (!strcmp(a, "--stats")) {
      o.stats = 1;
    } else if (!strcmp(a, "--check")) {
      o.check = 1;
    } else if (!strcmp(a, "--offset") && i + 1 < argc) {
      o.offset = mbt_number(argv[++i]);
    } else if (!strcmp(a, "--copies") && i + 1 < argc) {
      o.copies = (int)mbt_number(argv[++i]);
      if (o.copies != 1 && o.copies != 2 && o.copies != 4 && o.copies != 8) {
        fputs(mbt_usage, stderr);
        return E_USAGE;
      }
    } else if (!strcmp(a, "--keep") && i + 1 < argc && o.nkeep < MBT_MAXKEEP) {
      o.keep[o.nkeep++] = argv[++i];
    } else if (!strcmp(a, "--twin-atomics")) {
      o.twinamo = 1;
    } else if (!strcmp(a, "--keep-stack")) {
      o.keepsp = 1;
    } else if (!strcmp(a, "--no-borrow")) {
      o.noborrow = 1;
    } else if (!strcmp(a, "--debug-pair") && i + 3 < argc) {
      o.dn = mbt_number(argv[++i]);
      o.dfield = argv[++i];
      o.dvalue = mbt_number(argv[++i]);
    } else if (!strcmp(a, "--debug-borrow") && i + 1 < argc) {
      o.dborrow = (uint32_t)mbt_number(argv[++i]) & RW_BORROW;
    } else if (!strcmp(a, "--debug-dead")) {
      o.ddead = 1;
    } else if (!strcmp(a, "--debug-raw-auipc")) {
      o.drawpc = 1;
    } else if (!strcmp(a, "--debug-live")) {
      o.dlive = 1;
    } else if (!strcmp(a, "--map") && i + 1 < argc) {
      o.map = argv[++i];
    } else if (!strcmp(a, "-o") && i + 1 < argc) {
      o.out = argv[++i];
    } else if (a[0] != '-' && !o.in) {
      o.in = a;
    } else {
      fputs(mbt_usage, stderr);
      return E_USAGE;
    }
  }
  if ((!o.out && !o.dlive) || !o.in) {
    fputs(mbt_usage, stderr);
    return E_USAGE;
  }
  mbt_errname = o.in;
  if ((code = setjmp(jb)) == 0) {
    mbt_jmp = &jb;
    mbt_translate(&o, &in);
  }
  mbt_jmp = NULL;
  ein_close(&in);
  mbt_free_all();
  return code;
}
