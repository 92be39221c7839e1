/* usertests: who may inspect and repair (group priv; docs/memory.md
 * "Who may inspect and repair").
 *
 * A process holds the privilege when its parent did -- init does, so the
 * harness and every test process do -- until it calls privdrop().
 * Without it a process may look only at itself: pagemap and mdiff of
 * another pid, scrub with repair and the test knobs (faultinj, bankhold,
 * fscrash) return -1, scrub(0) compares only the caller's pages, and no
 * call shows it a frame another process maps.  And no caller, privileged
 * or not, may flood the console or stall another process's faults.
 *
 * The other processes are helpers exec'd from the translated twin
 * /m/usertests (mirrored) or from /u/usertests (not):
 *
 *   usertests -priv MODE RFD HFD [ARG...]
 *
 * A helper says what it has to say on descriptor RFD and takes orders
 * (struct order) from descriptor HFD; a check that fails in it prints a
 * note and exits with UT_CHILDFAIL (3).
 *
 * The knobs need the boot options memv6.faultinj and memv6.bankhold, and
 * for fscrash to be more than refused anyway memv6.fscrash (tests/run.py
 * gives all three to the group's boots).  priv.scrubflood's console
 * lines are counted by tests/run.py (noflood[priv]). */
#include "user/tests/ut.h"
#include "kernel/pagemap.h"

#define MPROG "/m/usertests"    /* translated: runs mirrored */
#define UPROG "/u/usertests"    /* untranslated: runs unmirrored */

/* The console rate limit of kernel/core/printf.c (kratelimit): a burst
 * of RATE_BURST lines, then one per RATE_TICKS ticks. */
#define RATE_BURST 20
#define RATE_TICKS 10

/* An order to a helper. */
struct order {
  int op;
  int arg, arg2;
};

/* What a holding helper says first. */
struct hello {
  uint64 va;          /* its heap pages */
  int mirrored;
  int pad;
};

/* ---------------------------------------------------------------- memory */

/* npages of fresh heap from a page boundary. */
static char *
grow(int npages)
{
  uint64 cur = (uint64)sbrk(0);
  if (cur % PGSIZE)
    sbrk(PGSIZE - cur % PGSIZE);
  char *p = sbrk(npages * PGSIZE);
  if (p == (char *)-1)
    fail("sbrk of %d pages failed", npages);
  return p;
}

static void
fill(char *p, int npages, uint seed)
{
  for (uint64 i = 0; i < (uint64)npages * PGSIZE; i++)
    p[i] = pat(seed, i);
}

/* The first byte of the npages at p that is not the pattern, or -1. */
static long
first_bad(const char *p, int npages, uint seed)
{
  for (uint64 i = 0; i < (uint64)npages * PGSIZE; i++)
    if (p[i] != (char)pat(seed, i))
      return i;
  return -1;
}

/* The pagemap record of page va of pid (or fail). */
static struct pagemap
pm_one(int pid, uint64 va)
{
  struct pagemap pm;
  int n = pagemap(pid, va, &pm, 1);
  if (n != 1 || pm.va != va)
    fail("pagemap(%d, %p): %d records, first at %p: page not mapped", pid, va, n,
         n == 1 ? pm.va : 0);
  return pm;
}

/* ---------------------------------------------------------------- helpers */

struct helper {
  int pid;
  int r;        /* what it says */
  int h;        /* orders to it */
};

/* Fork a child with a pipe each way.  In both, *rd reads what the other
 * writes to its *wr.  The child's pid (0 in the child). */
static int
fork_talk(int *rd, int *wr)
{
  int down[2], up[2];
  xpipe(down);
  xpipe(up);
  int pid = xfork();
  close(pid ? down[0] : down[1]);
  close(pid ? up[1] : up[0]);
  *rd = pid ? up[0] : down[0];
  *wr = pid ? down[1] : up[1];
  return pid;
}

/* Start `PROG -priv MODE RFD HFD ARG...` (at most 4 args). */
static void
helper_start(struct helper *k, const char *prog, const char *mode, int nargs, char **args)
{
  char rs[12], hs[12];
  char *argv[10] = { (char *)prog, "-priv", (char *)mode, rs, hs };
  int rd, wr;

  for (int i = 0; i < nargs && i < 4; i++)
    argv[5 + i] = args[i];
  k->pid = fork_talk(&rd, &wr);
  if (k->pid == 0) {
    ut_snprintf(rs, sizeof rs, "%d", wr);
    ut_snprintf(hs, sizeof hs, "%d", rd);
    exec(prog, argv);
    exit(UT_EXECFAILED);
  }
  k->r = rd;
  k->h = wr;
}

/* Read exactly n bytes the helper says; 0 if it ended first. */
static int
helper_hear(struct helper *k, void *buf, int n)
{
  char *c = buf;
  for (int got = 0, r; got < n; got += r)
    if ((r = read(k->r, c + got, n - got)) <= 0)
      return 0;
  return 1;
}

static void
helper_tell(struct helper *k, int op, int arg, int arg2)
{
  struct order o = { op, arg, arg2 };
  xwrite(k->h, &o, sizeof o);
}

/* Tell the helper to end ('x') and wait for it: its exit status. */
static int
helper_end(struct helper *k)
{
  struct order o = { 'x', 0, 0 };
  write(k->h, &o, sizeof o);
  close(k->h);
  close(k->r);
  return xreap(k->pid);
}

/* Read exactly n bytes the helper says; if it ends first, fail saying
 * how (what: who it is). */
static void
helper_need(struct helper *k, void *buf, int n, const char *what)
{
  if (!helper_hear(k, buf, n)) {
    int st = helper_end(k);
    fail("%s: %s", what, ut_status(st));
  }
}

/* Start a helper and read its first words (or fail). */
static void
helper_expect(struct helper *k, const char *prog, const char *mode, int nargs, char **args,
              void *hello, int n)
{
  char what[48];
  helper_start(k, prog, mode, nargs, args);
  ut_snprintf(what, sizeof what, "%s -priv %s did not get ready", prog, mode);
  helper_need(k, hello, n, what);
}

/* ---------------------------------------------------------------- the helper side */

static int h_rfd = -1, h_hfd = -1;

static void
say(const void *p, int n)
{
  if (write(h_rfd, p, n) != n)
    fail("cannot write to the test");
}

