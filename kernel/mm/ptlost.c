/* Page-table pages of a mirrored address space lost to memory errors
 * (docs/kernel-mirror.md, "Page tables").
 *
 * A leaf table of either half of a mirrored space holds nothing the
 * other half does not: native page va's PTE and its mirror's at
 * va + MIRROR_OFFSET carry the same flags (the pair invariants,
 * docs/memory.md), and their frames are twins (frame_twin, linked
 * wherever a pair is formed).  So a lost leaf table is made again from
 * the other half, and its own bytes are never read.
 *
 * A loss (pt_lose: faultinj with FI_TABLE) destroys the table page's
 * bytes -- a real uncorrectable error leaves them unreadable -- and cuts
 * its parent entry: PTE_V cleared, PTE_POISON set.  The hardware walk
 * stops there, so a user access in the table's 2 MiB traps; the page is
 * retired from the kernel pool for good.
 *
 * Lock rule: every software walk of a space's tables holds its lock,
 * and takes it by us_lock, which rebuilds a cut table (pt_rebuild)
 * before anything walks; the user's own access traps at the cut and the
 * fault path takes the lock.  So no walk ever meets a cut entry.  One
 * cut per space at a time (the injector's single-error rule): the other
 * half is whole when a table is made again.
 *
 * A level-1 table holds nothing but the addresses of the leaf tables
 * under it, and each user table page's place -- its space, level and the
 * addresses it maps -- is recorded as it is made (pt_place, from
 * us_ptpage): so a lost level-1 table, of a mirrored space or not, is
 * made again by finding the leaf tables placed under it.
 *
 * The root is made again the same way, from the level-1 tables placed
 * under it, and every place keyed by the old root moves to the new one.
 * The leaf table over the trampoline and the trapframe holds those two
 * PTEs only, which the kernel knows: the trampoline's frame
 * (kro_trampoline) and the space's trapframe (us->trapframe), with
 * their permissions.
 * But satp names the root while the process runs in user mode, and its
 * trap path fetches uservec through the root and the tables over the
 * trampoline, so those three can only be mended while the process is
 * out of user mode: they are lost only with the process stopped
 * (proc_stop; pt_lose_stops says which), and made again before the
 * process is let go (proc_unlock_space).
 *
 * Not covered (the injector refuses): a leaf table of an unmirrored
 * space but the trampoline's (nothing else holds its PTEs). */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/upage.h"

#define LEAF_SPAN (1UL << PXSHIFT(1))   /* what one leaf table maps */
#define MID_SPAN  (1UL << PXSHIFT(2))   /* what one level-1 table maps */
#define TOP_LEAF  (TRAPFRAME / LEAF_SPAN * LEAF_SPAN)   /* the trampoline's leaf table's */

/* The place of each page of the kernel pool that is a table under a
 * user space's root: the root (which names the space for its life, and
 * moves with its tables when exec swaps a new space in), and the first
 * address the table maps, its level in the low bits.  Written as tables
 * are made and freed (each under its space's lock, or as the space is
 * made), read by a rebuild.  A root has no place (it is never rebuilt). */
static struct {
  uint64 root;
  uint64 where;
} places[(KPOOL_END - KERNBASE) / PGSIZE];

/* Record table, a pool page, as us's table at level that maps va (us 0,
 * or a root being made: no place). */
void
pt_place(void *table, struct uspace *us, uint64 va, int level)
{
  uint64 k = ((uint64)table - KERNBASE) / PGSIZE;

  places[k].root = us && level < 2 ? (uint64)us->pt : 0;
  places[k].where = (va & ~((1UL << PXSHIFT(level + 1)) - 1)) | level;
}
#define LOST_BYTE 0xfe    /* a lost table's bytes: junk, but no entry valid
                             (bit 0 clear), should a walk in flight meet them */

