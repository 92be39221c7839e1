/* usertests: mirrored memory (issue 9, docs/memory.md).
 *
 * Each test fails if mirroring were faked (a mirror mapped on the same
 * frame, both copies in one bank, the kernel writing only one copy, a
 * flag without frames behind it).  The mirrored processes are exec'd
 * from the translated twin /m/usertests, the unmirrored ones from the
 * untranslated copy /u/usertests, so the group works whether usertests
 * itself runs mirrored or not.  They run a hidden mode:
 *
 *   usertests -mchild MODE RFD HFD [ARG...]
 *
 * MODE does its work, writes what it has to say to descriptor RFD (the
 * parent's "ready" pipe), and waits for a byte or end of file on HFD
 * (the "hold" pipe) while the parent looks at it with pagemap() and
 * mdiff(); a check that fails in the child prints a note and exits with
 * UT_CHILDFAIL (3) before it says ready.
 *
 * mirror.bankfull needs the boot option memv6.bankhold (tests/run.py
 * gives it to every usertests boot); mirror.selfstore's exit check is
 * verified by tests/run.py in the boots with memv6.mcheck. */
#include "user/tests/ut.h"
#include "kernel/pagemap.h"
#include "kernel/elf.h"
#include "kernel/mirror.h"

#define MPROG "/m/usertests"    /* translated: runs mirrored */
#define UPROG "/u/usertests"    /* untranslated: runs unmirrored */

/* ---------------------------------------------------------------- pagemap */

#define PMMAX 2048
static struct pagemap pmbuf[PMMAX];

/* Every mapped page of pid into pmbuf; the count, or -1 if pagemap
 * failed at the first call. */
static int
pm_all(int pid)
{
  uint64 va = 0;
  int total = 0;
  for (;;) {
    int n = pagemap(pid, va, pmbuf + total, PMMAX - total > 64 ? 64 : PMMAX - total);
    if (n < 0)
      return total ? total : -1;
    if (n == 0)
      break;
    total += n;
    va = pmbuf[total - 1].va + PGSIZE;
    if (total >= PMMAX)
      fail("pagemap: more than %d pages", PMMAX);
  }
  return total;
}

/* The pagemap entry of one page of pid (or fail). */
static struct pagemap
pm_one(int pid, uint64 va)
{
  struct pagemap pm;
  va = PGROUNDDOWN(va);
  int n = pagemap(pid, va, &pm, 1);
  if (n != 1 || pm.va != va)
    fail("pagemap(%d, %p): %d entries, first at %p: page not mapped", pid, va, n,
         n == 1 ? pm.va : 0);
  return pm;
}

/* Every page of a mirrored process's map is a real pair: frames on both
 * sides, different frames in different banks (the kernel's zero frame has
 * none).  Also no frame appears twice in the one process, but for the
 * zero pair, which every untouched page read maps.  Returns a message
 * or 0. */
static const char *
pairs_sound(int n)
{
  static char why[160];
  for (int i = 0; i < n; i++) {
    struct pagemap *p = &pmbuf[i];
    if (!(p->flags & PM_MIRROR))
      ut_snprintf(why, sizeof why, "page %p is not mirrored (flags 0x%x)", p->va, p->flags);
    else if (p->pa == 0 || p->mirror_pa == 0)
      ut_snprintf(why, sizeof why, "page %p: frame %p, mirror frame %p", p->va, p->pa, p->mirror_pa);
    else if (p->pa == p->mirror_pa)
      ut_snprintf(why, sizeof why, "page %p: native and mirror share frame %p", p->va, p->pa);
    else if (p->bank == PM_NOBANK || p->mirror_bank == PM_NOBANK)
      ut_snprintf(why, sizeof why, "page %p: a copy without a bank (%d, %d; zero frame?)",
                  p->va, p->bank, p->mirror_bank);
    else if (p->bank == p->mirror_bank)
      ut_snprintf(why, sizeof why, "page %p: native %p and mirror %p both in bank %d",
                  p->va, p->pa, p->mirror_pa, p->bank);
    else if (p->ref == 0 || p->mirror_ref == 0)
      ut_snprintf(why, sizeof why, "page %p: reference counts %d and %d", p->va, p->ref,
                  p->mirror_ref);
    else
      continue;
    return why;
  }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      if (!(pmbuf[i].flags & pmbuf[j].flags & PM_ZERO) &&
          (pmbuf[i].mirror_pa == pmbuf[j].pa || (i != j && pmbuf[i].pa == pmbuf[j].pa))) {
        ut_snprintf(why, sizeof why, "frame %p is used by page %p and by page %p", pmbuf[j].pa,
                    pmbuf[i].va, pmbuf[j].va);
        return why;
      }
  return 0;
}

/* Is the caller mirrored?  (helpers.c has ut_mirrored; this one fails
 * loudly when pagemap itself does not work.) */
static int
self_mirrored(void)
{
  struct pagemap pm;
  CHECK(pagemap(0, 0, &pm, 1) == 1, "pagemap(0, 0, ..) did not return the first page");
  return (pm.flags & PM_MIRROR) != 0;
}

static struct memstat
mstats(void)
{
  struct memstat m;
  CHECK(memstat(&m) == 0, "memstat failed");
  return m;
}

/* ---------------------------------------------------------------- children */

struct kid {
  int pid;
  int r;         /* read end of its ready pipe */
  int h;         /* write end of its hold pipe */
};

static void
kid_start(struct kid *k, const char *prog, const char *mode, const char *a1, const char *a2)
{
  int ready[2], hold[2];
  xpipe(ready);
  xpipe(hold);
  k->pid = xfork();
  if (k->pid == 0) {
    char rs[12], hs[12];
    close(ready[0]);
    close(hold[1]);
    ut_snprintf(rs, sizeof rs, "%d", ready[1]);
    ut_snprintf(hs, sizeof hs, "%d", hold[0]);
    char *argv[] = { (char *)prog, "-mchild", (char *)mode, rs, hs, (char *)a1, (char *)a2, 0 };
    if (a1 == 0)
      argv[5] = 0;
    exec(prog, argv);
    exit(UT_EXECFAILED);
  }
  close(ready[1]);
  close(hold[0]);
  k->r = ready[0];
  k->h = hold[1];
}

/* Read up to n bytes the child says before it holds (fewer if it died:
 * then 0 and the caller fails with kid_status). */
static int
kid_ready(struct kid *k, void *buf, int n)
{
  char *c = buf;
  int got = 0;
  while (got < n) {
    int r = read(k->r, c + got, n - got);
    if (r <= 0)
      break;
    got += r;
  }
  return got;
}

static void
kid_go(struct kid *k)
{
  xwrite(k->h, "g", 1);
}

/* Release the child (a byte on its hold pipe: end of file may not come,
 * another child may hold a copy of the write end) and wait for it. */
static int
kid_finish(struct kid *k)
{
  write(k->h, "f", 1);
  close(k->h);
  close(k->r);
  return xreap(k->pid);
}

/* Start prog in mode, expect `len` ready bytes; fail (after reaping the
 * child) if they do not come. */
static void
kid_expect(struct kid *k, const char *prog, const char *mode, const char *a1, void *buf, int len)
{
  kid_start(k, prog, mode, a1, 0);
  if (kid_ready(k, buf, len) != len) {
    int st = kid_finish(k);
    fail("%s -mchild %s did not get ready: %s", prog, mode, ut_status(st));
  }
}

/* Run a whole check inside a mirrored child (mode "run NAME"); it passes
 * when the child says "ok" and exits 0. */
static void
run_mirrored(const char *name)
{
  struct kid k;
  char ok[2];
  kid_expect(&k, MPROG, "run", name, ok, 2);
  int st = kid_finish(&k);
  CHECK(ok[0] == 'o' && ok[1] == 'k' && st == 0, "mirrored child (%s): %s", name, ut_status(st));
}

