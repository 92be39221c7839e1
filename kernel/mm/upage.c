/* The page pairs of an address space: finding a page's PTEs (the pair
 * invariant is checked here and nowhere else), placing fresh frames at
 * them, and the page-table pages a space is charged for.  What the
 * address space (uspace.c), the fault path (fault.c) and recovery
 * (recover.c) all build on; upage.h has the iterator and the rules. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/upage.h"

struct mm_counters mm_count;

/* A page-table page for us, the table at level that maps va (a
 * vm_ptalloc; its place is recorded: pt_place).  The first US_PT_BASE of
 * a space may take any free pool page; beyond them only while more than
 * KPOOL_RESERVE stay free, and never more than US_PT_LIMIT in all. */
void *
us_ptpage(void *arg, uint64 va, int level)
{
  struct uspace *us = arg;

  if (us->ptpages >= US_PT_LIMIT)
    return 0;
  void *pg = kpage_alloc_keep(us->ptpages < US_PT_BASE ? 0 : KPOOL_RESERVE);
  if (pg) {
    us->ptpages++;
    pt_place(pg, us, va, level);
  }
  return pg;
}

/* Free page-table page pg of us, which must be empty: every entry
 * cleared (pt_prune frees only tables it found or made empty, and
 * us_free_tables clears each entry it follows, after exit's drop cleared
 * every user PTE), so the pool need not zero it again. */
void
us_ptpage_free(struct uspace *us, void *pg)
{
  pt_place(pg, 0, 0, 0);
  kpage_free_zeroed(pg);
  us->ptpages--;
}

/* Find the PTEs of the page at native address va into pg.  With alloc,
 * page-table pages are made as needed (-1 if one cannot be had);
 * without, -1 if there is no table for the native page.  A mirrored
 * page whose PTEs are not both used or both unused is a kernel bug: this
 * is where that pair invariant is checked. */
int
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

/* Map fresh frames with flags at the unused PTEs of pg -- zeroed, or,
 * with zero clear, for the caller to fill at once -- and hand them back
 * in pa[] (pa[1] 0 when unmirrored), a pair's two frames twins
 * (frame_twin_set).  Every frame is had -- each copy in
 * a bank of its own, keep as for frame_alloc -- before any PTE is set;
 * US_NOMEM (and nothing changed) if one cannot be. */
int
us_fill(struct upage *pg, uint64 flags, uint64 keep, int zero, void *pa[2])
{
  pa[0] = pa[1] = 0;
  for (int i = 0; i < pg->n; i++) {
    if (*pg->pte[i] != 0)
      panic("us_fill: remap");
    void *apart = i > 0 ? pa[0] : 0;
    if ((pa[i] = zero ? frame_alloc(apart, keep) : frame_take(apart, keep)) == 0) {
      if (i > 0)
        frame_free(pa[0]);
      return US_NOMEM;
    }
  }
  for (int i = 0; i < pg->n; i++)
    *pg->pte[i] = PA2PTE(pa[i]) | flags | PTE_V;
  if (pg->n == 2) {
    frame_twin_set(pa[0], pa[1]);
    COUNT(mirror_pages);
  }
  return US_RESOLVED;
}

/* Whether page pg is shared with another space (copy-on-write), so that
 * none of its frames may be written or replaced alone: the pair's count
 * is its native frame's (the pair rule, upage.h).  The zero frame is
 * shared by everyone. */
int
us_pair_shared(struct upage *pg)
{
  void *native = (void *)PTE2PA(*pg->pte[0]);

  return native == frame_zero() || frame_refs(native) > 1;
}

/* Give copy i of page pg a fresh frame holding frame src[i]'s bytes
 * (shared zeros, the zero frame or a zero pair's: zeroed) wherever src[i]
 * is not 0 -- each apart from the bank of the other copy's final frame,
 * all had before any PTE changes -- and set every copy's flags to
 * (flags & ~clear) | set; the pair's
 * frames are twins after (frame_twin_set).  A copy with
 * no source keeps its frame when the page is the space's own; in a page
 * shared copy-on-write it is replaced too, from the other copy's source
 * (the pair rule: no copy of a shared page is replaced alone, so no
 * frame a sharer maps is written).  The frames replaced lose this
 * space's reference: a pair replaced whole drops one pair reference
 * (us_pair_put), a private copy replaced alone its frame.  US_NOMEM, and
 * nothing changed, if a frame cannot be had. */
int
us_pair_set(struct upage *pg, void *src[2], uint64 clear, uint64 set)
{
  void *pa[2] = { 0, 0 };
  pte_t old[2] = { 0, 0 };
  int whole = 1;

  if (pg->n == 2 && (src[0] == 0) != (src[1] == 0) && us_pair_shared(pg))
    src[src[0] == 0 ? 0 : 1] = src[src[0] == 0 ? 1 : 0];
  for (int i = 0; i < pg->n; i++) {
    old[i] = *pg->pte[i];
    if (src[i] == 0) {
      whole = 0;
      continue;
    }
    void *apart = pg->n < 2 ? 0 : src[1 - i] ? pa[1 - i] : (void *)PTE2PA(*pg->pte[1 - i]);
    pa[i] = frame_zeroed(src[i]) ? frame_alloc(apart, 0) : frame_copy(src[i], apart);
    if (pa[i] == 0) {
      for (int j = 0; j < i; j++)
        if (pa[j])
          frame_free(pa[j]);
      return US_NOMEM;
    }
  }
  for (int i = 0; i < pg->n; i++)
    *pg->pte[i] = PA2PTE(pa[i] ? pa[i] : (void *)PTE2PA(old[i])) | (PTE_FLAGS(old[i]) & ~clear) | set;
  if (pg->n == 2)
    frame_twin_set((void *)PTE2PA(*pg->pte[0]), (void *)PTE2PA(*pg->pte[1]));
  if (whole)
    us_pair_put(old[0], &old[1]);
  else
    for (int i = 0; i < pg->n; i++)
      if (pa[i])
        frame_free((void *)PTE2PA(old[i]));
  return US_RESOLVED;
}
