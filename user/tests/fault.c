/* Group `fault`: injected memory errors and their transparent repair
 * (faultinj, boot option memv6.faultinj; docs/memory.md "Memory errors").
 *
 * A victim is a child that execs `usertests -faultvictim ...`: the
 * translated /m/usertests (a mirrored process) or /u/usertests
 * (untranslated in every image: an unmirrored one).  It fills a heap
 * page, a bss page, a data page and a stack page with a pattern, forks
 * `kids` sharers of those pages (copy-on-write), reports its addresses,
 * and waits for a "go" byte.  Meanwhile the test injects.
 * On "go" every victim process has the kernel read its heap page (write
 * to the report pipe), has the kernel write into a second heap page
 * (read from the go pipe), stores to every page again, loads from every
 * mirror copy (when mirrored), checks every byte and exits 0 only if all
 * is intact.
 *
 * The window tests run victims that compute without pause (counters in
 * a tight loop, read() into a buffer) while copies of their pages are
 * poisoned and rebuilt at once, each time with the victim stopped
 * wherever it was: single-stepped (stage 6c of tests/run.py) that is
 * inside a store pair's window often, and the victim's counts must still
 * be exact.  The bank test (group bank, run by /m/usertests) fails whole
 * banks under running workers (campaign.c).
 *
 * Retired frames never come back: the harness's exact leak check counts
 * free + retired frames, per bank. */
#include "user/tests/ut.h"
#include "kernel/pagemap.h"

#define VICTIM_SEED 0x5a

struct victim {
  int pid;
  int report_fd, go_fd;
  uint64 heap, bss, stack, text, data;
};

static uchar victim_bss[2 * PGSIZE] __attribute__((aligned(PGSIZE)));
static uchar victim_data[2 * PGSIZE] __attribute__((aligned(PGSIZE))) = { 1 };   /* .data */

static void
victim_fill(uchar *p, uint64 n, uint seed)
{
  for (uint64 i = 0; i < n; i++)
    p[i] = pat(seed, i);
}

static int
victim_intact(const uchar *p, uint64 n, uint seed)
{
  for (uint64 i = 0; i < n; i++)
    if (p[i] != pat(seed, i))
      return 0;
  return 1;
}

/* The victim's side after "go" (on rfd): the first process passes one
 * go byte to each of its kids (on kids_fd), has the kernel read heap
 * page 0 (into the report pipe) and write heap page 1 (from the go
 * pipe); then every process stores to every page and checks them all. */
static int
victim_run(volatile uchar *heap, volatile uchar *stack, int wfd, int rfd, int first,
           int kids_fd, int kids)
{
  char go[8] = { 0 };

  if (read(rfd, go, 1) != 1)
    return 2;
  if (first) {
    if (kids > 0 && write(kids_fd, go, kids) != kids)
      return 4;
    if (write(wfd, (uchar *)heap, PGSIZE) != PGSIZE ||
        read_all(rfd, (uchar *)heap + PGSIZE, PGSIZE) != PGSIZE)
      return 3;
  } else {
    victim_fill((uchar *)heap + PGSIZE, PGSIZE, VICTIM_SEED + 1);
  }
  volatile uchar *bss = victim_bss, *data = victim_data;
  for (int i = 0; i < PGSIZE; i += 512) {   /* stores reach both copies */
    heap[i] = heap[i];
    bss[i] = bss[i];
    data[i] = data[i];
    stack[i] = stack[i];
  }
  if (ut_mirrored()) {                      /* and loads reach every mirror */
    volatile uchar *pages[] = { heap, heap + PGSIZE, bss, data, stack, (uchar *)victim_run };
    for (int k = 0; k < 6; k++)
      (void)*(pages[k] + MIRROR_OFFSET);
  }
  if (!victim_intact((uchar *)heap, PGSIZE, VICTIM_SEED) ||
      !victim_intact((uchar *)heap + PGSIZE, PGSIZE, VICTIM_SEED + 1) ||
      !victim_intact(victim_bss, PGSIZE, VICTIM_SEED + 2) ||
      !victim_intact(victim_data, PGSIZE, VICTIM_SEED + 4) ||
      !victim_intact((uchar *)stack, PGSIZE, VICTIM_SEED + 3))
    return 1;
  return 0;
}

/* usertests -faultvictim WFD RFD KIDS */
int
fault_victim(int argc, char **argv)
{
  uchar stack[2 * PGSIZE];
  uchar *st = (uchar *)PGROUNDUP((uint64)stack);
  int wfd = atoi(argv[2]), rfd = atoi(argv[3]), kids = atoi(argv[4]);
  uchar *heap = (uchar *)sbrk(2 * PGSIZE);
  uint64 rep[5];
  int kp[2];

  if (argc < 5 || heap == (uchar *)-1 || pipe(kp) < 0)
    return 9;
  victim_fill(heap, PGSIZE, VICTIM_SEED);
  victim_fill(heap + PGSIZE, PGSIZE, 0);
  victim_fill(victim_bss, PGSIZE, VICTIM_SEED + 2);
  victim_fill(victim_data, PGSIZE, VICTIM_SEED + 4);
  victim_fill(st, PGSIZE, VICTIM_SEED + 3);
  for (int k = 0; k < kids; k++)
    if (fork() == 0)
      exit(victim_run(heap, st, wfd, kp[0], 0, -1, 0));
  rep[0] = (uint64)heap;
  rep[1] = (uint64)victim_bss;
  rep[2] = (uint64)st;
  rep[3] = (uint64)victim_run;
  rep[4] = (uint64)victim_data;
  if (write(wfd, rep, sizeof rep) != sizeof rep)
    return 8;
  int r = victim_run(heap, st, wfd, rfd, 1, kp[1], kids);
  for (int k = 0; k < kids; k++) {
    int s = 0;
    wait(&s);
    if (s != 0)
      r = r ? r : 10 + s;
  }
  return r;
}

/* usertests -faultatomic WFD RFD: amoadd on a heap word ATOMIC_LOOPS
 * times (its native copy is poisoned again and again meanwhile), then
 * exit 0 if the word equals the count, 1 if an update was lost. */
