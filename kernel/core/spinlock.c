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

/* Whether lk is held by the hart whose entry is c. */
static inline int
spin_held_by(struct spinlock *lk, struct cpu *c)
{
  return __atomic_load_n(&lk->locked, __ATOMIC_RELAXED) != 0 && lk->owner == c;
}

/* intr_push for the lock functions: this hart's entry, found once. */
static inline struct cpu *
intr_push_cpu(void)
{
  uint64 on = csr_read(sstatus) & SSTATUS_SIE;

  csr_clear(sstatus, SSTATUS_SIE);
  struct cpu *c = mycpu();
  if (c->intr_depth++ == 0)
    c->intr_was_on = on != 0;
  return c;
}

/* What is wrong with an intr_pop on this hart's entry c now, or 0. */
static inline const char *
intr_pop_wrong(struct cpu *c)
{
  if (csr_read(sstatus) & SSTATUS_SIE)
    return "intr_pop: interrupts on";
  if (c->intr_depth < 1)
    return "intr_pop: unbalanced";
  return 0;
}

/* intr_pop on this hart's entry c, once intr_pop_wrong found nothing:
 * the callers check first and panic from one place, so that the fast
 * path needs no stack frame. */
static inline void
intr_pop_cpu(struct cpu *c)
{
  if (--c->intr_depth == 0 && c->intr_was_on)
    csr_set(sstatus, SSTATUS_SIE);
}

void
spin_lock(struct spinlock *lk)
{
  struct cpu *c = intr_push_cpu();

  if (spin_held_by(lk, c))
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
  struct cpu *c = lk->owner;
  /* (spin_held_by spelled out on the owner just read: GCC 12 then keeps
   * the panic's message out of the fast path, 3 instructions a call) */
  const char *wrong = __atomic_load_n(&lk->locked, __ATOMIC_RELAXED) == 0 || c != mycpu()
                      ? "spin_unlock: not held" : intr_pop_wrong(c);

  if (wrong)
    panic(wrong);
  c->nspin--;
  lk->owner = 0;
  __atomic_fetch_sub(&lk->locked, 1, __ATOMIC_RELEASE);
  intr_pop_cpu(c);
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
  return spin_held_by(lk, mycpu());
}

void
intr_push(void)
{
  intr_push_cpu();
}

void
intr_pop(void)
{
  struct cpu *c = mycpu();
  const char *wrong = intr_pop_wrong(c);

  if (wrong)
    panic(wrong);
  intr_pop_cpu(c);
}
