/* A buffer-cache entry: one disk block in memory.
 *
 * Lock rules (bio.c):
 *   bcache.lock (a spinlock) protects dev, blockno, refcnt and the LRU
 *     links of every buffer;
 *   b->lock (a sleeplock) protects valid and data; the holder of b->lock
 *     owns the block's contents and is the only one that may start I/O.
 * data is an owned page of the kernel (KBUF(n), mm/kro.c): its holder
 * uses it, and a snapshot taken as the lock is let go -- if data
 * changed: read from the disk, claimed, or logged -- brings it back
 * after a memory error. */
#ifndef KERNEL_FS_BUF_H
#define KERNEL_FS_BUF_H

#include "kernel/fs.h"
#include "kernel/core/lock.h"

struct buf {
  uint dev;
  uint blockno;
  int refcnt;              /* holders plus log pins; 0 = may be recycled */
  int valid;               /* data holds the disk's contents */
  int changed;             /* data changed since its snapshot (b->lock) */
  struct sleeplock lock;
  struct buf *prev, *next; /* LRU list, most recently released first */
  uchar *data;             /* BSIZE bytes at KBUF(n), a page of their own */
};

#endif
