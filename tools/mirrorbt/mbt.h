/* mirrorbt: static binary translator that mirrors every memory write.
 * Pipeline: read (ein_) -> decode (dec_) -> rewrite (rw_) -> lay out
 * (lay_) -> emit (emit_); chk_ re-decodes the result.  docs/mirrorbt.md. */
#ifndef MBT_H
#define MBT_H

#include <stdint.h>
#include <stddef.h>
#include <setjmp.h>
#include <gelf.h>
#include "kernel/mirror.h"

#define MBT_VERSION "mirrorbt 2.0"   /* pair table format MIRROR_NOTE_VERSION */

/* ---- errors (err.c): every refusal has a class, a message, an exit code */
enum {
  E_USAGE = 1, E_IO, E_NOTELF = 10, E_NOTRV64, E_NOTEXEC, E_MARKED,
  E_NORELOC, E_GPTP, E_UNKNOWN, E_RELOC, E_CORRUPT, E_RANGE, E_CHECK, E_LRSC, E_PCREL
};
void mbt_fail(int code, const char *fmt, ...)
  __attribute__((noreturn, format(printf, 2, 3)));
void *mbt_alloc(size_t n);        /* zeroed; freed by mbt_free_all */
void *mbt_grow(void *p, size_t n);
void mbt_free_all(void);
extern const char *mbt_errname;   /* prefix for messages: the input file */
extern jmp_buf *mbt_jmp;          /* where refusals unwind to, if set */
extern int mbt_quiet;             /* refuse without printing (fuzzing) */

/* ---- decoder (decode.c) */
enum { K_OTHER, K_STORE, K_AMO, K_BRANCH, K_JAL, K_JALR, K_SYS, K_AUIPC, K_LUI };
enum { R_NONE = -1, R_FP = 32 };  /* fp registers are numbered 32..63 */

typedef struct {
  const char *name;
  uint32_t match, mask, nz;   /* bits&mask==match and (nz==0 || bits&nz) */
  uint8_t fmt, kind, width;   /* width: bytes written (stores, AMOs) */
  char ops[4];                /* rd rs1 rs2: 'x' int, 'f' fp, '-' none */
} Op;

typedef struct {
  const Op *op;
  uint32_t bits;
  int len;                    /* 2 or 4 */
  int rd, rs1, rs2;           /* R_NONE, 0..31 int, 32..63 fp */
  int64_t imm;                /* stores, branches, jumps, I/U types */
  int fixed;                  /* rewrite: a relocation fixes its immediate */
  int paired;                 /* a jalr of a call pair (auipc+jalr, R_RISCV_CALL):
                                 it goes to pc + to (live_pair) */
  int64_t to;
} Insn;

int dec_insn(const uint8_t *p, size_t avail, Insn *in);  /* 0 if unknown */
int dec_is_gptp(const Insn *in);
int dec_is_itype(const Insn *in);
int dec_is_pcuse(const Insn *in, int r);
const char *dec_extension(uint32_t bits);  /* unknown encodings: what they are */

/* ---- the tp analysis (flow.c): tp = r + gp + k for which r and k, per
 * halfword; k is within the 12-bit immediate range */
enum { FL_TOP = -2, FL_NONE = -1 };
#define FL_ST(r, k) ((int)(r) | (int)((k) + 2048) << 5)   /* k in 12 bits */
#define FL_R(s) ((s) & 31)
#define FL_K(s) ((((s) >> 5) & 0xfff) - 2048)
#define FL_A(s) (((s) >> 17) & 31)          /* alias: a = r + FL_D, 0 none */
#define FL_D(s) ((((s) >> 22) & 0xff) - 128)
int flow_links(const Insn *d);
int flow_copy(const Insn *d, int *src, int64_t *imm);
int flow_addi(const Insn *d, int64_t *imm);
int flow_al(int r, int64_t k, int a, int64_t d);
int flow_k(int s, int reg, int64_t *k);
int flow_join(int s, int v);
struct Reloc;
int flow_seen(const struct Reloc *r, const Insn *d);
int flow_st(int r, int64_t k);
int flow_regs(const Insn *d, int s);
void flow_solve(const Insn *ins, size_t nh, const uint8_t *open, int32_t *st, int x,
                int (*xfer)(const Insn *, int, int));

/* ---- the liveness analysis (live.c): integer registers as bit masks */
#define LIVE_BIT(r) (1u << (r))
#define LIVE_ALL   0xfffffffeu   /* every register but x0 */
#define LIVE_ECALL 0x0003fc00u   /* a0-a7: what ecall reads */
#define LIVE_RET   0x0ffc0f1eu   /* ra sp gp tp s0 s1 a0 a1 s2-s11: a return */
void live_use(const Insn *d, uint32_t *rd, uint32_t *wr);
int live_is_ret(const Insn *d);
uint32_t live_exit(const Insn *d, int *next, int *jump);
void live_pair(const Insn *auipc, Insn *jalr);
int64_t live_to(const Insn *d);
void live_solve(const Insn *ins, size_t nh, uint32_t *live);