#define ATOMIC_LOOPS 3000000
int
fault_atomic(int argc, char **argv)
{
  int wfd = atoi(argv[2]), rfd = atoi(argv[3]);
  int *word = (int *)sbrk(PGSIZE);
  char go;

  if (argc < 4 || word == (int *)-1)
    return 9;
  *word = 0;
  uint64 va = (uint64)word;
  if (write(wfd, &va, sizeof va) != sizeof va || read(rfd, &go, 1) != 1)
    return 8;
  for (int i = 0; i < ATOMIC_LOOPS; i++)
    __atomic_fetch_add(word, 1, __ATOMIC_RELAXED);
  return *word == ATOMIC_LOOPS ? 0 : 1;
}

/* The counter victim: CNT_PAGES heap pages of counters, every one
 * incremented once a round, in a tight loop of load, add, store (each
 * store a translated pair) for CNT_TICKS ticks. */
#define CNT_PAGES 1
#define CNT_WORDS (CNT_PAGES * PGSIZE / sizeof(uint64))
#define CNT_TICKS FAULT_CNT_TICKS

/* usertests -faultcount WFD RFD: report the counters' address, wait for
 * "go", count, then exit 0 if every counter equals the rounds done. */
int
fault_count(int argc, char **argv)
{
  int wfd = atoi(argv[2]), rfd = atoi(argv[3]);
  volatile uint64 *c = (uint64 *)sbrk(CNT_PAGES * PGSIZE);
  char go;

  if (argc < 4 || c == (uint64 *)-1)
    return 9;
  for (uint64 i = 0; i < CNT_WORDS; i++)
    c[i] = 0;
  uint64 va = (uint64)c, rounds = 0;
  if (write(wfd, &va, sizeof va) != sizeof va || read(rfd, &go, 1) != 1)
    return 8;
  for (int end = uptime() + CNT_TICKS; uptime() < end; rounds++)
    for (uint64 i = 0; i < CNT_WORDS; i++)
      c[i]++;
  for (uint64 i = 0; i < CNT_WORDS; i++)
    if (c[i] != rounds)
      return 1;
  return rounds > 0 ? 0 : 2;
}

/* The reader victim: read() of a file into a RD_PAGES-page heap buffer,
 * at offsets that straddle pages, for RD_TICKS ticks, every byte checked
 * against the pattern the file holds: byte i is rd_pat[i % RD_PERIOD]
 * (a period prime to the page size).  A file read copies block by block
 * from the buffer cache, so the victim is inside a kernel copy into its
 * memory most of the time. */
#define RD_PAGES  4
#define RD_CHUNK  (3 * PGSIZE + 100)
#define RD_FILE   (16 * PGSIZE)
#define RD_TICKS  100
#define RD_PERIOD 4093
static uchar rd_pat[RD_PERIOD + RD_CHUNK];

/* usertests -faultreader WFD RFD [TICKS]: write the pattern file, report
 * the buffer's address, wait for "go", read and check the file over and
 * over for TICKS (default RD_TICKS) ticks, then exit 0 if every byte was
 * right and no page differs from its mirror (mdiff of itself). */
int
fault_reader(int argc, char **argv)
{
  int wfd = atoi(argv[2]), rfd = atoi(argv[3]), r = 0;
  uchar *buf = (uchar *)sbrk(RD_PAGES * PGSIZE);
  uint64 vas[4];
  char go, name[24];

  if (argc < 4 || buf == (uchar *)-1)
    return 9;
  for (int i = 0; i < RD_PERIOD + RD_CHUNK; i++)
    rd_pat[i] = pat(0x77, i % RD_PERIOD);
  ut_snprintf(name, sizeof name, "/ut_frd%d", getpid());
  int fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);
  for (uint64 off = 0; fd >= 0 && off < RD_FILE; off += PGSIZE)
    if (write(fd, rd_pat + off % RD_PERIOD, PGSIZE) != PGSIZE)
      return 7;
  close(fd);
  memset(buf, 0, RD_PAGES * PGSIZE);
  uint64 va = (uint64)buf;
  if (write(wfd, &va, sizeof va) != sizeof va || read(rfd, &go, 1) != 1)
    return 8;
  for (int end = uptime() + (argc > 4 ? atoi(argv[4]) : RD_TICKS), k = 0; !r && uptime() < end; ) {
    if ((fd = open(name, O_RDONLY)) < 0)
      return 7;
    for (uint64 got = 0, n; !r && got < RD_FILE; got += n, k++) {
      uchar *at = buf + (k * 1000) % (RD_PAGES * PGSIZE - RD_CHUNK);
      n = read(fd, at, RD_CHUNK);
      if ((int)n <= 0 || memcmp(at, rd_pat + got % RD_PERIOD, n) != 0)
        r = (int)n <= 0 ? 7 : 1;
    }
    close(fd);
  }
  unlink(name);
  return r ? r : mdiff(0, vas, 4) == 0 ? 0 : 6;
}

/* usertests -faultexec WFD RFD: build an argv for `usertests -sleep 0`
 * -- the strings and the pointer array -- in a heap page, report the
 * page, wait for "go" (its native copy is poisoned meanwhile) and exec
 * it: exec reads the arguments through the poisoned page. */
int
fault_exec_child(int argc, char **argv)
{
  int wfd = atoi(argv[2]), rfd = atoi(argv[3]);
  char *page = sbrk(PGSIZE), go;

  if (argc < 4 || page == (char *)-1)
    return 9;
  char **av = (char **)page;
  strcpy(page + 64, "usertests");
  strcpy(page + 96, "-sleep");
  strcpy(page + 128, "0");
  av[0] = page + 64;
  av[1] = page + 96;
  av[2] = page + 128;
  av[3] = 0;
  uint64 va = (uint64)page;
  if (write(wfd, &va, sizeof va) != sizeof va || read(rfd, &go, 1) != 1)
    return 8;
  exec("/m/usertests", av);
  return 7;
}

/* Fork a child that execs `PROG MODE WFD RFD ARGS...` (PROG
 * /m/usertests: mirrored, /u/usertests: not; args: at most
 * FAULT_SPAWN_ARGS strings, ending at the first 0), WFD and RFD its ends
 * of two pipes and no other file above 2 open (so that the end of
 * fds[1] is its caller's alone to close).  Its pid; fds[0] reads what it
 * reports, fds[1] writes to it.  A child whose exec fails exits with
 * UT_EXECFAILED: fds[0] then reads end of file. */
