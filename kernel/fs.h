/* On-disk format of the MemV6 file system.  Shared by the kernel, the
 * host tools (mkfs, fsck) and user programs, which use the xv6 names
 * (BSIZE, DIRSIZ, struct dirent, ...).  docs/fs.md draws the layout.
 *
 * Disk blocks, BSIZE bytes each:
 *   [ 0: unused | 1: superblock | log header, log blocks | inodes |
 *     free-block bitmap | data blocks ]
 * All multi-byte fields are little-endian (the host tools run on x86-64
 * or RISC-V hosts, both little-endian). */
#ifndef KERNEL_FS_H
#define KERNEL_FS_H

#include "kernel/param.h"

#define BSIZE    1024      /* block size in bytes */
#define ROOTINO  1         /* inode number of "/" */
#define FSMAGIC  0x4d563646 /* "F6VM" read as little-endian bytes */

struct superblock {
  uint magic;       /* FSMAGIC */
  uint size;        /* blocks in the image */
  uint nblocks;     /* data blocks */
  uint ninodes;     /* inodes, numbered 0..ninodes-1 (0 is never used) */
  uint nlog;        /* log blocks, header included */
  uint logstart;    /* first log block (the header) */
  uint inodestart;  /* first inode block */
  uint bmapstart;   /* first bitmap block */
};

/* Block addresses in an inode: NDIRECT direct ones, then one singly and
 * one doubly indirect block.  An indirect block holds NINDIRECT addresses;
 * address 0 means "no block yet" (block 0 is never a data block). */
#define NDIRECT    11
#define NINDIRECT  (BSIZE / sizeof(uint))
#define NDINDIRECT (NINDIRECT * NINDIRECT)
#define MAXFILE    (NDIRECT + NINDIRECT + NDINDIRECT)   /* in blocks */
#define ADDR_IND   NDIRECT        /* addrs[] index of the indirect block */
#define ADDR_DIND  (NDIRECT + 1)  /* addrs[] index of the doubly indirect one */
#define NADDR      (NDIRECT + 2)

/* An inode on disk: 64 bytes.  type 0 marks a free inode. */
struct dinode {
  short type;           /* T_DIR, T_FILE, T_DEVICE (kernel/stat.h) or 0 */
  short major;          /* device numbers (T_DEVICE only) */
  short minor;
  short nlink;          /* directory entries naming this inode, <= MAXLINK */
  uint size;            /* bytes */
  uint addrs[NADDR];
};

#define MAXLINK 32767   /* most links to one inode: nlink is a short */

#define IPB           (BSIZE / sizeof(struct dinode))   /* inodes per block */
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart)     /* block holding inode i */
#define BPB           (BSIZE * 8)                       /* bitmap bits per block */
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart)      /* bitmap block of block b */

/* A directory is a file of these; inum 0 marks a free slot. */
#define DIRSIZ 14
struct dirent {
  ushort inum;
  char name[DIRSIZ];    /* NUL-padded; not terminated when DIRSIZ long */
};

/* The log header, in the first log block.  n != 0 means a committed
 * transaction: block[i] of the file system is in log block logstart+1+i. */
struct logheader {
  int n;
  int block[LOGSIZE];
};

#endif
