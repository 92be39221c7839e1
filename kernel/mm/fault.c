/* The page-fault resolver and the kernel's door to user memory.
 *
 * One resolver (us_fault_locked) serves user traps (us_resolve) and
 * every kernel access to user memory (us_copy, us_copystr) alike: it
 * maps an untouched heap page (the zero frame for a read, zeroed frames
 * -- a pair of them in a mirrored space -- otherwise), breaks
 * copy-on-write for both copies of a page in one trap, rebuilds a
 * poisoned copy from the other one (recover.c), and reports what it made
 * of the access as an enum us_fault.  Who dies for an illegal access, a
 * lost page or a lack of memory is for the caller to decide: the trap
 * layer (core/trap.c) for user faults, the system-call layer
 * (core/uaccess.c) for kernel copies.
 *
 * Lock rules: the resolver allocates, zeroes and copies 4 KiB pages, so
 * it runs with no spinlock held (spin_assert_none checks) and with the
 * space's memlock us->lock, a sleep lock.  A kernel copy holds the
 * memlock from resolving a page to the end of writing both of its copies,
 * so no repair on another hart can retire a frame under it.  The kernel
 * runs on its own page table: a PTE changed here needs no sfence.vma,
 * userret flushes the TLB when it switches back (trampoline.S). */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/upage.h"

/* The PTE bit each kind of access needs (enum us_access). */
static const uint64 us_access_bits[] = {
  [US_READ] = PTE_R, [US_KREAD] = PTE_R, [US_WRITE] = PTE_W,
  [US_LOAD] = PTE_U, [US_EXEC] = PTE_X,
};

/* A write fault on the copy-on-write page pg (both copies are COW
 * together).  A page no other space shares is taken over as it is;
 * a shared one (or the zero frame) gets a private pair, each copy copied
 * from its own old frame (us_pair_set: the pair rule).  A sharer that
 * copies first leaves the others a count that is still right. */
static int
us_cow_break(struct upage *pg)
{
  if (us_pair_shared(pg)) {
    void *src[2] = { 0, 0 };
    for (int i = 0; i < pg->n; i++)
      src[i] = (void *)PTE2PA(*pg->pte[i]);
    if (us_pair_set(pg, src, PTE_COW, PTE_W) != US_RESOLVED)
      return US_NOMEM;
  } else {
    for (int i = 0; i < pg->n; i++)
      *pg->pte[i] = (*pg->pte[i] & ~PTE_COW) | PTE_W;
    COUNT(cow_avoided);
  }
  COUNT(cow_faults);
  return US_RESOLVED;
}

/* The first touch of the untouched heap page pg: a read maps zeros
 * read-only and copy-on-write -- the zero frame, or in a mirrored space
 * the zero pair (frame.c: a mirrored space maps no frame without a twin
 * in another bank) -- a write zeroed frames of its own. */
static int
us_lazy_fill(struct upage *pg, int access)
{
  void *pa[2] = { frame_zero(), 0 };

  if (access == US_READ && (pg->n == 1 || frame_zero_pair(pa) == 0)) {
    for (int i = 0; i < pg->n; i++)
      *pg->pte[i] = PA2PTE(pa[i]) | PTE_V | PTE_R | PTE_U | PTE_COW;
    COUNT(zero_maps);
    if (pg->n == 2)
      COUNT(mirror_pages);
    return US_RESOLVED;
  }
  int r = us_fill(pg, USER_RW, 0, 1, pa);
  if (r == US_RESOLVED)
    COUNT(lazy_pages);
  return r;
}

/* The resolver, us->lock held: may the process access native address va
 * (< us->size) so (enum us_access), after mapping a lazy heap page,
 * rebuilding a poisoned copy or breaking copy-on-write if needed?  tf is
 * the process's user context when it faulted in user code (a repair may
 * settle it out of a pair window: recover.c), 0 for a kernel access.
 * enum us_fault; when resolved, pa[0] is the native frame and pa[1] the
 * mirror's (0 when unmirrored): one call serves both copies. */
