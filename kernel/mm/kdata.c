/* A lost page of the kernel's data or bss comes back from its mirror
 * (docs/kernel-mirror.md, "Recovering data and bss"): in a kernel
 * mirrorbt translated and booted with memv6.kdata (kmirror.c), every
 * store to data and bss is made in the page's mirror frame too.
 *
 * Loss (kdata_lose, faultinj FI_KERNEL|FI_DATA): the page's PTE is cut,
 * as a text page's is (PTE_V cleared, PTE_POISON set, the table's copy
 * following: kro_sync), and every TLB forgets it.  The kernel's next
 * access, on any hart, faults into machine mode (start.c), which runs
 * with paging off and so through nothing that failed.
 *
 * Fix (kdata_fix, machine mode): the faulting hart stops every other one
 * (a machine software interrupt; kdata_park), copies the mirror frame
 * into a spare page, points the PTE at it, and lets them go.  The copy
 * is exact when
 *  - no hart is in a store pair's window: a hart is parked only where
 *    the instruction at its pc is none of a window's (kwin.c), else it
 *    is asked again a little later; and a window an interrupt cut was
 *    ended by kernelvec before the interrupt was handled (kwin_finish);
 *    the faulting hart itself is at a native access, in no window;
 *  - every word's mirror follows it: stores have twins; atomics are
 *    twinned by the same operation (mirrorbt --twin-atomics), equal at
 *    rest for the commutative ones, which are all the kernel uses on
 *    mirrored words (its spinlock's word changes by adds);
 *    machine mode and devices write only KNOMIRROR pages; stacks have
 *    no twins, and none lies in a mirrored page.
 * The old frame's bytes are destroyed; a spare that ran the page before
 * is retired (kdata_resync).
 *
 * Spares: KDATA_SPARES pages of the kernel pool -- the kernel region, as
 * the image is: data and bss stay apart from their mirror, which lives in
 * user frames -- taken by machine mode and made again by kdata_resync
 * from any hart's scheduler loop; the injector refuses a loss that would
 * leave a lost page without one.  A whole-bank failure never takes a
 * data page or a spare: the kernel region is in no bank of the frame
 * allocator (it may take a mirror frame: not covered).
 *
 * Machine mode's state (struct kdata) is KNOMIRROR: it changes with
 * paging off, where no twin follows. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/memstat.h"
#include "kernel/core/lock.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/kro.h"

extern char keep_end[], ro_end[], kernel_end[];   /* kernel.ld */

#define KDATA_SPARES 4
#define KDATA_NUDGE  4096     /* spins between asking the harts not parked yet again */
#define LOST_WORD    0xfefefefefefefefeUL

static struct {
  uint lock;                  /* one fix at a time (machine mode) */
  int stop;                   /* the other harts are to park */
  int parked;                 /* how many have */
  uint64 harts;               /* bit h: hart h runs (kdata_hart) */
  uint64 spare[KDATA_SPARES]; /* pool pages for the next fixes; 0: taken */
  uint64 dead[KDATA_SPARES];  /* former spares lost pages left, to retire */
  int lost;                   /* pages lost and not yet fixed */
  uint64 recovered;           /* pages fixed */
} kdata KNOMIRROR;

/* boot_start, machine mode: hart h runs and may be stopped. */
void
kdata_hart(int h)
{
  __atomic_fetch_or(&kdata.harts, 1UL << h, __ATOMIC_RELEASE);
}

/* The leaf PTE of va under root, or 0 (not mapped by 4 KiB pages, or a
 * cut on the way).  Machine mode too: the tables are at their physical
 * addresses.  (Not vm_walk: it refuses the mirror half, above MAXVA, and
 * panics on a superpage.) */
static pte_t *
kdata_leaf(pagetable_t t, uint64 va)
{
  for (int level = 2; level > 0; level--) {
    pte_t v = t[PX(level, va)];
    if ((v & (PTE_V | PTE_R | PTE_W | PTE_X)) != PTE_V)
      return 0;
    t = (pagetable_t)PTE2PA(v);
  }
  return &t[PX(0, va)];
}

/* ---- machine mode */

/* Whether the hart that trapped may be parked where it is: in user mode;
 * in supervisor mode, not in kept code (kernelvec ending a window, the
 * trap entries) and not at an instruction of a store pair's window. */
static int
kdata_stoppable(void)
{
  uint64 pc = csr_read(mepc), root = (csr_read(satp) & ((1UL << 44) - 1)) << PGSHIFT;
  uint32 in = 0;

  if ((csr_read(mstatus) & MSTATUS_MPP_MASK) != MSTATUS_MPP_S || pc >= TRAMPOLINE)
    return 1;
  if (pc < (uint64)keep_end)
    return 0;
  for (int k = 0; k < 2; k++) {     /* two halfwords: pc is 2-aligned */
    pte_t *e = root ? kdata_leaf((pagetable_t)root, pc + 2 * k) : 0;
    uint64 pa = root == 0 ? pc + 2 * k : e && (*e & PTE_V) ? PTE2PA(*e) | ((pc + 2 * k) & (PGSIZE - 1)) : 0;
    if (pa == 0)
      return 0;
    in |= (uint32)*(uint16 *)pa << (16 * k);
  }
  return kwin_form(in) < 0;
}