int
fault_spawn(const char *prog, char *mode, char **args, int fds[2])
{
  int up[2], down[2];
  char w[12], r[12];
  char *argv[4 + FAULT_SPAWN_ARGS + 1] = { "usertests", mode, w, r };

  for (int i = 0; i < FAULT_SPAWN_ARGS && args && args[i]; i++)
    argv[4 + i] = args[i];
  xpipe(up);
  xpipe(down);
  ut_snprintf(w, sizeof w, "%d", up[1]);
  ut_snprintf(r, sizeof r, "%d", down[0]);
  int pid = xfork();
  if (pid == 0) {
    for (int fd = 3; fd < NOFILE; fd++)
      if (fd != up[1] && fd != down[0])
        close(fd);
    exec(prog, argv);
    exit(UT_EXECFAILED);
  }
  close(up[1]);
  close(down[0]);
  fds[0] = up[0];
  fds[1] = down[1];
  return pid;
}

/* fault_spawn with `[ARG [MORE]]`: ARG a number, if has_arg. */
static int
spawn_more(const char *prog, char *mode, long arg, int has_arg, char *more, int fds[2])
{
  char a[24];
  char *args[] = { has_arg ? a : 0, more, 0 };

  ut_snprintf(a, sizeof a, "%ld", arg);
  return fault_spawn(prog, mode, args, fds);
}

static int
spawn(const char *prog, char *mode, long arg, int has_arg, int fds[2])
{
  return spawn_more(prog, mode, arg, has_arg, 0, fds);
}

/* Start a victim (mirrored or not) with kids sharers; fill in v. */
static void
victim_start(struct victim *v, int mirrored, int kids)
{
  int fds[2];
  uint64 rep[5];

  v->pid = spawn(mirrored ? "/m/usertests" : "/u/usertests", "-faultvictim", kids, 1, fds);
  v->report_fd = fds[0];
  v->go_fd = fds[1];
  xread(v->report_fd, rep, sizeof rep);
  v->heap = rep[0];
  v->bss = rep[1];
  v->stack = rep[2];
  v->text = rep[3];
  v->data = rep[4];
}

/* Let the victim (and its kids) run to the end: its exit status. */
static int
victim_finish(struct victim *v)
{
  uchar page[PGSIZE];
  char go = 0;

  xwrite(v->go_fd, &go, 1);
  xread(v->report_fd, page, PGSIZE);
  if (!victim_intact(page, PGSIZE, VICTIM_SEED))
    fail("the kernel read wrong bytes from the victim's repaired heap page");
  victim_fill(page, PGSIZE, VICTIM_SEED + 1);
  write(v->go_fd, page, PGSIZE);
  close(v->go_fd);
  close(v->report_fd);
  return xwait(v->pid);
}

static struct memstat
mstat(void)
{
  struct memstat m;

  CHECK(memstat(&m) == 0, "memstat failed");
  return m;
}

static void
inject(int pid, uint64 va, int how)
{
  CHECK(faultinj(pid, va, how) == 0, "faultinj(%d, 0x%lx, 0x%x) failed", pid, va, how);
}

/* Poison one copy of the heap, bss, data, stack and text pages of a
 * mirrored victim: it runs on intact, every poisoned copy that it (or the kernel
 * for it) touched is rebuilt, and the frames are retired. */
static void
poison_copy(int how)
{
  struct memstat m0 = mstat();
  struct victim v;

  victim_start(&v, 1, 0);
  inject(v.pid, v.heap, how);
  inject(v.pid, v.heap + PGSIZE, how);
  inject(v.pid, v.bss, how);
  inject(v.pid, v.stack, how);
  inject(v.pid, v.text, how);
  inject(v.pid, v.data, how);
  int st = victim_finish(&v);
  struct memstat m1 = mstat();
  CHECK(st == 0, "the victim saw damage or died: status %d", st);
  uint64 rec = how & FI_MIRROR ? m1.recovered_mirror - m0.recovered_mirror
                               : m1.recovered_native - m0.recovered_native;
  CHECK(rec == 6, "%ld copies were rebuilt, not the 6 poisoned", (long)rec);
  CHECK(m1.injected - m0.injected == 6, "injected moved by %ld, not 6", (long)(m1.injected - m0.injected));
  CHECK(m1.retired - m0.retired == 6, "retired moved by %ld, not 6", (long)(m1.retired - m0.retired));
  CHECK(m1.unrecoverable == m0.unrecoverable, "an access found no healthy copy");
}

static void
fault_native(void)
{
  poison_copy(0);
}

static void
fault_mirror(void)
{
  poison_copy(FI_MIRROR);
}

/* exec of a program whose arguments (strings and pointers) lie in a page
 * whose native copy is poisoned: exec's reads rebuild it, and the new
 * program runs. */
static void
fault_exec(void)
{
  struct memstat m0 = mstat();
  int fds[2];
  uint64 va;

  int pid = spawn("/m/usertests", "-faultexec", 0, 0, fds);
  xread(fds[0], &va, sizeof va);
  inject(pid, va, 0);
  xwrite(fds[1], "g", 1);
  int st = xwait(pid);
  close(fds[0]);
  close(fds[1]);
  CHECK(st == 0, "exec with its arguments in a poisoned page: status %d (7: exec failed)", st);
  CHECK(mstat().recovered_native > m0.recovered_native, "no native copy was rebuilt");
}

/* Both copies of a page bad: the process dies, saying why. */
static void
fault_both(void)
{
  struct memstat m0 = mstat();
  struct victim v;

  victim_start(&v, 1, 0);
  inject(v.pid, v.heap, 0);               /* the kernel reads it first */
  inject(v.pid, v.heap, FI_MIRROR);
  char go[1] = { 0 };
  xwrite(v.go_fd, go, 1);
  int st = xwait(v.pid);
  close(v.go_fd);
  close(v.report_fd);
  CHECK(st == -1, "victim with both copies poisoned: status %d, not -1", st);
  CHECK(mstat().unrecoverable > m0.unrecoverable, "unrecoverable did not move");
}

