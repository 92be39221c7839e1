/* usertests: the harness.
 *
 *   usertests                 run every test
 *   usertests PREFIX...       run the tests whose name starts with a PREFIX
 *                             (NAME$: exactly that one; !PREFIX: not those)
 *   usertests -l              list the tests (those that run only when named
 *                             say so)
 *   usertests -crash ...      crash-safety helper (crash.c), for tests/run.py
 *   usertests -argcheck ...   exec helper (exec.c)
 *   usertests -mchild ...     a mirrored or unmirrored helper process
 *                             of the mirror group (mirror.c)
 *   usertests -priv ...       a helper process of the priv group (priv.c)
 *   usertests -fault          print "fault: pid N", then store to 0xdead0000
 *                             (the console test expects the kernel's
 *                             message and the shell to carry on)
 *   usertests -sleep N        sleep N ticks (a background job for the
 *                             console test when there is no /sleep)
 *   usertests -badread        read fd 0 into an unmapped buffer, then into
 *                             a good one, and print both results: the
 *                             console test checks that the failed read
 *                             lost no typed byte
 *   usertests -seed S ... fuzz.   the hostile-program suite with seed S
 *                             (fuzz.c lists its options)
 *
 * A PREFIX ending in '$' selects the one test of exactly that name.
 *
 * Each test runs in its own child process, with a watchdog child that
 * kills it when its time limit passes.  One line per test:
 * "PASS name" or "FAIL name: why".  Free user frames and kernel pages
 * are compared before and after each test and around the whole run.
 * Exit status 0 only when every selected test passed.
 */
#include "user/tests/ut.h"

const char *ut_current = "usertests";
int ut_testpid;
int ut_hz = 10;

static const struct utest *const tables[] = {
  proc_tests, mem_tests, fs_tests, pipe_tests, exec_tests, sys_tests, fp_tests, cow_tests,
  policy_tests, mirror_tests,
  fuzz_tests, fault_tests, campaign_tests, priv_tests, kmem_tests,
};
#define NTABLES ((int)(sizeof(tables) / sizeof(tables[0])))

#define DEFAULT_SECS 60

/* p is a prefix of s; "name$" must match s exactly. */
static int
has_prefix(const char *s, const char *p)
{
  while (*p) {
    if (p[0] == '$' && p[1] == 0)
      return *s == 0;
    if (*s++ != *p++)
      return 0;
  }
  return 1;
}

/* Whether the arguments select test t: its name matches one of the
 * prefixes (every test does when there are none, but a UT_NAMED test
 * must be named by a prefix that is more than its area's: "mem." does
 * not select mem.bigheap) and no "!PREFIX". */
static int
selected(const struct utest *t, int nprefix, char **prefixes)
{
  const char *name = t->name;
  int wanted = !(t->flags & UT_NAMED);

  for (int i = 0; i < nprefix; i++)
    if (prefixes[i][0] == '!' && has_prefix(name, prefixes[i] + 1))
      return 0;
  for (int i = 0; i < nprefix; i++) {
    if (prefixes[i][0] == '!')
      continue;
    wanted = 0;
    if (has_prefix(name, prefixes[i]) &&
        (!(t->flags & UT_NAMED) || strlen(prefixes[i]) > strchr(name, '.') - name + 1))
      return 1;
  }
  return wanted;
}

/* Work out how many timer ticks (the unit of sleep() and uptime()) pass
 * in a second, from the time CSR (QEMU virt: 10 MHz). */
static void
measure_hz(void)
{
  int t0 = uptime();
  while (uptime() == t0)
    ;
  uint64 c0 = rd_time();
  int t1 = uptime();
  while (uptime() < t1 + 5)
    ;
  uint64 c1 = rd_time();
  uint64 per_tick = (c1 - c0) / 5;   /* time units per tick */
  if (per_tick == 0)
    per_tick = 1;
  ut_hz = (int)(10000000ULL / per_tick);
  if (ut_hz < 1)
    ut_hz = 1;
  if (ut_hz > 10000)
    ut_hz = 10000;
}

/* A memory reading: memstat and, per bank, the frames free or the
 * harness's own (mem_snapshot). */
struct mem {
  struct memstat m;
  uint64 acct[MEMSTAT_BANKS];
};

static void
get_mem(struct mem *x)
{
  mem_snapshot(&x->m, x->acct);
}

/* A bank's frames that are free, the harness's own, retired after a
 * memory error or holding the kernel's pages (a retired frame is
 * accounted for, not leaked; the kernel takes one for a page of its own
 * that failed). */
static uint64
bank_count(struct mem *x, int b)
{
  return x->acct[b] + x->m.bank_retired[b] + x->m.bank_kernel[b];
}

/* The first bank whose count (bank_count) differs between a and b, or
 * -1: frames leaked in one bank while another gained, or freed into the
 * wrong bank. */
static int
bank_differs(struct mem *a, struct mem *b)
{
  for (int i = 0; i < (int)a->m.nbank; i++)
    if (bank_count(a, i) != bank_count(b, i))
      return i;
  return -1;
}