/* The next order; exit (status 1) if the test went away. */
static struct order
hear(void)
{
  struct order o;
  char *c = (char *)&o;
  for (int got = 0, r; got < (int)sizeof o; got += r)
    if ((r = read(h_hfd, c + got, sizeof o - got)) <= 0)
      exit(1);
  return o;
}

/* ---------------------------------------------------------------- refusals */

static const int fi_kinds[] = {
  0, FI_FLIP, FI_MIRROR, FI_MIRROR | FI_FLIP, FI_NOW, FI_NOW | FI_MIRROR, FI_BANK,
};
#define NKINDS ((int)(sizeof fi_kinds / sizeof fi_kinds[0]))

/* Nothing of process pid (named who) may be looked at: pagemap and mdiff
 * return -1 and leave the buffer alone. */
static void
no_look(int pid, const char *who)
{
  static struct pagemap pm[4];
  static uint64 vas[8];
  uchar *b = (uchar *)pm, *v = (uchar *)vas;

  memset(pm, 0xa5, sizeof pm);
  memset(vas, 0xa5, sizeof vas);
  int r = pagemap(pid, 0, pm, 4);
  CHECK(r == -1, "unprivileged pagemap of %s (pid %d) returned %d, not -1", who, pid, r);
  r = mdiff(pid, vas, 8);
  CHECK(r == -1, "unprivileged mdiff of %s (pid %d) returned %d, not -1", who, pid, r);
  for (int i = 0; i < (int)sizeof pm; i++)
    CHECK(b[i] == 0xa5, "refused pagemap of %s wrote byte %d of the buffer", who, i);
  for (int i = 0; i < (int)sizeof vas; i++)
    CHECK(v[i] == 0xa5, "refused mdiff of %s wrote byte %d of the buffer", who, i);
}

/* No test knob works: faultinj of any kind at any target, bankhold,
 * fscrash, scrub with repair -- and nothing was injected meanwhile. */
static void
no_knobs(int npid, int *pids, uint64 *vas)
{
  struct memstat m0, m1;

  CHECK(memstat(&m0) == 0, "memstat failed");
  for (int t = 0; t < npid; t++)
    for (int k = 0; k < NKINDS; k++) {
      int how = fi_kinds[k];
      /* init's native text is never aimed at, even refused */
      if (pids[t] == 1 && !(how & (FI_MIRROR | FI_BANK)) && (how & FI_FLIP))
        continue;
      uint64 va = how & FI_BANK ? 1 : vas[t];
      int r = faultinj(pids[t], va, FI_HOW(how, 9));
      CHECK(r == -1, "unprivileged faultinj(%d, 0x%lx, 0x%x) returned %d, not -1", pids[t], va,
            FI_HOW(how, 9), r);
    }
  for (int b = -1; b < 2; b++)
    for (int n = 0; n < 2; n++) {
      int r = bankhold(b, n);
      CHECK(r == -1, "unprivileged bankhold(%d, %d) returned %d, not -1", b, n, r);
    }
  int r = fscrash(0);
  CHECK(r == -1, "unprivileged fscrash(0) returned %d, not -1", r);
  static const int repairs[] = { 1, 2, -1, 0x10000 };
  for (int i = 0; i < 4; i++) {
    r = scrub(repairs[i]);
    CHECK(r == -1, "unprivileged scrub(%d) returned %d, not -1", repairs[i], r);
  }
  CHECK(memstat(&m1) == 0, "memstat failed");
  CHECK(m1.injected == m0.injected, "unprivileged calls injected %ld memory errors",
        (long)(m1.injected - m0.injected));
  CHECK(m1.scrub_repaired == m0.scrub_repaired, "an unprivileged scrub repaired %ld pages",
        (long)(m1.scrub_repaired - m0.scrub_repaired));
}

/* mode "unpriv" PPID VPID VVA PVA: hold 2 heap pages; after the go order
 * (arg: how many of them the test has made differ from their mirrors),
 * drop the privilege and check what it still may and may not do with
 * its parent (page PVA), init, the mirrored helper VPID (page VVA, made
 * to differ too) and itself; say "ok" and hold; at the end (the test has
 * repaired everything) check the pages. */
static void
mode_unpriv(int ppid, int vpid, uint64 vva, uint64 pva)
{
  char *mine = grow(2);
  fill(mine, 2, 0x33);
  struct hello hi = { (uint64)mine, ut_mirrored(), 0 };
  say(&hi, sizeof hi);
  struct order o = hear();
  int own = o.arg;

  CHECK(privdrop() == 0, "privdrop() failed");
  no_look(ppid, "its parent");
  no_look(1, "init");
  no_look(vpid, "a mirrored sibling");

  /* itself: pagemap and mdiff by 0 and by its pid, scrub(0) */
  static struct pagemap a[8], b[8];
  int n0 = pagemap(0, 0, a, 8), n1 = pagemap(getpid(), 0, b, 8);
  CHECK(n0 >= 1 && n0 == n1, "pagemap of itself: %d records by pid 0, %d by its pid", n0, n1);
  for (int i = 0; i < n0; i++)
    CHECK(a[i].va == b[i].va && a[i].flags == b[i].flags,
          "pagemap of itself by 0 and by pid differ at record %d", i);
  struct pagemap pm = pm_one(0, (uint64)mine);
  CHECK(pm.pa != 0 && pm.ref == 1, "its own private heap page: frame %p, %d references",
        pm.pa, pm.ref);
  uint64 vas[4];
  int want = hi.mirrored ? own : -1;
  int d0 = mdiff(0, vas, 4), d1 = mdiff(getpid(), vas, 4);
  CHECK(d0 == want && d1 == want, "mdiff of itself: %d by pid 0, %d by its pid, expected %d",
        d0, d1, want);
  if (want > 0)
    CHECK(vas[0] == (uint64)mine, "mdiff of itself names 0x%lx, not its page 0x%lx", vas[0],
          (uint64)mine);
  int s = scrub(0);
  CHECK(s == (hi.mirrored ? own : 0), "unprivileged scrub(0) found %d pages, expected %d "
        "(its own only; the sibling's differing page is not its business)", s,
        hi.mirrored ? own : 0);

  int pids[] = { 0, getpid(), ppid, 1, vpid };
  uint64 at[] = { (uint64)mine, (uint64)mine, pva, 0, vva };
  no_knobs(5, pids, at);
  CHECK(privdrop() == 0, "a second privdrop() failed");
  if (want >= 0)
    CHECK(mdiff(0, vas, 4) == want, "its own page no longer differs after refused calls");
  say("ok", 2);

  hear();
  long bad = first_bad(mine, 2, 0x33);
  CHECK(bad < 0, "its heap byte %ld changed", bad);
  CHECK(!hi.mirrored || mdiff(0, vas, 4) == 0, "its pages differ from their mirrors at the end");
  exit(0);
}