/* An unmirrored process has no second copy: killed, loudly. */
static void
fault_unmirrored(void)
{
  struct victim v;

  victim_start(&v, 0, 0);
  CHECK(faultinj(v.pid, v.heap, FI_MIRROR) == -1, "a mirror copy of an unmirrored page was injected");
  inject(v.pid, v.heap, 0);
  char go[1] = { 0 };
  xwrite(v.go_fd, go, 1);
  int st = xwait(v.pid);
  close(v.go_fd);
  close(v.report_fd);
  CHECK(st == -1, "unmirrored victim of a poisoned page: status %d, not -1", st);
}

/* A frame shared copy-on-write by a victim and three kids, poisoned
 * once: every sharer gets its data back. */
static void
fault_cow(void)
{
  struct memstat m0 = mstat();
  struct victim v;

  victim_start(&v, 1, 3);
  inject(v.pid, v.bss, 0);
  inject(v.pid, v.stack, FI_MIRROR);
  int st = victim_finish(&v);
  struct memstat m1 = mstat();
  CHECK(st == 0, "a sharer saw damage or died: status %d", st);
  CHECK(m1.retired - m0.retired == 2, "retired moved by %ld, not 2", (long)(m1.retired - m0.retired));
}

/* The frame (native copy, or the mirror copy) that page va of process
 * pid maps validly, its record in *pm; 0 if none. */
static uint64
page_frame(int pid, uint64 va, int mirror, struct pagemap *pm)
{
  if (pagemap(pid, va, pm, 1) != 1 || pm->va != va ||
      (pm->flags & (mirror ? PM_MIRROR_INVALID : PM_INVALID)))
    return 0;
  return mirror ? pm->mirror_pa : pm->pa;
}

/* Start the window victim `usertests MODE` (mirrored) and, if given,
 * call before(its pid) before it starts work; while it runs (ticks ticks, or until `left`
 * poisons landed, or it is done), poison copies of its npages pages from the address
 * it reports, chosen at random from the run's seed: native or mirror
 * copy, rebuilt at once with FI_NOW (the victim stopped wherever it is,
 * its window settled) or on its next access.  Its exit status; in w
 * the poisons that landed, those of them that hit a page mapping the
 * zero pair (frame.c), those after which the page still mapped the
 * poisoned frame validly -- a stale mapping: with FI_NOW the copy is
 * rebuilt in a new frame, else its PTE traps until the next access --
 * and the windows settled meanwhile. */
int
window_run(char *mode, int npages, int how, int ticks, int left, void (*before)(int pid),
           struct window *w)
{
  struct memstat m0 = mstat();
  uint64 va, rs = splitmix(ut_seed() ^ 0x3d1) | 1;
  int fds[2];

  int pid = spawn("/m/usertests", mode, 0, 0, fds);
  xread(fds[0], &va, sizeof va);
  if (before)
    before(pid);
  xwrite(fds[1], "g", 1);
  w->hits = w->zero_hits = w->stale = 0;
  for (int end = uptime() + ticks; uptime() < end && w->hits < left; ) {
    uint64 r = rnd(&rs), page = va + (r >> 8) % npages * PGSIZE;
    int mirror = how == FI_NOW && r % 4 == 0;       /* mostly native copies */
    struct pagemap pm;
    uint64 hit = page_frame(pid, page, mirror, &pm);
    if (faultinj(pid, page, how | (mirror ? FI_MIRROR : 0)) == 0) {
      w->hits++;
      w->zero_hits += hit && (pm.flags & PM_ZERO);
      if (hit && page_frame(pid, page, mirror, &pm) == hit) {
        /* the same frame: stale if it is the poisoned one, which cannot
         * be poisoned twice; a frame the victim gave back between the
         * looks and got again (the spinning reader's) can */
        if (faultinj(pid, page, how | (mirror ? FI_MIRROR : 0)) == 0)
          w->hits++;
        else
          w->stale++;
      }
    } else if (pagemap(pid, va, &pm, 1) < 0)
      break;                                        /* it is done */
    if (how == FI_NOW)
      sleep(1);           /* the victim back at work: each stop finds it elsewhere */
    for (volatile int spin = (r >> 20) % 4000; spin > 0; spin--)
      ;
  }
  int st = xwait(pid);
  close(fds[0]);
  close(fds[1]);
  w->settled = mstat().windows_settled - m0.windows_settled;
  return st;
}

/* An AMO's window: the AMO has changed the native word and its copy to
 * the mirror has not run.  A victim running amoadd in a loop has its
 * native page poisoned again and again, rebuilt on its own next access:
 * when that access is the window's read of the native word, the kernel
 * must redo the AMO (the mirror holds the word from before it), never
 * let the victim run on without it -- the count must be exact, and no
 * page lost.  Single-stepped (stage 6c) the poisons land in windows. */
static void
fault_atomic_window(void)
{
  struct memstat m0 = mstat();
  struct window w;

  int st = window_run("-faultatomic", 1, 0, 120 * ut_hz, 200, 0, &w);
  CHECK(w.hits > 0, "no poison landed");
  CHECK(w.stale == 0, "%d of %d poisoned pages still mapped their poisoned frame", w.stale, w.hits);
  CHECK(st == 0, "the amoadd victim ended with status %d after %d poisons, %ld windows settled "
        "(1: an atomic update was lost; -1: killed)", st, w.hits, w.settled);
  CHECK(mstat().unrecoverable == m0.unrecoverable, "a page was lost");
  ut_printf("  (fault.atomicwindow: %d poisons, %ld windows settled)\n", w.hits, w.settled);
}

/* A store's window: a victim incrementing counters in a tight loop has
 * native and mirror copies of its counter pages poisoned and rebuilt at
 * once, stopped wherever it is: a native copy rebuilt from the mirror
 * while the victim is between a native store and its mirror store would
 * lose that store unless the kernel redoes it.  The counts must be exact
 * and every poison rebuilt. */
