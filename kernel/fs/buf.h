/* A buffer-cache entry: one disk block in memory.
 *
 * Lock rules (bio.c):
 *   bcache.lock (a spinlock) protects dev, blockno, refcnt and the LRU
 *     links of every buffer;
 *   b->lock (a sleeplock) protects valid and data; the holder of b->lock
 *     owns the block's contents and is the only one that may start I/O. */
#ifndef KERNEL_FS_BUF_H
#define KERNEL_FS_BUF_H

#include "kernel/fs.h"
#include "kernel/core/lock.h"

struct buf {
  uint dev;
  uint blockno;
  int refcnt;              /* holders plus log pins; 0 = may be recycled */
  int valid;               /* data holds the disk's contents */
  struct sleeplock lock;
  struct buf *prev, *next; /* LRU list, most recently released first */
  uchar data[BSIZE];
};

#endif
