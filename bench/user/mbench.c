/* mbench WORKLOAD...: the workloads of `make bench` (bench/eval.py), run
 * natively as /mbench and mirrored as its translated twin /m/mbench.
 * Each workload prints the BENCH lines of bench.h.  All sizes are fixed,
 * so a mirrored process (which gets about half the memory) does the same
 * work as a native one.  The twin execs /m/benchnop where the native
 * program execs /benchnop (it knows itself by argv[0]).
 *
 * MemV6's four:
 *   sbrk      heap growth and shrink, a page at a time, one store a page
 *   bigwrite  files of 499..12 KiB bytes written twice, then unlinked
 *   mem       malloc of 16 MiB in 512-byte blocks (a list), then free
 *   fork      fork/exit storms of a process with a 2 MiB touched heap
 * System calls:
 *   getpid    getpid() in a loop
 *   pipepp    one-byte ping-pong between two processes over two pipes
 *   rw        64-byte write then read through a pipe, one process
 *   forkexec  fork + exec(benchnop) + exit + wait */
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

/* A 2 MiB heap, every page written, then 8 storms of 16 children that exit
 * at once, each storm waited for. */
#define FORK_HEAP (2 << 20)

static void
w_fork(void)
{
  struct bmark b;
  char *heap = sbrk(FORK_HEAP);

  if (heap == (char *)-1)
    fail("sbrk");
  for (int i = 0; i < FORK_HEAP; i += PGSIZE)
    heap[i] = (char)i;
  bm_begin(&b, "fork");
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
  sbrk(-FORK_HEAP);
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

static void
w_forkexec(void)
{
  struct bmark b;
  char *nop = mirrored ? "/m/benchnop" : "/benchnop";
  char *args[] = { nop, 0 };

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
}

static const struct {
  const char *name;
  void (*run)(void);
} works[] = {
  { "sbrk", w_sbrk }, { "bigwrite", w_bigwrite }, { "mem", w_mem }, { "fork", w_fork },
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
