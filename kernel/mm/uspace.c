/* User address spaces (layout in vm.h) and the page-fault resolver.
 *
 * User pages are frames from frame.c; page-table pages come from the
 * kernel pool and are charged to the address space (us_ptpage).  An
 * address space belongs to one process and is changed only by that
 * process's kernel thread (or by its parent while the child cannot
 * run), so no lock is needed here; the frame and page allocators lock
 * themselves, and frames shared between spaces are reference counted
 * there.
 *
 * Every walk over a range of user pages goes through one iterator,
 * us_each, which hands each *used* leaf PTE -- any PTE that is not zero,
 * valid or not -- to a visit function.  A PTE that is not valid may
 * still name a frame (later: a poisoned or retired page), so nobody may
 * treat "not valid" as "empty".
 *
 * fork shares every page: writable ones lose PTE_W and get PTE_COW in
 * both spaces, read-only ones are shared as they are.  The heap grows
 * lazily: sbrk only moves size; a user read of an untouched heap page
 * maps the shared zero frame (read-only, copy-on-write), a write maps a
 * zeroed frame, and the kernel reading one on the process's behalf reads
 * the zero frame without mapping anything.
 *
 * Mirrored spaces (us->pairs set: the program was translated by mirrorbt)
 * keep every user page twice: the native page at va and its mirror at
 * va + MIRROR_OFFSET, in frames of two different banks, with the same
 * permissions.  The two PTEs are made, changed and dropped together: a
 * page's PTEs are found by us_page_ptes (which checks that both or
 * neither are used), new frames are placed by us_fill, copy-on-write is
 * broken for both by us_cow_break, and every kernel write into user
 * memory goes through us_copy, which writes both copies.  A mirrored
 * space never maps the zero frame: its untouched heap pages get a pair
 * of zeroed frames on first touch, read or write.
 *
 * Lock rules: the resolver (us_fault) allocates, zeroes and copies, so it
 * must never run with a spinlock held; it checks (spin_assert_none).  The
 * owner changes its space alone, but other processes may inspect it
 * (pagemap, mdiff): every change that a reader could trip over --
 * faults, shrinking, fork, exec's swap, destroy -- holds the space's
 * sleep lock us->lock (the owning slot's memlock), and readers hold it
 * too (us_pagemap, us_mdiff: the caller locks).  Nothing that holds it
 * takes another lock that sleeps, except fork (parent's, then child's).
 * PTE changes to the running process need no sfence.vma here: the kernel
 * runs on its own page table and userret flushes the TLB when it
 * switches back (trampoline.S). */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/memstat.h"
#include "kernel/pagemap.h"
#include "kernel/mirror.h"
#include "kernel/core/lock.h"
#include "kernel/mm/vm.h"

extern char trampoline_start[];

/* Counters for memstat (updated with atomic adds): events since boot,
 * and the mirrored spaces and mirror pages there are now. */
static uint64 n_fork_shared, n_cow_faults, n_cow_avoided, n_lazy_pages, n_zero_maps,
              n_pair_faults, n_mirrored_spaces, n_mirror_pages,
              n_recovered[2], n_lost,   /* repairs of native [0] and mirror [1] copies */
              n_deferred;               /* eager rebuilds left to the next access */

#define COUNT_BY(c, n) __atomic_fetch_add(&(c), (n), __ATOMIC_RELAXED)
#define COUNT(c)      COUNT_BY(c, 1)
#define UNCOUNT(c)    COUNT_BY(c, -1)
#define COUNTER(c)    __atomic_load_n(&(c), __ATOMIC_RELAXED)

/* The PTE bit each kind of access needs (enum us_access). */
static const uint64 us_access_bits[] = {
  [US_READ] = PTE_R, [US_KREAD] = PTE_R, [US_WRITE] = PTE_W,
  [US_LOAD] = PTE_U, [US_EXEC] = PTE_X,
};

/* A page-table page for us (a vm_ptalloc).  The first US_PT_BASE of a
 * space may take any free pool page; beyond them only while more than
 * KPOOL_RESERVE stay free, and never more than US_PT_LIMIT in all. */
static void *
us_ptpage(void *arg)
{
  struct uspace *us = arg;

  if (us->ptpages >= US_PT_LIMIT)
    return 0;
  void *pg = kpage_alloc_keep(us->ptpages < US_PT_BASE ? 0 : KPOOL_RESERVE);
  if (pg)
    us->ptpages++;
  return pg;
}

static void
us_ptpage_free(struct uspace *us, void *pg)
{
  kpage_free(pg);
  us->ptpages--;
}

