/* The kernel's pages that never change but through this file -- its text
 * and read-only data, and the pages of its own page table -- survive
 * memory errors (docs/kernel-mirror.md); so do the kernel stacks and
 * trapframes of processes off a hart (below).
 *
 * Each such page i (but the trampoline's) has a pristine second copy in
 * a user frame (kro.copy), taken at boot from whichever bank has most
 * free frames.  A page is reached through one entry: a text page through
 * its leaf PTE, a table page through the entry above it (its parent's,
 * or satp for the root).  A lost page's entry is cut: PTE_V cleared,
 * PTE_POISON set (kro_poison; a lost root is listed in kro.lost_roots
 * instead).  The kernel's next fetch, load or store through it faults,
 * and machine mode serves the fault (boot/mtrap.S, start.c: the trap
 * path must not run through the page that failed, and machine mode runs
 * with paging off) by kro_fix: the entry is pointed at the copy, which
 * becomes the live page (kro.live).  A new pristine copy is made later in
 * supervisor mode (kro_resync, from the scheduler loop), in a bank other
 * than the live page's; until then the page has one copy.
 *
 * Every write of an entry in a table page after boot goes through
 * kro_sync, which writes the table's copy too, so a copy is the live
 * table's equal whenever it is needed; a lost table's bytes are
 * destroyed (nothing reads them again: the page is retired).
 *
 * kro_fix runs in machine mode on any hart with interrupts off, and in
 * supervisor mode for the patrol: it takes no lock, calls nothing that
 * reads tp (cpuid) and changes an entry with a compare-and-swap, so two
 * harts faulting on one page fix it once.  Everything else runs in
 * supervisor mode under kro_lock -- kro_poison and kro_bank_failed under
 * the injector's rules too (sysmem.c), kro_resync from any hart's
 * scheduler loop, which holds no lock -- but an owned page's fast paths
 * (kro_own_use's, kro_own_copy's: see there).  Lock order: the owner's
 * lock (a process's, a pipe's), kro_lock, then a
 * bank's (frame.c).  Not handled yet: a bank failure that gives back a
 * second copy while machine mode is switching its page to that very
 * copy leaves the page live on a frame of the failed bank
 * (docs/kernel-mirror.md).  kro.pending and kro.dead hand pages from
 * kro_fix to kro_resync: bit i of pending is set, with atomics, once page
 * i has switched to its copy.
 *
 * Owned pages (LVL_OWNED, each reached through its leaf PTE, made here
 * at boot for good: a process slot's kernel stack at KSTACK and its
 * trapframe at KTRAPFRAME, a pipe's ring at KPIPE, a buffer-cache
 * entry's block at KBUF) are written only by whoever uses them -- the
 * process while it runs, a repairer that stopped it (the trapframe), a
 * pipe's reader or writer, a buffer's lock holder -- so their copy is a
 * snapshot: kro_own_use counts a user in (kro.busy), and kro_own_done
 * copies the part in use into the snapshot and counts the user out.  A
 * page is lost only while nobody uses it (kro_own_lose, the injector),
 * and kro_own_use makes it again from its snapshot in a new pool page
 * before anybody does; use and loss are serialized by the page's owner
 * (a process's lock, a pipe's losing flag, a buffer's lock).  A page lost in
 * use has no copy to come back from: machine mode stops the machine,
 * naming it. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/memstat.h"
#include "kernel/core/lock.h"
#include "kernel/mm/vm.h"

extern char ro_end[], trampoline_start[];   /* kernel.ld */

#define KRO_MAX    512    /* pages covered: one bit each in pending */
#define KRO_WORDS  (KRO_MAX / 64)
#define KRO_ROOTS  8      /* lost roots remembered (satps that may still name one) */
#define LVL_TEXT   0      /* kro.lvl: the level of the entry that reaches page i ... */
#define LVL_ROOT   3      /* ... or satp */
#define LVL_OWNED  4      /* an owned page: reached by its leaf PTE, like text */
#define LOST_BYTE  0xfe   /* a lost table's bytes: junk, no entry valid (bit 0 clear) */
#define LEAF_BITS  (PTE_R | PTE_W | PTE_X)

