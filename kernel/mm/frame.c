/* User frames: the physical pages from USERMEM_BASE to ram_top, split into
 * NBANK equal banks, described by a frame table with one entry per frame.
 * The table's size follows the RAM QEMU gives (the device tree: fdt.c),
 * so it takes the first pages of that region itself (frame_init); the
 * frames follow it, and a remainder of fewer than NBANK frames at the
 * top is left unused so that the banks are equal.
 *
 * Each bank keeps its free frames on a list linked through the frame
 * table (never through the frames themselves, so a free frame's contents
 * are never trusted).
 *
 * Reference counts: ref is the number of page-table entries (or other
 * holders) that point at the frame.  frame_alloc hands a frame out with
 * ref 1, frame_dup adds one (fork sharing a page), frame_free drops one
 * and only the last drop puts the frame back on its bank's free list.
 *
 * Lock rule: a frame's list link and state (next, state) change only
 * under its bank's lock (frame_poisoned reads the state as a snapshot).
 * The reference count is an atomic word instead, so that fork and exit,
 * which add and drop one per page, take no lock: frame_dup is called
 * only by a holder of a reference (the count cannot be 0 under it), and
 * only the frame_free that takes the count to 0 goes on to the bank lock
 * to free or retire the frame -- by then nobody else holds it, and the
 * state it reads there is final (poisoning only ever happens under that
 * lock).  frame_refs() is a snapshot: it may only be trusted as "1" by
 * the holder of that one reference, since nobody else can then add one
 * (only fork of a process that maps the frame does).
 *
 * The zero frame (frame_zero) is what every untouched heap page reads
 * as.  It is a page of the kernel image, not a user frame: it is never
 * written, counted or freed, and frame_dup/frame_free ignore it, so any
 * number of PTEs may map it (read-only, copy-on-write). */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"
#include "kernel/mm/vm.h"

#define FRAME_NONE      0xffffffffu

/* FREE -> USED (frame_alloc) -> FREE (last frame_free).  A frame in use
 * may be POISONED (an injected memory error: its bytes may no longer be
 * read); its last frame_free then RETIRES it for good instead of freeing
 * it.  HELD: taken out of use by the bankhold knob. */
enum frame_state { FRAME_FREE, FRAME_USED, FRAME_HELD, FRAME_POISONED, FRAME_RETIRED };

struct frame {
  uint32 next;      /* next free frame of the bank, or FRAME_NONE */
  uint32 ref;       /* references: 0 free, n mapped n times (atomic) */
  uint8 state;      /* enum frame_state */
  uint32 twin;      /* a mirrored page's other copy (frame_twin) */
};

struct bank {
  struct spinlock lock;
  uint32 free;      /* first free frame, or FRAME_NONE */
  uint64 nfree;
  uint32 held;      /* frames taken by the bankhold knob, or FRAME_NONE */
  uint64 nretired;  /* frames retired after a memory error */
  int failed;       /* the whole bank failed: it hands out nothing again
                       (set under fail_lock and the bank's lock) */
};

static struct frame *frames;        /* the table, at USERMEM_BASE */
static uint32 frames_per_bank;
/* Machine mode reads these two (frame_is_user), with paging off, at their
 * physical address: KNOMIRROR, where no lost page's copy moves them. */
static uint32 frame_count_all KNOMIRROR;
static uint64 frames_base KNOMIRROR;   /* physical address of frame 0 */
static struct bank banks[NBANK];
static struct spinlock fail_lock;   /* which banks failed: banks[].failed */
static uint64 errors;               /* frames poisoned and banks failed, since boot */
static char zero_frame[PGSIZE] __attribute__((aligned(PGSIZE)));

void *
frame_zero(void)
{
  return zero_frame;
}