static int
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
static void
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
 * is returned.  With prune set (only for a visit that clears every PTE:
 * drop_page), page-table pages left empty are freed.  Sv39's three levels
 * are three loops, always inlined: each caller gets them with its own
 * visit compiled in, since fork and exit visit every page of a space. */
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
      for (pte_t *pte = pt0 + f0; pte < pt0 + l0; pte++)
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

/* The PTEs of one user page: the native one and, in a mirrored space,
 * the mirror's (n is 1 or 2). */
struct upage {
  pte_t *pte[2];
  int n;
};

/* Find the PTEs of the page at native address va into pg.  With alloc,
 * page-table pages are made as needed (-1 if one cannot be had);
 * without, -1 if there is no table for the native page.  A mirrored
 * page whose PTEs are not both used or both unused is a kernel bug: this
 * is where that pair invariant is checked. */
static int
us_page_ptes(struct uspace *us, uint64 va, int alloc, struct upage *pg)
{
  vm_ptalloc ptalloc = alloc ? us_ptpage : 0;

  pg->n = us->pairs ? 2 : 1;
  for (int i = 0; i < pg->n; i++) {
    pg->pte[i] = vm_walk(us->pt, va + i * MIRROR_OFFSET, ptalloc, us);
    if (pg->pte[i] == 0) {
      if (i > 0 && *pg->pte[0] != 0)
        panic("us: mirror page missing");
      return -1;
    }
  }
  if (pg->n == 2 && (*pg->pte[0] == 0) != (*pg->pte[1] == 0))
    panic("us: page pair broken");
  return 0;
}

/* Map zeroed frames with flags at the unused PTEs of pg.  Every frame is
 * allocated -- each copy in a bank of its own, keep as for frame_alloc
 * -- before any PTE is set; US_NOMEM (and nothing changed) if one cannot
 * be had. */
static int
us_fill(struct upage *pg, uint64 flags, uint64 keep)
{
  void *pa[2] = { 0, 0 };

  for (int i = 0; i < pg->n; i++) {
    if (*pg->pte[i] != 0)
      panic("us_fill: remap");
    if ((pa[i] = frame_alloc(i > 0 ? pa[0] : 0, keep)) == 0) {
      if (i > 0)
        frame_free(pa[0]);
      return US_NOMEM;
    }
  }
  for (int i = 0; i < pg->n; i++)
    *pg->pte[i] = PA2PTE(pa[i]) | flags | PTE_V;
  if (pg->n == 2)
    COUNT(n_mirror_pages);
  return US_RESOLVED;
}

/* Visit: drop a page (a user frame loses a reference; the trampoline
 * and trapframe, not PTE_U, are not ours to free).  arg counts the
 * mirror pages dropped. */
static int
drop_page(struct uspace *us, uint64 va, pte_t *pte, void *arg)
{
  if (*pte & PTE_U) {
    frame_free((void *)PTE2PA(*pte));
    *(uint64 *)arg += va >= MIRROR_OFFSET;
  }
  *pte = 0;
  return 0;
}

/* Unmap the pages [start, end) -- and their mirrors -- and free the
 * page-table pages left empty. */
static void
us_unmap(struct uspace *us, uint64 start, uint64 end)
{
  uint64 mirrors = 0;

  us_each(us, start, end, drop_page, &mirrors, 1);
  if (us->pairs)
    us_each(us, start + MIRROR_OFFSET, end + MIRROR_OFFSET, drop_page, &mirrors, 1);
  COUNT_BY(n_mirror_pages, -mirrors);
}

/* Free every page, page-table page and the pair table; no lock taken. */
static void
us_free(struct uspace *us)
{
  if (us->pt == 0)
    return;
  us_unmap(us, 0, MAXVA);
  us_ptpage_free(us, us->pt);
  if (us->ptpages != 0)
    panic("us_free: page-table pages unaccounted");
  if (us->pairs) {
    pairs_put(us->pairs);
    UNCOUNT(n_mirrored_spaces);
  }
  us->pt = 0;
  us->pairs = 0;
  us->size = us->heap = 0;
}

/* An empty, unmirrored address space with the trampoline and the
 * trapframe page at tf_pa mapped, locked by lock (its slot's memlock).
 * -1 if out of memory. */
