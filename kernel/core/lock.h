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

/* A test-and-set lock made of atomic adds: a taker adds 1 and holds the
 * lock if the word was 0, else takes its 1 back and waits for a 0; the
 * holder's release subtracts its 1.  In a translated kernel an AMO's twin
 * is the same operation on the mirror word (mirrorbt --twin-atomics):
 * adds commute, so the two copies are equal whenever no hart is between
 * an add and its twin, whatever order the harts' adds came in; a swap
 * and a store would not (docs/kernel-mirror.md).  Not a ticket lock: a
 * waiter that QEMU's host thread leaves unscheduled would hold up every
 * hart behind it. */
struct spinlock {
  uint locked;          /* 0 free; 1 held, more while takers try */
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
