/* usertests: pipes -- big transfers, closed ends, many writers,
 * running out of descriptors. */
#include "user/tests/ut.h"

/* 1 MiB through a pipe in odd-sized pieces, checked byte for byte. */
static void
big_transfer(void)
{
  enum { TOTAL = 1 << 20 };
  static char buf[3001];
  int fds[2];
  xpipe(fds);
  int pid = xfork();
  if (pid == 0) {
    close(fds[0]);
    long off = 0;
    int step = 1;
    while (off < TOTAL) {
      int n = (step * 379) % (int)sizeof buf + 1;
      if (off + n > TOTAL)
        n = TOTAL - off;
      for (int i = 0; i < n; i++)
        buf[i] = pat(17, off + i);
      if (write(fds[1], buf, n) != n)
        fail("pipe write of %d bytes at %ld failed", n, off);
      off += n;
      step++;
    }
    exit(0);
  }
  close(fds[1]);
  long off = 0;
  int r;
  while ((r = read(fds[0], buf, sizeof buf)) > 0) {
    for (int i = 0; i < r; i++)
      CHECK(buf[i] == (char)pat(17, off + i), "byte %ld wrong", off + i);
    off += r;
  }
  CHECK(r == 0, "read returned %d", r);
  CHECK(off == TOTAL, "received %ld bytes of %d", off, TOTAL);
  CHECK(xwait(pid) == 0, "writer failed");
  close(fds[0]);
}

/* All write ends closed: the reader gets what is buffered, then 0. */
static void
closed_write_end(void)
{
  int fds[2];
  xpipe(fds);
  xwrite(fds[1], "abc", 3);
  close(fds[1]);
  char buf[8];
  CHECK(read(fds[0], buf, sizeof buf) == 3, "buffered data lost when the writer closed");
  CHECK(read(fds[0], buf, sizeof buf) == 0, "read after writer closed did not return 0");
  close(fds[0]);

  /* a blocked reader wakes up with 0 when the last writer closes */
  xpipe(fds);
  int pid = xfork();
  if (pid == 0) {
    close(fds[1]);
    char c;
    exit(read(fds[0], &c, 1) == 0 ? 0 : 1);
  }
  close(fds[0]);
  sleep(2);
  close(fds[1]);
  CHECK(xwait(pid) == 0, "blocked reader did not see end of file");
}

/* Read end closed: writes fail with -1 (and do not hang), also for a
 * writer blocked on a full pipe. */
static void
closed_read_end(void)
{
  int fds[2];
  xpipe(fds);
  close(fds[0]);
  CHECK(write(fds[1], "x", 1) == -1, "write with no reader did not return -1");
  close(fds[1]);

  xpipe(fds);
  int pid = xfork();
  if (pid == 0) {
    close(fds[0]);
    static char buf[4096];
    for (int i = 0; i < 1000; i++)
      if (write(fds[1], buf, sizeof buf) < 0)
        exit(0);   /* the expected way out */
    exit(1);
  }
  close(fds[1]);
  sleep(3);   /* let the writer fill the pipe and block */
  close(fds[0]);
  int st = xwait(pid);
  CHECK(st == 0, "writer blocked on a full pipe: status %d after the reader closed", st);
}

/* Several writers, one reader: every byte of every writer arrives, and
 * each writer's bytes arrive in the order it wrote them (writes of
 * different processes may interleave: xv6 pipes make no PIPE_BUF
 * promise). */
static void
many_writers(void)
{
  enum { P = 5, N = 200, REC = 32 };
  int fds[2];
  xpipe(fds);
  for (int c = 0; c < P; c++) {
    if (xfork() == 0) {
      close(fds[0]);
      char rec[REC];
      for (int i = 0; i < N; i++) {
        /* byte k of writer c's stream is ((c << 5) | (k % 32)) */
        for (int k = 0; k < REC; k++)
          rec[k] = (char)((c << 5) | k);
        if (write(fds[1], rec, REC) != REC)
          exit(1);
      }
      exit(0);
    }
  }
  close(fds[1]);
  long count[P] = { 0 };
  static char buf[500];
  int r;
  while ((r = read(fds[0], buf, sizeof buf)) > 0) {
    for (int i = 0; i < r; i++) {
      int c = (buf[i] >> 5) & 7;
      CHECK(c < P, "byte from no writer: 0x%x", buf[i] & 0xff);
      CHECK((buf[i] & 31) == count[c] % REC, "writer %d's bytes out of order", c);
      count[c]++;
    }
  }
  close(fds[0]);
  for (int c = 0; c < P; c++)
    CHECK(count[c] == N * REC, "writer %d: %ld bytes arrived of %d", c, count[c], N * REC);
  for (int c = 0; c < P; c++) {
    int st;
    CHECK(wait(&st) > 0 && st == 0, "a writer failed");
  }
}