/* Frames free, retired after a memory error or holding the kernel's
 * pages: what the leak checks compare (bank_count). */
static uint64
usable(struct mem *x)
{
  return x->m.frames_free + x->m.retired + x->m.kernel_frames;
}

/* Kernel-pool pages not in use by a process: free, lost to a memory
 * error (a page table, ptlost.c), or held for the kernel's data and bss
 * (spares and the pages lost ones moved to, kdata.c); and pages for
 * pair tables not in use by a process: free, or held by the pair-table
 * cache (which a test's exec may fill or empty). */
static uint64
kpages_idle(struct mem *x)
{
  return x->m.kpages_free + x->m.kpages_retired + x->m.kernel_data_pool + x->m.pairs_free +
         x->m.pairs_cached;
}

/* Write the next 4 KiB of stack below the caller, so that the harness's
 * copy-on-write breaks of the pages its system calls and wait() then
 * store to happen before the test child runs, not while it counts. */
static void __attribute__((noinline))
own_stack(void)
{
  char below[PGSIZE];

  for (int i = 0; i < PGSIZE; i += 64)
    ((volatile char *)below)[i] = 0;
}

static void
close_pair(int fd[2])
{
  close(fd[0]);
  close(fd[1]);
}

/* Run one test; returns 1 if it passed. */
static int
run_one(const struct utest *t)
{
  struct mem before, after;
  char why[160];
  int secs = t->secs ? t->secs : DEFAULT_SECS;

  why[0] = 0;
  /* Frame counts are global, so nothing but the test may allocate frames
   * while it runs.  With copy-on-write every fork makes the harness and
   * the watchdog copy the pages they store to next; so the watchdog is
   * started first and says when it is asleep, and the test child waits for
   * a go byte that the harness writes only after its own stores (which
   * break its copy-on-write sharing with the child) are done.  The counts
   * are taken before the pipes and the watchdog exist and again after
   * all of them are gone, so they must be exactly equal: a dead process
   * gives back everything in exit, and the harness's own pages are all
   * mapped already (main's warm-up). */
  int ready[2], go[2];
  char byte = 0;
  get_mem(&before);
  if (pipe(ready) < 0 || pipe(go) < 0) {
    ut_printf("FAIL %s: harness could not make pipes\n", t->name);
    return 0;
  }
  int dog = fork();
  if (dog == 0) {
    write(ready[1], &byte, 1);
    sleep(secs * ut_hz);
    exit(0);
  }
  read(ready[0], &byte, 1);
  int pid = fork();
  if (pid < 0) {
    ut_printf("FAIL %s: harness could not fork\n", t->name);
    if (dog > 0) {
      kill(dog);
      wait(0);
    }
    close_pair(ready);
    close_pair(go);
    return 0;
  }
  if (pid == 0) {
    read(go[0], &byte, 1);
    close_pair(ready);
    close_pair(go);
    ut_current = t->name;
    ut_testpid = getpid();
    t->fn();
    exit(0);
  }
  volatile int st = 0;          /* wait() stores here: broken before go, too */
  own_stack();
  write(go[1], &byte, 1);
  close_pair(ready);
  close_pair(go);
  int status = 0, timedout = 0, done = 0;
  while (!done) {
    st = 0;
    int w = wait((int *)&st);
    if (w < 0) {
      ut_snprintf(why, sizeof why, "harness lost its children");
      break;
    }
    if (w == pid) {
      status = st;
      done = 1;
      if (dog > 0) {
        kill(dog);
        while ((w = wait(0)) >= 0 && w != dog)
          ;
      }
    } else if (w == dog) {
      timedout = 1;
      dog = -1;
      kill(pid);
    }
  }

  int ok = 0;
  if (why[0]) {
  } else if (timedout) {
    ut_snprintf(why, sizeof why, "timed out after %d s", secs);
  } else if (status == UT_CHILDFAIL) {
    return 0;   /* the test printed its own FAIL line */
  } else if (status != 0) {
    ut_snprintf(why, sizeof why, "test process exited with status %d", status);
  } else {
    ok = 1;
  }

  int perbank = !(t->flags & UT_MOVES);
  if (ok && !(t->flags & UT_NOLEAK)) {
    /* Orphans of the test (re-parented to init) may still be running:
     * give them a moment, then the counts must be exactly equal (frames
     * retired after injected memory errors count as given back). */
    for (int tries = 0; tries < 30; tries++) {
      get_mem(&after);
      if (usable(&after) == usable(&before) && kpages_idle(&after) == kpages_idle(&before) &&
          (!perbank || bank_differs(&before, &after) < 0))
        break;
      sleep(1 + ut_hz / 20);
    }
    if (before.m.frames_total == 0 || after.m.frames_total == 0) {
      ok = 0;
      ut_snprintf(why, sizeof why, "memstat() failed: no leak check");
    } else if (usable(&after) != usable(&before)) {
      ok = 0;
      ut_snprintf(why, sizeof why, "%s: %ld user frames free before, %ld after (%ld newly retired)",
                  usable(&after) < usable(&before) ? "page leak" : "frames appeared",
                  (long)before.m.frames_free, (long)after.m.frames_free,
                  (long)(after.m.retired - before.m.retired));
    } else if (perbank && bank_differs(&before, &after) >= 0) {
      int b = bank_differs(&before, &after);
      ok = 0;
      ut_snprintf(why, sizeof why, "bank %d: %ld frames free, retired or the harness's before, "
                  "%ld after", b, (long)bank_count(&before, b), (long)bank_count(&after, b));
    } else if (kpages_idle(&after) != kpages_idle(&before)) {
      ok = 0;
      ut_snprintf(why, sizeof why, "%s: %ld kernel pages free or cached before, %ld after",
                  kpages_idle(&after) < kpages_idle(&before) ? "kernel page leak" : "kernel pages appeared",
                  (long)kpages_idle(&before), (long)kpages_idle(&after));
    }
  }
  if (ok)
    ut_printf("PASS %s\n", t->name);
  else
    ut_printf("FAIL %s: %s\n", t->name, why);
  return ok;
}