/* What a process born unprivileged may not do (tpid: the test). */
static void
born_unprivileged(int tpid, const char *what)
{
  static struct pagemap pm;
  uint64 vas[2];
  int r;

  CHECK((r = pagemap(1, 0, &pm, 1)) == -1, "%s: pagemap of init returned %d", what, r);
  CHECK((r = pagemap(tpid, 0, &pm, 1)) == -1, "%s: pagemap of the test returned %d", what, r);
  CHECK((r = mdiff(1, vas, 2)) == -1, "%s: mdiff of init returned %d", what, r);
  CHECK((r = scrub(1)) == -1, "%s: scrub(1) returned %d", what, r);
  CHECK((r = faultinj(tpid, 0, FI_HOW(FI_MIRROR | FI_FLIP, 5))) == -1,
        "%s: faultinj returned %d", what, r);
  CHECK((r = bankhold(0, 0)) == -1, "%s: bankhold(0, 0) returned %d", what, r);
  CHECK((r = fscrash(0)) == -1, "%s: fscrash(0) returned %d", what, r);
  CHECK(pagemap(0, 0, &pm, 1) == 1, "%s: pagemap of itself failed", what);
}

/* mode "born" TPID: exec'd by an unprivileged process: it and a child it
 * forks are unprivileged. */
static void
mode_born(int tpid)
{
  born_unprivileged(tpid, "an exec'd image of an unprivileged process");
  int pid = xfork();
  if (pid == 0) {
    born_unprivileged(tpid, "the child of an exec'd unprivileged image");
    exit(0);
  }
  int st = xwait(pid);
  CHECK(st == 0, "its child: %s", ut_status(st));
  exit(0);
}

/* mode "hold" NPAGES SEED: hold NPAGES heap pages of the pattern SEED.
 * Orders: 'S' TICKS WANT: drop the privilege and call scrub(0) in a loop
 * for TICKS ticks, each call must return WANT: say how many calls, how
 * many did not, and the last wrong result; 'x': check the pages (and
 * that they equal their mirrors) and exit. */
static void
mode_hold(int npages, int seed)
{
  char *heap = grow(npages);
  fill(heap, npages, seed);
  struct hello hi = { (uint64)heap, ut_mirrored(), 0 };
  say(&hi, sizeof hi);
  for (;;) {
    struct order o = hear();
    if (o.op == 'S') {
      int rep[3] = { 0, 0, 0 };
      CHECK(privdrop() == 0, "privdrop() failed");
      for (int end = uptime() + o.arg; uptime() < end; rep[0]++) {
        int r = scrub(0);
        if (r != o.arg2) {
          rep[1]++;
          rep[2] = r;
        }
      }
      say(rep, sizeof rep);
    } else {
      long bad = first_bad(heap, npages, seed);
      CHECK(bad < 0, "heap byte %ld changed", bad);
      uint64 vas[2];
      int d = mdiff(0, vas, 2);
      CHECK(!hi.mirrored || d == 0, "%d pages differ from their mirrors at the end", d);
      exit(0);
    }
  }
}

/* ---------------------------------------------------------------- the tests */

/* A page of the test that a refused faultinj may aim at. */
static char t_scratch[PGSIZE] __attribute__((aligned(PGSIZE)));

/* A child that calls privdrop() may look only at itself.  Run once
 * mirrored and once not: the test (privileged) makes a page of a
 * mirrored helper and one of the child (when mirrored) differ from their
 * mirrors; the unprivileged child gets -1 from pagemap and mdiff of its
 * parent, init and that helper (and nothing in its buffers), from scrub
 * with repair and from every knob (faultinj of every kind at every
 * target, FI_BANK too; bankhold; fscrash), while pagemap and mdiff of
 * itself work and scrub(0) counts only its own page.  Afterwards both
 * pages still differ (nothing was repaired or injected), and the test,
 * still privileged, looks at both and repairs them. */
static void
drop_one(const char *prog)
{
  struct helper v, c;
  struct hello vh, ch;
  char *vargs[] = { "2", "17" };
  uint64 vas[4];
  struct memstat m0, m1;

  t_scratch[0] = 1;
  helper_expect(&v, MPROG, "hold", 2, vargs, &vh, sizeof vh);
  CHECK(vh.mirrored, "%s is not mirrored", MPROG);
  CHECK(faultinj(v.pid, vh.va, FI_HOW(FI_MIRROR | FI_FLIP, 21)) == 0,
        "privileged faultinj failed (booted without memv6.faultinj?)");
  CHECK(mdiff(v.pid, vas, 4) == 1, "the flipped sibling page is not seen by mdiff");

  char a[4][24];
  char *cargs[] = { a[0], a[1], a[2], a[3] };
  ut_snprintf(a[0], 24, "%d", getpid());
  ut_snprintf(a[1], 24, "%d", v.pid);
  ut_snprintf(a[2], 24, "%lu", vh.va);
  ut_snprintf(a[3], 24, "%lu", (uint64)t_scratch);
  helper_expect(&c, prog, "unpriv", 4, cargs, &ch, sizeof ch);
  int own = ch.mirrored;
  if (own)
    CHECK(faultinj(c.pid, ch.va, FI_HOW(FI_MIRROR | FI_FLIP, 44)) == 0, "faultinj of the child");
  CHECK(memstat(&m0) == 0, "memstat failed");
  helper_tell(&c, 'g', own, 0);
  char ok[2] = { 0, 0 };
  if (!helper_hear(&c, ok, 2)) {
    close(c.h);
    close(c.r);
    int st = xreap(c.pid);
    scrub(1);
    helper_end(&v);
    fail("%s child: %s", prog, ut_status(st));
  }

  /* refused means refused: nothing repaired, nothing injected, no frame held */
  CHECK(memstat(&m1) == 0, "memstat failed");
  CHECK(m1.injected == m0.injected && m1.scrub_repaired == m0.scrub_repaired,
        "the unprivileged child's calls injected %ld errors, repaired %ld pages",
        (long)(m1.injected - m0.injected), (long)(m1.scrub_repaired - m0.scrub_repaired));
  CHECK(mdiff(v.pid, vas, 4) == 1, "the sibling's flipped page no longer differs");
  CHECK(!own || mdiff(c.pid, vas, 4) == 1, "the child's flipped page no longer differs");
  int held = bankhold(0, 0);
  CHECK(held == 0, "bankhold(0, 0) gave back %d frames the child took", held);

  /* the test still may look at both and repair them */
  struct pagemap pm = pm_one(c.pid, ch.va);
  CHECK(pm.pa != 0, "privileged pagemap of the child shows no frame");
  int found = scrub(1);
  CHECK(found >= 1 + own, "privileged scrub(1) found %d pages, not the %d flipped", found, 1 + own);
  CHECK(mdiff(v.pid, vas, 4) == 0 && (!own || mdiff(c.pid, vas, 4) == 0),
        "privileged scrub(1) did not repair the pages");
  int st = helper_end(&c);
  CHECK(st == 0, "%s child at the end: %s", prog, ut_status(st));
  st = helper_end(&v);
  CHECK(st == 0, "the mirrored sibling: %s", ut_status(st));
}

