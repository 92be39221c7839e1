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
 * A lost mirror (kdata_lose with mirror set, or its frame's bank failed:
 * kdata_bank_failed) keeps mapping its dead frame, marked PTE_POISON --
 * twins land there, nothing reads it -- until kdata_remirror gives it a
 * new frame: machine mode (the kernel's ecall: kdata_remirror_m) stops
 * the other harts, copies the page into it and maps it.  Meanwhile the
 * page has one copy: its loss is refused by the injector, and a real
 * one stops the machine, naming the page.
 *
 * Spares: KDATA_SPARES pages of the kernel pool -- the kernel region, as
 * the image is: data and bss stay apart from their mirror, which lives in
 * user frames -- taken by machine mode and made again by kdata_resync
 * from any hart's scheduler loop; the injector refuses a loss that would
 * leave a lost page without one.  A whole-bank failure never takes a
 * data page or a spare: the kernel region is in no bank of the frame
 * allocator (it may take mirror frames: made again at once).
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
  int mirrors_lost;           /* mirrors lost and not yet made again */
  uint64 recovered;           /* pages fixed */
  uint64 remirrored;          /* mirrors made again */
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

/* The PTE that maps the mirror of va, or 0.  Machine mode too. */
static pte_t *
kdata_mirror_pte(uint64 va)
{
  return kdata_leaf(kernel_pagetable, (uint64)kmirror_of((void *)va));
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
  pte_t *me = kdata_mirror_pte(va);
  uint64 spare, old = PTE2PA(v);

  if (me == 0 || (*me & (PTE_V | PTE_POISON)) != PTE_V || (spare = kdata_take_spare()) == 0)
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

/* One fix or remirror at a time.  A hart that waits parks when the
 * holder stops the harts: it waits at a native access or at the ecall,
 * in no window. */
static void
kdata_lock_m(void)
{
  while (amo_swap32(&kdata.lock, 1) != 0)
    if (__atomic_load_n(&kdata.stop, __ATOMIC_ACQUIRE))
      kdata_wait();
}

static void
kdata_unlock_m(void)
{
  __atomic_store_n(&kdata.lock, 0, __ATOMIC_RELEASE);
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
  kdata_lock_m();
  v = __atomic_load_n(e, __ATOMIC_ACQUIRE);
  if (!(v & PTE_V))
    r = (v & PTE_POISON) && kdata_mend(e, v, PGROUNDDOWN(va));
  kdata_unlock_m();
  return r;
}

/* m_trap: the kernel's ecall from kdata_remirror.  If the mirror of page
 * va is lost, frame f takes its place, filled from the page with the
 * other harts stopped: none is in a window then, so from then on every
 * word's mirror follows it again.  Returns the frame to give back: the
 * dead one, f unused if the mirror is whole (made again already), or 0
 * if the page is lost too -- both copies: S mode stops the machine. */
uint64
kdata_remirror_m(uint64 va, uint64 f)
{
  pte_t *e = kdata_leaf(kernel_pagetable, va), *me = kdata_mirror_pte(va), mv;
  uint64 back = f;

  kdata_lock_m();
  if (e && me && ((mv = __atomic_load_n(me, __ATOMIC_ACQUIRE)) & PTE_POISON)) {
    back = 0;
    if (__atomic_load_n(e, __ATOMIC_ACQUIRE) & PTE_V) {
      kdata_stop_others();
      page_copy((void *)f, (void *)PTE2PA(*e));
      __atomic_store_n(me, PA2PTE(f) | PTE_FLAGS(mv & ~PTE_POISON), __ATOMIC_RELEASE);
      back = PTE2PA(mv);
      __atomic_fetch_sub(&kdata.mirrors_lost, 1, __ATOMIC_ACQ_REL);
      __atomic_fetch_add(&kdata.remirrored, 1, __ATOMIC_ACQ_REL);
      sfence_vma();
      kdata_go_on();
    }
  }
  kdata_unlock_m();
  return back;
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

/* The mirror PTE me maps is lost (kro_lock held): me keeps the dead
 * frame, marked PTE_POISON, whose bytes are destroyed. */
static void
kdata_mirror_lose(pte_t *me)
{
  pte_t v = __atomic_fetch_or(me, PTE_POISON, __ATOMIC_ACQ_REL);

  __atomic_fetch_add(&kdata.mirrors_lost, 1, __ATOMIC_ACQ_REL);
  memset((void *)PTE2PA(v), LOST_WORD & 0xff, PGSIZE);
}

/* Whether page va and its mirror are both whole (kro_lock held). */
static int
kdata_whole(uint64 va, pte_t **e, pte_t **me)
{
  return (*e = kdata_leaf(kernel_pagetable, va)) != 0 && (**e & PTE_V) &&
         (*me = kdata_mirror_pte(va)) != 0 && (**me & (PTE_V | PTE_POISON)) == PTE_V;
}

/* faultinj FI_KERNEL|FI_DATA: lose mirrored page n of data and bss, or
 * with mirror set its mirror (an error in its frame; made again by the
 * scheduler loop).  0, or -1: no such page (or no mirror: not
 * memv6.kdata), the page or its mirror lost already (the other is the
 * only copy), a cut above it, or no spare left for it. */
int
kdata_lose(int n, int mirror)
{
  uint64 va = kdata_page(n);
  pte_t *e, *me, old;
  int r = -1;

  if (va == 0)
    return -1;
  spin_lock(&kro_lock);
  if (!kdata_whole(va, &e, &me)) {
    r = -1;
  } else if (mirror) {
    if ((r = frame_poison((void *)PTE2PA(*me))) == 0)
      kdata_mirror_lose(me);
  } else if (kdata_spares() > __atomic_load_n(&kdata.lost, __ATOMIC_ACQUIRE) &&
             ((old = __atomic_load_n(e, __ATOMIC_ACQUIRE)) & PTE_V) &&
             __atomic_compare_exchange_n(e, &old, (old & ~PTE_V) | PTE_POISON, 0,
                                         __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    __atomic_fetch_add(&kdata.lost, 1, __ATOMIC_ACQ_REL);
    kro_sync(e);
    r = 0;
  }
  spin_unlock(&kro_lock);
  if (r == 0 && !mirror)
    tlb_shootdown();
  return r;
}

/* Bank failure (the bank's frames marked poisoned already): every mirror
 * frame of data and bss in [lo, hi) is lost; the caller makes them again
 * at once (kdata_remirror).  A page lost itself then has no copy left
 * (the caller's patrol fixed those it could first). */
void
kdata_bank_failed(uint64 lo, uint64 hi)
{
  pte_t *me;

  spin_lock(&kro_lock);
  for (uint64 va = (uint64)ro_end; va < (uint64)kernel_end; va += PGSIZE)
    if (kmirror_has(va) && (me = kdata_mirror_pte(va)) != 0 &&
        (*me & (PTE_V | PTE_POISON)) == PTE_V && PTE2PA(*me) >= lo && PTE2PA(*me) < hi)
      kdata_mirror_lose(me);
  spin_unlock(&kro_lock);
}

/* The kernel's ecall: kdata_remirror_m, in machine mode. */
static uint64
kdata_ecall(uint64 va, uint64 f)
{
  register uint64 a0 asm("a0") = va, a1 asm("a1") = f;

  asm volatile("ecall" : "+r"(a0) : "r"(a1) : "memory");
  return a0;
}

/* Every lost mirror of data and bss gets a new frame, in a bank that
 * works (kdata_remirror_m); the dead one is given back (retired: it is
 * poisoned).  A bank failure calls it at once, the scheduler loop and
 * scrub's patrol for a single loss, or one that got no frame before. */
void
kdata_remirror(void)
{
  for (uint64 va = (uint64)ro_end; va < (uint64)kernel_end; va += PGSIZE) {
    pte_t *me = kmirror_has(va) ? kdata_mirror_pte(va) : 0;
    if (me == 0 || !(__atomic_load_n(me, __ATOMIC_ACQUIRE) & PTE_POISON))
      continue;
    void *f = frame_take(0, 0);
    if (f == 0)
      return;                   /* the next pass */
    uint64 back = kdata_ecall(va, (uint64)f);
    if (back == 0) {            /* both copies: stop, naming the page */
      kprintf("kernel data page %p: lost, and its mirror\n", (void *)va);
      panic("kernel data lost");
    }
    frame_free((void *)back);
  }
}

/* Whether kdata_resync has work: a spare to make, a frame to free. */
int
kdata_pending(void)
{
  if (kmirror_gp == 0)
    return 0;
  if (__atomic_load_n(&kdata.mirrors_lost, __ATOMIC_ACQUIRE) > 0)
    return 1;
  for (int i = 0; i < KDATA_SPARES; i++)
    if (__atomic_load_n(&kdata.spare[i], __ATOMIC_ACQUIRE) == 0 ||
        __atomic_load_n(&kdata.dead[i], __ATOMIC_ACQUIRE) != 0)
      return 1;
  return 0;
}

/* The scheduler loop: spares made again, pages lost pages ran on
 * retired, lost mirrors made again. */
void
kdata_resync(void)
{
  if (__atomic_load_n(&kdata.mirrors_lost, __ATOMIC_ACQUIRE) > 0)
    kdata_remirror();
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
 * one is found and fixed; then a lost mirror is made again. */
void
kdata_patrol(void)
{
  for (uint64 va = (uint64)ro_end; va < (uint64)kernel_end; va += PGSIZE)
    if (kmirror_has(va))
      (void)*(volatile uint64 *)va;
  kdata_remirror();
}

/* memstat: the mirrored pages, how many came back, and the pool pages
 * held -- spares, pages lost pages left and not yet retired, and pages
 * that run on a former spare; the mirror frames with the user frames
 * that hold kernel pages, and the mirrors made again with the second
 * copies made again (kro_memstat). */
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
    if ((e = kdata_mirror_pte(va)) != 0 && (*e & PTE_V)) {
      ms->kernel_frames++;
      ms->bank_kernel[frame_bank((void *)PTE2PA(*e))]++;
    }
  }
  ms->kernel_data_remirrored = __atomic_load_n(&kdata.remirrored, __ATOMIC_RELAXED);
  ms->kernel_resynced += ms->kernel_data_remirrored;
  ms->kernel_data_recovered = kdata_recovered();
  for (int i = 0; i < KDATA_SPARES; i++)
    ms->kernel_data_pool += (__atomic_load_n(&kdata.spare[i], __ATOMIC_ACQUIRE) != 0) +
                            (__atomic_load_n(&kdata.dead[i], __ATOMIC_ACQUIRE) != 0);
}