/* The level-1 entry that points at the leaf table for va, or 0. */
static pte_t *
leaf_entry(pagetable_t root, uint64 va)
{
  pte_t top = root[PX(2, va)];

  if ((top & (PTE_V | PTE_R | PTE_W | PTE_X)) != PTE_V)
    return 0;
  return &((pagetable_t)PTE2PA(top))[PX(1, va)];
}

/* Lose the table at level (0: a leaf, 1: a level-1 table, 2: the root)
 * that maps va (a native or a mirror address) of space us, us->lock
 * held (and for the root, its process stopped): its bytes are
 * destroyed, its parent entry cut (the caller shoots the TLBs down).
 * -1 if there is no such table, it is one that is not covered (above),
 * or a cut of us is pending already. */
int
pt_lose(struct uspace *us, uint64 va, int level)
{
  pte_t *e = 0;

  if (us->lost_tables || va >= MAXVA || (level == 0 && !us->pairs && va < TOP_LEAF))
    return -1;
  if (level == 2) {
    memset(us->pt, LOST_BYTE, PGSIZE);
    us->lost_root = 1;
    us->lost_tables++;
    return 0;
  }
  if (level == 0)
    e = leaf_entry(us->pt, va);
  else if (level == 1)
    e = &us->pt[PX(2, va)];
  if (e == 0 || (*e & (PTE_V | PTE_R | PTE_W | PTE_X)) != PTE_V)
    return -1;
  *e = (*e & ~PTE_V) | PTE_POISON;
  memset((void *)PTE2PA(*e), LOST_BYTE, PGSIZE);
  us->lost_tables++;
  return 0;
}

/* Whether the table at level that maps va lies on the trap path's walk
 * (the root, the tables over the trampoline): its process must be out of
 * user mode from its loss until it is made again. */
int
pt_lose_stops(uint64 va, int level)
{
  return level == 2 || va >> PXSHIFT(level + 1) == TRAPFRAME >> PXSHIFT(level + 1);
}

/* The lost table page (lost): retired for good, its place forgotten. */
static void
retire_table(struct uspace *us, void *lost)
{
  pt_place(lost, 0, 0, 0);
  kpool_retire(lost);
  us->lost_tables--;
  COUNT(tables_rebuilt);
}

/* The lost table page behind cut entry is retired; the new table t
 * takes its place in entry. */
static void
replace_table(struct uspace *us, pte_t *entry, pagetable_t t)
{
  retire_table(us, (void *)PTE2PA(*entry));
  *entry = PA2PTE(t) | PTE_V;
}

/* A new table page for us at level that maps base, placed (its bytes are
 * zero: kpage_alloc). */
static pagetable_t
new_table(struct uspace *us, uint64 base, int level)
{
  pagetable_t t = kpage_alloc();

  if (t == 0)
    panic("pt_rebuild: no kernel-pool page to rebuild a lost page table");
  pt_place(t, us, base, level);
  return t;
}

/* Make again the root of us: each level-1 table placed under the lost
 * one goes back in its entry, and every place keyed by the lost root is
 * keyed by the new one. */
static void
rebuild_root(struct uspace *us)
{
  pagetable_t t = new_table(us, 0, 2), lost = us->pt;
  for (uint64 k = 0; k < NELEM(places); k++) {
    uint64 where = places[k].where;
    if (places[k].root != (uint64)lost)
      continue;
    places[k].root = (uint64)t;
    if ((where & (PGSIZE - 1)) == 1)
      t[PX(2, where)] = PA2PTE(KERNBASE + k * PGSIZE) | PTE_V;
  }
  us->pt = t;
  us->lost_root = 0;
  retire_table(us, lost);
}

/* Make again the level-1 table mapping [base, base + MID_SPAN) of us,
 * whose root entry is entry: each leaf table placed there goes back in
 * its entry. */
