/* User address spaces: their life (create, grow, shrink, fork, exec's
 * swap, destroy), the page pairs of a mirrored space, and pagemap.  The
 * layout is in vm.h; the fault path is fault.c, memory errors recover.c,
 * what they share upage.h.
 *
 * User pages are frames from frame.c; page-table pages come from the
 * kernel pool and are charged to the address space (us_ptpage, in
 * upage.c with the rest of what a page pair needs).  An
 * address space belongs to one process and is changed by that process's
 * kernel thread (or by its parent while the child cannot run) -- and by
 * a repairer, which stops the process first (recover.c).  Frames shared
 * between spaces are reference counted in frame.c.
 *
 * fork shares every page: writable ones lose PTE_W and get PTE_COW in
 * both spaces, read-only ones are shared as they are.  The heap grows
 * lazily: sbrk only moves size; the fault path fills pages on first
 * touch.
 *
 * Mirrored spaces (us->pairs set: the program was translated by mirrorbt)
 * keep every user page twice: the native page at va and its mirror at
 * va + MIRROR_OFFSET, in frames of two different banks, with the same
 * permissions.  The two PTEs are made, changed and dropped together: a
 * page's PTEs are found by us_page_ptes (which checks that both or
 * neither are used), new frames are placed by us_fill, and every walk
 * over a range covers both halves (us_each_pair, us_each_copy).  The
 * pair shares one reference count, its native frame's (upage.h).
 *
 * Lock rule: every change that a reader (pagemap, mdiff, a repairer)
 * could trip over -- faults, shrinking, fork, exec's swap, destroy --
 * holds the space's sleep lock us->lock (the owning slot's memlock), and
 * readers hold it too.  It is taken by us_lock, which first rebuilds a
 * page-table page lost to a memory error (ptlost.c), so that no walk
 * meets one.  Nothing that holds it takes another lock that
 * sleeps, except fork (parent's, then child's). */
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
#include "kernel/mm/upage.h"

/* Drop the n pages of a run (drop_run) whose PTEs are native (and
 * mirror); inlined with and without mirrors, as fork_pages.  Returns
 * how many there were. */
static inline __attribute__((always_inline)) int
drop_pages(pte_t *native, pte_t *mirror, int n)
{
  int used = 0;

  for (int i = 0; i < n; i++) {
    if (native[i] == 0)
      continue;
    us_pair_put(native[i], mirror ? &mirror[i] : 0);
    native[i] = 0;
    if (mirror)
      mirror[i] = 0;
    used++;
  }
  return used;
}

/* Run visit (us_each_pair): drop the pages of a run, both copies in a
 * mirrored space (arg counts the pairs dropped). */
static int
drop_run(struct uspace *us, uint64 va, pte_t *native, pte_t *mirror, int n, void *arg)
{
  if (mirror)
    *(uint64 *)arg += drop_pages(native, mirror, n);
  else
    drop_pages(native, 0, n);
  return 0;
}

/* Drop the pages [start, end) (< MIRROR_LIMIT) and their mirrors, in
 * one walk; with prune set (nothing is mapped from end up), free the
 * page-table pages that lie at or above start (us_each_leaf) -- the
 * mirror half's in a walk of its own that only prunes, and only if a
 * mirror leaf begins in the mirror range (a shrink of a page or two,
 * sbrk's common case, frees none). */
static void
us_drop(struct uspace *us, uint64 start, uint64 end, int prune)
{
  uint64 mirrors = 0, mstart = start + MIRROR_OFFSET, leaf = 1UL << PXSHIFT(1);

  us_each_pair(us, start, end, drop_run, &mirrors, prune);
  if (us->pairs && prune && (mstart + leaf - 1) / leaf * leaf < end + MIRROR_OFFSET)
    us_each(us, mstart, end + MIRROR_OFFSET, 0, 0, 1);
  COUNT_BY(mirror_pages, -mirrors);
}

/* Unmap the pages [start, end) -- and their mirrors -- of a space with
 * nothing mapped from end up, and free the page-table pages that lie
 * at or above start. */
static void
us_unmap(struct uspace *us, uint64 start, uint64 end)
{
  us_drop(us, start, end, 1);
}

/* Free the leaf tables that the entries [f1, l1) of table pt1 point at,
 * without a look at their entries (they hold nothing of ours), clearing
 * each entry. */
static void
free_leaves(struct uspace *us, pagetable_t pt1, int f1, int l1)
{
  for (int i1 = f1; i1 < l1; i1++)
    if (!pt_skip8(pt1, &i1, l1) && (pt1[i1] & PTE_V)) {
      us_ptpage_free(us, (void *)PTE2PA(pt1[i1]));
      pt1[i1] = 0;
    }
}

