/* Owned pages of the kernel (docs/kernel-mirror.md): a process slot's
 * kernel stack at KSTACK and its trapframe at KTRAPFRAME, a pipe's ring
 * at KPIPE, a buffer-cache entry's block at KBUF, a page of pair tables
 * at KPAIRS (pairs.c) -- each a pool page of
 * its own, made at boot for good and reached through its leaf PTE, one
 * of kro.c's protected pages (LVL_OWNED).
 *
 * They are written only by whoever uses them -- the process while it
 * runs, a repairer that stopped it (the trapframe), a pipe's reader or
 * writer, a buffer's lock holder -- so their copy is a snapshot:
 * kro_own_use counts a user in (kro.busy), and kro_own_done copies what
 * it wrote into the snapshot and counts it out.  A page is lost only
 * while nobody uses it (kro_own_lose, the injector), and kro_own_use
 * makes it again from its snapshot in a new pool page before anybody
 * does; use and loss are serialized by the page's owner (a process's
 * lock, a pipe's losing flag, a buffer's lock, pairs.lock).  A page lost in use has
 * no copy to come back from: machine mode stops the machine, naming it
 * (kro_fix_entry).  Lock order: the owner's lock, then kro_lock. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/kro.h"

/* Owned pages of each kind: how many, and where page n is. */
static const int own_count[KRO_NOWN] = { NPROC, NPROC, NPIPE, NBUF, NPAIRPAGE };

static uint64
own_va(int kind, int n)
{
  switch (kind) {
  case KRO_STACK:     return KSTACK(n);
  case KRO_TRAPFRAME: return KTRAPFRAME(n);
  case KRO_PIPE:      return KPIPE(n);
  case KRO_BUF:       return KBUF(n);
  default:            return KPAIRS(n);
  }
}

static int
own_index(int n, int kind)
{
  return kro.own_first[kind] + n;
}

/* kro_init's first step: every owned page gets its pool page, mapped
 * before kro_init takes the copies of the kernel's table. */
void
kro_own_map(void)
{
  for (int kind = 0; kind < KRO_NOWN; kind++)
    for (int n = 0; n < own_count[kind]; n++) {
      void *page = kpage_alloc();
      if (page == 0 || vm_map(kernel_pagetable, own_va(kind, n), (uint64)page, PGSIZE,
                              PTE_R | PTE_W, kvm_ptpage, 0) < 0)
        panic("kro_init: no pool page for an owned page");
    }
}

/* And its last: each owned page joins the protected pages, with its
 * snapshot. */
void
kro_own_add(void)
{
  for (int kind = 0; kind < KRO_NOWN; kind++) {
    kro.own_first[kind] = kro.npages;
    for (int n = 0; n < own_count[kind]; n++)
      kro_add(own_va(kind, n), LVL_OWNED,
              PTE2PA(*vm_walk(kernel_pagetable, own_va(kind, n), 0, 0)));
  }
}

/* kro_own_use, under kro_lock: owned page i, whose entry e holds the
 * cut old, goes onto a new page with its snapshot's bytes.  Its frame. */
static uint64
kro_own_remake(int i, pte_t *e, pte_t old)
{
  uint64 lost = PTE2PA(old), c = kro.copy[i], t = (uint64)kpage_alloc();

  if (c == 0) {
    kprintf("kernel page %p, an owned page: lost, and no healthy copy is left\n", kro.va[i]);
    panic("kro: a lost owned page has no snapshot");
  }
  if (!frame_is_user(lost))
    kpool_retire((void *)lost);   /* (first: memstat's counts then move in order) */
  if (t == 0) {                   /* the pool is empty: run on the snapshot */
    t = c;
    kro_switched(i, lost);        /* (a user frame lost: kro_resync frees it) */
  } else {
    page_copy((void *)t, (void *)c);
    if (frame_is_user(lost))
      frame_free((void *)lost);   /* poisoned: retired */
    kro.live[i] = t;
    __atomic_store_n(&kro.cut[i], 0, __ATOMIC_RELEASE);
    __atomic_fetch_add(&kro.recovered, 1, __ATOMIC_RELEASE);
  }
  *e = PA2PTE(t) | PTE_FLAGS(old & ~PTE_POISON) | PTE_V;
  kro_sync(e);
  sfence_vma();
  return t;
}

/* Owned page n of kind is used from now on (the scheduler, before a
 * process runs; a repairer, as it stops it; a pipe's claim; a buffer's
 * lock), its owner's exclusion held: a page lost meanwhile is made again from its snapshot in
 * a new pool page -- or, with the pool empty, runs on the snapshot
 * itself until kro_resync makes a new copy -- and the lost page is
 * retired.  Its new frame if it was made again, else 0.  A page not cut
 * needs no more (kro.cut: the page is lost only under its owner's
 * exclusion; a table above lost meanwhile is the next access's to fix).
 * Otherwise the entry is found and read under kro_lock, under which
 * alone a table above it is lost. */
