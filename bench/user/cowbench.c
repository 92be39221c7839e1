/* cowbench [ROUNDS]: copy-on-write fork and the lazy heap, timed with
 * the time CSR (10 MHz on QEMU virt).
 *
 *   fork+exit of a process with a 16 MiB touched heap:
 *     cow    the child exits at once: only page tables are built
 *     eager  the child writes one byte in every heap page before it
 *            exits, so every page is copied as an eager fork would copy
 *            it (plus one page fault per page: an upper bound for eager)
 *   for each: microseconds per round and frames copied per round (from
 *   the memstat counters: copy-on-write faults not resolved by taking
 *   over the last reference).
 *   sbrk+touch: pages per second for sbrk(64 MiB) then one store per
 *   page (each a lazy zero-fill fault), and for sbrk alone.
 *
 * Output: "BENCH name value" lines. */
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/memstat.h"
#include "user/user.h"
#include "bench/user/bench.h"

#define HEAP_PAGES 4096                 /* 16 MiB */
#define LAZY_PAGES 16384                /* 64 MiB */

static uint64
copies(void)
{
  struct memstat m;
  if (memstat(&m) < 0) {
    printf("cowbench: memstat failed\n");
    exit(1);
  }
  return m.cow_faults - m.cow_avoided;
}

/* rounds of fork + (child: touch every page if eager) + exit + wait. */
static void
fork_rounds(const char *name, char *heap, int rounds, int eager)
{
  uint64 c0 = copies(), t0 = now();
  for (int i = 0; i < rounds; i++) {
    int pid = fork();
    if (pid < 0) {
      printf("cowbench: fork failed\n");
      exit(1);
    }
    if (pid == 0) {
      if (eager)
        for (int k = 0; k < HEAP_PAGES; k++)
          heap[(uint64)k * PGSIZE] = (char)k;
      exit(0);
    }
    wait(0);
  }
  uint64 t1 = now(), c1 = copies();
  printf("BENCH %s_fork_exit_us %d\n", name, (int)((t1 - t0) * 1000000 / TIMEBASE / rounds));
  printf("BENCH %s_frames_copied %d\n", name, (int)((c1 - c0) / rounds));
}

int
main(int argc, char *argv[])
{
  int rounds = argc > 1 ? atoi(argv[1]) : 20;
  if (rounds < 1)
    rounds = 1;

  char *heap = sbrk(HEAP_PAGES * PGSIZE);
  if (heap == (char *)-1) {
    printf("cowbench: sbrk failed\n");
    exit(1);
  }
  for (int k = 0; k < HEAP_PAGES; k++)
    heap[(uint64)k * PGSIZE] = 1;
  fork_rounds("cow", heap, rounds, 0);
  fork_rounds("eager", heap, rounds, 1);
  sbrk(-HEAP_PAGES * PGSIZE);

  uint64 touch = 0, only = 0;
  for (int i = 0; i < rounds; i++) {
    uint64 t0 = now();
    char *p = sbrk(LAZY_PAGES * PGSIZE);
    uint64 t1 = now();
    if (p == (char *)-1) {
      printf("cowbench: sbrk of 64 MiB failed\n");
      exit(1);
    }
    for (int k = 0; k < LAZY_PAGES; k++)
      p[(uint64)k * PGSIZE] = 1;
    uint64 t2 = now();
    sbrk(-LAZY_PAGES * PGSIZE);
    only += t1 - t0;
    touch += t2 - t0;
  }
  uint64 pages = (uint64)LAZY_PAGES * rounds;
  printf("BENCH sbrk_touch_pages_per_s %d\n", (int)(pages * TIMEBASE / (touch ? touch : 1)));
  printf("BENCH sbrk_only_pages_per_s %d\n", (int)(pages * TIMEBASE / (only ? only : 1)));
  exit(0);
}