int
us_create(struct uspace *us, uint64 tf_pa, struct sleeplock *lock)
{
  us->size = us->heap = 0;
  us->ptpages = 0;
  us->pairs = 0;
  us->lock = lock;
  us->pt = us_ptpage(us);
  if (us->pt == 0)
    return -1;
  if (vm_map(us->pt, TRAMPOLINE, (uint64)trampoline_start, PGSIZE, PTE_R | PTE_X, us_ptpage, us) < 0 ||
      vm_map(us->pt, TRAPFRAME, tf_pa, PGSIZE, PTE_R | PTE_W, us_ptpage, us) < 0) {
    us_free(us);
    return -1;
  }
  return 0;
}

/* Make the empty space us mirrored, with pair table t (its reference
 * passes to us). */
void
us_set_mirrored(struct uspace *us, struct pairtab *t)
{
  if (us->size != 0 || us->pairs)
    panic("us_set_mirrored: not a new space");
  us->pairs = t;
  COUNT(n_mirrored_spaces);
}

/* Free the user frames and every page-table page.  The trampoline and
 * the trapframe page are not ours to free.  Called in exit, so a dead
 * process holds no memory while it waits to be reaped. */
void
us_destroy(struct uspace *us)
{
  if (us->pt == 0)
    return;
  sleeplock_acquire(us->lock);
  us_free(us);
  sleeplock_release(us->lock);
}

/* exec's commit: the process's space cur becomes the new space built in
 * *new, and the old one is freed.  *new is left empty. */
void
us_replace(struct uspace *cur, struct uspace *new)
{
  struct uspace old;

  sleeplock_acquire(cur->lock);
  old = *cur;
  *cur = *new;
  sleeplock_release(cur->lock);
  us_free(&old);
  new->pt = 0;
}

/* Grow to newsize bytes, mapping zeroed frames (pairs of them in a
 * mirrored space) with perm (PTE_U is added): exec's eager loading, on a
 * space nobody else can see yet.  -1 (and no change) past MIRROR_LIMIT or
 * when memory is short: the last US_EXEC_KEEP frames are left to the
 * running processes, so an oversized program fails to load instead of
 * starving them for a moment. */
int
us_grow(struct uspace *us, uint64 newsize, int perm)
{
  uint64 old = PGROUNDUP(us->size);
  struct upage pg;

  if (newsize > MIRROR_LIMIT)
    return -1;
  for (uint64 a = old; a < newsize; a += PGSIZE) {
    if (us_page_ptes(us, a, 1, &pg) < 0 ||
        us_fill(&pg, perm | PTE_U, US_EXEC_KEEP) != US_RESOLVED) {
      us_unmap(us, old, a);
      return -1;
    }
  }
  if (newsize > us->size)
    us->size = newsize;
  return 0;
}

/* Shrink to newsize bytes, freeing the pages above it.  Entries cached
 * in the TLB go when trampoline.S switches page tables (sfence.vma). */
void
us_shrink(struct uspace *us, uint64 newsize)
{
  if (newsize >= us->size)
    return;
  sleeplock_acquire(us->lock);
  us_unmap(us, PGROUNDUP(newsize), PGROUNDUP(us->size));
  us->size = newsize;
  sleeplock_release(us->lock);
}

/* Lazy growth for sbrk: only the size moves; pages come on first touch.
 * -1 (and no change) only for what can never be had: past MIRROR_LIMIT
 * or the per-process limit US_SIZE_LIMIT.  Running out of frames later
 * kills the process that touches (docs/memory.md, "Memory policy"). */
int
us_reserve(struct uspace *us, uint64 newsize)
{
  if (newsize > MIRROR_LIMIT || newsize > US_SIZE_LIMIT || newsize < us->size)
    return -1;
  us->size = newsize;
  return 0;
}

/* The child of a fork being filled (us_fork): its space, the leaf
 * page table that maps the 2 MiB region last visited (fork visits in
 * address order, so one walk from the root serves 512 pages), and the
 * pages shared so far, native and mirror. */
struct fork_dst {
  struct uspace *us;
  uint64 region;
  pte_t *leaf;
  uint64 shared, mirrors;
};

#define LEAF_SPAN (1UL << (PGSHIFT + 9))

/* Visit for us_fork: share one page with the child (arg, a fork_dst).
 * Writable pages become copy-on-write in both; everything else
 * (read-only pages, the zero frame, PTEs that are not valid) is copied as
 * it is.  Native and mirror pages are visited alike, so both copies stay
 * shared. */
