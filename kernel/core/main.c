/* kmain: every hart arrives here in supervisor mode from boot_start().
 * Hart 0 initialises the kernel, then lets the others in; each of them
 * sets up only its own state (page table, trap vector, PLIC).  Then all
 * harts run the scheduler. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/core/proc.h"

extern uint64 boot_fdt;
extern int boot_sstc[NCPU];

static volatile int kernel_ready;

/* Without Sstc there is no timer: say so plainly. */
static void
timer_check(void)
{
  if (!boot_sstc[cpuid()])
    panic("timer: this hart lacks the Sstc extension (stimecmp); use QEMU 7.0 or newer");
}

void
kmain(void)
{
  if (cpuid() == 0) {
    console_init();
    printf_init();
    kprintf("\nMemV6 booting on hart 0\n");
    timer_check();
    fdt_init(boot_fdt);           /* before frame_init reuses the FDT's RAM */
    kpool_init();
    frame_init();
    kvm_init();
    kmirror_init();
    proc_init();
    kro_init();                   /* owned pages; second copies of text, rodata, the kernel's table */
    kvm_init_hart();
    trap_init();
    trap_init_hart();
    plic_init();
    plic_init_hart();
    bcache_init();
    inode_cache_init();
    file_init();
    pipe_init();
    virtio_blk_init();
    user_init();
    kprintf("memory: %lu MiB, %lu user frames free in %d banks, %lu kernel pages free\n",
            (ram_top - KERNBASE) >> 20, frame_free_count(), NBANK, kpool_free_count());
    kmirror_on();                 /* last: data and bss copied to their mirror as they are now */
    __sync_synchronize();
    kernel_ready = 1;
  } else {
    while (!kernel_ready)
      ;
    __sync_synchronize();
    timer_check();
    kvm_init_hart();
    kmirror_on();
    trap_init_hart();
    plic_init_hart();
  }
  mycpu()->online = 1;
  scheduler();
}
