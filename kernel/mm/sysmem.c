/* System calls about memory: memstat, pagemap, mdiff, scrub, privdrop
 * and the bankhold and faultinj test knobs (records in kernel/memstat.h
 * and kernel/pagemap.h).  The work is done in uspace.c and recover.c;
 * here are the rules of who may do what, and the order of the steps.
 *
 * Privilege (docs/memory.md "Who may inspect and repair"): a process
 * holds it when its parent did -- init holds it, so the console shell
 * and what it starts do -- until it calls privdrop.  Looking at another
 * process (pagemap, mdiff, scrub of others), repairing (scrub with
 * repair) and the test knobs need it; without it a process sees only
 * itself.
 *
 * Another process's memory is looked at with its memlock held, in
 * bounded steps (SCAN_STEP pages), each into a kernel page: the lock is
 * dropped between steps (the owner's faults get in: the lock is first
 * come, first served) and before anything is copied to the caller, so no
 * process ever holds two spaces' locks here. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/memstat.h"
#include "kernel/pagemap.h"
#include "kernel/defs.h"
#include "kernel/mirror.h"
#include "kernel/core/lock.h"
#include "kernel/core/proc.h"

_Static_assert(NBANK <= MEMSTAT_BANKS, "memstat has room for every bank");

#define SCAN_STEP      64   /* pages compared per hold of a memlock */
#define CONFIRM_TRIES  8    /* looks at a page whose process stays in a window */

static uint64 n_injected;     /* faultinj calls that injected an error */
static uint64 n_scrub_found, n_scrub_repaired;   /* scrub's findings, since boot */
static struct ratelimit scrub_lines = RATELIMIT("scrub");

#define COUNT_BY(c, n) __atomic_fetch_add(&(c), (n), __ATOMIC_RELAXED)
#define COUNTER(c)     __atomic_load_n(&(c), __ATOMIC_RELAXED)

uint64
sys_memstat(void)
{
  uint64 addr;
  struct memstat ms;

  arg_addr(0, &addr);
  memset(&ms, 0, sizeof ms);
  ms.frames_total = frame_count();
  ms.ram = ram_top - KERNBASE;
  ms.frames_free = frame_free_count();
  ms.kpages_free = kpool_free_count();
  ms.kpages_retired = kpool_retired_count();
  ms.pairs_cached = pairs_cached_pages();
  ms.pairs_free = pairs_free_pages();
  ms.nbank = NBANK;
  ms.injected = COUNTER(n_injected);
  ms.retired = frame_retired_count();
  ms.scrub_found = COUNTER(n_scrub_found);
  ms.scrub_repaired = COUNTER(n_scrub_repaired);
  frame_bank_counts(ms.bank_free, ms.bank_retired);
  ms.idle_instret = proc_idle_instret();
  us_memstat(&ms);
  kro_memstat(&ms);
  kdata_memstat(&ms);
  return user_write(addr, &ms, sizeof ms);
}

/* Whether the caller may look at process pid (0: itself). */
static int
may_inspect(int pid)
{
  struct proc *me = myproc();

  return pid == 0 || pid == me->pid || me->privileged;
}

/* privdrop(): the caller gives up its privilege for good (its children
 * are born without it).  0. */
uint64
sys_privdrop(void)
{
  myproc()->privileged = 0;
  return 0;
}

/* An unprivileged caller's own records show only the frames it alone
 * maps: a frame shared copy-on-write (with its parent, its children) is
 * another process's frame too, and the zero frame is the kernel's; their
 * numbers read 0.  Under the caller's memlock a frame it alone maps
 * cannot gain a sharer: only its own fork could add one. */
static void
pm_hide_shared(struct pagemap *m, int n)
{
  for (int i = 0; i < n; i++) {
    if (m[i].ref != 1)
      m[i].pa = 0;
    if (m[i].mirror_ref != 1)
      m[i].mirror_pa = 0;
  }
}

/* pagemap(pid, va, buf, n): pagemap.h.  Up to n records (cut to a
 * page's worth) filled under pid's memlock into a kernel page, then all
 * n copied out, so a bad buffer is -1 even with nothing to report. */
