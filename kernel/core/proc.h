/* Processes and harts.
 *
 * Lock rules for struct proc:
 *   stops and in_user are atomic words (proc_stop, proc_user_gate);
 *   p->lock protects state, chan, killed, xstatus, pid, own_losing and the hand-over
 *     in swtch (a hart takes p->lock before switching to p, and p releases
 *     it first thing; a process switching away holds its own p->lock);
 *   wait_lock (proc.c) protects every p->parent and orders before p->lock;
 *   the rest (us, tf, ofile, cwd, name, fp_hart) belongs to the process
 *     itself: only its own kernel thread touches it, or its parent while
 *     it is being created (fork) or reaped (wait), when it cannot run. */
#ifndef KERNEL_CORE_PROC_H
#define KERNEL_CORE_PROC_H

#include "kernel/param.h"
#include "kernel/core/lock.h"
#include "kernel/mm/vm.h"

/* Callee-saved registers of a kernel thread, saved by swtch. */
struct context {
  uint64 ra, sp;
  uint64 s[12];
};

struct cpu {
  struct proc *proc;        /* running on this hart, or 0 */
  struct context sched;     /* swtch here to enter scheduler() */
  int intr_depth;           /* intr_push nesting */
  int intr_was_on;          /* interrupts on before the first intr_push? */
  int nspin;                /* spinlocks this hart holds (spin_assert_none) */
  volatile int idle;        /* in the scheduler's wfi: wakeup sends an IPI */
  volatile int online;      /* running the scheduler (tlb_shootdown waits for it) */
  volatile uint64 ipis;     /* software interrupts taken (tlb_shootdown's ack) */
  struct proc *fp_owner;    /* whose FP state the FP registers hold */
  int idle_timing;          /* idle since idle_from (instret) */
  uint64 idle_from, dev_from;
  uint64 dev_instret;       /* instret in device interrupt handlers, in all */
  volatile uint64 idle_instret;   /* instret spent idle, in all (memstat) */
} __attribute__((aligned(256)));  /* a power of two: mycpu() indexes with a shift */

/* The per-process page mapped at TRAPFRAME.  trampoline.S saves the user
 * registers here and finds the kernel's satp, stack, trap handler and
 * hart number here; offsets are fixed (trampoline.S uses TF_* below). */
struct trapframe {
  uint64 k_satp;        /*   0 kernel page table */
  uint64 k_sp;          /*   8 top of this process's kernel stack */
  uint64 k_trap;        /*  16 user_trap() */
  uint64 k_hartid;      /*  24 sscratch for the kernel (cpuid) */
  uint64 epc;           /*  32 user pc */
  uint64 x[32];         /*  40 x[i] = register xi; x[0] unused */
  uint64 f[32];         /* 296 f0..f31, saved by fp_save */
  uint64 fcsr;          /* 552 */
  uint64 k_gp;          /* 560 gp for the kernel: its mirror offset (mm/kmirror.c) */
};

enum proc_state { P_UNUSED, P_USED, P_SLEEPING, P_RUNNABLE, P_RUNNING, P_ZOMBIE };

struct proc {
  struct spinlock lock;
  enum proc_state state;
  void *chan;               /* sleeping on this */
  int killed;
  int xstatus;              /* exit status for wait */
  int pid;
  int own_losing;           /* the injector is losing its stack or trapframe:
                               nobody may use them (proc_own_lose) */

  struct proc *parent;      /* wait_lock */

  /* Stopping (proc_stop): a repairer keeps the process out of user mode
   * while it rebuilds or compares its pages. */
  int stops;                /* stops in force (atomic; drops under stop_lock) */
  int in_user;              /* running or about to run user code (atomic) */
  uint64 last_trap;         /* scause of its last trap from user mode: after
                               a system call its saved pc is outside every
                               window (proc_user_context) */
  int privileged;           /* may inspect and repair others, use the test
                               knobs (inherited; privdrop: mm/sysmem.c) */

  uint64 kstack;            /* virtual address of the kernel stack */
  struct uspace us;         /* user address space */
  struct sleeplock memlock; /* us against inspection (mm/uspace.c) */
  struct trapframe *tf;     /* kernel address of the trapframe page */
  struct context ctx;       /* swtch here to run the process */
  struct cpu *fp_hart;      /* hart whose FP registers hold our state */
  struct file *ofile[NOFILE];
  struct inode *cwd;
  char name[16];
};

extern struct cpu cpus[NCPU];

/* This hart's entry.  Interrupts must be off, or the caller may move to
 * another hart. */
static inline struct cpu *
mycpu(void)
{
  return &cpus[cpuid()];
}

/* Assembly helpers of core/fpu.S: move the user FP registers and fcsr to
 * and from tf->f / tf->fcsr.  sstatus.FS must not be Off. */
void fp_save(struct trapframe *tf);
void fp_restore(struct trapframe *tf);

#endif
