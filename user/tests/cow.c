/* usertests: copy-on-write fork and the lazy heap.
 *
 * cow.*  fork shares pages; the first write (by user code or by the
 *        kernel for read()/pipes) copies; sharing scales to many
 *        children and to a heap bigger than half of memory.
 * lazy.* sbrk only reserves; the first touch maps a zeroed frame; system
 *        calls accept untouched heap buffers; touches outside still kill.
 * The harness checks after each test that every frame came back. */
#include "user/tests/ut.h"

static struct memstat
stats(void)
{
  struct memstat m;
  CHECK(memstat(&m) == 0, "memstat failed");
  return m;
}

/* Grow the heap by n pages (not touched) or fail. */
static char *
grow(long npages)
{
  char *p = sbrk((int)(npages * PGSIZE));
  CHECK(p != (char *)-1, "sbrk of %ld pages failed", npages);
  return p;
}

/* Fill (or check) a few bytes of every page in [from, to) of p with
 * seed's pattern, by offset from p. */
static void
fill_range(char *p, long from, long to, uint seed)
{
  for (long i = from; i < to; i++)
    for (int k = 0; k < PGSIZE; k += 512)
      p[i * PGSIZE + k] = pat(seed, i * PGSIZE + k);
}

/* The first page in [from, to), or -1, that does not hold the pattern. */
static long
check_range(char *p, long from, long to, uint seed)
{
  for (long i = from; i < to; i++)
    for (int k = 0; k < PGSIZE; k += 512)
      if (p[i * PGSIZE + k] != (char)pat(seed, i * PGSIZE + k))
        return i;
  return -1;
}

static void
fill(char *p, long npages, uint seed)
{
  fill_range(p, 0, npages, seed);
}

static long
check(char *p, long npages, uint seed)
{
  return check_range(p, 0, npages, seed);
}

/* Parent and child write the same pages; each sees only its own data,
 * and the counters show copy-on-write at work. */
static void
cow_private(void)
{
  enum { N = 64 };
  char *p = grow(N);
  fill(p, N, 1);
  struct memstat m0 = stats();
  int pid = xfork();
  if (pid == 0) {
    fill(p, N, 2);
    sleep(2);
    CHECK(check(p, N, 2) < 0, "child lost its own writes");
    exit(0);
  }
  fill(p, N, 3);
  CHECK(xwait(pid) == 0, "child failed");
  CHECK(check(p, N, 3) < 0, "parent lost its own writes (page %ld)", check(p, N, 3));
  struct memstat m1 = stats();
  CHECK(m1.fork_shared - m0.fork_shared >= N, "fork shared only %ld pages",
        (long)(m1.fork_shared - m0.fork_shared));
  CHECK(m1.cow_faults - m0.cow_faults >= 2 * N, "only %ld copy-on-write faults for 2x%d writes",
        (long)(m1.cow_faults - m0.cow_faults), N);
  /* The child is gone: a new fork's pages come back to the parent by
   * taking over the last reference, not by copying. */
  pid = xfork();
  if (pid == 0)
    exit(0);
  xwait(pid);
  struct memstat m2 = stats();
  fill(p, N, 4);
  struct memstat m3 = stats();
  CHECK(m3.cow_avoided - m2.cow_avoided >= N, "writes after the child exited: %ld of %d taken over",
        (long)(m3.cow_avoided - m2.cow_avoided), N);
  CHECK(m2.frames_free - m3.frames_free < 4, "taking pages over used %ld frames",
        (long)(m2.frames_free - m3.frames_free));
  sbrk(-N * PGSIZE);
}

/* 24 children share an 8 MiB heap: they all read it and it is not
 * copied; each writes one page of its own. */
