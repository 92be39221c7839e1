/* Physical and virtual memory layout of MemV6 on QEMU virt (Sv39).
 *
 * Physical memory (RAM at 0x80000000, as much as QEMU's -m gives, 64 MiB
 * to 2 GiB; the kernel reads the size from the device tree into ram_top):
 *   0x00100000  VIRT_TEST   QEMU "sifive_test" finisher: power off / exit code
 *   0x02000000  CLINT       core-local interruptor (mtime)
 *   0x02f00000  ACLINT_SSWI supervisor software interrupts (IPIs)
 *   0x0c000000  PLIC        platform interrupt controller
 *   0x10000000  UART0       16550 console
 *   0x10001000  VIRTIO0     virtio-mmio block device
 *   0x80000000  KERNBASE    kernel image (loaded here by QEMU -kernel)
 *   end .. KPOOL_END        kernel pool: page tables, kernel stacks, pipes
 *   USERMEM_BASE .. ram_top the frame table, then user frames, split into
 *                           NBANK equal banks (mm/frame.c)
 *
 * The kernel maps all of RAM and the devices at their physical address.
 *
 * User virtual memory of a process, from 0 up:
 *   text, data, guard page, stack (USERSTACK pages), heap ... up to the
 *   process limit;  mirror of va at va + MIRROR_OFFSET (mirrored processes);
 *   TRAPFRAME, TRAMPOLINE in the two top pages below MAXVA.
 */
#ifndef KERNEL_MEMLAYOUT_H
#define KERNEL_MEMLAYOUT_H

#define VIRT_TEST     0x00100000L
#define CLINT         0x02000000L
#define ACLINT_SSWI   0x02f00000L   /* -machine virt,aclint=on: supervisor IPIs */
#define SSWI_SETSSIP(h) (ACLINT_SSWI + 4 * (h))  /* write 1: SSIP on hart h */
#define UART0         0x10000000L
#define UART0_IRQ     10
#define VIRTIO0       0x10001000L
#define VIRTIO0_IRQ   1

/* CLINT registers (xv6 names; MemV6 uses Sstc and maps no CLINT) */
#define CLINT_MSIP(h)     (CLINT + 4*(h))      /* machine software interrupt: kdata.c's stops */
#define CLINT_MTIMECMP(h) (CLINT + 0x4000 + 8*(h))
#define CLINT_MTIME       (CLINT + 0xBFF8)

#define PLIC              0x0c000000L
#define PLIC_PRIORITY     (PLIC + 0x0)
#define PLIC_PENDING      (PLIC + 0x1000)
#define PLIC_MENABLE(h)   (PLIC + 0x2000 + (h)*0x100)
#define PLIC_SENABLE(h)   (PLIC + 0x2080 + (h)*0x100)
#define PLIC_MPRIORITY(h) (PLIC + 0x200000 + (h)*0x2000)
#define PLIC_SPRIORITY(h) (PLIC + 0x201000 + (h)*0x2000)
#define PLIC_MCLAIM(h)    (PLIC + 0x200004 + (h)*0x2000)
#define PLIC_SCLAIM(h)    (PLIC + 0x201004 + (h)*0x2000)

#define KERNBASE      0x80000000L
#define RAM_MIN       (64L*1024*1024)             /* the least RAM MemV6 boots on */
#define PHYSTOP       (KERNBASE + 2048L*1024*1024) /* RAM beyond is left unused */
#define KPOOL_END     (KERNBASE + 16*1024*1024)   /* kernel region ends */
#define USERMEM_BASE  KPOOL_END                   /* user frames start */
#define NBANK         8           /* three may fail in a row */

/* Top of every address space: the trampoline page (trap entry/exit code,
 * mapped in kernel and user page tables alike), below it the process's
 * trapframe (user page tables only) or the kernel stacks (kernel table). */
#define TRAMPOLINE    (MAXVA - PGSIZE)
#define TRAPFRAME     (TRAMPOLINE - PGSIZE)
/* Kernel stack of process slot p, each with an unmapped guard page below;
 * below them the slots' trapframes, one page each (in the kernel table:
 * a user table maps a process's own at TRAPFRAME); then each pipe's
 * ring and each buffer-cache entry's block, a page each, and the pages
 * pair tables are taken from (mm/pairs.c).  All are owned pages
 * (mm/kown.c), made at boot for good. */
#define KSTACK(p)     (TRAMPOLINE - ((p)+1) * 2*PGSIZE)
#define KTRAPFRAME(p) (KSTACK(NPROC) - (p) * PGSIZE)
#define KPIPE(i)      (KTRAPFRAME(NPROC) - (i) * PGSIZE)
#define KBUF(i)       (KPIPE(NPIPE) - (i) * PGSIZE)
#define KPAIRS(i)     (KBUF(NBUF) - (i) * PGSIZE)

/* Mirrored memory: the mirror copy of user address va is va+MIRROR_OFFSET:
 * 2^37 and a skew of MIRROR_SKEW pages, 0b101010101: odd, so that a page
 * and its mirror never fall in the same slot of a direct-mapped or
 * set-indexed TLB with a power-of-two number of slots or sets, and about
 * a third of the slots apart for every such size from 8 to 1024, so that
 * the pages near a page do not collide with its mirror either (at exactly
 * 2^37 a page and its mirror evict each other on every store pair:
 * docs/memory.md "Layout" has the measurements).  A mirrored process's
 * memory stays below MIRROR_LIMIT so that no mirror address reaches the
 * trapframe or trampoline. */
#define MIRROR_SKEW   341
#define MIRROR_OFFSET ((1L << 37) + MIRROR_SKEW * 4096L)
#define MIRROR_LIMIT  (TRAPFRAME - MIRROR_OFFSET)

/* The kernel's own mirror offset, for a kernel mirrorbt translated (gp in
 * the kernel once mm/kmirror.c has made the mirror half): -2^38 and
 * MIRROR_SKEW pages lower, which puts the mirror of every address the
 * kernel stores to (KERNBASE and up; device writes have no twins) in the
 * upper half of Sv39, which nothing else uses, and a page and its mirror
 * in different TLB slots (at exactly -2^38 they share one: forkexec took
 * 13 times as long in wall clock).  The Makefile reads these two lines. */
#define KMIRROR_SHIFT 38
#define KMIRROR_OFFSET (-(1L << KMIRROR_SHIFT) - MIRROR_SKEW * 4096L)

#endif