/* ---------------------------------------------------------------- the child side */

static int c_rfd = -1, c_hfd = -1;

static void
c_ready(const void *msg, int n)
{
  if (write(c_rfd, msg, n) != n)
    fail("cannot write to the ready pipe");
}

static void
c_hold(void)
{
  char c;
  read(c_hfd, &c, 1);
}

static void
c_fill(char *p, long npages, uint seed)
{
  for (long i = 0; i < npages; i++)
    for (int k = 0; k < PGSIZE; k += 256)
      p[i * PGSIZE + k] = pat(seed, i * PGSIZE + k);
}

static long
c_check(char *p, long npages, uint seed)
{
  for (long i = 0; i < npages; i++)
    for (int k = 0; k < PGSIZE; k += 256)
      if (p[i * PGSIZE + k] != (char)pat(seed, i * PGSIZE + k))
        return i;
  return -1;
}

/* npages of fresh heap from a page boundary. */
static char *
c_grow(long npages)
{
  uint64 cur = (uint64)sbrk(0);
  if (cur % PGSIZE)
    sbrk(PGSIZE - cur % PGSIZE);
  char *p = sbrk((int)(npages * PGSIZE));
  if (p == (char *)-1)
    fail("sbrk of %ld pages failed", npages);
  return p;
}

/* mode "pages N": N heap pages written, then hold; check them after. */
static void
mode_pages(int n)
{
  char *p = c_grow(n);
  c_fill(p, n, 31);
  c_ready("r", 1);
  c_hold();
  if (c_check(p, n, 31) >= 0)
    fail("heap page %ld lost its data", c_check(p, n, 31));
}

/* mode "chain LIST": say 'M' or 'U' (am I mirrored) and whether mdiff
 * agrees, then on the go byte exec the next program of LIST ('m' or 'u'). */
static void
mode_chain(const char *list)
{
  char say[2];
  int mirrored = self_mirrored();
  int d = mdiff(0, 0, 0);
  say[0] = mirrored ? 'M' : 'U';
  say[1] = (mirrored ? d == 0 : d == -1) ? '=' : '!';
  c_ready(say, 2);
  char c;
  if (read(c_hfd, &c, 1) != 1 || list[1] == 0)
    exit(0);
  const char *prog = list[1] == 'm' ? MPROG : UPROG;
  char rs[12], hs[12];
  ut_snprintf(rs, sizeof rs, "%d", c_rfd);
  ut_snprintf(hs, sizeof hs, "%d", c_hfd);
  char *argv[] = { (char *)prog, "-mchild", "chain", rs, hs, (char *)list + 1, 0 };
  exec(prog, argv);
  exit(UT_EXECFAILED);
}

/* mode "hog": one page at a time until killed (or refused: exit 0); a
 * byte on the ready pipe per 16 pages. */
static void
mode_hog(void)
{
  for (long i = 1;; i++) {
    char *p = sbrk(PGSIZE);
    if (p == (char *)-1)
      exit(0);
    p[0] = 1;
    p[PGSIZE - 1] = 2;
    if (i % 16 == 0)
      c_ready("h", 1);
  }
}

/* mode "selfstore": a forked child stores into its own mirror region
 * (native address p + MIRROR_OFFSET, a copy-on-write page shared with
 * this process).  The translated twin store goes to p + 2^38, outside
 * Sv39: the child must be killed.  This process's copies must be
 * unchanged (mdiff 0, data intact).  Says "ok" if so. */
static void
mode_selfstore(void)
{
  char *p = c_grow(4);
  c_fill(p, 4, 41);
  int pid = xfork();
  if (pid == 0) {
    volatile char *m = (volatile char *)(p + PGSIZE + MIRROR_OFFSET + 100);
    /* tests/run.py matches this line with the kernel's mcheck line. */
    ut_printf("  (mirror.selfstore: pid %d stores into its mirror of %p)\n", getpid(), p + PGSIZE);
    *m = (char)~pat(41, PGSIZE + 100);
    exit(0);
  }
  int st = xwait(pid);
  if (st != -1)
    fail("a store into the own mirror region: status %d, not killed (-1)", st);
  if (c_check(p, 4, 41) >= 0)
    fail("the parent's page %ld changed", c_check(p, 4, 41));
  int d = mdiff(0, 0, 0);
  if (d != 0)
    fail("the parent's mirror changed: mdiff says %d pages differ", d);
  c_ready("ok", 2);
}

/* mode "sysbuf": buffers inside the own mirror region (mapped, since the
 * process is mirrored) are refused by every call: -1, nothing moved. */
static void
mode_sysbuf(void)
{
  char *p = c_grow(2);
  char *m = p + MIRROR_OFFSET;
  int fds[2];
  strcpy(p, "/echo");
  strcpy(p + 64, "/README");
  strcpy(p + 192, "/ut_mdir");
  if (pipe(fds) < 0)
    fail("pipe failed");
  xwrite(fds[1], "abcd", 4);
  if (read(fds[0], m + 128, 4) != -1)
    fail("read() into the mirror region did not return -1");
  char got[4];
  if (read(fds[0], got, 4) != 4 || memcmp(got, "abcd", 4) != 0)
    fail("the bytes a refused read() left in the pipe were lost");
  if (write(fds[1], m + 64, 4) != -1)
    fail("write() from the mirror region did not return -1");
  if (fstat(fds[0], (struct stat *)(m + 256)) != -1)
    fail("fstat() into the mirror region did not return -1");
  if (pipe((int *)(m + 512)) != -1)
    fail("pipe() into the mirror region did not return -1");
  if (memstat((struct memstat *)(m + 1024)) != -1)
    fail("memstat() into the mirror region did not return -1");
  if (bootargs(m + 1500, 16) != -1)
    fail("bootargs() into the mirror region did not return -1");
  if (pagemap(0, 0, (struct pagemap *)(m + 2048), 1) != -1)
    fail("pagemap() into the mirror region did not return -1");
  if (mdiff(0, (uint64 *)(m + 3072), 4) != -1)
    fail("mdiff() into the mirror region did not return -1");
  if (open(m + 64, O_RDONLY) != -1)
    fail("open() of a path in the mirror region did not return -1");
  if (mkdir(m + 192) != -1) {
    unlink("/ut_mdir");
    fail("mkdir() of a path in the mirror region did not return -1");
  }
  char *argv[] = { m, 0 };
  if (exec(m, argv) != -1)
    fail("exec() of a path in the mirror region did not return -1");
  char *argv2[] = { p, m + 64, 0 };
  if (exec(p, argv2) != -1)
    fail("exec() with an argument in the mirror region did not return -1");
  /* the kernel wrote neither copy, and the page pairs are still equal */
  if (mdiff(0, 0, 0) != 0)
    fail("after the refused calls mdiff reports %d differing pages", mdiff(0, 0, 0));
  close(fds[0]);
  close(fds[1]);
  c_ready("ok", 2);
}