static void
cow_many(void)
{
  enum { N = 2048, KIDS = 24 };
  char *p = grow(N);
  fill(p, N, 5);
  uint64 f0 = frames_free();
  int fds[2];
  xpipe(fds);
  for (int i = 0; i < KIDS; i++) {
    if (xfork() == 0) {
      close(fds[1]);
      if (check(p, N, 5) >= 0)
        fail("child %d sees wrong data", i);
      p[(long)i * PGSIZE] = (char)i;
      char c;
      read(fds[0], &c, 1);      /* hold the memory until all have run */
      if (p[(long)i * PGSIZE] != (char)i || p[(long)(i + 1) * PGSIZE] != (char)pat(5, (long)(i + 1) * PGSIZE))
        fail("child %d: private page wrong", i);
      exit(0);
    }
  }
  sleep(ut_hz / 2 + 1);
  uint64 f1 = frames_free();
  close(fds[0]);
  close(fds[1]);                /* release them */
  for (int i = 0; i < KIDS; i++) {
    int st;
    CHECK(wait(&st) > 0 && st == 0, "a sharing child failed (%d)", st);
  }
  CHECK(check(p, N, 5) < 0, "parent's data changed");
  /* each child: its stack page, one heap page, maybe a data page */
  CHECK(f0 - f1 < KIDS * 16, "%d children of a %d-page process took %ld frames",
        KIDS, N, (long)(f0 - f1));
  sbrk(-N * PGSIZE);
}

/* A fork bomb over a shared heap: every process (children too) forks
 * 10 times or until fork fails (2^10 would-be processes, NPROC slots),
 * children write a page each; then all wait and exit.  Nothing hangs,
 * the parent's pages are intact and nothing leaks (the harness counts). */
static void
cow_forkbomb(void)
{
  enum { N = 32, FORKS = 10 };
  char *p = grow(N);
  fill(p, N, 6);
  int failed = 0;
  for (int i = 0; i < FORKS && !failed; i++) {
    int pid = fork();
    if (pid < 0)
      failed = 1;
    else if (pid == 0)
      p[i * PGSIZE] = (char)i;   /* the child goes on forking too */
  }
  while (wait(0) > 0)
    ;
  if (getpid() != ut_testpid)
    exit(0);
  CHECK(check(p, N, 6) < 0, "parent's pages changed by the bomb (page %ld)", check(p, N, 6));
  sbrk(-N * PGSIZE);
}

/* A process whose touched heap is more than half of free memory forks
 * (impossible with an eager copy); the child reads everything and
 * writes a little. */
static void
cow_bigfork(void)
{
  long n = (long)(pages_usable() * 6 / 10);   /* half the frames when mirrored */
  char *p = grow(n);
  fill(p, n, 7);
  int pid = fork();
  CHECK(pid >= 0, "fork with %ld touched pages failed", n);
  if (pid == 0) {
    if (check(p, n, 7) >= 0)
      fail("child sees wrong data");
    fill(p, 16, 8);
    if (check(p, 16, 8) >= 0 || check_range(p, 16, n, 7) >= 0)
      fail("child's writes wrong");
    exit(0);
  }
  CHECK(xwait(pid) == 0, "child failed");
  CHECK(check(p, n, 7) < 0, "parent's data changed");
  sbrk(-(int)(n * PGSIZE));
}

static void
write_text(uint64 a)
{
  *(volatile char *)a = 1;
}

/* Text is shared read-only, never copy-on-write: a write still kills,
 * also in a forked child, and the parent's code is intact. */
static void
cow_textro(void)
{
  uint64 a = (uint64)(void *)write_text;
  char before = *(volatile char *)a;
  int st = run_in_child(write_text, a);
  CHECK(st == -1, "store into shared text: status %d, not -1", st);
  CHECK(*(volatile char *)a == before, "text changed");
}

/* Writing from a shared page into a pipe, and read() from a pipe into
 * a shared page (the kernel breaks copy-on-write in copyout). */
