/* Open files: the system-wide file table and read/write/stat dispatch to
 * pipes, devices and inodes.
 *
 * Lock rules: ftable.lock guards ref and kind of every slot; the rest of
 * a file is fixed once file_alloc's caller fills it in, except off, which
 * is only touched with the inode's sleeplock held. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/defs.h"
#include "kernel/fs/file.h"

struct devsw devsw[NDEV];

static struct {
  struct spinlock lock;
  struct file file[NFILE];
} ftable;

/* A write is split into transactions of at most WRITE_BLOCKS file
 * blocks.  Worst case, one transaction logs those blocks, three index
 * blocks (indirect, doubly indirect and up to two of its children, never
 * more than three in one run of at most NINDIRECT blocks), the bitmap
 * blocks of the blocks it allocates (the data blocks and at most two
 * index blocks) and the inode. */
#define WRITE_BLOCKS   10
#define WRITE_BITMAP   (WRITE_BLOCKS + 2 < BITMAP_BLOCKS ? WRITE_BLOCKS + 2 : BITMAP_BLOCKS)
_Static_assert(WRITE_BLOCKS <= NINDIRECT &&
               WRITE_BLOCKS + 3 + WRITE_BITMAP + 1 <= MAXOPBLOCKS,
               "a file write chunk may overflow a transaction");

void
file_init(void)
{
  spin_init(&ftable.lock, "ftable");
}

/* A free file slot with ref 1, or 0 if the table is full. */
struct file *
file_alloc(void)
{
  spin_lock(&ftable.lock);
  for(struct file *f = ftable.file; f < ftable.file + NFILE; f++)
    if(f->ref == 0) {
      f->ref = 1;
      f->kind = FD_NONE;
      spin_unlock(&ftable.lock);
      return f;
    }
  spin_unlock(&ftable.lock);
  return 0;
}

struct file *
file_dup(struct file *f)
{
  spin_lock(&ftable.lock);
  if(f->ref < 1)
    panic("file_dup: free file");
  f->ref++;
  spin_unlock(&ftable.lock);
  return f;
}

void
file_close(struct file *f)
{
  spin_lock(&ftable.lock);
  if(f->ref < 1)
    panic("file_close: free file");
  if(--f->ref > 0) {
    spin_unlock(&ftable.lock);
    return;
  }
  struct file gone = *f;
  f->kind = FD_NONE;
  spin_unlock(&ftable.lock);

  if(gone.kind == FD_PIPE)
    pipe_close(gone.pipe, gone.writable);
  else if(gone.kind == FD_INODE || gone.kind == FD_DEVICE) {
    log_begin();              /* the last reference may free the inode */
    inode_put(gone.ip);
    log_end();
  }
}

/* Copy f's status to user address addr.  0, or -1. */
int
file_stat(struct file *f, uint64 addr)
{
  struct stat st;

  if(f->kind != FD_INODE && f->kind != FD_DEVICE)
    return -1;
  inode_lock(f->ip);
  inode_stat(f->ip, &st);
  inode_unlock(f->ip);
  return either_copyout(1, addr, &st, sizeof st) == 0 ? 0 : -1;
}

static struct devsw *
file_dev(struct file *f)
{
  if(f->major < 0 || f->major >= NDEV)
    return 0;
  return &devsw[f->major];
}

/* Read up to n bytes into user address addr: bytes read, or -1. */
int
file_read(struct file *f, uint64 addr, int n)
{
  struct devsw *d;
  int r;

  if(!f->readable || n < 0)
    return -1;
  switch(f->kind) {
  case FD_PIPE:
    return pipe_read(f->pipe, addr, n);
  case FD_DEVICE:
    if((d = file_dev(f)) == 0 || d->read == 0)
      return -1;
    return d->read(1, addr, n);
  case FD_INODE:
    inode_lock(f->ip);
    if((r = inode_read(f->ip, 1, addr, f->off, n)) > 0)
      f->off += r;
    inode_unlock(f->ip);
    return r;
  default:
    panic("file_read: bad kind");
  }
}

/* Move f's offset to off bytes from the start (SEEK_SET), the current
 * offset (SEEK_CUR) or the end (SEEK_END) and return the new offset.
 * -1, the offset unchanged, for a pipe or device (they have none), a bad
 * whence, or a result below 0 or beyond the end: MemV6 files have no
 * holes, so no write could start past the end.  base and the size are
 * below 2^32, so the comparisons cannot overflow whatever off is. */
long
file_seek(struct file *f, long off, int whence)
{
  long base, r = -1;

  if(f->kind != FD_INODE)
    return -1;
  inode_lock(f->ip);
  base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (long)f->off :
         whence == SEEK_END ? (long)f->ip->size : -1;
  if(base >= 0 && off >= -base && off <= (long)f->ip->size - base)
    f->off = r = base + off;
  inode_unlock(f->ip);
  return r;
}

/* Write n bytes from user address addr.  n; fewer when the disk fills
 * up; -1 when nothing fit or addr is bad (bytes before a bad address
 * stay written). */
int
file_write(struct file *f, uint64 addr, int n)
{
  struct devsw *d;

  if(!f->writable || n < 0)
    return -1;
  switch(f->kind) {
  case FD_PIPE:
    return pipe_write(f->pipe, addr, n);
  case FD_DEVICE:
    if((d = file_dev(f)) == 0 || d->write == 0)
      return -1;
    return d->write(1, addr, n);
  case FD_INODE:
    for(int done = 0; done < n; ) {
      log_begin();
      inode_lock(f->ip);
      /* End each chunk at a block boundary so that it spans at most
       * WRITE_BLOCKS blocks (f->off is stable under the inode lock). */
      int m = WRITE_BLOCKS * BSIZE - f->off % BSIZE;
      if(m > n - done)
        m = n - done;
      int r = inode_write(f->ip, 1, addr + done, f->off, m);
      if(r > 0)
        f->off += r;
      inode_unlock(f->ip);
      log_end();
      if(r < 0)
        return -1;            /* bad address */
      done += r;
      if(r < m)               /* disk full: a short count, if any fit */
        return done > 0 ? done : -1;
    }
    return n;
  default:
    panic("file_write: bad kind");
  }
}
