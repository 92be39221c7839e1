/* The platform-level interrupt controller: routes the UART and virtio
 * interrupts to the supervisor context of every hart. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"

#define plic_word(a) (*(volatile uint32 *)(a))   /* reads; writes: mmio_write32 */

static const int plic_irqs[] = { UART0_IRQ, VIRTIO0_IRQ };

/* Give our sources a non-zero priority (0 means never). */
void
plic_init(void)
{
  for (int i = 0; i < NELEM(plic_irqs); i++)
    mmio_write32(PLIC_PRIORITY + 4 * plic_irqs[i], 1);
}

/* Enable our sources for this hart's S mode, accepting every priority. */
void
plic_init_hart(void)
{
  int hart = cpuid();
  uint32 mask = 0;

  for (int i = 0; i < NELEM(plic_irqs); i++)
    mask |= 1u << plic_irqs[i];
  mmio_write32(PLIC_SENABLE(hart), mask);
  mmio_write32(PLIC_SPRIORITY(hart), 0);
}

/* The pending interrupt this hart should serve, 0 if none. */
int
plic_claim(void)
{
  return plic_word(PLIC_SCLAIM(cpuid()));
}

void
plic_complete(int irq)
{
  mmio_write32(PLIC_SCLAIM(cpuid()), irq);
}