static void
cow_pipe(void)
{
  enum { N = 8 };
  char *p = grow(N);
  fill(p, N, 9);
  int up[2], down[2];
  xpipe(up);
  xpipe(down);
  int pid = xfork();
  if (pid == 0) {
    xwrite(up[1], p, N * PGSIZE);       /* from pages shared with the parent */
    xread(down[0], p, N * PGSIZE);      /* into them: copy-on-write in the kernel */
    if (check(p, N, 10) >= 0)
      fail("read() into a shared page gave wrong data");
    exit(0);
  }
  char *q = grow(N);
  xread(up[0], q, N * PGSIZE);
  CHECK(check(q, N, 9) < 0, "data written from a shared page arrived wrong");
  fill(q, N, 10);
  xwrite(down[1], q, N * PGSIZE);
  CHECK(xwait(pid) == 0, "child failed");
  CHECK(check(p, N, 9) < 0, "child's read() changed the parent's page");
  for (int i = 0; i < 2; i++) {
    close(up[i]);
    close(down[i]);
  }
  sbrk(-2 * N * PGSIZE);
}

/* exec right after fork, with its arguments in heap pages first touched
 * by the child (lazy) after the fork. */
static void
cow_exec(void)
{
  int fds[2];
  xpipe(fds);
  char *p = grow(4);
  int pid = xfork();
  if (pid == 0) {
    char *s[4];
    const char *words[4] = { "/usertests", "-argcheck", "fd", "" };
    char num[8];
    ut_snprintf(num, sizeof num, "%d", fds[1]);
    words[3] = num;
    for (int i = 0; i < 4; i++) {
      s[i] = p + i * PGSIZE;
      strcpy(s[i], words[i]);
    }
    char **argv = (char **)(p + 3 * PGSIZE + 512);
    for (int i = 0; i < 4; i++)
      argv[i] = s[i];
    argv[4] = 0;
    exec(argv[0], argv);
    exit(77);
  }
  close(fds[1]);
  char buf[4] = { 0 };
  int n = read(fds[0], buf, sizeof buf);
  close(fds[0]);
  CHECK(xwait(pid) == 0, "exec after fork failed");
  CHECK(n == 2 && buf[0] == 'o' && buf[1] == 'k', "exec'ed child did not answer");
  sbrk(-4 * PGSIZE);
}

/* sbrk of 1 GiB succeeds and costs nothing until touched; sparse touches
 * take about one frame each; shrinking gives them back. */
static void
lazy_huge(void)
{
  long n = (1L << 30) / PGSIZE;
  long per = ut_mirrored() ? 2 : 1;          /* frames per page */
  uint64 f0 = frames_free();
  struct memstat m0 = stats();
  char *p = grow(n);
  CHECK(f0 - frames_free() < 2, "reserving 1 GiB took frames");
  for (long i = 0; i < n; i += 4096)         /* every 16 MiB */
    p[i * PGSIZE + 100] = (char)(i >> 12);
  p[(n - 1) * PGSIZE + PGSIZE - 1] = 42;
  uint64 used = f0 - frames_free();
  CHECK(used >= 65 * per && used <= 70 * per, "65 sparse touches took %ld frames (%ld a page)",
        (long)used, per);
  for (long i = 0; i < n; i += 4096)
    CHECK(p[i * PGSIZE + 100] == (char)(i >> 12), "touched byte lost at page %ld", i);
  CHECK(p[(n - 1) * PGSIZE + PGSIZE - 1] == 42, "last byte lost");
  CHECK(p[12345 * PGSIZE + 7] == 0, "untouched memory not zero");
  struct memstat m1 = stats();
  CHECK(m1.lazy_pages - m0.lazy_pages >= 65, "lazy_pages went up by %ld for 65 stores",
        (long)(m1.lazy_pages - m0.lazy_pages));
  CHECK(m1.zero_maps - m0.zero_maps >= 1, "the load from an untouched page did not map the zero "
        "%s", per == 1 ? "frame" : "pair");
  CHECK(f0 - frames_free() == used, "the load from an untouched page took %ld frames",
        (long)(f0 - frames_free() - used));
  sbrk(-(int)(n * PGSIZE));
  CHECK(frames_free() >= f0, "shrinking did not free the touched frames");
}

/* System calls given untouched heap buffers: read() into one, write()
 * from one (it reads as zeros), memstat into one. */
