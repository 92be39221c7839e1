/* poisonrun: run a program while memory errors hit its pages, one at a
 * time -- the fault campaign's poisons (docs/memory.md "The campaign")
 * aimed at a program of the user's choice, e.g. a mirrored Lua script
 * (tests/run.py, stage 9).
 *
 *   poisonrun SEED N PROG [ARG...]
 *
 * Starts PROG, then until it exits or N errors were injected: waits 1 to
 * 4 ticks, picks at random one of its pages whose two copies are both
 * healthy, and poisons the native or the mirror copy, half of the time
 * with FI_NOW (every copy rebuilt at once, the program stopped wherever
 * it was), else to be rebuilt when the page is next touched.  A page with
 * a copy still poisoned takes no second error: one fault per page at a
 * time, the fault model's promise.  Only pages of a mirrored program are
 * chosen, so nothing is injected before PROG's exec made it one (an
 * unmirrored PROG takes nothing).  At the end it prints on stderr
 *
 *   poisonrun: N injections (K now, M mirror copies), status S
 *
 * and exits with PROG's status.  Needs the boot option memv6.faultinj
 * and the privilege (faultinj(2)).  SEED fixes the choices of pages and
 * kinds; when they land depends on the scheduler. */
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/pagemap.h"
#include "user/user.h"
#include "user/lib/ulib.h"

#define CHUNK 64

static uint64 rng;

static uint64
next(void)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* Both copies there and healthy: a page that may take an error. */
static int
healthy_pair(const struct pagemap *p)
{
  return (p->flags & PM_MIRROR) && p->mirror_pa &&
         !(p->flags & (PM_INVALID | PM_MIRROR_INVALID));
}

/* A page of pid drawn uniformly from its healthy pairs (reservoir
 * sampling over pagemap's chunks): its address, 0 if it has none, -1 if
 * the process is gone. */
static long
pick(int pid)
{
  static struct pagemap pm[CHUNK];
  uint64 va = 0, seen = 0;
  long chosen = 0;
  int n;

  while ((n = pagemap(pid, va, pm, CHUNK)) > 0) {
    for (int i = 0; i < n; i++)
      if (healthy_pair(&pm[i]) && next() % ++seen == 0)
        chosen = pm[i].va;
    va = pm[n - 1].va + PGSIZE;
  }
  return n < 0 ? -1 : chosen;
}

int
main(int argc, char **argv)
{
  int pid, status, limit, done = 0, now = 0, mirror = 0;

  if (argc < 4)
    die("usage: poisonrun SEED N PROG [ARG...]");
  rng = atoi(argv[1]) * 2654435761UL + 1;
  limit = atoi(argv[2]);
  if ((pid = fork()) < 0)
    die("poisonrun: fork failed");
  if (pid == 0) {
    exec(argv[3], argv + 3);
    die("poisonrun: cannot run %s", argv[3]);
  }
  while (done < limit) {
    sleep(1 + next() % 4);
    long va = pick(pid);
    if (va < 0)
      break;
    if (va == 0)
      continue;
    int how = (next() & 1 ? FI_MIRROR : 0) | (next() & 1 ? FI_NOW : 0);
    if (faultinj(pid, va, how) == 0) {
      done++;
      now += (how & FI_NOW) != 0;
      mirror += (how & FI_MIRROR) != 0;
    }
  }
  wait(&status);
  fprintf(2, "poisonrun: %d injections (%d now, %d mirror copies), status %d\n",
          done, now, mirror, status);
  exit(status);
}
