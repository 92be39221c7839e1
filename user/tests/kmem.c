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
  cw_finish(w, NWL);
  CHECK(by_access > 0, "none of %d poisoned kernel pages was found by an access", pages);
  ut_printf("  (kmem.ro: %d poisons of kernel pages, %d found by an access, the rest by the patrol)\n",
            pages, by_access);
}

/* The read-only pages with a second copy, each poisoned once (the
 * patrol finds what no access did): all must come back, and get a copy
 * again, within two seconds.  Returns how many pages. */
static int
poison_all_once(struct memstat *m)
{
  struct memstat a = kstat(), b;
  int n = 0;

  for (uint64 va = m->kernel_ro_start; va < m->kernel_ro_end; va += PGSIZE)
    if (va != m->kernel_trampoline) {
      CHECK(faultinj(0, va, FI_KERNEL) == 0, "kernel page %p could not be poisoned", va);
      n++;
      sleep(1);
    }
  CHECK(scrub(0) >= 0, "scrub failed");
  b = wait_resynced(a.kernel_resynced + n);
  CHECK(b.kernel_recovered == a.kernel_recovered + n && b.kernel_resynced == a.kernel_resynced + n,
        "%d kernel pages poisoned: %ld switched to their copy, %ld copies made again", n,
        (long)(b.kernel_recovered - a.kernel_recovered), (long)(b.kernel_resynced - a.kernel_resynced));
  return n;
}

/* A whole bank fails that holds second copies of kernel pages (the bank
 * with most of them) while a mirrored worker of each workload runs: the
 * copies there are made again in the surviving banks (none is left in
 * the failed one), and afterwards every read-only page can still fail
 * and come back.  The workers' checksums are right at the end.  Needs a
 * mirrored harness (an unmirrored one with a page in the bank dies). */
static void
kmem_bank(void)
{
  uint64 seed = ut_seed();
  struct cworker w[NWL];
  struct memstat m = kstat(), b;
  int bank = 0;

  CHECK(ut_mirrored(), "kmem.bank needs a mirrored harness: run it as /m/usertests kmem.");
  int alive = 0;
  for (int k = 0; k < (int)m.nbank; k++) {
    int failed = m.bank_free[k] == 0 && m.bank_retired[k] > 0;
    alive += !failed;
    if (!failed && m.bank_kernel[k] > m.bank_kernel[bank])
      bank = k;
  }
  CHECK(alive > 2, "kmem.bank needs three live banks, %d are left (run it in a boot of its own)",
        alive);
  CHECK(m.bank_kernel[bank] > 0, "no bank holds a copy of a kernel page");
  for (int k = 0; k < NWL; k++)
    cw_start(&w[k], k, 1, splitmix(seed + k), KM_TICKS);
  sleep(2);
  CHECK(faultinj(0, bank, FI_BANK) == 0, "bank %d could not be failed", bank);
  CHECK(scrub(0) >= 0, "scrub failed");
  b = wait_resynced(m.kernel_resynced + m.bank_kernel[bank]);
  CHECK(b.kernel_resynced >= m.kernel_resynced + m.bank_kernel[bank],
        "bank %d held %ld kernel frames; %ld copies made again", bank, (long)m.bank_kernel[bank],
        (long)(b.kernel_resynced - m.kernel_resynced));
  CHECK(b.bank_kernel[bank] == 0, "bank %d failed and still holds %ld kernel frames", bank,
        (long)b.bank_kernel[bank]);
  poison_all_once(&m);
  cw_finish(w, NWL);
}

const struct utest kmem_tests[] = {
  { "kmem.ro", kmem_ro, 240, 0 },
  { "kmem.bank", kmem_bank, 240, UT_MOVES },
  { 0 },
};