/* The ranges where a space's page-table pages lie, in address order:
 * [0, top) (top: its size rounded up to a leaf table's span, so that
 * every leaf holding one of its pages is inside), the mirrors of those
 * pages, and the trapframe and trampoline. */
static void
table_ranges(struct uspace *us, uint64 top, uint64 r[3][2])
{
  r[0][0] = 0;
  r[0][1] = top;
  r[1][0] = MIRROR_OFFSET;
  r[1][1] = us->pairs ? MIRROR_OFFSET + top : MIRROR_OFFSET;
  r[2][0] = TRAPFRAME;
  r[2][1] = MAXVA;
  for (int k = 0; k < 3; k++)
    if (r[k][1] > MAXVA)
      r[k][1] = MAXVA;
}

/* Free the upper tables that the root's entries [f2, l2) point at,
 * clearing the entries (their leaves are gone already). */
static void
free_mids(struct uspace *us, int f2, int l2)
{
  pagetable_t pt2 = us->pt;

  for (int i2 = f2; i2 < l2; i2++)
    if (pt2[i2] & PTE_V) {
      us_ptpage_free(us, (void *)PTE2PA(pt2[i2]));
      pt2[i2] = 0;
    }
}

/* Free every page-table page of us, whose user pages were dropped
 * already (us_free): the trampoline's and the trapframe's PTEs cleared,
 * the leaves freed with no look at their entries, and each entry of the
 * upper tables cleared as it is followed -- every table goes back empty
 * (us_ptpage_free).  The tables are looked for only where a space's
 * pages can be (table_ranges), not in every entry of every upper table
 * (a scan of 512 entries a table cost more than the rest of an exit's
 * table work): no page lies at or above a space's size (the heap and
 * stack are mapped below it, fork copies a space whose pages are, exec
 * moves the size before it places a segment's pages, a shrink frees the
 * tables wholly above the new size), so no table does either; us_free's
 * count of the tables left checks it. */
static void
us_free_tables(struct uspace *us, uint64 top)
{
  pagetable_t pt2 = us->pt;
  uint64 r[3][2], gig = 1UL << PXSHIFT(2);
  pte_t *pte;

  if ((pte = vm_walk(pt2, TRAMPOLINE, 0, 0)) != 0)
    *pte = 0;
  if ((pte = vm_walk(pt2, TRAPFRAME, 0, 0)) != 0)
    *pte = 0;
  table_ranges(us, top, r);
  for (int k = 0; k < 3; k++)
    for (uint64 va = r[k][0]; va < r[k][1]; va = va / gig * gig + gig) {
      int i2 = PX(2, va), f1, l1;
      if (!(pt2[i2] & PTE_V))
        continue;
      pt_range(r[k][0], r[k][1], 1, (uint64)i2 << PXSHIFT(2), &f1, &l1);
      free_leaves(us, (pagetable_t)PTE2PA(pt2[i2]), f1, l1);
    }
  for (int k = 0; k < 3; k++)
    if (r[k][0] < r[k][1])
      free_mids(us, PX(2, r[k][0]), PX(2, r[k][1] - 1) + 1);
  us_ptpage_free(us, pt2);
}

/* Free every page, page-table page and the pair table; no lock taken.
 * The pages are dropped up to the size rounded up to a leaf's span (not
 * up to MIRROR_LIMIT: a scan of every entry of the first upper table);
 * none lies above (us_free_tables). */
static void
us_free(struct uspace *us)
{
  uint64 leaf = 1UL << PXSHIFT(1), top = (us->size + leaf - 1) / leaf * leaf;

  if (us->pt == 0)
    return;
  us_drop(us, 0, top, 0);
  us_free_tables(us, top);
  if (us->ptpages != 0)
    panic("us_free: page-table pages unaccounted");
  if (us->pairs) {
    pairs_put(us->pairs);
    COUNT_BY(mirrored_spaces, -1);
  }
  us->pt = 0;
  us->pairs = 0;
  us->size = us->heap = us->lazy = 0;
}

/* Take us's lock (every walk of its tables holds it, uspace.c's lock
 * rule).  A leaf table of us lost to a memory error is made again here,
 * before anything walks (ptlost.c); the test is one load. */
void
us_lock(struct uspace *us)
{
  sleeplock_acquire(us->lock);
  if (us->lost_tables)
    pt_rebuild(us);
}

/* An empty, unmirrored address space with the trampoline and the
 * trapframe page at tf_pa mapped, locked by lock (its slot's memlock).
 * -1 if out of memory. */