/* A chain of processes each copying stdin to stdout. */
static void
chain(void)
{
  enum { STAGES = 6, TOTAL = 100000 };
  int in[2];
  xpipe(in);
  int first_w = in[1];
  int rd = in[0];
  for (int s = 0; s < STAGES; s++) {
    int p[2];
    xpipe(p);
    if (xfork() == 0) {
      close(p[0]);
      close(first_w);
      static char buf[512];
      int r;
      while ((r = read(rd, buf, sizeof buf)) > 0)
        if (write(p[1], buf, r) != r)
          exit(1);
      exit(r == 0 ? 0 : 2);
    }
    close(p[1]);
    close(rd);
    rd = p[0];
  }
  int w = xfork();
  if (w == 0) {
    close(rd);
    static char buf[1000];
    for (long off = 0; off < TOTAL; off += sizeof buf) {
      for (int i = 0; i < (int)sizeof buf; i++)
        buf[i] = pat(2, off + i);
      if (write(first_w, buf, sizeof buf) != sizeof buf)
        exit(1);
    }
    exit(0);
  }
  close(first_w);
  static char buf[700];
  long off = 0;
  int r;
  while ((r = read(rd, buf, sizeof buf)) > 0) {
    for (int i = 0; i < r; i++)
      CHECK(buf[i] == (char)pat(2, off + i), "byte %ld corrupted in the chain", off + i);
    off += r;
  }
  close(rd);
  CHECK(off == TOTAL, "chain delivered %ld of %d bytes", off, TOTAL);
  for (int s = 0; s < STAGES + 1; s++) {
    int st;
    CHECK(wait(&st) > 0 && st == 0, "a chain stage failed (%d)", st);
  }
}

/* Opening pipes and files until the descriptor table is full: pipe,
 * open and dup return -1, and closing gives everything back (the
 * harness compares kernel pages around this test). */
static void
out_of_descriptors(void)
{
  int fds[2];
  int made = 0;
  int all[NOFILE];
  int n = 0;
  while (pipe(fds) == 0) {
    made++;
    CHECK(n + 2 <= NOFILE, "more than NOFILE=%d descriptors open", NOFILE);
    all[n++] = fds[0];
    all[n++] = fds[1];
  }
  CHECK(made >= (NOFILE - 3) / 2 - 1, "only %d pipes before pipe() failed", made);
  int fd;
  while ((fd = open("README", O_RDONLY)) >= 0) {
    CHECK(n < NOFILE, "more than NOFILE=%d descriptors open", NOFILE);
    all[n++] = fd;
  }
  CHECK(n >= NOFILE - 3, "only %d descriptors could be opened", n);
  CHECK(pipe(fds) == -1, "pipe succeeded with a full descriptor table");
  CHECK(dup(0) == -1, "dup succeeded with a full descriptor table");
  for (int i = 0; i < n; i++)
    CHECK(close(all[i]) == 0, "close failed");
  /* many pipes created and destroyed */
  for (int i = 0; i < 200; i++) {
    xpipe(fds);
    xwrite(fds[1], "z", 1);
    close(fds[0]);
    close(fds[1]);
  }
}

const struct utest pipe_tests[] = {
  { "pipe.big", big_transfer, 120, 0 },
  { "pipe.closedwrite", closed_write_end, 30, 0 },
  { "pipe.closedread", closed_read_end, 30, 0 },
  { "pipe.manywriters", many_writers, 60, 0 },
  { "pipe.chain", chain, 60, 0 },
  { "pipe.nofile", out_of_descriptors, 30, 0 },
  { 0 },
};
