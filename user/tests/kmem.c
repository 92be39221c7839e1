/* Group `kmem`: the kernel's own memory survives memory errors (issue 18;
 * docs/kernel-mirror.md).  So far the kernel's text and read-only data
 * -- each page has a second copy, and a poisoned page is switched to it
 * by machine mode on the kernel's next access (kernel/mm/kro.c) -- and
 * the leaf page tables of mirrored processes, made again from the other
 * half (kernel/mm/ptlost.c), and the kernel stacks and trapframes of
 * processes off a hart, pipe rings, buffer blocks and pair-table pages,
 * made again from a snapshot (kown.c), the trampoline page, and the pages
 * of the translated kernel's data and bss, copied back from their mirror
 * (kdata.c). */
#include "user/tests/ut.h"
#include "kernel/pagemap.h"
#include "kernel/fs.h"

#define KM_TICKS   1000     /* the workers compute this long (ticks): past the poisons */

static struct memstat
kstat(void)
{
  struct memstat m;

  CHECK(memstat(&m) == 0, "memstat failed");
  return m;
}

/* The kernel's counts that the tests wait for: second copies made
 * again, and pages come back from their copy. */
enum kcount { RESYNCED, RECOVERED, TABLES };

/* Wait (a tick at a time, at most two seconds) until count c reaches
 * want; then read the counts once more, so that what the kernel counted
 * before c (a retired page) is in too. */
static struct memstat
wait_kernel(enum kcount c, uint64 want)
{
  struct memstat m = kstat();

  for (int t = 0; t < 200 && (c == RESYNCED ? m.kernel_resynced : c == RECOVERED ? m.kernel_recovered
                               : m.tables_rebuilt) < want; t++) {
    sleep(1);
    m = kstat();
  }
  return kstat();
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
      b = wait_kernel(RESYNCED, a.kernel_resynced + n);
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
  b = wait_kernel(RESYNCED, a.kernel_resynced + n);
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
  b = wait_kernel(RESYNCED, m.kernel_resynced + m.bank_kernel[bank]);
  CHECK(b.kernel_resynced >= m.kernel_resynced + m.bank_kernel[bank],
        "bank %d held %ld kernel frames; %ld copies made again", bank, (long)m.bank_kernel[bank],
        (long)(b.kernel_resynced - m.kernel_resynced));
  CHECK(b.bank_kernel[bank] == 0, "bank %d failed and still holds %ld kernel frames", bank,
        (long)b.bank_kernel[bank]);
  poison_all_once(&m);
  cw_finish(w, NWL);
  ut_printf("  (kmem.bank: bank %d held %ld kernel frames -- copies of text and tables, mirrors of "
            "data -- all made again elsewhere)\n", bank, (long)m.bank_kernel[bank]);
}

#define TRAMP_LOSSES 8      /* losses of the trampoline's page in kmem.trampoline */

/* Lose the trampoline's page -- at TRAMPOLINE, mapped in every space:
 * uservec and userret, every trap from user mode runs there -- TRAMP_LOSSES
 * times while a mirrored worker of each workload runs on the other harts
 * (the fork worker makes spaces all the time, exec's among them), each
 * time once its copy is made again (refused meanwhile).  Each loss must
 * switch it to its copy at once, exactly once (kro.c: a process in user
 * mode would trap through the lost frame, whose bytes become illegal
 * instructions), and every worker's checksum must be right at the end.
 * Its address in the image is refused: nothing runs there. */
static void
kmem_trampoline(void)
{
  uint64 seed = ut_seed();
  struct cworker w[NWL];

  CHECK(faultinj(0, kstat().kernel_trampoline, FI_KERNEL) == -1,
        "the trampoline's page was lost at its address in the image");
  for (int k = 0; k < NWL; k++)
    cw_start(&w[k], k, 1, splitmix(seed + k), KM_TICKS);
  for (int r = 0; r < TRAMP_LOSSES; r++) {
    struct memstat a = kstat(), b;
    int made = -1;
    for (int t = 0; t < 200 && (made = faultinj(0, TRAMPOLINE, FI_KERNEL)) < 0; t++)
      sleep(1);
    CHECK(made == 0, "loss %d: the trampoline's page could not be lost for two seconds", r);
    b = kstat();
    CHECK(b.kernel_recovered == a.kernel_recovered + 1,
          "loss %d: the trampoline's page switched to its copy %ld times, not once", r,
          (long)(b.kernel_recovered - a.kernel_recovered));
    sleep(2);             /* the workers trap through the new one */
  }
  cw_finish(w, NWL);
}

/* Lose mirrored data page n (retried while no spare frame is ready for
 * it), and at once again: refused unless the page is back already.  It
 * must be copied back from its mirror exactly once per loss, within two
 * ticks by an access -- the process table, the locks, the file tables:
 * every hart uses them -- or else by the privileged scrub's patrol.  1
 * if an access found it. */