/* ---- encoders (encode.c) */
uint32_t enc_r(uint32_t op, int rd, int rs1, int rs2);
uint32_t enc_i(uint32_t op, int rd, int rs1, int64_t imm);
uint32_t enc_s(uint32_t op, int rs1, int rs2, int64_t imm);
uint32_t enc_b(uint32_t op, int rs1, int rs2, int64_t imm);
uint32_t enc_u(uint32_t op, int rd, int64_t imm);
uint32_t enc_j(uint32_t op, int rd, int64_t imm);
int enc_li(int rd, int64_t v, uint32_t *w);   /* at most 8 words */
int64_t enc_hi20(int64_t v);                   /* lui/auipc part of v */
#define ENC_SIMM_MASK 0xfe000f80u
enum { SP = 2, GP = 3, TP = 4 };  /* the stack; the mirror offset; the mirror address */
#define ENC_ADD_TP(rs1) enc_r(0x00000033, TP, rs1, GP)   /* add tp, rs1, gp */
#define ENC_SUB_GP      enc_r(0x40000033, GP, TP, GP)    /* sub gp, tp, gp */
#define ENC_BEQZ_GP_8   enc_b(0x63, GP, 0, 8)            /* beq gp, zero, .+8 */
/* The AMO `bits` with rd zero and rs1 tp: its twin (--twin-atomics). */
#define ENC_AMO_TWIN(bits) (((bits) & ~(0x1fu << 7 | 0x1fu << 15)) | (uint32_t)TP << 15)
#define ENC_IIMM_MASK 0xfff00000u

/* ---- input (elfin.c) */
typedef struct {
  size_t idx;                 /* section index in the input */
  GElf_Shdr sh;
  const char *name;
  uint8_t *data;              /* NULL for NOBITS */
  Elf_Data *ed;               /* libelf's view of data */
  int code;                   /* executable: decoded and rewritten */
  int keep;                   /* code left as it is (--keep): its writes are
                                 not mirrored, it may use gp and tp, and its
                                 branches within it stay as they are, so its
                                 size and alignment stay too */
  uint64_t naddr, nsize;      /* address and size in the output */
  uint8_t *ndata;             /* contents in the output */
  int *item;                  /* code: lead item per halfword, or -1 */
  int32_t *pchi;              /* code: per halfword, an auipc without relocation
                                 and each of its uses: the auipc's halfword,
                                 else -1 (pcrel.c; NULL: none) */
  uint64_t *pcto;             /* the address such a use computes (an auipc:
                                 its first use's) */
  size_t it0, it1;            /* code: its items are it[it0..it1) */
} Sect;

typedef struct Reloc {
  uint64_t off;               /* address of the place */
  uint32_t type;
  uint64_t target;            /* S + A */
  size_t sym;                 /* S: index in .symtab */
  Sect *sec;                  /* section the place is in */
  Sect *tsec;                 /* S's section: S + A moves with it (NULL:
                                 absolute or undefined, does not move) */
} Reloc;

typedef struct {
  Elf *elf;
  int fd;
  GElf_Ehdr eh;
  Sect *sec; size_t nsec;
  size_t shstr;               /* index of the section names */
  GElf_Sym *sym; size_t nsym; /* .symtab */
  Sect *symsec, *strsec;
  Reloc *rel; size_t nrel;    /* relocations of allocated sections */
  GElf_Phdr *ph; size_t nph;
} Input;

void ein_open(Input *in, const char *path);
void ein_close(Input *in);
Sect *ein_sect_at(Input *in, uint64_t addr);   /* alloc section holding addr */
Sect *ein_sym_sect(Input *in, const GElf_Sym *y); /* alloc section or NULL */
void ein_badrel(uint32_t type, uint64_t addr, const char *how)   /* refuse, naming it */
  __attribute__((noreturn));

/* ---- auipc pairs without relocation, found by decoding (pcrel.c) */
void pc_find(Input *in, Sect *s, Insn *ins, uint8_t *open);

/* ---- rewriting (rewrite.c) */
enum { IK_RAW, IK_DATA, IK_BRANCH, IK_JAL, IK_PCHI, IK_PCLO_I, IK_PCLO_S,
       IK_HI, IK_LO_I, IK_LO_S, IK_MIRROR };

typedef struct {
  uint64_t orig;              /* original address this item stems from */
  uint64_t target;            /* original target (branches, relocations) */
  const Reloc *rel;           /* PCHI, HI, LO: the relocation fixing it */
  Sect *tsec;                 /* PCHI, PCLO of a pair found by decoding (no
                                 relocation): target moves with this section */
  uint64_t hiat;              /* such a PCLO: the address of its auipc */
  uint64_t addr;              /* address in the output */
  uint32_t bits, bits2;       /* bits2: the jal of a widened branch */
  uint8_t len, kind, lead;    /* lead: first item for `orig` */
  int ref;                    /* PCLO: its PCHI item; MIRROR: its native */
} Item;

