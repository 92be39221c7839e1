/* User address spaces (layout in vm.h) and the page-fault resolver.
 *
 * User pages are frames from frame.c; page-table pages come from the
 * kernel pool.  An address space belongs to one process and is changed
 * only by that process's kernel thread (or by its parent while the child
 * cannot run), so no lock is needed here; the frame and page allocators
 * lock themselves, and frames shared between spaces are reference
 * counted there.
 *
 * fork shares every page: writable ones lose PTE_W and get PTE_COW in
 * both spaces, read-only ones are shared as they are.  The heap grows
 * lazily: sbrk only moves size, and a fault in [heap, size) maps a zeroed
 * frame.  PTE changes to the running process need no sfence.vma here:
 * the kernel runs on its own page table and userret flushes the TLB when
 * it switches back (trampoline.S). */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/memstat.h"
#include "kernel/mm/vm.h"

extern char trampoline_start[];

/* Counters for memstat, since boot (updated with atomic adds). */
static uint64 n_fork_shared, n_cow_faults, n_cow_avoided, n_lazy_pages;

#define COUNT(c) __atomic_fetch_add(&(c), 1, __ATOMIC_RELAXED)

/* sbrk refuses to grow when fewer than 2 * min(pages asked, SBRK_CHECK)
 * frames are free: a program growing step by step while memory is
 * already short then sees -1 instead of dying on a touch.  It reserves
 * nothing; the out-of-memory kill in a lazy fault stays the backstop. */
#define SBRK_CHECK    1024

/* A process may reserve at most this many times the user frames as
 * address space (1.75 GiB with 112 MiB of frames): sparse use far beyond
 * RAM works, an absurd request (2 GiB at once) fails early. */
#define SBRK_OVERCOMMIT 16

/* va has no level-0 table (vm_walk gave 0): the last page of its 2 MiB
 * block, so a loop's "a += PGSIZE" goes on at the next block. */
static uint64
hole_end(uint64 va)
{
  return (va | ((1UL << 21) - 1)) - (PGSIZE - 1);
}

/* Remove the mappings of [va, va + n pages), skipping holes, and give the
 * frames back when free_frames is set. */
static void
us_unmap(pagetable_t pt, uint64 va, uint64 npages, int free_frames)
{
  for (uint64 a = va; a < va + npages * PGSIZE; a += PGSIZE) {
    pte_t *pte = vm_walk(pt, a, 0);
    if (pte == 0)
      a = hole_end(a);
    if (pte == 0 || !(*pte & PTE_V))
      continue;
    if (free_frames)
      frame_free((void *)PTE2PA(*pte));
    *pte = 0;
  }
}

/* Free a page-table tree whose leaves have all been unmapped. */
static void
pt_free(pagetable_t pt)
{
  for (int i = 0; i < 512; i++) {
    pte_t pte = pt[i];
    if (!(pte & PTE_V))
      continue;
    if (pte & (PTE_R | PTE_W | PTE_X))
      panic("pt_free: leaf still mapped");
    pt_free((pagetable_t)PTE2PA(pte));
  }
  kpage_free(pt);
}

/* Free the page-table pages below pt (a table at level) that map
 * nothing any more.  1 if pt itself is now empty. */
static int
pt_prune(pagetable_t pt, int level)
{
  int used = 0;

  for (int i = 0; i < 512; i++) {
    pte_t pte = pt[i];
    if (!(pte & PTE_V))
      continue;
    if (level > 0 && !(pte & (PTE_R | PTE_W | PTE_X)) &&
        pt_prune((pagetable_t)PTE2PA(pte), level - 1)) {
      kpage_free((void *)PTE2PA(pte));
      pt[i] = 0;
    } else {
      used = 1;
    }
  }
  return !used;
}

/* An empty address space with the trampoline and the trapframe page at
 * tf_pa mapped.  -1 if out of memory. */
