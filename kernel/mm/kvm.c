/* Sv39 page tables and the kernel's own page table.
 *
 * The kernel maps the devices and all of RAM at their physical addresses
 * (text read/execute, read-only data read-only, the rest read/write): the kernel region in 4 KiB
 * pages, the user frames (USERMEM_BASE .. ram_top, both 2 MiB aligned)
 * in 2 MiB megapages, so that 2 GiB of RAM costs a page-table page, not
 * a thousand.  Nothing walks the kernel's table there (vm_walk is for
 * user tables and the kernel stacks).  The trampoline at TRAMPOLINE
 * and, through proc_init, each process slot's kernel stack at KSTACK(i)
 * with an unmapped guard page below it.  Page-table pages come from
 * whoever walks: the kernel's own from the kernel pool (kvm_ptpage),
 * a user address space's charged to it (mm/uspace.c). */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/mm/vm.h"

extern char text_end[], ro_end[]; /* kernel.ld */
extern char trampoline_start[];  /* kernel.ld: core/trampoline.S */

pagetable_t kernel_pagetable KNOMIRROR;   /* machine mode switches it (kro_fix_root) */

/* Table-driven: the kernel's fixed mappings. */
static const struct {
  uint64 va, pa, size;
  int perm;
} kvm_fixed[] = {
  { VIRT_TEST, VIRT_TEST, PGSIZE,       PTE_R | PTE_W },
  { ACLINT_SSWI, ACLINT_SSWI, PGSIZE,   PTE_R | PTE_W },
  { PLIC,      PLIC,      0x400000,     PTE_R | PTE_W },
  { UART0,     UART0,     PGSIZE,       PTE_R | PTE_W },
  { VIRTIO0,   VIRTIO0,   PGSIZE,       PTE_R | PTE_W },
};

/* Map [pa, end) at the same addresses in 2 MiB megapages (level-1
 * leaves); both ends 2 MiB aligned.  -1 if a page-table page cannot be
 * had. */
static int
kvm_map_mega(pagetable_t pt, uint64 pa, uint64 end, int perm)
{
  for (; pa < end; pa += 1L << 21) {
    pte_t *top = &pt[PX(2, pa)];
    if (!(*top & PTE_V)) {
      pagetable_t mid = kpage_alloc();
      if (mid == 0)
        return -1;
      *top = PA2PTE(mid) | PTE_V;
    }
    ((pagetable_t)PTE2PA(*top))[PX(1, pa)] = PA2PTE(pa) | perm | PTE_V;
  }
  return 0;
}

/* Page-table pages of the kernel's own table: straight from the pool. */
void *
kvm_ptpage(void *unused, uint64 va, int level)
{
  return kpage_alloc();
}

void
kvm_init(void)
{
  pagetable_t pt = kpage_alloc();
  uint64 etext = (uint64)text_end;

  if (pt == 0)
    panic("kvm_init: no page");
  for (int i = 0; i < NELEM(kvm_fixed); i++)
    if (vm_map(pt, kvm_fixed[i].va, kvm_fixed[i].pa, kvm_fixed[i].size, kvm_fixed[i].perm,
               kvm_ptpage, 0) < 0)
      panic("kvm_init: device map");
  if (vm_map(pt, KERNBASE, KERNBASE, etext - KERNBASE, PTE_R | PTE_X, kvm_ptpage, 0) < 0 ||
      vm_map(pt, etext, etext, (uint64)ro_end - etext, PTE_R, kvm_ptpage, 0) < 0 ||
      vm_map(pt, (uint64)ro_end, (uint64)ro_end, USERMEM_BASE - (uint64)ro_end, PTE_R | PTE_W,
             kvm_ptpage, 0) < 0 ||
      kvm_map_mega(pt, USERMEM_BASE, ram_top, PTE_R | PTE_W) < 0 ||
      vm_map(pt, TRAMPOLINE, (uint64)trampoline_start, PGSIZE, PTE_R | PTE_X, kvm_ptpage, 0) < 0)
    panic("kvm_init: memory map");
  kernel_pagetable = pt;
}

/* Switch this hart to the kernel page table. */
void
kvm_init_hart(void)
{
  sfence_vma();
  csr_write(satp, MAKE_SATP(kernel_pagetable));
  sfence_vma();
}

/* vm_walk's slow path: a table page is missing (made with alloc(arg, ...)
 * when alloc is set) or an entry maps a superpage (a kernel bug: only
 * the kernel's user-frame map has them, and it is never walked). */
static pte_t * __attribute__((noinline))
vm_walk_make(pagetable_t pt, uint64 va, vm_ptalloc alloc, void *arg)
{
  for (int level = 2; level > 0; level--) {
    pte_t *pte = &pt[PX(level, va)];
    if (*pte & PTE_V) {
      if (*pte & (PTE_R | PTE_W | PTE_X))
        panic("vm_walk: superpage");
      pt = (pagetable_t)PTE2PA(*pte);
    } else {
      if (alloc == 0 || (pt = alloc(arg, va, level - 1)) == 0)
        return 0;
      *pte = PA2PTE(pt) | PTE_V;
    }
  }
  return &pt[PX(0, va)];
}

/* The level-0 PTE for va, creating missing page-table pages with
 * alloc(arg) when alloc is not 0.  0 if va is out of range or a page is
 * missing (or cannot be allocated).  Fork, exit and every fault walk, so
 * the common case -- both upper entries pointing to tables -- is two
 * unrolled steps with no call; anything else takes vm_walk_make. */
pte_t *
vm_walk(pagetable_t pt, uint64 va, vm_ptalloc alloc, void *arg)
{
  if (va >= MAXVA)
    return 0;
  pte_t e2 = pt[PX(2, va)];
  if ((e2 & (PTE_V | PTE_R | PTE_W | PTE_X)) == PTE_V) {
    pte_t e1 = ((pagetable_t)PTE2PA(e2))[PX(1, va)];
    if ((e1 & (PTE_V | PTE_R | PTE_W | PTE_X)) == PTE_V)
      return &((pagetable_t)PTE2PA(e1))[PX(0, va)];
  }
  return vm_walk_make(pt, va, alloc, arg);
}

/* Map [va, va+size) to [pa, pa+size) with perm, page-table pages from
 * alloc(arg).  -1 if one cannot be had; pages mapped before the failure
 * stay mapped.  Mapping over a used PTE is a kernel bug. */
int
vm_map(pagetable_t pt, uint64 va, uint64 pa, uint64 size, int perm, vm_ptalloc alloc, void *arg)
{
  uint64 a = PGROUNDDOWN(va), last = PGROUNDDOWN(va + size - 1);

  if (size == 0)
    panic("vm_map: size 0");
  for (;; a += PGSIZE, pa += PGSIZE) {
    pte_t *pte = vm_walk(pt, a, alloc, arg);
    if (pte == 0)
      return -1;
    if (*pte != 0)
      panic("vm_map: remap");
    *pte = PA2PTE(pa) | perm | PTE_V;
    if (a == last)
      return 0;
  }
}
