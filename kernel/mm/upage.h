/* Inside the memory module: what the address space (uspace.c), the
 * fault path (fault.c) and recovery (recover.c) share -- a user page's
 * PTEs and the pair invariant (struct upage, us_page_ptes in upage.c),
 * the one page-table iterator (us_each), page-table pages charged to a
 * space and the counters memstat reports.  Only kernel/mm includes it.
 *
 * A PTE that is not valid is not necessarily empty: a poisoned page
 * keeps its frame number in a non-valid PTE with PTE_POISON.  Only an
 * all-zero PTE means "nothing here", so every walk goes through us_each,
 * which hands every non-zero leaf PTE to its visit function. */
#ifndef KERNEL_MM_UPAGE_H
#define KERNEL_MM_UPAGE_H

/* Counters for memstat (relaxed atomic adds, any hart): events since
 * boot, and the mirrored spaces and mirror pages there are now. */
struct mm_counters {
  uint64 fork_shared, cow_faults, cow_avoided, lazy_pages, zero_maps, pair_faults;
  uint64 mirrored_spaces, mirror_pages;
  uint64 recovered[2];      /* copies rebuilt: native [0], mirror [1] */
  uint64 lost;              /* repairs that found no healthy copy */
  uint64 deferred;          /* eager rebuilds left to the next access: no frame */
  uint64 settled;           /* windows settled before a native copy was rebuilt */
  uint64 tables_rebuilt;    /* leaf page tables lost and made again (ptlost.c) */
};
extern struct mm_counters mm_count;

#define COUNT_BY(c, n) __atomic_fetch_add(&mm_count.c, (n), __ATOMIC_RELAXED)
#define COUNT(c)       COUNT_BY(c, 1)
#define COUNTER(c)     __atomic_load_n(&mm_count.c, __ATOMIC_RELAXED)

/* The PTEs of one user page: the native one and, in a mirrored space,
 * the mirror's at va + MIRROR_OFFSET (n is 1 or 2).
 *
 * THE PAIR RULE: a mirrored page's two copies are always shared by the
 * same spaces -- fork shares both, and in a page shared copy-on-write no
 * copy's frame is replaced alone: a write, a repair or a resync gives
 * the space a private pair (us_pair_set).  So one reference count serves
 * the pair, the native frame's; a mirror frame keeps the count 1 it was
 * allocated with and is freed with its native frame's last reference
 * (us_pair_put).  Fork and exit thus touch one count per page, mirrored
 * or not. */
struct upage {
  pte_t *pte[2];
  int n;
};

/* upage.c */
void *us_ptpage(void *us, uint64 va, int level);  /* a vm_ptalloc charged to us */
void  us_ptpage_free(struct uspace *us, void *pg);
int   us_page_ptes(struct uspace *us, uint64 va, int alloc, struct upage *pg);
int   us_fill(struct upage *pg, uint64 flags, uint64 keep, int zero, void *pa[2]);  /* enum us_fault */
int   us_pair_shared(struct upage *pg);
int   us_pair_set(struct upage *pg, void *src[2], uint64 clear, uint64 set);  /* enum us_fault */

/* Add a reference to a page whose native PTE is native, for a space
 * that shares it (fork): one count for the pair, the native frame's.
 * Inline, as us_pair_put: fork and exit do it for every page. */
static inline void
us_pair_dup(pte_t native)
{
  frame_dup((void *)PTE2PA(native));
}

/* Drop a space's reference to a page whose PTEs were native and
 * *mirror (mirror 0, or *mirror 0, when unmirrored): the native frame
 * loses one, and the mirror frame goes with the native frame's last.
 * The mirror PTE is read only then (a pointer, so that exit's walk
 * loads it for the last reference alone).  PTEs without PTE_U (the
 * trampoline, a trapframe) map nothing of ours. */
static inline void
us_pair_put(pte_t native, const pte_t *mirror)
{
  if ((native & PTE_U) && frame_free((void *)PTE2PA(native)) && mirror && *mirror)
    frame_free((void *)PTE2PA(*mirror));
}

/* ptlost.c: us->lock held (pt_lose, pt_rebuild in defs.h) */
void  pt_place(void *table, struct uspace *us, uint64 va, int level);

