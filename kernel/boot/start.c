/* Machine-mode start: runs on every hart straight after entry.S.
 * Hands the machine to supervisor mode: all traps and interrupts are
 * delegated, physical memory protection is opened, the counters are
 * readable from S and U mode and the timer is the supervisor's own
 * (Sstc: stimecmp raises the supervisor timer interrupt directly, so no
 * machine-mode handler is needed).  Then mret to kmain() in S mode. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/core/timer.h"

void kmain(void);
void boot_start(uint64 hartid, uint64 fdt);

uint64 boot_fdt;          /* device-tree address hart 0 received */
int boot_sstc[NCPU];      /* 1 if this hart's stimecmp works */

#define MENVCFG_STCE  (1UL << 63)
#define COUNTERS_ALL  0x7   /* cycle, time, instret */

void
boot_start(uint64 hartid, uint64 fdt)
{
  uint64 x;

  if (hartid == 0)
    boot_fdt = fdt;

  /* mret goes to kmain in S mode, paging off. */
  x = csr_read(mstatus);
  x = (x & ~MSTATUS_MPP_MASK) | MSTATUS_MPP_S;
  csr_write(mstatus, x);
  csr_write(mepc, (uint64)kmain);
  csr_write(satp, 0);

  /* Every exception and the three supervisor interrupts go to S mode. */
  csr_write(medeleg, 0xffff);
  csr_write(mideleg, SIE_SSIE | SIE_STIE | SIE_SEIE);

  /* One PMP region, top of range, covering everything: S may touch all. */
  csr_write(pmpaddr0, 0x3fffffffffffffUL);
  csr_write(pmpcfg0, 0xf);

  csr_write(mcounteren, COUNTERS_ALL);
  csr_write(scounteren, COUNTERS_ALL);

  /* Sstc: let S mode own stimecmp.  The bit only sticks if the hart
   * implements the extension; kmain refuses to run without it. */
  csr_set(menvcfg, MENVCFG_STCE);
  if (csr_read(menvcfg) & MENVCFG_STCE) {
    boot_sstc[hartid] = 1;
    csr_write(stimecmp, csr_read(time) + TIMER_INTERVAL);
  }

  reg_set_tp(hartid);     /* cpuid() reads tp */
  asm volatile("mret");
}
