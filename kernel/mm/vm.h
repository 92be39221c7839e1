/* Virtual memory: the kernel page table and user address spaces.
 *
 * A user address space is one region from address 0 up to size:
 *   [0, text_end)              program text and data (ELF segments)
 *   one unmapped guard page
 *   USERSTACK pages of stack   (sp starts at their top = heap)
 *   [heap, size)               grown and shrunk by sbrk
 * plus the trapframe (not U) and the trampoline (not U) at the top.
 * Addresses in [0, size) may be unmapped (the guard page; later, pages
 * not yet faulted in): every walk over the region skips holes.
 *
 * All kernel access to user memory goes through us_page(), the one place
 * that turns a user address into a kernel pointer; a page-fault resolver
 * (demand zero, copy-on-write, poisoned frames) plugs in there. */
#ifndef KERNEL_MM_VM_H
#define KERNEL_MM_VM_H

#include "kernel/memlayout.h"

struct uspace {
  pagetable_t pt;
  uint64 size;      /* bytes of user memory from address 0 */
  uint64 heap;      /* start of the heap; sbrk never shrinks below it */
};

/* How the kernel means to access a user page (us_page). */
enum us_access {
  US_READ,          /* needs a user-readable page */
  US_WRITE,         /* needs a user-writable page */
  US_LOAD           /* exec filling a page it mapped: any user page */
};

#define FRAME_COUNT   ((PHYSTOP - USERMEM_BASE) / PGSIZE)   /* user frames */
#define USER_RW       (PTE_U | PTE_R | PTE_W)

extern pagetable_t kernel_pagetable;

#endif