static struct {
  int npages;
  uint64 va[KRO_MAX];     /* an address page i maps (a table) or is (text) */
  int lvl[KRO_MAX];       /* the level of the entry that reaches it (LVL_*, 1, 2) */
  uint64 live[KRO_MAX];   /* the frame it is on now */
  uint64 copy[KRO_MAX];   /* its pristine copy, 0 while it is being remade */
  uint64 dead[KRO_MAX];   /* a user frame page i left when it failed, to free */
  uint64 pending[KRO_WORDS];  /* bit i: page i runs on its copy; make a new one */
  int busy[KRO_MAX];      /* users of owned page i now: its copy is behind */
  char cut[KRO_MAX];      /* page i is lost and not back yet (kro_lose .. switch, remake) */
  int own_first[KRO_NOWN];  /* owned page n of a kind is page own_first[kind] + n */
  uint64 lost_roots[KRO_ROOTS];   /* roots lost: a satp naming one is switched */
  int nlost_roots;
  uint64 recovered;       /* pages switched to their copy */
  uint64 resynced;        /* copies made again */
} kro;

static struct spinlock kro_lock = { .name = "kro" };
static int kro_off;       /* memv6.nokmirror: no copies, no snapshots (bench's baseline) */

/* Owned pages of each kind: how many, and where page n is. */
static const int own_count[KRO_NOWN] = { NPROC, NPROC, NPIPE, NBUF };

static uint64
own_va(int kind, int n)
{
  switch (kind) {
  case KRO_STACK:     return KSTACK(n);
  case KRO_TRAPFRAME: return KTRAPFRAME(n);
  case KRO_PIPE:      return KPIPE(n);
  default:            return KBUF(n);
  }
}

static int
own_index(int n, int kind)
{
  return kro.own_first[kind] + n;
}

static void
bit_set(uint64 *map, int i)
{
  __atomic_fetch_or(&map[i / 64], 1UL << (i % 64), __ATOMIC_RELEASE);
}

/* Whether page i is a page of the kernel's table (kept equal to its
 * copy entry by entry: kro_sync). */
static int
is_table(int i)
{
  return kro.lvl[i] >= 1 && kro.lvl[i] <= LVL_ROOT;
}

/* The level of the entry that reaches page i (LVL_ROOT: satp). */
static int
entry_level(int i)
{
  return kro.lvl[i] == LVL_OWNED ? LVL_TEXT : kro.lvl[i];
}

static pagetable_t
table_at(pte_t e)
{
  return (pagetable_t)PTE2PA(e);
}

/* The page whose live frame is pa, or -1. */
static int
kro_find(uint64 pa)
{
  for (int i = 0; i < kro.npages; i++)
    if (kro.live[i] == pa)
      return i;
  return -1;
}

static void
kro_add(uint64 va, int lvl, uint64 pa)
{
  int i = kro.npages++;

  if (i >= KRO_MAX)
    panic("kro_init: more protected kernel pages than KRO_MAX");
  kro.va[i] = va;
  kro.lvl[i] = lvl;
  kro.live[i] = pa;
  if (!kro_off && (kro.copy[i] = (uint64)frame_copy((void *)pa, 0)) == 0)
    panic("kro_init: no frame for a copy of the kernel");
}

/* Take the pristine copies (kmain, once every other kernel mapping is
 * made): first the owned pages are made, each a pool page of its own;
 * then the read-only pages but the trampoline, every page of the
 * kernel's table, the root first, and the owned pages get their copies. */
void
kro_init(void)
{
  pagetable_t root = kernel_pagetable;

  kro_off = boot_option("nokmirror");
  for (int kind = 0; kind < KRO_NOWN; kind++)
    for (int n = 0; n < own_count[kind]; n++) {
      void *page = kpage_alloc();
      if (page == 0 || vm_map(root, own_va(kind, n), (uint64)page, PGSIZE, PTE_R | PTE_W,
                              kvm_ptpage, 0) < 0)
        panic("kro_init: no pool page for an owned page");
    }
  for (uint64 va = KERNBASE; va < (uint64)ro_end; va += PGSIZE)
    if (va != (uint64)trampoline_start)
      kro_add(va, LVL_TEXT, va);
  kro_add(0, LVL_ROOT, (uint64)root);
  for (int i2 = 0; i2 < 512; i2++) {
    if ((root[i2] & (PTE_V | LEAF_BITS)) != PTE_V)
      continue;
    uint64 va2 = (uint64)i2 << PXSHIFT(2);
    kro_add(va2, 2, PTE2PA(root[i2]));
    pagetable_t mid = table_at(root[i2]);
    for (int i1 = 0; i1 < 512; i1++)
      if ((mid[i1] & (PTE_V | LEAF_BITS)) == PTE_V)
        kro_add(va2 | (uint64)i1 << PXSHIFT(1), 1, PTE2PA(mid[i1]));
  }
  for (int kind = 0; kind < KRO_NOWN; kind++) {
    kro.own_first[kind] = kro.npages;
    for (int n = 0; n < own_count[kind]; n++)
      kro_add(own_va(kind, n), LVL_OWNED, PTE2PA(*vm_walk(root, own_va(kind, n), 0, 0)));
  }
}