int
us_create(struct uspace *us, uint64 tf_pa)
{
  us->size = us->heap = 0;
  us->pt = kpage_alloc();
  if (us->pt == 0)
    return -1;
  if (vm_map(us->pt, TRAMPOLINE, (uint64)trampoline_start, PGSIZE, PTE_R | PTE_X) < 0 ||
      vm_map(us->pt, TRAPFRAME, tf_pa, PGSIZE, PTE_R | PTE_W) < 0) {
    us_destroy(us);
    return -1;
  }
  return 0;
}

/* Free the user frames and the page table.  The trampoline and the
 * trapframe page are not ours to free. */
void
us_destroy(struct uspace *us)
{
  if (us->pt == 0)
    return;
  us_unmap(us->pt, 0, PGROUNDUP(us->size) / PGSIZE, 1);
  us_unmap(us->pt, TRAPFRAME, 2, 0);
  pt_free(us->pt);
  us->pt = 0;
  us->size = us->heap = 0;
}

/* Grow to newsize bytes, mapping zeroed frames with perm (PTE_U is
 * added).  -1 (and no change) if out of memory or past MIRROR_LIMIT. */
int
us_grow(struct uspace *us, uint64 newsize, int perm)
{
  uint64 old = PGROUNDUP(us->size);

  if (newsize > MIRROR_LIMIT)
    return -1;
  for (uint64 a = old; a < newsize; a += PGSIZE) {
    void *pa = frame_alloc();
    if (pa == 0 || vm_map(us->pt, a, (uint64)pa, PGSIZE, perm | PTE_U) < 0) {
      if (pa)
        frame_free(pa);
      us_unmap(us->pt, old, (a - old) / PGSIZE, 1);
      pt_prune(us->pt, 2);
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
  uint64 keep = PGROUNDUP(newsize), old = PGROUNDUP(us->size);

  if (newsize >= us->size)
    return;
  if (old > keep) {
    us_unmap(us->pt, keep, (old - keep) / PGSIZE, 1);
    pt_prune(us->pt, 2);
  }
  us->size = newsize;
}

/* Lazy growth for sbrk: only the size moves; pages come on first touch.
 * -1 (and no change) past MIRROR_LIMIT or SBRK_OVERCOMMIT, or when
 * memory is short (SBRK_CHECK). */
int
us_reserve(struct uspace *us, uint64 newsize)
{
  uint64 pages = (PGROUNDUP(newsize) - PGROUNDUP(us->size)) / PGSIZE;

  if (newsize > MIRROR_LIMIT || newsize > SBRK_OVERCOMMIT * FRAME_COUNT * PGSIZE ||
      newsize < us->size)
    return -1;
  if (frame_free_count() < 2 * (pages < SBRK_CHECK ? pages : SBRK_CHECK))
    return -1;
  us->size = newsize;
  return 0;
}

/* Share every page of src with dst (fresh, from us_create): writable
 * pages become copy-on-write in both.  -1 if a page-table page cannot be
 * had; dst's pages are then dropped (src keeps its COW marks, harmless:
 * its next write takes the frame back). */
int
us_fork(struct uspace *dst, struct uspace *src)
{
  dst->size = src->size;
  dst->heap = src->heap;
  for (uint64 a = 0; a < src->size; a += PGSIZE) {
    pte_t *pte = vm_walk(src->pt, a, 0);
    if (pte == 0)
      a = hole_end(a);
    if (pte == 0 || !(*pte & PTE_V))
      continue;
    if (*pte & PTE_W)
      *pte = (*pte & ~PTE_W) | PTE_COW;
    uint64 pa = PTE2PA(*pte);
    if (vm_map(dst->pt, a, pa, PGSIZE, PTE_FLAGS(*pte) & ~PTE_V) < 0) {
      us_shrink(dst, 0);
      return -1;
    }
    frame_dup((void *)pa);
    COUNT(n_fork_shared);
  }
  return 0;
}

/* A write fault on the copy-on-write page at *pte: the last reference
 * is taken over, otherwise the frame is copied and one reference
 * dropped.  A sharer that copies first leaves the others a count that
 * is still right. */
static int
us_cow_break(pte_t *pte)
{
  void *old = (void *)PTE2PA(*pte);
  uint64 flags = (PTE_FLAGS(*pte) & ~PTE_COW) | PTE_W;

  if (frame_refs(old) == 1) {
    *pte = PA2PTE(old) | flags;
    COUNT(n_cow_avoided);
  } else {
    void *new = frame_alloc();
    if (new == 0)
      return US_NOMEM;
    memmove(new, old, PGSIZE);
    *pte = PA2PTE(new) | flags;
    frame_free(old);
  }
  COUNT(n_cow_faults);
  return US_RESOLVED;
}

/* A fault on the untouched heap page at va: map a zeroed frame. */
static int
us_lazy_fill(struct uspace *us, uint64 va)
{
  void *pa = frame_alloc();

  if (pa == 0)
    return US_NOMEM;
  if (vm_map(us->pt, PGROUNDDOWN(va), (uint64)pa, PGSIZE, USER_RW) < 0) {
    frame_free(pa);
    return US_NOMEM;
  }
  COUNT(n_lazy_pages);
  return US_RESOLVED;
}

/* The one page-fault resolver, for user traps and kernel accesses alike:
 * may the process access va so (enum us_access), after mapping a lazy
 * heap page or breaking copy-on-write if needed?  enum us_fault; when
 * resolved, *ptep is the page's PTE.  Addresses at or past MAXVA are
 * refused before any walk. */
static int
us_fault(struct uspace *us, uint64 va, int access, pte_t **ptep)
{
  if (va >= MAXVA || va >= us->size)
    return US_ILLEGAL;
  pte_t *pte = vm_walk(us->pt, va, 0);
  if (pte == 0 || !(*pte & PTE_V)) {
    if (va < us->heap || access == US_EXEC)
      return US_ILLEGAL;
    int r = us_lazy_fill(us, va);
    *ptep = vm_walk(us->pt, va, 0);   /* first touch only */
    return r;
  }
  *ptep = pte;
  if (!(*pte & PTE_U))
    return US_ILLEGAL;
  switch (access) {
  case US_READ:
    return *pte & PTE_R ? US_RESOLVED : US_ILLEGAL;
  case US_WRITE:
    if (*pte & PTE_COW)
      return us_cow_break(pte);
    return *pte & PTE_W ? US_RESOLVED : US_ILLEGAL;
  case US_EXEC:
    return *pte & PTE_X ? US_RESOLVED : US_ILLEGAL;
  default:
    return US_RESOLVED;     /* US_LOAD: exec's own fresh pages */
  }
}

int
us_resolve(struct uspace *us, uint64 va, int access)
{
  pte_t *pte;

  return us_fault(us, va, access, &pte);
}

void
us_memstat(struct memstat *ms)
{
  ms->fork_shared = __atomic_load_n(&n_fork_shared, __ATOMIC_RELAXED);
  ms->cow_faults = __atomic_load_n(&n_cow_faults, __ATOMIC_RELAXED);
  ms->cow_avoided = __atomic_load_n(&n_cow_avoided, __ATOMIC_RELAXED);
  ms->lazy_pages = __atomic_load_n(&n_lazy_pages, __ATOMIC_RELAXED);
}

/* The one door from the kernel to user memory: a kernel pointer to the
 * byte at user address va, or 0 if the process may not access it that
 * way.  Faults are resolved here as for user code; running out of memory
 * kills the process (only the current one's space ever needs a frame
 * here: exec fills pages it mapped itself). */
void *
us_page(struct uspace *us, uint64 va, int access)
{
  pte_t *pte;
  int r = us_fault(us, va, access, &pte);

  if (r == US_NOMEM)
    trap_fault_kill("out of memory in a system call", va);
  if (r != US_RESOLVED)
    return 0;
  return (void *)(PTE2PA(*pte) + (va % PGSIZE));
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
    if (access == US_READ)
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
  return us_copy(us, src, dst, len, US_READ);
}

/* Copy a NUL-terminated string of at most max bytes (NUL included).
 * Its length, or -1 if the address is bad or no NUL comes in time. */
int
us_copyinstr(struct uspace *us, char *dst, uint64 src, uint64 max)
{
  uint64 got = 0;

  while (got < max) {
    char *u = us_page(us, src + got, US_READ);
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
