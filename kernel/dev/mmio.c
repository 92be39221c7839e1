/* Writes of device registers.  A device register has no mirror copy: in
 * a kernel mirrorbt translated, a store's mirror store would write the
 * register a second time (at offset 0, the same register: every byte to
 * the UART printed twice, every queue notified twice).  These functions
 * are the only device writes, and they live in .text.keep, the code the
 * translation leaves as it is (docs/kernel-mirror.md, "Translating the
 * kernel"), so each makes exactly one store.  Reads need nothing. */
#include "kernel/types.h"
#include "kernel/defs.h"

KKEEP void
mmio_write8(uint64 reg, uchar v)
{
  *(volatile uchar *)reg = v;
}

KKEEP void
mmio_write32(uint64 reg, uint32 v)
{
  *(volatile uint32 *)reg = v;
}