/* recover.c */
int   rec_copy_bad(struct upage *pg, int i);
int   rec_repair(struct uspace *us, struct upage *pg, uint64 va, struct trapframe *tf);

/* fault.c: us->lock held */
int   us_fault_locked(struct uspace *us, uint64 va, int access, struct trapframe *tf, uint64 pa[2]);

/* Whether the 8 entries from pt are all zero: tables are looked at
 * eight entries a test, since most of a table is empty. */
static inline int
pt_none8(pte_t *pt)
{
  return (pt[0] | pt[1] | pt[2] | pt[3] | pt[4] | pt[5] | pt[6] | pt[7]) == 0;
}

/* In a loop over the entries of table pt up to last, at entry *i: skip
 * the eight entries from *i when they are all zero and all in range
 * (*i moves to the last of them; the loop steps past it). */
static inline int
pt_skip8(pagetable_t pt, int *i, int last)
{
  if (*i % 8 != 0 || *i + 8 > last || !pt_none8(pt + *i))
    return 0;
  *i += 7;
  return 1;
}

/* The entries [*first, *last) of a table at level, mapping the addresses
 * from base, that overlap [start, end) (which overlaps the table). */
static inline void
pt_range(uint64 start, uint64 end, int level, uint64 base, int *first, int *last)
{
  uint64 span = 1UL << PXSHIFT(level);

  *first = start > base ? (start - base) / span : 0;
  *last = end - base >= 512 * span ? 512 : (end - base + span - 1) / span;
}

/* Free the page-table page that *entry points at, empty now. */
static inline void
pt_prune(struct uspace *us, pte_t *entry)
{
  us_ptpage_free(us, (pagetable_t)PTE2PA(*entry));
  *entry = 0;
}

/* The one page-table walk: leaf(us, va, pte, n, arg) for each run of n
 * PTEs of one leaf table that maps the pages from va in [start, end)
 * (clipped to MAXVA; nothing when start >= end), in address order,
 * skipping missing page-table pages.  A leaf visit may change or clear
 * the PTEs it is given; a non-zero return stops the walk and is
 * returned.  With prune set -- only for visits that clear every PTE they
 * are given, in a space with nothing mapped from end up (a shrink) --
 * the page-table pages whose span lies at or above start are freed:
 * they are empty now.  (A table holding pages below start too is kept,
 * with no look at its entries: so no table ever lies wholly at or above
 * a space's size.)  A walk with no visit (0) only prunes, for a range
 * whose PTEs were all cleared already.  Sv39's three levels are three loops, always inlined: each
 * caller gets them with its own visit compiled in, since fork and exit
 * visit every page of a space.  us_each and us_each_pair build on it. */
static inline __attribute__((always_inline)) int
us_each_leaf(struct uspace *us, uint64 start, uint64 end,
             int (*leaf)(struct uspace *, uint64, pte_t *, int, void *), void *arg, int prune)
{
  pagetable_t pt2 = us->pt;
  int f2, l2, r = 0;

  if (end > MAXVA)
    end = MAXVA;
  if (start >= end)
    return 0;
  pt_range(start, end, 2, 0, &f2, &l2);
  for (int i2 = f2; i2 < l2 && r == 0; i2++) {
    if (pt_skip8(pt2, &i2, l2) || (pt2[i2] & PTE_V) == 0)
      continue;
    uint64 b1 = (uint64)i2 << PXSHIFT(2);
    pagetable_t pt1 = (pagetable_t)PTE2PA(pt2[i2]);
    int f1, l1;
    pt_range(start, end, 1, b1, &f1, &l1);
    for (int i1 = f1; i1 < l1 && r == 0; i1++) {
      if (pt_skip8(pt1, &i1, l1) || (pt1[i1] & PTE_V) == 0)
        continue;
      uint64 b0 = b1 + ((uint64)i1 << PXSHIFT(1));
      pagetable_t pt0 = (pagetable_t)PTE2PA(pt1[i1]);
      int f0, l0;
      pt_range(start, end, 0, b0, &f0, &l0);
      if (leaf)
        r = leaf(us, b0 + ((uint64)f0 << PGSHIFT), pt0 + f0, l0 - f0, arg);
      if (prune && b0 >= start)
        pt_prune(us, &pt1[i1]);
    }
    if (prune && b1 >= start)
      pt_prune(us, &pt2[i2]);
  }
  return r;
}

