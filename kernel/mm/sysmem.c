/* System calls about memory: memstat, pagemap, mdiff and the bankhold
 * and faultinj test knobs (records in kernel/memstat.h and
 * kernel/pagemap.h).
 *
 * pagemap and mdiff may look at another process's space.  They do it
 * with its memlock held (proc_lock_space), fill a kernel page, drop the
 * lock and only then copy out to the caller, so that no process ever
 * holds two spaces' locks here (the caller's own copyout takes its own). */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/memstat.h"
#include "kernel/pagemap.h"
#include "kernel/defs.h"
#include "kernel/core/proc.h"

_Static_assert(NBANK <= MEMSTAT_BANKS, "memstat has room for every bank");

static uint64 n_injected;     /* faultinj calls that injected an error */
static uint64 n_scrub_found, n_scrub_repaired;   /* scrub's findings, since boot */

uint64
sys_memstat(void)
{
  uint64 addr;
  struct memstat ms;

  arg_addr(0, &addr);
  memset(&ms, 0, sizeof ms);
  ms.frames_total = FRAME_COUNT;
  ms.frames_free = frame_free_count();
  ms.kpages_free = kpool_free_count();
  ms.nbank = NBANK;
  ms.injected = __atomic_load_n(&n_injected, __ATOMIC_RELAXED);
  ms.retired = frame_retired_count();
  ms.scrub_found = __atomic_load_n(&n_scrub_found, __ATOMIC_RELAXED);
  ms.scrub_repaired = __atomic_load_n(&n_scrub_repaired, __ATOMIC_RELAXED);
  frame_bank_free(ms.bank_free);
  ms.idle_instret = proc_idle_instret();
  us_memstat(&ms);
  return us_copyout(&myproc()->us, addr, &ms, sizeof ms);
}

/* What pagemap and mdiff share: lock process pid's space, let fill put
 * up to n records of rec bytes into a kernel page, unlock, and copy all
 * n out to buf (n cut to a page's worth; all n, so a bad buffer is -1
 * even with nothing to report).  fill's result, or -1. */
static int
mem_inspect(int pid, uint64 buf, int n, uint64 rec,
            int (*fill)(struct uspace *us, void *page, int n, uint64 arg), uint64 arg)
{
  struct proc *p;
  void *page;
  int r = -1;

  if (n < 0 || (page = kpage_alloc()) == 0)
    return -1;
  if ((uint64)n > PGSIZE / rec)
    n = PGSIZE / rec;
  if ((p = proc_lock_space(pid)) != 0) {
    r = fill(&p->us, page, n, arg);
    proc_unlock_space(p);
    if (us_copyout(&myproc()->us, buf, page, n * rec) < 0)
      r = -1;
  }
  kpage_free(page);
  return r;
}

static int
pagemap_fill(struct uspace *us, void *page, int n, uint64 va)
{
  return us_pagemap(us, va, page, n);
}

static int
mdiff_fill(struct uspace *us, void *page, int n, uint64 unused)
{
  return us_mdiff(us, page, n);
}

/* pagemap(pid, va, buf, n): pagemap.h. */
uint64
sys_pagemap(void)
{
  int pid, n;
  uint64 va, buf;

  arg_int(0, &pid);
  arg_addr(1, &va);
  arg_addr(2, &buf);
  arg_int(3, &n);
  return mem_inspect(pid, buf, n, sizeof(struct pagemap), pagemap_fill, va);
}

/* mdiff(pid, vas, n): pagemap.h. */
uint64
sys_mdiff(void)
{
  int pid, n;
  uint64 buf;

  arg_int(0, &pid);
  arg_addr(1, &buf);
  arg_int(2, &n);
  return mem_inspect(pid, buf, n, sizeof(uint64), mdiff_fill, 0);
}

/* bankhold(bank, n): pagemap.h; a test knob, -1 unless booted with
 * memv6.bankhold. */
uint64
sys_bankhold(void)
{
  int bank, n;

  arg_int(0, &bank);
  arg_int(1, &n);
  if (!boot_option("bankhold") || bank < 0 || bank >= NBANK || n < 0)
    return -1;
  return frame_hold(bank, n);
}

/* proc_each_space visit: make the PTEs that map poisoned frame arg trap. */
static void
poison_space(struct proc *p, void *arg)
{
  us_poison(&p->us, arg, -1);
}

/* proc_each_space visit: make the PTEs that map a frame of failed bank
 * *arg trap. */
static void
poison_bank_space(struct proc *p, void *arg)
{
  us_poison(&p->us, 0, *(int *)arg);
}

/* proc_each_space visit after a bank failure: rebuild the lost copies of
 * p's pages now -- native copies too while p is neither running nor
 * inside a window (p->lock held, so it cannot start) -- and kill p if
 * some page had no other copy (an unmirrored process). */
