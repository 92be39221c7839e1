/* Traps: system calls, faults and interrupts, from user and kernel mode.
 *
 * From user mode: uservec (trampoline.S) saves the registers in the
 * trapframe and calls user_trap() on the process's kernel stack with
 * interrupts off; usertrap_return() goes back.  From kernel mode:
 * kernelvec.S calls kernel_trap() on the current stack.
 *
 * FP state is lazy: a trap from user mode saves the FP registers only if
 * sstatus.FS says the process dirtied them; the return path reloads them
 * only if this hart's registers do not hold the process's state already. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"
#include "kernel/core/proc.h"
#include "kernel/core/timer.h"
#include "kernel/mm/vm.h"

uint ticks;
struct spinlock tickslock;

extern char trampoline_start[], uservec[], userret[];
void kernelvec(void);
void user_trap(void);
void kernel_trap(void);

/* Names of the exceptions a user program can cause, by scause. */
static const char *const trap_names[] = {
  [SCAUSE_INSN_ACCESS]    = "instruction access fault",
  [SCAUSE_ILLEGAL_INSN]   = "illegal instruction",
  [SCAUSE_BREAKPOINT]     = "breakpoint",
  [SCAUSE_LOAD_MISALIGN]  = "misaligned load",
  [SCAUSE_LOAD_ACCESS]    = "load access fault",
  [SCAUSE_STORE_MISALIGN] = "misaligned store",
  [SCAUSE_STORE_ACCESS]   = "store access fault",
  [SCAUSE_INSN_PAGE]      = "instruction page fault",
  [SCAUSE_LOAD_PAGE]      = "load page fault",
  [SCAUSE_STORE_PAGE]     = "store page fault",
};

void
trap_init(void)
{
  spin_init(&tickslock, "ticks");
}

/* This hart takes kernel traps and supervisor interrupts. */
void
trap_init_hart(void)
{
  csr_write(stvec, (uint64)kernelvec);
  csr_set(sie, SIE_SEIE | SIE_STIE | SIE_SSIE);
}

/* Timer interrupt.  The next deadline follows the one that fired, not
 * the moment the interrupt was taken, and an interrupt taken late (a
 * stalled host) counts every interval that passed: hart 0's ticks keep
 * time with the time counter. */
static void
timer_tick(void)
{
  uint64 deadline = csr_read(stimecmp), now = csr_read(time);
  uint64 passed = 1 + (now > deadline ? (now - deadline) / TIMER_INTERVAL : 0);

  if (cpuid() == 0) {
    spin_lock(&tickslock);
    ticks += passed;
    wakeup(&ticks);
    spin_unlock(&tickslock);
  }
  csr_write(stimecmp, deadline + passed * TIMER_INTERVAL);
}

/* Serve a device, timer or software interrupt: 1 external, 2 timer,
 * 3 an IPI (it woke the hart, and counts as tlb_shootdown's ack: the hart
 * has flushed its TLB of kernel pages and is in the kernel now, and
 * flushes it again before it runs user code), 0 not one. */
static int
trap_device(uint64 cause)
{
  if (cause == (SCAUSE_INTR | IRQ_S_SOFT)) {
    csr_clear(sip, SIE_SSIE);
    sfence_vma();               /* kernel PTEs too (a poisoned kernel page) */
    mycpu()->ipis++;
    return 3;
  }
  if (cause == (SCAUSE_INTR | IRQ_S_EXT)) {
    uint64 t0 = csr_read(instret);   /* idle accounting: work, not idle */
    int irq = plic_claim();
    if (irq == UART0_IRQ)
      uart_intr();
    else if (irq == VIRTIO0_IRQ)
      virtio_blk_intr();
    else if (irq)
      kprintf("trap: unexpected irq %d\n", irq);
    if (irq)
      plic_complete(irq);
    mycpu()->dev_instret += csr_read(instret) - t0;
    return 1;
  }
  if (cause == (SCAUSE_INTR | IRQ_S_TIMER)) {
    timer_tick();
    return 2;
  }
  return 0;
}

/* A user program did something it may not: one line, and it dies. */
static void
trap_user_fault(struct proc *p, uint64 cause, uint64 tval)
{
  const char *what = cause < NELEM(trap_names) && trap_names[cause] ? trap_names[cause] : "unknown trap";

  if (cause != SCAUSE_ILLEGAL_INSN) {
    trap_fault_kill(what, tval);
    return;
  }
  /* stval holds the instruction */
  kprintf("pid %d (%s): killed: %s 0x%lx, pc 0x%lx\n", p->pid, p->name, what, tval, p->tf->epc);
  proc_setkilled(p);
}

/* Kill the current process with one line naming what happened at user
 * address va (a bad access, or a legal one with no memory to serve it);
 * the kernel and the other processes go on. */
void
trap_fault_kill(const char *what, uint64 va)
{
  struct proc *p = myproc();

  kprintf("pid %d (%s): killed: %s at %p, pc 0x%lx\n", p->pid, p->name, what, va, p->tf->epc);
  proc_setkilled(p);
}

/* Out of memory while serving the current process at user address va
 * (a page fault, or a kernel copy in a system call).  The process that
 * faulted dies -- except init, which the system cannot lose: it waits a
 * tick for memory to come back, then its instruction runs again (or its
 * system call returns -1). */
void
trap_oom(const char *what, uint64 va)
{
  if (!proc_is_init(myproc())) {
    trap_fault_kill(what, va);
    return;
  }
  spin_lock(&tickslock);
  sleep_on(&ticks, &tickslock);
  spin_unlock(&tickslock);
}