/* mode "run cow": copy-on-write after fork on pairs. */
static void
run_cow(void)
{
  enum { N = 8 };
  char *p = c_grow(N);
  c_fill(p, N, 51);
  struct pagemap a[N];
  for (int i = 0; i < N; i++)
    a[i] = pm_one(0, (uint64)p + i * PGSIZE);
  struct memstat m0 = mstats();
  int pid = xfork();
  if (pid == 0) {
    /* shared: the same two frames as the parent, both copy-on-write */
    for (int i = 0; i < N; i++) {
      struct pagemap b = pm_one(0, (uint64)p + i * PGSIZE);
      if (b.pa != a[i].pa || b.mirror_pa != a[i].mirror_pa)
        fail("page %d after fork: frames %p/%p, the parent's %p/%p (not shared)", i, b.pa,
             b.mirror_pa, a[i].pa, a[i].mirror_pa);
      if (!(b.flags & PM_COW) || (b.flags & PM_W) || b.ref < 2 || b.mirror_ref < 2)
        fail("page %d after fork: flags 0x%x, refs %d/%d (not shared copy-on-write)", i, b.flags,
             b.ref, b.mirror_ref);
    }
    /* one write breaks both copies */
    p[3 * PGSIZE + 5] = 99;
    struct pagemap b = pm_one(0, (uint64)p + 3 * PGSIZE);
    if (b.pa == a[3].pa || b.mirror_pa == a[3].mirror_pa)
      fail("after a write: frames %p/%p, before %p/%p: %s copy not broken", b.pa, b.mirror_pa,
           a[3].pa, a[3].mirror_pa, b.pa == a[3].pa ? "the native" : "the mirror");
    if (b.bank == b.mirror_bank || b.pa == b.mirror_pa || !(b.flags & PM_W) || (b.flags & PM_COW))
      fail("after the copy-on-write break: frames %p/%p in banks %d/%d, flags 0x%x", b.pa,
           b.mirror_pa, b.bank, b.mirror_bank, b.flags);
    /* the kernel writing into a shared page (read from a pipe) breaks both too */
    int fds[2];
    xpipe(fds);
    xwrite(fds[1], "kernel", 6);
    xread(fds[0], p + 5 * PGSIZE + 10, 6);
    b = pm_one(0, (uint64)p + 5 * PGSIZE);
    if (b.pa == a[5].pa || b.mirror_pa == a[5].mirror_pa || b.bank == b.mirror_bank)
      fail("read() into a shared page: frames %p/%p (before %p/%p), banks %d/%d", b.pa,
           b.mirror_pa, a[5].pa, a[5].mirror_pa, b.bank, b.mirror_bank);
    if (memcmp(p + 5 * PGSIZE + 10, "kernel", 6) != 0)
      fail("read() into a shared page: wrong data");
    int d = mdiff(0, 0, 0);
    if (d != 0)
      fail("after the copy-on-write breaks %d pages differ from their mirrors", d);
    exit(0);
  }
  int st = xwait(pid);
  if (st != 0)
    fail("the forked child: %s", ut_status(st));
  /* the parent kept its frames and its data */
  for (int i = 0; i < N; i++) {
    struct pagemap b = pm_one(0, (uint64)p + i * PGSIZE);
    if (b.pa != a[i].pa || b.mirror_pa != a[i].mirror_pa)
      fail("the parent's page %d moved from %p/%p to %p/%p", i, a[i].pa, a[i].mirror_pa, b.pa,
           b.mirror_pa);
  }
  if (c_check(p, N, 51) >= 0)
    fail("the parent's page %ld changed", c_check(p, N, 51));
  struct memstat m1 = mstats();
  if (m1.pair_faults - m0.pair_faults < 2)
    fail("pair_faults went up by %ld for two copy-on-write breaks",
         (long)(m1.pair_faults - m0.pair_faults));
  if (mdiff(0, 0, 0) != 0)
    fail("the parent's pages differ from their mirrors");
}

/* mode "run work": fork, copy-on-write, pipes; the same in a mirrored
 * and an unmirrored process (mirror.mixed runs both at once). */
static void
run_work(void)
{
  enum { N = 64 };
  char *p = c_grow(N);
  c_fill(p, N, 71);
  int fds[2];
  xpipe(fds);
  int pid = xfork();
  if (pid == 0) {
    if (c_check(p, N, 71) >= 0)
      fail("the forked child sees wrong data");
    c_fill(p, N, 72);
    for (int i = 0; i < N; i++)
      xwrite(fds[1], p + i * PGSIZE, PGSIZE);
    exit(c_check(p, N, 72) < 0 ? 0 : 1);
  }
  char *q = c_grow(N);
  for (int i = 0; i < N; i++)
    xread(fds[0], q + i * PGSIZE, PGSIZE);
  if (xwait(pid) != 0)
    fail("the forked child failed");
  if (c_check(q, N, 72) >= 0 || c_check(p, N, 71) >= 0)
    fail("data through the pipe or the parent's own pages wrong");
  if (self_mirrored() && mdiff(0, 0, 0) != 0)
    fail("pages differ from their mirrors after the work");
  close(fds[0]);
  close(fds[1]);
}

/* mode "run lazy": the first store to a heap page maps a pair of its
 * own, 2 frames; the first load maps the zero pair -- two frames of
 * zeros in two banks, shared by every such page -- and takes none; a
 * store there then gets a pair of its own. */
static void
run_lazy(void)
{
  enum { N = 32 };
  char *p = c_grow(N);
  struct pagemap pm, zero;
  int n = pagemap(0, (uint64)p, &pm, 1);
  if (n != 0 && pm.va < (uint64)p + N * PGSIZE)
    fail("sbrk'd page %p is mapped before it is touched", pm.va);
  struct memstat m0 = mstats();
  for (int i = 0; i < N / 2; i++)        /* stores */
    p[i * PGSIZE + 7] = (char)i;
  int sum = 0;
  for (int i = N / 2; i < N; i++)        /* loads */
    sum += p[i * PGSIZE + 9];
  struct memstat m1 = mstats();
  if (sum != 0)
    fail("untouched heap does not read as zero");
  zero = pm_one(0, (uint64)p + N / 2 * PGSIZE);
  for (int i = 0; i < N; i++) {
    int load = i >= N / 2;
    pm = pm_one(0, (uint64)p + i * PGSIZE);
    if (!(pm.flags & PM_MIRROR) || !(pm.flags & PM_ZERO) != !load || pm.pa == pm.mirror_pa ||
        pm.bank == pm.mirror_bank || pm.bank == PM_NOBANK || pm.mirror_bank == PM_NOBANK ||
        (load && (pm.pa != zero.pa || pm.mirror_pa != zero.mirror_pa || (pm.flags & PM_W))))
      fail("heap page %d after its first %s: frames %p/%p, banks %d/%d, flags 0x%x (zero pair "
           "%p/%p)", i, load ? "load" : "store", pm.pa, pm.mirror_pa, pm.bank, pm.mirror_bank,
           pm.flags, zero.pa, zero.mirror_pa);
  }
  long used = (long)(m0.frames_free - m1.frames_free);
  if (used < N || used > N + 6)
    fail("first touches of %d heap pages, half loads, took %ld frames, not 2 a store", N, used);
  if (m1.pair_faults - m0.pair_faults < N)
    fail("pair_faults went up by %ld for %d first touches", (long)(m1.pair_faults - m0.pair_faults),
         N);
  if (m1.zero_maps - m0.zero_maps != N / 2)
    fail("zero_maps went up by %ld for %d first loads", (long)(m1.zero_maps - m0.zero_maps), N / 2);
  p[(N - 1) * PGSIZE + 5] = 42;          /* a store into a zero-pair page */
  struct memstat m2 = mstats();
  pm = pm_one(0, (uint64)p + (N - 1) * PGSIZE);
  if (m1.frames_free - m2.frames_free != 2 || (pm.flags & PM_ZERO) || pm.pa == zero.pa ||
      pm.mirror_pa == zero.mirror_pa || pm.bank == pm.mirror_bank || !(pm.flags & PM_W))
    fail("a store into a zero-pair page took %ld frames (not 2): frames %p/%p, banks %d/%d, "
         "flags 0x%x", (long)(m1.frames_free - m2.frames_free), pm.pa, pm.mirror_pa, pm.bank,
         pm.mirror_bank, pm.flags);
  if (p[(N - 1) * PGSIZE + 5] != 42 || p[(N - 2) * PGSIZE + 5] != 0 || p[(N - 1) * PGSIZE + 6] != 0)
    fail("the store into a zero-pair page did not land in its own page only");
  if (mdiff(0, 0, 0) != 0)
    fail("fresh heap pages differ from their mirrors");
  sbrk(-N * PGSIZE);
}