static void
fault_store_window(void)
{
  struct memstat m0 = mstat();
  struct window w;

  int st = window_run("-faultcount", CNT_PAGES, FI_NOW, CNT_TICKS - 10, 1 << 30, 0, &w);
  struct memstat m1 = mstat();
  long rebuilt = (m1.recovered_native - m0.recovered_native) + (m1.recovered_mirror - m0.recovered_mirror);
  CHECK(w.hits > 0, "no poison landed");
  CHECK(w.stale == 0, "%d of %d poisoned pages still mapped their poisoned frame", w.stale, w.hits);
  CHECK(st == 0, "the counting victim ended with status %d after %d poisons, %ld windows settled "
        "(1: a count is wrong: an update was lost)", st, w.hits, w.settled);
  CHECK(rebuilt == w.hits, "%d poisons, %ld copies rebuilt", w.hits, rebuilt);
  CHECK(m1.unrecoverable == m0.unrecoverable, "a page was lost");
  ut_printf("  (fault.storewindow: %d poisons, %ld windows settled)\n", w.hits, w.settled);
}

/* The kernel's copies: a victim read()ing from a pipe into its buffer
 * has the buffer's copies poisoned and rebuilt at once meanwhile.  A
 * kernel copy holds the space's lock from resolving a page to writing
 * both copies, so no rebuild retires a frame under it: every byte the
 * victim reads is right and its pages equal their mirrors after. */
static void
fault_read_window(void)
{
  struct memstat m0 = mstat();
  struct window w;

  int st = window_run("-faultreader", RD_PAGES, FI_NOW, RD_TICKS - 10, 1 << 30, 0, &w);
  CHECK(w.hits > 0, "no poison landed");
  CHECK(w.stale == 0, "%d of %d poisoned pages still mapped their poisoned frame", w.stale, w.hits);
  CHECK(st == 0, "the reading victim ended with status %d after %d poisons (1: a byte read was "
        "wrong; 6: a page differs from its mirror)", st, w.hits);
  CHECK(mstat().unrecoverable == m0.unrecoverable, "a page was lost");
  ut_printf("  (fault.readwindow: %d poisons)\n", w.hits);
}

/* Flip bit 77 (byte 9) of the copy how names (FI_MIRROR or not) of a
 * fresh mirrored victim's bss page, which mdiff must then list alone;
 * scrub(1) must find it and leave the copies agreeing.  The victim's
 * exit status. */
static int
flip_scrubbed(int how)
{
  struct victim v;
  uint64 vas[4];

  victim_start(&v, 1, 0);
  CHECK(mdiff(v.pid, vas, 4) == 0, "a fresh victim differs from its mirror");
  inject(v.pid, v.bss, how | FI_FLIP | (77 << 8));
  int n = mdiff(v.pid, vas, 4);
  CHECK(n == 1 && vas[0] == v.bss, "mdiff after a flip: %d pages, first 0x%lx (bss 0x%lx)", n, vas[0], v.bss);
  int found = scrub(1);
  CHECK(found >= 1, "scrub found %d differing pages, not the flipped one", found);
  CHECK(mdiff(v.pid, vas, 4) == 0, "scrub did not make the copies agree");
  return victim_finish(&v);
}

/* A silent bit flip is not reported by the hardware: only a comparison
 * finds it.  mdiff sees the page, scrub reports it and, the victim being
 * asleep (not running, not inside a window), rewrites the mirror from the
 * native copy; then the copies agree again and the victim's data is
 * intact. */
static void
fault_flip(void)
{
  struct memstat m0 = mstat();
  int st = flip_scrubbed(FI_MIRROR);
  struct memstat m1 = mstat();

  CHECK(m1.scrub_found > m0.scrub_found && m1.scrub_repaired > m0.scrub_repaired,
        "scrub's counters did not move");
  CHECK(m1.retired == m0.retired, "a bit flip retired a frame");
  CHECK(st == 0, "victim status %d", st);
}

/* The limit of two copies: a flip of the native copy -- the one the
 * program reads -- is found the same way, but without a checksum scrub
 * can only take the native copy for the right one: it rewrites the
 * mirror from it, and the victim then reads the flipped byte (byte 9 of
 * its bss, which it never stores to again) and says its data is wrong
 * (status 1).  The campaign draws such flips only with -target user, its
 * "limit" column (docs/memory.md, "The limit of two copies"). */
static void
fault_native_flip(void)
{
  int st = flip_scrubbed(0);

  CHECK(st == 1, "victim status %d, not 1 (its bss read wrong): what undid the flip of the copy it "
        "reads?", st);
}

/* Every page of process pid has two healthy copies in two different
 * banks, neither of them failed (failed[b] set)?  0 if so, else what is
 * wrong, in why. */
int
pages_rehomed(int pid, const int *failed, char *why, int n)
{
  static struct pagemap pm[32];
  uint64 va = 0;
  int k, pages = 0;

  while ((k = pagemap(pid, va, pm, 32)) > 0) {
    for (int i = 0; i < k; i++, pages++) {
      struct pagemap *m = &pm[i];
      if (!(m->flags & PM_MIRROR) || (m->flags & (PM_INVALID | PM_MIRROR_INVALID)) ||
          m->bank >= NBANK || m->mirror_bank >= NBANK || m->bank == m->mirror_bank ||
          failed[m->bank] || failed[m->mirror_bank]) {
        ut_snprintf(why, n, "pid %d page 0x%lx: flags 0x%x, banks %d and %d", pid, m->va, m->flags,
                    m->bank, m->mirror_bank);
        return -1;
      }
    }
    va = pm[k - 1].va + PGSIZE;
  }
  if (pages == 0) {
    ut_snprintf(why, n, "pid %d: no pages (gone?)", pid);
    return -1;
  }
  return 0;
}

#define BANK_WORKERS 3
#define BANK_TICKS   400    /* the workers compute through every failure */
#define BANK_CHECKED 3      /* failures one at a time, each checked; then a race */

/* After nfailed bank failures: every page of the workers w[] (and their
 * children), of the reader, of init and of this process in two different
 * surviving banks. */