uint64
sys_pagemap(void)
{
  int pid, n, r = -1;
  uint64 va, buf;
  struct proc *p;
  void *page;

  arg_int(0, &pid);
  arg_addr(1, &va);
  arg_addr(2, &buf);
  arg_int(3, &n);
  if (n < 0 || !may_inspect(pid) || (page = kpage_alloc()) == 0)
    return -1;
  if ((uint64)n > PGSIZE / sizeof(struct pagemap))
    n = PGSIZE / sizeof(struct pagemap);
  if ((p = proc_lock_space(pid, 0)) != 0) {
    r = us_pagemap(&p->us, va, page, n);
    if (!myproc()->privileged)
      pm_hide_shared(page, r);
    proc_unlock_space(p, 0);
    if (user_write(buf, page, n * sizeof(struct pagemap)) < 0)
      r = -1;
  }
  kpage_free(page);
  return r;
}

/* Whether page va of process pid still differs from its mirror, looked
 * at with pid stopped outside every window (a page inside one differs by
 * design, for the few instructions of the window): up to CONFIRM_TRIES
 * looks, letting pid run between them.  With repair, the mirror is
 * rewritten from the native copy (*fixed).  0 if the copies agree, the
 * process stayed in windows or is gone. */
static int
mem_confirm(int pid, uint64 va, int repair, int *fixed)
{
  for (int tries = 0; tries < CONFIRM_TRIES; tries++) {
    struct proc *p = proc_lock_space(pid, 1);
    if (p == 0)
      return 0;
    struct trapframe *tf = proc_user_context(p);
    struct mirror_pair e;
    int inside = tf && p->us.pairs && pairs_window(p->us.pairs, tf->epc, &e);
    int differs = !inside && rec_differs(&p->us, va);
    if (differs && repair)
      *fixed += rec_sync_mirror(&p->us, va);
    proc_unlock_space(p, 1);
    if (!inside)
      return differs;
    yield();
  }
  return 0;
}

/* Compare every page of mirrored process pid with its mirror, SCAN_STEP
 * pages per hold of its memlock, each difference confirmed (mem_confirm;
 * with repair, the mirror rewritten).  The number of differing pages,
 * the first max of their addresses in vas (a kernel page: up to
 * PGSIZE / 8); -1 if pid is gone or not mirrored. */
static int
mem_compare(int pid, uint64 *vas, int max, int repair, int *fixed)
{
  uint64 *step = kpage_alloc(), from = 0;
  int found = -1;

  if (step == 0)
    return -1;
  for (;;) {
    struct proc *p = proc_lock_space(pid, 0);
    if (p == 0)
      break;
    uint64 size = p->us.size;
    int n = rec_diff(&p->us, &from, SCAN_STEP, step, SCAN_STEP);
    proc_unlock_space(p, 0);
    if (n < 0)
      break;
    found = found < 0 ? 0 : found;
    for (int i = 0; i < n; i++) {
      if (!mem_confirm(pid, step[i], repair, fixed))
        continue;
      if (found < max)
        vas[found] = step[i];
      found++;
    }
    if (from >= size)
      break;
  }
  kpage_free(step);
  return found;
}

/* mdiff(pid, vas, n): pagemap.h. */
uint64
sys_mdiff(void)
{
  int pid, n, fixed = 0;
  uint64 buf, *vas;

  arg_int(0, &pid);
  arg_addr(1, &buf);
  arg_int(2, &n);
  if (n < 0 || !may_inspect(pid) || (vas = kpage_alloc()) == 0)
    return -1;
  if ((uint64)n > PGSIZE / sizeof(uint64))
    n = PGSIZE / sizeof(uint64);
  memset(vas, 0, PGSIZE);
  int r = mem_compare(pid ? pid : myproc()->pid, vas, n, 0, &fixed);
  if (r >= 0 && user_write(buf, vas, n * sizeof(uint64)) < 0)
    r = -1;
  kpage_free(vas);
  return r;
}

