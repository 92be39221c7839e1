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
void *us_ptpage(void *us);                  /* a vm_ptalloc charged to us */
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

/* Drop a space's reference to a page whose PTEs were native and mirror
 * (0 when unmirrored): the native frame loses one, and the mirror frame
 * goes with the native frame's last.  PTEs without PTE_U (the
 * trampoline, a trapframe) map nothing of ours. */
static inline void
us_pair_put(pte_t native, pte_t mirror)
{
  if ((native & PTE_U) && frame_free((void *)PTE2PA(native)) && mirror)
    frame_free((void *)PTE2PA(mirror));
}

/* recover.c */
int   rec_copy_bad(struct upage *pg, int i);
int   rec_repair(struct uspace *us, struct upage *pg, uint64 va, struct trapframe *tf);

/* fault.c: us->lock held */
int   us_fault_locked(struct uspace *us, uint64 va, int access, struct trapframe *tf, uint64 pa[2]);

static inline int
pt_empty(pagetable_t pt)
{
  for (int i = 0; i < 512; i++)
    if (pt[i])
      return 0;
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

/* Whether [start, end) covers the whole span of a table at level that
 * maps the addresses from base. */
static inline int
pt_covered(uint64 start, uint64 end, int level, uint64 base)
{
  return start <= base && end - base >= 512UL << PXSHIFT(level);
}

/* Free the page-table page that *entry points at if it is empty: for
 * sure when whole is set (the walk covered all of its span with a visit
 * that clears every PTE it is given), else when a look finds it so. */
static inline void
pt_prune(struct uspace *us, pte_t *entry, int whole)
{
  pagetable_t sub = (pagetable_t)PTE2PA(*entry);

  if (whole || pt_empty(sub)) {
    us_ptpage_free(us, sub);
    *entry = 0;
  }
}

/* The one page iterator: visit(us, va, pte, arg) for every used leaf PTE
 * (not zero, valid or not) in [start, end) (clipped to MAXVA; empty when
 * start >= end), in address order, skipping missing page-table pages.  A
 * visit may change or clear the PTE; a non-zero return stops the walk and
 * is returned.  With prune set (only for a visit that clears every PTE
 * it is given), page-table pages left empty are freed; a walk with no
 * visit (0) only prunes, for a range whose PTEs were all cleared
 * already.  Sv39's three levels are three loops, always inlined: each
 * caller gets them with its own visit compiled in, since fork and exit
 * visit every page of a space. */
static inline __attribute__((always_inline)) int
us_each(struct uspace *us, uint64 start, uint64 end,
        int (*visit)(struct uspace *, uint64, pte_t *, void *), void *arg, int prune)
{
  pagetable_t pt2 = us->pt;
  int f2, l2, r = 0;

  if (end > MAXVA)
    end = MAXVA;
  if (start >= end)
    return 0;
  pt_range(start, end, 2, 0, &f2, &l2);
  for (int i2 = f2; i2 < l2 && r == 0; i2++) {
    if ((pt2[i2] & PTE_V) == 0)
      continue;
    uint64 b1 = (uint64)i2 << PXSHIFT(2);
    pagetable_t pt1 = (pagetable_t)PTE2PA(pt2[i2]);
    int f1, l1;
    pt_range(start, end, 1, b1, &f1, &l1);
    for (int i1 = f1; i1 < l1 && r == 0; i1++) {
      if ((pt1[i1] & PTE_V) == 0)
        continue;
      uint64 b0 = b1 + ((uint64)i1 << PXSHIFT(1));
      pagetable_t pt0 = (pagetable_t)PTE2PA(pt1[i1]);
      int f0, l0;
      pt_range(start, end, 0, b0, &f0, &l0);
      for (pte_t *pte = pt0 + f0; visit && pte < pt0 + l0; pte++)
        if (*pte != 0 && (r = visit(us, b0 + ((uint64)(pte - pt0) << PGSHIFT), pte, arg)) != 0)
          break;
      if (prune)
        pt_prune(us, &pt1[i1], pt_covered(start, end, 0, b0));
    }
    if (prune)
      pt_prune(us, &pt2[i2], pt_covered(start, end, 1, b1));
  }
  return r;
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

/* The leaf table that maps the 2 MiB region of one half of a space last
 * asked for: walks that go in address order find most PTEs with no walk
 * from the root. */
struct leaf_cursor {
  uint64 region;
  pte_t *leaf;
};

#define LEAF_SPAN (1UL << PXSHIFT(1))

/* The PTE of va through cursor c, page-table pages made with alloc (0:
 * none made); 0 if a table is missing. */
static inline __attribute__((always_inline)) pte_t *
leaf_pte(struct uspace *us, struct leaf_cursor *c, uint64 va, vm_ptalloc alloc)
{
  if (c->leaf == 0 || va / LEAF_SPAN != c->region) {
    c->region = va / LEAF_SPAN;
    c->leaf = vm_walk(us->pt, va & ~(LEAF_SPAN - 1), alloc, us);
    if (c->leaf == 0)
      return 0;
  }
  return &c->leaf[PX(0, va)];
}

/* A walk by pages (us_each_pair). */
struct pair_walk {
  int (*visit)(struct uspace *, uint64, pte_t *, pte_t *, void *);
  void *arg;
  struct leaf_cursor mirror;
};

static inline __attribute__((always_inline)) int
pair_step(struct uspace *us, uint64 va, pte_t *pte, void *arg)
{
  struct pair_walk *w = arg;
  pte_t *mirror = 0;

  if (us->pairs) {
    mirror = leaf_pte(us, &w->mirror, va + MIRROR_OFFSET, 0);
    if (mirror == 0 || *mirror == 0)
      panic("us: page pair broken");
  }
  return w->visit(us, va, pte, mirror, w->arg);
}

/* By pages: visit(us, va, native, mirror, arg) for every used native PTE
 * of a user page in [start, end) (clipped to MIRROR_LIMIT), with its
 * mirror's PTE in a mirrored space (0 in another), in one walk: the
 * mirror's leaf tables are followed by a cursor.  prune as us_each, for
 * the native half only (us_unmap prunes the mirror half apart). */
static inline __attribute__((always_inline)) int
us_each_pair(struct uspace *us, uint64 start, uint64 end,
             int (*visit)(struct uspace *, uint64, pte_t *, pte_t *, void *), void *arg, int prune)
{
  struct pair_walk w = { visit, arg, { 0, 0 } };

  return us_each(us, start, end < MIRROR_LIMIT ? end : MIRROR_LIMIT, pair_step, &w, prune);
}

#endif
