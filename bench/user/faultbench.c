/* faultbench [PAGES]: the cost of recovering from memory errors.  Run it
 * mirrored (/m/faultbench), booted with memv6.faultinj, on one hart
 * (instret counts the hart's instructions, kernel ones included).
 *
 *   recover_native: poison the native copy of a touched heap page, then
 *     load from it: the trap rebuilds it from the mirror (new frame, 4 KiB
 *     copy, remap).  Instructions and microseconds per page.
 *   recover_mirror: the same for the mirror copy, hit by a store (whose
 *     translated mirror store traps).
 *   lazy_touch: for scale, a first store to a fresh heap page (a lazy
 *     pair fill: two zeroed frames).
 *   bank_rehome: fail the bank holding most of PAGES touched heap pages;
 *     the system call rebuilds every copy there eagerly.  Instructions
 *     and microseconds in all, and per page rebuilt.
 *
 * Output: "BENCH name value" lines, all printed after the last measurement. */
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/memstat.h"
#include "kernel/pagemap.h"
#include "user/user.h"
#include "bench/user/bench.h"

/* The figures are kept until every measurement is done: console output
 * drains through UART interrupts, which would land in the next one. */
static struct {
  const char *name;
  uint64 insns, us;
} results[8];
static int nresults;

static void
report(const char *name, uint64 insns, uint64 ticks, int n)
{
  if (nresults < (int)(sizeof results / sizeof results[0])) {
    results[nresults].name = name;
    results[nresults].insns = insns / n;
    results[nresults].us = ticks * 1000000 / TIMEBASE / n;
    nresults++;
  }
}

static void
print_results(void)
{
  for (int i = 0; i < nresults; i++) {
    printf("BENCH %s_instructions %lu\n", results[i].name, results[i].insns);
    printf("BENCH %s_us %lu\n", results[i].name, results[i].us);
  }
}

static struct memstat
counters(void)
{
  struct memstat m;
  if (memstat(&m) < 0) {
    printf("faultbench: memstat failed\n");
    exit(1);
  }
  return m;
}

/* Poison copy how of each of the n pages at p, then touch each (a load,
 * or with store a store); the instructions and ticks of the touches. */
static void
recover(const char *name, volatile char *p, int n, int how, int store)
{
  uint64 insns = 0, ticks = 0;

  for (int i = 0; i < n; i++) {
    if (faultinj(0, (uint64)(p + i * PGSIZE), how) < 0) {
      printf("faultbench: faultinj refused (boot with memv6.faultinj, run /m/faultbench)\n");
      exit(1);
    }
    uint64 i0 = rdinstret(), t0 = now();
    if (store)
      p[i * PGSIZE] = 1;
    else
      (void)p[i * PGSIZE];
    insns += rdinstret() - i0;
    ticks += now() - t0;
  }
  report(name, insns, ticks, n);
}

int
main(int argc, char **argv)
{
  int n = argc > 1 ? atoi(argv[1]) : 256;
  volatile char *p = sbrk(n * PGSIZE);
  struct pagemap pm;

  if (p == (char *)-1 || pagemap(0, 0, &pm, 1) != 1 || !(pm.flags & PM_MIRROR)) {
    printf("faultbench: needs %d pages and a mirrored process (/m/faultbench)\n", n);
    return 1;
  }
  /* Start right after a timer tick, twice (as bench.h's bm_begin does,
   * which says why): under -icount the ticks then fall at the same
   * points in every run, whatever the host made of the disk reads before. */
  sleep(1);
  sleep(1);
  uint64 i0 = rdinstret(), t0 = now();
  for (int i = 0; i < n; i++)
    p[i * PGSIZE] = 1;
  report("lazy_touch", rdinstret() - i0, now() - t0, n);
  recover("recover_native", p, n, 0, 0);
  recover("recover_mirror", p, n, FI_MIRROR, 1);

  int count[MEMSTAT_BANKS] = { 0 }, bank = 0;
  for (int i = 0; i < n; i++)
    if (pagemap(0, (uint64)(p + i * PGSIZE), &pm, 1) == 1 && pm.bank < MEMSTAT_BANKS)
      count[pm.bank]++;
  for (int b = 1; b < MEMSTAT_BANKS; b++)
    if (count[b] > count[bank])
      bank = b;
  struct memstat m0 = counters();
  i0 = rdinstret();
  t0 = now();
  if (faultinj(0, bank, FI_BANK) < 0) {
    print_results();
    printf("faultbench: bank %d did not fail\n", bank);
    return 1;
  }
  uint64 insns = rdinstret() - i0, ticks = now() - t0;
  struct memstat m1 = counters();
  int rebuilt = (m1.recovered_native - m0.recovered_native) + (m1.recovered_mirror - m0.recovered_mirror);
  report("bank_rehome_total", insns, ticks, 1);
  if (rebuilt > 0)
    report("bank_rehome_per_page", insns, ticks, rebuilt);
  print_results();
  printf("BENCH bank_rehome_pages %d\n", rebuilt);
  return 0;
}
