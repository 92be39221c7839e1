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

/* A ticket lock: a taker draws next, waits until serving reaches its
 * ticket; the holder's release moves serving on.  Both words change by
 * atomic add only, whose twin in a translated kernel is the same add on
 * the mirror word (mirrorbt --twin-atomics): adds commute, so the two
 * copies are equal whenever no hart is between an add and its twin,
 * whatever order the harts' adds came in (docs/kernel-mirror.md). */
struct spinlock {
  uint next;            /* the ticket the next taker draws */
  uint serving;         /* the ticket that holds it; free when == next */
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
