/* Buffer cache: NBUF blocks in memory, recycled least recently used first.
 *
 * A block has at most one buffer, so every user of a block sees the same
 * bytes, and b->lock serializes them.  buf_read returns the buffer
 * locked; the caller changes data, hands it to log_write (never straight
 * to buf_write, except the log itself), and buf_release's it.
 *
 * Lock rules: bcache.lock guards the identity (dev, blockno), refcnt and
 * the LRU links of all buffers; it is a spinlock and is never held while
 * sleeping on b->lock or doing I/O.  A buffer with refcnt > 0 keeps its
 * identity; the log pins the buffers it will write (buf_pin) so they stay
 * in memory until installed.  When every buffer is in use, buf_read
 * sleeps until one is released: NBUF (param.h) is larger than the log, so
 * pinned buffers alone can never use up the cache. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"
#include "kernel/fs/buf.h"

static struct {
  struct spinlock lock;
  struct buf buf[NBUF];
  struct buf lru;       /* list head: lru.next most recently released */
  int waiting;          /* someone sleeps in buf_get for a free buffer */
} bcache;

static void
lru_unlink(struct buf *b)
{
  b->prev->next = b->next;
  b->next->prev = b->prev;
}

static void
lru_push_front(struct buf *b)
{
  b->next = bcache.lru.next;
  b->prev = &bcache.lru;
  bcache.lru.next->prev = b;
  bcache.lru.next = b;
}

void
bcache_init(void)
{
  spin_init(&bcache.lock, "bcache");
  bcache.lru.next = bcache.lru.prev = &bcache.lru;
  for(struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
    sleeplock_init(&b->lock, "buffer");
    lru_push_front(b);
  }
}

/* The buffer for (dev, blockno), locked, with a reference taken.  Its
 * data is valid only if b->valid. */
static struct buf *
buf_get(uint dev, uint blockno)
{
  struct buf *b;

  spin_lock(&bcache.lock);
  for(;;) {
    for(b = bcache.lru.next; b != &bcache.lru; b = b->next)
      if(b->dev == dev && b->blockno == blockno)
        goto found;
    /* Not cached: recycle the least recently used free buffer. */
    for(b = bcache.lru.prev; b != &bcache.lru; b = b->prev)
      if(b->refcnt == 0) {
        b->dev = dev;
        b->blockno = blockno;
        b->valid = 0;
        goto found;
      }
    bcache.waiting = 1;
    sleep_on(&bcache, &bcache.lock);
  }
found:
  b->refcnt++;
  spin_unlock(&bcache.lock);
  sleeplock_acquire(&b->lock);
  return b;
}

struct buf *
buf_read(uint dev, uint blockno)
{
  struct buf *b = buf_get(dev, blockno);
  if(!b->valid) {
    virtio_blk_rw(b, 0);
    b->valid = 1;
  }
  return b;
}

/* The buffer for (dev, blockno), locked, without reading the disk: the
 * caller overwrites all of data before releasing it (log blocks, new
 * blocks being zeroed). */
struct buf *
buf_claim(uint dev, uint blockno)
{
  struct buf *b = buf_get(dev, blockno);
  b->valid = 1;
  return b;
}

/* Write b's data to disk now.  Only the log calls this. */
void
buf_write(struct buf *b)
{
  if(!sleeplock_holding(&b->lock))
    panic("buf_write: buffer not locked");
  virtio_blk_rw(b, 1);
}

/* Drop a reference taken with buf_read after unlocking b. */
static void
buf_deref(struct buf *b)
{
  spin_lock(&bcache.lock);
  if(--b->refcnt == 0) {
    lru_unlink(b);
    lru_push_front(b);
    if(bcache.waiting) {
      bcache.waiting = 0;
      wakeup(&bcache);
    }
  }
  spin_unlock(&bcache.lock);
}

void
buf_release(struct buf *b)
{
  if(!sleeplock_holding(&b->lock))
    panic("buf_release: buffer not locked");
  sleeplock_release(&b->lock);
  buf_deref(b);
}

/* Keep b in the cache without holding its lock (the log's pin). */
void
buf_pin(struct buf *b)
{
  spin_lock(&bcache.lock);
  b->refcnt++;
  spin_unlock(&bcache.lock);
}

void
buf_unpin(struct buf *b)
{
  buf_deref(b);
}