/* A walk by PTEs (us_each). */
struct pte_walk {
  int (*visit)(struct uspace *, uint64, pte_t *, void *);
  void *arg;
};

static inline __attribute__((always_inline)) int
pte_run(struct uspace *us, uint64 va, pte_t *pte, int n, void *arg)
{
  struct pte_walk *w = arg;
  int r;

  for (pte_t *end = pte + n; pte < end; pte++, va += PGSIZE)
    if (*pte != 0 && (r = w->visit(us, va, pte, w->arg)) != 0)
      return r;
  return 0;
}

/* The page iterator: visit(us, va, pte, arg) for every used leaf PTE
 * (not zero, valid or not) in [start, end), in address order; visit,
 * its result and prune as for us_each_leaf (visit 0: only prune). */
static inline __attribute__((always_inline)) int
us_each(struct uspace *us, uint64 start, uint64 end,
        int (*visit)(struct uspace *, uint64, pte_t *, void *), void *arg, int prune)
{
  struct pte_walk w = { visit, arg };

  return us_each_leaf(us, start, end, visit ? pte_run : 0, &w, prune);
}

/* Both halves of a space: visit the native pages [start, end) and, in a
 * mirrored space, their mirrors.  The first non-zero visit result, as
 * us_each. */
static inline __attribute__((always_inline)) int
us_each_copy(struct uspace *us, uint64 start, uint64 end,
             int (*visit)(struct uspace *, uint64, pte_t *, void *), void *arg, int prune)
{
  int r = us_each(us, start, end, visit, arg, prune);

  if (r == 0 && us->pairs)
    r = us_each(us, start + MIRROR_OFFSET, end + MIRROR_OFFSET, visit, arg, prune);
  return r;
}

/* The pair invariant for one page's two PTEs: both used or both unused. */
static inline void
pair_check(pte_t native, pte_t mirror)
{
  if ((native == 0) != (mirror == 0))
    panic("us: page pair broken");
}

/* A walk by page pairs (us_each_pair). */
struct pair_walk {
  int (*run)(struct uspace *, uint64, pte_t *, pte_t *, int, void *);
  void *arg;
};

/* Split a run of native PTEs where their mirrors' leaf table changes
 * (the mirror offset is no multiple of a leaf's span) and find the
 * mirrors' PTEs: consecutive within each piece. */
static inline __attribute__((always_inline)) int
pair_run(struct uspace *us, uint64 va, pte_t *pte, int n, void *arg)
{
  struct pair_walk *w = arg;
  int r = 0;

  if (!us->pairs)
    return w->run(us, va, pte, 0, n, w->arg);
  while (n > 0 && r == 0) {
    uint64 mva = va + MIRROR_OFFSET;
    int k = 512 - PX(0, mva);
    if (k > n)
      k = n;
    pte_t *mirror = vm_walk(us->pt, mva, 0, 0);
    if (mirror)
      r = w->run(us, va, pte, mirror, k, w->arg);
    else                          /* no mirror table: no native page either */
      for (int i = 0; i < k; i++)
        pair_check(pte[i], 0);
    va += (uint64)k << PGSHIFT;
    pte += k;
    n -= k;
  }
  return r;
}

/* By page pairs: run(us, va, native, mirror, n, arg) for each run of n
 * native PTEs of user pages from va in [start, end) (clipped to
 * MIRROR_LIMIT) and, in a mirrored space, the n PTEs of their mirrors
 * (0 in another), both consecutive: runs end where either half's leaf
 * table does.  Used and unused PTEs alike (the pair rule: a native PTE
 * is used exactly when its mirror's is; pair_check says so).  Result and
 * prune as us_each_leaf, prune for the native half only (us_unmap prunes
 * the mirror half apart). */
static inline __attribute__((always_inline)) int
us_each_pair(struct uspace *us, uint64 start, uint64 end,
             int (*run)(struct uspace *, uint64, pte_t *, pte_t *, int, void *), void *arg,
             int prune)
{
  struct pair_walk w = { run, arg };

  return us_each_leaf(us, start, end < MIRROR_LIMIT ? end : MIRROR_LIMIT, pair_run, &w, prune);
}

#endif