/* The zero pair: what an untouched heap page of a mirrored space reads
 * as.  A mirrored space maps no frame without a twin in another bank, so
 * not the zero frame; instead every such space maps these two user
 * frames of zeros, twins in two banks, read-only and copy-on-write (a
 * store gets a pair of its own, zeroed: us_pair_set).  They are ordinary
 * shared frames: the kernel holds one reference to the pair (its count
 * is the native frame's, the pair rule) and each mapping one more, and a
 * memory error in one is found and rebuilt by each space that maps it
 * like any shared page (recover.c), and the pair itself is replaced at
 * once (frame_zero_pair_renew), the old one retired with its last
 * reference.  A rebuild or a copy-on-write break of a zero-pair page
 * zeroes fresh frames rather than copy either copy (us_pair_set), so a
 * bit flipped in the pair's mirror never reaches a page.  zero_pair_lock
 * serialises uses and replacement; frame_zeroed reads the pointers
 * without it (see there). */
static struct sleeplock zero_pair_lock = SLEEPLOCK("zero pair");
static void *zero_pair[2];

/* Make a fresh zero pair; 0, or -1 (and none) when memory is short.
 * zero_pair_lock held (or boot). */
static int
zero_pair_make(void)
{
  void *pa = frame_alloc(0, 0), *mirror = pa ? frame_alloc(pa, 0) : 0;

  if (mirror == 0) {
    if (pa)
      frame_free(pa);
    return -1;
  }
  frame_twin_set(pa, mirror);
  __atomic_store_n(&zero_pair[1], mirror, __ATOMIC_RELEASE);
  __atomic_store_n(&zero_pair[0], pa, __ATOMIC_RELEASE);
  return 0;
}

/* Replace the zero pair if a copy of it is poisoned (the spaces that map
 * it rebuild their own copies: recover.c), or make one if there is none
 * (memory was short at the last try).  zero_pair_lock held. */
static void
zero_pair_renew_locked(void)
{
  void *old[2] = { zero_pair[0], zero_pair[1] };

  if (old[0] && (frame_poisoned(old[0]) || frame_poisoned(old[1]))) {
    __atomic_store_n(&zero_pair[0], 0, __ATOMIC_RELEASE);
    __atomic_store_n(&zero_pair[1], 0, __ATOMIC_RELEASE);
    if (frame_free(old[0]))               /* the kernel's reference */
      frame_free(old[1]);
  }
  if (zero_pair[0] == 0)
    zero_pair_make();
}

/* After a memory error (sysmem.c): a poisoned zero pair is replaced at
 * once, so that no new reader maps it. */
void
frame_zero_pair_renew(void)
{
  sleeplock_acquire(&zero_pair_lock);
  zero_pair_renew_locked();
  sleeplock_release(&zero_pair_lock);
}

/* A reference to the zero pair, for a mirrored space about to map its
 * frames pa[0] (native) and pa[1] (mirror); -1 when no healthy pair can
 * be had (memory short since a replacement).  The poison check here is
 * not poison_all's again: a frame is poisoned before poison_all walks
 * the spaces, so a reader that maps the pair after the walk passed its
 * space and before the renewal would keep a valid PTE on a bad frame. */
int
frame_zero_pair(void *pa[2])
{
  sleeplock_acquire(&zero_pair_lock);
  zero_pair_renew_locked();
  int r = zero_pair[0] ? 0 : -1;
  if (r == 0) {
    frame_dup(zero_pair[0]);
    pa[0] = zero_pair[0];
    pa[1] = zero_pair[1];
  }
  sleeplock_release(&zero_pair_lock);
  return r;
}

/* Whether frame pa holds zeros that nobody writes: the zero frame or a
 * frame of the zero pair.  Read without the lock: the caller maps pa (so
 * pa is not freed and reused meanwhile), and a frame of a pair replaced
 * since still holds zeros. */
int
frame_zeroed(void *pa)
{
  return pa == zero_frame || pa == __atomic_load_n(&zero_pair[0], __ATOMIC_ACQUIRE) ||
         pa == __atomic_load_n(&zero_pair[1], __ATOMIC_ACQUIRE);
}

static uint64
frame_pa(uint32 i)
{
  return frames_base + (uint64)i * PGSIZE;
}

/* Lay out USERMEM_BASE .. ram_top: as many frames as fit beside their
 * table entries, rounded down to NBANK equal banks. */