/* mode "run kwrites": everything the kernel writes into user memory lands
 * in both copies (mdiff 0 after each), into fresh lazy pages and into
 * mapped ones. */
static void
run_kwrites(void)
{
  char *p = c_grow(16);
  int fds[2], d;
  xpipe(fds);
#define KW(what) do { if ((d = mdiff(0, 0, 0)) != 0) fail("after %s, %d pages differ", what, d); } while (0)
  KW("exec (the argument stack)");
  xwrite(fds[1], "0123456789", 10);
  xread(fds[0], p + PGSIZE - 4, 10);              /* read() into two fresh pages */
  KW("read() into fresh heap pages");
  int rfd = xopen("/README", O_RDONLY);
  if (fstat(rfd, (struct stat *)(p + 3 * PGSIZE)) != 0)
    fail("fstat failed");
  close(rfd);
  KW("fstat()");
  if (pipe((int *)(p + 4 * PGSIZE)) != 0)
    fail("pipe failed");
  KW("pipe()");
  close(((int *)(p + 4 * PGSIZE))[0]);
  close(((int *)(p + 4 * PGSIZE))[1]);
  if (memstat((struct memstat *)(p + 5 * PGSIZE)) != 0)
    fail("memstat failed");
  KW("memstat()");
  if (pagemap(0, 0, (struct pagemap *)(p + 6 * PGSIZE), 4) != 4)
    fail("pagemap failed");
  KW("pagemap()");
  int pid = xfork();
  if (pid == 0)
    exit(7);
  if (wait((int *)(p + 7 * PGSIZE)) != pid || *(int *)(p + 7 * PGSIZE) != 7)
    fail("wait failed");
  KW("wait() status");
  if (bootargs(p + 8 * PGSIZE, 64) < 0)
    fail("bootargs failed");
  KW("bootargs()");
  static char big[3 * PGSIZE];                    /* bss, read into mapped pages */
  int fd = xopen("/README", O_RDONLY);
  int n = read(fd, big + 100, sizeof big - 200);
  close(fd);
  if (n <= 0)
    fail("read of /README failed");
  KW("read() into bss pages");
  xwrite(fds[1], "x", 1);
  xread(fds[0], p + 9 * PGSIZE + PGSIZE - 1, 1);
  KW("a 1-byte read() at the end of a page");
  int st = 0;
  if (mdiff(0, (uint64 *)(p + 10 * PGSIZE), 8) != 0)
    st = 1;
  KW("mdiff() into a fresh page");
  if (st)
    fail("mdiff into a fresh page did not return 0");
  close(fds[0]);
  close(fds[1]);
#undef KW
}

/* mode "run wrongexec": exec of a file marked for another offset fails
 * and leaves the caller whole: still mirrored, pages equal.  And the
 * caller can still exec. */
static void
run_wrongexec(void)
{
  char *argv[] = { "/m36/echo", "wrong", 0 };
  if (exec("/m36/echo", argv) != -1)
    fail("exec of a program marked for offset 2^36 did not return -1");
  if (!self_mirrored())
    fail("after the refused exec the process is no longer mirrored");
  if (mdiff(0, 0, 0) != 0)
    fail("after the refused exec pages differ from their mirrors");
}

/* ---------------------------------------------------------------- bank hold (unmirrored child) */

static int held[MEMSTAT_BANKS];

static void
release_all(void)
{
  for (int b = 0; b < MEMSTAT_BANKS; b++)
    if (held[b] > 0) {
      bankhold(b, 0);
      held[b] = 0;
    }
}

/* fail() after giving every held frame back (a held frame would look
 * like a leak to every later test). */
#define BCHECK(cond, ...) do { if (!(cond)) { release_all(); fail(__VA_ARGS__); } } while (0)

/* Hold all but `leave` free frames of bank b. */
static void
hold_bank(int b, int leave)
{
  struct memstat m = mstats();
  long want = (long)m.bank_free[b] - leave;
  if (want <= 0)
    return;
  int got = bankhold(b, (int)want);
  BCHECK(got >= 0, "bankhold(%d, %ld) failed: boot with memv6.bankhold", b, want);
  held[b] += got;
}

/* A mirrored child with n fresh heap pages while banks are held: every
 * pair in two banks; returns how many of its frames lie in bank b (-1
 * for none) and the child's page count through *pages. */
static int
held_child(int n, int b, int *pages)
{
  struct kid k;
  char num[12], c;
  ut_snprintf(num, sizeof num, "%d", n);
  kid_start(&k, MPROG, "pages", num, 0);
  if (kid_ready(&k, &c, 1) != 1) {
    int st = kid_finish(&k);
    BCHECK(0, "a mirrored child with %d pages while banks are held: %s", n, ut_status(st));
  }
  int np = pm_all(k.pid);
  const char *why = np > 0 ? pairs_sound(np) : "pagemap failed";
  int inb = 0;
  for (int i = 0; i < np; i++)
    inb += (pmbuf[i].bank == b) + (pmbuf[i].mirror_bank == b);
  int st = kid_finish(&k);
  BCHECK(why == 0, "while banks were held: %s", why);
  BCHECK(st == 0, "the mirrored child: %s", ut_status(st));
  *pages = np;
  return inb;
}

static void
run_bankfull(void)
{
  struct memstat m = mstats();
  int nb = (int)m.nbank, pages, inb;
  CHECK(nb >= 3 && nb <= MEMSTAT_BANKS, "%d banks (at least 3 needed)", nb);
  int b = 0;
  for (int i = 1; i < nb; i++)
    if (m.bank_free[i] > m.bank_free[b])
      b = i;
  /* 1. the fullest-free bank almost full: at most its last frames are used */
  hold_bank(b, 10);
  inb = held_child(200, b, &pages);
  BCHECK(pages >= 200, "the child maps only %d pages", pages);
  BCHECK(inb <= 16, "bank %d had 10 free frames, the child has %d frames in it", b, inb);
  /* 2. two banks almost full: pairs in the other two */
  int b2 = (b + 1) % nb;
  hold_bank(b2, 10);
  inb = held_child(200, b2, &pages);
  BCHECK(inb <= 16, "bank %d had 10 free frames, the child has %d frames in it", b2, inb);
  release_all();
  /* 3. every bank but one wholly held: no pair can be had, so exec fails
   * or the child is killed -- never both copies in one bank. */
  int keep = (b + 2) % nb;
  for (int i = 0; i < nb; i++)
    if (i != keep)
      hold_bank(i, 0);
  struct kid k;
  char c;
  kid_start(&k, MPROG, "pages", "64", 0);
  int ran = kid_ready(&k, &c, 1) == 1;
  int np = ran ? pm_all(k.pid) : 0;
  const char *why = np > 0 ? pairs_sound(np) : 0;
  int st = kid_finish(&k);
  release_all();
  CHECK(why == 0, "with only bank %d free: %s", keep, why);
  CHECK(ran || st == UT_EXECFAILED || st == -1, "with only bank %d free the mirrored child: %s",
        keep, ut_status(st));
  if (ran)
    ut_printf("  (%s: the child ran with only bank %d free: frames came back meanwhile)\n",
              ut_current, keep);
  for (int i = 0; i < nb; i++)
    CHECK(held[i] == 0, "bank %d still held", i);
  c_ready("ok", 2);
}

/* ---------------------------------------------------------------- child entry */