/* Park this hart until the stop is over; it comes back with its TLB
 * flushed (the fixed PTE was not valid before). */
static void
kdata_wait(void)
{
  __atomic_fetch_add(&kdata.parked, 1, __ATOMIC_ACQ_REL);
  while (__atomic_load_n(&kdata.stop, __ATOMIC_ACQUIRE))
    ;
  sfence_vma();
  __atomic_fetch_sub(&kdata.parked, 1, __ATOMIC_ACQ_REL);
}

/* m_trap: a machine software interrupt, a stop.  Parked if it may be;
 * else the stopper asks again. */
void
kdata_park(void)
{
  mmio_write32(CLINT_MSIP(csr_read(mhartid)), 0);
  if (__atomic_load_n(&kdata.stop, __ATOMIC_ACQUIRE) && kdata_stoppable())
    kdata_wait();
}

/* Stop every other hart that runs: each parked, none in a window. */
static void
kdata_stop_others(void)
{
  uint64 me = csr_read(mhartid), harts = __atomic_load_n(&kdata.harts, __ATOMIC_ACQUIRE);
  int others = -1;

  for (uint64 b = harts; b; b &= b - 1)
    others++;

  __atomic_store_n(&kdata.stop, 1, __ATOMIC_SEQ_CST);
  for (uint64 spins = 0; __atomic_load_n(&kdata.parked, __ATOMIC_ACQUIRE) < others; spins++)
    if (spins % KDATA_NUDGE == 0)
      for (int h = 0; h < NCPU; h++)
        if (h != (int)me && (harts >> h & 1))
          mmio_write32(CLINT_MSIP(h), 1);
}

static void
kdata_go_on(void)
{
  __atomic_store_n(&kdata.stop, 0, __ATOMIC_SEQ_CST);
  while (__atomic_load_n(&kdata.parked, __ATOMIC_ACQUIRE) != 0)
    ;
}

/* A spare frame, taken; 0 if none is left. */
static uint64
kdata_take_spare(void)
{
  for (int i = 0; i < KDATA_SPARES; i++) {
    uint64 f = __atomic_load_n(&kdata.spare[i], __ATOMIC_ACQUIRE);
    if (f && __atomic_compare_exchange_n(&kdata.spare[i], &f, 0, 0, __ATOMIC_ACQ_REL,
                                         __ATOMIC_RELAXED))
      return f;
  }
  return 0;
}

/* The fix proper, the others stopped: the page at va, whose PTE e holds
 * the cut entry v, goes to a spare filled from its mirror.  The page it
 * leaves is the image's, or a former spare (above kernel_end), to
 * retire. */
static int
kdata_mend(pte_t *e, pte_t v, uint64 va)
{
  pte_t *me = kdata_leaf(kernel_pagetable, (uint64)kmirror_of((void *)va));
  uint64 spare, old = PTE2PA(v);

  if (me == 0 || !(*me & PTE_V) || (spare = kdata_take_spare()) == 0)
    return 0;                   /* S mode stops the machine, naming the page */
  kdata_stop_others();
  page_copy((void *)spare, (void *)PTE2PA(*me));
  __atomic_store_n(e, PA2PTE(spare) | PTE_FLAGS(v & ~PTE_POISON) | PTE_V, __ATOMIC_RELEASE);
  kro_sync(e);
  for (uint64 *w = (uint64 *)old; w < (uint64 *)(old + PGSIZE); w++)
    *w = LOST_WORD;
  for (int i = 0; old >= (uint64)kernel_end && i < KDATA_SPARES; i++) {   /* a former spare */
    uint64 none = 0;
    if (__atomic_compare_exchange_n(&kdata.dead[i], &none, old, 0, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED))
      break;
  }
  __atomic_fetch_sub(&kdata.lost, 1, __ATOMIC_ACQ_REL);
  __atomic_fetch_add(&kdata.recovered, 1, __ATOMIC_ACQ_REL);
  sfence_vma();
  kdata_go_on();
  return 1;
}

/* m_trap: a kernel fault at va in machine mode.  1 if va's page of data
 * or bss was lost and is back now (or another hart brought it back
 * first): the access is retried.  0 if it is no such page, or it cannot
 * come back (no spare, no mirror): S mode gets the fault.  A hart that
 * waits for the fix of another parks when that one stops the harts. */