static void
rebuild_mid(struct uspace *us, pte_t *entry, uint64 base)
{
  pagetable_t t = new_table(us, base, 1);
  for (uint64 k = 0; k < NELEM(places); k++) {
    uint64 where = places[k].where, va = where & ~(PGSIZE - 1);
    if (places[k].root == (uint64)us->pt && (where & (PGSIZE - 1)) == 0 && va >= base &&
        va < base + MID_SPAN)
      t[PX(1, va)] = PA2PTE(KERNBASE + k * PGSIZE) | PTE_V;
  }
  replace_table(us, entry, t);
}

/* The PTE of a page's copy whose other copy's PTE is other: the twin
 * frame, the same flags, and valid unless the twin frame is poisoned
 * (then it traps, as the lost PTE did, and is repaired as any poisoned
 * copy is; the other copy's own poison says nothing about this one). */
static pte_t
twin_pte(pte_t other)
{
  void *pa = frame_twin((void *)PTE2PA(other));
  pte_t flags = PTE_FLAGS(other) & ~(PTE_V | PTE_POISON);

  return PA2PTE(pa) | flags | (frame_poisoned(pa) ? PTE_POISON : PTE_V);
}

/* Make again the leaf table mapping [base, base + LEAF_SPAN) of us,
 * whose parent entry is entry: each used PTE of the other half gives
 * this half's (twin_pte).  A new pool page replaces the lost one,
 * charged to us as that one was. */
static void
rebuild_leaf(struct uspace *us, pte_t *entry, uint64 base)
{
  int mirror_half = base + LEAF_SPAN > MIRROR_OFFSET;
  uint64 other = mirror_half ? -MIRROR_OFFSET : MIRROR_OFFSET;
  pagetable_t t = new_table(us, base, 0);
  for (int i = 0; i < 512; i++) {
    uint64 va = base + (uint64)i * PGSIZE;
    pte_t *o;
    if (mirror_half && va < MIRROR_OFFSET)
      continue;
    if ((o = vm_walk(us->pt, va + other, 0, 0)) != 0 && *o != 0)
      t[i] = twin_pte(*o);
  }
  replace_table(us, entry, t);
}

/* Make again the leaf table over the trampoline and the trapframe, whose
 * parent entry is entry: their two PTEs, as us_create made them. */
static void
rebuild_top(struct uspace *us, pte_t *entry)
{
  pagetable_t t = new_table(us, TOP_LEAF, 0);
  us->trampoline = kro_trampoline();
  t[PX(0, TRAMPOLINE)] = PA2PTE(us->trampoline) | US_TRAMPOLINE_PERM | PTE_V;
  t[PX(0, TRAPFRAME)] = PA2PTE(us->trapframe) | US_TRAPFRAME_PERM | PTE_V;
  replace_table(us, entry, t);
}

/* Rebuild every cut table of us (us_lock, us->lock held).  A rebuilt
 * table maps what it mapped: no TLB holds anything under a cut entry, so
 * nothing needs flushing. */
void
pt_rebuild(struct uspace *us)
{
  if (us->lost_root)
    rebuild_root(us);
  for (int i2 = 0; i2 < 512 && us->lost_tables > 0; i2++) {
    if ((us->pt[i2] & (PTE_V | PTE_POISON)) == PTE_POISON)
      rebuild_mid(us, &us->pt[i2], (uint64)i2 << PXSHIFT(2));
    if ((us->pt[i2] & (PTE_V | PTE_R | PTE_W | PTE_X)) != PTE_V)
      continue;
    pagetable_t pt1 = (pagetable_t)PTE2PA(us->pt[i2]);
    for (int i1 = 0; i1 < 512; i1++) {
      uint64 base = ((uint64)i2 << PXSHIFT(2)) | ((uint64)i1 << PXSHIFT(1));
      if ((pt1[i1] & (PTE_V | PTE_POISON)) != PTE_POISON)
        continue;
      if (base == TOP_LEAF)
        rebuild_top(us, &pt1[i1]);
      else
        rebuild_leaf(us, &pt1[i1], base);
    }
  }
}