/* The page faults us_resolve sorts: the access each needs, and how to
 * name running out of memory while serving it. */
static const struct {
  int access;
  const char *oom;
} page_faults[] = {
  [SCAUSE_INSN_PAGE]  = { US_EXEC,  "out of memory on instruction page fault" },
  [SCAUSE_LOAD_PAGE]  = { US_READ,  "out of memory on load page fault" },
  [SCAUSE_STORE_PAGE] = { US_WRITE, "out of memory on store page fault" },
};

/* The one page-fault path from user mode: let us_resolve sort the fault
 * (copy-on-write, lazy zero page, a poisoned copy rebuilt, both copies
 * of a mirrored page, illegal) and decide here who dies for it.  1 if it
 * was a page fault. */
static int
trap_page_fault(struct proc *p, uint64 cause, uint64 va)
{
  if (cause >= NELEM(page_faults) || page_faults[cause].oom == 0)
    return 0;
  int r = us_resolve(&p->us, va, page_faults[cause].access, p->tf);
  if (r == US_NOMEM)
    trap_oom(page_faults[cause].oom, va);
  else if (r == US_LOST)
    trap_fault_kill("memory error, no healthy copy left: data lost", va);
  else if (r != US_RESOLVED)
    trap_user_fault(p, cause, va);
  return 1;
}

/* Save the user FP registers if the process changed them (FS dirty). */
static void
fp_trap_entry(struct proc *p)
{
  if ((csr_read(sstatus) & SSTATUS_FS_MASK) != SSTATUS_FS_DIRTY)
    return;
  fp_save(p->tf);
  csr_clear(sstatus, SSTATUS_FS_MASK);
  csr_set(sstatus, SSTATUS_FS_CLEAN);
  p->fp_hart = mycpu();
  mycpu()->fp_owner = p;
}

/* Make the FP registers hold p's state; leave FS clean.  Interrupts off. */
static void
fp_trap_exit(struct proc *p)
{
  struct cpu *c = mycpu();

  csr_clear(sstatus, SSTATUS_FS_MASK);
  csr_set(sstatus, SSTATUS_FS_CLEAN);
  if (c->fp_owner != p || p->fp_hart != c) {
    fp_restore(p->tf);
    c->fp_owner = p;
    p->fp_hart = c;
  }
}

void
user_trap(void)
{
  struct proc *p = myproc();
  uint64 cause = csr_read(scause), tval = csr_read(stval);
  int dev = 0;

  if (csr_read(sstatus) & SSTATUS_SPP)
    panic("user_trap: not from user mode");
  csr_write(stvec, (uint64)kernelvec);
  p->tf->epc = csr_read(sepc);
  p->last_trap = cause;
  __atomic_store_n(&p->in_user, 0, __ATOMIC_SEQ_CST);   /* proc_stop's wait ends */
  fp_trap_entry(p);

  if (cause == SCAUSE_ECALL_U) {
    if (proc_killed(p))
      proc_exit(-1);
    p->tf->epc += 4;            /* return after the ecall */
    csr_set(sstatus, SSTATUS_SIE);
    syscall();
  } else if ((dev = trap_device(cause)) == 0) {
    csr_set(sstatus, SSTATUS_SIE);   /* a fault may zero, copy or sleep */
    if (!trap_page_fault(p, cause, tval))
      trap_user_fault(p, cause, tval);
  }
  if (proc_killed(p))
    proc_exit(-1);
  if (dev == 2)
    yield();
  usertrap_return();
}

/* Return to user mode in the current process, through userret. */
void
usertrap_return(void)
{
  struct proc *p = myproc();
  uint64 x;

  proc_user_gate(p);                 /* interrupts off until sret: stvec is the user one */
  us_trampoline_follow(&p->us);      /* (the trampoline moved: kro_trampoline_follow) */
  csr_write(stvec, TRAMPOLINE + (uservec - trampoline_start));

  p->tf->k_satp = csr_read(satp);
  p->tf->k_sp = p->kstack + PGSIZE;
  p->tf->k_trap = (uint64)user_trap;
  p->tf->k_hartid = cpuid();
  p->tf->k_gp = kmirror_gp;
  fp_trap_exit(p);

  x = csr_read(sstatus);
  x &= ~SSTATUS_SPP;    /* to user mode */
  x |= SSTATUS_SPIE;    /* with interrupts on */
  csr_write(sstatus, x);
  csr_write(sepc, p->tf->epc);

  void (*ret)(uint64, uint64) = (void *)(TRAMPOLINE + (userret - trampoline_start));
  ret(TRAPFRAME, MAKE_SATP(p->us.pt));
}

void
kernel_trap(void)
{
  uint64 sepc = csr_read(sepc);
  uint64 sstatus = csr_read(sstatus);
  uint64 cause = csr_read(scause);
  int dev;

  if (!(sstatus & SSTATUS_SPP))
    panic("kernel_trap: not from supervisor mode");
  if (sstatus & SSTATUS_SIE)
    panic("kernel_trap: interrupts on");
  if ((dev = trap_device(cause)) == 0) {
    if (kro_lost(csr_read(stval)))      /* both copies failed: stop, never run wrong code */
      kprintf("kernel page %p: a memory error, and no healthy copy is left\n",
              PGROUNDDOWN(csr_read(stval)));
    kprintf("kernel trap: scause %p sepc %p stval %p\n", cause, sepc, csr_read(stval));
    panic("kernel_trap");
  }
  if (dev == 2 && myproc() != 0)
    yield();
  /* yield may have run other traps: put back what sret needs. */
  csr_write(sepc, sepc);
  csr_write(sstatus, sstatus);
}
