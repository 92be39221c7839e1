/* malloc and free on top of sbrk.
 *
 * Memory is handed out in blocks that begin with a 16-byte header giving
 * the block's size in units of 16 bytes (header included), so every
 * pointer returned is 16-byte aligned.  Free blocks form one list sorted
 * by address; a freed block is merged with the free neighbours directly
 * before and after it, so the list never holds two adjacent blocks.
 *
 * Allocation is next fit: the search starts where the last one ended
 * (after rover) and wraps around the list once, so that a program
 * allocating many blocks does not walk the whole list each time (first
 * fit made that quadratic).  A block larger than needed is split and the
 * request is carved from its bottom end, so that the rest lies at the top
 * of the heap and merges with the next chunk sbrk adds (carved from the
 * top, every chunk left a leftover on the list for good).  When nothing
 * fits, the heap grows by at least GROW_UNITS through sbrk and the new
 * space is freed into the list.
 *
 * rover is 0 (start at the head) or a block on the free list: every
 * change to the list ends by setting it to a block that stays there. */

#include "kernel/types.h"
#include "user/user.h"

#define UNIT        16
#define GROW_UNITS  4096          /* 64 KiB */
#define BLOCK_MAGIC 0x6d656d76    /* marks a block in use */

struct block {
  uint64 units;                   /* size, header included */
  union {
    struct block *next;           /* free: next free block by address */
    uint64 magic;                 /* in use: BLOCK_MAGIC */
  };
};

static struct block *freelist;   /* lowest free block, or 0 */
static struct block *rover;      /* searches start after it (0: at freelist) */

static struct block *
after(struct block *b)
{
  return b ? b->next : freelist;
}

void
free(void *p)
{
  struct block *b, *prev = 0, *cur;

  if (p == 0)
    return;
  b = (struct block *)p - 1;
  if (b->magic != BLOCK_MAGIC) {
    fprintf(2, "free: bad pointer %p\n", p);
    exit(1);
  }
  if (rover != 0 && rover < b)   /* frees near the last one start there */
    prev = rover;
  for (cur = after(prev); cur != 0 && cur < b; cur = cur->next)
    prev = cur;

  /* Link b between prev and cur, absorbing cur if it follows b. */
  b->next = cur;
  if (cur != 0 && b + b->units == cur) {
    b->units += cur->units;
    b->next = cur->next;
  }
  if (prev == 0) {
    freelist = b;
  } else if (prev + prev->units == b) {
    prev->units += b->units;
    prev->next = b->next;
  } else {
    prev->next = b;
  }
  rover = prev;
}

/* Add at least units of fresh heap to the free list.  0 when sbrk fails. */
static int
grow(uint64 units)
{
  struct block *b;
  uint64 misalign = (uint64)sbrk(0) % UNIT;   /* another sbrk user may have left it odd */

  if (units < GROW_UNITS)
    units = GROW_UNITS;
  if (units * UNIT > 0x7fffffff)
    return 0;
  if (misalign != 0 && sbrk(UNIT - misalign) == (char *)-1)
    return 0;
  b = (struct block *)sbrk(units * UNIT);
  if (b == (struct block *)-1)
    return 0;
  b->units = units;
  b->magic = BLOCK_MAGIC;
  free(b + 1);
  return 1;
}

/* Hand out need units of free block b (prev: the free block before it,
 * or 0): all of it, or its bottom end, the rest taking b's place. */
static void *
take(struct block *prev, struct block *b, uint64 need)
{
  struct block *rest = b->next;

  if (b->units > need) {
    rest = b + need;
    rest->units = b->units - need;
    rest->next = b->next;
    b->units = need;
  }
  if (prev)
    prev->next = rest;
  else
    freelist = rest;
  rover = prev;
  b->magic = BLOCK_MAGIC;
  return b + 1;
}

/* need is computed in 64 bits: nbytes near 2^32 must not wrap to a
 * tiny request.  Requests beyond what sbrk can give fail in grow. */
void *
malloc(uint nbytes)
{
  uint64 need = ((uint64)nbytes + UNIT - 1) / UNIT + 1;

  for (;;) {
    struct block *prev = rover, *b = after(rover), *start;
    if (b == 0)
      prev = 0, b = freelist;
    start = b;
    while (b != 0) {
      if (b->units >= need)
        return take(prev, b, need);
      prev = b, b = b->next;
      if (b == 0)
        prev = 0, b = freelist;
      if (b == start)
        break;
    }
    if (!grow(need))
      return 0;
  }
}
