/* The kernel's mirror half: the map a translated kernel's store twins go
 * through (docs/kernel-mirror.md, "Translating the kernel").
 *
 * A kernel mirrorbt translated makes every store twice, at va and at
 * va + gp.  With the boot option memv6.kdata, gp is KMIRROR_OFFSET
 * (-2^38 - MIRROR_SKEW pages, memlayout.h): the mirror of every address
 * the kernel stores to lies in the upper half of Sv39, root entries
 * 256..511, which nothing else uses.  There
 *  - the pages of the kernel's data and bss (ro_end .. kernel_end) map
 *    to frames of their own in user memory, apart from the kernel
 *    region: the mirror copy of the kernel's mutable data -- but the
 *    KNOMIRROR pages (nomirror_start .. nomirror_end: what machine mode
 *    or a device writes, which no twin follows);
 *  - every other page the kernel stores to -- the pool, the owned pages,
 *    user frames through the direct map -- maps to one sink frame: each
 *    of those has its own protection (snapshots, a process's mirror)
 *    and its twins are thrown away.  One leaf table and one level-1
 *    table, every entry alike, serve the whole upper half but the few
 *    2 MiB where data and bss have their mirror.
 * Without the option gp stays 0: a translated kernel makes each twin at
 * the native address, an untranslated one ignores gp.
 *
 * Atomics are twinned by the same operation (mirrorbt --twin-atomics);
 * stacks have no twins (--keep-stack: a process's kernel stack has its
 * snapshot; the boot stacks, the schedulers', are KNOMIRROR).  kdata.c
 * copies a lost page of data or bss back from its mirror. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/mm/vm.h"

extern char ro_end[], kernel_end[];   /* kernel.ld */
extern char nomirror_start[], nomirror_end[];   /* kernel.ld: KNOMIRROR, defs.h */

/* the kernel's gp, which kmirror_on sets on each hart: 0 or
 * KMIRROR_OFFSET (KNOMIRROR: machine mode reads it, kdata.c) */
uint64 kmirror_gp KNOMIRROR;

/* Whether kernel data at p has a mirror copy of its own. */
static int
kmirror_follows(void *p)
{
  return (char *)p < nomirror_start || (char *)p >= nomirror_end;
}

/* Whether va is in a page of data and bss that has a mirror now (a
 * translated kernel booted with memv6.kdata).  Machine mode too. */
int
kmirror_has(uint64 va)
{
  return kmirror_gp != 0 && va >= (uint64)ro_end && va < (uint64)kernel_end &&
         kmirror_follows((void *)va);
}

/* The mirror copy of kernel data at p. */
volatile uint64 *
kmirror_of(void *p)
{
  return (volatile uint64 *)((uint64)p + KMIRROR_OFFSET);
}

static pagetable_t
kmirror_page(void)
{
  pagetable_t t = kpage_alloc();

  if (t == 0)
    panic("kmirror_init: no kernel-pool page");
  return t;
}

/* A table page whose 512 entries all are e. */
static pagetable_t
kmirror_fill(pte_t e)
{
  pagetable_t t = kmirror_page();

  for (int i = 0; i < 512; i++)
    t[i] = e;
  return t;
}

/* The sink's tables: every entry of sink_mid names sink_leaf, every
 * entry of sink_leaf the sink frame. */
static pagetable_t sink_mid, sink_leaf;

/* The leaf PTE of mirror address m, under tables of its own: where m's
 * walk goes through a sink table, a copy of it takes its place. */
static pte_t *
kmirror_pte(pagetable_t root, uint64 m)
{
  pte_t *e = &root[PX(2, m)];

  if (PTE2PA(*e) == (uint64)sink_mid)
    *e = PA2PTE(kmirror_fill(PA2PTE(sink_leaf) | PTE_V)) | PTE_V;
  e = &((pagetable_t)PTE2PA(*e))[PX(1, m)];
  if (PTE2PA(*e) == (uint64)sink_leaf)
    *e = PA2PTE(kmirror_fill(sink_leaf[0])) | PTE_V;
  return &((pagetable_t)PTE2PA(*e))[PX(0, m)];
}