static void
frame_layout(void)
{
  uint64 room = ram_top - USERMEM_BASE;
  uint64 n = room / (PGSIZE + sizeof(struct frame));

  frames = (struct frame *)USERMEM_BASE;
  frames_base = USERMEM_BASE + PGROUNDUP(n * sizeof(struct frame));
  if (n > (ram_top - frames_base) / PGSIZE)
    n = (ram_top - frames_base) / PGSIZE;
  frames_per_bank = n / NBANK;
  frame_count_all = frames_per_bank * NBANK;
}

void
frame_init(void)
{
  frame_layout();
  spin_init(&fail_lock, "bank failure");
  for (int b = 0; b < NBANK; b++) {
    spin_init(&banks[b].lock, "bank");
    banks[b].free = banks[b].held = FRAME_NONE;
  }
  /* Push in reverse so each bank hands out its frames in address order. */
  for (uint32 i = frame_count_all; i-- > 0; ) {
    struct bank *bk = &banks[i / frames_per_bank];
    frames[i].state = FRAME_FREE;
    frames[i].ref = 0;
    frames[i].next = bk->free;
    bk->free = i;
    bk->nfree++;
  }
  if (zero_pair_make() < 0)
    panic("frame_init: no zero pair");
}

/* Take a frame from bank b, or FRAME_NONE if it has none. */
static uint32
bank_take(int b)
{
  struct bank *bk = &banks[b];
  uint32 i;

  spin_lock(&bk->lock);
  i = bk->free;
  if (i != FRAME_NONE) {
    bk->free = frames[i].next;
    bk->nfree--;
    frames[i].state = FRAME_USED;
    frames[i].ref = 1;
  }
  spin_unlock(&bk->lock);
  return i;
}

/* A frame in use (ref 1, bytes undefined: the caller overwrites them at
 * once), or 0.  With apart set, from
 * a bank other than the bank of frame apart (a page's two copies never
 * share a bank).  The bank with the most free frames is tried first (the
 * counts are read without locks: only a hint), then the others in turn.
 * With keep > 0, 0 while no more than keep frames are free (also a
 * hint: exec's eager loading leaves the last frames to the running
 * processes). */
void *
frame_take(void *apart, uint64 keep)
{
  int skip = apart ? frame_bank(apart) : -1, best = -1;

  if (keep > 0 && frame_free_count() <= keep)
    return 0;
  for (int b = 0; b < NBANK; b++)
    if (b != skip && (best < 0 || banks[b].nfree > banks[best].nfree))
      best = b;
  for (int k = 0; k < NBANK; k++) {
    int b = (best + k) % NBANK;
    uint32 i = b == skip ? FRAME_NONE : bank_take(b);
    if (i != FRAME_NONE)
      return (void *)frame_pa(i);
  }
  return 0;
}

/* A zeroed frame, or 0 (apart and keep as for frame_take). */
void *
frame_alloc(void *apart, uint64 keep)
{
  void *pa = frame_take(apart, keep);

  if (pa)
    page_zero(pa);
  return pa;
}

/* A frame holding a copy of frame src's bytes, not in apart's bank, or
 * 0: a copy-on-write break or a rebuild, which would overwrite a zeroed
 * frame at once. */
void *
frame_copy(void *src, void *apart)
{
  void *pa = frame_take(apart, 0);

  if (pa)
    page_copy(pa, src);
  return pa;
}

/* How many user frames there are. */
uint64
frame_count(void)
{
  return frame_count_all;
}

/* The physical range [*lo, *hi) of bank b's frames, or of all user
 * frames when b is -1. */
void
frame_span(int b, uint64 *lo, uint64 *hi)
{
  uint32 first = b < 0 ? 0 : b * frames_per_bank;
  uint32 n = b < 0 ? frame_count_all : frames_per_bank;

  *lo = frame_pa(first);
  *hi = frame_pa(first + n);
}

/* Whether a is the address of a user frame (no lock, no cpuid: kro_fix
 * calls it in machine mode). */
int
frame_is_user(uint64 a)
{
  return a % PGSIZE == 0 && a - frames_base < (uint64)frame_count_all * PGSIZE;
}

