/* Processes: the table, creation (fork, the first process), exit and
 * wait, sleeping and waking, and the per-hart scheduler.  Lock rules are
 * in proc.h; in short: wait_lock, then p->lock, then anything else. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/mirror.h"
#include "kernel/core/lock.h"
#include "kernel/core/proc.h"

struct cpu cpus[NCPU];
struct proc procs[NPROC];

static struct proc *initproc;
static struct spinlock pid_lock;
static int pid_next = 1;
static struct spinlock wait_lock;   /* every p->parent; before p->lock */
static struct spinlock stop_lock;   /* a stop's end and the wait for it */
static int mcheck_on;               /* boot option memv6.mcheck, read once */

static void proc_forkret(void);
static void proc_first_run(void);
static void proc_sched(void);
static struct proc *proc_zombie_child(struct proc *p);
static int proc_has_child(struct proc *p);
static void proc_kick_idle(void);

/* The process running on this hart, or 0.  Interrupts go off for the
 * look (the caller could move to another hart between finding its hart
 * and reading it) and back to what they were: it runs on every trap. */
struct proc *
myproc(void)
{
  uint64 was = intr_save();
  struct proc *p = mycpu()->proc;
  intr_restore(was);
  return p;
}

/* Set up the table and give each slot its kernel stack (at KSTACK(i)
 * in the kernel page table, with a guard page below) and its trapframe
 * (at KTRAPFRAME(i)), both for good: kro_init makes them, owned pages
 * with a snapshot each. */
void
proc_init(void)
{
  spin_init(&pid_lock, "pid");
  spin_init(&wait_lock, "wait");
  spin_init(&stop_lock, "stop");
  mcheck_on = boot_option("mcheck");
  for (int i = 0; i < NPROC; i++) {
    struct proc *p = &procs[i];
    spin_init(&p->lock, "proc");
    p->state = P_UNUSED;
    sleeplock_init(&p->memlock, "memory");
    p->us.lock = &p->memlock;     /* us_lock works on a slot never used */
    p->kstack = KSTACK(i);
    p->tf = (struct trapframe *)KTRAPFRAME(i);
  }
}

static int
pid_alloc(void)
{
  spin_lock(&pid_lock);
  int pid = pid_next++;
  spin_unlock(&pid_lock);
  return pid;
}

/* Return a slot to P_UNUSED with everything it owned freed.  p->lock
 * not held (a zombie's memory is already gone, so its reaper may hold
 * wait_lock). */
static void
proc_release(struct proc *p)
{
  us_destroy(&p->us);
  spin_lock(&p->lock);
  p->pid = 0;
  p->parent = 0;
  p->name[0] = 0;
  p->chan = 0;
  p->killed = 0;
  p->xstatus = 0;
  p->fp_hart = 0;
  p->privileged = 0;
  p->state = P_UNUSED;
  spin_unlock(&p->lock);
}

/* A fresh slot (P_USED) with a zeroed trapframe and an empty address space,
 * whose kernel thread will start in start_fn; 0 if the table or memory
 * is full.  The slot is returned unlocked: in P_USED nobody else runs,
 * takes or inspects it, and its memory is made without a spinlock held
 * (its space's sleep lock may be taken). */
static struct proc *
proc_alloc(void (*start_fn)(void))
{
  struct proc *p;

  for (p = procs; p < &procs[NPROC]; p++) {
    spin_lock(&p->lock);
    if (p->state == P_UNUSED)
      break;
    spin_unlock(&p->lock);
  }
  if (p == &procs[NPROC])
    return 0;
  p->pid = pid_alloc();
  p->state = P_USED;
  p->last_trap = SCAUSE_ECALL_U;   /* its first return to user mode ends exec or fork */
  spin_unlock(&p->lock);
  memset(p->tf, 0, sizeof *p->tf);
  if (us_create(&p->us, proc_trapframe_pa(p), &p->memlock) < 0) {
    proc_release(p);
    return 0;
  }
  memset(&p->ctx, 0, sizeof p->ctx);
  p->ctx.ra = (uint64)start_fn;
  p->ctx.sp = p->kstack + PGSIZE;
  return p;
}