/* A write's window: from its native write (item nat) the native and
 * mirror copies may differ, and for AMOs and sc gp is borrowed, up to
 * and including item end; the mirror write is item mirror.  kind and
 * regs are the pair table's (kernel/mirror.h). */
typedef struct {
  int nat, mirror, end;
  uint8_t kind;               /* MIRROR_PAIR_* */
  uint16_t regs;              /* rd | rs1 << 5 | rs2 << 10 */
} Pair;

/* A loop the rewrite copied (rw_loops): the original instructions
 * [h, b] of section s, b its back branch to h, none entered but at h.
 * Its stores use nb base registers base[i], whose mirror addresses the
 * copies keep in scr[i]: tp for the first, a register borrowed for each
 * other one (dead at e, not named in the loop: live.c).  The output:
 * item pre (`add tp, base[0], gp`, where e maps to) and `add scr[i],
 * base[i], gp` for the others (then, when e is not h, a jump to e in
 * the first copy), then n copies of the body, the last one stepping the
 * scratch registers back and branching to the first. */
#define RW_MAXBASE 4
typedef struct {
  Sect *s;
  uint64_t h, b, e;           /* e: where it is entered (h, or one place in
                                 (h, b] when nothing enters at h) */
  int pre, n, nb;
  int8_t base[RW_MAXBASE], scr[RW_MAXBASE];
} Loop;
#define RW_MAXCOPY 8
/* Registers a rewrite may borrow: all but x0, sp, gp and tp. */
#define RW_BORROW 0xffffffe2u

/* The scratch registers before an instruction: x[i] holds st[i]
 * (FL_ST(r, k): r + gp + k, or FL_NONE); x[0] is tp. */
typedef struct {
  int n;
  int8_t x[RW_MAXBASE];
  int32_t st[RW_MAXBASE];
} Scr;

#define NKIND 40
typedef struct {
  uint64_t insns, added, reused, widened, borrowed, inside;
  uint64_t oldcode, newcode;
  const char *kname[NKIND];   /* writes to memory, by mnemonic */
  uint64_t kcount[NKIND];
} Stats;

typedef struct {
  Input *in;
  int64_t offset;
  Item *it; size_t nit, capit;
  Pair *pair; size_t npair;   /* one per write, in item order */
  uint8_t *tab;               /* the pair table as written: npair entries
                                 (lay_pairs), sorted by first */
  Loop *loop; size_t nloop;   /* loops copied, by address */
  int copying;                /* rewrite: emitting a second copy */
  int maxcopy;                /* at most this many copies (0: RW_MAXCOPY) */
  uint32_t borrow;            /* registers the rewrite may borrow (--debug-borrow) */
  int liar;                   /* --debug-dead: take every register as dead (a wrong
                                 liveness result, which --check must refuse) */
  int rawpc;                  /* --debug-raw-auipc: copy auipc pairs without
                                 relocation as raw bits (the old, wrong
                                 translation, which --check must refuse) */
  int twinamo;                /* --twin-atomics: an AMO's twin is the same
                                 operation on the mirror word; sc gets none */
  int keepsp;                 /* --keep-stack: stores through sp get no twin */
  int noborrow;               /* --no-borrow: no register borrowed (every twin
                                 goes through tp) */
  uint64_t callat;            /* address of the jalr of a call, or ~0 */
  Stats st;
} Prog;

void rw_program(Prog *p);
int rw_untwinned(const Prog *p, const Insn *d);   /* --twin-atomics' sc, --keep-stack */
int rw_twinned_amo(const Prog *p, const Insn *d); /* --twin-atomics */
void rw_live(Prog *p);            /* --debug-live */

/* ---- layout (layout.c) */
void lay_program(Prog *p);
uint64_t lay_map(Prog *p, uint64_t addr);
uint64_t lay_moved(Prog *p, Sect *s, uint64_t addr);  /* addr, moving with s */
uint64_t lay_target(Prog *p, const Reloc *r);         /* S + A in the output */
uint64_t lay_sym(Prog *p, const GElf_Sym *y);         /* output symbol value */
/* A pair table entry in the file: struct mirror_pair, little-endian. */
#define PT_ENTRY 16
_Static_assert(sizeof(struct mirror_pair) == PT_ENTRY && sizeof(struct mirror_note) == 32,
               "kernel/mirror.h read on an LP64 host");
void pt_put(uint8_t *b, const struct mirror_pair *e);
void pt_get(const uint8_t *b, struct mirror_pair *e);

/* ---- output (emit.c) and proof (check.c) */
void emit_program(Prog *p, const char *path);
int chk_program(Prog *p);

#endif