/* The entry of user frame pa; a bad address is a kernel bug.  Inlined:
 * fork and exit look up a frame for every page they share or drop. */
static inline __attribute__((always_inline)) struct frame *
frame_of(void *pa, const char *who)
{
  if (!frame_is_user((uint64)pa))
    panic(who);
  return &frames[((uint64)pa - frames_base) / PGSIZE];
}

/* The bank that holds frame f: banks are equal runs of the table. */
static int
bank_of(struct frame *f)
{
  return (f - frames) / frames_per_bank;
}

/* The bank of frame pa; -1 for the zero frame. */
int
frame_bank(void *pa)
{
  if (pa == zero_frame)
    return -1;
  return bank_of(frame_of(pa, "frame_bank: not a user frame"));
}

/* Frames a and b now hold the two copies of one mirrored page: each
 * names the other (us_fill and us_pair_set, where pairs are formed).
 * The link lives as long as the pair: a page-table page of a mirrored
 * space lost to a memory error is rebuilt from the other half's PTEs
 * through it (ptlost.c).  The caller holds a and b. */
void
frame_twin_set(void *a, void *b)
{
  struct frame *fa = frame_of(a, "frame_twin_set: not a user frame");
  struct frame *fb = frame_of(b, "frame_twin_set: not a user frame");

  fa->twin = fb - frames;
  fb->twin = fa - frames;
}

/* The other copy of the mirrored page whose copy frame pa holds. */
void *
frame_twin(void *pa)
{
  return (void *)frame_pa(frame_of(pa, "frame_twin: not a user frame")->twin);
}

/* Add a reference to frame pa, in use (fork sharing a page); the caller
 * holds one already. */
void
frame_dup(void *pa)
{
  if (pa == zero_frame)
    return;
  struct frame *f = frame_of(pa, "frame_dup: not a user frame");

  if (__atomic_fetch_add(&f->ref, 1, __ATOMIC_RELAXED) == 0)
    panic("frame_dup: frame not in use");
}

/* The frame's reference count now (see the rule at the top). */
int
frame_refs(void *pa)
{
  return __atomic_load_n(&frame_of(pa, "frame_refs: not a user frame")->ref, __ATOMIC_ACQUIRE);
}

/* The last reference to frame f is gone: back to its bank, or retired
 * if it is poisoned.  Kept apart from frame_free, whose common case (not
 * the last reference) then needs no stack frame. */
static void __attribute__((noinline))
frame_release(struct frame *f)
{
  struct bank *bk = &banks[bank_of(f)];

  spin_lock(&bk->lock);
  if (f->state == FRAME_POISONED) {
    f->state = FRAME_RETIRED;
    bk->nretired++;
  } else if (f->state == FRAME_USED) {
    f->state = FRAME_FREE;
    f->next = bk->free;
    bk->free = f - frames;
    bk->nfree++;
  } else {
    panic("frame_free: frame not in use");
  }
  spin_unlock(&bk->lock);
}

/* Drop one reference; the last one releases the frame.  Returns whether
 * it did (the pair rule in upage.c frees a mirror frame with it). */
int
frame_free(void *pa)
{
  if (pa == zero_frame)
    return 0;
  struct frame *f = frame_of(pa, "frame_free: not a user frame");
  uint32 was = __atomic_fetch_sub(&f->ref, 1, __ATOMIC_ACQ_REL);

  if (was == 0)
    panic("frame_free: frame not in use");
  if (was == 1)
    frame_release(f);
  return was == 1;
}

uint64
frame_free_count(void)
{
  uint64 n = 0;

  for (int b = 0; b < NBANK; b++)
    n += banks[b].nfree;
  return n;
}

/* Mark frame pa poisoned (an injected uncorrectable error).  0, or -1
 * if it is not a user frame in use or is poisoned already. */
int
frame_poison(void *pa)
{
  if (!frame_is_user((uint64)pa))
    return -1;
  struct frame *f = frame_of(pa, "frame_poison");
  struct bank *bk = &banks[bank_of(f)];
  int r = -1;

  spin_lock(&bk->lock);
  if (f->state == FRAME_USED) {
    f->state = FRAME_POISONED;
    __atomic_fetch_add(&errors, 1, __ATOMIC_SEQ_CST);
    r = 0;
  }
  spin_unlock(&bk->lock);
  return r;
}