static inline int
fork_share(struct uspace *src, uint64 va, pte_t *pte, void *arg)
{
  struct fork_dst *dst = arg;

  if (dst->leaf == 0 || va / LEAF_SPAN != dst->region) {
    dst->leaf = vm_walk(dst->us->pt, va & ~(LEAF_SPAN - 1), us_ptpage, dst->us);
    dst->region = va / LEAF_SPAN;
    if (dst->leaf == 0)
      return -1;
  }
  if (frame_dup((void *)PTE2PA(*pte)) && (*pte & PTE_V))
    *pte = (*pte & ~PTE_V) | PTE_POISON;     /* poisoned while we copy */
  if (*pte & PTE_W)
    *pte = (*pte & ~PTE_W) | PTE_COW;
  dst->leaf[PX(0, va)] = *pte;
  if (va >= MIRROR_OFFSET)
    dst->mirrors++;
  else
    dst->shared++;
  return 0;
}

/* Share every page of src (and its mirror) with dst, fresh from
 * us_create.  -1 if a page-table page cannot be had; dst's pages are
 * then dropped (src keeps its COW marks, harmless: its next write takes
 * the frame back). */
int
us_fork(struct uspace *dst, struct uspace *src)
{
  struct fork_dst fd = { .us = dst };
  int r;

  sleeplock_acquire(src->lock);
  sleeplock_acquire(dst->lock);
  if (src->pairs)
    us_set_mirrored(dst, pairs_share(src->pairs));
  dst->size = src->size;
  dst->heap = src->heap;
  r = us_each(src, 0, src->size, fork_share, &fd, 0);
  if (r == 0 && src->pairs)
    r = us_each(src, MIRROR_OFFSET, MIRROR_OFFSET + src->size, fork_share, &fd, 0);
  COUNT_BY(n_fork_shared, fd.shared);
  COUNT_BY(n_mirror_pages, fd.mirrors);
  if (r != 0)
    us_unmap(dst, 0, src->size);
  sleeplock_release(dst->lock);
  sleeplock_release(src->lock);
  return r == 0 ? 0 : -1;
}

/* A write fault on the copy-on-write page pg (both copies are COW
 * together).  Each copy whose frame has no other reference is taken
 * over; the others are copied to new frames, allocated -- each in a bank
 * apart from the other copy's final frame -- before any PTE changes, and
 * drop one reference to the old frame.  The zero frame is never taken
 * over, and a fresh frame is already zero.  A sharer that copies first
 * leaves the others a count that is still right. */
static int
us_cow_break(struct upage *pg)
{
  void *old[2], *pa[2];
  int copy[2], copies = 0;

  for (int i = 0; i < pg->n; i++) {
    old[i] = (void *)PTE2PA(*pg->pte[i]);
    copy[i] = old[i] == frame_zero() || frame_refs(old[i]) > 1;
    pa[i] = copy[i] ? 0 : old[i];
    copies += copy[i];
  }
  for (int i = 0; i < pg->n; i++) {
    if (!copy[i])
      continue;
    if ((pa[i] = frame_alloc(pg->n == 2 ? pa[1 - i] : 0, 0)) == 0) {
      for (int j = 0; j < i; j++)
        if (copy[j])
          frame_free(pa[j]);
      return US_NOMEM;
    }
  }
  for (int i = 0; i < pg->n; i++) {
    uint64 flags = (PTE_FLAGS(*pg->pte[i]) & ~PTE_COW) | PTE_W;
    if (copy[i] && old[i] != frame_zero())
      memmove(pa[i], old[i], PGSIZE);
    *pg->pte[i] = PA2PTE(pa[i]) | flags;
    if (copy[i])
      frame_free(old[i]);
  }
  if (copies == 0)
    COUNT(n_cow_avoided);
  COUNT(n_cow_faults);
  return US_RESOLVED;
}

/* The first touch of the untouched heap page pg: an unmirrored read maps
 * the zero frame read-only and copy-on-write, anything else zeroed
 * frames. */
static int
us_lazy_fill(struct upage *pg, int access)
{
  if (access == US_READ && pg->n == 1) {
    *pg->pte[0] = PA2PTE(frame_zero()) | PTE_V | PTE_R | PTE_U | PTE_COW;
    COUNT(n_zero_maps);
    return US_RESOLVED;
  }
  int r = us_fill(pg, USER_RW, 0);
  if (r == US_RESOLVED)
    COUNT(n_lazy_pages);
  return r;
}

/* Whether copy i of pg has a memory error: its PTE is marked poisoned,
 * or its frame was poisoned since the PTE was last looked at. */
static int
us_copy_bad(struct upage *pg, int i)
{
  pte_t pte = *pg->pte[i];

  return (pte & PTE_POISON) || ((pte & PTE_V) && frame_poisoned((void *)PTE2PA(pte)));
}

