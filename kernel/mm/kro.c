/* The kernel's read-only memory -- its text and read-only data -- survives
 * memory errors (docs/kernel-mirror.md).
 *
 * Every read-only page but the trampoline's has a pristine second copy
 * in a user frame (kro.copy), taken at boot from whichever bank has most
 * free frames.  A poisoned page's kernel PTE is made not valid with
 * PTE_POISON (kro_poison); the kernel's next fetch or load there takes
 * a page fault, which machine mode serves (boot/mtrap.S, start.c: the
 * trap path must not run through the page that failed, and machine mode
 * runs with paging off) by kro_fix: the PTE is pointed at the pristine
 * copy, which becomes the live page.  A new pristine copy is made later
 * in supervisor mode (kro_resync, from the scheduler loop), in a bank
 * other than the live page's; until then the page has one copy.
 *
 * kro_fix runs in machine mode on any hart with interrupts off: it takes
 * no lock, calls nothing that reads tp (cpuid) and changes the PTE with
 * a compare-and-swap, so two harts faulting on one page fix it once.
 * Everything else runs in supervisor mode under kro_lock: kro_poison and
 * kro_bank_failed under the injector's rules too (sysmem.c), kro_resync
 * from any hart's scheduler loop, which holds no lock.  Lock order:
 * kro_lock, then a bank's (frame.c).  Not handled yet: a bank failure
 * that gives back a second copy while machine mode is switching its
 * page to that very copy leaves the page live on a frame of the failed
 * bank (docs/kernel-mirror.md).  kro.pending and kro.dead hand
 * pages from kro_fix to kro_resync: bit i of pending is set, with
 * atomics, once page i has switched to its copy. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/memstat.h"
#include "kernel/core/lock.h"
#include "kernel/mm/vm.h"

extern char ro_end[], trampoline_start[];   /* kernel.ld */

#define KRO_MAX 64      /* read-only pages covered: one bit each in pending */

static struct {
  int npages;
  uint64 copy[KRO_MAX];   /* pristine copy of page i, 0 while it is being remade */
  uint64 dead[KRO_MAX];   /* a user frame page i left when it failed, to free */
  uint64 pending;         /* bit i: page i runs on its copy; make a new one */
  uint64 recovered;       /* pages switched to their copy */
  uint64 resynced;        /* copies made again */
} kro;

static struct spinlock kro_lock = { .name = "kro" };

/* The index of the read-only page holding va, or -1 (outside, or the
 * trampoline's, which every address space maps and which is left out). */
static int
kro_index(uint64 va)
{
  if (va < KERNBASE || va >= (uint64)ro_end ||
      PGROUNDDOWN(va) == (uint64)trampoline_start)
    return -1;
  return (va - KERNBASE) / PGSIZE;
}

/* Take the pristine copies (kmain, after kvm_init). */
void
kro_init(void)
{
  kro.npages = ((uint64)ro_end - KERNBASE) / PGSIZE;
  if (kro.npages > KRO_MAX)
    panic("kro_init: more read-only pages than KRO_MAX");
  for (int i = 0; i < kro.npages; i++) {
    uint64 va = KERNBASE + (uint64)i * PGSIZE;
    if (kro_index(va) < 0)
      continue;
    if ((kro.copy[i] = (uint64)frame_copy((void *)va, 0)) == 0)
      panic("kro_init: no frame for a copy of the kernel");
  }
}

/* Machine mode, any hart, interrupts off (start.c): an instruction
 * (exec set) or load page fault of the kernel at va.  1 if the kernel
 * may retry the access: va's page was poisoned and now runs on its copy,
 * or another hart fixed it first (the PTE allows the access now).  0 if
 * it is not a poisoned read-only page, its copy is gone too (being
 * remade), or the access is not allowed there (a kernel bug: executing
 * read-only data): supervisor mode gets the fault. */
