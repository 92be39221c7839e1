/* usertests: the kernel's promises to user programs -- the
 * memory policy (docs/memory.md): page-table pages charged to their
 * process with a pool reserve for everybody else, memory freed in exit,
 * untouched heap read as the shared zero frame -- init cannot be killed,
 * and the test knobs are gated. */
#include "user/tests/ut.h"

#define SPARSE 512          /* pages per hog step: one page-table page each */

static void
pool_counts(uint64 *frames, uint64 *kpages)
{
  struct memstat m;

  CHECK(memstat(&m) == 0, "memstat failed");
  *frames = m.frames_free;
  *kpages = m.kpages_free;
}

/* One process touching one page every 2 MiB of a huge lazy heap needs a
 * page-table page per touch: its per-process limit stops it (killed for
 * lack of memory) long before sbrk's size limit would. */
static void
pt_limit(void)
{
  struct hogs h;

  hogs_start(&h, 1, SPARSE);
  hogs_go(&h);
  CHECK(hogs_wait(&h) == 1, "a sparse toucher of 1.75 GiB was not stopped by its page-table limit");
}

/* A hog that touches `steps` sparse steps, then says 'R' on ready_fd and
 * holds its heap until hold_fd reaches end of file.  Its watcher (the
 * parent of the hog) says 'K' instead if the hog was killed first. */
static void
holding_hog(int ready_fd, int hold_fd, int steps)
{
  int pid = xfork();
  if (pid == 0) {
    for (int i = 0; i < steps; i++) {
      char *p = sbrk(SPARSE * PGSIZE);
      if (p == (char *)-1)
        exit(2);
      p[0] = 1;
    }
    xwrite(ready_fd, "R", 1);
    char c;
    read(hold_fd, &c, 1);
    exit(0);
  }
  int st = xwait(pid);
  if (st == -1)
    xwrite(ready_fd, "K", 1);
  char c;
  read(hold_fd, &c, 1);     /* exit only when released, like the hog */
  exit(st == 0 || st == -1 ? 0 : 1);
}

/* Several sparse touchers together want more page-table pages than the
 * kernel pool has.  Each is refused or killed when the pool reaches its
 * reserve, and while the survivors still hold their heaps, fork, exec
 * and pipe work for everybody else. */
static void
pt_drain(void)
{
  enum { NHOG = 6, STEPS = 600 };
  int ready[2], hold[2];
  char got[NHOG];

  xpipe(ready);
  xpipe(hold);
  for (int i = 0; i < NHOG; i++) {
    if (xfork() == 0) {
      close(ready[0]);
      close(hold[1]);
      holding_hog(ready[1], hold[0], STEPS);
    }
  }
  close(ready[1]);
  close(hold[0]);
  xread(ready[0], got, NHOG);
  int killed = 0;
  for (int i = 0; i < NHOG; i++)
    killed += got[i] == 'K';
  ut_printf("  (%s: %d of %d sparse touchers stopped by the pool reserve)\n", ut_current, killed, NHOG);
  CHECK(killed > 0, "%d processes touching %d sparse steps each were all served: the pool has no reserve?",
        NHOG, STEPS);

  /* Everybody else still works. */
  int fds[2];
  xpipe(fds);
  int pid = xfork();
  if (pid == 0) {
    char *argv[] = { "usertests", "-sleep", "0", 0 };
    exec("/usertests", argv);
    exit(7);
  }
  CHECK(xwait(pid) == 0, "fork+exec while the pool is at its reserve failed");
  xwrite(fds[1], "x", 1);
  char c;
  xread(fds[0], &c, 1);
  close(fds[0]);
  close(fds[1]);

  close(hold[1]);           /* release the survivors */
  for (int i = 0; i < NHOG; i++) {
    int st, w = wait(&st);
    CHECK(w > 0 && st == 0, "watcher %d: status %d (its hog ended in an unexpected way)", w, st);
  }
  close(ready[0]);
}

/* A process killed for lack of memory gives its frames and page tables
 * back when it dies, not when its parent waits: before the parent's
 * wait, the counts are exactly what they were before the fork (the
 * zombie keeps nothing, the go pipe is closed). */
static void
free_on_exit(void)
{
  struct hogs h;
  uint64 f0, k0, f = 0, k = 0;

  pool_counts(&f0, &k0);
  hogs_start(&h, 1, 1);
  hogs_go(&h);
  /* While the hog lives it holds page-table pages, so the counts can
   * only come back to f0/k0 once it is dead -- and not yet waited for. */
  for (int tries = 0; tries < 60 * ut_hz; tries++) {
    pool_counts(&f, &k);
    if (f == f0 && k == k0)
      break;
    sleep(1);
  }
  CHECK(f == f0 && k == k0, "before wait(): %ld frames and %ld kernel pages free, %ld and %ld before the hog",
        (long)f, (long)k, (long)f0, (long)k0);
  CHECK(hogs_wait(&h) == 1, "the hog was not killed for lack of memory");
}

/* wait() stores the status into a page that is still copy-on-write
 * shared with the child -- which has just been killed for using every
 * frame.  The status page needs a frame of its own; the parent must get
 * it (the dead child's memory is free) and not be killed itself. */
static int wait_page[PGSIZE / sizeof(int)] __attribute__((aligned(PGSIZE)));