static void
rebuild_space(struct proc *p, void *arg)
{
  spin_lock(&p->lock);
  int stopped = p->state != P_RUNNING && p->tf;
  int lost = us_rebuild(&p->us, stopped, stopped ? p->tf->epc : 0);
  spin_unlock(&p->lock);
  if (lost > 0 && p->state != P_ZOMBIE) {
    kprintf("pid %d (%s): killed: memory bank failed, %d pages had no other copy\n",
            p->pid, p->name, lost);
    proc_setkilled(p);
  }
}

/* A whole bank fails (faultinj with FI_BANK): no frame is handed out
 * from it again, every PTE that maps one of its frames traps, and every
 * lost copy is rebuilt in a surviving bank now (eagerly: a second
 * failure before the next access must not find pages with one copy) --
 * except the native copies of processes running on other harts, which
 * their own next access rebuilds (only the process's fault knows whether
 * it stopped inside an atomic's window).  Unmirrored processes with pages
 * there are killed. */
static int
fail_bank(int bank)
{
  if (frame_fail_bank(bank) < 0)
    return -1;
  proc_each_space(poison_bank_space, &bank);
  tlb_shootdown();
  proc_each_space(rebuild_space, 0);
  return 0;
}

/* faultinj(pid, va, how): pagemap.h.  A poison marks the frame first,
 * then every PTE that maps it in any process (copy-on-write sharers
 * too; fork marks what it copies after that), then makes the change
 * reach every hart's TLB: from then on every access traps. */
uint64
sys_faultinj(void)
{
  int pid, how, r = -1;
  uint64 va;
  struct proc *p;
  uint8 *pa;

  arg_int(0, &pid);
  arg_addr(1, &va);
  arg_int(2, &how);
  if (!boot_option("faultinj"))
    return -1;
  if (how & FI_BANK) {
    if (fail_bank(va < NBANK ? va : -1) < 0)
      return -1;
    __atomic_fetch_add(&n_injected, 1, __ATOMIC_RELAXED);
    return 0;
  }
  if ((p = proc_lock_space(pid)) == 0)
    return -1;
  if ((pa = us_frame(&p->us, va, how & FI_MIRROR)) != 0) {
    if (how & FI_FLIP) {
      pa[FI_BIT(how) / 8 % PGSIZE] ^= 1 << (FI_BIT(how) % 8);
      r = 0;
    } else {
      r = frame_poison(pa);
    }
  }
  proc_unlock_space(p);
  if (r < 0)
    return -1;
  __atomic_fetch_add(&n_injected, 1, __ATOMIC_RELAXED);
  if (!(how & FI_FLIP)) {
    proc_each_space(poison_space, pa);
    tlb_shootdown();
  }
  return 0;
}

/* A scrub being made (sys_scrub). */
struct scrub {
  int repair;
  int found;
  uint64 *vas;      /* a kernel page: one process's differing pages */
};

#define SCRUB_BATCH (PGSIZE / sizeof(uint64))

/* proc_each_space visit: scrub one mirrored process.  Each differing
 * page gets a console line; with repair, its mirror is made equal to the
 * native copy (the one the program reads) -- but only while the process
 * is not running (p->lock held, so it cannot start) and not stopped
 * inside a pair's window, where native and mirror differ by design. */
static void
scrub_space(struct proc *p, void *arg)
{
  struct scrub *sc = arg;
  int n = p->us.pt && p->us.pairs ? us_mdiff(&p->us, sc->vas, SCRUB_BATCH) : 0;

  for (int i = 0; i < n && i < (int)SCRUB_BATCH; i++) {
    int fixed = 0;
    if (sc->repair) {
      spin_lock(&p->lock);
      if (p->state != P_RUNNING && pairs_window(p->us.pairs, p->tf->epc) == 0)
        fixed = us_sync_mirror(&p->us, sc->vas[i]);
      spin_unlock(&p->lock);
    }
    kprintf("scrub: pid %d (%s): page 0x%lx differs from its mirror%s\n", p->pid, p->name,
            sc->vas[i], fixed ? ", mirror rewritten from the native copy" : "");
    __atomic_fetch_add(&n_scrub_repaired, fixed, __ATOMIC_RELAXED);
  }
  if (n > 0) {
    sc->found += n;
    __atomic_fetch_add(&n_scrub_found, n, __ATOMIC_RELAXED);
  }
}

/* scrub(repair): pagemap.h. */
uint64
sys_scrub(void)
{
  struct scrub sc = { 0, 0, 0 };

  arg_int(0, &sc.repair);
  if ((sc.vas = kpage_alloc()) == 0)
    return -1;
  proc_each_space(scrub_space, &sc);
  kpage_free(sc.vas);
  return sc.found;
}