/* What the in-OS benchmark programs share: the guest's counters and the
 * BENCH line format that bench/run.py and bench/eval.py read. */
#ifndef BENCH_USER_BENCH_H
#define BENCH_USER_BENCH_H

#include "kernel/memstat.h"

#define TIMEBASE 10000000ULL   /* time CSR ticks per second on QEMU virt */

/* The time CSR, readable from user mode (the kernel enables it). */
static inline uint64
now(void)
{
  uint64 t;
  asm volatile("rdtime %0" : "=r"(t));
  return t;
}

/* The instret CSR.  Under QEMU -icount it counts the guest's retired
 * instructions, kernel and user, of every process (one hart: the whole
 * machine), plus the virtual time skipped while the hart idles.  The
 * kernel counts what it spends idle (memstat's idle_instret), so that
 * instret minus idle is the work done. */
static inline uint64
rdinstret(void)
{
  uint64 x;
  asm volatile("rdinstret %0" : "=r"(x));
  return x;
}

/* One measured stretch of a benchmark program:
 *   bm_begin(&b, "name"); ...work...; bm_peak(&b) where memory use is
 *   highest; ...; bm_end(&b);
 * prints
 *   BENCH name.instret N     retired instructions (see rdinstret), idle included
 *   BENCH name.idle N        of those, spent idle (memstat's idle_instret;
 *                            one hart: the machine's idle is the stretch's)
 *   BENCH name.time N        time CSR ticks (100 ns)
 *   BENCH name.frames N      user frames in use at bm_peak, beyond bm_begin
 *   BENCH name.kpages N      kernel-pool pages likewise
 *   BENCH name.COUNTER N     memstat counters over the stretch */
struct bmark {
  const char *name;
  uint64 i0, t0;
  struct memstat m0;
  long frames, kpages;
};

static inline void
bm_peak(struct bmark *b)
{
  struct memstat m;

  memstat(&m);
  long f = (long)(b->m0.frames_free - m.frames_free);
  long k = (long)(b->m0.kpages_free - m.kpages_free);
  if (f > b->frames)
    b->frames = f;
  if (k > b->kpages)
    b->kpages = k;
}

static inline void
bm_begin(struct bmark *b, const char *name)
{
  b->name = name;
  b->frames = b->kpages = 0;
  /* Start right after a timer tick: under -icount the measured stretch
   * then begins at the same phase of the timer in every run (disk I/O
   * before it, e.g. exec reading the program, ends at a time the host
   * decides), so the same ticks fall into it.  Twice: the first tick may
   * find the hart anywhere (still in the scheduler's scan, or with
   * interrupts off), which moves the next deadline and where we resume
   * by a few hundred instructions; the second finds it waiting in wfi. */
  sleep(1);
  sleep(1);
  memstat(&b->m0);
  b->t0 = now();
  b->i0 = rdinstret();
}

static inline void
bm_line(const char *name, const char *what, uint64 v)
{
  printf("BENCH %s.%s %lu\n", name, what, v);
}

static inline void
bm_end(struct bmark *b)
{
  uint64 i1 = rdinstret();
  uint64 t1 = now();
  struct memstat m;

  memstat(&m);
  bm_line(b->name, "instret", i1 - b->i0);
  bm_line(b->name, "idle", m.idle_instret - b->m0.idle_instret);
  bm_line(b->name, "time", t1 - b->t0);
  bm_line(b->name, "frames", b->frames);
  bm_line(b->name, "kpages", b->kpages);
  bm_line(b->name, "pair_faults", m.pair_faults - b->m0.pair_faults);
  bm_line(b->name, "lazy_pages", m.lazy_pages - b->m0.lazy_pages);
  bm_line(b->name, "cow_faults", m.cow_faults - b->m0.cow_faults);
  bm_line(b->name, "fork_shared", m.fork_shared - b->m0.fork_shared);
}

#endif