int
mirror_child(int argc, char **argv)
{
  /* usertests -mchild MODE RFD HFD [ARG...] */
  if (argc < 5)
    return 10;
  const char *mode = argv[2];
  static char name[48];
  ut_snprintf(name, sizeof name, "mirror child %s", mode);
  ut_current = name;
  c_rfd = atoi(argv[3]);
  c_hfd = atoi(argv[4]);
  if (strcmp(mode, "pages") == 0 && argc >= 6) {
    mode_pages(atoi(argv[5]));
  } else if (strcmp(mode, "chain") == 0 && argc >= 6) {
    mode_chain(argv[5]);
  } else if (strcmp(mode, "hog") == 0) {
    mode_hog();
  } else if (strcmp(mode, "selfstore") == 0) {
    mode_selfstore();
  } else if (strcmp(mode, "sysbuf") == 0) {
    mode_sysbuf();
  } else if (strcmp(mode, "run") == 0 && argc >= 6) {
    const char *what = argv[5];
    if (strcmp(what, "cow") == 0)
      run_cow();
    else if (strcmp(what, "work") == 0)
      run_work();
    else if (strcmp(what, "lazy") == 0)
      run_lazy();
    else if (strcmp(what, "kwrites") == 0)
      run_kwrites();
    else if (strcmp(what, "wrongexec") == 0)
      run_wrongexec();
    else if (strcmp(what, "bankfull") == 0) {
      run_bankfull();
      return 0;
    } else
      return 11;
    c_ready("ok", 2);
  } else {
    return 12;
  }
  return 0;
}

/* ---------------------------------------------------------------- the tests */

/* Every page of a running mirrored process -- text, data, bss, stack,
 * heap -- has a mirror frame of its own in another bank; an unmirrored
 * process has none. */
static void
mirror_pairs(void)
{
  struct kid k;
  char c;
  kid_expect(&k, MPROG, "pages", "64", &c, 1);
  int n = pm_all(k.pid);
  const char *why = n > 0 ? pairs_sound(n) : "pagemap of the child failed";
  int text = 0, writable = 0;
  for (int i = 0; i < n; i++) {
    text += (pmbuf[i].flags & PM_X) != 0;
    writable += (pmbuf[i].flags & PM_W) != 0;
  }
  int d = mdiff(k.pid, 0, 0);
  int st = kid_finish(&k);
  CHECK(why == 0, "%s", why);
  CHECK(n >= 64 + 3, "the mirrored child maps %d pages (64 heap, text, data, stack)", n);
  CHECK(text > 0 && writable >= 64, "%d text pages, %d writable", text, writable);
  CHECK(d == 0, "mdiff of the held child says %d pages differ", d);
  CHECK(st == 0, "the child: %s", ut_status(st));
  /* and an unmirrored one has no mirror fields */
  kid_expect(&k, UPROG, "pages", "8", &c, 1);
  n = pm_all(k.pid);
  int mir = 0;
  for (int i = 0; i < n; i++)
    mir += (pmbuf[i].flags & PM_MIRROR) != 0 || pmbuf[i].mirror_pa != 0;
  d = mdiff(k.pid, 0, 0);
  st = kid_finish(&k);
  CHECK(n > 8 && mir == 0, "the unmirrored child: %d pages, %d with a mirror", n, mir);
  CHECK(d == -1, "mdiff of an unmirrored process returned %d, not -1", d);
  CHECK(st == 0, "the unmirrored child: %s", ut_status(st));
  CHECK(mdiff(0x7fffffff, 0, 0) == -1 && pagemap(0x7fffffff, 0, pmbuf, 1) == -1,
        "mdiff/pagemap of a pid that does not exist did not return -1");
  /* addresses past the space, past Sv39, the top of the 64 bits: no page */
  uint64 far[] = { (uint64)sbrk(0) + PGSIZE, 1UL << 38, 1UL << 40, ~0UL - 5 };
  for (int i = 0; i < 4; i++)
    CHECK(pagemap(0, far[i], pmbuf, 4) == 0, "pagemap(0, %p) found pages past the space",
          (void *)far[i]);
}

/* A bank nearly full: pairs go to two other banks, never both into one
 * (runs in an unmirrored child that holds the frames, so that its own
 * copy-on-write breaks always find a frame). */
static void
mirror_bankfull(void)
{
  struct kid k;
  char ok[2];
  kid_expect(&k, UPROG, "run", "bankfull", ok, 2);
  int st = kid_finish(&k);
  CHECK(st == 0 && ok[0] == 'o', "%s", ut_status(st));
}

/* Mirrored and unmirrored processes side by side, each doing real work
 * (fork, copy-on-write, pipes: the cow child mode), both correct, and
 * pagemap telling them apart. */
static void
mirror_mixed(void)
{
  struct kid km, ku;
  char c;
  struct memstat m0 = mstats();
  kid_start(&km, MPROG, "pages", "100", 0);
  kid_start(&ku, UPROG, "pages", "100", 0);
  int rm = kid_ready(&km, &c, 1), ru = kid_ready(&ku, &c, 1);
  struct memstat m1 = mstats();
  int nm = rm ? pm_all(km.pid) : -1;
  const char *why = nm > 0 ? pairs_sound(nm) : "no pages";
  int nu = ru ? pm_all(ku.pid) : -1, mir = 0;
  for (int i = 0; i < nu; i++)
    mir += (pmbuf[i].flags & PM_MIRROR) != 0;
  int stm = kid_finish(&km), stu = kid_finish(&ku);
  CHECK(rm && stm == 0, "mirrored child: %s", ut_status(stm));
  CHECK(ru && stu == 0, "unmirrored child: %s", ut_status(stu));
  CHECK(why == 0, "mirrored child: %s", why);
  CHECK(nu > 100 && mir == 0, "unmirrored child: %d pages, %d marked mirrored", nu, mir);
  CHECK(m1.mirrored_procs == m0.mirrored_procs + 1, "mirrored_procs %ld -> %ld with one more "
        "mirrored process", (long)m0.mirrored_procs, (long)m1.mirrored_procs);
  /* the two do the same work concurrently, in both kinds */
  struct kid a, b;
  char ok[2], ok2[2];
  kid_start(&a, MPROG, "run", "work", 0);
  kid_start(&b, UPROG, "run", "work", 0);
  int ra = kid_ready(&a, ok, 2), rb = kid_ready(&b, ok2, 2);
  int sta = kid_finish(&a), stb = kid_finish(&b);
  CHECK(ra == 2 && sta == 0, "mirrored child doing copy-on-write work: %s", ut_status(sta));
  CHECK(rb == 2 && stb == 0, "unmirrored child doing the same work: %s", ut_status(stb));
}

/* mirrored -> exec unmirrored -> exec mirrored: pagemap follows. */
static void
mirror_execchain(void)
{
  struct kid k;
  const char *list = "mumum";
  kid_start(&k, MPROG, "chain", list, 0);
  for (int i = 0; list[i]; i++) {
    char say[2];
    if (kid_ready(&k, say, 2) != 2) {
      int st = kid_finish(&k);
      fail("step %d (%s) did not report: %s", i, list[i] == 'm' ? MPROG : UPROG, ut_status(st));
    }
    int want = list[i] == 'm';
    struct pagemap pm;
    int n = pagemap(k.pid, 0, &pm, 1);
    int d = mdiff(k.pid, 0, 0);
    if (say[0] != (want ? 'M' : 'U') || say[1] != '=' || n != 1 ||
        ((pm.flags & PM_MIRROR) != 0) != want || (want ? d != 0 : d != -1)) {
      int st = kid_finish(&k);
      fail("step %d (%s): says %c%c, pagemap flags 0x%x, mdiff %d (status %s)", i,
           want ? MPROG : UPROG, say[0], say[1], n == 1 ? pm.flags : 0, d, ut_status(st));
    }
    kid_go(&k);
  }
  int st = kid_finish(&k);
  CHECK(st == 0, "the chain ended with %s", ut_status(st));
}