static void
priv_drop(void)
{
  drop_one(MPROG);
  drop_one(UPROG);
}

/* Privilege is inherited and cannot come back: the child and grandchild
 * of a process that dropped it, and the images it and its child exec
 * (mirrored and not), are all unprivileged; a sibling forked by the test
 * afterwards, and the test, are not. */
static void
priv_inherit(void)
{
  int tpid = getpid();
  int pid = xfork();
  if (pid == 0) {
    CHECK(privdrop() == 0, "privdrop() failed");
    born_unprivileged(tpid, "the process that dropped it");
    int kid = xfork();
    if (kid == 0) {
      born_unprivileged(tpid, "its forked child");
      exit(0);
    }
    CHECK(xwait(kid) == 0, "its forked child found a privilege");
    const char *progs[] = { MPROG, UPROG };
    for (int i = 0; i < 2; i++) {
      kid = xfork();
      if (kid == 0) {
        char t[12];
        ut_snprintf(t, sizeof t, "%d", tpid);
        char *argv[] = { (char *)progs[i], "-priv", "born", "-1", "-1", t, 0 };
        exec(progs[i], argv);
        exit(UT_EXECFAILED);
      }
      int st = xwait(kid);
      CHECK(st == 0, "%s exec'd by an unprivileged process: %s", progs[i], ut_status(st));
    }
    exit(0);
  }
  int st = xwait(pid);
  CHECK(st == 0, "the unprivileged child: %s", ut_status(st));

  pid = xfork();
  if (pid == 0) {
    struct pagemap pm;
    uint64 vas[2];
    CHECK(pagemap(1, 0, &pm, 1) == 1, "a privileged child cannot pagemap init");
    CHECK(mdiff(1, vas, 2) >= 0, "a privileged child cannot mdiff init (is init mirrored?)");
    CHECK(bankhold(0, 0) >= 0, "a privileged child cannot use bankhold");
    CHECK(scrub(1) >= 0, "a privileged child cannot scrub with repair");
    exit(0);
  }
  st = xwait(pid);
  CHECK(st == 0, "a sibling forked after the drop: %s", ut_status(st));
}

#define FRAMES_MAX 1024
static uint64 seen[FRAMES_MAX];
static struct pagemap pmall[64];

/* The frames pid maps (native and mirror); whether any is in seen[0..n):
 * then fail, naming it. */
static void
frames_disjoint(int pid, int child, int n)
{
  uint64 va = 0;
  int k;
  while ((k = pagemap(pid, va, pmall, 64)) > 0) {
    for (int i = 0; i < k; i++) {
      struct pagemap *p = &pmall[i];
      for (int j = 0; j < n; j++)
        if (seen[j] != 0 && (seen[j] == p->pa || seen[j] == p->mirror_pa))
          fail("unprivileged pid %d was shown frame %p, which pid %d maps at 0x%lx%s", child,
               seen[j], pid, p->va, seen[j] == p->pa ? "" : " (mirror)");
    }
    va = pmall[k - 1].va + PGSIZE;
  }
}

/* No call shows an unprivileged process a frame another process maps.
 * A forked child shares every page with the test until one of them
 * writes it, and an untouched heap page read maps the zero frame (kernel
 * memory): the child drops the privilege, writes a fresh page of its
 * own, reads an untouched one, and sends the test every frame number its
 * pagemap showed; the test, privileged, finds none of them in the map of
 * any other live process (itself included), while the child's own fresh
 * page did show its frame. */
static void
priv_frames(void)
{
  char *lazy = sbrk(2 * PGSIZE);
  CHECK(lazy != (char *)-1, "sbrk failed");
  CHECK(lazy[PGSIZE] == 0, "fresh heap not zero");   /* the zero frame, when unmirrored */
  int rd, wr;
  int child = fork_talk(&rd, &wr);
  if (child == 0) {
    CHECK(privdrop() == 0, "privdrop() failed");
    char *fresh = grow(1);
    fresh[0] = 1;
    CHECK(lazy[0] == 0, "fresh heap not zero");
    static struct pagemap pm[64];
    static uint64 shown[FRAMES_MAX];
    int n = 0, k, own = 0;
    uint64 va = 0;
    while ((k = pagemap(0, va, pm, 64)) > 0) {
      for (int i = 0; i < k; i++) {
        if (pm[i].va == (uint64)fresh && pm[i].pa != 0)
          own = 1;
        if (pm[i].pa && n < FRAMES_MAX)
          shown[n++] = pm[i].pa;
        if (pm[i].mirror_pa && n < FRAMES_MAX)
          shown[n++] = pm[i].mirror_pa;
      }
      va = pm[k - 1].va + PGSIZE;
    }
    CHECK(own, "pagemap of itself does not show the frame of its own fresh page");
    xwrite(wr, &n, sizeof n);
    xwrite(wr, shown, n * sizeof shown[0]);
    char c;
    read(rd, &c, 1);
    exit(0);
  }
  int n = 0;
  xread(rd, &n, sizeof n);
  CHECK(n >= 0 && n <= FRAMES_MAX, "the child sent %d frames", n);
  xread(rd, seen, n * sizeof seen[0]);
  /* every other live process: pids from 1 to a little past the child */
  for (int pid = 1; pid < child + 16; pid++)
    if (pid != child)
      frames_disjoint(pid, child, n);
  xwrite(wr, "x", 1);
  close(rd);
  close(wr);
  int st = xwait(child);
  CHECK(st == 0, "the unprivileged child: %s", ut_status(st));
  sbrk(-2 * PGSIZE);
}

