/* What kro.c (the kernel's protected pages) shares with kown.c (its
 * owned pages): the table of pages and the few steps both take; kdata.c
 * (data and bss) writes entries of the kernel's table with kro_sync and
 * under kro_lock too.  For those three files only; the rest of the
 * kernel uses defs.h. */
#ifndef KERNEL_MM_KRO_H
#define KERNEL_MM_KRO_H

#define KRO_MAX    640    /* pages covered: one bit each in pending */
#define KRO_WORDS  (KRO_MAX / 64)
#define KRO_ROOTS  8      /* lost roots remembered (satps that may still name one) */
#define LVL_TEXT   0      /* kro.lvl: the level of the entry that reaches page i ... */
#define LVL_ROOT   3      /* ... or satp */
#define LVL_OWNED  4      /* an owned page: reached by its leaf PTE, like text */
#define LOST_BYTE  0xfe   /* a lost table's bytes: junk, no entry valid (bit 0 clear) */
#define LEAF_BITS  (PTE_R | PTE_W | PTE_X)

struct kro_pages {
  int npages;
  uint64 va[KRO_MAX];     /* an address page i maps (a table) or is (text) */
  int lvl[KRO_MAX];       /* the level of the entry that reaches it (LVL_*, 1, 2) */
  uint64 live[KRO_MAX];   /* the frame it is on now */
  uint64 copy[KRO_MAX];   /* its pristine copy, 0 while it is being remade */
  uint64 dead[KRO_MAX];   /* a user frame page i left when it failed, to free */
  uint64 pending[KRO_WORDS];  /* bit i: page i runs on its copy; make a new one */
  int busy[KRO_MAX];      /* users of owned page i now: its copy is behind */
  char cut[KRO_MAX];      /* page i is lost and not back yet (kro_lose .. switch, remake) */
  int own_first[KRO_NOWN];  /* owned page n of a kind is page own_first[kind] + n */
  int tramp;              /* the trampoline's page (at TRAMPOLINE) */
  uint64 lost_roots[KRO_ROOTS];   /* roots lost: a satp naming one is switched */
  int nlost_roots;
  uint64 recovered;       /* pages switched to their copy */
  uint64 resynced;        /* copies made again */
};


extern struct kro_pages kro;
extern struct spinlock kro_lock;
extern int kro_off;

void    kro_add(uint64 va, int lvl, uint64 pa);
pte_t  *kro_entry(int i);
uint64  kro_lose(int i);
void    kro_switched(int i, uint64 old);
void    kro_sync(pte_t *e);
int     kro_copy_new(int i);
void    kro_own_map(void);            /* kown.c: kro_init's first step */
void    kro_own_add(void);            /* kown.c: and its last */

#endif
