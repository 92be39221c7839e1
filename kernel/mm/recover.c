/* Memory errors: poisoned copies found and rebuilt, the comparison of a
 * page's two copies (mdiff, scrub, the exit check), and where an error
 * is injected.  docs/memory.md "Memory errors" tells the whole story.
 *
 * THE WINDOW RULE, for every repairer (the fault path, bank re-homing,
 * the scrubber).  Translated code writes the native copy first and the
 * mirror right after; between the two a process is inside a *window*
 * (mirrorbt's pair table: first < pc <= first + span), where the native
 * copy holds a value the mirror does not hold yet.  So a native copy is
 * rebuilt from its mirror only when
 *   1. the process cannot run user code meanwhile -- it is the one that
 *      faulted (its fault or its system call is what runs), or another
 *      repairer has stopped it (proc_stop: brought into the kernel if it
 *      ran on another hart, kept out of user mode until proc_resume) --
 *      and
 *   2. its user context is settled outside the window whose native write
 *      the rebuild would undo (rec_settle): a store is redone from its
 *      first instruction (same registers, same bytes); an AMO whose
 *      mirror write has not run is redone from the AMO when its operands
 *      survive, and an sc is turned into a failed sc, when the word it
 *      wrote is on the page rebuilt.  An AMO whose rd overwrote its rs2
 *      cannot be redone: that native copy is lost (US_LOST), loudly.
 * A process that is merely not running is not stopped: one preempted by
 * the timer is runnable, and its saved pc may lie inside a window.  A
 * process in a system call is outside every window (its pc is at an
 * ecall).  A mirror copy rebuilt from the native copy needs none of
 * this: the native copy holds everything, and a mirror write still to
 * come writes the same bytes again.
 *
 * THE LOCK RULE: every repair and every comparison holds the space's
 * memlock (us->lock, a sleep lock) across its walk and its copies, and no
 * spinlock; kernel copies into user memory hold the same lock from
 * resolving a page to writing both copies (fault.c), so no repair retires
 * a frame under them.  A repair writes only fresh frames (frame_copy),
 * never a frame another process may share copy-on-write.
 *
 * Detection: a poisoned frame is FRAME_POISONED in the frame table, and
 * every PTE that maps it is made non-valid with PTE_POISON (rec_poison,
 * followed by a TLB shootdown), so every access traps; rec_copy_bad
 * also catches a valid PTE whose frame was poisoned since. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/mirror.h"
#include "kernel/core/lock.h"
#include "kernel/core/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/upage.h"

/* Whether the copy a PTE maps has a memory error: the PTE is marked
 * poisoned, or its frame was poisoned since the PTE was last looked at. */
static int
rec_pte_bad(pte_t pte)
{
  return (pte & PTE_POISON) || ((pte & PTE_V) && frame_poisoned((void *)PTE2PA(pte)));
}

/* Whether copy i of pg has a memory error. */
int
rec_copy_bad(struct upage *pg, int i)
{
  return rec_pte_bad(*pg->pte[i]);
}

/* Settle the process whose user context is tf (0: in a system call,
 * outside every window) before the native copy of the page at page is
 * rebuilt from its mirror (the window rule, step 2).  0 when that may
 * go ahead, -1 when the native copy holds an AMO's result that nothing
 * else holds and the AMO cannot be redone. */
static int
rec_settle(struct uspace *us, struct trapframe *tf, uint64 page)
{
  struct mirror_pair w, *e = &w;

  if (tf == 0 || us->pairs == 0 || !pairs_window(us->pairs, tf->epc, e))
    return 0;
  if (e->kind == MIRROR_PAIR_STORE) {
    tf->epc = e->first;           /* the native store again: same bytes */
    COUNT(settled);
    return 0;
  }
  uint64 word = tf->x[MIRROR_TP] - MIRROR_OFFSET;   /* tp: the word's mirror */
  int rd = e->regs & 31, rs1 = (e->regs >> 5) & 31, rs2 = (e->regs >> 10) & 31;
  if (tf->epc > e->first + e->copy || PGROUNDDOWN(word) != page)
    return 0;     /* the mirror has the result, or the word's native copy stays */
  if (e->kind == MIRROR_PAIR_SC) {
    if (rd != 0)
      tf->x[rd] = 1;              /* failed: its bnez leaves the window */
    tf->epc = e->first + 4;       /* (rd x0: the copy then copies the old word) */
  } else {
    if (rd != 0 && rd == rs2 && rs2 != rs1)
      return -1;                  /* the AMO's operand is gone */
    if (rs1 != 0)
      tf->x[rs1] = word;          /* rd may have overwritten the address */
    tf->epc = e->first;
  }
  tf->x[MIRROR_GP] = MIRROR_OFFSET;
  COUNT(settled);
  return 0;
}

