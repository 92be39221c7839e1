/* Open files, in-memory inodes and the device switch.
 *
 * struct file: ref and the slot itself are protected by the file table's
 *   spinlock (file.c); off by the inode's sleeplock (reads and writes of an
 *   inode file hold it while they use and advance off).
 * struct inode: ref, dev and inum are protected by the inode cache's
 *   spinlock (fs.c); valid and everything copied from the dinode by
 *   ip->lock.  A positive ref keeps the cache slot bound to (dev, inum);
 *   nlink == 0 with ref dropping to 0 frees the inode on disk. */
#ifndef KERNEL_FS_FILE_H
#define KERNEL_FS_FILE_H

#include "kernel/fs.h"
#include "kernel/core/lock.h"

enum file_kind { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE };

struct file {
  enum file_kind kind;
  int ref;
  char readable;
  char writable;
  struct pipe *pipe;    /* FD_PIPE */
  struct inode *ip;     /* FD_INODE and FD_DEVICE */
  uint off;             /* FD_INODE */
  short major;          /* FD_DEVICE */
};

struct inode {
  uint dev;
  uint inum;
  int ref;
  struct sleeplock lock;
  int valid;            /* fields below were read from disk */
  short type;
  short major;
  short minor;
  short nlink;
  uint size;
  uint addrs[NADDR];
};

/* Device switch: read/write of a T_DEVICE file go to devsw[major].
 * user_dst/user_src say whether the address is a user one (either_copy*). */
struct devsw {
  int (*read)(int user_dst, uint64 dst, int n);
  int (*write)(int user_src, uint64 src, int n);
};

extern struct devsw devsw[NDEV];

#define CONSOLE 1

/* Bitmap blocks of the largest file system (FSSIZE blocks): freeing a
 * file's blocks changes at most these, whatever its size. */
#define BITMAP_BLOCKS  (FSSIZE / BPB + 1)

#endif
