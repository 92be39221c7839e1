/* Sleep locks: a process holds one across disk I/O or a page fault;
 * waiters sleep.
 *
 * Fair: each acquirer takes a ticket and goes in when the lock serves
 * it, so a holder that releases and asks again at once queues behind
 * the processes already waiting (a process scanning another's memory in
 * steps lets the owner in between them).  A release wakes the waiters
 * only when there are some: an uncontended lock costs no scan of the
 * process table. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"
#include "kernel/core/proc.h"

void
sleeplock_init(struct sleeplock *lk, const char *name)
{
  spin_init(&lk->guard, "sleeplock");
  lk->name = name;
  lk->next = lk->serving = 0;
  lk->pid = 0;
}

void
sleeplock_acquire(struct sleeplock *lk)
{
  spin_lock(&lk->guard);
  uint ticket = lk->next++;
  while (lk->serving != ticket)
    sleep_on(lk, &lk->guard);
  lk->pid = myproc()->pid;
  spin_unlock(&lk->guard);
}

void
sleeplock_release(struct sleeplock *lk)
{
  spin_lock(&lk->guard);
  lk->pid = 0;
  if (++lk->serving != lk->next)
    wakeup(lk);                 /* the next ticket's holder goes in */
  spin_unlock(&lk->guard);
}

int
sleeplock_holding(struct sleeplock *lk)
{
  int r;

  spin_lock(&lk->guard);
  r = lk->serving != lk->next && lk->pid == myproc()->pid;
  spin_unlock(&lk->guard);
  return r;
}