static void
lazy_syscalls(void)
{
  char *src = grow(2);
  fill(src, 2, 11);
  int fd = xopen("lazyfile", O_CREATE | O_RDWR);
  xwrite(fd, src, 2 * PGSIZE);
  char *zero = grow(1);
  xwrite(fd, zero, PGSIZE);                  /* from an untouched page */
  close(fd);
  char *dst = grow(4);
  fd = xopen("lazyfile", O_RDONLY);
  xread(fd, dst + 100, 3 * PGSIZE);          /* straddles four fresh pages */
  close(fd);
  unlink("lazyfile");
  for (int i = 0; i < 2 * PGSIZE; i += 97)
    CHECK(dst[100 + i] == src[i], "read() into a fresh page: byte %d wrong", i);
  for (int i = 0; i < PGSIZE; i += 61)
    CHECK(dst[100 + 2 * PGSIZE + i] == 0, "write() from an untouched page gave non-zero byte %d", i);
  struct memstat *m = (struct memstat *)grow(1);
  CHECK(memstat(m) == 0 && m->frames_total > 0, "memstat into an untouched page failed");
  sbrk(-8 * PGSIZE);
}

static void
touch(uint64 a)
{
  *(volatile char *)a = 1;
}

/* Touches outside [heap, break) still kill, and system calls given such
 * addresses fail with -1 (the kernel resolves faults the same way).  The
 * guard page and kernel addresses are mem.stackguard's and mem.badaddr's. */
static void
lazy_bounds(void)
{
  char *p = grow(4);
  uint64 brk = (uint64)sbrk(0);
  int st = run_in_child(touch, brk + PGSIZE);
  CHECK(st == -1, "store a page above the break: status %d", st);
  st = run_in_child(touch, brk + 64 * PGSIZE);
  CHECK(st == -1, "store far above the break: status %d", st);
  st = run_in_child(touch, (uint64)p + 3 * PGSIZE);
  CHECK(st == 0, "store inside the break: status %d", st);
  int fds[2];
  xpipe(fds);
  xwrite(fds[1], "abcd", 4);
  CHECK(read(fds[0], (char *)brk + PGSIZE, 4) == -1, "read() above the break did not fail");
  CHECK(write(fds[1], (char *)brk + PGSIZE, 4) == -1, "write() from above the break did not fail");
  CHECK(read(fds[0], (char *)MAXVA + 4096, 4) == -1, "read() to MAXVA did not fail");
  close(fds[0]);
  close(fds[1]);
  sbrk(-4 * PGSIZE);
}

static void
lazy_oom_child(uint64 unused)
{
  long n = (1L << 30) / PGSIZE;
  char *p = sbrk((int)(n * PGSIZE));
  if (p == (char *)-1)
    exit(5);
  for (long i = 0; i < n; i++)
    p[i * PGSIZE] = 1;
  exit(6);
}

/* Touching more lazy pages than there is memory kills only that process;
 * the frames come back (harness) and the kernel goes on. */
static void
lazy_oom(void)
{
  int st = run_in_child(lazy_oom_child, 0);
  CHECK(st == -1, "touching 1 GiB of lazy heap: status %d, not -1", st);
  char *p = grow(1024);
  fill(p, 1024, 12);
  CHECK(check(p, 1024, 12) < 0, "memory after the out-of-memory kill is wrong");
  sbrk(-1024 * PGSIZE);
}

const struct utest cow_tests[] = {
  { "cow.private", cow_private, 30, 0 },
  { "cow.many", cow_many, 60, 0 },
  { "cow.forkbomb", cow_forkbomb, 120, 0 },
  { "cow.bigfork", cow_bigfork, 120, 0 },
  { "cow.textro", cow_textro, 20, 0 },
  { "cow.pipe", cow_pipe, 30, 0 },
  { "cow.exec", cow_exec, 30, 0 },
  { "lazy.huge", lazy_huge, 60, 0 },
  { "lazy.syscalls", lazy_syscalls, 30, 0 },
  { "lazy.bounds", lazy_bounds, 30, 0 },
  { "lazy.oom", lazy_oom, 120, 0 },
  { 0 },
};
