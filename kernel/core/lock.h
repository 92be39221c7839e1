/* Kernel locks.
 *
 * struct spinlock: busy-waits with interrupts off on this hart; held only
 * for short stretches and never across sleep_on (sleep_on swaps it).
 * struct sleeplock: the holder may sleep; used where I/O happens while the
 * lock is held (buffers, inodes).  Taking a sleeplock needs a process. */
#ifndef KERNEL_CORE_LOCK_H
#define KERNEL_CORE_LOCK_H

struct cpu;

struct spinlock {
  uint locked;          /* 0 free, 1 held; changed by atomic swap only */
  const char *name;     /* for panic messages */
  struct cpu *owner;    /* hart holding it, for spin_holding */
};

struct sleeplock {
  int locked;           /* held by a process */
  int pid;              /* holder, for sleeplock_holding */
  struct spinlock guard;  /* protects locked and pid */
  const char *name;
};

#endif