/* Make the mirror half in the kernel's table (hart 0, before kro_init
 * copies the table and before any hart runs on it): the sink under the
 * whole upper half, then a frame for the mirror of each page of data and
 * bss the mirror follows. */
void
kmirror_init(void)
{
  pagetable_t root = kernel_pagetable;

  if (!boot_option("kdata"))
    return;
  sink_leaf = kmirror_fill(PA2PTE(kmirror_page()) | PTE_R | PTE_W | PTE_V);
  sink_mid = kmirror_fill(PA2PTE(sink_leaf) | PTE_V);
  for (int i2 = PX(2, MAXVA - 1) + 1; i2 < 512; i2++)
    root[i2] = PA2PTE(sink_mid) | PTE_V;
  for (char *va = ro_end; va < kernel_end; va += PGSIZE) {
    if (!kmirror_follows(va))
      continue;
    void *copy = frame_copy(va, 0);      /* copied again as it turns on */
    if (copy == 0)
      panic("kmirror_init: no frame for the mirror of the kernel's data");
    *kmirror_pte(root, (uint64)kmirror_of(va)) = PA2PTE(copy) | PTE_R | PTE_W | PTE_V;
  }
  kmirror_gp = KMIRROR_OFFSET;
}

/* The kernel's gp, set in code the translation leaves as it is (code
 * that names gp is refused otherwise): .text.keep. */
static KKEEP void
kmirror_set_gp(uint64 gp)
{
  asm volatile("mv gp, %0" : : "r"(gp));
}

/* Whether the twin of a store reaches the mirror: it does in a kernel
 * mirrorbt translated (build/kernel-m.elf); an untranslated one makes
 * no twins, and memv6.kdata gives it a mirror that never changes, so it
 * is turned off again (the frames stay spent). */
static void
kmirror_probe(void)
{
  static volatile uint64 probe;

  probe = ~*kmirror_of((void *)&probe);
  if (*kmirror_of((void *)&probe) == probe) {
    kprintf("kdata: data and bss mirrored, %lu pages\n",
            (uint64)(kernel_end - ro_end - (nomirror_end - nomirror_start)) / PGSIZE);
    return;
  }
  kmirror_gp = 0;
  kmirror_set_gp(0);
  kprintf("kdata: not a translated kernel (make build/kernel-m.elf): no mirror\n");
}

/* Turn this hart's twins to the mirror half (after kvm_init_hart).  Hart
 * 0, last of its set-up, first copies data and bss to their mirror as
 * they are, while the other harts wait for kernel_ready; from then on
 * every store but the stacks' is made in both.  (The stacks, its own
 * boot stack included, have no mirror: mirrorbt --keep-stack.) */
void
kmirror_on(void)
{
  if (kmirror_gp == 0)
    return;
  if (cpuid() == 0)
    memmove((void *)kmirror_of(ro_end), ro_end, kernel_end - ro_end);
  kmirror_set_gp(kmirror_gp);
  if (cpuid() == 0)
    kmirror_probe();
}

/* How far the mirror is from data and bss, said at power-off: the words
 * that differ (the first KMIRROR_SHOWN by address).  None should
 * (docs/kernel-mirror.md); stage 2k of make test names each shown one
 * by its symbol. */
#define KMIRROR_SHOWN 32

#define KMIRROR_LOOKS 1000

/* Whether the word at p differs from its mirror -- for good: another
 * hart may be in the window of a store to it (a few instructions: an
 * interrupt does not hold a window open, kwin.c), so a difference is
 * looked at again before it counts. */
static int
kmirror_differs(volatile uint64 *p)
{
  for (int k = 0; k < KMIRROR_LOOKS; k++)
    if (*p == *kmirror_of((void *)p))
      return 0;
  return 1;
}

void
kmirror_report(void)
{
  uint64 n = 0;

  if (kmirror_gp == 0)
    return;
  for (uint64 *p = (uint64 *)ro_end; p < (uint64 *)kernel_end; p++)
    if (kmirror_follows(p) && kmirror_differs(p) && n++ < KMIRROR_SHOWN)
      kprintf("kdata: %p differs from its mirror\n", p);
  kprintf("kdata: %lu of %lu words of data and bss differ from their mirror\n", n,
          (uint64)(kernel_end - ro_end - (nomirror_end - nomirror_start)) / 8);
}