/* exec of a program marked for another offset: -1, the caller whole. */
static void
mirror_wrongoffset(void)
{
  int pid = xfork();
  if (pid == 0) {
    char *argv[] = { "/m36/echo", "x", 0 };
    exec("/m36/echo", argv);
    exit(UT_EXECFAILED);
  }
  int st = xwait(pid);
  CHECK(st == UT_EXECFAILED, "exec of /m36/echo (marked for offset 2^36): %s", ut_status(st));
  run_mirrored("wrongexec");
}

/* ---- corrupt pair tables */

static char *elf;          /* a copy of /m/echo */
static int elfsize;

static void
load_elf(void)
{
  if (elf)
    return;
  struct stat st;
  int fd = xopen("/m/echo", O_RDONLY);
  CHECK(fstat(fd, &st) == 0 && st.size > 0 && st.size < (1 << 20), "fstat of /m/echo");
  elfsize = (int)st.size;
  elf = sbrk(PGROUNDUP(elfsize));
  CHECK(elf != (char *)-1, "sbrk");
  xread(fd, elf, elfsize);
  close(fd);
}

/* The offset in buf (a copy of the file) of the mark's descriptor, found
 * through the PT_NOTE program header (0 if none); also the extent of the
 * text segment and, in *note_ph, the offset of that PT_NOTE header.  The
 * descriptor and the table need not be 8-byte aligned in the file: they
 * are moved in and out with memmove. */
static uint64
find_note(char *buf, uint64 *text_lo, uint64 *text_hi, uint64 *note_ph)
{
  struct elf_header eh;
  uint64 found = 0;
  memmove(&eh, buf, sizeof eh);
  *text_lo = *text_hi = 0;
  for (int i = 0; i < eh.phnum; i++) {
    struct elf_phdr ph;
    memmove(&ph, buf + eh.phoff + i * eh.phentsize, sizeof ph);
    if (ph.type == PT_LOAD && (ph.flags & PF_X)) {
      *text_lo = ph.vaddr;
      *text_hi = ph.vaddr + ph.filesz;
    }
    if (ph.type != PT_NOTE)
      continue;
    for (uint64 off = ph.off; off + sizeof(struct elf_note) <= ph.off + ph.filesz;) {
      struct elf_note nh;
      memmove(&nh, buf + off, sizeof nh);
      uint64 name = off + sizeof nh, desc = name + ((nh.namesz + 3) & ~3);
      if (nh.type == MIRROR_NOTE_TYPE && nh.namesz == sizeof MIRROR_NOTE_NAME &&
          memcmp(buf + name, MIRROR_NOTE_NAME, nh.namesz) == 0 &&
          nh.descsz >= sizeof(struct mirror_note)) {
        found = desc;
        *note_ph = eh.phoff + i * eh.phentsize;
      }
      off = desc + ((nh.descsz + 3) & ~3);
    }
  }
  return found;
}

/* Write buf (a changed copy of /m/echo) into path, opened with flags. */
static void
put_copy(const char *path, char *buf, int flags)
{
  int fd = xopen(path, flags);
  xwrite(fd, buf, elfsize);
  close(fd);
}

/* Exec path (a copy of /m/echo) in a child, its output into a pipe: its
 * status. */
static int
run_copy(const char *path)
{
  int pid = xfork();
  if (pid == 0) {
    int out[2];                        /* echo's output goes into a pipe */
    xpipe(out);
    close(1);
    dup(out[1]);
    char *argv[] = { (char *)path, "ok", 0 };
    exec(path, argv);
    exit(UT_EXECFAILED);
  }
  return xwait(pid);
}

/* Write buf as a new /ut_mbad and exec it in a child: its status. */
static int
exec_copy(char *buf)
{
  unlink("/ut_mbad");
  put_copy("/ut_mbad", buf, O_CREATE | O_WRONLY);
  int st = run_copy("/ut_mbad");
  unlink("/ut_mbad");
  return st;
}

/* /m/echo's bytes (elf), a buffer as large for a changed copy (*buf),
 * and its mark: *at its offset in the file, *hi the end of the text,
 * *note_ph the offset of the PT_NOTE header that holds it. */
static struct mirror_note
marked_copy(char **buf, uint64 *at, uint64 *hi, uint64 *note_ph)
{
  uint64 lo;
  struct mirror_note n;

  load_elf();
  *buf = sbrk(PGROUNDUP(elfsize));
  CHECK(*buf != (char *)-1, "sbrk");
  *at = find_note(elf, &lo, hi, note_ph);
  CHECK(*at != 0, "no mirror note found in /m/echo through PT_NOTE");
  memmove(&n, elf + *at, sizeof n);
  return n;
}

static void
mirror_badtable(void)
{
  char *buf;
  uint64 at, hi, pho;
  struct mirror_note n0 = marked_copy(&buf, &at, &hi, &pho);
  CHECK(n0.offset == MIRROR_OFFSET, "/m/echo is marked for offset %p", n0.offset);
  CHECK(n0.version == MIRROR_NOTE_VERSION, "/m/echo's mark is of version %ld", (long)n0.version);
  CHECK(n0.npairs >= 3 && n0.pairs_off + n0.npairs * sizeof(struct mirror_pair) <= (uint64)elfsize,
        "/m/echo: %ld pairs at %ld in a %d-byte file", (long)n0.npairs, (long)n0.pairs_off, elfsize);
  /* the unchanged copy runs */
  memmove(buf, elf, elfsize);
  int st = exec_copy(buf);
  CHECK(st == 0, "an unchanged copy of /m/echo: %s", ut_status(st));
  uint64 np = n0.npairs;
  char *tab = buf + n0.pairs_off;
  struct mirror_pair e0, e1, last;
  for (int v = 0; v < 14; v++) {
    memmove(buf, elf, elfsize);
    struct mirror_note n = n0;
    memmove(&e0, tab, sizeof e0);
    memmove(&e1, tab + sizeof e0, sizeof e1);
    memmove(&last, tab + (np - 1) * sizeof last, sizeof last);
    const char *what = "";
    switch (v) {
    case 0:                            /* two entries swapped */
      memmove(tab, &e1, sizeof e1);
      memmove(tab + sizeof e1, &e0, sizeof e0);
      what = "entries 0 and 1 swapped (unsorted)";
      break;
    case 1:                            /* the first entry moved to the end */
      last = e0;
      what = "the first entry copied over the last (unsorted)";
      break;
    case 2:
      last.first = hi + 0x1000;
      what = "the last entry past the end of the text";
      break;
    case 3:
      last.first += MIRROR_OFFSET;
      what = "the last entry in the mirror region";
      break;
    case 4:
      last.span = hi + 0x2000 - last.first;
      what = "the last entry's window ending past the text";
      break;
    case 5:
      n.npairs = ((uint64)elfsize - n0.pairs_off) / sizeof(struct mirror_pair) + 1;
      what = "the count one past the end of the file";
      break;
    case 6:
      n.npairs = 1UL << 40;
      what = "a count of 2^40";
      break;
    case 7:
      n.npairs = 1UL << 60;
      what = "a count of 2^60 (the size wraps to 0)";
      break;
    case 8:
      n.pairs_off = (uint64)elfsize + PGSIZE;
      what = "the table past the end of the file";
      break;
    case 9:                            /* still sorted, every entry sound */
      e1.first = e0.first + e0.span;
      memmove(tab + sizeof e0, &e1, sizeof e1);
      what = "entry 1 starting on entry 0's last instruction (windows overlap)";
      break;
    case 10:
      last.kind = MIRROR_PAIR_SC + 1;
      what = "the last entry of an unknown kind";
      break;
    case 11:
      last.copy = last.span + 2;
      what = "the last entry's mirror write past its window";
      break;
    case 12:
      n.version = 1;
      what = "a mark of version 1";
      break;
    case 13: {                         /* the note's descsz, 16 bytes before its descriptor */
      uint descsz = 24;
      memmove(buf + at - 16, &descsz, sizeof descsz);
      what = "a mark with a 24-byte descriptor (format 1)";
      break;
    }
    }
    memmove(tab + (np - 1) * sizeof last, &last, sizeof last);   /* changed or not */
    memmove(buf + at, &n, sizeof n);
    st = exec_copy(buf);
    CHECK(st == UT_EXECFAILED, "a pair table with %s: %s, not exec -1", what, ut_status(st));
  }
  /* the same file marked for another offset */
  memmove(buf, elf, elfsize);
  struct mirror_note n = n0;
  n.offset = MIRROR_OFFSET << 1;
  memmove(buf + at, &n, sizeof n);
  st = exec_copy(buf);
  CHECK(st == UT_EXECFAILED, "a copy marked for offset 2^38: %s, not exec -1", ut_status(st));
  sbrk(-2 * PGROUNDUP(elfsize));
  elf = 0;
}

