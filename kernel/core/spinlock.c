/* Spin locks and nestable interrupt disabling.
 *
 * A hart holding a spinlock has interrupts off (intr_push), so an
 * interrupt handler on the same hart can never spin on a lock its own
 * hart holds.  The first intr_push remembers whether interrupts were on;
 * the matching last intr_pop turns them back on only then. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"
#include "kernel/core/proc.h"

void
spin_init(struct spinlock *lk, const char *name)
{
  lk->locked = 0;
  lk->name = name;
  lk->owner = 0;
}

void
spin_lock(struct spinlock *lk)
{
  intr_push();
  struct cpu *c = mycpu();
  if (spin_holding(lk))
    panic(lk->name);    /* would deadlock: this hart holds it already */
  while (amo_add32(&lk->locked, 1) != 0) {     /* (acquire and release order) */
    __atomic_fetch_sub(&lk->locked, 1, __ATOMIC_RELAXED);
    while (__atomic_load_n(&lk->locked, __ATOMIC_RELAXED) != 0)
      ;
  }
  lk->owner = c;
  c->nspin++;
}

void
spin_unlock(struct spinlock *lk)
{
  if (!spin_holding(lk))
    panic("spin_unlock: not held");
  lk->owner->nspin--;
  lk->owner = 0;
  __atomic_fetch_sub(&lk->locked, 1, __ATOMIC_RELEASE);
  intr_pop();
}

/* Paths that allocate, copy user pages or sleep (the page-fault
 * resolver) must hold no spinlock: they call this, and a kernel bug that
 * breaks the rule panics at once instead of deadlocking some day. */
void
spin_assert_none(const char *who)
{
  uint64 was = intr_save();             /* stay on this hart for the look */
  int n = mycpu()->nspin;
  intr_restore(was);
  if (n != 0)
    panic(who);
}

/* Interrupts must be off (so the hart cannot change under us). */
int
spin_holding(struct spinlock *lk)
{
  return __atomic_load_n(&lk->locked, __ATOMIC_RELAXED) != 0 && lk->owner == mycpu();
}

void
intr_push(void)
{
  int on = (csr_read(sstatus) & SSTATUS_SIE) != 0;

  csr_clear(sstatus, SSTATUS_SIE);
  struct cpu *c = mycpu();
  if (c->intr_depth == 0)
    c->intr_was_on = on;
  c->intr_depth++;
}

void
intr_pop(void)
{
  struct cpu *c = mycpu();

  if (csr_read(sstatus) & SSTATUS_SIE)
    panic("intr_pop: interrupts on");
  if (c->intr_depth < 1)
    panic("intr_pop: unbalanced");
  c->intr_depth--;
  if (c->intr_depth == 0 && c->intr_was_on)
    csr_set(sstatus, SSTATUS_SIE);
}
