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
 * Lock rule: the resolver (us_fault) allocates, zeroes and copies, so it
 * must never run with a spinlock held; it checks (spin_assert_none).
 * PTE changes to the running process need no sfence.vma here: the kernel
 * runs on its own page table and userret flushes the TLB when it
 * switches back (trampoline.S). */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/memstat.h"
#include "kernel/mm/vm.h"

extern char trampoline_start[];

/* Counters for memstat, since boot (updated with atomic adds). */
static uint64 n_fork_shared, n_cow_faults, n_cow_avoided, n_lazy_pages, n_zero_maps;

#define COUNT(c) __atomic_fetch_add(&(c), 1, __ATOMIC_RELAXED)

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

/* A visit of the used leaf PTEs in [start, end) (us_each). */
struct us_walk {
  struct uspace *us;
  uint64 start, end;
  int (*visit)(struct uspace *us, uint64 va, pte_t *pte, void *arg);
  void *arg;
  int prune;        /* free page-table pages the visits leave empty */
};

/* Walk the table pt at level, which maps the addresses from base. */
static int
walk_table(struct us_walk *w, pagetable_t pt, int level, uint64 base)
{
  uint64 span = 1UL << (PGSHIFT + 9 * level);
  int first = w->start > base ? (w->start - base) / span : 0;

  for (int i = first; i < 512 && base + i * span < w->end; i++) {
    pte_t *pte = &pt[i];
    int r = 0;
    if (level == 0) {
      if (*pte != 0)
        r = w->visit(w->us, base + i * span, pte, w->arg);
    } else if (*pte & PTE_V) {
      pagetable_t sub = (pagetable_t)PTE2PA(*pte);
      r = walk_table(w, sub, level - 1, base + i * span);
      if (w->prune && pt_empty(sub)) {
        us_ptpage_free(w->us, sub);
        *pte = 0;
      }
    }
    if (r)
      return r;
  }
  return 0;
}

/* The one page iterator: visit(us, va, pte, arg) for every used leaf PTE
 * (not zero, valid or not) in [start, end), in address order, skipping
 * missing page-table pages.  A visit may change or clear the PTE; a
 * non-zero return stops the walk and is returned.  With prune set,
 * page-table pages left empty are freed. */
static int
us_each(struct uspace *us, uint64 start, uint64 end,
        int (*visit)(struct uspace *, uint64, pte_t *, void *), void *arg, int prune)
{
  struct us_walk w = { us, start, end, visit, arg, prune };

  return walk_table(&w, us->pt, 2, 0);
}

/* Visit: drop a page (a user frame loses a reference; the trampoline
 * and trapframe, not PTE_U, are not ours to free). */
static int
drop_page(struct uspace *us, uint64 va, pte_t *pte, void *arg)
{
  if (*pte & PTE_U)
    frame_free((void *)PTE2PA(*pte));
  *pte = 0;
  return 0;
}

/* Unmap [start, end) and free the page-table pages left empty. */
static void
us_unmap(struct uspace *us, uint64 start, uint64 end)
{
  us_each(us, start, end, drop_page, 0, 1);
}

/* An empty address space with the trampoline and the trapframe page at
 * tf_pa mapped.  -1 if out of memory. */
int
us_create(struct uspace *us, uint64 tf_pa)
{
  us->size = us->heap = 0;
  us->ptpages = 0;
  us->pt = us_ptpage(us);
  if (us->pt == 0)
    return -1;
  if (vm_map(us->pt, TRAMPOLINE, (uint64)trampoline_start, PGSIZE, PTE_R | PTE_X, us_ptpage, us) < 0 ||
      vm_map(us->pt, TRAPFRAME, tf_pa, PGSIZE, PTE_R | PTE_W, us_ptpage, us) < 0) {
    us_destroy(us);
    return -1;
  }
  return 0;
}

/* Free the user frames and every page-table page.  The trampoline and
 * the trapframe page are not ours to free.  Called in exit, so a dead
 * process holds no memory while it waits to be reaped. */