int
kro_fix(uint64 va, int exec)
{
  int i = kro_index(va);
  pte_t *pte, old, fixed;

  if (i < 0 || (pte = vm_walk(kernel_pagetable, va, 0, 0)) == 0)
    return 0;
  old = __atomic_load_n(pte, __ATOMIC_ACQUIRE);
  if (old & PTE_V)
    return (old & (exec ? PTE_X : PTE_R)) != 0;
  if (!(old & PTE_POISON) || kro.copy[i] == 0)
    return 0;
  fixed = PA2PTE(kro.copy[i]) | PTE_FLAGS(old & ~PTE_POISON) | PTE_V;
  if (!__atomic_compare_exchange_n(pte, &old, fixed, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return 1;
  if (frame_is_user(PTE2PA(old)))
    kro.dead[i] = PTE2PA(old);
  kro.copy[i] = 0;
  __atomic_fetch_add(&kro.recovered, 1, __ATOMIC_RELAXED);
  __atomic_fetch_or(&kro.pending, 1UL << i, __ATOMIC_RELEASE);
  return 1;
}

/* Whether va is in a kernel read-only page that is poisoned and has no
 * copy to come back from: kernel_trap's fault then is a double fault. */
int
kro_lost(uint64 va)
{
  int i = kro_index(va);
  pte_t *pte;

  return i >= 0 && (pte = vm_walk(kernel_pagetable, va, 0, 0)) != 0 &&
         (*pte & (PTE_V | PTE_POISON)) == PTE_POISON && kro.copy[i] == 0;
}

/* Poison the live frame of page i: its PTE traps from now on (the
 * caller shoots the TLBs down).  -1 if it is poisoned already or has no
 * copy to come back from yet (one error a page until kro_resync). */
static int
kro_poison_page(int i)
{
  pte_t *pte = vm_walk(kernel_pagetable, KERNBASE + (uint64)i * PGSIZE, 0, 0);
  pte_t old = __atomic_load_n(pte, __ATOMIC_ACQUIRE);

  /* (live on the copy itself: kro_fix on another hart is between its
   * switch and clearing copy) */
  if (!(old & PTE_V) || kro.copy[i] == 0 || PTE2PA(old) == kro.copy[i])
    return -1;
  if (!__atomic_compare_exchange_n(pte, &old, (old & ~PTE_V) | PTE_POISON, 0,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return -1;
  if (frame_is_user(PTE2PA(old)))
    frame_poison((void *)PTE2PA(old));
  return 0;
}

/* faultinj with FI_KERNEL: poison the kernel's read-only page at va and
 * make every hart's TLB forget it.  0, or -1 (not such a page, or see
 * kro_poison_page). */
int
kro_poison(uint64 va)
{
  int i = kro_index(va), r = -1;

  if (i >= 0) {
    spin_lock(&kro_lock);
    r = kro_poison_page(i);
    spin_unlock(&kro_lock);
  }
  if (r < 0)
    return -1;
  tlb_shootdown();
  return 0;
}

/* Bank failure (the bank's frames marked poisoned already; the caller
 * shoots the TLBs down after): a live page in the range [lo, hi) is
 * poisoned like any other, a copy there is given back (retired) and
 * made again by kro_resync. */
void
kro_bank_failed(uint64 lo, uint64 hi)
{
  spin_lock(&kro_lock);
  for (int i = 0; i < kro.npages; i++) {
    pte_t *pte = vm_walk(kernel_pagetable, KERNBASE + (uint64)i * PGSIZE, 0, 0);
    if (kro_index(KERNBASE + (uint64)i * PGSIZE) < 0)
      continue;
    if (PTE2PA(*pte) >= lo && PTE2PA(*pte) < hi)
      kro_poison_page(i);
    if (kro.copy[i] >= lo && kro.copy[i] < hi) {
      frame_free((void *)kro.copy[i]);
      kro.copy[i] = 0;
      __atomic_fetch_or(&kro.pending, 1UL << i, __ATOMIC_RELEASE);
    }
  }
  spin_unlock(&kro_lock);
}

/* The scheduler loop, when kro_pending: a page that runs on its copy gets a new copy, in
 * another bank than its live frame; the frame it left, if a user frame,
 * is given back (retired: it was poisoned).  A page that gets no frame
 * now is tried again on the next pass. */
void
kro_resync(void)
{
  spin_lock(&kro_lock);
  uint64 todo = __atomic_exchange_n(&kro.pending, 0, __ATOMIC_ACQ_REL);

  for (int i = 0; todo != 0; i++, todo >>= 1) {
    if (!(todo & 1))
      continue;
    uint64 live = PTE2PA(*vm_walk(kernel_pagetable, KERNBASE + (uint64)i * PGSIZE, 0, 0));
    void *c = frame_copy((void *)live, frame_is_user(live) ? (void *)live : 0);
    if (c == 0) {
      __atomic_fetch_or(&kro.pending, 1UL << i, __ATOMIC_RELEASE);
      continue;
    }
    if (kro.dead[i]) {
      frame_free((void *)kro.dead[i]);
      kro.dead[i] = 0;
    }
    kro.copy[i] = (uint64)c;
    kro.resynced++;
  }
  spin_unlock(&kro_lock);
}

/* Whether kro_resync has work: read on every pass of every hart's
 * scheduler loop (one load). */
int
kro_pending(void)
{
  return __atomic_load_n(&kro.pending, __ATOMIC_ACQUIRE) != 0;
}

/* Read every read-only page once (a patrol, as a memory scrubber
 * would): a poisoned one is found -- the load faults -- and fixed. */
void
kro_patrol(void)
{
  for (int i = 0; i < kro.npages; i++)
    if (kro_index(KERNBASE + (uint64)i * PGSIZE) >= 0)
      (void)*(volatile uint64 *)(KERNBASE + (uint64)i * PGSIZE);
}

/* memstat's kernel fields: the user frames that hold kernel pages (live
 * pages that run on a copy, copies, frames left to free), per bank, and
 * the banks whose failure now would leave a kernel page no healthy copy. */
void
kro_memstat(struct memstat *ms)
{
  ms->kernel_recovered = __atomic_load_n(&kro.recovered, __ATOMIC_RELAXED);
  ms->kernel_resynced = kro.resynced;
  ms->kernel_ro_start = KERNBASE;
  ms->kernel_ro_end = (uint64)ro_end;
  ms->kernel_trampoline = (uint64)trampoline_start;
  for (int i = 0; i < kro.npages; i++) {
    uint64 va = KERNBASE + (uint64)i * PGSIZE, live;
    if (kro_index(va) < 0)
      continue;
    pte_t pte = *vm_walk(kernel_pagetable, va, 0, 0);
    live = PTE2PA(pte);
    if (!(pte & PTE_V) && kro.copy[i])
      ms->kernel_single_banks |= 1UL << frame_bank((void *)kro.copy[i]);
    if ((pte & PTE_V) && kro.copy[i] == 0 && frame_is_user(live))
      ms->kernel_single_banks |= 1UL << frame_bank((void *)live);
    uint64 f[3] = { kro.copy[i], kro.dead[i], frame_is_user(live) ? live : 0 };
    for (int k = 0; k < 3; k++)
      if (f[k]) {
        ms->kernel_frames++;
        ms->bank_kernel[frame_bank((void *)f[k])]++;
      }
  }
}