/* Let the new process np, made by the caller, run: what its maker wrote
 * in its trapframe goes into the snapshot first (kro.c). */
static void
proc_start(struct proc *np)
{
  kro_own_made(np - procs, KRO_TRAPFRAME, 0, sizeof *np->tf);
  spin_lock(&np->lock);
  np->state = P_RUNNABLE;
  spin_unlock(&np->lock);
}

/* The first process.  Its kernel thread mounts the file system and
 * execs /init (proc_first_run), so no embedded user code is needed. */
void
user_init(void)
{
  struct proc *p = proc_alloc(proc_first_run);

  if (p == 0)
    panic("user_init: no memory");
  initproc = p;
  p->privileged = 1;          /* and so the console shell: sysmem.c */
  strcopy(p->name, "init", sizeof p->name);
  proc_start(p);
}

/* A new process's first steps in the kernel: the scheduler switched here
 * holding p->lock. */
static void
proc_forkret(void)
{
  spin_unlock(&myproc()->lock);
  usertrap_return();
}

static void
proc_first_run(void)
{
  struct proc *p = myproc();
  char *argv[] = { "init", 0 };

  spin_unlock(&p->lock);
  fs_init(ROOTDEV);           /* sleeps: needs a process */
  p->cwd = path_lookup("/");
  if (p->cwd == 0)
    panic("no root directory");
  int argc = exec("/init", argv);
  if (argc < 0)
    panic("cannot exec /init");
  p->tf->x[10] = argc;
  usertrap_return();
}

int
proc_fork(void)
{
  struct proc *p = myproc(), *np;

  if ((np = proc_alloc(proc_forkret)) == 0)
    return -1;
  if (us_fork(&np->us, &p->us) < 0) {
    proc_release(np);
    return -1;
  }
  *np->tf = *p->tf;
  np->tf->x[10] = 0;          /* fork returns 0 in the child */
  for (int fd = 0; fd < NOFILE; fd++)
    if (p->ofile[fd])
      np->ofile[fd] = file_dup(p->ofile[fd]);
  np->cwd = inode_dup(p->cwd);
  np->privileged = p->privileged;
  strcopy(np->name, p->name, sizeof np->name);
  int pid = np->pid;

  spin_lock(&wait_lock);
  np->parent = p;
  spin_unlock(&wait_lock);

  proc_start(np);
  proc_kick_idle();
  return pid;
}

/* Give p's children to init.  wait_lock held. */
static void
proc_reparent(struct proc *p)
{
  for (struct proc *c = procs; c < &procs[NPROC]; c++) {
    if (c->parent == p) {
      c->parent = initproc;
      wakeup(initproc);
    }
  }
}

/* The exit-time divergence check (boot option memv6.mcheck): a console
 * line if any page of the mirrored process p (the caller, in exit)
 * differs from its mirror.  A process killed on its way out of an
 * interrupt may have stopped between the two writes of a pair: then one
 * page differs by design, and the check is not made.  (One killed by a
 * fault inside a window -- its mirror store faulted -- is checked: the
 * difference is its own doing.) */
static void
proc_mcheck(struct proc *p)
{
  struct trapframe *tf = proc_user_context(p);
  uint64 from = 0, first = 0;
  struct mirror_pair e;

  if (tf && (p->last_trap & SCAUSE_INTR) && pairs_window(p->us.pairs, tf->epc, &e))
    return;
  us_lock(&p->us);
  int n = rec_diff(&p->us, &from, 1 << 30, &first, 1);
  sleeplock_release(&p->memlock);
  if (n > 0)
    kprintf("mcheck: pid %d (%s): %d pages differ, first 0x%lx\n", p->pid, p->name, n, first);
}

/* Whether p (its lock held) is live: made, and not yet a zombie. */
static int
proc_live(struct proc *p)
{
  return p->state != P_UNUSED && p->state != P_USED && p->state != P_ZOMBIE;
}

