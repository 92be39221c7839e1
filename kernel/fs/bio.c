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
 * pinned buffers alone can never use up the cache.
 *
 * Memory errors: buffer n's block is the owned page KBUF(n) (mm/kro.c).
 * Holding b->lock is using it: buf_get counts the holder in (the page
 * made again from its snapshot first if it was lost), buf_release
 * copies a changed block into the snapshot and counts the holder out.
 * A block changes only where b->changed is set: read from the disk,
 * claimed to be overwritten, or handed to log_write (every change of a
 * block's bytes is, as the log requires).  So a block lost while
 * unlocked -- clean or dirty (logged, not yet installed) alike -- comes
 * back as it was; the injector (buf_lose) loses it holding b->lock
 * itself. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
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
    b->data = (uchar *)KBUF(b - bcache.buf);
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
  kro_own_use(b - bcache.buf, KRO_BUF);
  return b;
}

struct buf *
buf_read(uint dev, uint blockno)
{
  struct buf *b = buf_get(dev, blockno);
  if(!b->valid) {
    virtio_blk_rw(b, 0);
    b->valid = b->changed = 1;
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
  b->valid = b->changed = 1;
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
  kro_own_done(b - bcache.buf, KRO_BUF, 0, b->valid && b->changed ? BSIZE : 0);
  b->changed = 0;
  sleeplock_release(&b->lock);
  buf_deref(b);
}

/* The frame that holds b's block now, for the disk's DMA; b->lock held
 * (the frame moves only when the block is made again, at a lock). */
uint64
buf_frame(struct buf *b)
{
  return kro_own_frame(b - bcache.buf, KRO_BUF);
}

/* Buffer n, or with n == NBUF the one that holds a block of the open
 * transaction (if any), with a reference taken (it keeps its identity)
 * and its lock held -- by the injector or the patrol, which do not use
 * the page themselves. */
static struct buf *
buf_hold(uint64 n)
{
  int dirty = n == NBUF ? log_some_block(ROOTDEV) : -1;
  struct buf *b = n < NBUF ? &bcache.buf[n] : 0;

  spin_lock(&bcache.lock);
  for(struct buf *c = bcache.buf; dirty >= 0 && c < bcache.buf + NBUF; c++)
    if(c->refcnt > 0 && c->dev == ROOTDEV && c->blockno == dirty)
      b = c;
  if(b)
    b->refcnt++;
  spin_unlock(&bcache.lock);
  if(b)
    sleeplock_acquire(&b->lock);
  return b;
}

static void
buf_unhold(struct buf *b)
{
  sleeplock_release(&b->lock);
  buf_deref(b);
}

/* scrub's patrol: every buffer's block is used once, so that one lost
 * while nobody held it comes back now, not at its next holder. */
void
buf_patrol(void)
{
  for(int n = 0; n < NBUF; n++) {
    struct buf *b = buf_hold(n);
    kro_own_use(n, KRO_BUF);
    kro_own_done(n, KRO_BUF, 0, 0);
    buf_unhold(b);
  }
}

/* faultinj FI_KERNEL|FI_BUF: lose buffer n's block (n == NBUF: one
 * that the open transaction changed) while nobody holds it -- waiting
 * for its lock, which the injector holds meanwhile without using the
 * page -- and destroy its bytes; the next holder finds it made again
 * from its snapshot.  1 if the block was dirty (logged, not yet
 * installed), 0 if clean, -1 if there is no such buffer or the block is
 * lost already. */
int
buf_lose(uint64 n)
{
  struct buf *b = buf_hold(n);
  uint64 lost;
  int dirty;

  if(b == 0)
    return -1;
  dirty = b->valid && log_holds(b->dev, b->blockno);
  if((lost = kro_own_lose(b - bcache.buf, KRO_BUF)) != 0)
    kro_own_wipe(lost);
  buf_unhold(b);
  return lost ? dirty : -1;
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
