/* User address spaces (layout in vm.h).
 *
 * User pages are frames from frame.c; page-table pages come from the
 * kernel pool.  An address space belongs to one process and is changed
 * only by that process's kernel thread (or by its parent while the child
 * cannot run), so no lock is needed here; the frame and page allocators
 * lock themselves. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/mm/vm.h"

extern char trampoline_start[];

/* Remove the mappings of [va, va + n pages), skipping holes, and give the
 * frames back when free_frames is set. */
static void
us_unmap(pagetable_t pt, uint64 va, uint64 npages, int free_frames)
{
  for (uint64 a = va; a < va + npages * PGSIZE; a += PGSIZE) {
    pte_t *pte = vm_walk(pt, a, 0);
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

/* Copy every page of src into dst (fresh, from us_create), same
 * permissions.  -1 if out of memory; dst's user pages are then freed. */
int
us_fork(struct uspace *dst, struct uspace *src)
{
  dst->size = src->size;
  dst->heap = src->heap;
  for (uint64 a = 0; a < src->size; a += PGSIZE) {
    pte_t *pte = vm_walk(src->pt, a, 0);
    if (pte == 0 || !(*pte & PTE_V))
      continue;
    void *pa = frame_alloc();
    if (pa == 0 || vm_map(dst->pt, a, (uint64)pa, PGSIZE, PTE_FLAGS(*pte) & ~PTE_V) < 0) {
      if (pa)
        frame_free(pa);
      us_shrink(dst, 0);
      return -1;
    }
    memmove(pa, (void *)PTE2PA(*pte), PGSIZE);
  }
  return 0;
}

/* The one door from the kernel to user memory: a kernel pointer to the
 * byte at user address va, or 0 if the process may not access it that
 * way.  (The page-fault resolver of later work hooks in here.) */
void *
us_page(struct uspace *us, uint64 va, int access)
{
  if (va >= us->size || va >= MAXVA)
    return 0;
  pte_t *pte = vm_walk(us->pt, va, 0);
  if (pte == 0 || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
    return 0;
  if ((access == US_READ && !(*pte & PTE_R)) || (access == US_WRITE && !(*pte & PTE_W)))
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