static int
kdata_lose_page(int round, int n)
{
  struct memstat a = kstat(), b;
  int r = -1;

  for (int t = 0; t < 200 && (r = faultinj(0, n, FI_KERNEL | FI_DATA)) < 0; t++)
    sleep(1);
  CHECK(r == 0, "round %d: data page %d could not be lost", round, n);
  int again = faultinj(0, n, FI_KERNEL | FI_DATA);
  sleep(2);
  b = kstat();
  int by_access = b.kernel_data_recovered > a.kernel_data_recovered;
  CHECK(again == -1 || by_access, "data page %d was lost twice", n);
  CHECK(scrub(0) >= 0, "scrub failed");
  b = kstat();
  uint64 want = again == 0 ? 2 : 1;
  CHECK(b.kernel_data_recovered == a.kernel_data_recovered + want,
        "round %d: data page %d: %ld pages copied back from the mirror, not %ld", round, n,
        (long)(b.kernel_data_recovered - a.kernel_data_recovered), (long)want);
  return by_access;
}

/* Lose the mirror of data page n: refused while it is lost already; made
 * again from the page exactly once, within two seconds (a scheduler
 * loop's pass).  1 if a loss of the page itself, tried at once, was
 * refused (the mirror not made again yet: the page had one copy). */
static int
kdata_lose_mirror(int n)
{
  struct memstat a = kstat(), b;

  CHECK(faultinj(0, n, FI_KERNEL | FI_DATA | FI_MIRROR) == 0, "data page %d: its mirror could not be lost", n);
  int refused = faultinj(0, n, FI_KERNEL | FI_DATA) == -1;
  b = wait_kernel(RESYNCED, a.kernel_resynced + 1);
  CHECK(b.kernel_resynced == a.kernel_resynced + 1, "data page %d: its mirror made again %ld times, not once",
        n, (long)(b.kernel_resynced - a.kernel_resynced));
  if (!refused)           /* the page was lost after all: back from the new mirror */
    CHECK(scrub(0) >= 0 && kstat().kernel_data_recovered == a.kernel_data_recovered + 1,
          "data page %d: lost after its mirror was made again, not copied back", n);
  return refused;
}

/* Lose every mirrored page of the kernel's data and bss (kernel/mm/kdata.c;
 * the translated kernel booted with memv6.kdata), one at a time, twice
 * over, then the mirror of each and after it the page again -- which
 * must come back from the new mirror -- while a mirrored worker of each
 * workload runs on the other harts.  Some pages must be found by an
 * access, and every worker's checksum must be right at the end (and, at
 * the boot's power-off, every word of data and bss equal to its mirror:
 * the harness's utk.kmem.follows).  Without a mirror of data and bss
 * every loss is refused. */
static void
kmem_kdata(void)
{
  uint64 seed = ut_seed();
  struct cworker w[NWL];
  int pages = (int)kstat().kernel_data_pages, lost = 0, by_access = 0, refused = 0;

  CHECK(faultinj(0, pages, FI_KERNEL | FI_DATA) == -1, "data page %d of %d was lost", pages, pages);
  if (pages == 0) {
    CHECK(faultinj(0, 0, FI_KERNEL | FI_DATA | FI_MIRROR) == -1, "a mirror of data was lost");
    ut_printf("  (kmem.kdata: no mirror of data and bss (memv6.kdata): losses refused)\n");
    return;
  }
  for (int k = 0; k < NWL; k++)
    cw_start(&w[k], k, 1, splitmix(seed + k), KM_TICKS);
  for (int round = 0; round < 3; round++)
    for (int n = 0; n < pages; n++, lost++) {
      if (round == 2)
        refused += kdata_lose_mirror(n);
      by_access += kdata_lose_page(round, n);
    }
  cw_finish(w, NWL);
  CHECK(by_access > 0, "none of %d lost pages of data was found by an access", lost);
  ut_printf("  (kmem.kdata: %d losses of data and bss pages, %d found by an access, the rest by the "
            "patrol; %d mirrors lost and made again, %d losses of their page refused meanwhile)\n",
            lost, by_access, pages, refused);
}

/* The kernel's page-table pages kmem.ktable loses: the table at level
 * on the walk to va (QEMU virt's devices, the kernel's 16 MiB, RAM, the
 * kernel stacks and trampoline at the top), every level, the root last.
 * An address with no table there is refused; most are not.  hot: every
 * hart walks through it all the time (the kernel's text and data, its
 * stacks, the root), so an access finds it before the patrol. */