/* scrub(repair): pagemap.h.  Every mirrored process the caller may look
 * at (all with privilege, else itself), each difference confirmed and
 * reported on the console (rate-limited: kratelimit), and with repair
 * (privilege needed) its mirror rewritten from the native copy. */
uint64
sys_scrub(void)
{
  int repair, found = 0, pids[NPROC];
  uint64 *vas;

  arg_int(0, &repair);
  if ((repair && !myproc()->privileged) || (vas = kpage_alloc()) == 0)
    return -1;
  if (myproc()->privileged) {
    kro_patrol();
    kdata_patrol();
    pipe_patrol();
    buf_patrol();
    pairs_patrol();
  }
  int n = proc_pids(pids, myproc()->privileged ? 0 : myproc()->pid);
  for (int i = 0; i < n; i++) {
    int fixed = 0, k = mem_compare(pids[i], vas, PGSIZE / sizeof(uint64), repair, &fixed);
    for (int j = 0; j < k && j < (int)(PGSIZE / sizeof(uint64)); j++)
      if (kratelimit(&scrub_lines))
        kprintf("scrub: pid %d: page 0x%lx differs from its mirror%s\n", pids[i], vas[j],
                fixed ? ", mirror rewritten from the native copy" : "");
    if (k > 0) {
      found += k;
      COUNT_BY(n_scrub_found, k);
      COUNT_BY(n_scrub_repaired, fixed);
    }
  }
  kpage_free(vas);
  return found;
}

/* bankhold(bank, n): pagemap.h; a test knob, -1 unless booted with
 * memv6.bankhold and privileged. */
uint64
sys_bankhold(void)
{
  int bank, n;

  arg_int(0, &bank);
  arg_int(1, &n);
  if (!boot_option("bankhold") || !myproc()->privileged || bank < 0 || bank >= NBANK || n < 0)
    return -1;
  return frame_hold(bank, n);
}

/* proc_each_space visit: make the PTEs that map a poisoned frame of the
 * physical range arg[0] .. arg[1] trap. */
static void
poison_space(struct proc *p, void *arg)
{
  uint64 *range = arg;

  rec_poison(&p->us, range[0], range[1]);
}

/* Every PTE, in every process, of a poisoned frame in [lo, hi) made to
 * trap, on every hart; the zero pair replaced if it was hit. */
static void
poison_all(uint64 lo, uint64 hi)
{
  uint64 range[2] = { lo, hi };

  proc_each_space(poison_space, range, 0);
  tlb_shootdown();
  frame_zero_pair_renew();
}

/* proc_each_space visit, p stopped: rebuild every lost copy of p's pages
 * now (the window rule: recover.c), and kill p if some page had no
 * healthy copy left (an unmirrored process's page, both copies bad, or
 * an AMO's result lost). */
static void
rebuild_space(struct proc *p, void *arg)
{
  int lost = rec_rebuild(&p->us, proc_user_context(p));

  if (lost > 0 && p->state != P_ZOMBIE) {
    kprintf("pid %d (%s): killed: memory error, %d pages had no healthy copy left\n",
            p->pid, p->name, lost);
    proc_setkilled(p);
  }
}

/* Rebuild every lost copy in every process now, each stopped meanwhile:
 * a bank failure's re-homing, and a poison with FI_NOW. */
static void
rebuild_all(void)
{
  proc_each_space(rebuild_space, 0, 1);
}

/* One bank failure at a time: each ends with every page it cost a copy
 * of rebuilt, before the next one begins. */
static struct sleeplock fail_lock = SLEEPLOCK("bank failure");

/* A whole bank fails (faultinj with FI_BANK): no frame is handed out
 * from it again, every PTE that maps one of its frames traps at once
 * (marked, then the TLBs shot down), and every copy lost is rebuilt in a
 * surviving bank now, each process stopped meanwhile -- eagerly, so that
 * a second failure finds every page with two copies again; so are the
 * mirrors of the kernel's data there (kdata.c).  Unmirrored processes
 * with pages there are killed. */
