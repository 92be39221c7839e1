/* The kernel's pages that never change but through this file -- its text
 * and read-only data, and the pages of its own page table -- survive
 * memory errors (docs/kernel-mirror.md); so do its owned pages while
 * nobody uses them (kown.c).
 *
 * Each such page i has a pristine second copy in
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
 * asks cpuid() and changes an entry with a compare-and-swap, so two
 * harts faulting on one page fix it once.  Everything else runs in
 * supervisor mode under kro_lock -- kro_poison and kro_bank_failed under
 * the injector's rules too (sysmem.c), kro_resync from any hart's
 * scheduler loop, which holds no lock -- but an owned page's fast paths
 * (kown.c).  Lock order: an owned page's owner's lock (a process's, a
 * pipe's), kro_lock, then a bank's (frame.c).  Not handled yet: a bank
 * failure that gives back a second copy while machine mode is switching
 * its page to that very copy leaves the page live on a frame of the
 * failed bank (docs/kernel-mirror.md).  kro.pending and kro.dead hand pages from
 * kro_fix to kro_resync: bit i of pending is set, with atomics, once page
 * i has switched to its copy.
 *
 * The trampoline's page is the text page at TRAMPOLINE (its address in
 * the image is mapped too, but nothing runs there), and every user space
 * maps it as well: when it moves to its copy, each space's PTE follows
 * before its process runs user code again (kro_trampoline_follow).
 *
 * Owned pages (LVL_OWNED: kernel stacks, trapframes, pipe rings,
 * buffer blocks) are protected pages too, with a snapshot for a copy:
 * kown.c keeps them (kro.h is what the two files share). */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/memstat.h"
#include "kernel/core/lock.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/kro.h"

extern char ro_end[], trampoline_start[];   /* kernel.ld */

struct kro_pages kro KNOMIRROR;     /* kro_fix changes it in machine mode */
struct spinlock kro_lock = { .name = "kro" };
int kro_off;       /* memv6.nokmirror: no copies, no snapshots (bench's baseline) */

void
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

void
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

/* The trampoline runs from a user frame, not from the image, so that a
 * lost one can be destroyed (the image's text is read-only): a copy of
 * it takes the place of the image's page at TRAMPOLINE in the kernel's
 * table (user spaces map kro_trampoline), as page kro.tramp. */
static void
kro_trampoline_init(pagetable_t root)
{
  pte_t *e = vm_walk(root, TRAMPOLINE, 0, 0);
  void *t = frame_copy(trampoline_start, 0);

  if (e == 0 || t == 0)
    panic("kro_init: no frame for the trampoline");
  *e = PA2PTE(t) | PTE_FLAGS(*e);
  kro.tramp = kro.npages;
  kro_add(TRAMPOLINE, LVL_TEXT, (uint64)t);
}

/* Take the pristine copies (kmain, once every other kernel mapping is
 * made): first the owned pages are made, each a pool page of its own;
 * then the read-only pages (the trampoline's at TRAMPOLINE), every page
 * of the kernel's table, the root first, and the owned pages get their
 * copies. */
void
kro_init(void)
{
  pagetable_t root = kernel_pagetable;

  kro_off = boot_option("nokmirror");
  kro_own_map();
  for (uint64 va = KERNBASE; va < (uint64)ro_end; va += PGSIZE)
    if (va == (uint64)trampoline_start)
      kro_trampoline_init(root);
    else
      kro_add(va, LVL_TEXT, va);
  kro_add(0, LVL_ROOT, (uint64)root);
  for (int i2 = 0; i2 <= PX(2, MAXVA - 1); i2++) {    /* not the mirror half (kmirror.c) */
    if ((root[i2] & (PTE_V | LEAF_BITS)) != PTE_V)
      continue;
    uint64 va2 = (uint64)i2 << PXSHIFT(2);
    kro_add(va2, 2, PTE2PA(root[i2]));
    pagetable_t mid = table_at(root[i2]);
    for (int i1 = 0; i1 < 512; i1++)
      if ((mid[i1] & (PTE_V | LEAF_BITS)) == PTE_V)
        kro_add(va2 | (uint64)i1 << PXSHIFT(1), 1, PTE2PA(mid[i1]));
  }
  kro_own_add();
}

/* After entry e of a table page changed: the table's copy gets it too.
 * Another writer of e may be at it meanwhile, so this writes until the
 * copy holds what e holds after the write.  Lock-free (machine mode). */
void
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
void
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

/* Every lost page on the kernel's walk to va runs on its copy now (one
 * a kro_fix), in supervisor mode: the patrol, and a lost trampoline (the
 * caller flushes the TLB). */
static void
kro_walk_fix(uint64 va)
{
  for (int k = 0; k <= LVL_ROOT; k++)
    kro_fix(va, PTE_V);
}

/* The entry that reaches page i now (0 for the root: satp), walking the
 * live tables; 0 if a cut lies above it (that page is lost and not yet
 * fixed) or the root is lost.  (A lost root has no cut to show it, and
 * machine mode may switch it to its copy at any moment: an entry written
 * in it meanwhile would reach the old root alone, and the copy would
 * lead on to a table destroyed since.)  Supervisor mode. */
pte_t *
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
uint64
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
  if (i == kro.tramp)
    kro_trampoline_follow();
  else
    tlb_shootdown();
  if (is_table(i))
    memset((void *)pa, LOST_BYTE, PGSIZE);
  else if (i == kro.tramp)
    memset((void *)pa, 0, PGSIZE);      /* illegal instructions */
  return 0;
}

/* The frame the trampoline's page is on now. */
uint64
kro_trampoline(void)
{
  return __atomic_load_n(&kro.live[kro.tramp], __ATOMIC_ACQUIRE);
}

/* The trampoline's page lost (a poison, or its bank failed): the
 * kernel's entry is switched to the copy now (or was, by machine mode),
 * then every hart is brought into the kernel (tlb_shootdown waits until
 * each has taken its interrupt).  Every user space's TRAMPOLINE PTE
 * follows as its process returns to user mode (usertrap_return:
 * us_trampoline_follow): a process in user mode now comes into the
 * kernel through the old frame, still whole until the caller destroys
 * it after this, and goes back through the new one; one off a hart or
 * in the kernel goes back through the new one too.  Supervisor mode, no
 * lock held. */
void
kro_trampoline_follow(void)
{
  kro_walk_fix(TRAMPOLINE);
  tlb_shootdown();
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

/* Page i, whole and with no copy, gets one, in a bank other than its
 * live frame's, published: 0, or -1 if no frame can be had now.
 * kro_lock held. */
int
kro_copy_new(int i)
{
  uint64 live = kro.live[i];
  void *c = frame_copy((void *)live, frame_is_user(live) ? (void *)live : 0);

  if (c == 0)
    return -1;
  __atomic_store_n(&kro.copy[i], (uint64)c, __ATOMIC_SEQ_CST);
  return 0;
}

/* The user frame page i left when it failed, if any, is given back
 * (retired: it was poisoned).  kro_lock held. */
void
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
    uint64 todo = amo_swap64(&kro.pending[w], 0);
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
    kro_walk_fix(kro.va[i]);
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