int
kdata_fix(uint64 va)
{
  pte_t *e, v;
  int r = 1;

  if (!kmirror_has(va) || (e = kdata_leaf(kernel_pagetable, va)) == 0)
    return 0;
  while (amo_swap32(&kdata.lock, 1) != 0)
    if (__atomic_load_n(&kdata.stop, __ATOMIC_ACQUIRE))
      kdata_wait();             /* at a native access: in no window */
  v = __atomic_load_n(e, __ATOMIC_ACQUIRE);
  if (!(v & PTE_V))
    r = (v & PTE_POISON) && kdata_mend(e, v, PGROUNDDOWN(va));
  __atomic_store_n(&kdata.lock, 0, __ATOMIC_RELEASE);
  return r;
}

/* How many lost pages of data or bss have come back (m_trap counts a
 * fault's retries between two fixes). */
uint64
kdata_recovered(void)
{
  return __atomic_load_n(&kdata.recovered, __ATOMIC_RELAXED);
}

/* ---- supervisor mode */

/* The address of mirrored page n of data and bss, or 0. */
static uint64
kdata_page(int n)
{
  for (uint64 va = (uint64)ro_end; va < (uint64)kernel_end; va += PGSIZE)
    if (kmirror_has(va) && n-- == 0)
      return va;
  return 0;
}

static int
kdata_spares(void)
{
  int n = 0;

  for (int i = 0; i < KDATA_SPARES; i++)
    n += __atomic_load_n(&kdata.spare[i], __ATOMIC_ACQUIRE) != 0;
  return n;
}

/* faultinj FI_KERNEL|FI_DATA: lose mirrored page n of data and bss.  0,
 * or -1: no such page (or no mirror: not memv6.kdata), lost already, a
 * cut above it, or no spare left for it. */
int
kdata_lose(int n)
{
  uint64 va = kdata_page(n);
  pte_t *e, old;
  int r = -1;

  if (va == 0)
    return -1;
  spin_lock(&kro_lock);
  if (kdata_spares() > __atomic_load_n(&kdata.lost, __ATOMIC_ACQUIRE) &&
      (e = kdata_leaf(kernel_pagetable, va)) != 0 &&
      ((old = __atomic_load_n(e, __ATOMIC_ACQUIRE)) & PTE_V) &&
      __atomic_compare_exchange_n(e, &old, (old & ~PTE_V) | PTE_POISON, 0, __ATOMIC_ACQ_REL,
                                  __ATOMIC_ACQUIRE)) {
    __atomic_fetch_add(&kdata.lost, 1, __ATOMIC_ACQ_REL);
    kro_sync(e);
    r = 0;
  }
  spin_unlock(&kro_lock);
  if (r == 0)
    tlb_shootdown();
  return r;
}

/* Whether kdata_resync has work: a spare to make, a frame to free. */
int
kdata_pending(void)
{
  if (kmirror_gp == 0)
    return 0;
  for (int i = 0; i < KDATA_SPARES; i++)
    if (__atomic_load_n(&kdata.spare[i], __ATOMIC_ACQUIRE) == 0 ||
        __atomic_load_n(&kdata.dead[i], __ATOMIC_ACQUIRE) != 0)
      return 1;
  return 0;
}

/* The scheduler loop: spares made again, pages lost pages ran on
 * retired. */
void
kdata_resync(void)
{
  for (int i = 0; i < KDATA_SPARES; i++) {
    uint64 dead = amo_swap64(&kdata.dead[i], 0), none = 0;
    if (dead)
      kpool_retire((void *)dead);
    if (__atomic_load_n(&kdata.spare[i], __ATOMIC_ACQUIRE) != 0)
      continue;
    void *f = kpage_alloc();
    if (f && !__atomic_compare_exchange_n(&kdata.spare[i], &none, (uint64)f, 0, __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED))
      kpage_free(f);
  }
}

/* Read every mirrored page of data and bss once (scrub's patrol): a lost
 * one is found and fixed. */
void
kdata_patrol(void)
{
  for (uint64 va = (uint64)ro_end; va < (uint64)kernel_end; va += PGSIZE)
    if (kmirror_has(va))
      (void)*(volatile uint64 *)va;
}

/* memstat: the mirrored pages, how many came back, and the pool pages
 * held -- spares, pages lost pages left and not yet retired, and pages
 * that run on a former spare. */
void
kdata_memstat(struct memstat *ms)
{
  pte_t *e;

  for (uint64 va = (uint64)ro_end; va < (uint64)kernel_end; va += PGSIZE) {
    if (!kmirror_has(va))
      continue;
    ms->kernel_data_pages++;
    if ((e = kdata_leaf(kernel_pagetable, va)) != 0 && PTE2PA(*e) >= (uint64)kernel_end)
      ms->kernel_data_pool++;
  }
  ms->kernel_data_recovered = kdata_recovered();
  for (int i = 0; i < KDATA_SPARES; i++)
    ms->kernel_data_pool += (__atomic_load_n(&kdata.spare[i], __ATOMIC_ACQUIRE) != 0) +
                            (__atomic_load_n(&kdata.dead[i], __ATOMIC_ACQUIRE) != 0);
}