/* The mark is found wherever the ELF rules allow it.  Copies of
 * /m/echo get (a) a foreign note of 20 bytes (name "GNU", a 4-byte
 * descriptor) in front of the mark, over the end of .symtab, which exec
 * does not load, the PT_NOTE segment widened to hold both: exec
 * searches the notes in turn; (b) 20 program headers, the ones past the
 * original four all zero (PT_NULL: the file's padding up to the text),
 * with the PT_NOTE entry moved to index 12: exec reads the table
 * PH_CHUNK (8) entries at a time, twice over.  Each copy runs; each with
 * two entries of its pair table swapped is refused -- so the mark was
 * read, not missed (a translated program without its mark runs
 * unmirrored and is killed).  A foreign note whose descriptor runs past
 * the segment makes the notes malformed: refused too. */
#define NOTES_PHNUM 20
#define NOTES_AT 12
static void
mirror_notes(void)
{
  char *buf;
  uint64 at, hi, pho;
  struct mirror_note n0 = marked_copy(&buf, &at, &hi, &pho);
  struct elf_header eh;
  struct elf_phdr ph;

  memmove(&eh, elf, sizeof eh);
  memmove(&ph, elf + pho, sizeof ph);
  CHECK(ph.off + 20 == at, "/m/echo: its PT_NOTE segment does not begin with the mark");
  uint64 tab_end = eh.phoff + NOTES_PHNUM * sizeof ph;
  for (uint64 o = eh.phoff + eh.phnum * sizeof ph; o < tab_end; o++)
    CHECK(elf[o] == 0, "/m/echo: byte %d after its program headers is not 0", (int)o);
  for (int v = 0; v < 5; v++) {
    uint32 foreign[5] = { 4, v == 2 ? 4096 : 4, 3, 0x00554e47 /* "GNU" */, 0 };
    memmove(buf, elf, elfsize);
    if (v < 3) {                       /* (a) */
      struct elf_phdr wide = ph;
      wide.off -= sizeof foreign;
      wide.filesz += sizeof foreign;
      memmove(buf + wide.off, foreign, sizeof foreign);
      memmove(buf + pho, &wide, sizeof wide);
    } else {                           /* (b) */
      struct elf_header many = eh;
      many.phnum = NOTES_PHNUM;
      memmove(buf, &many, sizeof many);
      memset(buf + pho, 0, sizeof ph);
      memmove(buf + eh.phoff + NOTES_AT * sizeof ph, &ph, sizeof ph);
    }
    if (v == 1 || v == 4) {            /* entries 0 and 1 swapped */
      struct mirror_pair e[2];
      memmove(e, buf + n0.pairs_off, sizeof e);
      memmove(buf + n0.pairs_off, &e[1], sizeof e[1]);
      memmove(buf + n0.pairs_off + sizeof e[1], &e[0], sizeof e[0]);
    }
    const char *what[] = { "a mark after a foreign note", "the same, its pair table unsorted",
                           "a foreign note whose descriptor runs past the segment",
                           "the mark's header the 13th of 20", "the same, its pair table unsorted" };
    int st = exec_copy(buf);
    if (v == 0 || v == 3)
      CHECK(st == 0, "%s: %s, not exit 0", what[v], ut_status(st));
    else
      CHECK(st == UT_EXECFAILED, "%s: %s, not exec -1", what[v], ut_status(st));
  }
  sbrk(-2 * PGROUNDUP(elfsize));
  elf = 0;
}

/* The pages pair tables are taken from (NPAIRPAGE, kernel/mm/pairs.c)
 * run out: copies of /m/usertests -- each file its own table, 16 pages
 * -- are started one after another (the counting victim, which waits for
 * a byte before it counts) and kept waiting, until exec refuses one ("no
 * room for the pair table", after the cache gave its pages back): that
 * exec returns -1, the copies already running are unharmed, and at the
 * refusal fewer pages are free than the table needs.  Once they have
 * ended, every page is free or cached again. */
#define PF_COPIES (NPAIRPAGE / 8)     /* more than can run: tables of 16 pages */
static void
mirror_pairsfull(void)
{
  struct stat st;
  struct memstat m0, m;
  int pids[PF_COPIES], down[PF_COPIES], n, refused = 0;
  char path[16];

  int fd = xopen("/m/usertests", O_RDONLY);
  CHECK(fstat(fd, &st) == 0 && st.size > 0, "fstat of /m/usertests");
  char *img = sbrk(PGROUNDUP(st.size));
  CHECK(img != (char *)-1, "sbrk");
  xread(fd, img, st.size);
  close(fd);
  CHECK(memstat(&m0) == 0, "memstat failed");
  for (n = 0; n < PF_COPIES && !refused; n++) {
    ut_snprintf(path, sizeof path, "/ut_pf%d", n);
    fd = xopen(path, O_CREATE | O_WRONLY | O_TRUNC);
    xwrite(fd, img, st.size);
    close(fd);
    int fds[2];
    pids[n] = fault_spawn(path, "-faultcount", 0, fds);
    down[n] = fds[1];
    uint64 va;
    if (read(fds[0], &va, sizeof va) != sizeof va) {    /* its exec failed */
      CHECK(memstat(&m) == 0, "memstat failed");
      int status = xwait(pids[n]);
      CHECK(status == UT_EXECFAILED, "copy %d: no report, then %s", n, ut_status(status));
      CHECK(m.pairs_free < 16, "copy %d refused with %ld pair-table pages free", n,
            (long)m.pairs_free);
      close(fds[1]);
      refused = 1;
    }
    close(fds[0]);
  }
  CHECK(refused, "%d copies of /m/usertests ran: the pair-table pages never ran out", n);
  CHECK(n >= 4, "only %d copies ran before the pages ran out", n - 1);
  for (int i = 0; i < n - 1; i++) {
    close(down[i]);                 /* EOF: the victim ends before counting (8) */
    int status = xwait(pids[i]);
    CHECK(status == 8, "copy %d ended with status %d, not 8", i, status);
  }
  for (int i = 0; i < n; i++) {
    ut_snprintf(path, sizeof path, "/ut_pf%d", i);
    unlink(path);
  }
  CHECK(memstat(&m) == 0, "memstat failed");
  CHECK(m.pairs_free + m.pairs_cached == m0.pairs_free + m0.pairs_cached,
        "pair-table pages free or cached: %ld before, %ld after", (long)(m0.pairs_free + m0.pairs_cached),
        (long)(m.pairs_free + m.pairs_cached));
}

/* exec keeps the pair tables of the programs it ran last (pairs.c): a
 * second run finds the table cached, and a file rewritten in place --
 * over its bytes, or truncated and written again -- has its new table
 * read: a corrupt entry written into a cached program's table is found
 * by the next exec, and the sound table written back runs again. */
