/* File status as fstat() reports it (xv6 layout). */
#ifndef KERNEL_STAT_H
#define KERNEL_STAT_H

#define T_DIR     1   /* directory */
#define T_FILE    2   /* regular file */
#define T_DEVICE  3   /* device special file */

struct stat {
  int dev;      /* file system's disk device */
  uint ino;     /* inode number */
  short type;   /* T_DIR, T_FILE or T_DEVICE */
  short nlink;  /* links to the file */
  uint64 size;  /* size in bytes */
};

#endif