/* The live process pid (0: the caller) with its address space locked
 * (memlock) for inspection -- and with stop, stopped (proc_stop) first
 * -- or 0 if there is none.  Slots being made (P_USED) and zombies are
 * not live.  Release with proc_unlock_space(p, stop). */
struct proc *
proc_lock_space(int pid, int stop)
{
  if (pid == 0)
    pid = myproc()->pid;
  for (struct proc *p = procs; p < &procs[NPROC]; p++) {
    spin_lock(&p->lock);
    int live = p->pid == pid && proc_live(p);
    spin_unlock(&p->lock);
    if (!live)
      continue;
    if (stop)
      proc_stop(p);
    us_lock(&p->us);
    if (p->pid == pid && p->us.pt != 0)     /* still it, memory not yet freed */
      return p;
    proc_unlock_space(p, stop);
    return 0;
  }
  return 0;
}

void
proc_unlock_space(struct proc *p, int stop)
{
  if (stop && p->us.lost_tables)
    pt_rebuild(&p->us);     /* a lost root or trampoline table: mended before p may
                               return to user mode (ptlost.c) */
  sleeplock_release(&p->memlock);
  if (stop)
    proc_resume(p);
}

/* faultinj FI_KERNEL|FI_STACK or FI_TRAPFRAME: lose page own (KRO_STACK,
 * KRO_TRAPFRAME) of live process pid while nobody uses it -- pid is off
 * every hart and not stopped by a repairer -- and destroy the page's
 * bytes once no TLB maps them.  Its lock is held for the loss and
 * own_losing set until the bytes are gone, so that nobody starts to use
 * the page meanwhile (a hart that ran pid before the shootdown could
 * still reach the lost frame through its TLB).  It is made again before
 * its next use (kro_own_use).  0, or -1 for no such process, a page in
 * use (the caller's always is) or lost already. */
int
proc_own_lose(int pid, int own)
{
  for (struct proc *p = procs; p < &procs[NPROC]; p++) {
    uint64 lost = 0;
    spin_lock(&p->lock);
    int live = p->pid == pid && proc_live(p) && !p->own_losing;
    if (live && (lost = kro_own_lose(p - procs, own)) != 0)
      p->own_losing = 1;
    spin_unlock(&p->lock);
    if (!live)
      continue;
    if (lost == 0)
      return -1;
    kro_own_wipe(lost);
    spin_lock(&p->lock);
    p->own_losing = 0;
    spin_unlock(&p->lock);
    return 0;
  }
  return -1;
}

/* The pids of the live processes (only: that one alone, if live) into
 * pids[NPROC]; how many. */
int
proc_pids(int *pids, int only)
{
  int n = 0;

  for (struct proc *p = procs; p < &procs[NPROC]; p++) {
    spin_lock(&p->lock);
    if (proc_live(p) && (only == 0 || p->pid == only))
      pids[n++] = p->pid;
    spin_unlock(&p->lock);
  }
  return n;
}

/* End the current process.  Everything but the slot goes now -- files,
 * cwd, user memory, page tables, trapframe -- so a dead process holds no
 * memory while it waits for its parent: one that died for lack of
 * memory gives it all back at once.  The zombie keeps its pid and
 * status for wait. */
void
proc_exit(int status)
{
  struct proc *p = myproc();

  if (p == initproc)
    panic("init exited");
  for (int fd = 0; fd < NOFILE; fd++) {
    if (p->ofile[fd]) {
      file_close(p->ofile[fd]);
      p->ofile[fd] = 0;
    }
  }
  log_begin();
  inode_put(p->cwd);
  log_end();
  p->cwd = 0;
  if (p->us.pairs && mcheck_on)
    proc_mcheck(p);
  us_destroy(&p->us);       /* the kernel runs on its own page table */

  spin_lock(&wait_lock);
  proc_reparent(p);
  wakeup(p->parent);
  spin_lock(&p->lock);
  p->xstatus = status;
  p->state = P_ZOMBIE;
  spin_unlock(&wait_lock);
  proc_sched();
  panic("zombie ran");
}