int
main(int argc, char *argv[])
{
  if (argc >= 2 && strcmp(argv[1], "-crash") == 0)
    return crash_main(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-faultvictim") == 0)
    return fault_victim(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-faultatomic") == 0)
    return fault_atomic(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-faultworker") == 0)
    return fault_worker(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-faultcount") == 0)
    return fault_count(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-faultreader") == 0)
    return fault_reader(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-faultzero") == 0)
    return fault_zero_reader(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-faultzerospin") == 0)
    return fault_zero_spinner(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-faultexec") == 0)
    return fault_exec_child(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-argcheck") == 0)
    return exec_helper(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-mchild") == 0)
    return mirror_child(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-priv") == 0)
    return priv_child(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "-fault") == 0) {
    ut_printf("fault: pid %d\n", getpid());
    *(volatile int *)0xdead0000UL = 1;
    ut_printf("fault: still running\n");
    return 1;
  }
  if (argc >= 3 && strcmp(argv[1], "-sleep") == 0) {
    sleep(atoi(argv[2]));
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "-badread") == 0) {
    char line[64];
    int bad = read(0, (char *)0xdead0000UL, sizeof line);
    int n = read(0, line, sizeof line - 1);
    line[n > 0 ? n : 0] = 0;
    if (n > 0 && line[n - 1] == '\n')
      line[n - 1] = 0;
    ut_printf("badread: %d then '%s'\n", bad, line);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "-l") == 0) {
    for (int i = 0; i < NTABLES; i++)
      for (const struct utest *t = tables[i]; t->name; t++)
        ut_printf("%s%s\n", t->name, t->flags & UT_NAMED ? " (only when named)" : "");
    return 0;
  }

  /* usertests -seed S [-workers N ...] fuzz.  (fuzz.c) */
  int used = fuzz_options(argc, argv);
  argv[used] = argv[0];
  argc -= used;
  argv += used;

  measure_hz();
  ut_printf("usertests: starting (%d ticks/s)\n", ut_hz);

  /* Warm up: one fork/wait so that the harness's own stack and data
   * pages are all in place before the first memory reading (own_stack's
   * too). */
  own_stack();
  int w = fork();
  if (w == 0)
    exit(0);
  wait(0);

  struct mem start, end;
  get_mem(&start);

  int passed = 0, failed = 0, perbank = 1;
  for (int i = 0; i < NTABLES; i++) {
    for (const struct utest *t = tables[i]; t->name; t++) {
      if (!selected(t, argc - 1, argv + 1))
        continue;
      perbank &= !(t->flags & UT_MOVES);
      if (run_one(t))
        passed++;
      else
        failed++;
    }
  }

  if (start.m.frames_total) {
    for (int tries = 0; tries < 30; tries++) {
      get_mem(&end);
      if (usable(&end) == usable(&start) && (!perbank || bank_differs(&start, &end) < 0))
        break;
      sleep(1 + ut_hz / 20);
    }
    int b = perbank ? bank_differs(&start, &end) : -1;
    if (usable(&end) == usable(&start) && b < 0) {
      ut_printf("PASS whole.noleak\n");
      passed++;
    } else {
      if (usable(&end) != usable(&start))
        ut_printf("FAIL whole.noleak: %ld user frames free (+%ld retired) at start, %ld (+%ld) at end\n",
                  (long)start.m.frames_free, (long)start.m.retired,
                  (long)end.m.frames_free, (long)end.m.retired);
      else
        ut_printf("FAIL whole.noleak: bank %d: %ld frames free, retired or the harness's at start, "
                  "%ld at end\n", b, (long)bank_count(&start, b), (long)bank_count(&end, b));
      failed++;
    }
  } else {
    ut_printf("FAIL whole.noleak: memstat() does not work\n");
    failed++;
  }
  ut_printf("usertests: done, %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