static void
mirror_tablecache(void)
{
  char *bad;
  uint64 at, hi, pho;
  struct mirror_note n0 = marked_copy(&bad, &at, &hi, &pho);
  struct mirror_pair e;
  memmove(bad, elf, elfsize);
  memmove(&e, bad + n0.pairs_off, sizeof e);
  e.kind = MIRROR_PAIR_SC + 1;
  memmove(bad + n0.pairs_off, &e, sizeof e);

  const char *path = "/ut_mcache";
  unlink(path);
  put_copy(path, elf, O_CREATE | O_WRONLY);
  for (int run = 0; run < 2; run++) {
    int st = run_copy(path);
    CHECK(st == 0, "run %d of a copy of /m/echo: %s", run, ut_status(st));
  }
  struct memstat m;
  CHECK(memstat(&m) == 0 && m.pairs_cached > 0, "after two runs no pair table is cached");
  put_copy(path, bad, O_WRONLY);                /* in place, over the cached bytes */
  int st = run_copy(path);
  CHECK(st == UT_EXECFAILED, "its first entry made unknown in place: %s, not exec -1", ut_status(st));
  put_copy(path, elf, O_WRONLY | O_TRUNC);
  st = run_copy(path);
  CHECK(st == 0, "the sound copy written back: %s", ut_status(st));
  put_copy(path, bad, O_WRONLY | O_TRUNC);
  st = run_copy(path);
  CHECK(st == UT_EXECFAILED, "truncated and written with the bad entry: %s, not exec -1", ut_status(st));
  unlink(path);
  sbrk(-2 * PGROUNDUP(elfsize));
  elf = 0;
}

/* A mirrored program storing into its own mirror region is killed, and
 * nothing outside it changes; its differing page is reported by the exit
 * check (memv6.mcheck; tests/run.py matches the lines). */
static void
mirror_selfstore(void)
{
  struct kid k;
  char ok[2];
  kid_expect(&k, MPROG, "selfstore", 0, ok, 2);
  int st = kid_finish(&k);
  CHECK(st == 0, "%s", ut_status(st));
}

/* System-call buffers inside the mirror region: -1. */
static void
mirror_sysbuf(void)
{
  struct kid k;
  char ok[2];
  kid_expect(&k, MPROG, "sysbuf", 0, ok, 2);
  int st = kid_finish(&k);
  CHECK(st == 0, "%s", ut_status(st));
}

/* Running out of memory while mirrored kills only that process, which
 * got about half of what an unmirrored one gets (two frames a page). */
static void
mirror_oom(void)
{
  enum { MINE = 16 };
  char *mine = sbrk(MINE * PGSIZE);
  CHECK(mine != (char *)-1, "sbrk");
  c_fill(mine, MINE, 61);
  uint64 f0 = frames_free();
  struct kid k;
  kid_start(&k, MPROG, "hog", 0, 0);
  char buf[64];
  long pages = 0;
  int r;
  while ((r = read(k.r, buf, sizeof buf)) > 0)
    pages += 16L * r;
  int st = kid_finish(&k);
  CHECK(st == -1, "the mirrored hog: %s (after %ld pages), not killed", ut_status(st), pages);
  CHECK(pages > 0 && (uint64)pages <= f0 / 2 + 64,
        "the mirrored hog touched %ld pages with %ld frames free (2 frames a page: at most %ld)",
        pages, (long)f0, (long)(f0 / 2 + 64));
  CHECK(c_check(mine, MINE, 61) < 0, "the bystander's memory changed");
  int pid = xfork();
  if (pid == 0)
    exit(0);
  CHECK(xwait(pid) == 0, "fork after the mirrored hog failed");
  char *p = sbrk(512 * PGSIZE);
  CHECK(p != (char *)-1, "sbrk after the hog");
  c_fill(p, 512, 62);
  CHECK(c_check(p, 512, 62) < 0, "memory after the hog is wrong");
  sbrk(-512 * PGSIZE);
  sbrk(-MINE * PGSIZE);
}

static void
mirror_cow(void)
{
  run_mirrored("cow");
}

static void
mirror_lazy(void)
{
  run_mirrored("lazy");
}

static void
mirror_kwrites(void)
{
  run_mirrored("kwrites");
}

/* memstat's mirror counters move with a mirrored process; every bank
 * gets all its frames back when it is gone. */
static void
mirror_counters(void)
{
  memset(pmbuf, 0, sizeof pmbuf);      /* our own pages, mapped before the counts */
  struct memstat m0;
  uint64 a0[MEMSTAT_BANKS], a2[MEMSTAT_BANKS];
  mem_snapshot(&m0, a0);
  struct kid k;
  char c;
  kid_expect(&k, MPROG, "pages", "50", &c, 1);
  struct memstat m1 = mstats();
  int n = pm_all(k.pid);
  int st = kid_finish(&k);
  struct memstat m2;
  for (int tries = 0; tries < 20; tries++) {
    mem_snapshot(&m2, a2);
    if (m2.frames_free == m0.frames_free)
      break;
    sleep(1);
  }
  CHECK(st == 0, "the child: %s", ut_status(st));
  CHECK(m1.mirrored_procs == m0.mirrored_procs + 1 && m2.mirrored_procs == m0.mirrored_procs,
        "mirrored_procs %ld, %ld with the child, %ld after", (long)m0.mirrored_procs,
        (long)m1.mirrored_procs, (long)m2.mirrored_procs);
  CHECK(m1.mirrored_pages >= m0.mirrored_pages + n && m2.mirrored_pages == m0.mirrored_pages,
        "mirrored_pages %ld, %ld with a child of %d pages, %ld after", (long)m0.mirrored_pages,
        (long)m1.mirrored_pages, n, (long)m2.mirrored_pages);
  CHECK(m1.pair_faults - m0.pair_faults >= 50, "pair_faults went up by %ld for 50 fresh heap pages",
        (long)(m1.pair_faults - m0.pair_faults));
  CHECK(m0.frames_free - m1.frames_free >= 2 * (uint64)n,
        "a mirrored child of %d pages took %ld frames (2 a page)", n,
        (long)(m0.frames_free - m1.frames_free));
  uint64 sum = 0;
  for (int b = 0; b < (int)m0.nbank; b++) {
    sum += m2.bank_free[b];
    CHECK(a2[b] == a0[b], "bank %d: %ld frames free or this process's before, %ld after", b,
          (long)a0[b], (long)a2[b]);
  }
  CHECK(sum == m2.frames_free, "the banks' free frames add up to %ld, frames_free is %ld",
        (long)sum, (long)m2.frames_free);
}

const struct utest mirror_tests[] = {
  { "mirror.pairs", mirror_pairs, 60, 0 },
  { "mirror.bankfull", mirror_bankfull, 120, 0 },
  { "mirror.mixed", mirror_mixed, 120, 0 },
  { "mirror.execchain", mirror_execchain, 60, 0 },
  { "mirror.wrongoffset", mirror_wrongoffset, 30, 0 },
  { "mirror.badtable", mirror_badtable, 120, 0 },
  { "mirror.notes", mirror_notes, 60, 0 },
  { "mirror.tablecache", mirror_tablecache, 60, 0 },
  { "mirror.pairsfull", mirror_pairsfull, 120, 0 },
  { "mirror.selfstore", mirror_selfstore, 30, 0 },
  { "mirror.sysbuf", mirror_sysbuf, 30, 0 },
  { "mirror.oom", mirror_oom, 180, 0 },
  { "mirror.cow", mirror_cow, 60, 0 },
  { "mirror.lazy", mirror_lazy, 30, 0 },
  { "mirror.kwrites", mirror_kwrites, 30, 0 },
  { "mirror.counters", mirror_counters, 60, 0 },
  { 0 },
};