/* Wait for a child to exit; store its status at user address status_addr
 * unless it is 0.  The child's pid, or -1 if there are no children, the
 * caller was killed or status_addr is bad (the child then stays a zombie,
 * to be waited for again).  The status is copied with no lock held: the
 * copy may fault (copy-on-write, a lazy page).  Meanwhile nobody else
 * can reap the zombie: only its parent, this process, does. */
int
proc_wait(uint64 status_addr)
{
  struct proc *p = myproc();
  struct proc *zombie;

  spin_lock(&wait_lock);
  while ((zombie = proc_zombie_child(p)) == 0) {
    if (!proc_has_child(p) || proc_killed(p)) {
      spin_unlock(&wait_lock);
      return -1;
    }
    sleep_on(p, &wait_lock);
  }
  int pid = zombie->pid, status = zombie->xstatus;
  spin_unlock(&wait_lock);
  if (status_addr && user_write(status_addr, &status, sizeof status) < 0)
    return -1;
  spin_lock(&wait_lock);
  proc_release(zombie);
  spin_unlock(&wait_lock);
  return pid;
}

/* A child of p that is a zombie, or 0.  wait_lock held. */
static struct proc *
proc_zombie_child(struct proc *p)
{
  for (struct proc *c = procs; c < &procs[NPROC]; c++) {
    if (c->parent != p)
      continue;
    spin_lock(&c->lock);
    int dead = c->state == P_ZOMBIE;
    spin_unlock(&c->lock);
    if (dead)
      return c;
  }
  return 0;
}

/* Whether p has any children.  wait_lock held. */
static int
proc_has_child(struct proc *p)
{
  for (struct proc *c = procs; c < &procs[NPROC]; c++)
    if (c->parent == p)
      return 1;
  return 0;
}

/* sbrk: grow (lazily) or shrink the heap by n bytes.  0, or -1 if
 * memory is short, past the size limit or below the heap's start. */
int
proc_grow(int n)
{
  struct uspace *us = &myproc()->us;

  if (n >= 0) {
    return us_reserve(us, us->size + n);   /* pages come on first touch */
  }
  if (us->size - us->heap < (uint64)-(long)n)
    return -1;
  us_shrink(us, us->size + n);
  return 0;
}

/* Switch to this hart's scheduler.  Caller holds only p->lock and has
 * changed p->state.  intr_was_on belongs to this thread, not the hart. */
static void
proc_sched(void)
{
  struct proc *p = myproc();
  struct cpu *c = mycpu();

  if (!spin_holding(&p->lock) || c->intr_depth != 1)
    panic("proc_sched: locks");
  if (p->state == P_RUNNING)
    panic("proc_sched: running");
  if (csr_read(sstatus) & SSTATUS_SIE)
    panic("proc_sched: interrupts on");
  int was_on = c->intr_was_on;
  swtch(&p->ctx, &c->sched);
  mycpu()->intr_was_on = was_on;
}

void
yield(void)
{
  struct proc *p = myproc();

  spin_lock(&p->lock);
  p->state = P_RUNNABLE;
  proc_sched();
  spin_unlock(&p->lock);
}

/* Whether any process is runnable: a lock-free hint for the idle check. */
static int
proc_any_runnable(void)
{
  for (struct proc *p = procs; p < &procs[NPROC]; p++)
    if (p->state == P_RUNNABLE)
      return 1;
  return 0;
}

/* A process has just become runnable: wake one idle hart with an IPI
 * (ACLINT supervisor software interrupt), so that it runs the process
 * now rather than at its next timer tick.  A hart sets idle before it
 * looks for work a last time and sleeps in wfi, so either it sees the
 * new process or we see it idle. */
static void
proc_kick_idle(void)
{
  __sync_synchronize();
  for (int i = 0; i < NCPU; i++) {
    if (cpus[i].idle && i != cpuid()) {
      mmio_write32(SSWI_SETSSIP(i), 1);
      return;
    }
  }
}

/* A software interrupt to every online hart but this one (all: this one
 * too), which brings whatever user code runs there into the kernel. */
