/* usertests: process life cycle -- fork, exit, wait, kill, orphans,
 * zombies. */
#include "user/tests/ut.h"

/* Many children at once, each exiting with its own status; wait must
 * hand back every pid exactly once with the status that pid chose. */
static void
fork_exit_status(void)
{
  enum { N = 40 };
  int pids[N], seen[N];
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < N; i++) {
      pids[i] = xfork();
      if (pids[i] == 0)
        exit(i + round * 50);
      seen[i] = 0;
    }
    for (int k = 0; k < N; k++) {
      int st = -99;
      int w = wait(&st);
      int i;
      for (i = 0; i < N && pids[i] != w; i++)
        ;
      CHECK(i < N, "wait returned %d, not one of my children", w);
      CHECK(!seen[i], "pid %d reported twice by wait", w);
      seen[i] = 1;
      CHECK(st == i + round * 50, "child %d exited with %d, wait says %d", w, i + round * 50, st);
    }
    CHECK(wait(0) == -1, "wait with no children left did not return -1");
  }
}

/* Exit statuses are full ints: negative and large values survive. */
static void
exit_values(void)
{
  int vals[] = { 0, 1, -1, -5, 255, 256, 100000, -100000 };
  for (int i = 0; i < (int)(sizeof vals / sizeof vals[0]); i++) {
    int pid = xfork();
    if (pid == 0)
      exit(vals[i]);
    int st = xwait(pid);
    CHECK(st == vals[i], "exit(%d) was reported as %d", vals[i], st);
  }
  /* wait(0) is allowed: no status wanted. */
  int pid = xfork();
  if (pid == 0)
    exit(7);
  CHECK(wait(0) == pid, "wait(0) did not return the child's pid");
}

/* Fork until the process table is full: fork must fail with -1 (no
 * panic), and every slot must come back after the children exit. */
static void
fork_storm(void)
{
  int n1 = count_forkable();
  CHECK(n1 >= NPROC / 2, "could fork only %d processes", n1);
  CHECK(n1 < NPROC, "forked %d processes with NPROC=%d", n1, NPROC);
  for (int r = 0; r < 5; r++) {
    int n = count_forkable();
    CHECK(n == n1, "round %d: %d processes forkable, first round %d (slots lost)", r, n, n1);
  }
}

/* Fork and exit in quick succession from several parents at once. */
static void
fork_churn_child(uint64 arg)
{
  for (int i = 0; i < 60; i++) {
    int pid = fork();
    if (pid < 0)
      continue;   /* table momentarily full: fine */
    if (pid == 0)
      exit((int)arg);
    int st;
    if (wait(&st) != pid || st != (int)arg)
      exit(1);
  }
  exit(0);
}

static void
fork_churn(void)
{
  enum { P = 4 };
  int pids[P];
  for (int i = 0; i < P; i++) {
    pids[i] = xfork();
    if (pids[i] == 0)
      fork_churn_child(i + 10);
  }
  for (int i = 0; i < P; i++) {
    int st = -7;
    int w = wait(&st);
    CHECK(w > 0, "wait failed with churning parents left");
    CHECK(st == 0, "churning parent %d saw a wrong pid or status (%d)", w, st);
  }
}

static void
wait_no_children(void)
{
  int st = 12345;
  CHECK(wait(&st) == -1, "wait without children did not return -1");
  CHECK(st == 12345, "wait without children wrote a status");
}

/* kill a child that spins in user mode. */
static void
kill_spinner(void)
{
  int pid = xfork();
  if (pid == 0)
    for (;;)
      ;
  sleep(2);
  CHECK(kill(pid) == 0, "kill(%d) of a live child failed", pid);
  int st = xwait(pid);
  CHECK(st == -1, "killed child exited with %d, not -1", st);
}

/* kill a child that sleeps for a long time: it must not sleep on. */
static void
kill_sleeper(void)
{
  int pid = xfork();
  if (pid == 0) {
    sleep(1000000);
    exit(0);
  }
  sleep(2);
  int t0 = uptime();
  CHECK(kill(pid) == 0, "kill of sleeping child failed");
  int st = xwait(pid);
  int dt = uptime() - t0;
  CHECK(st == -1, "killed sleeper exited with %d", st);
  CHECK(dt < 5 * ut_hz, "killed sleeper took %d ticks to die", dt);
}

/* kill a child blocked reading an empty pipe. */
static void
kill_reader(void)
{
  int fds[2];
  xpipe(fds);
  int pid = xfork();
  if (pid == 0) {
    char c;
    read(fds[0], &c, 1);
    exit(0);
  }
  sleep(2);
  CHECK(kill(pid) == 0, "kill of pipe reader failed");
  int st = xwait(pid);
  CHECK(st == -1, "killed pipe reader exited with %d", st);
  close(fds[0]);
  close(fds[1]);
}

static void
kill_bad_pid(void)
{
  CHECK(kill(-1) == -1, "kill(-1) did not fail");
  CHECK(kill(0) == -1, "kill(0) did not fail");
  CHECK(kill(1000000) == -1, "kill(1000000) did not fail");
  /* a pid that existed and was reaped */
  int pid = xfork();
  if (pid == 0)
    exit(0);
  xwait(pid);
  CHECK(kill(pid) == -1, "kill of a reaped pid %d did not fail", pid);
}

/* Children that exit before their parent waits become zombies; the
 * parent still collects every status later, and the slots come back. */