static const struct {
  uint64 va;
  int level, hot;
} ktables[] = {
  { 0x80000000, 0, 1 }, { 0x80200000, 0, 0 }, { 0x80400000, 0, 0 }, { 0x80e00000, 0, 0 },
  { 0x10000000, 0, 0 }, { 0x0c000000, 0, 0 }, { 0x00100000, 0, 0 }, { MAXVA - PGSIZE, 0, 1 },
  { 0x10000000, 1, 0 }, { 0x80000000, 1, 1 }, { MAXVA - PGSIZE, 1, 1 }, { 0, 2, 1 },
};

/* Lose each page of ktables twice over (the second round loses pages
 * that run on their former copy since the first) while a mirrored
 * worker of each workload runs on the other harts.  Each loss is found
 * within two seconds by an access -- every hart walks these tables all
 * the time -- or else by the privileged scrub's patrol, is switched to
 * its copy exactly once and gets a new copy within two seconds.  The
 * hot ones must be found by an access, and every worker's checksum must
 * be right at the end. */
static void
kmem_ktable(void)
{
  uint64 seed = ut_seed();
  struct cworker w[NWL];
  int lost = 0, by_access = 0;

  for (int k = 0; k < NWL; k++)
    cw_start(&w[k], k, 1, splitmix(seed + k), KM_TICKS);
  for (int round = 0; round < 2; round++)
    for (int t = 0; t < (int)(sizeof ktables / sizeof ktables[0]); t++) {
      struct memstat a = kstat();
      uint64 va = ktables[t].va;
      int how = FI_HOW(FI_KERNEL | FI_TABLE, ktables[t].level);
      if (faultinj(0, va, how) < 0) {
        CHECK(round == 0 || t != 0, "round %d: the text's leaf table could not be lost", round);
        continue;
      }
      sleep(2);
      struct memstat b = kstat();
      by_access += b.kernel_recovered > a.kernel_recovered;
      CHECK(b.kernel_recovered > a.kernel_recovered || !ktables[t].hot,
            "round %d: the level-%d table of %p was not found by an access", round, ktables[t].level, va);
      CHECK(scrub(0) >= 0, "scrub failed");
      b = wait_kernel(RESYNCED, a.kernel_resynced + 1);
      CHECK(b.kernel_recovered == a.kernel_recovered + 1 && b.kernel_resynced == a.kernel_resynced + 1,
            "round %d: the level-%d table of %p: %ld pages switched to their copy, %ld copies made "
            "again, not 1", round, ktables[t].level, va, (long)(b.kernel_recovered - a.kernel_recovered),
            (long)(b.kernel_resynced - a.kernel_resynced));
      lost++;
    }
  cw_finish(w, NWL);
  CHECK(lost >= 2 * 8, "only %d of the kernel's table pages could be lost", lost);
  ut_printf("  (kmem.ktable: %d kernel page-table pages lost, %d found by an access, the rest by the patrol)\n",
            lost, by_access);
}

#define PT_LOSSES  24       /* leaf tables lost in kmem.ptable ... */
#define MID_LOSSES 12       /* ... and level-1 tables */
#define TOP_LOSSES 24       /* ... and roots and the tables over the trapframe */
#define PT_MAP     1024     /* pagemap entries looked at per process */

/* The mapped pages of pid from address 0 (at most PT_MAP) into m: how many. */
static int
map_of(int pid, struct pagemap *m)
{
  int n = pagemap(pid, 0, m, PT_MAP);

  CHECK(n > 0, "pagemap of pid %d: %d", pid, n);
  return n;
}

/* How many pages of before are still mapped in after at the same frames
 * (native and mirror); fails on one mapped at other frames. */
static int
same_frames(struct pagemap *before, int nb, struct pagemap *after, int na, int pid)
{
  int same = 0;

  for (int i = 0, j = 0; i < nb; i++) {
    while (j < na && after[j].va < before[i].va)
      j++;
    if (j == na || after[j].va != before[i].va)
      continue;
    CHECK(after[j].pa == before[i].pa && after[j].mirror_pa == before[i].mirror_pa,
          "pid %d page %p: frames %p/%p before its page table was lost, %p/%p after", pid,
          before[i].va, before[i].pa, before[i].mirror_pa, after[j].pa, after[j].mirror_pa);
    same++;
  }
  return same;
}

/* faultinj(pid, va, how), retried while the page is in use (refused
 * then: a page in use has no copy to come back from) for up to two
 * seconds.  What faultinj returned last: 0 (1: a dirty block), or -1. */
static int
lose_retry(int pid, uint64 va, int how)
{
  int r = -1;

  for (int t = 0; t < 400 && (r = faultinj(pid, va, how)) < 0; t++)
    if (t % 4 == 3)
      sleep(1);
  return r;
}

/* The counts of n losses made again (within two seconds): each page
 * came back once, one pool page retired each. */