static void
ipi_harts(int all)
{
  __sync_synchronize();
  for (int h = 0; h < NCPU; h++)
    if (cpus[h].online && (all || h != cpuid()))
      mmio_write32(SSWI_SETSSIP(h), 1);
}

/* Make PTE changes reach every hart's TLB: a software interrupt to each
 * hart (this one too), then wait -- yielding, no lock held -- until each
 * has taken one.  A hart that took the interrupt is in the kernel, on
 * the kernel's page table, and flushes its TLB (userret's sfence.vma)
 * before it runs user code again. */
void
tlb_shootdown(void)
{
  uint64 seen[NCPU];

  for (int h = 0; h < NCPU; h++)
    seen[h] = cpus[h].ipis;
  ipi_harts(1);
  for (int h = 0; h < NCPU; h++)
    while (cpus[h].online && cpus[h].ipis == seen[h])
      yield();
}

/* The frame of p's trapframe, for its user table (it moves when it is
 * made again after a loss). */
uint64
proc_trapframe_pa(struct proc *p)
{
  return kro_own_frame(p - procs, KRO_TRAPFRAME);
}

/* p's trapframe is used from now on (by its run, or by a repairer that
 * stops it): made again first if it was lost (kro_own_use), the user
 * table then mapping the new frame at TRAPFRAME.  p->lock held: p is
 * off every hart if the page was lost, and stays off meanwhile. */
static void
proc_use_trapframe(struct proc *p)
{
  uint64 moved = kro_own_use(p - procs, KRO_TRAPFRAME);

  if (moved)
    us_trapframe_set(&p->us, moved);
}

/* Stopping a process: what a repairer (mm/recover.c) needs before it
 * rebuilds a copy of p's page from the other copy.  After proc_stop(p),
 * p runs no user code until the matching proc_resume(p): if it was in
 * user mode on another hart, an interrupt has brought it into the
 * kernel, and on its way back (proc_user_gate) it waits.  Its user
 * registers and pc are then in its trapframe and stay there.  p may
 * still run kernel code meanwhile (finish a system call, take its own
 * page fault): what it does there to its memory holds its memlock.
 *
 * The handshake: proc_stop raises stops and then looks at in_user;
 * proc_user_gate raises in_user and then looks at stops (both sequentially
 * consistent), so either p sees the stop before it returns to user mode
 * or proc_stop sees it there and waits until a trap takes it out
 * (user_trap clears in_user).  The repairer may write the trapframe, so
 * it uses it from stop to resume (proc_use_trapframe; kro.c). */
void
proc_stop(struct proc *p)
{
  spin_lock(&p->lock);
  while (p->own_losing) {       /* (the injector's shootdown: short) */
    spin_unlock(&p->lock);
    yield();
    spin_lock(&p->lock);
  }
  proc_use_trapframe(p);
  spin_unlock(&p->lock);
  __atomic_add_fetch(&p->stops, 1, __ATOMIC_SEQ_CST);
  if (p == myproc() || !__atomic_load_n(&p->in_user, __ATOMIC_SEQ_CST))
    return;
  ipi_harts(0);
  while (__atomic_load_n(&p->in_user, __ATOMIC_SEQ_CST))
    yield();
}

void
proc_resume(struct proc *p)
{
  kro_own_done(p - procs, KRO_TRAPFRAME, 0, sizeof *p->tf);
  spin_lock(&stop_lock);
  if (__atomic_sub_fetch(&p->stops, 1, __ATOMIC_SEQ_CST) == 0)
    wakeup(&p->stops);
  spin_unlock(&stop_lock);
}

/* The last step before p returns to user mode: it waits here while it is
 * stopped.  Returns with interrupts off and in_user set. */
void
proc_user_gate(struct proc *p)
{
  for (;;) {
    csr_clear(sstatus, SSTATUS_SIE);
    __atomic_store_n(&p->in_user, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&p->stops, __ATOMIC_SEQ_CST) == 0)
      return;
    __atomic_store_n(&p->in_user, 0, __ATOMIC_SEQ_CST);
    spin_lock(&stop_lock);
    while (__atomic_load_n(&p->stops, __ATOMIC_SEQ_CST) > 0)
      sleep_on(&p->stops, &stop_lock);
    spin_unlock(&stop_lock);
  }
}