/* The low 16 bits of the instruction at user address va (enough for its
 * major opcode), read from a healthy copy of its text page; -1 if there
 * is none. */
static int
us_text_half(struct uspace *us, uint64 va)
{
  for (int i = 0; i < (us->pairs ? 2 : 1); i++) {
    pte_t *pte = vm_walk(us->pt, va + i * MIRROR_OFFSET, 0, 0);
    if (pte && (*pte & PTE_V) && !frame_poisoned((void *)PTE2PA(*pte)))
      return *(uint16 *)(PTE2PA(*pte) + va % PGSIZE);
  }
  return -1;
}

/* The process stopped at pc is inside the window of an atomic (AMO or
 * sc, major opcode 0x2f): the atomic changed the native word and the
 * window's copy to the mirror has not run yet, so the mirror lacks it. */
static int
us_in_atomic_window(struct uspace *us, uint64 pc)
{
  struct mirror_pair *e = pc && us->pairs ? pairs_window(us->pairs, pc) : 0;

  return e && (us_text_half(us, e->first) & 0x7f) == 0x2f;
}

/* Rebuild the bad copy of pg from the healthy one: a new frame in a
 * bank apart from the healthy copy's, its bytes copied, the PTE valid
 * again with its old permissions; the bad frame loses this reference
 * (and is retired with its last).  US_LOST if no healthy copy is left:
 * an unmirrored page, both copies bad, or a bad native copy while the
 * faulting process (stopped at pc; 0 for a kernel access) is inside an
 * atomic's window, where the mirror does not yet hold the atomic's
 * result.  A plain store's window needs no such care: the mirror store
 * comes right after the native one, so a native copy rebuilt in between
 * gets the value again from the mirror store's own fault, or both copies
 * are bad.  US_NOMEM without a frame. */
static int
us_repair(struct uspace *us, struct upage *pg, uint64 pc)
{
  int bad = us_copy_bad(pg, 0) ? 0 : 1;

  if (pg->n == 1 || us_copy_bad(pg, 1 - bad) || (bad == 0 && us_in_atomic_window(us, pc))) {
    COUNT(n_lost);
    return US_LOST;
  }
  void *good = (void *)PTE2PA(*pg->pte[1 - bad]);
  void *old = (void *)PTE2PA(*pg->pte[bad]);
  void *pa = frame_alloc(good, 0);
  if (pa == 0)
    return US_NOMEM;
  memmove(pa, good, PGSIZE);
  *pg->pte[bad] = PA2PTE(pa) | (PTE_FLAGS(*pg->pte[bad]) & ~PTE_POISON) | PTE_V;
  frame_free(old);
  COUNT(n_recovered[bad]);
  return US_RESOLVED;
}

/* us_fault's work, with us->lock held. */
static int
us_fault_locked(struct uspace *us, uint64 va, int access, uint64 pc, uint64 pa[2])
{
  struct upage pg;
  pte_t pte;
  int r, served = 1;      /* a page mapped, copied or rebuilt: a pair fault */

  if (us_page_ptes(us, va, 0, &pg) < 0 || *pg.pte[0] == 0) {   /* never touched */
    if (va < us->heap || access == US_EXEC)
      return US_ILLEGAL;
    if (access == US_KREAD) {
      pa[0] = (uint64)frame_zero();
      pa[1] = 0;
      return US_RESOLVED;
    }
    if (us_page_ptes(us, va, 1, &pg) < 0)
      return US_NOMEM;
    r = us_lazy_fill(&pg, access);
  } else if ((us_copy_bad(&pg, 0) || (pg.n == 2 && us_copy_bad(&pg, 1))) &&
             (r = us_repair(us, &pg, pc)) != US_RESOLVED) {
    return r;
  } else if (!((pte = *pg.pte[0]) & PTE_V)) {
    panic("us_fault: PTE in an unknown software state");
  } else if (!(pte & PTE_U)) {
    r = US_ILLEGAL;
  } else if (access == US_WRITE && (pte & PTE_COW)) {
    r = us_cow_break(&pg);
  } else if (!(pte & us_access_bits[access])) {
    r = US_ILLEGAL;
  } else {
    r = US_RESOLVED;
    served = 0;
  }
  if (r == US_RESOLVED) {
    for (int i = 0; i < 2; i++)
      pa[i] = i < pg.n ? PTE2PA(*pg.pte[i]) : 0;
    if (served && pg.n == 2)
      COUNT(n_pair_faults);
  }
  return r;
}