/* How many frames have been poisoned and banks failed since boot: a
 * space built out of sight of the injector (exec's new image) compares
 * it before and after to know whether it must look for poisoned frames
 * (us_replace). */
uint64
frame_errors(void)
{
  return __atomic_load_n(&errors, __ATOMIC_SEQ_CST);
}

/* Whether frame pa is poisoned (never the zero frame).  Read without the
 * bank lock, on every fault: a snapshot, like the free counts.  A frame
 * only goes from USED to POISONED while mapped, and the injector marks
 * every PTE of it afterwards under each space's lock, so a stale "no"
 * only delays the trap to the next access. */
int
frame_poisoned(void *pa)
{
  if (pa == zero_frame)
    return 0;
  struct frame *f = frame_of(pa, "frame_poisoned: not a user frame");

  return __atomic_load_n(&f->state, __ATOMIC_RELAXED) == FRAME_POISONED;
}

/* Declare bank b failed: its free frames are retired at once, its
 * frames in use are poisoned (each is retired with its last reference),
 * and it hands out nothing again.  0, or -1 for a bad bank, one failed
 * already, or when fewer than two banks would be left (a page's two
 * copies need two). */
int
frame_fail_bank(int b)
{
  int alive = 0;

  if (b < 0 || b >= NBANK)
    return -1;
  spin_lock(&fail_lock);
  for (int k = 0; k < NBANK; k++)
    alive += !banks[k].failed;
  struct bank *bk = &banks[b];
  if (bk->failed || alive <= 2) {
    spin_unlock(&fail_lock);
    return -1;
  }
  spin_lock(&bk->lock);
  bk->failed = 1;
  for (uint32 i = bk->free; i != FRAME_NONE; i = frames[i].next) {
    frames[i].state = FRAME_RETIRED;
    bk->nretired++;
  }
  bk->free = FRAME_NONE;
  bk->nfree = 0;
  for (uint32 i = b * frames_per_bank; i < (b + 1) * frames_per_bank; i++)
    if (frames[i].state == FRAME_USED)
      frames[i].state = FRAME_POISONED;
  __atomic_fetch_add(&errors, 1, __ATOMIC_SEQ_CST);
  spin_unlock(&bk->lock);
  spin_unlock(&fail_lock);
  return 0;
}

/* Frames retired after memory errors, in all banks. */
uint64
frame_retired_count(void)
{
  uint64 n = 0;

  for (int b = 0; b < NBANK; b++)
    n += banks[b].nretired;
  return n;
}

/* Free and retired frames of each bank now, into free[0 .. NBANK-1]
 * and retired[0 .. NBANK-1]. */
void
frame_bank_counts(uint64 *free, uint64 *retired)
{
  for (int b = 0; b < NBANK; b++) {
    free[b] = banks[b].nfree;
    retired[b] = banks[b].nretired;
  }
}

/* The bankhold test knob: n > 0 takes up to n free frames of bank b
 * onto its held list (state FRAME_HELD), n == 0 gives them all back.
 * Returns how many frames moved. */
int
frame_hold(int b, int n)
{
  struct bank *bk = &banks[b];
  int moved = 0;

  spin_lock(&bk->lock);
  if (n > 0) {
    for (; moved < n && bk->free != FRAME_NONE; moved++) {
      uint32 i = bk->free;
      bk->free = frames[i].next;
      bk->nfree--;
      frames[i].state = FRAME_HELD;
      frames[i].next = bk->held;
      bk->held = i;
    }
  } else {
    for (; bk->held != FRAME_NONE; moved++) {
      uint32 i = bk->held;
      bk->held = frames[i].next;
      if (bk->failed) {
        frames[i].state = FRAME_RETIRED;
        bk->nretired++;
        continue;
      }
      frames[i].state = FRAME_FREE;
      frames[i].next = bk->free;
      bk->free = i;
      bk->nfree++;
    }
  }
  spin_unlock(&bk->lock);
  return moved;
}
