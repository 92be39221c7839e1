/* System-call numbers.  1-21 are xv6-riscv's and must not change;
 * MemV6's own calls take numbers from 22 up. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#define SYS_fork      1
#define SYS_exit      2
#define SYS_wait      3
#define SYS_pipe      4
#define SYS_read      5
#define SYS_kill      6
#define SYS_exec      7
#define SYS_fstat     8
#define SYS_chdir     9
#define SYS_dup      10
#define SYS_getpid   11
#define SYS_sbrk     12
#define SYS_sleep    13
#define SYS_uptime   14
#define SYS_open     15
#define SYS_write    16
#define SYS_mknod    17
#define SYS_unlink   18
#define SYS_link     19
#define SYS_mkdir    20
#define SYS_close    21

/* MemV6 extensions */
#define SYS_poweroff 22  /* poweroff(status): stop the machine, QEMU exits with status */
#define SYS_bootargs 23  /* bootargs(buf, n): copy the boot command line (-append) */
#define SYS_memstat  24  /* memstat(struct memstat *): memory counters */
#define SYS_fscrash  25  /* fscrash(n): crash the machine after n more disk writes */
#define SYS_pagemap  26  /* pagemap(pid, va, buf, n): mapped pages and frames (kernel/pagemap.h) */
#define SYS_mdiff    27  /* mdiff(pid, vas, n): pages whose mirror copy differs */
#define SYS_bankhold 28  /* bankhold(bank, n): test knob, hold free frames of a bank */
#define SYS_faultinj 29  /* faultinj(pid, va, how): test knob, inject a memory error */
#define SYS_scrub    30  /* scrub(repair): find (and fix) pages differing from their mirror */
#define SYS_privdrop 31  /* privdrop(): give up the privilege to inspect others and use test knobs */
#define SYS_lseek    32  /* lseek(fd, off, whence): move a file's offset (SEEK_* in kernel/fcntl.h) */

#endif