void
us_destroy(struct uspace *us)
{
  if (us->pt == 0)
    return;
  us_unmap(us, 0, MAXVA);
  us_ptpage_free(us, us->pt);
  if (us->ptpages != 0)
    panic("us_destroy: page-table pages unaccounted");
  us->pt = 0;
  us->size = us->heap = 0;
}

/* Grow to newsize bytes, mapping zeroed frames with perm (PTE_U is
 * added): exec's eager loading.  -1 (and no change) past MIRROR_LIMIT or
 * when memory is short: the last US_EXEC_KEEP frames are left to the
 * running processes, so an oversized program fails to load instead of
 * starving them for a moment. */
int
us_grow(struct uspace *us, uint64 newsize, int perm)
{
  uint64 old = PGROUNDUP(us->size);

  if (newsize > MIRROR_LIMIT)
    return -1;
  for (uint64 a = old; a < newsize; a += PGSIZE) {
    void *pa = frame_alloc_keep(US_EXEC_KEEP);
    if (pa == 0 || vm_map(us->pt, a, (uint64)pa, PGSIZE, perm | PTE_U, us_ptpage, us) < 0) {
      if (pa)
        frame_free(pa);
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
  us_unmap(us, PGROUNDUP(newsize), PGROUNDUP(us->size));
  us->size = newsize;
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

/* Visit for us_fork: share one page with the child space arg.  Writable
 * pages become copy-on-write in both; everything else (read-only pages,
 * the zero frame, PTEs that are not valid) is copied as it is. */
static int
fork_share(struct uspace *src, uint64 va, pte_t *pte, void *arg)
{
  struct uspace *dst = arg;
  pte_t *d = vm_walk(dst->pt, va, us_ptpage, dst);

  if (d == 0)
    return -1;
  if (*pte & PTE_W)
    *pte = (*pte & ~PTE_W) | PTE_COW;
  *d = *pte;
  frame_dup((void *)PTE2PA(*pte));
  COUNT(n_fork_shared);
  return 0;
}

/* Share every page of src with dst (fresh, from us_create).  -1 if a
 * page-table page cannot be had; dst's pages are then dropped (src keeps
 * its COW marks, harmless: its next write takes the frame back). */
int
us_fork(struct uspace *dst, struct uspace *src)
{
  dst->size = src->size;
  dst->heap = src->heap;
  if (us_each(src, 0, src->size, fork_share, dst, 0) != 0) {
    us_unmap(dst, 0, src->size);
    return -1;
  }
  return 0;
}

/* A write fault on the copy-on-write page at *pte: the last reference
 * is taken over, otherwise the frame is copied (the zero frame is never
 * taken over, and a fresh frame is already zero) and one reference
 * dropped.  A sharer that copies first leaves the others a count that
 * is still right. */
static int
us_cow_break(pte_t *pte)
{
  void *old = (void *)PTE2PA(*pte);
  uint64 flags = (PTE_FLAGS(*pte) & ~PTE_COW) | PTE_W;

  if (old != frame_zero() && frame_refs(old) == 1) {
    *pte = PA2PTE(old) | flags;
    COUNT(n_cow_avoided);
  } else {
    void *new = frame_alloc();
    if (new == 0)
      return US_NOMEM;
    if (old != frame_zero())
      memmove(new, old, PGSIZE);
    *pte = PA2PTE(new) | flags;
    frame_free(old);
  }
  COUNT(n_cow_faults);
  return US_RESOLVED;
}

/* The first touch of the untouched heap page at va: a read maps the
 * zero frame read-only and copy-on-write, anything else a zeroed frame.
 * *ptep is the new PTE. */
static int
us_lazy_fill(struct uspace *us, uint64 va, int access, pte_t **ptep)
{
  pte_t *pte = vm_walk(us->pt, va, us_ptpage, us);

  if (pte == 0)
    return US_NOMEM;
  if (access == US_READ) {
    *pte = PA2PTE(frame_zero()) | PTE_V | PTE_R | PTE_U | PTE_COW;
    COUNT(n_zero_maps);
  } else {
    void *pa = frame_alloc();
    if (pa == 0)
      return US_NOMEM;
    *pte = PA2PTE(pa) | PTE_V | USER_RW;
    COUNT(n_lazy_pages);
  }
  *ptep = pte;
  return US_RESOLVED;
}

/* The one page-fault resolver, for user traps and kernel accesses alike:
 * may the process access va so (enum us_access), after mapping a lazy
 * heap page or breaking copy-on-write if needed?  enum us_fault; when
 * resolved, *pap is the frame's physical address.  Addresses at or past
 * MAXVA are refused before any walk.  Never called with a spinlock held. */
static int
us_fault(struct uspace *us, uint64 va, int access, uint64 *pap)
{
  pte_t *pte;
  int r = US_RESOLVED;

  spin_assert_none("us_fault: spinlock held");
  if (va >= MAXVA || va >= us->size)
    return US_ILLEGAL;
  pte = vm_walk(us->pt, va, 0, 0);
  if (pte == 0 || *pte == 0) {                /* never touched */
    if (va < us->heap || access == US_EXEC)
      return US_ILLEGAL;
    if (access == US_KREAD) {
      *pap = (uint64)frame_zero();
      return US_RESOLVED;
    }
    r = us_lazy_fill(us, va, access, &pte);
  } else if (!(*pte & PTE_V)) {
    panic("us_fault: PTE in a software state");   /* none exist yet */
  } else if (!(*pte & PTE_U)) {
    r = US_ILLEGAL;
  } else if ((access == US_WRITE) && (*pte & PTE_COW)) {
    r = us_cow_break(pte);
  } else if (!(*pte & us_access_bits[access])) {
    r = US_ILLEGAL;
  }
  if (r == US_RESOLVED)
    *pap = PTE2PA(*pte);
  return r;
}

int
us_resolve(struct uspace *us, uint64 va, int access)
{
  uint64 pa;

  return us_fault(us, va, access, &pa);
}

void
us_memstat(struct memstat *ms)
{
  ms->fork_shared = __atomic_load_n(&n_fork_shared, __ATOMIC_RELAXED);
  ms->cow_faults = __atomic_load_n(&n_cow_faults, __ATOMIC_RELAXED);
  ms->cow_avoided = __atomic_load_n(&n_cow_avoided, __ATOMIC_RELAXED);
  ms->lazy_pages = __atomic_load_n(&n_lazy_pages, __ATOMIC_RELAXED);
  ms->zero_maps = __atomic_load_n(&n_zero_maps, __ATOMIC_RELAXED);
}

/* The one door from the kernel to user memory: a kernel pointer to the
 * byte at user address va, or 0 if the process may not access it that
 * way.  Faults are resolved here as for user code; running out of memory
 * goes to trap_oom (only the current one's space ever needs a frame
 * here: exec fills pages it mapped itself).  A US_KREAD pointer may
 * point into the shared zero frame: read it, never write it. */
void *
us_page(struct uspace *us, uint64 va, int access)
{
  uint64 pa;
  int r = us_fault(us, va, access, &pa);

  if (r == US_NOMEM)
    trap_oom("out of memory in a system call", va);
  if (r != US_RESOLVED)
    return 0;
  return (void *)(pa + (va % PGSIZE));
}

/* Copy len bytes between the kernel and user address va, a page at a
 * time.  0, or -1 on a bad address (part may have been copied). */
static int
us_copy(struct uspace *us, uint64 va, void *kbuf, uint64 len, int access)
{
  char *k = kbuf;

  while (len > 0) {
    char *u = us_page(us, va, access);
    if (u == 0)
      return -1;
    uint64 n = PGSIZE - va % PGSIZE;
    if (n > len)
      n = len;
    if (access == US_KREAD)
      memmove(k, u, n);
    else
      memmove(u, k, n);
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
    char *u = us_page(us, src + got, US_KREAD);
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