/* Make copy i of page pg hold frame good's bytes in a fresh frame,
 * flags (flags & ~clear) | set -- and the other copy too when the page
 * is shared copy-on-write (us_pair_set: the pair rule). */
static int
rec_refill(struct upage *pg, int i, void *good, uint64 clear, uint64 set)
{
  void *src[2] = { 0, 0 };

  src[i] = good;
  return us_pair_set(pg, src, clear, set);
}

/* Rebuild the bad copy of the page pg (native address page) from the
 * healthy one: a fresh frame in a bank apart from the healthy copy's,
 * its bytes, the PTE valid again with its old permissions; the bad frame
 * loses this reference (and is retired with its last).  tf: the user
 * context of the process, as for rec_settle.  US_RESOLVED (also when
 * both copies are healthy), US_LOST when no healthy copy is left (an
 * unmirrored page, both copies bad, an AMO's result lost), US_NOMEM
 * without a frame.  us->lock held; the process cannot run user code. */
int
rec_repair(struct uspace *us, struct upage *pg, uint64 page, struct trapframe *tf)
{
  int bad0 = rec_copy_bad(pg, 0), bad1 = pg->n == 2 && rec_copy_bad(pg, 1);

  if (!bad0 && !bad1)
    return US_RESOLVED;
  int bad = bad0 ? 0 : 1;
  if (pg->n == 1 || (bad0 && bad1) || (bad == 0 && rec_settle(us, tf, page) < 0)) {
    COUNT(lost);
    return US_LOST;
  }
  if (rec_refill(pg, bad, (void *)PTE2PA(*pg->pte[1 - bad]), PTE_POISON, PTE_V) != US_RESOLVED)
    return US_NOMEM;
  COUNT(recovered[bad]);
  return US_RESOLVED;
}

/* Memory errors being injected now: from before a frame (or bank) is
 * poisoned to the end of the pass that marks its PTEs in every space.
 * A space copied meanwhile (fork) cannot trust that what it copies was
 * marked (us_fork). */
static int injecting;

void
rec_inject_begin(void)
{
  __atomic_fetch_add(&injecting, 1, __ATOMIC_SEQ_CST);
}

void
rec_inject_end(void)
{
  __atomic_fetch_sub(&injecting, 1, __ATOMIC_SEQ_CST);
}

int
rec_injecting(void)
{
  return __atomic_load_n(&injecting, __ATOMIC_SEQ_CST) != 0;
}

/* What rec_poison marks: the PTEs of poisoned frames in [lo, hi). */
struct poison {
  uint64 lo, hi;
};

/* Visit for rec_poison: mark a valid user PTE that maps a poisoned frame
 * of the range poisoned (the range test first: it is most of the walk). */
static int
poison_visit(struct uspace *us, uint64 va, pte_t *pte, void *arg)
{
  struct poison *what = arg;
  uint64 pa = PTE2PA(*pte);

  if (pa >= what->lo && pa < what->hi && (*pte & (PTE_V | PTE_U)) == (PTE_V | PTE_U) &&
      frame_poisoned((void *)pa))
    *pte = (*pte & ~PTE_V) | PTE_POISON;
  return 0;
}

/* Make every PTE of us that maps a poisoned frame of the physical range
 * [lo, hi) -- one frame, a failed bank, or all user memory -- trap
 * (non-valid, PTE_POISON, the frame number kept).  us->lock held.  The
 * caller makes the change reach the other harts' TLBs (tlb_shootdown)
 * if us may be running. */
void
rec_poison(struct uspace *us, uint64 lo, uint64 hi)
{
  struct poison what = { lo, hi };

  if (us->pt)
    us_each_copy(us, 0, us->size, poison_visit, &what, 0);
}

/* A rebuild of a whole space being made (rec_rebuild). */
struct rebuild {
  struct trapframe *tf;
  int lost;
};

/* Visit for rec_rebuild, of native and mirror PTEs alike: a poisoned
 * copy's page is repaired -- once: a bad mirror whose native copy is bad
 * too was met in the native half already. */
static int
rebuild_visit(struct uspace *us, uint64 va, pte_t *pte, void *arg)
{
  struct rebuild *rb = arg;
  struct upage pg;
  uint64 page = va >= MIRROR_OFFSET ? va - MIRROR_OFFSET : va;

  if (!(*pte & PTE_POISON))
    return 0;
  us_page_ptes(us, page, 0, &pg);
  if (va >= MIRROR_OFFSET && rec_copy_bad(&pg, 0))
    return 0;
  int r = rec_repair(us, &pg, page, rb->tf);
  if (r == US_LOST)
    rb->lost++;
  else if (r == US_NOMEM)
    COUNT(deferred);              /* one copy until the next access */
  return 0;
}