/* After entry e of a table page changed: the table's copy gets it too.
 * Another writer of e may be at it meanwhile, so this writes until the
 * copy holds what e holds after the write.  Lock-free (machine mode). */
static void
kro_sync(pte_t *e)
{
  int i = kro_find(PGROUNDDOWN((uint64)e));
  uint64 c;

  if (i < 0 || !is_table(i) || (c = __atomic_load_n(&kro.copy[i], __ATOMIC_ACQUIRE)) == 0)
    return;       /* (no copy now: kro_resync compares after it makes one) */
  pte_t *ce = (pte_t *)(c + (uint64)e % PGSIZE), v;
  do {
    v = __atomic_load_n(e, __ATOMIC_ACQUIRE);
    __atomic_store_n(ce, v, __ATOMIC_RELEASE);
  } while (__atomic_load_n(e, __ATOMIC_ACQUIRE) != v);
}

/* Page i now lives on its copy (the caller won the switch): hand it to
 * kro_resync. */
static void
kro_switched(int i, uint64 old)
{
  if (frame_is_user(old))
    kro.dead[i] = old;
  kro.live[i] = kro.copy[i];
  __atomic_store_n(&kro.copy[i], 0, __ATOMIC_RELEASE);
  __atomic_store_n(&kro.cut[i], 0, __ATOMIC_RELEASE);
  __atomic_fetch_add(&kro.recovered, 1, __ATOMIC_RELAXED);
  bit_set(kro.pending, i);
}

static int
is_lost_root(uint64 pa)
{
  for (int k = 0; k < kro.nlost_roots; k++)
    if (kro.lost_roots[k] == pa)
      return 1;
  return 0;
}

/* This hart's satp names a lost root: the root moves to its copy (once,
 * whichever hart comes first) and satp follows.  0 if the root has no
 * copy left. */