static void
bank_check(const struct cworker *w, int reader, const int *failed, int nfailed)
{
  char why[120];

  for (int k = 0; k < BANK_WORKERS; k++) {
    CHECK(pages_rehomed(w[k].pid, failed, why, sizeof why) == 0, "after %d failures: %s", nfailed, why);
    CHECK(w[k].rd.child == 0 || pages_rehomed(w[k].rd.child, failed, why, sizeof why) == 0,
          "after %d failures: a worker's child: %s", nfailed, why);
  }
  CHECK(pages_rehomed(1, failed, why, sizeof why) == 0, "after %d failures: init: %s", nfailed, why);
  CHECK(pages_rehomed(getpid(), failed, why, sizeof why) == 0, "after %d failures: %s", nfailed, why);
  CHECK(pages_rehomed(reader, failed, why, sizeof why) == 0, "after %d failures: reader: %s", nfailed,
        why);
}

/* Two processes fail every bank they can at once: the kernel takes one
 * failure at a time and never fails the last two banks, so between them
 * they fail exactly the banks that may still fail.  How many they
 * failed. */
static int
bank_race(void)
{
  int p[2], n = 0, total = 0, racer[2];

  xpipe(p);
  for (int r = 0; r < 2; r++) {
    if ((racer[r] = xfork()) == 0) {
      for (int b = 0; b < NBANK; b++)
        n += faultinj(0, (b + r * NBANK / 2) % NBANK, FI_BANK) == 0;
      write(p[1], &n, sizeof n);
      exit(0);
    }
  }
  for (int r = 0; r < 2; r++) {
    xread(p[0], &n, sizeof n);
    total += n;
    int w = wait(0);
    CHECK(w == racer[0] || w == racer[1], "wait returned %d, not a racer", w);
  }
  close(p[0]);
  close(p[1]);
  return total;
}

/* Banks fail -- as many as may (all but two) -- while mirrored workers
 * (one of each workload, campaign.c) compute on every hart and a
 * mirrored reader reads a file into its buffer: BANK_CHECKED one after another, then the rest by two processes
 * racing to fail them.  After each failure (and after the race) every
 * page of the workers (and their children), of the reader, of init and of
 * this process has its
 * two copies in two different surviving banks again (running processes
 * included); exactly NBANK - 2 failures succeed; the unmirrored victim
 * with a page in the first bank is killed; the failed banks give out
 * nothing; and at the end every worker's checksum and every byte read is
 * right.
 * It needs a mirrored harness (the unmirrored usertests has pages in
 * every bank and would be killed): group bank runs /m/usertests. */
static void
fault_bank(void)
{
  int failed[NBANK] = { 0 }, nfailed = 0;
  uint64 seed = ut_seed();
  struct cworker w[BANK_WORKERS];
  struct victim u;
  struct pagemap pm;

  CHECK(ut_mirrored(), "bank.rehome needs a mirrored harness: run it as /m/usertests bank.");
  CHECK(faultinj(0, NBANK, FI_BANK) == -1, "a bank past the last was failed");
  victim_start(&u, 0, 0);
  CHECK(pagemap(u.pid, u.heap, &pm, 1) == 1 && pm.bank < NBANK, "no bank for the unmirrored victim");
  int bank = pm.bank;
  for (int k = 0; k < BANK_WORKERS; k++)      /* every workload */
    cw_start(&w[k], k % NWL, 1, splitmix(seed + k), BANK_TICKS);
  int fd[2];
  int reader = spawn_more("/m/usertests", "-faultreader", BANK_TICKS, 1, 0, fd);
  uint64 rbuf;
  xread(fd[0], &rbuf, sizeof rbuf);
  xwrite(fd[1], "g", 1);

  struct memstat m0 = mstat();
  for (int round = 0; round < BANK_CHECKED && faultinj(0, bank, FI_BANK) == 0; round++) {
    failed[bank] = 1;
    nfailed++;
    CHECK(faultinj(0, bank, FI_BANK) == -1, "bank %d failed twice", bank);
    CHECK(mstat().bank_free[bank] == 0, "failed bank %d still has free frames", bank);
    bank_check(w, reader, failed, nfailed);
    for (bank = 0; bank < NBANK && failed[bank]; bank++)
      ;
  }
  CHECK(nfailed == BANK_CHECKED, "only %d banks failed", nfailed);
  nfailed += bank_race();
  CHECK(nfailed == NBANK - 2, "%d banks failed before the injector refused, not %d (all but two)",
        nfailed, NBANK - 2);
  struct memstat m = mstat();
  for (int b = 0; b < NBANK; b++)
    failed[b] = m.bank_free[b] == 0 && m.bank_retired[b] > 0;
  bank_check(w, reader, failed, nfailed);
  struct memstat m1 = mstat();
  CHECK(m1.retired > m0.retired, "no frame of the failed banks was retired");
  char go = 0;
  xwrite(u.go_fd, &go, 1);
  int st = cw_reap(u.pid);
  CHECK(st == -1, "the unmirrored victim with a page in the failed bank: status %d, not -1", st);
  close(u.go_fd);
  close(u.report_fd);
  st = cw_reap(reader);
  close(fd[0]);
  close(fd[1]);
  CHECK(st == 0, "the reader ended with status %d (1: a byte read was wrong; 6: a page differs "
        "from its mirror)", st);
  cw_finish(w, BANK_WORKERS);
}

/* Every word of the n pages at p read: their bits ORed (0: all zeros). */
static uint64
zero_pages_read(volatile uchar *p, int n)
{
  uint64 bad = 0;

  for (int i = 0; i < n * PGSIZE; i += 8)
    bad |= *(volatile uint64 *)(p + i);
  return bad;
}

/* A byte stored into each of the n zeroed pages at p and read back: 0 if
 * each landed and its neighbours are still zero. */
static uint64
zero_pages_store(volatile uchar *p, int n)
{
  uint64 bad = 0;

  for (int i = 0; i < n; i++)
    p[i * PGSIZE + 5] = (uchar)(i + 1);
  for (int i = 0; i < n; i++)
    bad |= (p[i * PGSIZE + 5] != i + 1) | p[i * PGSIZE + 6] | p[i * PGSIZE + 4];
  return bad;
}

/* usertests -faultzero WFD RFD: read ZP_PAGES untouched heap pages (a
 * mirrored process maps the zero pair: frame.c), report where they are,
 * wait for a byte, read every word of them, then store into each page
 * and read it back: exit 0 if every read was right, 1 if not. */