/* Eager repair after a bank failure or a poison found by a patrol:
 * rebuild every copy of us marked poisoned (rec_poison), native copies
 * too, by the window rule -- the process is stopped (or is the caller)
 * and tf is its user context (proc_user_context).  Returns the pages
 * with no healthy copy (an unmirrored process's, both copies bad, an
 * AMO's result lost).  us->lock held. */
int
rec_rebuild(struct uspace *us, struct trapframe *tf)
{
  struct rebuild rb = { tf, 0 };

  spin_assert_none("rec_rebuild: spinlock held");
  if (us->pt)
    us_each_copy(us, 0, us->size, rebuild_visit, &rb, 0);
  return rb.lost;
}

/* The user frame of the native (mirror: the mirror) copy of the page at
 * user address va: what an error can be injected into.  0 if there is
 * none: unmapped, not valid, not a user page, or the zero frame (kernel
 * memory).  us->lock held. */
void *
rec_frame(struct uspace *us, uint64 va, int mirror)
{
  struct upage pg;
  int i = mirror ? 1 : 0;

  if (va >= us->size || us_page_ptes(us, PGROUNDDOWN(va), 0, &pg) < 0 || i >= pg.n)
    return 0;
  pte_t pte = *pg.pte[i];
  if ((pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U) || (void *)PTE2PA(pte) == frame_zero())
    return 0;
  return (void *)PTE2PA(pte);
}

/* Whether native page va of the mirrored space us differs from its
 * mirror: 1 if it does (or a copy is missing), 0 if not, or if a copy is
 * known bad (poisoned: it is rebuilt on its next access, not a silent
 * difference). */
int
rec_differs(struct uspace *us, uint64 va)
{
  struct upage pg;

  if (us_page_ptes(us, va, 0, &pg) < 0 || pg.n < 2 || *pg.pte[0] == 0)
    return 0;
  if (rec_copy_bad(&pg, 0) || rec_copy_bad(&pg, 1))
    return 0;
  if (!(*pg.pte[0] & PTE_V) || !(*pg.pte[1] & PTE_V))
    return 1;
  return memcmp((void *)PTE2PA(*pg.pte[0]), (void *)PTE2PA(*pg.pte[1]), PGSIZE) != 0;
}

/* A comparison being made (rec_diff). */
struct diff {
  uint64 *vas;
  int n, max;
  int left;         /* pages still to look at in this step */
  uint64 next;      /* where the next step starts */
};

/* Visit for rec_diff: does native page va differ from its mirror? */
static int
diff_visit(struct uspace *us, uint64 va, pte_t *pte, void *arg)
{
  struct diff *d = arg;

  if (d->left-- == 0) {
    d->next = va;
    return 1;
  }
  if (rec_differs(us, va)) {
    if (d->n < d->max)
      d->vas[d->n] = va;
    d->n++;
  }
  return 0;
}

/* One bounded step of a comparison of the mirrored space us: the native
 * pages from *from, at most steps of them; the addresses of those that
 * differ (rec_differs) go to vas (the first max of them), their number
 * is returned, and *from moves to where the next step starts (us->size
 * when the scan is done).  -1 if us is not mirrored.  us->lock held:
 * the caller drops it between steps, so the owner's faults get in. */
int
rec_diff(struct uspace *us, uint64 *from, int steps, uint64 *vas, int max)
{
  struct diff d = { vas, 0, max, steps, us->size };

  spin_assert_none("rec_diff: spinlock held");
  if (us->pairs == 0 || us->pt == 0)
    return -1;
  if (us_each(us, *from, us->size, diff_visit, &d, 0) == 0)
    d.next = us->size;
  *from = d.next;
  return d.n;
}

/* Make the mirror of native page va equal to the native copy again (the
 * scrubber's repair of a silent difference): the mirror's PTE gets a
 * fresh frame holding the native copy's bytes, apart from its bank (and
 * so does the native PTE when the page is shared copy-on-write: the
 * pair rule), and the old frames lose their reference -- so a frame
 * shared with another process is never written.  1 if it was
 * rewritten, 0 if the copies agree, a copy is not readable, or no frame
 * was free.  us->lock held; the process is stopped outside every window
 * (a window's page differs by design). */
int
rec_sync_mirror(struct uspace *us, uint64 va)
{
  struct upage pg;

  spin_assert_none("rec_sync_mirror: spinlock held");
  if (!rec_differs(us, va) || us_page_ptes(us, va, 0, &pg) < 0 ||
      !(*pg.pte[0] & PTE_V) || !(*pg.pte[1] & PTE_V))
    return 0;
  return rec_refill(&pg, 1, (void *)PTE2PA(*pg.pte[0]), 0, 0) == US_RESOLVED;
}