static void
check_remade(struct memstat *a, uint64 n, const char *what, int r)
{
  struct memstat m = wait_kernel(RECOVERED, a->kernel_recovered + n);
  CHECK(m.kernel_recovered == a->kernel_recovered + n && m.kpages_retired == a->kpages_retired + n,
        "%s %d: %ld made again, %ld pool pages retired, not %ld", what, r,
        (long)(m.kernel_recovered - a->kernel_recovered),
        (long)(m.kpages_retired - a->kpages_retired), (long)n);
}

/* Lose the page table of x at level that maps va (how: FI_TABLE, with
 * FI_MIRROR or not, and the level): it must be made again by x's own
 * access within two seconds (nothing else looks at its tables), at the
 * cost of one pool page, and leave a compute worker's pages at their
 * frames (how many were compared). */
static int
lose_table(struct cworker *x, uint64 va, int how, int r, struct pagemap *before,
           struct pagemap *after)
{
  int nb = x->type == WL_COMPUTE ? map_of(x->pid, before) : 0;
  const char *half = how & FI_MIRROR ? "mirror" : "native";
  struct memstat a = kstat();

  CHECK(faultinj(x->pid, va, how) == 0, "loss %d: the %s level-%d table of %p in pid %d", r, half,
        FI_BIT(how), va, x->pid);
  struct memstat b = wait_kernel(TABLES, a.tables_rebuilt + 1);
  CHECK(b.tables_rebuilt == a.tables_rebuilt + 1 && b.kpages_retired == a.kpages_retired + 1,
        "loss %d (%s half, level %d, %p, %s %s worker): %ld tables made again by its access, %ld "
        "pool pages retired", r, half, FI_BIT(how), va, x->mirrored ? "mirrored" : "unmirrored",
        cw_names[x->type], (long)(b.tables_rebuilt - a.tables_rebuilt),
        (long)(b.kpages_retired - a.kpages_retired));
  return nb > 0 ? same_frames(before, nb, after, map_of(x->pid, after), x->pid) : 0;
}

/* Lose a leaf page table of a mirrored worker, PT_LOSSES times -- the
 * native or the mirror half's of its heap, or the native one of its text
 * (nothing reads the mirror of text: that loss is found at exit), on
 * each workload in turn -- while a mirrored worker of each workload runs on
 * 3 harts.  Each loss must be made again by the worker's own access
 * within two seconds (tables_rebuilt, with nothing else looking at its
 * tables), cost one pool page (kpages_retired), and leave every page of
 * the compute worker at its frames.  An unmirrored process's leaf table
 * is refused.  Then level-1 tables (ptlost.c: made
 * again from the recorded places of the leaf tables under them), 12
 * times: of each mirrored worker's heap, native or mirror half, and of
 * an unmirrored compute worker's, each made again by the worker's own
 * access.  Then the tables on the trap path's walk, the root and the
 * level-1 and leaf tables over the trapframe and the trampoline, 24
 * times, each kind twice for each worker, the unmirrored one too: each
 * made again (from the places of the tables under it; the leaf from the
 * trampoline's frame and the process's trapframe) while the injector
 * holds the worker stopped, before it returns to user mode.  Every checksum is right at the end, and the
 * harness finds no frame or pool page leaked. */
static void
kmem_ptable(void)
{
  uint64 seed = ut_seed();
  struct cworker w[NWL], plain;
  struct pagemap *before = malloc(2 * PT_MAP * sizeof *before), *after = before + PT_MAP;
  int by_access = 0, compared = 0;

  CHECK(before != 0, "no memory for pagemaps");
  for (int k = 0; k < NWL; k++)
    cw_start(&w[k], k, 1, splitmix(seed + k), KM_TICKS);
  cw_start(&plain, WL_COMPUTE, 0, splitmix(seed + NWL), KM_TICKS);
  CHECK(faultinj(plain.pid, plain.rd.heap, FI_TABLE) == -1, "an unmirrored process's page table was lost");
  for (int r = 0; r < PT_LOSSES; r++) {
    struct cworker *x = &w[r % NWL];
    int kind = (r / NWL) % 3;     /* native heap, mirror heap, native text */
    uint64 va = kind == 2 ? 0 : x->rd.heap + splitmix(seed + r) % x->rd.hot * PGSIZE;
    compared += lose_table(x, va, FI_TABLE | (kind == 1 ? FI_MIRROR : 0), r, before, after);
    by_access++;
  }
  for (int r = 0; r < MID_LOSSES; r++) {
    struct cworker *x = r % (NWL + 1) == NWL ? &plain : &w[r % (NWL + 1)];
    int mirror = x != &plain && (r / (NWL + 1)) % 2 ? FI_MIRROR : 0;
    compared += lose_table(x, x->rd.heap, FI_HOW(FI_TABLE | mirror, 1), r, before, after);
  }
  for (int r = 0; r < TOP_LOSSES; r++) {
    struct cworker *x = r % (NWL + 1) == NWL ? &plain : &w[r % (NWL + 1)];
    int level = 2 - (r / (NWL + 1)) % 3;    /* the root, the level-1 and the leaf table */
    compared += lose_table(x, MAXVA - 2 * PGSIZE, FI_HOW(FI_TABLE, level), r, before, after);
  }
  cw_finish(w, NWL);
  cw_finish(&plain, 1);
  free(before);
  CHECK(compared > 0, "no page of the compute worker was compared");
  ut_printf("  (kmem.ptable: %d leaf and %d level-1 tables lost and made again by the workers' "
            "accesses, %d roots and tables over the trapframe made again before their workers "
            "went on; %d pages kept their frames)\n", by_access, MID_LOSSES, TOP_LOSSES, compared);
}