/* The one page-fault resolver, for user traps and kernel accesses alike:
 * may the process access native address va so (enum us_access), after
 * mapping a lazy heap page or breaking copy-on-write if needed?  enum
 * us_fault; when resolved, pa[0] is the native frame's physical address
 * and pa[1] the mirror's (0 when unmirrored): one call serves both
 * copies.  Never called with a spinlock held. */
static int
us_fault(struct uspace *us, uint64 va, int access, uint64 pc, uint64 pa[2])
{
  int r;

  spin_assert_none("us_fault: spinlock held");
  if (va >= us->size)
    return US_ILLEGAL;
  sleeplock_acquire(us->lock);
  r = us_fault_locked(us, va, access, pc, pa);
  sleeplock_release(us->lock);
  return r;
}

/* A user page fault at va: in a mirrored space an address in the mirror
 * region is served as its native page (both copies at once).  Addresses
 * past the mirror region, and in an unmirrored space anything at or
 * past size, are illegal before any walk. */
int
us_resolve(struct uspace *us, uint64 va, int access, uint64 pc)
{
  uint64 pa[2];

  if (us->pairs && va >= MIRROR_OFFSET && va < MAXVA)
    va -= MIRROR_OFFSET;
  return us_fault(us, va, access, pc, pa);
}

void
us_memstat(struct memstat *ms)
{
  ms->fork_shared = COUNTER(n_fork_shared);
  ms->cow_faults = COUNTER(n_cow_faults);
  ms->cow_avoided = COUNTER(n_cow_avoided);
  ms->lazy_pages = COUNTER(n_lazy_pages);
  ms->zero_maps = COUNTER(n_zero_maps);
  ms->pair_faults = COUNTER(n_pair_faults);
  ms->mirrored_procs = COUNTER(n_mirrored_spaces);
  ms->mirrored_pages = COUNTER(n_mirror_pages);
  ms->recovered_native = COUNTER(n_recovered[0]);
  ms->recovered_mirror = COUNTER(n_recovered[1]);
  ms->unrecoverable = COUNTER(n_lost);
  ms->rebuild_deferred = COUNTER(n_deferred);
}

/* Make the mirror of native page va equal to the native copy (the
 * scrubber's repair of a silent difference).  1 if it was rewritten, 0
 * if there was nothing to do or either copy is not readable.  us->lock
 * held, and the process may not run meanwhile. */
int
us_sync_mirror(struct uspace *us, uint64 va)
{
  struct upage pg;

  if (us->pairs == 0 || us_page_ptes(us, va, 0, &pg) < 0 ||
      !(*pg.pte[0] & PTE_V) || !(*pg.pte[1] & PTE_V) || us_copy_bad(&pg, 0) || us_copy_bad(&pg, 1))
    return 0;
  void *native = (void *)PTE2PA(*pg.pte[0]), *mirror = (void *)PTE2PA(*pg.pte[1]);
  if (memcmp(native, mirror, PGSIZE) == 0)
    return 0;
  memmove(mirror, native, PGSIZE);
  return 1;
}

/* What us_poison marks: the PTEs of one frame, or of every frame of a
 * bank. */
struct poison {
  void *pa;         /* this frame, or 0 */
  int bank;         /* every frame of this bank, or -1 */
};

/* Visit for us_poison: mark a valid user PTE that maps a frame of arg
 * poisoned. */
static int
poison_visit(struct uspace *us, uint64 va, pte_t *pte, void *arg)
{
  struct poison *what = arg;
  void *pa = (void *)PTE2PA(*pte);

  if ((*pte & PTE_V) && (*pte & PTE_U) && pa != frame_zero() &&
      (pa == what->pa || frame_bank(pa) == what->bank))
    *pte = (*pte & ~PTE_V) | PTE_POISON;
  return 0;
}

/* Make every PTE of us that maps the poisoned frame pa, or any frame of
 * the failed bank (-1: none), trap (non-valid, PTE_POISON, the frame
 * number kept).  us->lock held.  The caller makes the change reach the
 * other harts' TLBs (tlb_shootdown). */
void
us_poison(struct uspace *us, void *pa, int bank)
{
  struct poison what = { pa, bank };

  if (us->pt == 0)
    return;
  us_each(us, 0, us->size, poison_visit, &what, 0);
  if (us->pairs)
    us_each(us, MIRROR_OFFSET, MIRROR_OFFSET + us->size, poison_visit, &what, 0);
}

/* A rebuild being made (us_rebuild). */
struct rebuild {
  int native;       /* native copies too */
  uint64 pc;
  int lost;
};

