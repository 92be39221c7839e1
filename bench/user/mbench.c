/* mbench WORKLOAD...: the workloads of `make bench` (bench/eval.py), run
 * natively as /mbench and mirrored as its translated twin /m/mbench.
 * Each workload prints the BENCH lines of bench.h.  All sizes are fixed,
 * so a mirrored process (which gets about half the memory) does the same
 * work as a native one.  The twin execs /m/benchnop where the native
 * program execs /benchnop (it knows itself by argv[0]).
 *
 * MemV6's four (the published figure: sbrk, write, mem, fork):
 *   sbrk      heap growth and shrink, a page at a time, one store a page
 *   write     text formatted into a buffer by user stores, written to a
 *             file, 16 times (the "write" of the four: its user stores
 *             are mirrored, so the figure can show what mirroring costs)
 *   mem       malloc of 16 MiB in 512-byte blocks (a list), then free
 *   fork      fork/exit storms of a process with a 2 MiB touched heap
 * Reported apart:
 *   bigwrite  xv6's bigwrite: files of 499..12 KiB written twice, then
 *             unlinked; its timed part makes no user store and the
 *             kernel reads one copy, so it cannot show mirroring's cost
 *   forkSIZE  the fork workload with a SIZE heap (fork0k, fork256k,
 *             fork1m, fork4m, fork8m; "fork" is the 2 MiB point): the sweep
 *   memoom    MIT usertests' mem: a child mallocs 10001-byte blocks until
 *             malloc refuses, frees them all, mallocs 20 KiB (wall clock;
 *             the work depends on the free memory, so a mirrored child,
 *             which pays two frames a page, does about half of it)
 *   footprint a child execs memhold (text, data, stack, a 1 MiB touched
 *             heap) and is measured at its peak: the memory a process costs
 * System calls:
 *   getpid    getpid() in a loop
 *   pipepp    one-byte ping-pong between two processes over two pipes
 *   rw        64-byte write then read through a pipe, one process
 *   forkexec  fork + exec(benchnop) + exit + wait, benchnop named in its
 *             own directory */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/riscv.h"
#include "user/user.h"
#include "bench/user/bench.h"

static int mirrored;      /* running as /m/mbench */

static void
fail(const char *what)
{
  printf("mbench: %s failed\n", what);
  exit(1);
}

/* 8 rounds: grow 1024 pages one sbrk(PGSIZE) at a time, storing to each,
 * then shrink them one at a time. */
static void
w_sbrk(void)
{
  struct bmark b;

  bm_begin(&b, "sbrk");
  for (int r = 0; r < 8; r++) {
    for (int i = 0; i < 1024; i++) {
      char *p = sbrk(PGSIZE);
      if (p == (char *)-1)
        fail("sbrk grow");
      p[i & 0xfff] = (char)i;
    }
    if (r == 0)
      bm_peak(&b);
    for (int i = 0; i < 1024; i++)
      if (sbrk(-PGSIZE) == (char *)-1)
        fail("sbrk shrink");
  }
  bm_end(&b);
}

/* xv6's bigwrite: sizes from 499 to 12 blocks in steps of 471 bytes, each
 * file written twice with one write() per copy, then unlinked. */
static char wbuf[12 * 1024];

static void
w_bigwrite(void)
{
  struct bmark b;

  for (int i = 0; i < (int)sizeof wbuf; i++)
    wbuf[i] = (char)(i * 7 + 1);
  bm_begin(&b, "bigwrite");
  for (int sz = 499; sz < (int)sizeof wbuf; sz += 471) {
    int fd = open("mbench.big", O_CREATE | O_RDWR);
    if (fd < 0)
      fail("open");
    for (int k = 0; k < 2; k++)
      if (write(fd, wbuf, sz) != sz)
        fail("write");
    close(fd);
    if (unlink("mbench.big") < 0)
      fail("unlink");
  }
  bm_end(&b);
}

/* The write of the four: 16 rounds of (format 32 KiB of text into a
 * buffer with user byte stores -- decimal numbers, separators, a newline
 * every 8 -- then write it to a file in one write(), truncating the file
 * each round).  Unlike bigwrite, the program's own work makes stores,
 * which a mirrored process writes twice; the kernel's part (copyin of one
 * copy, the log, the disk) is the same on both sides.  The disk waits are
 * idle and left out of the instruction count (bench.h). */
#define FW_BUF (32 * 1024)
#define FW_ROUNDS 16
static char fwbuf[FW_BUF];