#define OWN_LOSSES  24      /* owned pages of the workers lost in kmem.kstack, kmem.ktrapframe */
#define OWN_SLEEPS  6       /* ... and of the sleeper */

/* A process's own kernel pages, its kernel stack or its trapframe (how),
 * lost while it is off a hart (kernel/mm/kro.c: each has a snapshot,
 * taken as its process leaves a hart).  First a sleeper, a child blocked
 * in read() on a pipe -- its stack holds the whole system call, its
 * trapframe every user register -- loses the page (bytes destroyed, PTE
 * cut); a second loss is refused while the first is pending; then a
 * byte wakes it, and it must return from read() with the byte and
 * answer it, the page made again exactly once from the snapshot, at the
 * cost of one retired pool page.  Every other time a lost trapframe is
 * made again before the byte, by a repairer that stops the sleeper (a
 * poison of one of its pages with FI_NOW: every process is stopped and
 * its trapframe used, kernel/core/proc.c proc_stop).  Then the pages of a mirrored worker of
 * each workload, lost whenever they are off a hart, while they run on
 * the other harts: each made again within two seconds, every checksum
 * right at the end.  The caller's own page (in use) is refused. */
static uint64 own_probe = 1;   /* a data page the sleeper shares: FI_NOW's target */

static void
own_losses(int how, const char *what)
{
  uint64 seed = ut_seed() + own_probe++;
  struct cworker w[NWL];
  int in[2], out[2];

  CHECK(faultinj(getpid(), 0, how) == -1, "the caller's own %s was lost as it ran", what);
  xpipe(in);
  xpipe(out);
  int kid = xfork();
  if (kid == 0) {
    unsigned char b;
    close(in[1]);
    close(out[0]);
    while (read(in[0], &b, 1) == 1) {
      b++;
      write(out[1], &b, 1);
    }
    exit(0);
  }
  close(in[0]);
  close(out[1]);        /* a sleeper that dies: no answer, not a hang */
  for (int r = 0; r < OWN_SLEEPS; r++) {
    struct memstat a = kstat();
    CHECK(lose_retry(kid, 0, how) == 0, "sleep %d: the sleeper's %s could not be lost", r, what);
    /* A second loss is refused while the first is pending -- unless the
     * sleeper was not asleep but preempted on its way back to read():
     * then it ran in between, the page made again, and is lost again. */
    int again = faultinj(kid, 0, how);
    uint64 n = again == 0 ? 2 : 1;
    if ((how & FI_TRAPFRAME) && r % 2 == 1) {
      CHECK(faultinj(kid, (uint64)&own_probe, FI_NOW) == 0, "sleep %d: no poison of the sleeper", r);
      struct memstat m = kstat();
      uint64 got = m.kernel_recovered - a.kernel_recovered;
      CHECK(got == n, "sleep %d: stopped by a repairer, the sleeper's lost trapframe was made again "
            "%ld times, not %ld (%ld pool pages retired)", r, (long)got, (long)n,
            (long)(m.kpages_retired - a.kpages_retired));
    }
    unsigned char b = (unsigned char)(seed + r), got = 0;
    CHECK(write(in[1], &b, 1) == 1 && read(out[0], &got, 1) == 1, "sleep %d: no answer", r);
    CHECK(got == (unsigned char)(b + 1), "sleep %d: the sleeper answered %d to %d", r, got, b);
    check_remade(&a, n, what, r);
  }
  close(in[1]);
  CHECK(cw_reap(kid) == 0, "the sleeper exited badly");
  close(out[0]);

  for (int k = 0; k < NWL; k++)
    cw_start(&w[k], k, 1, splitmix(seed + k), KM_TICKS);
  for (int r = 0; r < OWN_LOSSES; r++) {
    struct cworker *x = &w[r % NWL];
    struct memstat a = kstat();
    CHECK(lose_retry(x->pid, 0, how) == 0, "loss %d: the %s worker's %s could not be lost", r,
          cw_names[x->type], what);
    check_remade(&a, 1, cw_names[x->type], r);
  }
  cw_finish(w, NWL);
  ut_printf("  (%s: %d of a sleeper and %d of running workers lost and made again)\n", what,
            OWN_SLEEPS, OWN_LOSSES);
}