static void
zombies(void)
{
  int before = count_forkable();
  enum { N = 20 };
  int pids[N];
  for (int i = 0; i < N; i++) {
    pids[i] = xfork();
    if (pids[i] == 0)
      exit(100 + i);
  }
  sleep(5);   /* let them all die unwaited-for */
  for (int i = N - 1; i >= 0; i--) {
    int st = -1;
    int w = wait(&st);
    int j;
    for (j = 0; j < N && pids[j] != w; j++)
      ;
    CHECK(j < N, "wait returned stranger %d", w);
    CHECK(st == 100 + j, "zombie %d status %d, expected %d", w, st, 100 + j);
  }
  int after = count_forkable();
  CHECK(after == before, "%d forkable before zombies, %d after", before, after);
}

/* A child whose parent has exited is re-parented to init, keeps
 * running, and is reaped by init when it exits: the process slots come
 * back without anyone here waiting for them. */
static void
orphans(void)
{
  int before = count_forkable();
  int fds[2];
  xpipe(fds);
  enum { N = 8 };
  int mid = xfork();
  if (mid == 0) {
    for (int i = 0; i < N; i++) {
      int pid = fork();
      if (pid == 0) {
        sleep(3);   /* the middle parent is gone by now */
        char c = 'a' + i;
        write(fds[1], &c, 1);
        exit(0);
      }
    }
    exit(0);   /* without waiting */
  }
  CHECK(xwait(mid) == 0, "middle process failed");
  close(fds[1]);
  CHECK(wait(0) == -1, "grandchildren were handed to their grandparent");
  /* The orphans still run: each writes its letter. */
  char got[N + 1];
  int n = 0, r;
  while ((r = read(fds[0], got + n, N - n)) > 0)
    n += r;
  close(fds[0]);
  CHECK(n == N, "orphans wrote %d letters, expected %d", n, N);
  /* init reaps them: all slots return (allow a moment). */
  int after = 0;
  for (int tries = 0; tries < 20; tries++) {
    after = count_forkable();
    if (after == before)
      break;
    sleep(2);
  }
  CHECK(after == before, "%d forkable before, %d after orphans exited (init did not reap?)",
        before, after);
}

/* A parent killed while it has children: the children live on (as
 * orphans) and can still finish their work. */
static void
kill_parent(void)
{
  int fds[2];
  xpipe(fds);
  int mid = xfork();
  if (mid == 0) {
    int pid = fork();
    if (pid == 0) {
      sleep(5);
      write(fds[1], "x", 1);
      exit(0);
    }
    for (;;)
      ;
  }
  sleep(2);
  kill(mid);
  CHECK(xwait(mid) == -1, "killed parent did not exit with -1");
  close(fds[1]);
  char c = 0;
  CHECK(read(fds[0], &c, 1) == 1 && c == 'x', "orphan of a killed parent did not finish");
  close(fds[0]);
  sleep(2);
}

static void
getpid_distinct(void)
{
  int me = getpid();
  CHECK(me > 0, "getpid returned %d", me);
  int fds[2];
  xpipe(fds);
  int pid = xfork();
  if (pid == 0) {
    int c = getpid();
    write(fds[1], &c, sizeof c);
    exit(0);
  }
  int cp = 0;
  xread(fds[0], &cp, sizeof cp);
  xwait(pid);
  CHECK(cp == pid, "child says its pid is %d, fork returned %d", cp, pid);
  CHECK(cp != me, "child and parent share pid %d", me);
  CHECK(getpid() == me, "parent's pid changed");
  close(fds[0]);
  close(fds[1]);
}

static void
sleep_uptime(void)
{
  int t0 = uptime();
  sleep(5);
  int t1 = uptime();
  CHECK(t1 - t0 >= 5, "sleep(5) returned after %d ticks", t1 - t0);
  CHECK(sleep(0) == 0, "sleep(0) did not return 0");
}

/* Fork copies the open files: a child's writes through an inherited
 * descriptor share the offset with the parent. */
static void
fork_shares_fd(void)
{
  int fd = xopen("ut_forkfd", O_CREATE | O_RDWR | O_TRUNC);
  xwrite(fd, "ab", 2);
  int pid = xfork();
  if (pid == 0) {
    if (write(fd, "cd", 2) != 2)
      exit(1);
    exit(0);
  }
  CHECK(xwait(pid) == 0, "child's write failed");
  xwrite(fd, "ef", 2);
  close(fd);
  char buf[8] = { 0 };
  fd = xopen("ut_forkfd", O_RDONLY);
  int n = read(fd, buf, sizeof buf);
  close(fd);
  unlink("ut_forkfd");
  CHECK(n == 6 && memcmp(buf, "abcdef", 6) == 0, "file holds %d bytes '%s', expected abcdef", n, buf);
}

const struct utest proc_tests[] = {
  { "proc.forkexit", fork_exit_status, 60, 0 },
  { "proc.exitvalues", exit_values, 30, 0 },
  { "proc.forkstorm", fork_storm, 120, 0 },
  { "proc.forkchurn", fork_churn, 120, 0 },
  { "proc.waitnochild", wait_no_children, 10, 0 },
  { "proc.killspin", kill_spinner, 30, 0 },
  { "proc.killsleep", kill_sleeper, 30, 0 },
  { "proc.killread", kill_reader, 30, 0 },
  { "proc.killbadpid", kill_bad_pid, 10, 0 },
  { "proc.zombies", zombies, 60, 0 },
  { "proc.orphans", orphans, 90, 0 },
  { "proc.killparent", kill_parent, 30, 0 },
  { "proc.getpid", getpid_distinct, 10, 0 },
  { "proc.sleep", sleep_uptime, 10, 0 },
  { "proc.forkfd", fork_shares_fd, 20, 0 },
  { 0 },
};