int
us_fault_locked(struct uspace *us, uint64 va, int access, struct trapframe *tf, uint64 pa[2])
{
  struct upage pg;
  pte_t pte;
  int r, served = 1;      /* a page mapped, copied or rebuilt: a pair fault */
  int tables = us_page_ptes(us, va, 0, &pg) == 0;

  if (!tables || *pg.pte[0] == 0) {                     /* never touched */
    if (va < us->lazy || access == US_EXEC)
      return US_ILLEGAL;
    if (access == US_KREAD) {
      pa[0] = (uint64)frame_zero();
      pa[1] = 0;
      return US_RESOLVED;
    }
    if (!tables && us_page_ptes(us, va, 1, &pg) < 0)
      return US_NOMEM;
    r = us_lazy_fill(&pg, access);
  } else if ((r = rec_repair(us, &pg, PGROUNDDOWN(va), tf)) != US_RESOLVED) {
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
      COUNT(pair_faults);
  }
  return r;
}

/* A user page fault at va; tf is the faulting process's trapframe.  In a
 * mirrored space an address in the mirror region is served as its native
 * page (both copies at once).  Addresses past the mirror region, and in
 * an unmirrored space anything at or past size, are illegal before any
 * walk.  enum us_fault. */
int
us_resolve(struct uspace *us, uint64 va, int access, struct trapframe *tf)
{
  uint64 pa[2];
  int r = US_ILLEGAL;

  spin_assert_none("us_resolve: spinlock held");
  if (us->pairs && va >= MIRROR_OFFSET && va < MAXVA)
    va -= MIRROR_OFFSET;
  us_lock(us);
  if (va < us->size)
    r = us_fault_locked(us, va, access, tf, pa);
  sleeplock_release(us->lock);
  return r;
}

/* Copy len bytes between the kernel buffer kbuf and user address va, a
 * page at a time: US_KREAD reads, US_WRITE and US_LOAD (exec filling the
 * pages it mapped, read-only ones too) write -- both copies of a
 * mirrored page, with the page resolved and both written under one hold
 * of us->lock.  Only native addresses: the mirror region is no buffer.
 * Kernel reads use the native copy only (the mirror is for recovery),
 * and a US_KREAD of an untouched heap page reads the zero frame and maps
 * nothing.  US_RESOLVED, or what stopped the copy at *where (part may
 * have been copied).  A system call's access: the process is outside
 * every window. */
int
us_copy(struct uspace *us, uint64 va, void *kbuf, uint64 len, int access, uint64 *where)
{
  char *k = kbuf;

  spin_assert_none("us_copy: spinlock held");
  while (len > 0) {
    uint64 pa[2], n = PGSIZE - va % PGSIZE, off = va % PGSIZE;
    int r = US_ILLEGAL;
    if (n > len)
      n = len;
    us_lock(us);
    if (va < us->size && (r = us_fault_locked(us, va, access, 0, pa)) == US_RESOLVED) {
      if (access == US_KREAD) {
        memmove(k, (char *)pa[0] + off, n);
      } else {
        memmove((char *)pa[0] + off, k, n);
        if (pa[1])
          memmove((char *)pa[1] + off, k, n);
      }
    }
    sleeplock_release(us->lock);
    if (r != US_RESOLVED) {
      *where = va;
      return r;
    }
    len -= n;
    k += n;
    va += n;
  }
  return US_RESOLVED;
}

/* Copy a NUL-terminated string of at most max bytes (NUL included) from
 * user address src into dst.  US_RESOLVED (dst holds the string), or
 * what stopped it at *where: US_ILLEGAL too when no NUL comes in time. */
int
us_copystr(struct uspace *us, char *dst, uint64 src, uint64 max, uint64 *where)
{
  uint64 got = 0;

  spin_assert_none("us_copystr: spinlock held");
  while (got < max) {
    uint64 va = src + got, pa[2], n = PGSIZE - va % PGSIZE;
    int r = US_ILLEGAL, done = 0;
    if (n > max - got)
      n = max - got;
    us_lock(us);
    if (va < us->size && (r = us_fault_locked(us, va, US_KREAD, 0, pa)) == US_RESOLVED) {
      const char *u = (const char *)pa[0] + va % PGSIZE;
      for (uint64 i = 0; i < n && !done; i++, got++)
        done = (dst[got] = u[i]) == 0;
    }
    sleeplock_release(us->lock);
    if (r != US_RESOLVED) {
      *where = va;
      return r;
    }
    if (done)
      return US_RESOLVED;
  }
  *where = src + got;
  return US_ILLEGAL;
}