static void
kmem_kstack(void)
{
  own_losses(FI_KERNEL | FI_STACK, "kernel stack");
}

static void
kmem_ktrapframe(void)
{
  own_losses(FI_KERNEL | FI_TRAPFRAME, "trapframe");
}

#define PIPE_ROUNDS  8      /* a pipe's ring lost with bytes in it ... */
#define PIPE_LOSSES 24      /* ... and while a stream runs through it */

/* A stream of pat(seed, offset) bytes, in chunks of varying size, until
 * the read end closes (the writer) or the write end does (the reader:
 * exit 1 at the first wrong byte, 2 if nothing came). */
static void
stream_child(int fd, uint64 seed, int writer)
{
  static uchar b[1500];
  uint64 off = 0, st = splitmix(seed) | 1;

  for (;;) {
    int n = 1 + rnd(&st) % sizeof b;
    if (writer) {
      for (int i = 0; i < n; i++)
        b[i] = pat(seed, off + i);
      if (write(fd, b, n) != n)
        exit(0);
    } else if ((n = read(fd, b, n)) <= 0) {
      exit(off == 0 ? 2 : 0);
    }
    for (int i = 0; !writer && i < n; i++)
      if (b[i] != pat(seed, off + i)) {
        ut_printf("stream: byte %ld read %d, written %d\n", (long)(off + i), b[i], pat(seed, off + i));
        exit(1);
      }
    off += n;
  }
}

/* A pipe's ring (kernel/fs/pipe.c: a page of its own at KPIPE(n), with
 * a snapshot of what writers put there) lost while no read or write
 * copies in or out of it.  First with bytes in it: a write of 1 to 4096
 * bytes and a read of half of them, then the loss (refused a second time
 * while pending), then the rest must read back exactly, the ring made
 * again once, one pool page retired; the ring's place moves round each
 * time.  Then a writer child streams bytes to a reader child, each
 * checking the other's pattern, while mirrored workers of each workload
 * run on the other harts and the ring is lost 24 times (retried while a
 * copy uses it), each made again within two seconds; the reader must
 * have found every byte right, every worker's checksum right. */
static void
kmem_pipe(void)
{
  static uchar out[PGSIZE], in[PGSIZE];
  uint64 seed = ut_seed(), st = splitmix(seed) | 1, sent = 0;
  struct cworker w[NWL];
  int p[2];

  xpipe(p);
  CHECK(faultinj(0, 2 * NOFILE, FI_KERNEL | FI_PIPE) == -1, "a pipe behind no descriptor was lost");
  for (int r = 0; r < PIPE_ROUNDS; r++) {
    int n = 1 + rnd(&st) % PGSIZE, half = n / 2;
    for (int i = 0; i < n; i++)
      out[i] = pat(seed, sent + i);
    xwrite(p[1], out, n);
    xread(p[0], in, half);
    struct memstat a = kstat();
    CHECK(faultinj(0, p[1], FI_KERNEL | FI_PIPE) == 0, "round %d: the ring could not be lost", r);
    CHECK(faultinj(0, p[0], FI_KERNEL | FI_PIPE) == -1, "round %d: the ring was lost twice", r);
    xread(p[0], in + half, n - half);
    for (int i = 0; i < n; i++)
      CHECK(in[i] == out[i], "round %d: byte %d of %d (at %ld in the ring) read %d, written %d", r,
            i, n, (long)((sent + i) % PGSIZE), in[i], out[i]);
    check_remade(&a, 1, "round", r);
    sent += n;
  }
  close(p[0]);
  close(p[1]);

  for (int k = 0; k < NWL; k++)
    cw_start(&w[k], k, 1, splitmix(seed + k), KM_TICKS);
  xpipe(p);
  int writer = xfork();
  if (writer == 0) {
    close(p[0]);
    stream_child(p[1], seed, 1);
  }
  int reader = xfork();
  if (reader == 0) {
    close(p[1]);
    stream_child(p[0], seed, 0);
  }
  close(p[0]);
  for (int r = 0; r < PIPE_LOSSES; r++) {
    struct memstat a = kstat();
    CHECK(lose_retry(0, p[1], FI_KERNEL | FI_PIPE) == 0, "loss %d: the streaming ring could not be lost", r);
    check_remade(&a, 1, "loss", r);
  }
  kill(writer);
  close(p[1]);
  cw_reap(writer);
  int st_reader = cw_reap(reader);
  CHECK(st_reader == 0, "the reader %s", st_reader == 1 ? "read a wrong byte" : "read nothing");
  cw_finish(w, NWL);
  ut_printf("  (pipe: %d rings with bytes in and %d of a stream lost and made again)\n", PIPE_ROUNDS,
            PIPE_LOSSES);
}

