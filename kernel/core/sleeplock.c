/* Sleep locks: a process holds one across disk I/O; waiters sleep. */
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
  lk->locked = 0;
  lk->pid = 0;
}

void
sleeplock_acquire(struct sleeplock *lk)
{
  spin_lock(&lk->guard);
  while (lk->locked)
    sleep_on(lk, &lk->guard);
  lk->locked = 1;
  lk->pid = myproc()->pid;
  spin_unlock(&lk->guard);
}

void
sleeplock_release(struct sleeplock *lk)
{
  spin_lock(&lk->guard);
  lk->locked = 0;
  lk->pid = 0;
  wakeup(lk);
  spin_unlock(&lk->guard);
}

int
sleeplock_holding(struct sleeplock *lk)
{
  int r;

  spin_lock(&lk->guard);
  r = lk->locked && lk->pid == myproc()->pid;
  spin_unlock(&lk->guard);
  return r;
}
