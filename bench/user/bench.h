/* What the in-OS benchmark programs share: the guest clock. */
#ifndef BENCH_USER_BENCH_H
#define BENCH_USER_BENCH_H

#define TIMEBASE 10000000ULL   /* time CSR ticks per second on QEMU virt */

/* The time CSR, readable from user mode (the kernel enables it). */
static inline uint64
now(void)
{
  uint64 t;
  asm volatile("rdtime %0" : "=r"(t));
  return t;
}

#endif