/* The pair table of a mirrored program (kernel/mm/pairs.c: pages of
 * their own at KPAIRS(k), each with a snapshot taken as it is loaded)
 * lost page by page while the program runs.  The victim counts in a
 * tight loop of store pairs (`usertests -faultcount`, fault.storewindow);
 * before it starts, every page of its table is lost (bytes destroyed,
 * each refused a second time while pending, a page past the table's end
 * refused); then, while mirrored workers of each workload run on the
 * other harts, its counter page is poisoned again and again with FI_NOW
 * -- the victim stopped wherever it is, its copies rebuilt at once --
 * and each rebuild looks the victim's pc up in the table: a victim
 * stopped inside a window must be settled from the entry found there
 * (a store redone), else its counts come out wrong.  The counts must be
 * exact (stage 6c of tests/run.py runs this single-stepped, where
 * windows are really met: QEMU otherwise takes interrupts only between
 * translation blocks, and must see some settled); after the privileged scrub's patrol
 * every lost page was made again exactly once from its snapshot, one
 * pool page retired each. */
static int pairs_lost;

static void
lose_pair_pages(int pid)
{
  CHECK(faultinj(pid, 1 << 20, FI_KERNEL | FI_PAIRS) == -1, "a page past the pair table was lost");
  for (pairs_lost = 0; faultinj(pid, pairs_lost, FI_KERNEL | FI_PAIRS) == 0; pairs_lost++)
    CHECK(faultinj(pid, pairs_lost, FI_KERNEL | FI_PAIRS) == -1, "page %d lost twice", pairs_lost);
}

static void
kmem_pairs(void)
{
  uint64 seed = ut_seed();
  struct cworker w[NWL];
  struct memstat a = kstat();
  struct window win;

  for (int k = 0; k < NWL; k++)
    cw_start(&w[k], k, 1, splitmix(seed + k), KM_TICKS);
  int st = window_run("-faultcount", 1, FI_NOW, FAULT_CNT_TICKS - 10, 1 << 30, lose_pair_pages, &win);
  CHECK(pairs_lost >= 2, "%d pages of the victim's pair table lost", pairs_lost);
  CHECK(win.hits > 0, "no poison landed");
  CHECK(win.stale == 0, "%d of %d poisoned pages still mapped their poisoned frame", win.stale,
        win.hits);
  CHECK(st == 0, "the counting victim ended with status %d after %d poisons, %ld windows settled "
        "(1: a count is wrong: an update was lost)", st, win.hits, win.settled);
  CHECK(scrub(1) >= 0, "scrub failed");
  check_remade(&a, pairs_lost, "pair-table pages", 0);
  cw_finish(w, NWL);
  ut_printf("  (kmem.pairs: %d poisons, %ld windows settled, %d pair-table pages lost)\n", win.hits,
            win.settled, pairs_lost);
}

#define BUF_DIRTY    8      /* dirty buffer-cache blocks lost */
#define BUF_FILE    20      /* blocks of each file a writer child writes */
#define BUF_WRITERS  3      /* children writing at once: a transaction stays open */
#define BUF_STOP    "kmbuf.stop"

/* Write (or with check, read back and compare) blocks of pat(seed, .)
 * in chunks of 1 to 1500 bytes: a transaction each.  0, or the offset
 * of the first wrong byte plus one. */
static int
buf_file(const char *name, uint64 seed, int blocks, int check)
{
  static uchar b[1500];
  uint64 st = splitmix(seed) | 1;
  int fd = xopen(name, check ? O_RDONLY : O_CREATE | O_RDWR | O_TRUNC), wrong = 0;

  for (int off = 0, n; off < blocks * BSIZE && !wrong; off += n) {
    n = 1 + rnd(&st) % sizeof b;
    n = n < blocks * BSIZE - off ? n : blocks * BSIZE - off;
    if (check)
      xread(fd, b, n);
    for (int i = 0; i < n && !wrong; i++)
      if (!check)
        b[i] = pat(seed, off + i);
      else if (b[i] != pat(seed, off + i))
        wrong = off + i + 1;
    if (!check)
      xwrite(fd, b, n);
  }
  close(fd);
  return wrong;
}

/* Writer child k of kmem.buf: round after round, a file written, read
 * back and checked, removed -- until BUF_STOP exists.  Exit 1 at the
 * first wrong byte. */