static void
w_write(void)
{
  struct bmark b;
  uint32 x = 1;

  bm_begin(&b, "write");
  for (int r = 0; r < FW_ROUNDS; r++) {
    int n = 0, col = 0;
    while (n < FW_BUF - 16) {
      char digits[12];
      int d = 0;
      x = x * 1103515245u + 12345u;
      uint32 v = x >> 12;
      do {
        digits[d++] = (char)('0' + v % 10);
        v /= 10;
      } while (v);
      while (d > 0)
        fwbuf[n++] = digits[--d];
      fwbuf[n++] = ++col % 8 ? ' ' : '\n';
    }
    while (n < FW_BUF)
      fwbuf[n++] = '\n';
    int fd = open("mbench.fw", O_CREATE | O_WRONLY | O_TRUNC);
    if (fd < 0)
      fail("open");
    if (write(fd, fwbuf, FW_BUF) != FW_BUF)
      fail("write");
    close(fd);
  }
  bm_end(&b);
  printf("BENCH write.check %lu\n", (uint64)x);
  if (unlink("mbench.fw") < 0)
    fail("unlink");
}

/* malloc a fixed 16 MiB in 512-byte blocks, each block holding the link to
 * the previous one, then free them all; twice (the second round reuses the
 * free list). */
#define MEM_TOTAL (16 << 20)
#define MEM_BLOCK 512

static void
w_mem(void)
{
  struct bmark b;

  bm_begin(&b, "mem");
  for (int r = 0; r < 2; r++) {
    char *list = 0;
    for (int n = 0; n < MEM_TOTAL / MEM_BLOCK; n++) {
      char *m = malloc(MEM_BLOCK);
      if (m == 0)
        fail("malloc");
      *(char **)m = list;
      m[MEM_BLOCK - 1] = (char)n;
      list = m;
    }
    bm_peak(&b);
    while (list) {
      char *next = *(char **)list;
      free(list);
      list = next;
    }
  }
  bm_end(&b);
}

/* A heap of `heap` bytes, every page written, then 8 storms of 16
 * children that exit at once, each storm waited for: fork + child exit +
 * wait, 128 times.  "fork" (2 MiB) is the four's; the sweep runs the
 * other sizes so that the cost per page shows (bench/eval.py). */
static void
fork_heap(const char *name, int heap)
{
  struct bmark b;
  char *p = sbrk(heap);

  if (p == (char *)-1)
    fail("sbrk");
  for (int i = 0; i < heap; i += PGSIZE)
    p[i] = (char)i;
  bm_begin(&b, name);
  for (int r = 0; r < 8; r++) {
    for (int k = 0; k < 16; k++) {
      int pid = fork();
      if (pid < 0)
        fail("fork");
      if (pid == 0)
        exit(0);
    }
    if (r == 0)
      bm_peak(&b);
    for (int k = 0; k < 16; k++)
      if (wait(0) < 0)
        fail("wait");
  }
  bm_end(&b);
  sbrk(-heap);
}

static void w_fork(void) { fork_heap("fork", 2 << 20); }
static void w_fork0k(void) { fork_heap("fork0k", 0); }
static void w_fork256k(void) { fork_heap("fork256k", 256 << 10); }
static void w_fork1m(void) { fork_heap("fork1m", 1 << 20); }
static void w_fork4m(void) { fork_heap("fork4m", 4 << 20); }
static void w_fork8m(void) { fork_heap("fork8m", 8 << 20); }

/* MIT xv6 usertests' mem, as a timed workload: a child mallocs 10001-byte
 * blocks, each holding the link to the previous one, until malloc returns
 * 0 (sbrk refused: memory short), frees them all, then must get 20 KiB.
 * Reported in seconds (wall clock); the child prints how many blocks it
 * got (memoom.blocks), which depends on the free memory. */
static void
w_memoom(void)
{
  struct bmark b;
  int st = -1;

  bm_begin(&b, "memoom");
  int pid = fork();
  if (pid < 0)
    fail("fork");
  if (pid == 0) {
    char *m1 = 0, *m2;
    uint64 n = 0;
    while ((m2 = malloc(10001)) != 0) {
      *(char **)m2 = m1;
      m1 = m2;
      n++;
    }
    while (m1) {
      m2 = *(char **)m1;
      free(m1);
      m1 = m2;
    }
    m1 = malloc(1024 * 20);
    if (m1 == 0)
      exit(2);
    free(m1);
    printf("BENCH memoom.blocks %lu\n", n);
    exit(0);
  }
  wait(&st);
  bm_end(&b);
  printf("BENCH memoom.status %lu\n", (uint64)st);
}

/* What a running process costs in memory: a child execs memhold (the
 * mirrored side /m/memhold), which touches a 1 MiB heap and says so
 * through a pipe; at that moment bm_peak takes the user frames and
 * kernel-pool pages in use beyond the start (its text, data, stack, heap,
 * page tables; its pair table when mirrored is in pages set apart for
 * pair tables, not the pool: bench/eval.py counts it; plus the few pages
 * of this parent that the fork made copy-on-write and that it writes
 * before the reading, the same on both sides but doubled when mirrored). */