/* p's saved user registers if its pc may lie inside a pair window (it
 * came into the kernel from user code by a fault or an interrupt), else
 * 0 (it is in a system call, or has not yet run user code: its pc is
 * outside every window).  p is stopped or is the caller. */
struct trapframe *
proc_user_context(struct proc *p)
{
  return p->last_trap == SCAUSE_ECALL_U ? 0 : p->tf;
}

/* Run fn(p, arg) for every process slot in use (being made, live or
 * zombie), one at a time, each with its address space locked (memlock)
 * and, with stop, stopped (proc_stop) meanwhile.  The caller holds no
 * lock. */
void
proc_each_space(void (*fn)(struct proc *p, void *arg), void *arg, int stop)
{
  for (struct proc *p = procs; p < &procs[NPROC]; p++) {
    spin_lock(&p->lock);
    int used = p->state != P_UNUSED;
    spin_unlock(&p->lock);
    if (!used)
      continue;
    if (stop)
      proc_stop(p);
    us_lock(&p->us);
    fn(p, arg);
    sleeplock_release(&p->memlock);
    if (stop)
      proc_resume(p);
  }
}

/* Idle accounting (memstat's idle_instret): a hart is idle from a scan
 * of the table that found nothing to run until it next runs a process:
 * its wfi, the timer ticks it takes meanwhile and the scans between.
 * Device interrupts it serves meanwhile (the disk completion that ends a
 * wait) are work, not idle: trap_device counts them in dev_instret and
 * the stretch leaves them out, so that instret minus idle counts the
 * same work wherever the host lets a completion land.  Under QEMU
 * -icount, instret is the virtual clock, which jumps ahead while the hart
 * sleeps; the stretch takes that in too. */
static void
idle_end(struct cpu *c)
{
  if (c->idle_timing) {
    c->idle_instret += csr_read(instret) - c->idle_from - (c->dev_instret - c->dev_from);
    c->idle_timing = 0;
  }
}

/* The instructions every hart has spent idle since boot (memstat). */
uint64
proc_idle_instret(void)
{
  uint64 n = 0;
  for (int i = 0; i < NCPU; i++)
    n += cpus[i].idle_instret;
  return n;
}

/* Each hart loops here for ever, running whatever is runnable.  It waits
 * for an interrupt (a timer tick, a device, an IPI from proc_kick_idle)
 * when nothing is.  Each pass first gives a kernel read-only page that
 * runs on its only copy a new one (mm/kro.c); around each run the
 * process's own pages, its kernel stack and trapframe, are used and then
 * copied into their snapshots (kro_own_use, kro_own_done). */
void
scheduler(void)
{
  struct cpu *c = mycpu();

  c->proc = 0;
  for (;;) {
    int ran = 0;
    if (kro_pending())
      kro_resync();
    if (kdata_pending())
      kdata_resync();
    csr_set(sstatus, SSTATUS_SIE);   /* devices may interrupt the scan */
    for (struct proc *p = procs; p < &procs[NPROC]; p++) {
      if (p->state != P_RUNNABLE)
        continue;               /* a hint; checked again under the lock */
      spin_lock(&p->lock);
      if (p->state == P_RUNNABLE && !p->own_losing) {
        idle_end(c);
        p->state = P_RUNNING;
        c->proc = p;
        kro_own_use(p - procs, KRO_STACK);
        proc_use_trapframe(p);
        swtch(&c->sched, &p->ctx);
        kro_own_done(p - procs, KRO_STACK, p->ctx.sp - p->kstack, PGSIZE);
        kro_own_done(p - procs, KRO_TRAPFRAME, 0, sizeof *p->tf);
        c->proc = 0;
        ran = 1;
      }
      spin_unlock(&p->lock);
    }
    if (!ran) {
      if (!c->idle_timing) {
        c->idle_from = csr_read(instret);
        c->dev_from = c->dev_instret;
        c->idle_timing = 1;
      }
      c->idle = 1;
      __sync_synchronize();
      if (!proc_any_runnable())
        asm volatile("wfi");
      c->idle = 0;
    }
  }
}