int
us_create(struct uspace *us, uint64 tf_pa, struct sleeplock *lock)
{
  us->size = us->heap = us->lazy = 0;
  us->ptpages = 0;
  us->lost_tables = 0;
  us->lost_root = 0;
  us->pairs = 0;
  us->lock = lock;
  us->trapframe = tf_pa;
  us->trampoline = kro_trampoline();
  us->pt = us_ptpage(us, 0, 2);
  if (us->pt == 0)
    return -1;
  if (vm_map(us->pt, TRAMPOLINE, us->trampoline, PGSIZE, US_TRAMPOLINE_PERM, us_ptpage, us) < 0 ||
      vm_map(us->pt, TRAPFRAME, tf_pa, PGSIZE, US_TRAPFRAME_PERM, us_ptpage, us) < 0) {
    us_free(us);
    return -1;
  }
  return 0;
}

/* The trapframe mapped at TRAPFRAME moved to frame pa (kro_own_use made
 * it again after a loss).  The caller keeps the space's process off
 * every hart meanwhile (its lock), and nothing else writes this PTE but
 * us_create and us_free_tables, which the process itself runs, and a
 * rebuild of the lost table over it (ptlost.c), which happens while the
 * process is stopped: its trapframe is in use then, so it cannot be
 * lost and move. */
void
us_trapframe_set(struct uspace *us, uint64 pa)
{
  pte_t *pte = us->pt ? vm_walk(us->pt, TRAPFRAME, 0, 0) : 0;

  us->trapframe = pa;
  if (pte != 0 && (*pte & PTE_V))
    *pte = PA2PTE(pa) | PTE_FLAGS(*pte);
}

/* The trampoline's page moved to another frame (after a memory error:
 * kro_trampoline_follow): us's TRAMPOLINE PTE follows, as its process
 * goes back to user mode (usertrap_return; the next sfence.vma is
 * userret's).  The tables over it are whole then: their loss stops the
 * process, and they are made again before it goes on (ptlost.c), with
 * the frame kro_trampoline says. */
void
us_trampoline_follow(struct uspace *us)
{
  uint64 pa = kro_trampoline();
  pte_t *pte;

  if (us->trampoline == pa || us->pt == 0)
    return;
  if ((pte = vm_walk(us->pt, TRAMPOLINE, 0, 0)) != 0 && (*pte & PTE_V))
    *pte = PA2PTE(pa) | PTE_FLAGS(*pte);
  us->trampoline = pa;
}

/* Make the empty space us mirrored, with pair table t (its reference
 * passes to us). */
void
us_set_mirrored(struct uspace *us, struct pairtab *t)
{
  if (us->size != 0 || us->pairs)
    panic("us_set_mirrored: not a new space");
  us->pairs = t;
  COUNT(mirrored_spaces);
}

/* Free the user frames and every page-table page.  The trampoline and
 * the trapframe page are not ours to free.  Called in exit, so a dead
 * process holds no memory while it waits to be reaped. */
void
us_destroy(struct uspace *us)
{
  if (us->pt == 0)
    return;
  us_lock(us);
  us_free(us);
  sleeplock_release(us->lock);
}

/* exec's commit: the process's space cur becomes the new space built in
 * *new, and the old one is freed; *new is left empty.  gen is what
 * frame_errors() said before new was begun: if memory errors happened
 * since, new -- out of the injector's sight until now -- gets its bad
 * copies rebuilt here first, under the lock that every later repair
 * takes too.  -1 (nothing swapped) if a page of new has no healthy copy
 * left. */
int
us_replace(struct uspace *cur, struct uspace *new, uint64 gen)
{
  struct uspace old;

  us_lock(cur);
  if (frame_errors() != gen) {
    uint64 lo, hi;
    frame_span(-1, &lo, &hi);
    rec_poison(new, lo, hi);
    if (rec_rebuild(new, 0) > 0) {
      sleeplock_release(cur->lock);
      return -1;
    }
  }
  old = *cur;
  *cur = *new;
  sleeplock_release(cur->lock);
  us_free(&old);
  new->pt = 0;
  return 0;
}

/* exec's loader: map the unused page va of the new space us -- which no
 * other process can reach yet, so its frames may be handed out -- with
 * perm (PTE_U is added), and give its frames back in pa[] (pa[1] 0 when
 * unmirrored) for the caller to fill: zeroed only with zero set.  -1
 * (nothing mapped) past MIRROR_LIMIT or when memory is short: the last
 * US_EXEC_KEEP frames are left to the running processes, so an oversized
 * program fails to load instead of starving them for a moment.  The
 * caller moves size.  A frame poisoned before the image is swapped in is found
 * then (us_replace). */