static void
w_footprint(void)
{
  struct bmark b;
  int ready[2], go[2];
  char c = 0;
  char rfd[4] = { 0 }, wfd[4] = { 0 };
  char *prog = mirrored ? "/m/memhold" : "/memhold";

  if (pipe(ready) < 0 || pipe(go) < 0)
    fail("pipe");
  rfd[0] = (char)('0' + go[0]);
  wfd[0] = (char)('0' + ready[1]);
  char *args[] = { prog, "1024", wfd, rfd, 0 };
  bm_begin(&b, "footprint");
  int pid = fork();
  if (pid < 0)
    fail("fork");
  if (pid == 0) {
    exec(prog, args);
    exit(1);
  }
  if (read(ready[0], &c, 1) != 1)
    fail("memhold");
  bm_peak(&b);
  write(go[1], &c, 1);
  int st;
  wait(&st);
  bm_end(&b);
  if (st != 0)
    fail("memhold exit");
  close(ready[0]);
  close(ready[1]);
  close(go[0]);
  close(go[1]);
}

static void
w_getpid(void)
{
  struct bmark b;

  bm_begin(&b, "getpid");
  for (int i = 0; i < 20000; i++)
    getpid();
  bm_end(&b);
}

static void
w_pipepp(void)
{
  struct bmark b;
  int ab[2], ba[2];
  char c = 0;

  if (pipe(ab) < 0 || pipe(ba) < 0)
    fail("pipe");
  bm_begin(&b, "pipepp");
  int pid = fork();
  if (pid < 0)
    fail("fork");
  if (pid == 0) {
    close(ab[1]);
    close(ba[0]);
    while (read(ab[0], &c, 1) == 1)
      if (write(ba[1], &c, 1) != 1)
        break;
    exit(0);
  }
  for (int i = 0; i < 2000; i++) {
    c = (char)i;
    if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
      fail("ping-pong");
  }
  close(ab[1]);
  wait(0);
  bm_end(&b);
  close(ab[0]);
  close(ba[0]);
  close(ba[1]);
}

static void
w_rw(void)
{
  struct bmark b;
  int p[2];
  char buf[64];

  if (pipe(p) < 0)
    fail("pipe");
  memset(buf, 'x', sizeof buf);
  bm_begin(&b, "rw");
  for (int i = 0; i < 5000; i++) {
    buf[0] = (char)i;
    if (write(p[1], buf, sizeof buf) != sizeof buf || read(p[0], buf, sizeof buf) != sizeof buf)
      fail("read/write");
  }
  bm_end(&b);
  close(p[0]);
  close(p[1]);
}

/* fork + exec + exit + wait of benchnop, named relative to the
 * directory it is in (/ natively, /m mirrored), so that both sides look
 * up one name in one directory (benchnop is the 24th entry of / and the
 * 23rd of /m): "/m/benchnop" would charge mirroring a second directory
 * search that is the path's, not the mirror's. */
static void
w_forkexec(void)
{
  struct bmark b;
  char *nop = "benchnop";
  char *args[] = { nop, 0 };

  if (chdir(mirrored ? "/m" : "/") < 0)
    fail("chdir");

  /* i = -1: an unmeasured first round reads the program into the buffer
   * cache, so the measured rounds do no disk I/O */
  for (int i = -1; i < 100; i++) {
    if (i == 0)
      bm_begin(&b, "forkexec");
    int pid = fork();
    if (pid < 0)
      fail("fork");
    if (pid == 0) {
      exec(nop, args);
      exit(1);
    }
    int st;
    wait(&st);
    if (st != 0)
      fail("exec");
    if (i == 0)
      bm_peak(&b);
  }
  bm_end(&b);
  if (chdir("/") < 0)
    fail("chdir");
}

static const struct {
  const char *name;
  void (*run)(void);
} works[] = {
  { "sbrk", w_sbrk }, { "write", w_write }, { "mem", w_mem }, { "fork", w_fork },
  { "bigwrite", w_bigwrite },
  { "fork0k", w_fork0k }, { "fork256k", w_fork256k }, { "fork1m", w_fork1m },
  { "fork4m", w_fork4m }, { "fork8m", w_fork8m },
  { "memoom", w_memoom }, { "footprint", w_footprint },
  { "getpid", w_getpid }, { "pipepp", w_pipepp }, { "rw", w_rw }, { "forkexec", w_forkexec },
};
#define NWORK ((int)(sizeof works / sizeof works[0]))

int
main(int argc, char *argv[])
{
  mirrored = argv[0][0] == '/' && argv[0][1] == 'm' && argv[0][2] == '/';
  for (int a = 1; a < argc; a++) {
    int found = 0;
    for (int i = 0; i < NWORK; i++)
      if (strcmp(argv[a], works[i].name) == 0 || strcmp(argv[a], "all") == 0) {
        works[i].run();
        found = 1;
      }
    if (!found) {
      printf("mbench: no workload %s\n", argv[a]);
      exit(1);
    }
  }
  exit(0);
}