#define FLOOD_PAGES 32
#define FLOOD_TICKS 100

/* No call floods the console.  A mirrored helper has 4 pages that
 * really differ from their mirrors (silent flips); for FLOOD_TICKS ticks
 * the test calls scrub(0) (privileged: every process) over and over,
 * then for as long the helper, unprivileged, scrubs itself in a loop.
 * Each call finds the pages, and unrate-limited each would print a
 * console line for every one.  The test announces the stretch
 *   (priv.scrubflood: start at tick A) ... (priv.scrubflood: end at tick B ...)
 * and tests/run.py counts the kernel's "scrub:" lines between the two
 * (noflood[priv]): at most 2 * (RATE_BURST + (B - A) / RATE_TICKS + 1),
 * the lines let out plus as many "N lines held back" notes.  Here the
 * test only makes sure the calls were many times that many, so the count
 * can tell a limit from none. */
static void
priv_scrubflood(void)
{
  struct helper v;
  struct hello vh;
  char n[12];
  char *args[] = { n, "29" };
  uint64 vas[8];

  ut_snprintf(n, sizeof n, "%d", FLOOD_PAGES);
  helper_expect(&v, MPROG, "hold", 2, args, &vh, sizeof vh);
  CHECK(vh.mirrored, "%s is not mirrored", MPROG);
  for (int i = 0; i < FLOOD_PAGES; i++)
    CHECK(faultinj(v.pid, vh.va + i * PGSIZE, FI_HOW(FI_MIRROR | FI_FLIP, 8 * i + 3)) == 0,
          "faultinj failed (booted without memv6.faultinj?)");
  CHECK(mdiff(v.pid, vas, 8) == FLOOD_PAGES, "mdiff does not see the %d flipped pages",
        FLOOD_PAGES);

  int a = uptime();
  ut_printf("  (priv.scrubflood: start at tick %d)\n", a);
  sleep(2);             /* the line is out before the kernel's lines */
  int calls = 0, low = 0, lowest = FLOOD_PAGES;
  for (int end = uptime() + FLOOD_TICKS; uptime() < end; calls++) {
    int r = scrub(0);
    if (r < FLOOD_PAGES) {
      low++;
      lowest = r < lowest ? r : lowest;
    }
  }
  helper_tell(&v, 'S', FLOOD_TICKS, FLOOD_PAGES);
  int rep[3];
  helper_need(&v, rep, sizeof rep, "the unprivileged scrubber");
  int b = uptime();
  ut_printf("  (priv.scrubflood: end at tick %d: %d scrub calls, %d privileged, %d unprivileged,"
            " each finding %d pages)\n", b, calls + rep[0], calls, rep[0], FLOOD_PAGES);
  CHECK(low == 0, "%d of %d privileged scrub(0) calls found fewer than the %d pages (%d)", low,
        calls, FLOOD_PAGES, lowest);
  CHECK(rep[1] == 0, "%d of %d unprivileged scrub(0) calls of the helper did not return its %d "
        "pages (e.g. %d)", rep[1], rep[0], FLOOD_PAGES, rep[2]);
  int allowed = 2 * (RATE_BURST + (b - a) / RATE_TICKS + 1);
  CHECK((calls + rep[0]) * FLOOD_PAGES >= 4 * allowed, "only %d scrub calls in %d ticks: too few "
        "to tell a rate limit (%d lines) from none", calls + rep[0], b - a, allowed);
  CHECK(scrub(1) >= FLOOD_PAGES, "scrub(1) did not find the pages");
  CHECK(mdiff(v.pid, vas, 8) == 0, "scrub(1) did not repair the pages");
  int st = helper_end(&v);
  CHECK(st == 0, "the helper: %s", ut_status(st));
}

/* mode "rounds" BIG: hold BIG heap pages; on order 'm' TICKS say 's' and
 * do rounds for TICKS ticks: sleep a tick (as programs block now and
 * then), then the timed part, which takes the process's memlock three
 * times -- a fresh heap page faulted in, 256 bytes written from it into a
 * pipe and read back into it -- and say the longest timed part (in time
 * units, 10 MHz) and how many rounds; the pages go back after the
 * rounds.  On 'x' check the pages and exit. */
static void
mode_rounds(int big)
{
  char *heap = grow(big);
  for (int i = 0; i < big; i++)
    for (int k = 0; k < PGSIZE; k += 512)
      heap[i * PGSIZE + k] = pat(7, i * PGSIZE + k);
  int p[2];
  if (pipe(p) < 0)
    fail("pipe failed");
  struct hello hi = { (uint64)heap, ut_mirrored(), 0 };
  say(&hi, sizeof hi);
  for (;;) {
    struct order o = hear();
    if (o.op != 'm')
      break;
    uint64 rep[2] = { 0, 0 };
    say("s", 1);          /* the test's loop begins now, not while this reads */
    char *first = sbrk(0);
    for (int end = uptime() + o.arg; uptime() < end; rep[1]++) {
      sleep(1);           /* it blocks now and then, as programs do */
      uint64 t0 = rd_time();
      char *q = sbrk(PGSIZE);
      if (q == (char *)-1)
        fail("sbrk failed in round %ld", (long)rep[1]);
      q[64] = 1;
      if (write(p[1], q + 100, 256) != 256 || read(p[0], q + 1000, 256) != 256)
        fail("pipe round trip failed");
      uint64 dt = rd_time() - t0;
      if (dt > rep[0])
        rep[0] = dt;
    }
    sbrk(first - (char *)sbrk(0));
    say(rep, sizeof rep);
  }
  for (int i = 0; i < big; i++)
    for (int k = 0; k < PGSIZE; k += 512)
      CHECK(heap[i * PGSIZE + k] == (char)pat(7, i * PGSIZE + k), "heap page %d changed", i);
  uint64 vas[2];
  int d = mdiff(0, vas, 2);
  CHECK(d == 0, "%d pages differ from their mirrors at the end", d);
  exit(0);
}

#define STALL_BIG    4096   /* the victim's held pages: a scan of all is long */
#define STALL_TICKS  150    /* each measurement */
#define STALL_TRIES  3      /* measurements of a loop before it fails */

/* One measurement: the victim's rounds for STALL_TICKS ticks while the
 * test does probe in a loop (0: getpid, as busy but away from the
 * victim's memory; 1: mdiff of the victim; 2: a flip of its mirror,
 * scrub(0), scrub(1)).  The longest round, in milliseconds; *rounds and
 * *calls for the report. */