#define ZP_PAGES 8
int
fault_zero_reader(int argc, char **argv)
{
  volatile uchar *p = (uchar *)sbrk(ZP_PAGES * PGSIZE);
  uint64 va = (uint64)p, bad = 0;
  char go;

  if (argc < 4 || p == (uchar *)-1)
    return 9;
  int wfd = atoi(argv[2]), rfd = atoi(argv[3]);
  for (int i = 0; i < ZP_PAGES; i++)
    bad |= p[i * PGSIZE + 100];
  if (write(wfd, &va, sizeof va) != sizeof va || read(rfd, &go, 1) != 1)
    return 8;
  bad |= zero_pages_read(p, ZP_PAGES);
  bad |= zero_pages_store(p, ZP_PAGES);
  return bad != 0;
}

/* A reader's first page maps the zero pair (in two banks)?  Its record
 * in *pm. */
static int
maps_zero_pair(int pid, uint64 va, struct pagemap *pm)
{
  return pagemap(pid, va, pm, 1) == 1 && pm->va == va &&
         (pm->flags & (PM_ZERO | PM_MIRROR | PM_W)) == (PM_ZERO | PM_MIRROR) &&
         pm->bank < NBANK && pm->mirror_bank < NBANK && pm->bank != pm->mirror_bank;
}

/* The zero pair under a memory error.  Two mirrored readers of untouched
 * heap map the same pair, in two banks; its native copy is poisoned, and
 * the pair is replaced at once (two frames taken); a third reader maps
 * the fresh pair; the first two read zeros on (each page rebuilt, as
 * zeros), their stores land, and the poisoned frame is retired with its
 * last reference. */
static void
fault_zero_pair(void)
{
  struct memstat m0 = mstat();
  struct pagemap pm[3];
  int pid[3], fds[3][2];
  uint64 heap[3];

  for (int k = 0; k < 3; k++) {
    if (k == 2) {
      uint64 before = mstat().frames_free;
      inject(pid[0], heap[0], 0);
      uint64 after = mstat().frames_free;
      CHECK(after == before - 2, "the poison took %ld frames, not the 2 of a new zero pair",
            (long)(before - after));
    }
    pid[k] = spawn("/m/usertests", "-faultzero", 0, 0, fds[k]);
    xread(fds[k][0], &heap[k], sizeof heap[k]);
    CHECK(maps_zero_pair(pid[k], heap[k], &pm[k]),
          "reader %d: an untouched page read maps %p/%p, banks %d/%d, flags 0x%x: not a zero pair",
          k, pm[k].pa, pm[k].mirror_pa, pm[k].bank, pm[k].mirror_bank, pm[k].flags);
  }
  CHECK(pm[1].pa == pm[0].pa && pm[1].mirror_pa == pm[0].mirror_pa,
        "two readers map two zero pairs: %p/%p and %p/%p", pm[0].pa, pm[0].mirror_pa, pm[1].pa,
        pm[1].mirror_pa);
  CHECK(pm[2].pa != pm[0].pa && pm[2].mirror_pa != pm[0].mirror_pa,
        "a reader after the poison maps the poisoned zero pair %p/%p", pm[2].pa, pm[2].mirror_pa);
  for (int k = 0; k < 3; k++) {
    xwrite(fds[k][1], "g", 1);
    close(fds[k][1]);
    close(fds[k][0]);
    int st = xwait(pid[k]);
    CHECK(st == 0, "reader %d (%s the poison) read wrong bytes or died: status %d", k,
          k < 2 ? "before" : "after", st);
  }
  struct memstat m1 = mstat();
  CHECK(m1.recovered_native - m0.recovered_native >= 2 * ZP_PAGES,
        "%ld native copies rebuilt, not the %d the two readers mapped",
        (long)(m1.recovered_native - m0.recovered_native), 2 * ZP_PAGES);
  CHECK(m1.retired - m0.retired == 1, "retired moved by %ld, not 1 (the pair's native frame)",
        (long)(m1.retired - m0.retired));
  CHECK(m1.unrecoverable == m0.unrecoverable, "an access found no healthy copy");
}

/* The spinning reader: ZS_PAGES untouched heap pages, every word read and
 * checked over and over for ZS_TICKS ticks -- loads only, so the pages
 * map the zero pair, until a rebuild gives one a pair of its own; every
 * ZS_RENEW rounds the pages are given back and taken again (sbrk down
 * and up), and the next reads map the zero pair again. */
#define ZS_PAGES 4
#define ZS_TICKS 100
#define ZS_RENEW 16

/* usertests -faultzerospin WFD RFD: report the pages' address, wait for
 * "go", read as above, then store into each page and read it back: exit
 * 0 if every read was right, 1 if not, 2 if no round ran. */
int
fault_zero_spinner(int argc, char **argv)
{
  volatile uchar *p = (uchar *)sbrk(ZS_PAGES * PGSIZE);
  uint64 va = (uint64)p, bad = 0, rounds = 0;
  char go;

  if (argc < 4 || p == (uchar *)-1)
    return 9;
  if (write(atoi(argv[2]), &va, sizeof va) != sizeof va || read(atoi(argv[3]), &go, 1) != 1)
    return 8;
  for (int end = uptime() + ZS_TICKS; uptime() < end; rounds++) {
    bad |= zero_pages_read(p, ZS_PAGES);
    if (rounds % ZS_RENEW == ZS_RENEW - 1 &&
        (sbrk(-ZS_PAGES * PGSIZE) == (char *)-1 || sbrk(ZS_PAGES * PGSIZE) != (char *)va))
      return 9;
  }
  bad |= zero_pages_store(p, ZS_PAGES);
  return bad ? 1 : rounds > 0 ? 0 : 2;
}

/* The zero pair poisoned under a running reader: the spinning reader's
 * pages -- most of the time the zero pair's, in the middle of its loads
 * -- have a copy poisoned again and again and rebuilt at once (FI_NOW:
 * the reader stopped wherever it is).  Every poison of the pair replaces
 * it; the reader, and every other process that mapped the old pair,
 * reads zeros on, no page is lost, and every poisoned frame is retired:
 * none is left mapped or held (a poison marks a frame, it does not change
 * its bytes, so the reads alone would not see a stale mapping). */