static void
buf_writer(uint64 seed, int k)
{
  char name[] = "kmbuf0";

  name[5] += k;
  for (uint r = 0; open(BUF_STOP, O_RDONLY) < 0; r++) {
    buf_file(name, seed + r, BUF_FILE, 0);
    int wrong = buf_file(name, seed + r, BUF_FILE, 1);
    if (wrong) {
      ut_printf("buf writer %d: round %d byte %d read wrong\n", k, r, wrong - 1);
      exit(1);
    }
    unlink(name);
  }
  exit(0);
}

/* A buffer-cache entry's block (kernel/fs/bio.c: a page of its own at
 * KBUF(n), with a snapshot taken as its lock is let go) lost while
 * nobody holds it, clean or dirty, while mirrored workers of each
 * workload run on the other harts.  Clean: a file of half the cache's
 * size is written and read, then every entry is lost (none is in use),
 * and the file must read back exactly -- from the cache, its blocks made
 * again from their snapshots.  Dirty -- changed by the open transaction,
 * not yet written home (the injector names an entry that holds such a
 * block: NBUF): three writer children write, read back and remove files
 * in small transactions, joined in one commit, which keeps logged blocks
 * dirty for a while, and 8 dirty blocks are lost; every writer must read
 * back every byte right (the image's fsck after the boot checks the
 * rest: bitmap and inode blocks).  Then a read through a file larger
 * than the cache locks every entry again, and each lost block must have
 * been made again exactly once, one pool page retired each. */
static void
kmem_buf(void)
{
  static uchar b[BSIZE];
  uint64 seed = ut_seed();
  struct cworker w[NWL];
  int clean = 0, dirty = 0, tries = 0, wrong;
  struct memstat a = kstat();

  CHECK(faultinj(0, NBUF + 1, FI_KERNEL | FI_BUF) == -1, "a buffer beyond the cache was lost");
  for (int k = 0; k < NWL; k++)
    cw_start(&w[k], k, 1, splitmix(seed + k), KM_TICKS);
  buf_file("kmbufc", seed, NBUF / 2, 0);
  CHECK(buf_file("kmbufc", seed, NBUF / 2, 1) == 0, "the file read back wrong before any loss");
  for (int n = 0; n < NBUF; n++, clean++)
    CHECK(faultinj(0, n, FI_KERNEL | FI_BUF) == 0, "entry %d of an idle cache was not lost clean", n);
  wrong = buf_file("kmbufc", seed, NBUF / 2, 1);
  CHECK(wrong == 0, "after every entry was lost, byte %d of the file read back wrong", wrong - 1);
  unlink("kmbufc");

  unlink(BUF_STOP);
  int writer[BUF_WRITERS], bad = 0;
  for (int k = 0; k < BUF_WRITERS; k++)
    if ((writer[k] = xfork()) == 0)
      buf_writer(seed + 100 * k, k);
  for (; dirty < BUF_DIRTY && tries < 20000; tries++) {
    int r = faultinj(0, NBUF, FI_KERNEL | FI_BUF);
    dirty += r == 1;
    clean += r == 0;        /* committed while the injector waited for it */
  }
  close(xopen(BUF_STOP, O_CREATE | O_WRONLY));
  for (int k = 0; k < BUF_WRITERS; k++)
    bad += cw_reap(writer[k]) != 0;
  CHECK(dirty == BUF_DIRTY, "only %d dirty blocks lost in %d tries", dirty, tries);
  CHECK(bad == 0, "%d writers read back a wrong byte", bad);
  cw_finish(w, NWL);
  unlink(BUF_STOP);
  int fd = xopen("/usertests", O_RDONLY), blocks = 0;
  while (read(fd, b, sizeof b) == sizeof b)
    blocks++;
  close(fd);
  CHECK(blocks > NBUF, "usertests is only %d blocks, not more than the cache", blocks);
  check_remade(&a, clean + dirty, "losses, clean and dirty:", clean + dirty);
  ut_printf("  (buffer cache: %d clean and %d dirty blocks lost and made again, %d tries)\n", clean,
            dirty, tries);
}

const struct utest kmem_tests[] = {
  { "kmem.ro", kmem_ro, 240, 0 },
  { "kmem.bank", kmem_bank, 240, UT_MOVES },
  { "kmem.ptable", kmem_ptable, 240, 0 },
  { "kmem.ktable", kmem_ktable, 240, 0 },
  { "kmem.kstack", kmem_kstack, 240, 0 },
  { "kmem.ktrapframe", kmem_ktrapframe, 240, 0 },
  { "kmem.pipe", kmem_pipe, 240, 0 },
  { "kmem.buf", kmem_buf, 240, 0 },
  { "kmem.kdata", kmem_kdata, 240, 0 },
  { "kmem.trampoline", kmem_trampoline, 240, 0 },
  { "kmem.pairs", kmem_pairs, 240, 0 },
  { 0 },
};