static long
stall_phase(struct helper *v, uint64 flipva, int probe, long *rounds, long *calls)
{
  uint64 vas[4], rep[2];

  char started;
  helper_tell(v, 'm', STALL_TICKS, 0);
  helper_need(v, &started, 1, "the victim");
  *calls = 0;
  {
    for (int end = uptime() + STALL_TICKS; uptime() < end; (*calls)++) {
      if (probe == 0) {
        getpid();       /* as busy, but away from the victim's memory */
      } else if (probe == 1) {
        CHECK(mdiff(v->pid, vas, 4) >= 0, "mdiff of the victim failed");
      } else {
        /* a real difference each time: scrub stops the victim to confirm it */
        CHECK(faultinj(v->pid, flipva, FI_HOW(FI_MIRROR | FI_FLIP, *calls % 4096)) == 0,
              "faultinj failed (booted without memv6.faultinj?)");
        CHECK(scrub(0) >= 1, "scrub(0) missed the flipped page");
        CHECK(scrub(1) >= 1, "scrub(1) missed the flipped page");
      }
    }
  }
  helper_need(v, rep, sizeof rep, "the victim");
  *rounds = rep[1];
  CHECK(rep[1] > 0, "the victim did no round in %d ticks", STALL_TICKS);
  return (long)(rep[0] / 10000);
}

/* No call stalls another process's faults.  A mirrored victim holding
 * STALL_BIG pages does rounds of work that need its memlock three times
 * (a fault on a fresh heap page, a pipe write from it and a read into
 * it) and measures its longest round: with the test busy elsewhere (the
 * baseline), then while the test calls mdiff on it in a tight loop, then
 * while the test flips a bit of its mirror and calls scrub(0) and
 * scrub(1) in a loop (each finding the page: the victim is stopped to
 * confirm it, and repaired).  The baseline keeps the test busy so that
 * the host is as loaded as in the other two.
 *
 * The bound: twice the baseline plus 200 ms.  The scans hold the
 * victim's memlock SCAN_STEP (64) pages at a time and the lock is first
 * come, first served, so each of the round's three takings waits at
 * most one step of the scanner (64 page compares) and two hand-overs of
 * the lock (a sleeping hart woken); a stop to confirm a difference lasts
 * one page compare.  On the 2-core test machine under a load average of
 * 4-5 that was 76-122 ms with a byte-wise memcmp and 33-47 ms with one
 * by words, the baseline 0-10 ms -- "a few ticks" on an idle host, more
 * on a busy one, hence the margin.  A scan that holds the lock for all
 * the victim's pages (a whole mdiff of it took 0.2-0.6 s, or 65-106 ms
 * by words; the note gives it), or a lock the looping caller takes back
 * before the woken victim runs, made the longest round 0.4-1.9 s; before
 * the scans were stepped and the lock fair, one round went from 2 ticks
 * to 370.  A stall by the kernel is there every time; the host's is not
 * (once 750 ms: the looping caller's hart descheduled by the host while
 * it held the lock): a loop fails only when STALL_TRIES measurements in
 * a row exceed the bound. */
static void
priv_nostall(void)
{
  struct helper v;
  struct hello vh;
  char big[12];
  char *args[] = { big };
  long alone, with[3], r0, r[3], c[3], c0;
  int tries[3];

  ut_snprintf(big, sizeof big, "%d", STALL_BIG);
  helper_expect(&v, MPROG, "rounds", 1, args, &vh, sizeof vh);
  CHECK(vh.mirrored, "%s is not mirrored", MPROG);
  uint64 vas[4], t0 = rd_time();
  CHECK(mdiff(v.pid, vas, 4) == 0, "the victim differs from its mirror");
  long scan = (long)((rd_time() - t0) / 10000);
  alone = stall_phase(&v, vh.va, 0, &r0, &c0);
  long bound = 2 * alone + 200;
  for (int k = 1; k <= 2; k++)
    for (tries[k] = 1;; tries[k]++) {
      with[k] = stall_phase(&v, vh.va, k, &r[k], &c[k]);
      if (with[k] <= bound || tries[k] == STALL_TRIES)
        break;
    }
  CHECK(mdiff(v.pid, vas, 4) == 0, "the victim still differs from its mirror");
  int st = helper_end(&v);
  ut_printf("  (priv.nostall: a whole mdiff of the idle victim %ld ms; its longest round with the "
            "test busy elsewhere %ld ms (%ld rounds), with an mdiff loop %ld ms (%ld rounds, %ld "
            "calls, try %d), with a scrub loop %ld ms (%ld rounds, %ld times flip, scrub, repair, "
            "try %d))\n", scan, alone, r0, with[1], r[1], c[1], tries[1], with[2], r[2], c[2],
            tries[2]);
  CHECK(st == 0, "the victim: %s", ut_status(st));
  CHECK(with[1] <= bound, "an mdiff loop stalled the victim: in each of %d tries a round "
        "took longer than the bound, the last %ld ms, %ld ms without (bound %ld ms)", tries[1],
        with[1], alone, bound);
  CHECK(with[2] <= bound, "a scrub loop stalled the victim: in each of %d tries a round "
        "took longer than the bound, the last %ld ms, %ld ms without (bound %ld ms)", tries[2],
        with[2], alone, bound);
}

/* mode "store": 4 heap pages; on order 'g' TICKS store into them in a
 * tight loop (plain stores, every 16th an atomic add on a word of its
 * own) for TICKS ticks; then say how many stores, and whether the atomic
 * count is right and its pages equal their mirrors. */
static void
mode_store(void)
{
  volatile uint64 *h = (uint64 *)grow(4);
  uint64 *amo = (uint64 *)&h[4 * PGSIZE / 8 - 1];
  const uint64 words = 4 * PGSIZE / 8 - 1;
  struct hello hi = { (uint64)h, ut_mirrored(), 0 };
  say(&hi, sizeof hi);
  struct order o = hear();
  uint64 rep[2] = { 0, 0 }, adds = 0;
  for (int end = uptime() + o.arg; uptime() < end;)
    for (int k = 0; k < 4096; k++, rep[0]++) {
      h[(rep[0] * 9) % words] = rep[0];
      if ((rep[0] & 15) == 0) {
        __atomic_fetch_add(amo, 1, __ATOMIC_RELAXED);
        adds++;
      }
    }
  uint64 vas[2];
  rep[1] = *amo == adds && mdiff(0, vas, 2) == 0;
  say(rep, sizeof rep);
  hear();
  exit(0);
}

