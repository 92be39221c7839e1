/* Group `kmem`: the kernel's own memory survives memory errors (issue 18;
 * docs/kernel-mirror.md).  So far the kernel's text and read-only data:
 * each page has a second copy, and a poisoned page is switched to it by
 * machine mode on the kernel's next access (kernel/mm/kro.c). */
#include "user/tests/ut.h"
#include "kernel/pagemap.h"

#define KM_TICKS   1000     /* the workers compute this long (ticks): past the poisons */

static struct memstat
kstat(void)
{
  struct memstat m;

  CHECK(memstat(&m) == 0, "memstat failed");
  return m;
}

/* Wait (a tick at a time, at most two seconds) until the kernel has made
 * `want` second copies again in all. */
static struct memstat
wait_resynced(uint64 want)
{
  struct memstat m = kstat();

  for (int t = 0; t < 200 && m.kernel_resynced < want; t++) {
    sleep(1);
    m = kstat();
  }
  return m;
}

/* Poison every read-only page of the kernel but the trampoline's, one at
 * a time, twice over (the second round poisons pages that run on a user
 * frame since the first), while a mirrored worker of each workload runs
 * on the other harts.  Each poison: refused again while it is pending
 * (unless an access fixed it and a new copy was made meanwhile: then the
 * second poison counts too), found within two ticks by the
 * workers' system calls and interrupts or else by the privileged scrub's
 * patrol,
 * switched to its copy exactly once, and given a new copy within two
 * seconds.  Some pages must be found by an access before the patrol (the
 * trap path, system-call dispatch: every worker runs through them), and
 * every worker's checksum must be right at the end. */
static void
kmem_ro(void)
{
  uint64 seed = ut_seed();
  struct cworker w[NWL];
  struct memstat m = kstat();
  uint64 lo = m.kernel_ro_start, hi = m.kernel_ro_end;
  int pages = 0, by_access = 0;

  CHECK(hi > lo && m.kernel_trampoline >= lo && m.kernel_trampoline < hi,
        "memstat's kernel read-only range [%p, %p) and trampoline %p", lo, hi, m.kernel_trampoline);
  CHECK(faultinj(0, m.kernel_trampoline, FI_KERNEL) == -1, "the trampoline page was poisoned");
  CHECK(faultinj(0, hi, FI_KERNEL) == -1, "the first page past the read-only ones was poisoned");
  CHECK(faultinj(0, lo - PGSIZE, FI_KERNEL) == -1, "a page below the kernel was poisoned");
  for (int k = 0; k < NWL; k++)
    cw_start(&w[k], k, 1, splitmix(seed + k), KM_TICKS);
  for (int round = 0; round < 2; round++)
    for (uint64 va = lo; va < hi; va += PGSIZE) {
      if (va == m.kernel_trampoline)
        continue;
      struct memstat a = kstat();
      uint64 at = va + splitmix(seed + va) % PGSIZE;
      CHECK(faultinj(0, at, FI_KERNEL) == 0, "round %d: kernel page %p could not be poisoned",
            round, va);
      int again = faultinj(0, at, FI_KERNEL);
      sleep(2);
      struct memstat b = kstat();
      by_access += b.kernel_recovered > a.kernel_recovered;
      CHECK(again == -1 || b.kernel_recovered > a.kernel_recovered,
            "kernel page %p was poisoned twice", va);
      CHECK(scrub(0) >= 0, "scrub failed");
      uint64 n = again == 0 ? 2 : 1;    /* fixed and copied again before the second */
      b = wait_resynced(a.kernel_resynced + n);
      CHECK(b.kernel_recovered == a.kernel_recovered + n,
            "round %d: kernel page %p: %ld pages switched to their copy, not %ld", round, va,
            (long)(b.kernel_recovered - a.kernel_recovered), (long)n);
      CHECK(b.kernel_resynced == a.kernel_resynced + n,
            "round %d: kernel page %p: %ld copies made again, not %ld", round, va,
            (long)(b.kernel_resynced - a.kernel_resynced), (long)n);
      pages++;
    }
  for (int k = 0; k < NWL; k++)
    cw_end(&w[k]);
  for (int k = 0; k < NWL; k++) {
    cw_collect(&w[k]);
    int st = cw_release(&w[k]);
    CHECK(w[k].reported && st == 0, "%s worker %d: status %d", cw_names[k], w[k].pid, st);
    CHECK(cw_right(&w[k]), "%s worker %d: wrong checksum after %ld rounds", cw_names[k],
          w[k].pid, (long)w[k].rep.rounds);
  }
  CHECK(by_access > 0, "none of %d poisoned kernel pages was found by an access", pages);
  ut_printf("  (kmem.ro: %d poisons of kernel pages, %d found by an access, the rest by the patrol)\n",
            pages, by_access);
}

const struct utest kmem_tests[] = {
  { "kmem.ro", kmem_ro, 240, 0 },
  { 0 },
};