static int
fail_bank(int bank)
{
  int r = -1;

  sleeplock_acquire(&fail_lock);
  kdata_patrol();               /* data and its mirrors whole before the bank goes */
  rec_inject_begin();
  if (frame_fail_bank(bank) == 0) {
    uint64 lo, hi;
    frame_span(bank, &lo, &hi);
    kro_bank_failed(lo, hi);
    kdata_bank_failed(lo, hi);
    poison_all(lo, hi);
    r = 0;
  }
  rec_inject_end();
  if (r == 0) {
    kro_trampoline_follow();
    kdata_remirror();
    rebuild_all();
  }
  sleeplock_release(&fail_lock);
  return r;
}

/* faultinj FI_KERNEL|FI_PAIRS: lose page k of the pair table of
 * mirrored process pid.  0, or -1. */
static int
pairs_lose_of(int pid, uint64 k)
{
  struct proc *p = proc_lock_space(pid, 0);
  struct pairtab *t;
  int r = -1;

  if (p == 0)
    return -1;
  t = p->us.pairs ? pairs_share(p->us.pairs) : 0;
  proc_unlock_space(p, 0);
  if (t) {
    r = pairs_lose(t, k);
    pairs_put(t);
  }
  return r;
}

/* faultinj(pid, va, how): pagemap.h.  A poison marks the frame first,
 * then every PTE that maps it in any process (copy-on-write sharers
 * too; fork marks what it copies after that), then makes the change
 * reach every hart's TLB: from then on every access traps, and each
 * process rebuilds its copy on its next access.  With FI_NOW (an error
 * found by a patrol rather than by an access) pid is stopped before the
 * poison, wherever it is, and every copy is rebuilt at once, each
 * process stopped meanwhile, as after a bank failure: pid never meets
 * the poisoned copy itself. */
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
  if (!boot_option("faultinj") || !myproc()->privileged)
    return -1;
  if (how & FI_KERNEL) {
    r = how & FI_PIPE    ? pipe_lose(va)
      : how & FI_BUF     ? buf_lose(va)
      : how & FI_STACK   ? proc_own_lose(pid, KRO_STACK)
      : how & FI_TRAPFRAME ? proc_own_lose(pid, KRO_TRAPFRAME)
      : how & FI_DATA    ? kdata_lose(va, how & FI_MIRROR)
      : how & FI_PAIRS   ? pairs_lose_of(pid, va)
      : kro_poison(va, how & FI_TABLE ? FI_BIT(how) : -1);
    if (r < 0)
      return -1;
    COUNT_BY(n_injected, 1);
    return r;
  }
  if (how & FI_BANK) {
    if (fail_bank(va < NBANK ? va : -1) < 0)
      return -1;
    COUNT_BY(n_injected, 1);
    return 0;
  }
  if (how & FI_TABLE) {
    va += how & FI_MIRROR ? MIRROR_OFFSET : 0;
    int stop = pt_lose_stops(va, FI_BIT(how));    /* out of user mode meanwhile */
    if ((p = proc_lock_space(pid, stop)) == 0)
      return -1;
    if ((r = pt_lose(&p->us, va, FI_BIT(how))) == 0)
      tlb_shootdown();
    proc_unlock_space(p, stop);
    if (r < 0)
      return -1;
    COUNT_BY(n_injected, 1);
    return 0;
  }
  int now = (how & (FI_NOW | FI_FLIP)) == FI_NOW;
  if ((p = proc_lock_space(pid, now)) == 0)
    return -1;
  rec_inject_begin();
  if ((pa = rec_frame(&p->us, va, how & FI_MIRROR)) != 0) {
    if (how & FI_FLIP) {
      pa[FI_BIT(how) / 8 % PGSIZE] ^= 1 << (FI_BIT(how) % 8);
      r = 0;
    } else {
      r = frame_poison(pa);
    }
  }
  proc_unlock_space(p, 0);
  if (r == 0 && !(how & FI_FLIP))
    poison_all((uint64)pa, (uint64)pa + PGSIZE);
  rec_inject_end();
  if (r == 0 && !(how & FI_FLIP) && now)
    rebuild_all();
  if (now)
    proc_resume(p);       /* stopped since before the poison: it never met it */
  if (r < 0)
    return -1;
  COUNT_BY(n_injected, 1);
  return 0;
}