int
us_place(struct uspace *us, uint64 va, int perm, int zero, void *pa[2])
{
  struct upage pg;

  if (us_page_ptes(us, va, 1, &pg) < 0 ||
      us_fill(&pg, perm | PTE_U, US_EXEC_KEEP, zero, pa) != US_RESOLVED)
    return -1;
  return 0;
}

/* Shrink to newsize bytes, freeing the pages above it.  Entries cached
 * in the TLB go when trampoline.S switches page tables (sfence.vma). */
void
us_shrink(struct uspace *us, uint64 newsize)
{
  if (newsize >= us->size)
    return;
  us_lock(us);
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

/* The child of a fork being filled (us_fork): its space and the pages
 * shared so far. */
struct fork_dst {
  struct uspace *us;
  uint64 shared, mirrors;
  int poisoned;           /* a PTE copied is not valid: poisoned */
};

/* Share a page's copy whose PTE is *from with the child, at *to:
 * copy-on-write in both spaces when writable (PTE_W moved to PTE_COW,
 * without a branch), else copied as it is (read-only pages, the zero
 * frame, PTEs that are not valid: a poisoned copy's mark goes with it).
 * Returns the bits changed (0 or PTE_W | PTE_COW). */
static inline pte_t
fork_pte(pte_t *from, pte_t *to)
{
  pte_t v = *from, w = v & PTE_W, change = w | w << 6;

  _Static_assert(PTE_COW == PTE_W << 6, "fork_pte moves PTE_W to PTE_COW by a shift");
  *from = *to = v ^ change;
  return change;
}

/* Share the n pages of a run (fork_run): their PTEs native (and
 * mirror), the child's to (and mto).  A mirror PTE changes by exactly
 * the bits its native PTE changed: the two carry the same permissions
 * and copy-on-write state (the pair invariant), so one xor does it.
 * Inlined twice, with and without mirrors, so that neither loop tests
 * for them.  Returns how many PTEs were used; *valid is and-ed with
 * each PTE shared. */
static inline __attribute__((always_inline)) int
fork_pages(pte_t *native, pte_t *to, pte_t *mirror, pte_t *mto, int n, pte_t *valid)
{
  pte_t v = *valid;
  int used = 0;

  for (int i = 0; i < n; i++) {
    if (native[i] == 0)
      continue;
    us_pair_dup(native[i]);
    pte_t change = fork_pte(&native[i], &to[i]);
    v &= native[i];
    if (mirror) {
      mirror[i] = mto[i] = mirror[i] ^ change;
      v &= mirror[i];
    }
    used++;
  }
  *valid = v;
  return used;
}

/* Run visit for us_fork: share a run of pages -- both copies, one
 * reference: the pair rule -- with the child (arg, a fork_dst), whose
 * tables for the run are found (made) once.  The pair invariant is left
 * to us_page_ptes, which checks it on every later access: this loop
 * runs for every page of every fork. */
static int
fork_run(struct uspace *src, uint64 va, pte_t *native, pte_t *mirror, int n, void *arg)
{
  struct fork_dst *dst = arg;
  pte_t *to = vm_walk(dst->us->pt, va, us_ptpage, dst->us);
  pte_t *mto = mirror ? vm_walk(dst->us->pt, va + MIRROR_OFFSET, us_ptpage, dst->us) : 0;
  pte_t valid = PTE_V;            /* PTE_V of every PTE shared, and-ed */
  int used;

  if (to == 0 || (mirror && mto == 0))
    return -1;
  if (mirror)
    used = fork_pages(native, to, mirror, mto, n, &valid);
  else
    used = fork_pages(native, to, 0, 0, n, &valid);
  dst->shared += used;
  dst->mirrors += mirror ? used : 0;
  dst->poisoned |= !valid;
  return 0;
}

/* Share every page of src (and its mirror) with dst, fresh from
 * us_create.  -1 if a page-table page cannot be had; dst's pages are
 * then dropped (src keeps its COW marks, harmless: its next write takes
 * the frame back).  A poisoned copy dst got is rebuilt at once (the
 * child has no user context yet): a bank failure that passed dst's
 * empty slot before the fork filled it must not leave dst with a page
 * that has one copy.  The copies of src were marked by the injector
 * before fork took src's lock -- unless a memory error was being marked
 * then or came during the walk: then dst is searched for poisoned
 * frames afterwards (so that the walk itself looks at no frame's
 * state). */
int
us_fork(struct uspace *dst, struct uspace *src)
{
  struct fork_dst fd = { .us = dst };
  int r;

  us_lock(src);
  us_lock(dst);
  uint64 errors = frame_errors();
  int unsure = rec_injecting();
  if (src->pairs)
    us_set_mirrored(dst, pairs_share(src->pairs));
  dst->size = src->size;
  dst->heap = src->heap;
  dst->lazy = src->lazy;
  r = us_each_pair(src, 0, src->size, fork_run, &fd, 0);
  COUNT_BY(fork_shared, fd.shared);
  COUNT_BY(mirror_pages, fd.mirrors);
  if (r == 0 && (unsure || frame_errors() != errors)) {
    uint64 lo, hi;
    frame_span(-1, &lo, &hi);
    rec_poison(dst, lo, hi);
    fd.poisoned = 1;
  }
  if (r != 0)
    us_unmap(dst, 0, src->size);
  else if (fd.poisoned)
    rec_rebuild(dst, 0);
  sleeplock_release(dst->lock);
  sleeplock_release(src->lock);
  return r == 0 ? 0 : -1;
}

void
us_memstat(struct memstat *ms)
{
  ms->fork_shared = COUNTER(fork_shared);
  ms->cow_faults = COUNTER(cow_faults);
  ms->cow_avoided = COUNTER(cow_avoided);
  ms->lazy_pages = COUNTER(lazy_pages);
  ms->zero_maps = COUNTER(zero_maps);
  ms->pair_faults = COUNTER(pair_faults);
  ms->mirrored_procs = COUNTER(mirrored_spaces);
  ms->mirrored_pages = COUNTER(mirror_pages);
  ms->recovered_native = COUNTER(recovered[0]);
  ms->recovered_mirror = COUNTER(recovered[1]);
  ms->unrecoverable = COUNTER(lost);
  ms->rebuild_deferred = COUNTER(deferred);
  ms->windows_settled = COUNTER(settled);
  ms->tables_rebuilt = COUNTER(tables_rebuilt);
}

/* A pagemap record being filled (us_pagemap). */
struct pm_fill {
  struct pagemap *buf;
  int n, max;
};

/* The frame and bank fields of one copy. */
static void
pm_frame(pte_t pte, uint64 *pa, uint8 *bank)
{
  void *f = (void *)PTE2PA(pte);

  *pa = (uint64)f;
  *bank = f == frame_zero() ? PM_NOBANK : frame_bank(f);
}

/* One record: the native page at va, its PTE pte, and its mirror's
 * PTE mirror (0 when the space is not mirrored). */
static void
pm_record(struct pagemap *m, uint64 va, pte_t pte, const pte_t *mirror)
{
  memset(m, 0, sizeof *m);
  m->va = va;
  m->flags = (pte & PTE_R ? PM_R : 0) | (pte & PTE_W ? PM_W : 0) |
             (pte & PTE_X ? PM_X : 0) | (pte & PTE_COW ? PM_COW : 0) |
             (pte & PTE_V ? 0 : PM_INVALID) |
             (frame_zeroed((void *)PTE2PA(pte)) ? PM_ZERO : 0);
  pm_frame(pte, &m->pa, &m->bank);
  m->ref = m->bank == PM_NOBANK ? 0 : frame_refs((void *)m->pa);
  m->mirror_bank = PM_NOBANK;
  if (mirror) {
    pair_check(pte, *mirror);
    m->flags |= PM_MIRROR | (*mirror & PTE_V ? 0 : PM_MIRROR_INVALID);
    pm_frame(*mirror, &m->mirror_pa, &m->mirror_bank);
    m->mirror_ref = m->ref;       /* the pair rule: one count, the native frame's */
  }
}

/* Run visit for us_pagemap (us_each_pair): a record per used native
 * PTE of the run; 1 when the buffer is full. */
static int
pm_run(struct uspace *us, uint64 va, pte_t *native, pte_t *mirror, int n, void *arg)
{
  struct pm_fill *f = arg;

  for (int i = 0; i < n; i++, va += PGSIZE) {
    if (native[i] == 0)
      continue;
    pm_record(&f->buf[f->n], va, native[i], mirror ? &mirror[i] : 0);
    if (++f->n == f->max)
      return 1;
  }
  return 0;
}

/* Up to max records (pagemap.h) for the user pages at or above va into
 * buf.  The number filled.  us->lock held. */
int
us_pagemap(struct uspace *us, uint64 va, struct pagemap *buf, int max)
{
  struct pm_fill f = { buf, 0, max };

  if (us->pt && max > 0)
    us_each_pair(us, PGROUNDDOWN(va), us->size, pm_run, &f, 0);
  return f.n;
}

