/* Compile-time limits of the kernel.  User programs see them too. */
#ifndef KERNEL_PARAM_H
#define KERNEL_PARAM_H

#define NPROC        64    /* process table slots */
#define NCPU          8    /* most harts the kernel will run on */
#define BOOT_STACK    4096 /* bytes of each hart's boot (and scheduler) stack */
#define NOFILE       16    /* open files per process */
#define NFILE       100    /* open files, system-wide */
#define NPIPE     NFILE    /* pipes: each holds at least one open file */
#define NINODE       50    /* in-memory inode cache entries */
#define NDEV         10    /* major device numbers */
#define ROOTDEV       1    /* device number of the root file system */
#define MAXARG       32    /* most exec arguments */
#define MAXOPBLOCKS  24    /* most blocks one file-system operation writes */
#define LOGSIZE     120    /* blocks in the on-disk log: 5 operations at once */
#define NBUF         (LOGSIZE+20)     /* buffer-cache entries: more than the log pins */
#define NPAIRPAGE   128    /* pages for pair tables, of every program running or cached */
#define FSSIZE    81900    /* blocks: room for a MAXFILE file beside the programs; at most 81919 (10 bitmap blocks: file.c WRITE_BITMAP) */
#define MAXPATH     128    /* longest path name, with its NUL */
#define USERSTACK    64    /* user stack pages (256 KiB, filled on first touch), a guard page below */

#endif
