/* Write-ahead log: makes each file-system operation atomic on disk.
 *
 * An operation brackets its changes with log_begin/log_end and reports
 * each changed buffer with log_write instead of writing it.  The buffer
 * stays pinned in the cache; nothing reaches its home on disk until the
 * transaction commits.  Concurrent operations join one transaction
 * (group commit); the last log_end to leave commits it:
 *
 *   1. write every logged block into the log area (log blocks 1..n);
 *   2. write the header with n != 0       <- the commit point;
 *   3. write every block to its home location (install);
 *   4. write the header with n == 0.
 *
 * log_init replays a committed transaction found at boot (steps 3-4).
 * A crash before step 2 completes leaves the old file system (no home
 * block was touched); a crash after it leaves a header that names
 * complete copies, and installing them again is harmless.  The header
 * fits in one sector, so its write is atomic.
 *
 * Lock rules: wal.lock guards outstanding, committing and the in-memory
 * header.  log_begin reserves MAXOPBLOCKS log slots for its operation and
 * waits while a commit runs or the log could overflow; the commit itself
 * runs without wal.lock, with committing set, when no operation is open. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"
#include "kernel/fs/buf.h"

_Static_assert(sizeof(struct logheader) <= 512, "log header must fit in one disk sector");

static struct {
  struct spinlock lock;
  int dev;
  int start;            /* block number of the header */
  int outstanding;      /* operations between log_begin and log_end */
  int committing;
  struct logheader lh;  /* blocks of the open transaction */
} wal;

/* Write the in-memory header to disk; with lh.n != 0 this commits. */
static void
log_write_header(void)
{
  struct buf *b = buf_claim(wal.dev, wal.start);
  memset(b->data, 0, BSIZE);
  memmove(b->data, &wal.lh, sizeof wal.lh);
  buf_write(b);
  buf_release(b);
}

/* Recovery: copy each log block to its home location. */
static void
log_replay(void)
{
  for(int i = 0; i < wal.lh.n; i++) {
    struct buf *from = buf_read(wal.dev, wal.start + 1 + i);
    struct buf *to = buf_claim(wal.dev, wal.lh.block[i]);
    memmove(to->data, from->data, BSIZE);
    buf_write(to);
    buf_release(to);
    buf_release(from);
  }
}

void
log_init(int dev, struct superblock *sb)
{
  spin_init(&wal.lock, "log");
  if(sb->nlog < LOGSIZE + 1)
    panic("log_init: log area smaller than LOGSIZE");
  wal.dev = dev;
  wal.start = sb->logstart;

  /* Recovery: replay a committed transaction, then empty the log. */
  struct buf *b = buf_read(dev, wal.start);
  memmove(&wal.lh, b->data, sizeof wal.lh);
  buf_release(b);
  if(wal.lh.n < 0 || wal.lh.n > LOGSIZE)
    panic("log_init: corrupt log header");
  for(int i = 0; i < wal.lh.n; i++)
    if(wal.lh.block[i] < (int)sb->logstart + (int)sb->nlog ||
       wal.lh.block[i] >= (int)sb->size)
      panic("log_init: log names a block outside the file system");
  if(wal.lh.n > 0) {
    log_replay();
    wal.lh.n = 0;
    log_write_header();
  }
}

/* Steps 1-4 above.  The logged blocks are pinned, so locking them reads
 * nothing; with their locks held, the blocks go to the log area and then
 * home straight from the cache, each step's writes in flight together. */
static void
log_commit(void)
{
  static struct buf *b[LOGSIZE];   /* one commit at a time (committing) */
  int n = wal.lh.n;

  if(n == 0)
    return;
  for(int i = 0; i < n; i++)
    b[i] = buf_read(wal.dev, wal.lh.block[i]);
  virtio_blk_write(b, wal.start + 1, n);  /* 1: the log copies */
  log_write_header();                     /* 2: commit point */
  virtio_blk_write(b, 0, n);              /* 3: install */
  for(int i = 0; i < n; i++) {
    buf_unpin(b[i]);
    buf_release(b[i]);
  }
  wal.lh.n = 0;
  log_write_header();                     /* 4: the transaction is done */
}

/* Open a file-system operation: it may log_write at most MAXOPBLOCKS
 * distinct blocks before log_end. */
void
log_begin(void)
{
  spin_lock(&wal.lock);
  while(wal.committing ||
        wal.lh.n + (wal.outstanding + 1) * MAXOPBLOCKS > LOGSIZE)
    sleep_on(&wal, &wal.lock);
  wal.outstanding++;
  spin_unlock(&wal.lock);
}

/* Close an operation; the last one out commits the transaction. */
void
log_end(void)
{
  int commit = 0;

  spin_lock(&wal.lock);
  if(wal.outstanding <= 0 || wal.committing)
    panic("log_end: no operation open");
  wal.outstanding--;
  if(wal.outstanding == 0) {
    commit = 1;
    wal.committing = 1;
  } else {
    /* This operation may have used fewer slots than it reserved. */
    wakeup(&wal);
  }
  spin_unlock(&wal.lock);

  if(commit) {
    log_commit();
    spin_lock(&wal.lock);
    wal.committing = 0;
    wakeup(&wal);
    spin_unlock(&wal.lock);
  }
}

/* Whether block blockno of dev is in the open transaction: changed, and
 * not yet installed at home (the injector's "dirty"). */
int
log_holds(uint dev, uint blockno)
{
  int held = 0;

  spin_lock(&wal.lock);
  for(int i = 0; i < wal.lh.n && dev == (uint)wal.dev; i++)
    held |= wal.lh.block[i] == (int)blockno;
  spin_unlock(&wal.lock);
  return held;
}

/* A block of dev that the open transaction changed, or -1: each call
 * the next of them, round the list. */
int
log_some_block(uint dev)
{
  static uint next;

  spin_lock(&wal.lock);
  int blockno = wal.lh.n > 0 && dev == (uint)wal.dev ? wal.lh.block[next++ % wal.lh.n] : -1;
  spin_unlock(&wal.lock);
  return blockno;
}

/* Record that b (locked by the caller) changed in this transaction.
 * Logging the same block twice takes one slot (absorption). */
void
log_write(struct buf *b)
{
  b->changed = 1;           /* to its snapshot at buf_release (bio.c) */
  spin_lock(&wal.lock);
  if(wal.outstanding < 1)
    panic("log_write: outside an operation");
  int i;
  for(i = 0; i < wal.lh.n; i++)
    if(wal.lh.block[i] == (int)b->blockno)
      break;
  if(i == wal.lh.n) {
    if(wal.lh.n >= LOGSIZE)
      panic("log_write: transaction too big");
    wal.lh.block[wal.lh.n++] = b->blockno;
    buf_pin(b);
  }
  spin_unlock(&wal.lock);
}
