/* User frames: the physical pages from USERMEM_BASE to PHYSTOP, split into
 * NBANK equal banks, described by a frame table with one entry per frame.
 *
 * Each bank keeps its free frames on a list linked through the frame
 * table (never through the frames themselves, so a free frame's contents
 * are never trusted).  Lock rule: a frame's entry (next, ref, state) is
 * protected by its bank's lock; a frame in use belongs to whoever holds
 * the reference. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"
#include "kernel/mm/vm.h"

#define FRAMES_PER_BANK (FRAME_COUNT / NBANK)
#define FRAME_NONE      0xffffffffu

enum frame_state { FRAME_FREE, FRAME_USED };

struct frame {
  uint32 next;      /* next free frame of the bank, or FRAME_NONE */
  uint16 ref;       /* references: 0 free, 1 mapped once */
  uint8 bank;
  uint8 state;      /* enum frame_state */
};

struct bank {
  struct spinlock lock;
  uint32 free;      /* first free frame, or FRAME_NONE */
  uint64 nfree;
};

static struct frame frames[FRAME_COUNT];
static struct bank banks[NBANK];

static uint64
frame_pa(uint32 i)
{
  return USERMEM_BASE + (uint64)i * PGSIZE;
}

void
frame_init(void)
{
  for (int b = 0; b < NBANK; b++) {
    spin_init(&banks[b].lock, "bank");
    banks[b].free = FRAME_NONE;
  }
  /* Push in reverse so each bank hands out its frames in address order. */
  for (uint32 i = FRAME_COUNT; i-- > 0; ) {
    struct bank *bk = &banks[i / FRAMES_PER_BANK];
    frames[i].bank = i / FRAMES_PER_BANK;
    frames[i].state = FRAME_FREE;
    frames[i].ref = 0;
    frames[i].next = bk->free;
    bk->free = i;
    bk->nfree++;
  }
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

/* The bank with the most free frames is tried first (the counts are
 * read without locks: only a hint), then the others in turn. */
void *
frame_alloc(void)
{
  int best = 0;

  for (int b = 1; b < NBANK; b++)
    if (banks[b].nfree > banks[best].nfree)
      best = b;
  for (int k = 0; k < NBANK; k++) {
    uint32 i = bank_take((best + k) % NBANK);
    if (i != FRAME_NONE) {
      void *pa = (void *)frame_pa(i);
      memset(pa, 0, PGSIZE);
      return pa;
    }
  }
  return 0;
}

void
frame_free(void *pa)
{
  uint64 a = (uint64)pa;

  if (a % PGSIZE || a < USERMEM_BASE || a >= PHYSTOP)
    panic("frame_free: not a user frame");
  uint32 i = (a - USERMEM_BASE) / PGSIZE;
  struct bank *bk = &banks[frames[i].bank];
  spin_lock(&bk->lock);
  if (frames[i].state != FRAME_USED || frames[i].ref != 1)
    panic("frame_free: frame not in use once");
  frames[i].ref = 0;
  frames[i].state = FRAME_FREE;
  frames[i].next = bk->free;
  bk->free = i;
  bk->nfree++;
  spin_unlock(&bk->lock);
}

uint64
frame_free_count(void)
{
  uint64 n = 0;

  for (int b = 0; b < NBANK; b++)
    n += banks[b].nfree;
  return n;
}
