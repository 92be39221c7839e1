/* Virtual memory: the kernel page table and user address spaces.
 *
 * A user address space is one region from address 0 up to size:
 *   [0, text_end)              program text and data (ELF segments)
 *   one unmapped guard page
 *   USERSTACK pages of stack   (sp starts at their top = heap)
 *   [heap, size)               grown and shrunk by sbrk
 * plus the trapframe (not U) and the trampoline (not U) at the top.
 * Addresses in [0, size) may be unmapped (the guard page, gaps between
 * segments, stack and heap pages not touched yet): every walk skips
 * holes.  Only a hole in [lazy, size) -- the stack and the heap -- is
 * filled on a fault (the zero frame on a read, a zeroed frame on a
 * write).
 *
 * All kernel access to user memory goes through us_copy() and
 * us_copystr() (mm/fault.c), the one place that turns a user address
 * into a kernel pointer.  They and user_trap() call the one page-fault
 * resolver (demand zero, copy-on-write, both copies of a mirrored page,
 * poisoned copies rebuilt).
 *
 * Memory policy (docs/memory.md): sbrk refuses only sizes past
 * US_SIZE_LIMIT; a fault that finds no frame kills the faulting process.
 * Page-table pages are charged to their address space (ptpages): at most
 * US_PT_LIMIT, and beyond the first US_PT_BASE only while the kernel pool
 * keeps KPOOL_RESERVE pages for everybody's fork, pipe and exec. */
#ifndef KERNEL_MM_VM_H
#define KERNEL_MM_VM_H

#include "kernel/memlayout.h"

struct uspace {
  pagetable_t pt;
  uint64 size;      /* bytes of user memory from address 0 */
  uint64 heap;      /* start of the heap; sbrk never shrinks below it */
  uint64 lazy;      /* [lazy, size) is filled on first touch: the stack
                       (lazy = its base), then the heap */
  uint64 ptpages;   /* page-table pages charged to this space, root included */
  int lost_tables;  /* tables cut off by a memory error, not yet made
                       again (ptlost.c; us_lock rebuilds them) */
  int lost_root;    /* one of them is the root (ptlost.c) */
  struct pairtab *pairs;    /* mirrored: the program's pair table; else 0 */
  struct sleeplock *lock;   /* the owning slot's memlock (lock rules in uspace.c) */
  uint64 trapframe;         /* the frame mapped at TRAPFRAME: a lost table over it
                               is made again from it (ptlost.c) */
  uint64 trampoline;        /* the frame mapped at TRAMPOLINE (it moves after a
                               memory error: kro_trampoline) */
};

/* The kernel's two pages in every space, at the top (us_create). */
#define US_TRAMPOLINE_PERM (PTE_R | PTE_X)
#define US_TRAPFRAME_PERM  (PTE_R | PTE_W)

/* The access a fault or a kernel copy needs (us_resolve, us_copy). */
enum us_access {
  US_READ,          /* user load: needs a readable page */
  US_KREAD,         /* kernel reads for the process: an untouched heap
                       page reads as zeros and stays unmapped */
  US_WRITE,         /* needs a writable page (breaks copy-on-write) */
  US_LOAD,          /* exec filling a page it mapped: any user page */
  US_EXEC           /* an instruction fetch (page faults only) */
};

/* What the resolver made of a fault or a kernel copy (us_resolve, us_copy). */
enum us_fault {
  US_RESOLVED,      /* the access may now proceed */
  US_ILLEGAL,       /* not the process's memory, or not so */
  US_NOMEM,         /* legal, but no frame (or page-table page) was free */
  US_LOST           /* a memory error left no healthy copy of the page */
};

/* Software bits of a user leaf PTE.
 * PTE_COW: the page is shared copy-on-write; PTE_W is clear while it is
 * set, and the first write fault copies the frame or takes it over.
 * PTE_POISON: the frame named has a memory error; PTE_V is clear while
 * it is set (so every access traps), the other bits are kept for the
 * repair (us_repair). */
#define PTE_COW       PTE_RSW0
#define PTE_POISON    PTE_RSW1

/* Per-process limits and the pool reserve (policy in docs/memory.md). */
#define US_SIZE_LIMIT (16 * frame_count() * PGSIZE)  /* bytes of address space */
#define US_EXEC_KEEP  1024  /* frames exec's eager loading leaves to others */
#define US_PT_BASE    16    /* page-table pages every space may always take */
#define US_PT_LIMIT   640   /* most page-table pages of one space */
#define KPOOL_RESERVE (NPROC * US_PT_BASE + 256)   /* kept for the US_PT_BASE
                               pages of every process, pipes, exec, trapframes */
#define USER_RW       (PTE_U | PTE_R | PTE_W)

extern pagetable_t kernel_pagetable;

#endif