#define STORE_TICKS 200

/* A page caught between a native store and its mirror store differs for
 * those few instructions, by design: scrub must not report it.  A
 * mirrored helper stores into 4 pages in a tight loop while the test
 * (privileged) calls scrub(0) and mdiff over and over: every call must
 * find 0 pages (the kernel confirms each difference with the process
 * stopped outside every pair window), and scrub's counter must not
 * move. */
static void
priv_scrubwindow(void)
{
  struct helper s;
  struct hello sh;
  struct memstat m0, m1;
  uint64 vas[4], rep[2];

  helper_expect(&s, MPROG, "store", 0, 0, &sh, sizeof sh);
  CHECK(sh.mirrored, "%s is not mirrored", MPROG);
  CHECK(memstat(&m0) == 0, "memstat failed");
  helper_tell(&s, 'g', STORE_TICKS, 0);
  long found = 0, diffs = 0, calls = 0, mcalls = 0;
  for (int end = uptime() + STORE_TICKS - 10; uptime() < end; calls++) {
    int r = scrub(0);         /* every mirrored process */
    CHECK(r >= 0, "scrub(0) returned %d", r);
    found += r;
    for (int i = 0; i < 3; i++, mcalls++) {     /* the storer alone: quicker */
      int d = mdiff(s.pid, vas, 4);
      CHECK(d >= 0, "mdiff returned %d", d);
      diffs += d;
    }
  }
  int ok = helper_hear(&s, rep, sizeof rep);
  CHECK(memstat(&m1) == 0, "memstat failed");
  int st = helper_end(&s);
  CHECK(ok && st == 0, "the storing helper: %s", ut_status(st));
  CHECK(rep[1] == 1, "the storing helper's atomic count is wrong or its pages differ from "
        "their mirrors");
  ut_printf("  (priv.scrubwindow: %ld scrub and %ld mdiff calls during %ld stores)\n", calls,
            mcalls, (long)rep[0]);
  CHECK(calls >= 5 && mcalls >= 15, "only %ld scrub and %ld mdiff calls while the helper stored",
        calls, mcalls);
  CHECK(found == 0 && diffs == 0, "scrub(0) reported %ld differing pages in %ld calls and mdiff "
        "%ld in %ld while a mirrored process stored: pages inside a pair's window", found, calls,
        diffs, mcalls);
  CHECK(m1.scrub_found == m0.scrub_found, "scrub's found counter moved by %ld",
        (long)(m1.scrub_found - m0.scrub_found));
}

/* The sibling of mode "cow": on order 'c' PAGE check that the page at
 * PAGE (native) and its mirror copy hold the pattern; say 'y' or 'n'. */
static void
cow_sibling(int r, int w, char *base, uint seed)
{
  for (;;) {
    int which = 0;
    if (read(r, &which, sizeof which) != sizeof which || which < 0)
      exit(0);
    char *page = base + which * PGSIZE;
    char *mirror = page + MIRROR_OFFSET;
    char verdict = 'y';
    for (int i = 0; i < PGSIZE; i++)
      if (page[i] != (char)pat(seed, which * PGSIZE + i) ||
          mirror[i] != (char)pat(seed, which * PGSIZE + i))
        verdict = 'n';
    if (write(w, &verdict, 1) != 1)
      exit(1);
  }
}

/* Whether page `which` of base holds the pattern in both copies, with
 * bit flip of the page flipped (-1: none). */
static int
cow_intact(char *base, int which, uint seed, int flip)
{
  char *page = base + which * PGSIZE, *mirror = page + MIRROR_OFFSET;
  for (int i = 0; i < PGSIZE; i++) {
    char want = pat(seed, which * PGSIZE + i);
    if (flip >= 0 && i == flip / 8)
      want ^= 1 << (flip % 8);
    if (page[i] != want || mirror[i] != want)
      return 0;
  }
  return 1;
}

static int
ask_sibling(int w, int r, int which)
{
  char verdict = 0;
  if (write(w, &which, sizeof which) != sizeof which || read(r, &verdict, 1) != 1)
    return 0;
  return verdict == 'y';
}

/* mode "cow" (mirrored, privileged): the repair of a page shared
 * copy-on-write.  Two pages p and q, then a fork: B's copies are shared
 * with this process (A).  The kernel's pair rule: a page's two copies
 * are shared by the same processes, so a repair in a shared page gives
 * the repairer a private pair (both copies fresh) and never writes a
 * frame the other maps; the last sharer then repairs its own copy alone.
 *   p: its shared mirror frame is flipped (both processes' mirrors
 *      differ).  scrub(1) repairs both: afterwards they share no frame,
 *      one of them kept the native frame, neither maps the flipped one.
 *   q: its shared native frame is poisoned with FI_NOW (rebuilt in both:
 *      they share no frame, neither maps the poisoned one, one kept the
 *      mirror frame), then A's native copy is flipped: only A differs.
 *      scrub(1) rewrites A's mirror into a fresh frame, A keeps its
 *      native frame, and B's copies stay the same frames, byte for byte
 *      what they were (B's own reads).
 * Says "ok". */