/* Visit for us_rebuild: one native page and its mirror. */
static int
rebuild_visit(struct uspace *us, uint64 va, pte_t *pte, void *arg)
{
  struct rebuild *rb = arg;
  struct upage pg;

  us_page_ptes(us, va, 0, &pg);
  int bad0 = us_copy_bad(&pg, 0), bad1 = pg.n == 2 && us_copy_bad(&pg, 1);
  if (!bad0 && !bad1)
    return 0;
  if (pg.n == 1 || (bad0 && bad1))
    rb->lost++;
  else if ((bad1 || (rb->native && !us_in_atomic_window(us, rb->pc))) &&
           us_repair(us, &pg, rb->pc) == US_NOMEM)
    COUNT(n_deferred);                 /* one copy until the next access */
  return 0;
}

/* Eager repair after a bank failure: rebuild every poisoned mirror copy
 * of us from its native copy, and with native every poisoned native copy
 * from its mirror (the caller knows the process is not running; it is
 * stopped at pc).  A mirror copy can be rebuilt while the process runs:
 * its PTE already traps, so a mirror store made meanwhile waits for
 * us->lock and lands in the new frame.  Returns the pages with no
 * healthy copy (unmirrored ones, or both copies bad).  us->lock held. */
int
us_rebuild(struct uspace *us, int native, uint64 pc)
{
  struct rebuild rb = { native, pc, 0 };

  if (us->pt)
    us_each(us, 0, us->size, rebuild_visit, &rb, 0);
  return rb.lost;
}

/* The one door from the kernel to user memory: a kernel pointer to the
 * byte at user address va, or 0 if the process may not access it that
 * way; *twin points to the same byte of the mirror copy (0 when
 * unmirrored).  Only native addresses: the mirror region is no buffer.
 * Faults are resolved here as for user code; running out of memory goes
 * to trap_oom (only the current one's space ever needs a frame here: exec
 * fills pages it mapped itself).  A US_KREAD pointer may point into the
 * shared zero frame: read it, never write it.  Writes go through us_copy,
 * which keeps a mirrored page's twin equal (a copy poisoned meanwhile is
 * written all the same: its next access rebuilds it from the other copy,
 * which has these bytes too). */
static char *
us_page(struct uspace *us, uint64 va, int access, char **twin)
{
  uint64 pa[2];
  int r = us_fault(us, va, access, 0, pa);   /* a system call: in no window */

  if (r == US_NOMEM)
    trap_oom("out of memory in a system call", va);
  if (r == US_LOST)
    trap_fault_kill("memory error, no healthy copy left: data lost, in a system call", va);
  if (r != US_RESOLVED)
    return 0;
  *twin = pa[1] ? (char *)(pa[1] + va % PGSIZE) : 0;
  return (char *)(pa[0] + va % PGSIZE);
}

/* Copy len bytes between the kernel and user address va, a page at a
 * time: US_KREAD reads, US_WRITE and US_LOAD write -- both copies of a
 * mirrored page.  0, or -1 on a bad address (part may have been copied). */
static int
us_copy(struct uspace *us, uint64 va, void *kbuf, uint64 len, int access)
{
  char *k = kbuf;

  while (len > 0) {
    char *twin, *u = us_page(us, va, access, &twin);
    if (u == 0)
      return -1;
    uint64 n = PGSIZE - va % PGSIZE;
    if (n > len)
      n = len;
    if (access == US_KREAD) {
      memmove(k, u, n);
    } else {
      memmove(u, k, n);
      if (twin)
        memmove(twin, k, n);
    }
    len -= n;
    k += n;
    va += n;
  }
  return 0;
}

int
us_copyout(struct uspace *us, uint64 dst, const void *src, uint64 len)
{
  return us_copy(us, dst, (void *)src, len, US_WRITE);
}

/* exec filling the pages it mapped (read-only ones too). */
int
us_load(struct uspace *us, uint64 dst, const void *src, uint64 len)
{
  return us_copy(us, dst, (void *)src, len, US_LOAD);
}

int
us_copyin(struct uspace *us, void *dst, uint64 src, uint64 len)
{
  return us_copy(us, src, dst, len, US_KREAD);
}

/* Copy a NUL-terminated string of at most max bytes (NUL included).
 * Its length, or -1 if the address is bad or no NUL comes in time. */
int
us_copyinstr(struct uspace *us, char *dst, uint64 src, uint64 max)
{
  uint64 got = 0;

  while (got < max) {
    char *twin, *u = us_page(us, src + got, US_KREAD, &twin);
    if (u == 0)
      return -1;
    uint64 n = PGSIZE - (src + got) % PGSIZE;
    if (n > max - got)
      n = max - got;
    for (uint64 i = 0; i < n; i++, got++)
      if ((dst[got] = u[i]) == 0)
        return got;
  }
  return -1;
}