uint64
kro_own_use(int n, int kind)
{
  int i = own_index(n, kind);
  pte_t *e, old;
  uint64 moved = 0;

  if (kro_off)
    return 0;
  if (!__atomic_load_n(&kro.cut[i], __ATOMIC_ACQUIRE)) {
    __atomic_fetch_add(&kro.busy[i], 1, __ATOMIC_ACQ_REL);
    return 0;
  }
  spin_lock(&kro_lock);
  while ((e = kro_entry(i)) == 0) {   /* a table above is lost: fix it first */
    spin_unlock(&kro_lock);
    if (!kro_fix(kro.va[i], PTE_R))
      panic("kro: the kernel table above an owned page is lost with no copy");
    spin_lock(&kro_lock);
  }
  if (((old = *e) & (PTE_V | PTE_POISON)) == PTE_POISON)
    moved = kro_own_remake(i, e, old);
  __atomic_fetch_add(&kro.busy[i], 1, __ATOMIC_ACQ_REL);
  spin_unlock(&kro_lock);
  return moved;
}

/* kro_own_whole's remake, apart so that the check needs no stack frame. */
static void __attribute__((noinline))
kro_own_remake_now(int n, int kind)
{
  kro_own_use(n, kind);
  kro_own_done(n, kind, 0, 0);
}

/* Owned page n of kind is whole for a reader that writes nothing and
 * whose exclusion keeps the injector out while it reads (pairs.lock):
 * made again from its snapshot if it was lost, and no use counted -- a
 * page not cut costs one load (the recovery path's window lookup). */
void
kro_own_whole(int n, int kind)
{
  if (!kro_off && __atomic_load_n(&kro.cut[own_index(n, kind)], __ATOMIC_ACQUIRE))
    kro_own_remake_now(n, kind);
}

/* A user of owned page i (counted in, so the page is whole and stays
 * on its frame) wrote [from, to) of it: those bytes go to the snapshot,
 * lock-free in the common case.  Nothing but kro_bank_failed takes a
 * snapshot away meanwhile, and the frame it gives back was in the failed
 * bank, which hands out nothing again: bytes written there are lost
 * harmlessly.  A page with no snapshot (the pool was empty at a remake,
 * or a bank failure took it) gets one from kro_resync while nobody uses
 * it, or else here, of the whole page, under kro_lock -- which kro_resync
 * holds while it copies and publishes, so a user that found no snapshot
 * either makes it or copies its bytes into the one just made. */
static void
kro_own_copy(int i, uint64 from, uint64 to)
{
  uint64 c = __atomic_load_n(&kro.copy[i], __ATOMIC_ACQUIRE);

  if (c == 0) {
    spin_lock(&kro_lock);
    if ((c = kro.copy[i]) == 0 && kro_copy_new(i) == 0)
      kro.resynced++;
    spin_unlock(&kro_lock);
    if (c == 0)
      return;                   /* a copy of the whole page, or none to be had */
  }
  from = from < to ? from & ~7UL : to;
  memmove((void *)(c + from), (void *)(kro.live[i] + from), to - from);
}

/* A user of owned page n of kind is done with it, [from, to) of it
 * written (kro_own_copy; from >= to: nothing, as a pipe's reader).  The
 * last user out leaves the snapshot equal to the page. */
void
kro_own_done(int n, int kind, uint64 from, uint64 to)
{
  int i = own_index(n, kind);

  if (kro_off)
    return;
  kro_own_copy(i, from, to);
  __atomic_fetch_sub(&kro.busy[i], 1, __ATOMIC_RELEASE);
}

/* The maker of a process in slot n wrote [from, to) of its page of kind
 * (a slot being made: nobody else uses it, nothing loses it). */
void
kro_own_made(int n, int kind, uint64 from, uint64 to)
{
  if (!kro_off)
    kro_own_copy(own_index(n, kind), from, to);
}

/* The frame that holds owned page n of kind now (its users' to read:
 * it moves only when the page is made again, at a use). */
uint64
kro_own_frame(int n, int kind)
{
  return kro.live[own_index(n, kind)];
}

/* faultinj FI_KERNEL with FI_STACK, FI_TRAPFRAME, FI_PIPE or FI_BUF,
 * under the owner's exclusion: lose owned page n of kind (its entry
 * cut).  The frame lost, for kro_own_wipe, or 0 if the page is in use
 * (it has no copy to come back from) or is lost already or has no
 * snapshot. */
uint64
kro_own_lose(int n, int kind)
{
  int i = own_index(n, kind);
  uint64 pa = 0;

  spin_lock(&kro_lock);
  if (__atomic_load_n(&kro.busy[i], __ATOMIC_ACQUIRE) == 0)
    pa = kro_lose(i);
  spin_unlock(&kro_lock);
  return pa;
}

/* After kro_own_lose: every hart's TLB forgets the lost frame pa, and
 * its bytes are destroyed (a real error leaves them unreadable).  No
 * spinlock held (the shootdown waits for the other harts). */
void
kro_own_wipe(uint64 pa)
{
  tlb_shootdown();
  memset((void *)pa, LOST_BYTE, PGSIZE);
}
