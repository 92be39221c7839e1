/* The kernel pool: physical pages between the end of the kernel image and
 * KPOOL_END, for page-table pages, kernel stacks, trapframes and pipes.
 * A free list threaded through the free pages, under kpool_lock. */
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

void
kpool_init(void)
{
  spin_init(&kpool_lock, "kpool");
  for (uint64 pa = PGROUNDUP((uint64)kernel_end); pa + PGSIZE <= KPOOL_END; pa += PGSIZE)
    kpage_free((void *)pa);
}

void *
kpage_alloc(void)
{
  struct kpool_page *pg;

  spin_lock(&kpool_lock);
  pg = kpool_free;
  if (pg) {
    kpool_free = pg->next;
    kpool_nfree--;
  }
  spin_unlock(&kpool_lock);
  if (pg)
    memset(pg, 0, PGSIZE);
  return pg;
}

void
kpage_free(void *pa)
{
  struct kpool_page *pg = pa;
  uint64 a = (uint64)pa;

  if (a % PGSIZE || a < (uint64)kernel_end || a >= KPOOL_END)
    panic("kpage_free: not a kernel-pool page");
  memset(pa, 0xa5, PGSIZE);   /* make use after free show */
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