/* Release lk and sleep on chan; lk is held again on return.  The state
 * and chan are set under both locks, before lk is dropped: a waker holds
 * lk when it changes the condition and calls wakeup, so it sees this
 * process asleep on chan (even in wakeup's unlocked first look), and
 * p->lock, held until the switch, keeps it from waking us too early. */
void
sleep_on(void *chan, struct spinlock *lk)
{
  struct proc *p = myproc();

  spin_lock(&p->lock);
  p->chan = chan;
  p->state = P_SLEEPING;
  spin_unlock(lk);
  proc_sched();
  p->chan = 0;
  spin_unlock(&p->lock);
  spin_lock(lk);
}

/* Wake every process sleeping on chan.  Called with the lock that
 * guards chan's condition held (see sleep_on), never with a p->lock.
 * The first look at each process takes no lock: the table scan is the
 * cost of every pipe and disk hand-over. */
void
wakeup(void *chan)
{
  struct proc *me = myproc();
  int woke = 0;

  for (struct proc *p = procs; p < &procs[NPROC]; p++) {
    if (p == me || p->state != P_SLEEPING || p->chan != chan)
      continue;
    spin_lock(&p->lock);
    if (p->state == P_SLEEPING && p->chan == chan) {
      p->state = P_RUNNABLE;
      woke = 1;
    }
    spin_unlock(&p->lock);
  }
  if (woke)
    proc_kick_idle();
}

/* Mark pid killed; it dies when it next reaches user_trap.  A sleeping
 * victim is woken so that its sleep loop can see it.  init cannot be
 * killed (-1): the system needs it to reap orphans. */
int
proc_kill(int pid)
{
  for (struct proc *p = procs; p < &procs[NPROC]; p++) {
    spin_lock(&p->lock);
    if (p->pid == pid && p->state != P_UNUSED && p != initproc) {
      p->killed = 1;
      if (p->state == P_SLEEPING)
        p->state = P_RUNNABLE;
      spin_unlock(&p->lock);
      proc_kick_idle();
      return 0;
    }
    spin_unlock(&p->lock);
  }
  return -1;
}

void
proc_setkilled(struct proc *p)
{
  spin_lock(&p->lock);
  p->killed = 1;
  spin_unlock(&p->lock);
}

int
proc_is_init(struct proc *p)
{
  return p == initproc;
}

/* Whether p has been killed: the flag only ever goes from 0 to 1 (under
 * p->lock), so a look without the lock is enough. */
int
proc_killed(struct proc *p)
{
  return __atomic_load_n(&p->killed, __ATOMIC_ACQUIRE);
}

int
either_copyout(int user_dst, uint64 dst, const void *src, uint64 len)
{
  if (user_dst)
    return user_write(dst, src, len);
  memmove((void *)dst, src, len);
  return 0;
}

int
either_copyin(void *dst, int user_src, uint64 src, uint64 len)
{
  if (user_src)
    return user_read(dst, src, len);
  memmove(dst, (void *)src, len);
  return 0;
}

/* ^P on the console: one line per process.  Takes no locks, so it works
 * even when the system is stuck; the picture may be slightly stale. */
void
proc_dump(void)
{
  static const char *const names[] = {
    [P_UNUSED] = "unused", [P_USED] = "new", [P_SLEEPING] = "sleep",
    [P_RUNNABLE] = "runble", [P_RUNNING] = "run", [P_ZOMBIE] = "zombie",
  };

  kprintf("\n");
  for (struct proc *p = procs; p < &procs[NPROC]; p++)
    if (p->state != P_UNUSED)
      kprintf("%d %s %s size %lu%s\n", p->pid, names[p->state], p->name, p->us.size,
              p->us.pairs ? " mirrored" : "");
}