/* The user frame of the native (mirror: the mirror) copy of the page at
 * user address va: what an error can be injected into.  0 if there is
 * none: unmapped, not valid, not a user page, or the zero frame (kernel
 * memory).  us->lock held. */
void *
us_frame(struct uspace *us, uint64 va, int mirror)
{
  pte_t *pte;

  if (va >= us->size || (mirror && us->pairs == 0))
    return 0;
  pte = vm_walk(us->pt, PGROUNDDOWN(va) + (mirror ? MIRROR_OFFSET : 0), 0, 0);
  if (pte == 0 || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U) ||
      (void *)PTE2PA(*pte) == frame_zero())
    return 0;
  return (void *)PTE2PA(*pte);
}

/* A pagemap record being filled (us_pagemap). */
struct pm_fill {
  struct pagemap *buf;
  int n, max;
};

/* The frame, bank and reference fields of one copy. */
static void
pm_frame(pte_t pte, uint64 *pa, uint16 *ref, uint8 *bank)
{
  void *f = (void *)PTE2PA(pte);

  *pa = (uint64)f;
  *bank = f == frame_zero() ? PM_NOBANK : frame_bank(f);
  *ref = f == frame_zero() ? 0 : frame_refs(f);
}

/* Visit for us_pagemap: one record per native page. */
static int
pm_visit(struct uspace *us, uint64 va, pte_t *pte, void *arg)
{
  struct pm_fill *f = arg;
  struct pagemap *m = &f->buf[f->n];

  memset(m, 0, sizeof *m);
  m->va = va;
  m->flags = (*pte & PTE_R ? PM_R : 0) | (*pte & PTE_W ? PM_W : 0) |
             (*pte & PTE_X ? PM_X : 0) | (*pte & PTE_COW ? PM_COW : 0) |
             (*pte & PTE_V ? 0 : PM_INVALID) |
             ((void *)PTE2PA(*pte) == frame_zero() ? PM_ZERO : 0);
  pm_frame(*pte, &m->pa, &m->ref, &m->bank);
  m->mirror_bank = PM_NOBANK;
  if (us->pairs) {
    pte_t *t = vm_walk(us->pt, va + MIRROR_OFFSET, 0, 0);
    m->flags |= PM_MIRROR | (t && *t && !(*t & PTE_V) ? PM_MIRROR_INVALID : 0);
    if (t && *t)
      pm_frame(*t, &m->mirror_pa, &m->mirror_ref, &m->mirror_bank);
  }
  return ++f->n == f->max;
}

/* Up to max records (pagemap.h) for the user pages at or above va into
 * buf.  The number filled.  us->lock held. */
int
us_pagemap(struct uspace *us, uint64 va, struct pagemap *buf, int max)
{
  struct pm_fill f = { buf, 0, max };

  if (us->pt && max > 0)
    us_each(us, PGROUNDDOWN(va), us->size, pm_visit, &f, 0);
  return f.n;
}

/* A divergence count being made (us_mdiff). */
struct md_fill {
  uint64 *vas;
  int n, max;
};

/* Visit for us_mdiff: does native page va differ from its mirror? */
static int
md_visit(struct uspace *us, uint64 va, pte_t *pte, void *arg)
{
  struct md_fill *f = arg;
  pte_t *t = vm_walk(us->pt, va + MIRROR_OFFSET, 0, 0);

  if (!(*pte & PTE_V) || (t && (*t & PTE_POISON)))
    return 0;           /* a known-bad copy, rebuilt on its next access */
  if (t == 0 || !(*t & PTE_V) ||
      memcmp((void *)PTE2PA(*pte), (void *)PTE2PA(*t), PGSIZE) != 0) {
    if (f->n < f->max)
      f->vas[f->n] = va;
    f->n++;
  }
  return 0;
}

/* Compare every native page of the mirrored space us with its mirror:
 * the number of pages that differ (or whose mirror is missing; a copy
 * known bad -- poisoned, to be rebuilt on access -- is not counted), the
 * first max of their addresses in vas.  -1 if us is not mirrored.
 * us->lock held. */
int
us_mdiff(struct uspace *us, uint64 *vas, int max)
{
  struct md_fill f = { vas, 0, max };

  if (us->pairs == 0)
    return -1;
  us_each(us, 0, us->size, md_visit, &f, 0);
  return f.n;
}