static void
fault_zero_window(void)
{
  struct memstat m0 = mstat();
  struct window w;

  int st = window_run("-faultzerospin", ZS_PAGES, FI_NOW, ZS_TICKS - 10, 1 << 30, 0, &w);
  CHECK(w.zero_hits > 0, "no poison hit the zero pair (%d poisons)", w.hits);
  CHECK(w.stale == 0, "%d of %d poisoned pages still mapped their poisoned frame", w.stale, w.hits);
  CHECK(st == 0, "the spinning reader ended with status %d after %d poisons, %d of the zero pair "
        "(1: a read was not zero or a store was lost)", st, w.hits, w.zero_hits);
  struct memstat m1 = mstat();
  CHECK(m1.retired - m0.retired == (uint64)w.hits, "%d frames poisoned, %ld retired: a poisoned "
        "frame is still mapped or held", w.hits, (long)(m1.retired - m0.retired));
  CHECK(m1.unrecoverable == m0.unrecoverable, "a page was lost");
  ut_printf("  (fault.zerowindow: %d poisons, %d of the zero pair)\n", w.hits, w.zero_hits);
}

/* Hold every free frame (bankhold) but one, left in bank 0: how many
 * are held.  hold_release gives them back. */
static long
hold_all_but_one(void)
{
  struct memstat m = mstat();
  long held = 0;

  for (int b = 0; b < NBANK; b++) {
    long want = (long)m.bank_free[b] - (b == 0);
    if (want > 0)
      held += bankhold(b, (int)want);
  }
  return held;
}

static void
hold_release(void)
{
  for (int b = 0; b < NBANK; b++)
    bankhold(b, 0);
}

/* The zero pair when memory is short.  With one free frame left, a
 * poison of the pair cannot replace it: the frame taken for the new
 * pair's native copy finds no twin in another bank and must be given
 * back (still one free after).  Once memory is back, the next reader of
 * untouched heap makes the pair again and maps it -- a fresh pair, not a
 * private one -- and both readers read zeros and store. */
static void
fault_zero_short(void)
{
  struct memstat m0 = mstat();
  struct pagemap pm[2];
  int pid[2], fds[2][2];
  uint64 heap[2];

  pid[0] = spawn("/m/usertests", "-faultzero", 0, 0, fds[0]);
  xread(fds[0][0], &heap[0], sizeof heap[0]);
  CHECK(maps_zero_pair(pid[0], heap[0], &pm[0]), "the first reader maps no zero pair");
  long held = hold_all_but_one();
  uint64 free_held = mstat().frames_free;
  int poisoned = faultinj(pid[0], heap[0], 0);
  uint64 free_after = mstat().frames_free;
  hold_release();
  CHECK(held > 0 && free_held == 1, "held %ld frames, %ld left free, not 1", held, (long)free_held);
  CHECK(poisoned == 0, "the zero pair's native copy could not be poisoned");
  CHECK(free_after == 1, "the failed replacement left %ld frames free, not the 1 it had: a frame of "
        "the half-made pair was %s", (long)free_after, free_after < 1 ? "kept" : "freed twice");
  pid[1] = spawn("/m/usertests", "-faultzero", 0, 0, fds[1]);
  xread(fds[1][0], &heap[1], sizeof heap[1]);
  CHECK(maps_zero_pair(pid[1], heap[1], &pm[1]) && pm[1].pa != pm[0].pa &&
        pm[1].mirror_pa != pm[0].mirror_pa,
        "with memory back, a reader maps %p/%p (flags 0x%x; the poisoned pair %p/%p): not a "
        "fresh zero pair", pm[1].pa, pm[1].mirror_pa, pm[1].flags, pm[0].pa, pm[0].mirror_pa);
  for (int k = 0; k < 2; k++) {
    xwrite(fds[k][1], "g", 1);
    close(fds[k][1]);
    close(fds[k][0]);
    int st = xwait(pid[k]);
    CHECK(st == 0, "reader %d read wrong bytes or died: status %d", k, st);
  }
  struct memstat m1 = mstat();
  CHECK(m1.retired - m0.retired == 1, "retired moved by %ld, not 1 (the pair's native frame)",
        (long)(m1.retired - m0.retired));
  CHECK(m1.unrecoverable == m0.unrecoverable, "an access found no healthy copy");
}

/* Bad requests are refused: no such page or process, and kernel memory
 * (the shared zero frame an unmirrored untouched heap page reads as). */
static void
fault_refused(void)
{
  struct pagemap pm;

  CHECK(faultinj(0, 0xdead0000UL, 0) == -1, "an unmapped page was injected");
  CHECK(faultinj(99999, 0, 0) == -1, "a missing process was injected");
  char *p = sbrk(PGSIZE);
  CHECK(faultinj(0, (uint64)p, 0) == -1, "an untouched heap page was injected");
  CHECK(*(volatile char *)p == 0, "an untouched heap page is not zero");
  if (pagemap(0, (uint64)p, &pm, 1) == 1 && pm.bank == PM_NOBANK)
    CHECK(faultinj(0, (uint64)p, 0) == -1, "the kernel's zero frame was injected");
}

const struct utest fault_tests[] = {
  { "fault.native", fault_native, 60, 0 },
  { "fault.mirror", fault_mirror, 60, 0 },
  { "fault.exec", fault_exec, 60, 0 },
  { "fault.both", fault_both, 60, 0 },
  { "fault.unmirrored", fault_unmirrored, 60, 0 },
  { "fault.cow", fault_cow, 60, 0 },
  { "fault.flip", fault_flip, 60, 0 },
  { "fault.nativeflip", fault_native_flip, 60, 0 },
  { "fault.atomicwindow", fault_atomic_window, 180, 0 },
  { "fault.storewindow", fault_store_window, 180, 0 },
  { "fault.readwindow", fault_read_window, 180, 0 },
  { "fault.refused", fault_refused, 10, 0 },
  { "fault.zeropair", fault_zero_pair, 60, UT_MOVES },
  { "fault.zerowindow", fault_zero_window, 60, UT_MOVES },
  { "fault.zeroshort", fault_zero_short, 60, UT_MOVES },
  /* group bank (/m/usertests), last in its boot: the banks stay failed */
  { "bank.rehome", fault_bank, 300, UT_MOVES },
  { 0 },
};
