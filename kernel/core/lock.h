/* Kernel locks.
 *
 * struct spinlock: busy-waits with interrupts off on this hart; held only
 * for short stretches and never across sleep_on (sleep_on swaps it).
 * struct sleeplock: the holder may sleep; used where I/O happens while the
 * lock is held (buffers, inodes) and for a process's memory (memlock).
 * First come, first served.  Taking a sleeplock needs a process. */
#ifndef KERNEL_CORE_LOCK_H
#define KERNEL_CORE_LOCK_H

struct cpu;

struct spinlock {
  uint locked;          /* 0 free, 1 held; changed by atomic swap only */
  const char *name;     /* for panic messages */
  struct cpu *owner;    /* hart holding it, for spin_holding */
};

struct sleeplock {
  uint next;            /* the ticket the next acquirer takes */
  uint serving;         /* the ticket that holds the lock; free when == next */
  int pid;              /* holder, for sleeplock_holding */
  struct spinlock guard;  /* protects the rest */
  const char *name;
};

/* A sleep lock defined and set up at compile time. */
#define SLEEPLOCK(n) { .guard = { .name = "sleeplock" }, .name = (n) }

#endif