#define COW_SEED 0x61
#define COW_FLIP_P 100
#define COW_FLIP_Q 200
static void
mode_cow(void)
{
  char *base = grow(2);
  uint64 p = (uint64)base, q = p + PGSIZE;
  uint64 vas[4];
  int rd, wr;

  fill(base, 2, COW_SEED);
  int b = fork_talk(&rd, &wr);
  if (b == 0)
    cow_sibling(rd, wr, base, COW_SEED);

  /* p: a shared mirror frame flipped */
  struct pagemap a0 = pm_one(0, p), b0 = pm_one(b, p);
  CHECK(a0.pa == b0.pa && a0.mirror_pa == b0.mirror_pa && (a0.flags & PM_COW) &&
        a0.mirror_ref >= 2, "after fork page p is not shared copy-on-write (frames %p/%p and "
        "%p/%p, %d mirror references)", a0.pa, b0.pa, a0.mirror_pa, b0.mirror_pa, a0.mirror_ref);
  CHECK(faultinj(0, p, FI_HOW(FI_MIRROR | FI_FLIP, COW_FLIP_P)) == 0, "faultinj failed");
  CHECK(mdiff(0, vas, 4) == 1 && vas[0] == p && mdiff(b, vas, 4) == 1,
        "the shared mirror frame's flip is not seen in both processes");
  int found = scrub(1);
  CHECK(found >= 2, "scrub(1) found %d pages, not the flipped page in both processes", found);
  struct pagemap a1 = pm_one(0, p), b1 = pm_one(b, p);
  CHECK(a1.mirror_pa != a0.mirror_pa && b1.mirror_pa != a0.mirror_pa,
        "a repaired mirror of p is still the flipped frame %p (%p, %p)", a0.mirror_pa,
        a1.mirror_pa, b1.mirror_pa);
  CHECK(a1.pa != b1.pa && a1.mirror_pa != b1.mirror_pa && a1.ref == 1 && b1.ref == 1,
        "after the repairs A and B still share a copy of p (%p/%p, %p/%p)", a1.pa, a1.mirror_pa,
        b1.pa, b1.mirror_pa);
  CHECK((a1.pa == a0.pa) + (b1.pa == a0.pa) == 1, "not exactly one of A and B kept p's native "
        "frame %p (%p, %p)", a0.pa, a1.pa, b1.pa);
  CHECK(mdiff(0, vas, 4) == 0 && mdiff(b, vas, 4) == 0, "p still differs after scrub(1)");
  CHECK(cow_intact(base, 0, COW_SEED, -1), "A's copies of p are not the pattern");
  CHECK(ask_sibling(wr, rd, 0), "B's copies of p are not the pattern");

  /* q: the shared native frame poisoned, then A's own native copy flipped */
  struct pagemap a2 = pm_one(0, q), b2 = pm_one(b, q);
  CHECK(a2.pa == b2.pa && a2.mirror_pa == b2.mirror_pa, "page q is not shared after fork");
  CHECK(faultinj(0, q, FI_NOW) == 0, "faultinj (poison, now) failed");
  struct pagemap a3 = pm_one(0, q), b3 = pm_one(b, q);
  CHECK(a3.pa != a2.pa && b3.pa != a2.pa && a3.pa != b3.pa && a3.mirror_pa != b3.mirror_pa &&
        (a3.mirror_pa == a2.mirror_pa) + (b3.mirror_pa == a2.mirror_pa) == 1,
        "after the poison of q's shared native frame %p the copies are not rebuilt apart with "
        "one process keeping the mirror %p (A %p/%p, B %p/%p)", a2.pa, a2.mirror_pa, a3.pa,
        a3.mirror_pa, b3.pa, b3.mirror_pa);
  CHECK(faultinj(0, q, FI_HOW(FI_FLIP, COW_FLIP_Q)) == 0, "faultinj (flip of the native) failed");
  CHECK(mdiff(0, vas, 4) == 1 && vas[0] == q && mdiff(b, vas, 4) == 0,
        "after the flip of A's own native copy of q: A must differ, B not");
  found = scrub(1);
  CHECK(found >= 1, "scrub(1) found %d pages, not A's q", found);
  struct pagemap a4 = pm_one(0, q), b4 = pm_one(b, q);
  CHECK(a4.mirror_pa != a3.mirror_pa, "A's repaired mirror of q is still the frame %p that B "
        "shares", a3.mirror_pa);
  CHECK(a4.pa == a3.pa, "A's native frame of q changed");
  CHECK(b4.pa == b3.pa && b4.mirror_pa == b3.mirror_pa, "B's frames of q changed (%p/%p, were "
        "%p/%p): the repair of A touched B", b4.pa, b4.mirror_pa, b3.pa, b3.mirror_pa);
  CHECK(mdiff(0, vas, 4) == 0 && mdiff(b, vas, 4) == 0, "q differs after scrub(1)");
  CHECK(cow_intact(base, 1, COW_SEED, COW_FLIP_Q), "A's copies of q are not the pattern with "
        "its flipped bit (the native copy is the one kept)");
  CHECK(ask_sibling(wr, rd, 1), "B's copies of q are not byte for byte what they were");

  int end = -1;
  write(wr, &end, sizeof end);
  int st = xwait(b);
  CHECK(st == 0, "the sibling: %s", ut_status(st));
  say("ok", 2);
  hear();
  exit(0);
}

/* scrub with repair on a page whose mirror frame is shared copy-on-write
 * (mode "cow", in a mirrored helper, which does the work). */
static void
priv_scrubcow(void)
{
  struct helper a;
  char ok[2];
  helper_expect(&a, MPROG, "cow", 0, 0, ok, 2);
  int st = helper_end(&a);
  CHECK(ok[0] == 'o' && ok[1] == 'k' && st == 0, "the mirrored helper: %s", ut_status(st));
}

/* ---------------------------------------------------------------- entry */

/* usertests -priv MODE RFD HFD [ARG...] */
int
priv_child(int argc, char **argv)
{
  static char name[40];

  if (argc < 5)
    return 10;
  const char *mode = argv[2];
  ut_snprintf(name, sizeof name, "priv helper %s", mode);
  ut_current = name;
  h_rfd = atoi(argv[3]);
  h_hfd = atoi(argv[4]);
  for (int fd = 3; fd < NOFILE; fd++)
    if (fd != h_rfd && fd != h_hfd)
      close(fd);
  if (strcmp(mode, "unpriv") == 0 && argc >= 9)
    mode_unpriv(atoi(argv[5]), atoi(argv[6]), parse_u64(argv[7]), parse_u64(argv[8]));
  else if (strcmp(mode, "born") == 0 && argc >= 6)
    mode_born(atoi(argv[5]));
  else if (strcmp(mode, "hold") == 0 && argc >= 7)
    mode_hold(atoi(argv[5]), atoi(argv[6]));
  else if (strcmp(mode, "rounds") == 0 && argc >= 6)
    mode_rounds(atoi(argv[5]));
  else if (strcmp(mode, "store") == 0)
    mode_store();
  else if (strcmp(mode, "cow") == 0)
    mode_cow();
  return 11;
}

const struct utest priv_tests[] = {
  { "priv.drop", priv_drop, 60, 0 },
  { "priv.inherit", priv_inherit, 60, 0 },
  { "priv.frames", priv_frames, 60, 0 },
  { "priv.scrubflood", priv_scrubflood, 60, 0 },
  { "priv.nostall", priv_nostall, 90, 0 },
  { "priv.scrubwindow", priv_scrubwindow, 60, 0 },
  { "priv.scrubcow", priv_scrubcow, 60, 0 },
  { 0 },
};
