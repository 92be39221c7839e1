/* utbench PREFIX...: the in-OS test suite's tests (user/tests/, linked
 * into this program in place of usertests' harness, bench/rules.mk), one
 * measured stretch per test, for the per-test figures of `make bench`.
 *
 * For each test selected (as in usertests: PREFIX, NAME$ for exactly one,
 * !PREFIX to leave out; tests flagged UT_NAMED only when named) it forks
 * a child that runs the test, waits for that child, and prints the BENCH
 * lines of bench.h under the test's name, plus
 *   BENCH NAME.status S      the test process's exit status (0: passed)
 * The measured stretch is the test alone: fork, the test, its exit and the
 * wait; usertests' harness work around each test (watchdog process, pipes,
 * leak check) is left out, because it is the same on both sides and would
 * only dilute the ratio.  Between tests, unmeasured, utbench waits until
 * the user frames and kernel pages the test used are free again (orphans
 * of a test may still be exiting), so that no test's leftovers run in the
 * next one's stretch.  First, `utbench.empty` measures a child that
 * exits at once: the harness's part of each stretch.  The native side runs /utbench, the mirrored side
 * its translated twin /m/utbench; helpers that a test execs by path
 * (/usertests -argcheck, ...) are the same program on both sides. */
#include "user/tests/ut.h"
#include "bench/user/bench.h"

/* What user/tests/main.c defines for the tests. */
const char *ut_current = "utbench";
int ut_testpid;
int ut_hz = 10;

static const struct utest *const tables[] = {
  proc_tests, mem_tests, fs_tests, pipe_tests, exec_tests, sys_tests, fp_tests, cow_tests,
  policy_tests, mirror_tests, fuzz_tests, fault_tests, campaign_tests, priv_tests,
};
#define NTABLES ((int)(sizeof(tables) / sizeof(tables[0])))

/* s starts with p; "name$" matches s exactly. */
static int
prefix_of(const char *s, const char *p)
{
  for (; *p; p++, s++) {
    if (p[0] == '$' && p[1] == 0)
      return *s == 0;
    if (*s != *p)
      return 0;
  }
  return 1;
}

/* Selected: no "!PREFIX" matches, and a PREFIX does (a UT_NAMED test
 * only by more than its area's name). */
static int
chosen(const struct utest *t, int n, char **pre)
{
  for (int i = 0; i < n; i++)
    if (pre[i][0] == '!' && prefix_of(t->name, pre[i] + 1))
      return 0;
  for (int i = 0; i < n; i++) {
    if (pre[i][0] == '!')
      continue;
    if (prefix_of(t->name, pre[i]) &&
        (!(t->flags & UT_NAMED) || strlen(pre[i]) > strchr(t->name, '.') - t->name + 1))
      return 1;
  }
  return 0;
}

/* Timer ticks per second from the time CSR (the tests size their sleeps
 * with ut_hz): the time of 5 whole ticks. */
static void
find_hz(void)
{
  int t = uptime();
  while (uptime() == t)
    ;
  uint64 c0 = now();
  t = uptime();
  while (uptime() < t + 5)
    ;
  uint64 per = (now() - c0) / 5;
  if (per > 0 && TIMEBASE / per >= 1)
    ut_hz = (int)(TIMEBASE / per);
}

/* Wait (up to about 3 s) until frames and kernel pages are back where
 * they were before the test. */
static void
settle(struct memstat *before)
{
  struct memstat m;

  for (int i = 0; i < 300; i++) {
    memstat(&m);
    if (m.frames_free + m.retired >= before->frames_free + before->retired &&
        m.kpages_free >= before->kpages_free)
      return;
    sleep(1);
  }
}

int
main(int argc, char *argv[])
{
  find_hz();
  /* The harness's own part of every test's stretch, for scale: a child
   * of this program that exits at once (fork of a process the size of
   * the suite, its exit, the wait). */
  {
    struct bmark b;
    bm_begin(&b, "utbench.empty");
    int pid = fork();
    if (pid == 0)
      exit(0);
    if (pid > 0)
      wait(0);
    bm_end(&b);
  }
  for (int ti = 0; ti < NTABLES; ti++) {
    for (const struct utest *t = tables[ti]; t->name; t++) {
      if (!chosen(t, argc - 1, argv + 1))
        continue;
      struct memstat before;
      struct bmark b;
      int st = -1;

      memstat(&before);
      bm_begin(&b, t->name);
      int pid = fork();
      if (pid < 0) {
        printf("utbench: fork failed\n");
        exit(1);
      }
      if (pid == 0) {
        ut_current = t->name;
        ut_testpid = getpid();
        t->fn();
        exit(0);
      }
      int w;
      while ((w = wait(&st)) >= 0 && w != pid)
        ;
      bm_end(&b);
      bm_line(t->name, "status", (uint64)st);
      settle(&before);
    }
  }
  printf("utbench: done\n");
  exit(0);
}