static void
oom_wait(void)
{
  struct hogs h;

  wait_page[0] = 7;         /* mapped and written before the fork */
  hogs_start(&h, 1, 1);
  hogs_go(&h);
  int w = wait(&wait_page[0]);
  CHECK(w == h.pid[0], "wait returned %d, not the hog %d", w, h.pid[0]);
  CHECK(wait_page[0] == -1, "wait stored status %d for the out-of-memory hog, not -1", wait_page[0]);
}

/* Reading untouched heap costs no frame: user loads map the shared zero
 * frame -- in a mirrored process the zero pair, two frames of zeros in
 * two banks -- and the first store gets a frame (a pair) of its own. */
static void
zero_user(void)
{
  enum { N = 1000 };
  struct memstat m0, m1;
  char *p = sbrk(N * PGSIZE);
  long per = ut_mirrored() ? 2 : 1;

  CHECK(p != (char *)-1, "sbrk failed");
  CHECK(memstat(&m0) == 0, "memstat failed");
  int sum = 0;
  for (int i = 0; i < N; i++)
    sum += p[(uint64)i * PGSIZE + i % PGSIZE];
  CHECK(memstat(&m1) == 0, "memstat failed");
  CHECK(sum == 0, "untouched heap did not read as zeros");
  CHECK(m1.frames_free == m0.frames_free, "reading %d untouched pages took %ld frames",
        N, (long)(m0.frames_free - m1.frames_free));
  CHECK(m1.zero_maps - m0.zero_maps >= N, "zero_maps went up by %ld, not %d",
        (long)(m1.zero_maps - m0.zero_maps), N);
  p[5 * PGSIZE + 3] = 42;
  CHECK(frames_free() == m0.frames_free - per, "a store into a zero-mapped page took %ld frames, "
        "not %ld", (long)(m0.frames_free - frames_free()), per);
  CHECK(p[5 * PGSIZE + 3] == 42 && p[6 * PGSIZE + 3] == 0 && p[4 * PGSIZE + 3] == 0,
        "the store did not land in its own page only");
  sbrk(-N * PGSIZE);
}

/* 256 MiB of untouched heap -- more than twice all user frames -- written
 * into a pipe: the kernel reads it as zeros without mapping a page or
 * taking a frame.  (The pipe moves 4 KiB per hand-over: 65,536 of them;
 * this was 1 GiB, minutes under QEMU, for nothing more shown.) */
static void
zero_kernel(void)
{
  const int len = 1 << 28;
  int data[2], sync[2];
  struct memstat m0, m1;
  char *p = sbrk(len);

  CHECK(p != (char *)-1, "sbrk(256 MiB) failed");
  xpipe(data);
  xpipe(sync);
  int pid = xfork();
  if (pid == 0) {
    static uint64 buf[512];
    long total = 0;
    int r;
    close(data[1]);
    memset(buf, 0, sizeof buf);
    xwrite(sync[1], "s", 1);
    while ((r = read(data[0], buf, sizeof buf)) > 0) {
      for (int i = 0; i < (r + 7) / 8; i++)
        if (buf[i] != 0)
          fail("bytes at %ld read from the pipe are not 0", total + 8 * i);
      total += r;
    }
    if (total != len)
      fail("read %ld bytes, not %d", total, len);
    exit(0);
  }
  close(data[0]);
  char c;
  xread(sync[0], &c, 1);
  CHECK(memstat(&m0) == 0, "memstat failed");
  int w = write(data[1], p, len);
  CHECK(memstat(&m1) == 0, "memstat failed");
  close(data[1]);
  CHECK(w == len, "write of %d bytes of untouched heap returned %d", len, w);
  CHECK(xwait(pid) == 0, "the reader failed");
  CHECK(m1.frames_free == m0.frames_free && m1.kpages_free == m0.kpages_free &&
        m1.lazy_pages == m0.lazy_pages && m1.zero_maps == m0.zero_maps,
        "the kernel's 256 MiB read took %ld frames, %ld kernel pages, %ld lazy and %ld zero maps",
        (long)(m0.frames_free - m1.frames_free), (long)(m0.kpages_free - m1.kpages_free),
        (long)(m1.lazy_pages - m0.lazy_pages), (long)(m1.zero_maps - m0.zero_maps));
  close(sync[0]);
  close(sync[1]);
  sbrk(-len);
}

/* init is untouchable. */
static void
kill_init(void)
{
  CHECK(kill(1) == -1, "kill(1) did not return -1");
}

/* fscrash is a test knob: usertests boots do not enable it. */
static void
knob_gated(void)
{
  CHECK(fscrash(5) == -1, "fscrash worked without memv6.fscrash at boot");
}

const struct utest policy_tests[] = {
  { "policy.ptlimit", pt_limit, 60, 0 },
  { "policy.ptdrain", pt_drain, 120, 0 },
  { "policy.freeonexit", free_on_exit, 120, 0 },
  { "policy.oomwait", oom_wait, 120, 0 },
  { "policy.zerouser", zero_user, 30, 0 },
  { "policy.zerokernel", zero_kernel, 900, 0 },
  { "policy.killinit", kill_init, 10, 0 },
  { "policy.knobs", knob_gated, 10, 0 },
  { 0 },
};
