/* malloc and free on top of sbrk.
 *
 * Memory is handed out in blocks that begin with a 16-byte header giving
 * the block's size in units of 16 bytes (header included), so every
 * pointer returned is 16-byte aligned.  Free blocks form one list sorted
 * by address; a freed block is merged with the free neighbours directly
 * before and after it, so the list never holds two adjacent blocks.
 *
 * Allocation is first fit.  A block larger than needed is split and the
 * request is carved from its top end, which leaves the free part in
 * place in the list.  When nothing fits, the heap grows by at least
 * GROW_UNITS through sbrk and the new space is freed into the list. */

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
  for (cur = freelist; cur != 0 && cur < b; cur = cur->next)
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

/* need is computed in 64 bits: nbytes near 2^32 must not wrap to a
 * tiny request.  Requests beyond what sbrk can give fail in grow. */
void *
malloc(uint nbytes)
{
  uint64 need = ((uint64)nbytes + UNIT - 1) / UNIT + 1;
  struct block *b, *prev;

  for (;;) {
    prev = 0;
    for (b = freelist; b != 0; prev = b, b = b->next) {
      if (b->units < need)
        continue;
      if (b->units == need) {
        if (prev)
          prev->next = b->next;
        else
          freelist = b->next;
      } else {
        b->units -= need;
        b += b->units;
        b->units = need;
      }
      b->magic = BLOCK_MAGIC;
      return b + 1;
    }
    if (!grow(need))
      return 0;
  }
}