static int
kro_fix_root(uint64 root)
{
  int i = kro_find(root);

  if (i >= 0) {               /* still the live root: switch it */
    uint64 c = __atomic_load_n(&kro.copy[i], __ATOMIC_ACQUIRE);
    if (c == 0) {             /* no copy left -- unless another hart switched it meanwhile */
      if (__atomic_load_n(&kernel_pagetable, __ATOMIC_ACQUIRE) == (pagetable_t)root)
        return 0;
    } else if (__atomic_compare_exchange_n((uint64 *)&kernel_pagetable, &root, c, 0,
                                           __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
      kro_switched(i, root);
    }
  }
  csr_write(satp, MAKE_SATP(__atomic_load_n(&kernel_pagetable, __ATOMIC_ACQUIRE)));
  return 1;
}

/* A cut entry e (holding old) on the kernel's walk: point it at its
 * page's copy.  1 if the walk may be retried.  An owned page is not
 * switched here: one lost is made again before anybody uses it
 * (kro_own_use); one lost in use stops the machine. */
static int
kro_fix_entry(pte_t *e, pte_t old)
{
  int i = kro_find(PTE2PA(old));
  uint64 c;

  if (i >= 0 && kro.lvl[i] == LVL_OWNED) {
    if (__atomic_load_n(&kro.busy[i], __ATOMIC_ACQUIRE)) {
      kprintf("kernel page %p (frame %p), an owned page: a memory error while in use\n",
              kro.va[i], PTE2PA(old));
      panic("an owned kernel page in use was lost");
    }
    return 0;
  }
  if (i < 0 || (c = __atomic_load_n(&kro.copy[i], __ATOMIC_ACQUIRE)) == 0) {
    /* No copy -- or another hart switched the page between our read of
     * the entry and now (its kro_switched moved live and cleared copy):
     * then the entry has changed, and the access may be retried. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return __atomic_load_n(e, __ATOMIC_ACQUIRE) != old;
  }
  pte_t fixed = PA2PTE(c) | PTE_FLAGS(old & ~PTE_POISON) | PTE_V;
  if (!__atomic_compare_exchange_n(e, &old, fixed, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return 1;               /* another hart fixed it first */
  kro_sync(e);
  kro_switched(i, PTE2PA(old));
  return 1;
}

/* A kernel page fault at va needing access (PTE_R, PTE_W or PTE_X), in
 * machine mode on any hart with interrupts off (start.c), or in
 * supervisor mode (the patrol).  1 if the kernel may retry: a lost page
 * on the walk to va -- the root, a table, or va's own read-only page --
 * now runs on its copy, or the walk allows the access now (another hart
 * fixed it first).  0 if no lost page is on the walk, its copy is gone
 * too (being remade), or the access is not allowed there (a kernel bug):
 * supervisor mode gets the fault.  One lost page a call: a retry that
 * meets another one comes back. */
int
kro_fix(uint64 va, int access)
{
  uint64 root = (csr_read(satp) & ((1UL << 44) - 1)) << PGSHIFT;
  pagetable_t t;

  if (is_lost_root(root))
    return kro_fix_root(root);
  if (root != (uint64)kernel_pagetable || va >= MAXVA)
    return 0;               /* a user table (the trampoline's code): not the kernel's */
  t = (pagetable_t)root;
  for (int level = 2; level >= 0; level--) {
    pte_t *e = &t[PX(level, va)], v = __atomic_load_n(e, __ATOMIC_ACQUIRE);
    if ((v & (PTE_V | PTE_POISON)) == PTE_POISON)
      return kro_fix_entry(e, v);
    if (!(v & PTE_V))
      return 0;
    if (v & LEAF_BITS)
      return (v & access) != 0;
    t = table_at(v);
  }
  return 0;
}

/* The entry that reaches page i now (0 for the root: satp), walking the
 * live tables; 0 if a cut lies above it (that page is lost and not yet
 * fixed) or the root is lost.  (A lost root has no cut to show it, and
 * machine mode may switch it to its copy at any moment: an entry written
 * in it meanwhile would reach the old root alone, and the copy would
 * lead on to a table destroyed since.)  Supervisor mode. */
static pte_t *
kro_entry(int i)
{
  pagetable_t t = kernel_pagetable;

  if (is_lost_root((uint64)t))
    return 0;
  for (int level = 2; level > entry_level(i); level--) {
    pte_t v = t[PX(level, kro.va[i])];
    if ((v & (PTE_V | LEAF_BITS)) != PTE_V)
      return 0;
    t = table_at(v);
  }
  return kro.lvl[i] == LVL_ROOT ? 0 : &t[PX(entry_level(i), kro.va[i])];
}

/* Whether page i is lost now -- its entry cut, or a lost root -- and
 * not yet back on its copy: 1; 0 if it is whole; -1 if a cut above it
 * hides its entry for now.  Supervisor mode. */
static int
kro_state(int i)
{
  pte_t *e;

  if (kro.lvl[i] == LVL_ROOT)
    return is_lost_root(kro.live[i]);
  if ((e = kro_entry(i)) == 0)
    return -1;
  return !(*e & PTE_V);
}

/* Whether the walk to va meets a lost page with no copy to come back
 * from: kernel_trap's fault then is a double fault.  The walk is printed
 * too, an entry a line, for whoever reads why the machine stopped.
 * Supervisor mode. */
int
kro_lost(uint64 va)
{
  pagetable_t t = kernel_pagetable;
  int i;

  if (va >= MAXVA)
    return 0;
  kprintf("kernel walk to %p from root %p%s:\n", va, t, is_lost_root((uint64)t) ? " (lost)" : "");
  for (int level = 2; level >= 0; level--) {
    pte_t v = t[PX(level, va)];
    i = kro_find(PTE2PA(v));
    kprintf("  level %d: entry %p, page %d, copy %p\n", level, v, i, i < 0 ? 0 : kro.copy[i]);
    if ((v & (PTE_V | PTE_POISON)) == PTE_POISON)
      return i < 0 || kro.copy[i] == 0;
    if ((v & (PTE_V | LEAF_BITS)) != PTE_V)
      return 0;
    t = table_at(v);
  }
  return 0;
}

/* Lose page i's live frame: its entry is cut (the root: listed as lost)
 * and the table's copy follows; a user frame is marked poisoned, a pool
 * page simply leaves use (its place is taken by a user frame, which
 * memstat counts in kernel_frames).  Returns the lost frame (its bytes are the caller's to
 * destroy, after the TLB shootdown), or 0 if page i cannot fail now: it
 * or a page above it is lost already, or it has no copy to come back
 * from yet (one error a page until kro_resync). */
static uint64
kro_lose(int i)
{
  uint64 pa = kro.live[i];

  if (kro.copy[i] == 0)
    return 0;
  if (kro.lvl[i] == LVL_ROOT) {
    if (is_lost_root(pa) || kro.nlost_roots == KRO_ROOTS)
      return 0;
    __atomic_store_n(&kro.lost_roots[kro.nlost_roots], pa, __ATOMIC_RELEASE);
    __atomic_fetch_add(&kro.nlost_roots, 1, __ATOMIC_RELEASE);
  } else {
    pte_t *e = kro_entry(i), old;
    /* (live on the copy itself: kro_fix on another hart is between its
     * switch and clearing copy) */
    if (e == 0 || !((old = __atomic_load_n(e, __ATOMIC_ACQUIRE)) & PTE_V) ||
        PTE2PA(old) != pa || pa == kro.copy[i])
      return 0;
    if (!__atomic_compare_exchange_n(e, &old, (old & ~PTE_V) | PTE_POISON, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
      return 0;
    kro_sync(e);
  }
  if (frame_is_user(pa))
    frame_poison((void *)pa);
  __atomic_store_n(&kro.cut[i], 1, __ATOMIC_RELEASE);
  return pa;          /* (a pool page is never freed: it just leaves use) */
}

/* The page, if any, that faultinj with FI_KERNEL means: the read-only
 * page at va (level -1), or the table page at level (0 a leaf table, 1 a
 * level-1 table, 2 the root) on the kernel's walk to va. */
static int
kro_target(uint64 va, int level)
{
  for (int i = 0; i < kro.npages; i++) {
    if (level < 0 ? kro.lvl[i] == LVL_TEXT && kro.va[i] == PGROUNDDOWN(va)
                  : kro.lvl[i] == level + 1 &&
                    kro.va[i] >> PXSHIFT(level + 1) == va >> PXSHIFT(level + 1))
      return i;
  }
  return -1;
}

/* faultinj with FI_KERNEL: lose the kernel's read-only page at va (level
 * -1), or the page of its table at level on the walk to va, and make
 * every hart's TLB forget it; a table's bytes are destroyed.  0, or -1
 * (not such a page, or see kro_lose). */
int
kro_poison(uint64 va, int level)
{
  int i;
  uint64 pa = 0;

  spin_lock(&kro_lock);
  if ((i = kro_target(va, level)) >= 0)
    pa = kro_lose(i);
  spin_unlock(&kro_lock);
  if (pa == 0)
    return -1;
  tlb_shootdown();
  if (is_table(i))
    memset((void *)pa, LOST_BYTE, PGSIZE);
  return 0;
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
    memmove((void *)t, (void *)c, PGSIZE);
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

/* Page i, whole and with no copy, gets one, in a bank other than its
 * live frame's, published: 0, or -1 if no frame can be had now.
 * kro_lock held. */
static int
kro_copy_new(int i)
{
  uint64 live = kro.live[i];
  void *c = frame_copy((void *)live, frame_is_user(live) ? (void *)live : 0);

  if (c == 0)
    return -1;
  __atomic_store_n(&kro.copy[i], (uint64)c, __ATOMIC_SEQ_CST);
  return 0;
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

/* Bank failure (the bank's frames marked poisoned already; the caller
 * shoots the TLBs down after): a live page in the range [lo, hi) is lost
 * like any other -- the read-only pages first, then the tables from the
 * leaves up, so each entry is cut while the table holding it is whole --
 * and a copy there is given back (retired) and made again by
 * kro_resync.  (An owned page lives in the pool, no bank, but after a
 * loss with the pool empty.) */
void
kro_bank_failed(uint64 lo, uint64 hi)
{
  static const int order[] = { LVL_TEXT, LVL_OWNED, 1, 2, LVL_ROOT };

  spin_lock(&kro_lock);
  for (int o = 0; o < NELEM(order); o++)
    for (int i = 0; i < kro.npages; i++) {
      if (kro.lvl[i] != order[o])
        continue;
      if (kro.live[i] >= lo && kro.live[i] < hi)
        kro_lose(i);
      if (kro.copy[i] >= lo && kro.copy[i] < hi) {
        frame_free((void *)kro.copy[i]);
        kro.copy[i] = 0;
        if (kro_state(i) == 1)      /* lost before: no healthy copy is left */
          kprintf("kernel page %p: lost, and its copy with bank %d\n", kro.va[i],
                  frame_bank((void *)lo));
        else
          bit_set(kro.pending, i);
      }
    }
  spin_unlock(&kro_lock);
}

/* The user frame page i left when it failed, if any, is given back
 * (retired: it was poisoned).  kro_lock held. */
static void
kro_free_dead(int i)
{
  if (kro.dead[i]) {
    frame_free((void *)kro.dead[i]);
    kro.dead[i] = 0;
  }
}

/* The scheduler loop, when kro_pending: a page that runs on its copy
 * gets a new copy, in another bank than its live frame; the frame it
 * left, if a user frame, is given back (retired: it was poisoned).  A
 * table's entries written while the copy was being made are written to
 * it after (kro_sync skips a table with no copy).  A page that gets no
 * frame now is tried again on the next pass, as is one that a cut above
 * hides (kro_state): a page lost itself is never copied (its bytes are
 * junk, or poisoned), and one whose copy went with a bank failure while
 * it was lost has none to come back from (kro_bank_failed leaves it to
 * stop the machine on its next use).  An owned page in use is left to
 * its user (kro_own_copy) or the next pass. */
void
kro_resync(void)
{
  spin_lock(&kro_lock);
  for (int w = 0; w < KRO_WORDS; w++) {
    uint64 todo = __atomic_exchange_n(&kro.pending[w], 0, __ATOMIC_ACQ_REL);
    for (int i = w * 64; todo != 0; i++, todo >>= 1) {
      if (!(todo & 1))
        continue;
      uint64 live = kro.live[i];
      int state = kro_state(i);
      if (state == 1)
        continue;
      if (kro.copy[i] != 0) {   /* an owned page's user made it (kro_own_copy) */
        kro_free_dead(i);
        continue;
      }
      if (state < 0 || (kro.lvl[i] == LVL_OWNED && __atomic_load_n(&kro.busy[i], __ATOMIC_ACQUIRE)) ||
          kro_copy_new(i) < 0) {
        bit_set(kro.pending, i);
        continue;
      }
      if (is_table(i))
        for (int k = 0; k < 512; k++)
          kro_sync(&((pte_t *)live)[k]);
      kro_free_dead(i);
      kro.resynced++;
    }
  }
  spin_unlock(&kro_lock);
}

/* Whether kro_resync has work: read on every pass of every hart's
 * scheduler loop (a load a word). */
int
kro_pending(void)
{
  for (int w = 0; w < KRO_WORDS; w++)
    if (__atomic_load_n(&kro.pending[w], __ATOMIC_ACQUIRE) != 0)
      return 1;
  return 0;
}

/* Walk to every protected page (a patrol, as a memory scrubber would):
 * a lost one on the way is found and fixed, as a fault would fix it --
 * one a walk, so a walk for each level the path has (the root and three
 * tables or pages). */
void
kro_patrol(void)
{
  for (int i = 0; i < kro.npages; i++)
    for (int k = 0; k <= LVL_ROOT; k++)
      kro_fix(kro.va[i], PTE_V);
  sfence_vma();
}

/* How many times a lost kernel page has come back from its copy (or an
 * owned page from its snapshot) so far.  Machine mode too (m_trap). */
uint64
kro_recovered(void)
{
  return __atomic_load_n(&kro.recovered, __ATOMIC_RELAXED);
}

/* memstat's kernel fields: the user frames that hold kernel pages (live
 * pages that run on a copy, copies, frames left to free), per bank, and
 * the banks whose failure now would leave a kernel page no healthy copy. */
void
kro_memstat(struct memstat *ms)
{
  ms->kernel_recovered = kro_recovered();
  ms->kernel_resynced = kro.resynced;
  ms->kernel_ro_start = KERNBASE;
  ms->kernel_ro_end = (uint64)ro_end;
  ms->kernel_trampoline = (uint64)trampoline_start;
  for (int i = 0; i < kro.npages; i++) {
    uint64 live = kro.live[i], copy = kro.copy[i];
    int lost = kro_state(i) != 0;
    if (lost && copy)
      ms->kernel_single_banks |= 1UL << frame_bank((void *)copy);
    if (!lost && copy == 0 && frame_is_user(live))
      ms->kernel_single_banks |= 1UL << frame_bank((void *)live);
    uint64 f[3] = { copy, kro.dead[i], frame_is_user(live) ? live : 0 };
    for (int k = 0; k < 3; k++)
      if (f[k]) {
        ms->kernel_frames++;
        ms->bank_kernel[frame_bank((void *)f[k])]++;
      }
  }
}
