/* The kernel pool: physical pages between the end of the kernel image and
 * KPOOL_END, for page-table pages and exec's argument pages, and for the
 * owned pages made at boot (kernel stacks, trapframes, pipe rings,
 * buffer blocks: mm/kown.c).
 * A free list threaded through the free pages, under kpool_lock.  Free
 * pages are kept zeroed (all but the list link in their first word):
 * kpage_free clears a page, so that kpage_alloc hands out a zeroed page
 * with one word to clear -- a page table or kernel stack is zeroed once
 * in its life, not at both ends.  (A stale pointer to a freed page then
 * finds zeros, an empty table, rather than junk.)
 *
 * kpage_alloc_keep(keep) hands out a page only while more than keep
 * pages stay free: user page tables beyond a process's guaranteed few
 * come that way (mm/uspace.c), so that no process can take the pages
 * other processes need for fork, pipe and exec. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"

extern char kernel_end[];   /* kernel.ld */

struct kpool_page {
  struct kpool_page *next;
};

static struct spinlock kpool_lock;
static struct kpool_page *kpool_free;
static uint64 kpool_nfree;
static uint64 kpool_nretired;     /* pages lost to memory errors */

void
kpool_init(void)
{
  spin_init(&kpool_lock, "kpool");
  for (uint64 pa = PGROUNDUP((uint64)kernel_end); pa + PGSIZE <= KPOOL_END; pa += PGSIZE)
    kpage_free((void *)pa);
}

void *
kpage_alloc_keep(uint64 keep)
{
  struct kpool_page *pg = 0;

  spin_lock(&kpool_lock);
  if (kpool_nfree > keep) {
    pg = kpool_free;
    kpool_free = pg->next;
    kpool_nfree--;
  }
  spin_unlock(&kpool_lock);
  if (pg)
    pg->next = 0;
  return pg;
}

void *
kpage_alloc(void)
{
  return kpage_alloc_keep(0);
}

static void
kpool_check(void *pa)
{
  uint64 a = (uint64)pa;

  if (a % PGSIZE || a < (uint64)kernel_end || a >= KPOOL_END)
    panic("kpage_free: not a kernel-pool page");
}

void
kpage_free(void *pa)
{
  kpool_check(pa);
  page_zero(pa);
  kpage_free_zeroed(pa);
}

/* Free a page whose bytes are all zero already -- a page table whose
 * entries were cleared one by one (mm/upage.c) -- without the memset. */
void
kpage_free_zeroed(void *pa)
{
  struct kpool_page *pg = pa;

  kpool_check(pa);
  spin_lock(&kpool_lock);
  pg->next = kpool_free;
  kpool_free = pg;
  kpool_nfree++;
  spin_unlock(&kpool_lock);
}

uint64
kpool_free_count(void)
{
  return kpool_nfree;
}

/* Page pa, in use, is lost to a memory error: it never goes back to the
 * pool (the caller drops every pointer to it). */
void
kpool_retire(void *pa)
{
  kpool_check(pa);
  spin_lock(&kpool_lock);
  kpool_nretired++;
  spin_unlock(&kpool_lock);
}

uint64
kpool_retired_count(void)
{
  return kpool_nretired;
}
