/* Group `campaign`: the fault campaign (docs/memory.md "The campaign"),
 * and the workers it and bank.rehome (fault.c) run.
 *
 * A worker is a child that execs `usertests -faultworker ...`: the
 * translated /m/usertests (mirrored) or /u/usertests (unmirrored in every
 * image).  It has a heap of hot pages, which it works on round after
 * round, and a few cold pages, filled at the start and read only at the
 * end; everything follows from its seed.  Three workloads:
 *
 *   compute  rewrites its hot pages again and again (cw_round)
 *   syscall  moves its hot pages through a pipe: write() of one buffer,
 *            read() into the other and back, so that most of its time is
 *            spent in the kernel's copies of its memory
 *   fork     forks a child that shares the heap copy-on-write; both read
 *            all of it every round and write a word now and then, each
 *            write taking one page out of the sharing
 *
 * The protocol (cw_start, cw_end, cw_collect, cw_release): the worker
 * reports where its heap is (struct cw_ready), computes for TICKS ticks,
 * waits for an "end" byte, reads all its data pages for a checksum (the
 * syscall worker through the pipe), reports rounds and checksum (struct
 * cw_report, with its child's), waits for a last byte and exits.  The
 * same rounds computed at home (cw_right) say whether the output is
 * right.
 *
 * The campaign (campaign.run) injects every kind of memory error into
 * such workers, in phases: each phase starts a mirrored survivor of each
 * workload, a mirrored limit worker and an unmirrored control, injects
 * CP_QUOTA errors chosen from the seed while they compute, then ends
 * them, scrubs, and judges every output (docs/memory.md "The campaign"
 * has the kinds, the roles and the rules). */
#include "user/tests/ut.h"
#include "kernel/pagemap.h"

#define WPP        (PGSIZE / sizeof(uint64))   /* words per page */
#define CW_COLD    2         /* pages read only at the end */
#define SC_PAGES   6         /* the syscall worker's two buffers, each */
#define SC_CHUNK   3000      /* bytes per transfer (a multiple of 8): transfers straddle pages */
#define FK_EVERY   1024      /* the fork worker writes a word every FK_EVERY rounds */
#define COLD_SALT  0xc01dc01dULL

/* Worker exit statuses besides 0 (and -1: killed). */
#define CW_EPIPE      5      /* a transfer through its pipe came back short */
#define CW_EPROTO     8      /* the campaign's pipes broke */
#define CW_EARGS      9
#define CW_KID_KILLED 31     /* the fork worker's child was killed */
#define CW_KID_FAILED 32     /* ... or ended otherwise badly */

const char *const cw_names[NWL] = { "compute", "syscall", "fork" };
static const int cw_hot[NWL] = { CW_PAGES, 2 * SC_PAGES, CW_PAGES };

/* The pages a worker of type has (hot, cold, a scratch page). */
static int
cw_pages(int type)
{
  return cw_hot[type] + CW_COLD + 1;
}

static void
cw_fill(uint64 *p, uint64 words, uint64 seed)
{
  for (uint64 i = 0; i < words; i++)
    p[i] = splitmix(seed + i);
}

/* A worker's heap as it starts: hot pages from seed, cold ones from a
 * seed of their own. */
static void
cw_init(int type, uint64 *heap, uint64 seed)
{
  uint64 hot = cw_hot[type] * WPP;

  cw_fill(heap, hot, seed);
  cw_fill(heap + hot, CW_COLD * WPP, seed ^ COLD_SALT);
}

/* Round r of the compute worker: read and rewrite every hot word. */
static void
cw_round(uint64 *heap, uint64 r)
{
  uint64 n = CW_PAGES * WPP;

  for (uint64 i = 0; i < n; i++)
    heap[i] = heap[i] * 6364136223846793005ULL + heap[(i * 7 + r) % n] + r;
}

/* Move n bytes from src to dst through the pipe p, in transfers of at
 * most SC_CHUNK bytes (p 0: memmove, the home computation).  0, or -1
 * if a transfer came back short. */
static int
sc_move(uchar *dst, const uchar *src, uint64 n, int *p)
{
  if (p == 0) {
    memmove(dst, src, n);
    return 0;
  }
  for (uint64 off = 0; off < n; off += SC_CHUNK) {
    int k = n - off < SC_CHUNK ? n - off : SC_CHUNK;
    if (write(p[1], src + off, k) != k || read_all(p[0], dst + off, k) != k)
      return -1;
  }
  return 0;
}

/* Round r of the syscall worker: buffer a through the pipe into buffer
 * b, b back into a rotated by a few words, and one word of a changed by
 * the program itself. */
static int
sc_round(uint64 *heap, uint64 r, int *p)
{
  uchar *a = (uchar *)heap, *b = a + SC_PAGES * PGSIZE;
  uint64 n = SC_PAGES * PGSIZE, k = 8 * (1 + r % 61);

  if (sc_move(b, a, n, p) < 0 || sc_move(a, b + k, n - k, p) < 0 || sc_move(a + n - k, b, k, p) < 0)
    return -1;
  heap[r % (n / 8)] += r * 0x9e3779b97f4a7c15ULL + 1;
  return 0;
}

/* Round r of the fork worker (side 0 the parent, 1 the child): read every
 * hot word into the accumulator; every FK_EVERY rounds write one word of
 * a page of its own side (the parent's even pages, the child's odd ones),
 * which makes that page private to the writer. */
static uint64
fk_round(uint64 *heap, uint64 r, int side, uint64 acc)
{
  uint64 n = CW_PAGES * WPP;

  for (uint64 i = 0; i < n; i++)
    acc = acc * 6364136223846793005ULL + heap[(i * 5 + r) % n];
  if (r % FK_EVERY == FK_EVERY - 1)
    heap[((r / FK_EVERY * 2 + side) % CW_PAGES) * WPP + r % WPP] ^= acc;
  return acc;
}

/* Round r of a worker of type: 0, or -1 if its pipe failed it. */
static int
cw_step(int type, uint64 *heap, uint64 r, int side, uint64 *acc, int *p)
{
  if (type == WL_COMPUTE)
    cw_round(heap, r);
  else if (type == WL_SYSCALL)
    return sc_round(heap, r, p);
  else
    *acc = fk_round(heap, r, side, *acc);
  return 0;
}

/* The checksum of all hot and cold words, from acc on; the syscall
 * worker (p set) has them come through the kernel first, a transfer at a
 * time into its scratch page.  0, or -1 if its pipe failed it. */
static int
cw_final(int type, uint64 *heap, uint64 acc, int *p, uint64 *sum)
{
  uint64 words = (cw_hot[type] + CW_COLD) * WPP, *scratch = heap + words;

  *sum = acc;
  for (uint64 off = 0; off < words; off += SC_CHUNK / 8) {
    uint64 k = words - off < SC_CHUNK / 8 ? words - off : SC_CHUNK / 8;
    uint64 *w = heap + off;
    if (type == WL_SYSCALL && p) {
      if (sc_move((uchar *)scratch, (uchar *)w, k * 8, p) < 0)
        return -1;
      w = scratch;
    }
    for (uint64 i = 0; i < k; i++)
      *sum = splitmix(*sum ^ w[i]);
  }
  return 0;
}

/* A worker's (side 0) or its child's (side 1) life once its heap is
 * ready: rounds until tick end, then "end" on in, the checksum, the
 * report on out -- the parent's with the child's, read from kid[0] --
 * and the last byte on in (passed on to the child on kid[1]).  Its exit
 * status. */
static int
cw_run(int type, uint64 *heap, int end, int side, int *p, int in, int out, int *kid)
{
  struct cw_report rep, krep;
  uint64 acc = 0, r = 0;
  char c;

  memset(&rep, 0, sizeof rep);
  for (; uptime() < end; r++)
    if (cw_step(type, heap, r, side, &acc, p) < 0)
      return CW_EPIPE;
  if (read(in, &c, 1) != 1)
    return CW_EPROTO;
  if (kid)
    write(kid[1], &c, 1);
  rep.rounds = r;
  if (cw_final(type, heap, acc, p, &rep.sum) < 0)
    return CW_EPIPE;
  if (kid && read_all(kid[0], &krep, sizeof krep) == sizeof krep) {
    rep.crounds = krep.rounds;
    rep.csum = krep.sum;
    rep.cgot = 1;
  }
  if (write(out, &rep, sizeof rep) != sizeof rep || read(in, &c, 1) != 1)
    return CW_EPROTO;
  if (kid) {
    int st = 0;
    write(kid[1], &c, 1);
    if (wait(&st) < 0 || st != 0)
      return st == -1 ? CW_KID_KILLED : CW_KID_FAILED;
  }
  return 0;
}

/* usertests -faultworker WFD RFD SEED TICKS [TYPE] */
int
fault_worker(int argc, char **argv)
{
  if (argc < 6)
    return CW_EARGS;
  int wfd = atoi(argv[2]), rfd = atoi(argv[3]), ticks = atoi(argv[5]);
  int type = argc > 6 ? atoi(argv[6]) : WL_COMPUTE, p[2], kid[2], up[2], down[2];
  uint64 seed = atoi(argv[4]);
  if (type < 0 || type >= NWL)
    return CW_EARGS;
  for (int fd = 3; fd < NOFILE; fd++)      /* the campaign's lines to other workers */
    if (fd != wfd && fd != rfd)
      close(fd);
  uint64 *heap = (uint64 *)sbrk(cw_pages(type) * PGSIZE);
  struct cw_ready rd = { (uint64)heap, cw_hot[type], CW_COLD, 0 };

  if (heap == (uint64 *)-1 || (type == WL_SYSCALL && pipe(p) < 0))
    return CW_EARGS;
  cw_init(type, heap, seed);
  int end = uptime() + ticks;
  if (type == WL_FORK) {
    if (pipe(up) < 0 || pipe(down) < 0 || (rd.child = fork()) < 0)
      return CW_EARGS;
    if (rd.child == 0) {
      close(wfd);
      close(rfd);
      close(up[0]);
      close(down[1]);
      exit(cw_run(type, heap, end, 1, 0, down[0], up[1], 0));
    }
    close(up[1]);
    close(down[0]);
    kid[0] = up[0];
    kid[1] = down[1];
  }
  if (write(wfd, &rd, sizeof rd) != sizeof rd)
    return CW_EPROTO;
  return cw_run(type, heap, end, 0, type == WL_SYSCALL ? p : 0, rfd, wfd, type == WL_FORK ? kid : 0);
}

/* ------------------------------------------------- the campaign's side */

/* Start a worker of type (mirrored or not) computing for ticks ticks from
 * seed; fill in w, its heap's place too. */
void
cw_start(struct cworker *w, int type, int mirrored, uint64 seed, int ticks)
{
  char s[24], t[12], k[4];
  char *args[] = { s, t, k, 0 };

  memset(w, 0, sizeof *w);
  w->type = type;
  w->mirrored = mirrored;
  w->seed = seed % 1000000000;
  ut_snprintf(s, sizeof s, "%lu", w->seed);
  ut_snprintf(t, sizeof t, "%d", ticks);
  ut_snprintf(k, sizeof k, "%d", type);
  w->pid = fault_spawn(mirrored ? "/m/usertests" : "/u/usertests", "-faultworker", args, w->fds);
  if (read_all(w->fds[0], &w->rd, sizeof w->rd) != sizeof w->rd)
    fail("worker %d (%s) did not report its heap", w->pid, cw_names[type]);
}

/* Tell the worker to stop computing and report (it may be dead). */
void
cw_end(struct cworker *w)
{
  write(w->fds[1], "e", 1);
}

/* Read its report: 1 if it came (w->rep), 0 if the worker is gone. */
int
cw_collect(struct cworker *w)
{
  w->reported = read_all(w->fds[0], &w->rep, sizeof w->rep) == sizeof w->rep;
  return w->reported;
}

/* The children that ended while cw_reap waited for another one. */
static struct {
  int pid, status;
} reaped[NPROC];
static int nreaped;

/* The exit status of child pid (wait()s; other children's statuses are
 * kept for their own call). */
int
cw_reap(int pid)
{
  for (;;) {
    for (int i = 0; i < nreaped; i++)
      if (reaped[i].pid == pid) {
        int st = reaped[i].status;
        reaped[i] = reaped[--nreaped];
        return st;
      }
    int st = 0, w = wait(&st);
    if (w < 0)
      fail("wait for child %d: no such child", pid);
    if (nreaped == NPROC)
      fail("too many children ended unwaited for");
    reaped[nreaped].pid = w;
    reaped[nreaped++].status = st;
  }
}

/* Let the worker exit: its exit status (w->status too). */
int
cw_release(struct cworker *w)
{
  write(w->fds[1], "l", 1);
  close(w->fds[0]);
  close(w->fds[1]);
  w->status = cw_reap(w->pid);
  return w->status;
}

/* The checksum a worker of w's type and seed (side 1: its child) reports
 * after rounds rounds, computed at home in home (room for cw_pages). */
static uint64
cw_replay(struct cworker *w, int side, uint64 rounds, uint64 *home)
{
  uint64 acc = 0, sum;

  cw_init(w->type, home, w->seed);
  for (uint64 r = 0; r < rounds; r++)
    cw_step(w->type, home, r, side, &acc, 0);
  cw_final(w->type, home, acc, 0, &sum);
  return sum;
}

/* Whether w's report (and its child's) is what the same rounds give at
 * home. */
int
cw_right(struct cworker *w)
{
  static uint64 home[(CW_PAGES + CW_COLD + 1) * WPP];

  if (!w->reported || cw_replay(w, 0, w->rep.rounds, home) != w->rep.sum)
    return 0;
  return w->type != WL_FORK || (w->rep.cgot && cw_replay(w, 1, w->rep.crounds, home) == w->rep.csum);
}

/* End the n workers w, collect their reports, let them exit, and fail
 * unless each exited 0 with the checksum its rounds give at home. */
void
cw_finish(struct cworker *w, int n)
{
  for (int k = 0; k < n; k++)
    cw_end(&w[k]);
  for (int k = 0; k < n; k++) {
    cw_collect(&w[k]);
    int st = cw_release(&w[k]);
    CHECK(w[k].reported && st == 0, "%s worker %d: status %d", cw_names[w[k].type], w[k].pid, st);
    CHECK(cw_right(&w[k]), "%s worker %d: wrong checksum after %ld rounds", cw_names[w[k].type],
          w[k].pid, (long)w[k].rep.rounds);
  }
}

/* ------------------------------------------------------- the campaign */

/* The kinds of injection, and the outcomes that are right for each: the
 * output of the worker hit identical, the worker killed (loudly: status
 * -1, and the kernel's line, which the host driver checks), or its
 * output wrong. */
enum {
  K_NATIVE, K_MIRROR, K_NATIVE_NOW, K_MIRROR_NOW, K_MFLIP, K_NFLIP, K_KCOPY, K_BOTH, K_UNMIRRORED,
  K_KERNEL, K_TABLE, K_BANK, NKIND
};
enum { O_SAME, O_KILLED, O_WRONG, NOUT };

static const struct {
  const char *name;
  int weight;          /* in the draw; bank failures are planned apart */
  int right;           /* the outcomes that are right, 1 << O_* */
} kinds[NKIND] = {
  [K_NATIVE]     = { "native",      12, 1 << O_SAME },
  [K_MIRROR]     = { "mirror",      12, 1 << O_SAME },
  [K_NATIVE_NOW] = { "native-now",   8, 1 << O_SAME },
  [K_MIRROR_NOW] = { "mirror-now",   8, 1 << O_SAME },
  [K_MFLIP]      = { "mirror-flip",  8, 1 << O_SAME },
  [K_NFLIP]      = { "native-flip",  4, 1 << O_SAME | 1 << O_WRONG },   /* the limit */
  [K_KCOPY]      = { "kcopy",        8, 1 << O_SAME },
  [K_BOTH]       = { "both",         3, 1 << O_KILLED },
  [K_UNMIRRORED] = { "unmirrored",   3, 1 << O_KILLED },
  [K_KERNEL]     = { "kernel",       8, 1 << O_SAME },   /* the kernel's text, rodata, table, owned pages */
  [K_TABLE]      = { "table",        6, 1 << O_SAME },   /* a leaf page table of a survivor */
  [K_BANK]       = { "bank",         0, 1 << O_SAME },
};

/* What a phase's workers are for.  Survivors (mirrored, one of each
 * workload) take every kind that must leave the output identical;
 * the limit worker takes native flips only, so that a wrong output is
 * theirs; a control (unmirrored) takes nothing; a doomed worker is
 * started for one injection that must kill it. */
enum { R_SURVIVOR, R_LIMIT, R_CONTROL, R_DOOMED };
static const char *const role_names[] = { "survivor", "limit", "control", "doomed" };

#define CP_QUOTA      80     /* injections a phase */
#define CP_TICKS      100    /* how long a phase's workers compute */
#define CP_DOOM_TICKS 8      /* ... and a doomed one */
#define CP_MAXDOOMED  4      /* doomed workers a phase */
#define CP_MAXFAM     (NWL + 2 + CP_MAXDOOMED)
#define CP_MAXINJ     (CP_QUOTA + 1)
#define CP_SCAN       512    /* pages of a process looked at */
#define CP_PROBLEMS   20     /* problem lines printed */

/* A worker and its child (the fork workload), its role. */
struct cfam {
  struct cworker w;
  int done;            /* released already */
  int role;
  int kind;            /* a doomed worker's kind */
  int outcome;
  int hits;            /* injections it took */
};

/* One injection of a phase: its kind, where (bank: va is the bank) and
 * whether the copy was touched -- rebuilt, or found by the scrubber. */
struct cinj {
  int kind, fam, pid, copy, touched;
  uint64 va;
};

static struct {
  uint64 rs;                         /* the draw: everything follows from the seed */
  struct cfam fam[CP_MAXFAM];
  int nfam, ndoomed, bankphase;
  struct cinj inj[CP_MAXINJ];
  int ninj;
  int failed[NBANK];
  int bank_at[NBANK], nbanks, banked;   /* planned failures: at which injection */
  long made[NKIND], touched[NKIND], out[NKIND][NOUT], bad[NKIND];
  long calls;                        /* faultinj calls that injected */
  uint64 krecovered;                 /* kernel_repairs as the phase began */
  uint64 tables;                     /* ... and its tables_rebuilt */
  long scrubbed;                     /* differences scrub reported */
  long problems;
  long started[NWL][2], rounds[NWL]; /* workers by workload, unmirrored / mirrored */
  struct pagemap pm[CP_SCAN];
} cp;

static void
cp_problem(const char *what)
{
  if (cp.problems++ < CP_PROBLEMS)
    ut_printf("campaign: problem: %s\n", what);
}

#define PROBLEM(...) do { char why_[200]; ut_snprintf(why_, sizeof why_, __VA_ARGS__); \
                          cp_problem(why_); } while (0)

static int
is_flip(int kind)
{
  return kind == K_MFLIP || kind == K_NFLIP;
}

/* A poison met on access (not rebuilt at once). */
static int
is_plain(int kind)
{
  return kind == K_NATIVE || kind == K_MIRROR || kind == K_KCOPY;
}

/* Whether injection e hit page va of family f. */
static int
hit(struct cinj *e, struct cfam *f, uint64 va)
{
  return e->fam == f - cp.fam && e->va == va;
}

/* The processes of family f: the worker and its child. */
static int
cp_members(struct cfam *f, int pids[2])
{
  pids[0] = f->w.pid;
  if (f->w.rd.child <= 0)
    return 1;
  pids[1] = f->w.rd.child;
  return 2;
}

static struct cfam *
cp_spawn(int role, int type, int mirrored, int ticks)
{
  struct cfam *f = &cp.fam[cp.nfam++];

  memset(f, 0, sizeof *f);
  f->role = role;
  f->kind = -1;
  cw_start(&f->w, type, mirrored, rnd(&cp.rs), ticks);
  cp.started[type][mirrored]++;
  return f;
}

/* A family of this role (and workload, type >= 0) at random, or 0. */
static struct cfam *
cp_pick(int role, int type)
{
  struct cfam *c[CP_MAXFAM];
  int n = 0;

  for (int i = 0; i < cp.nfam; i++)
    if (cp.fam[i].role == role && (type < 0 || cp.fam[i].w.type == type))
      c[n++] = &cp.fam[i];
  return n ? c[rnd(&cp.rs) % n] : 0;
}

/* The pages pid maps, at most CP_SCAN of them, into cp.pm: how many. */
static int
cp_scan(int pid)
{
  int n = 0, k;

  for (uint64 va = 0; n < CP_SCAN && (k = pagemap(pid, va, cp.pm + n, CP_SCAN - n)) > 0; n += k)
    va = cp.pm[n + k - 1].va + PGSIZE;
  return n;
}

enum { P_ANY, P_DATA, P_HOT, P_COLD, P_TEXT };
#define NOPAGE ((uint64)-1)     /* (page 0 is text) */

/* A page of process pid of family f: P_ANY half the time one of its data
 * pages (hot or cold), else any page it maps (text, data, bss, stack,
 * heap); P_TEXT a page of its program's text.  NOPAGE if there is none. */
static uint64
cp_page(struct cfam *f, int pid, int which)
{
  struct cw_ready *rd = &f->w.rd;
  uint64 r = rnd(&cp.rs);

  if (which == P_ANY && r % 2)
    which = P_DATA;
  r >>= 1;
  if (which == P_DATA)
    return rd->heap + r % (rd->hot + rd->cold) * PGSIZE;
  if (which == P_HOT)
    return rd->heap + r % rd->hot * PGSIZE;
  if (which == P_COLD)
    return rd->heap + (rd->hot + r % rd->cold) * PGSIZE;
  int n = cp_scan(pid), k = 0;
  if (which != P_TEXT)
    return n ? cp.pm[r % n].va : NOPAGE;
  for (int i = 0; i < n; i++)
    k += (cp.pm[i].flags & PM_X) != 0;
  for (int i = 0, j = k ? r % k : -1; i < n; i++)
    if ((cp.pm[i].flags & PM_X) && j-- == 0)
      return cp.pm[i].va;
  return NOPAGE;
}

/* Whether copy (0 native, 1 mirror; -1 both) of page va of pid is
 * healthy: mapped, not poisoned. */
static int
cp_healthy(int pid, uint64 va, int copy)
{
  struct pagemap pm;

  if (pagemap(pid, va, &pm, 1) != 1 || pm.va != va)
    return 0;
  int bad = copy == 0 ? PM_INVALID : copy == 1 ? PM_MIRROR_INVALID : PM_INVALID | PM_MIRROR_INVALID;
  return (pm.flags & bad) == 0;
}

/* Whether page va of family f may take an error now: no copy of it
 * poisoned in any of the family's processes (a second copy poisoned is
 * a double fault nothing survives), and for a poison no flip of it in
 * this phase (the poisoned copy would be rebuilt from a flipped one: a
 * silent error and a detected one in one page are a double fault too).
 * An earlier poison of it has been rebuilt, then: touched. */
static int
cp_eligible(struct cfam *f, uint64 va, int flip)
{
  int pids[2], n = cp_members(f, pids);
  struct pagemap pm;

  for (int i = 0; i < n; i++)
    if (pagemap(pids[i], va, &pm, 1) == 1 && pm.va == va &&
        (pm.flags & (PM_INVALID | PM_MIRROR_INVALID)))
      return 0;
  for (int i = 0; i < cp.ninj; i++)
    if (hit(&cp.inj[i], f, va) && is_flip(cp.inj[i].kind) && !flip)
      return 0;
  for (int i = 0; i < cp.ninj; i++)
    if (hit(&cp.inj[i], f, va) && is_plain(cp.inj[i].kind))
      cp.inj[i].touched = 1;
  return 1;
}

static void
cp_log(int kind, struct cfam *f, int pid, uint64 va, int copy, int touched)
{
  struct cinj *e = &cp.inj[cp.ninj++];

  e->kind = kind;
  e->fam = f ? f - cp.fam : -1;
  e->pid = pid;
  e->va = va;
  e->copy = copy;
  e->touched = touched;
  if (f)
    f->hits++;
}

/* One error that must kill: a doomed worker of its own, mirrored for
 * K_BOTH (both copies of one page: a cold page, or a text page with the
 * native copy's poison rebuilt at once -- a fetch may never come), not
 * for K_UNMIRRORED (a data page, met on access, or any page with FI_NOW);
 * it is hit somewhere in its rounds, then told to end at once (the end
 * reads every data page), so that its pipes are closed again before the
 * next one: the campaign's descriptors (NOFILE) hold one doomed worker
 * beside the others.  1 if made. */
static int
cp_doom(int kind)
{
  if (cp.ndoomed == CP_MAXDOOMED || (kind == K_UNMIRRORED && cp.bankphase))
    return 0;         /* a bank failure kills every unmirrored process with a page there */
  uint64 r = rnd(&cp.rs);
  struct cfam *f = cp_spawn(R_DOOMED, r % NWL, kind == K_BOTH, CP_DOOM_TICKS);
  int pid = f->w.pid, now;
  uint64 va;

  cp.ndoomed++;
  f->kind = kind;
  r /= NWL;
  sleep(r % 4);
  r /= 4;
  if (kind == K_BOTH) {
    int text = r % 3 == 0;
    now = text || (r / 3) % 2;
    va = cp_page(f, pid, text ? P_TEXT : P_COLD);
    CHECK(va != NOPAGE && faultinj(pid, va, FI_MIRROR) == 0 && faultinj(pid, va, now ? FI_NOW : 0) == 0,
          "both copies of page 0x%lx of the fresh worker %d: faultinj refused", va, pid);
    cp.calls += 2;
  } else {
    now = r % 2;
    va = cp_page(f, pid, now ? P_ANY : P_DATA);
    CHECK(va != NOPAGE && faultinj(pid, va, now ? FI_NOW : 0) == 0,
          "page 0x%lx of the fresh unmirrored worker %d: faultinj refused", va, pid);
    cp.calls++;
  }
  cp_log(kind, f, pid, va, 0, 0);
  cw_end(&f->w);       /* it reads its data now (if it still lives) */
  cw_collect(&f->w);
  cw_release(&f->w);
  f->done = 1;
  return 1;
}

/* Under the running workers, a seventh of the time each: a poison of a
 * page of the kernel's text or read-only data at random (the
 * trampoline's at TRAMPOLINE, where it runs), the loss of a page of the
 * kernel's own table (a leaf table of its 16 MiB or of its stacks, a
 * level-1 table, the root), of
 * the kernel stack or the trapframe of a survivor off a hart, of the
 * ring of one of a survivor's pipes to the campaign, of a
 * buffer-cache entry's block at random, or of a page of a survivor's
 * pair table -- and, when the kernel mirrors
 * its data and bss (a translated kernel, memv6.kdata), an eighth each,
 * with the loss of one of those pages or, half of those times, of its
 * mirror: the kernel switches a page to
 * its second copy on its next access (an owned page -- stack,
 * trapframe, ring, block, pair-table page: makes it again from its
 * snapshot before its next use; a data page: copies it back from its
 * mirror), or scrub's
 * patrol finds it at the end of the phase; a lost mirror is made again
 * by the next pass of a scheduler loop.  1 if
 * made (0: the page's copy is still being made again after an earlier
 * loss, or the owned page is in use: faultinj refuses). */
static int
cp_kernel(void)
{
  struct memstat m;
  struct cfam *f = 0;
  int how = FI_KERNEL, pid = 0, what;

  CHECK(memstat(&m) == 0, "memstat failed");
  uint64 r = rnd(&cp.rs), pages = (m.kernel_ro_end - m.kernel_ro_start) / PGSIZE;
  uint64 va = m.kernel_ro_start + r % pages * PGSIZE + (r >> 32) % PGSIZE;
  if ((what = (r >> 48) % (m.kernel_data_pages ? 8 : 7)) == 7) {
    how = FI_KERNEL | FI_DATA | ((r >> 58) % 2 ? FI_MIRROR : 0);
    va = (r >> 51) % m.kernel_data_pages;
  } else if (what == 1) {
    int level = (r >> 51) % 3;
    how = FI_HOW(FI_KERNEL | FI_TABLE, level);
    va = (r >> 53) % 2 ? MAXVA - PGSIZE : m.kernel_ro_start + (r >> 54) % 8 * (2 << 20);
  } else if (what == 2 || what == 3 || what == 6) {
    if ((f = cp_pick(R_SURVIVOR, -1)) == 0)
      return 0;
    how = FI_KERNEL | (what == 2 ? FI_STACK : what == 3 ? FI_TRAPFRAME : FI_PAIRS);
    pid = f->w.pid;
    va = what == 6 ? (r >> 51) % 16 : 0;    /* (a page past the table's end: refused) */
  } else if (what == 4) {
    if ((f = cp_pick(R_SURVIVOR, -1)) == 0)
      return 0;
    how = FI_KERNEL | FI_PIPE;
    va = f->w.fds[(r >> 51) % 2];
  } else if (what == 5) {
    how = FI_KERNEL | FI_BUF;
    va = (r >> 51) % NBUF;
  } else if (PGROUNDDOWN(va) == m.kernel_trampoline) {
    va = TRAMPOLINE + va % PGSIZE;    /* the page runs there */
  }
  if (faultinj(pid, va, how) < 0)
    return 0;
  cp.calls++;
  cp_log(K_KERNEL, 0, pid, va, 0, 0);
  return 1;
}

/* The loss of the leaf page table -- an eighth of the time the level-1
 * table, an eighth the root, an eighth the leaf or level-1 table over
 * the trapframe and trampoline -- native or mirror half's, that maps a
 * page of a survivor (ptlost.c): made again on the process's next look
 * at its tables (the root and the tables over the trapframe: before the
 * injector lets it go on), the output identical.  1 if made (0: no survivor, or
 * faultinj refused: the process is gone). */
static int
cp_table(void)
{
  struct cfam *f = cp_pick(R_SURVIVOR, -1);
  int pids[2];

  if (f == 0)
    return 0;
  uint64 r = rnd(&cp.rs);
  int pid = pids[r % cp_members(f, pids)], copy = (r >> 1) % 2;
  uint64 va = cp_page(f, pid, P_ANY);
  int k = (r >> 2) % 8, level = k == 0 ? 2 : k == 1 ? 1 : k == 2 ? (r >> 5) % 2 : 0;
  if (k == 2)
    va = MAXVA - 2 * PGSIZE, copy = 0;
  if (va == NOPAGE || faultinj(pid, va, FI_HOW(FI_TABLE | (copy ? FI_MIRROR : 0), level)) < 0)
    return 0;
  cp.calls++;
  cp_log(K_TABLE, f, pid, va, copy, 0);
  return 1;
}

/* One injection of kind into a worker at random: 1 if made (0: no worker
 * or page for it now, or faultinj refused: the worker is done). */
static int
cp_inject(int kind)
{
  if (kind == K_BOTH || kind == K_UNMIRRORED)
    return cp_doom(kind);
  if (kind == K_KERNEL)
    return cp_kernel();
  if (kind == K_TABLE)
    return cp_table();
  struct cfam *f = kind == K_NFLIP ? cp_pick(R_LIMIT, -1) :
                   cp_pick(R_SURVIVOR, kind == K_KCOPY ? WL_SYSCALL : -1);
  int pids[2];
  if (f == 0)
    return 0;
  uint64 r = rnd(&cp.rs);
  int members = cp_members(f, pids), pid = pids[r % members];
  uint64 va = cp_page(f, pid, kind == K_KCOPY ? P_HOT : kind == K_NFLIP ? P_DATA : P_ANY);
  if (va == NOPAGE || (kind != K_NFLIP && !cp_eligible(f, va, kind == K_MFLIP)))
    return 0;
  int now = kind == K_NATIVE_NOW || kind == K_MIRROR_NOW;
  int copy = kind == K_MIRROR || kind == K_MIRROR_NOW || kind == K_MFLIP ||
             (kind == K_KCOPY && (r >> 2) % 2);
  int how = (copy ? FI_MIRROR : 0) | (now ? FI_NOW : 0) |
            (is_flip(kind) ? FI_HOW(FI_FLIP, (int)((r >> 8) % (PGSIZE * 8))) : 0);
  if (faultinj(pid, va, how) < 0)
    return 0;
  cp.calls++;
  cp_log(kind, f, pid, va, copy, now && cp_healthy(pid, va, -1));
  return 1;
}

/* The weight of kind in the draw: the kernel's pages only with -target
 * kernel, user pages only with -target user (the default), both with
 * -target all -- but a native flip only with -target user.  That kind
 * shows the limit of two copies (a silent error in the copy a program
 * reads reaches the program before any scrub can find it); kernel and
 * all are campaigns of the errors the fault model covers, where every
 * output must be right.  Bank failures come as planned with every
 * target. */
static int
cp_weight(int kind)
{
  int target = ut_target();

  if (kind == K_KERNEL || kind == K_TABLE)
    return target == UT_TARGET_USER ? 0 : kinds[kind].weight;
  if (kind == K_NFLIP)
    return target == UT_TARGET_USER ? kinds[kind].weight : 0;
  return target == UT_TARGET_KERNEL ? 0 : kinds[kind].weight;
}

/* A kind from the weights. */
static int
cp_draw(void)
{
  int total = 0, k;

  for (k = 0; k < NKIND; k++)
    total += cp_weight(k);
  int r = rnd(&cp.rs) % total;
  for (k = 0; r >= cp_weight(k); k++)
    r -= cp_weight(k);
  return k;
}

/* The banks whose failure would make a double fault now: the banks of
 * kernel pages' only healthy copies (memstat's kernel_single_banks), the
 * other copy's bank of every page of a survivor with a copy still
 * poisoned (it would have no healthy copy left), and the native copy's bank of every
 * page whose mirror was flipped in this phase (it would be rebuilt from
 * the flipped mirror).  A bit mask. */
static int
cp_forbidden(void)
{
  int mask = 0, pids[2];
  struct pagemap pm;
  struct memstat m;

  if (memstat(&m) == 0)
    mask = m.kernel_single_banks;     /* a kernel page's only healthy copy */
  for (int i = 0; i < cp.nfam; i++) {
    struct cfam *f = &cp.fam[i];
    if (f->role != R_SURVIVOR)
      continue;
    for (int m = 0, nm = cp_members(f, pids); m < nm; m++) {
      for (int j = 0, n = cp_scan(pids[m]); j < n; j++) {
        if ((cp.pm[j].flags & PM_INVALID) && cp.pm[j].mirror_bank < NBANK)
          mask |= 1 << cp.pm[j].mirror_bank;
        if ((cp.pm[j].flags & PM_MIRROR_INVALID) && cp.pm[j].bank < NBANK)
          mask |= 1 << cp.pm[j].bank;
      }
      for (int j = 0; j < cp.ninj; j++)
        if (cp.inj[j].kind == K_MFLIP && cp.inj[j].fam == i &&
            pagemap(pids[m], cp.inj[j].va, &pm, 1) == 1 && pm.bank < NBANK)
          mask |= 1 << pm.bank;
    }
  }
  return mask;
}

/* Copies rebuilt between two memstat readings. */
static long
cp_rebuilt(struct memstat *a, struct memstat *b)
{
  return (b->recovered_native - a->recovered_native) + (b->recovered_mirror - a->recovered_mirror);
}

/* A whole bank fails under the running workers, one that makes no double
 * fault (cp_forbidden).  Afterwards every page of every mirrored worker
 * has two healthy copies in two surviving banks.  1 if made. */
static int
cp_bank(void)
{
  int forbidden = cp_forbidden(), cand[NBANK], n = 0, pids[2];
  struct memstat m0, m1;
  char why[120];

  for (int b = 0; b < NBANK; b++)
    if (!cp.failed[b] && !(forbidden & 1 << b))
      cand[n++] = b;
  if (n == 0)
    return 0;
  int bank = cand[rnd(&cp.rs) % n];
  memstat(&m0);
  if (faultinj(0, bank, FI_BANK) < 0) {
    PROBLEM("bank %d could not be failed", bank);
    return 0;
  }
  memstat(&m1);
  cp.calls++;
  cp.failed[bank] = 1;
  if (m1.bank_free[bank] != 0)
    PROBLEM("failed bank %d still has %ld free frames", bank, (long)m1.bank_free[bank]);
  for (int i = 0; i < cp.nfam; i++) {
    struct cfam *f = &cp.fam[i];
    if (f->role != R_SURVIVOR && f->role != R_LIMIT)
      continue;
    for (int m = 0, nm = cp_members(f, pids); m < nm; m++)
      if (pages_rehomed(pids[m], cp.failed, why, sizeof why) < 0)
        PROBLEM("after bank %d failed: %s", bank, why);
  }
  cp_log(K_BANK, 0, 0, bank, 0, cp_rebuilt(&m0, &m1) > 0);
  return 1;
}

/* mdiff of process pid of family f before the scrub: every page that
 * differs must be one a flip of this phase hit (the flip is found:
 * touched).  How many differ. */
static int
cp_differences(struct cfam *f, int pid)
{
  static uint64 vas[64];
  int n = mdiff(pid, vas, 64);

  for (int i = 0; i < n && i < 64; i++) {
    int known = 0;
    for (int j = 0; j < cp.ninj; j++)
      if (hit(&cp.inj[j], f, vas[i]) && is_flip(cp.inj[j].kind))
        known = cp.inj[j].touched = 1;
    if (!known)
      PROBLEM("%s worker %d (%s): page 0x%lx differs from its mirror, and no flip hit it",
              cw_names[f->w.type], pid, role_names[f->role], vas[i]);
  }
  return n < 0 ? 0 : n;
}

/* The outcomes of the phase's workers.  The home computation repeats a
 * worker's rounds, which took a hart for the whole phase: one child of
 * the campaign per worker that exited 0 does it, all at once on every
 * hart, and says by its exit status whether the output is right. */
static void
cp_outcomes(void)
{
  int judge[CP_MAXFAM];

  for (int i = 0; i < cp.nfam; i++) {
    struct cfam *f = &cp.fam[i];
    judge[i] = 0;
    if (f->w.status == -1 || f->w.status == CW_KID_KILLED)
      f->outcome = O_KILLED;
    else if (f->w.status != 0)
      f->outcome = O_WRONG;
    else if ((judge[i] = xfork()) == 0)
      exit(cw_right(&f->w) ? 0 : 1);
  }
  for (int i = 0; i < cp.nfam; i++) {
    if (judge[i] == 0)
      continue;
    int st = cw_reap(judge[i]);
    if (st != 0 && st != 1)
      PROBLEM("the home computation for worker %d ended with status %d", cp.fam[i].w.pid, st);
    cp.fam[i].outcome = st == 0 ? O_SAME : O_WRONG;
  }
}

static const char *const out_names[NOUT] = { "identical", "killed", "wrong" };

/* The injections of kind in this phase were all met if memstat's
 * counter of the repairs, since the phase began at from, counts at least
 * as many: then each is touched. */
static void
cp_kind_touched(int kind, uint64 from, uint64 now, const char *what)
{
  long made = 0;

  for (int i = 0; i < cp.ninj; i++)
    made += cp.inj[i].kind == kind;
  if ((long)(now - from) < made)
    PROBLEM("%ld %s in the phase, %ld repaired", made, what, (long)(now - from));
  else
    for (int i = 0; i < cp.ninj; i++)
      if (cp.inj[i].kind == kind)
        cp.inj[i].touched = 1;
}

/* The kernel's repairs of its pages so far, by memstat: pages switched
 * to their second copy, pages of data copied back from their mirror,
 * and mirrors of data made again. */
static uint64
kernel_repairs(struct memstat *m)
{
  return m->kernel_recovered + m->kernel_data_recovered + m->kernel_data_remirrored;
}

/* After scrub's patrol and the looks at every worker's pages: every
 * kernel page poisoned in this phase runs on its second copy, or (a
 * mirror of data) has a new frame (bank failures may switch more: a
 * page living on a frame of the failed bank), and every leaf table lost
 * was made again. */
static void
cp_kernel_touched(void)
{
  struct memstat m;

  CHECK(memstat(&m) == 0, "memstat failed");
  cp_kind_touched(K_KERNEL, cp.krecovered, kernel_repairs(&m), "kernel pages poisoned");
  cp_kind_touched(K_TABLE, cp.tables, m.tables_rebuilt, "leaf page tables lost");
}

/* The end of a phase: every worker reports (an "end" byte to all first:
 * they read their data at once), the poisoned copies still poisoned are
 * looked at (untouched), the differences are matched with the flips and
 * scrub(1) rewrites them, every worker exits and its output is judged. */
static void
cp_finish(void)
{
  int pids[2], diffs = 0, bank_outcome = O_SAME;

  for (int i = 0; i < cp.nfam; i++)
    if (!cp.fam[i].done)
      cw_end(&cp.fam[i].w);
  for (int i = 0; i < cp.nfam; i++)
    if (!cp.fam[i].done)
      cw_collect(&cp.fam[i].w);
  for (int i = 0; i < cp.ninj; i++) {
    struct cinj *e = &cp.inj[i];
    if (is_plain(e->kind) && !e->touched && cp.fam[e->fam].w.reported && !cp.fam[e->fam].done)
      e->touched = cp_healthy(e->pid, e->va, e->copy);
  }
  for (int i = 0; i < cp.nfam; i++) {
    struct cfam *f = &cp.fam[i];
    if (f->w.reported && f->w.mirrored && !f->done)
      for (int m = 0, nm = cp_members(f, pids); m < nm; m++)
        diffs += cp_differences(f, pids[m]);
  }
  int found = scrub(1);            /* its patrol finds every kernel page still poisoned */
  cp.scrubbed += found;
  cp_kernel_touched();
  if (found != diffs)
    PROBLEM("scrub reported %d differing pages, mdiff of the workers %d", found, diffs);
  for (int i = 0; i < cp.nfam; i++) {
    struct cfam *f = &cp.fam[i];
    static uint64 vas[4];
    if (f->w.reported && f->w.mirrored && !f->done)
      for (int m = 0, nm = cp_members(f, pids); m < nm; m++)
        if (mdiff(pids[m], vas, 4) > 0)
          PROBLEM("after scrub(1), page 0x%lx of worker %d still differs from its mirror", vas[0],
                  pids[m]);
  }
  for (int i = 0; i < cp.nfam; i++)
    if (!cp.fam[i].done)
      cw_release(&cp.fam[i].w);

  cp_outcomes();
  for (int i = 0; i < cp.nfam; i++) {
    struct cfam *f = &cp.fam[i];
    if (f->w.reported)
      cp.rounds[f->w.type] += f->w.rep.rounds;
    if (f->outcome == O_KILLED) {
      char kid[16] = "";
      if (f->w.rd.child > 0)
        ut_snprintf(kid, sizeof kid, " %d", f->w.rd.child);
      ut_printf("campaign: killed: pids %d%s (%s, %s %s worker)\n", f->w.pid, kid,
                f->kind >= 0 ? kinds[f->kind].name : "no kind that must kill", cw_names[f->w.type],
                role_names[f->role]);
    }
    if (f->role == R_SURVIVOR && f->outcome != O_SAME)
      bank_outcome = f->outcome == O_KILLED || bank_outcome == O_KILLED ? O_KILLED : O_WRONG;
    int fine = f->role == R_DOOMED ? f->outcome == O_KILLED :
               f->outcome == O_SAME || (f->role == R_LIMIT && f->outcome == O_WRONG && f->hits > 0);
    if (!fine)
      PROBLEM("%s %s worker %d (%smirrored, seed %lu, %d injections): status %d, %s after %ld rounds",
              role_names[f->role], cw_names[f->w.type], f->w.pid, f->w.mirrored ? "" : "un",
              f->w.seed, f->hits, f->w.status, out_names[f->outcome], (long)f->w.rep.rounds);
  }
  for (int i = 0; i < cp.ninj; i++) {
    struct cinj *e = &cp.inj[i];
    int o = e->kind == K_BANK || e->kind == K_KERNEL ? bank_outcome : cp.fam[e->fam].outcome;
    if (e->kind == K_BOTH || e->kind == K_UNMIRRORED)
      e->touched = o == O_KILLED;          /* the error was met */
    cp.made[e->kind]++;
    cp.touched[e->kind] += e->touched;
    cp.out[e->kind][o]++;
    cp.bad[e->kind] += !(kinds[e->kind].right & 1 << o);
  }
}

/* One phase: new workers -- a survivor of each workload, a limit worker,
 * an unmirrored control (not while a bank failure is due: it would be
 * killed) -- and quota injections spread over their rounds, the next
 * planned bank failure among them once its turn has come (at the latest
 * in the next phase, before anything else: then nothing is pending that
 * would make it a double fault).  The injections made. */
static int
cp_phase(int quota, int done)
{
  struct memstat m;

  CHECK(memstat(&m) == 0, "memstat failed");
  cp.krecovered = kernel_repairs(&m);
  cp.tables = m.tables_rebuilt;
  cp.nfam = cp.ninj = cp.ndoomed = 0;
  cp.bankphase = cp.banked < cp.nbanks && cp.bank_at[cp.banked] < done + quota;
  for (int k = 0; k < NWL; k++)
    cp_spawn(R_SURVIVOR, k, 1, CP_TICKS);
  if (cp_weight(K_NFLIP) > 0)
    cp_spawn(R_LIMIT, rnd(&cp.rs) % NWL, 1, CP_TICKS);
  if (!cp.bankphase)
    cp_spawn(R_CONTROL, rnd(&cp.rs) % NWL, 0, CP_TICKS);
  int start = uptime(), got = 0;
  for (int tries = 0; got < quota && tries < quota * 20; tries++) {
    while (uptime() < start + got * CP_TICKS / quota)
      sleep(1);
    if (cp.bankphase && cp.banked < cp.nbanks && done + got >= cp.bank_at[cp.banked] && cp_bank()) {
      cp.banked++;
      got++;
    } else {
      got += cp_inject(cp_draw());
    }
  }
  cp_finish();
  return got;
}

/* Right-align v in a column of width w at the end of line. */
static void
cp_col(char *line, int n, long v, int w)
{
  char num[24];
  int len = strlen(line), k = ut_snprintf(num, sizeof num, "%ld", v);

  while (k < w-- && len < n - 1)
    line[len++] = ' ';
  line[len] = 0;
  ut_snprintf(line + len, n - len, "%s", num);
}

static void
cp_row(const char *name, long *v)
{
  char line[160];

  ut_snprintf(line, sizeof line, "campaign: %s", name);
  for (int k = strlen(name); k < 12; k++)
    strcpy(line + strlen(line), " ");
  for (int i = 0; i < 7; i++)
    cp_col(line, sizeof line, v[i], 10);
  ut_printf("%s\n", line);
}

/* The campaign: ut_injections() injections of every kind, each chosen
 * from the seed (usertests -seed S replays the choices, not their
 * timing), in phases of CP_QUOTA; up to NBANK - 2 bank failures among
 * them when the harness is mirrored (an unmirrored one would be killed).
 * A per-kind table, then one line; it fails on an outcome that is wrong
 * for its kind (any kill but of a doomed worker, any wrong output but
 * after a native flip, a doomed worker that lives), on any problem seen
 * on the way, and if the outcomes do not add up to the injections. */
static void
campaign_run(void)
{
  uint64 seed = ut_seed();
  int total = ut_injections(), done = 0, live = 0;
  struct memstat m0, m1;

  memset(&cp, 0, sizeof cp);
  cp.rs = splitmix(seed ^ 0xca4e) | 1;
  close(0);        /* one descriptor more for the workers' pipes (NOFILE); nobody reads input here */
  CHECK(memstat(&m0) == 0, "memstat failed");
  for (int b = 0; b < NBANK; b++) {
    cp.failed[b] = m0.bank_free[b] == 0;      /* failed before us */
    live += !cp.failed[b];
  }
  cp.nbanks = ut_mirrored() && live > 2 ? live - 2 : 0;
  for (int i = 0; i < cp.nbanks; i++) {        /* in order, none in the last phase */
    int at = total > CP_QUOTA ? rnd(&cp.rs) % (total - CP_QUOTA) : 0, j = i;
    for (; j > 0 && cp.bank_at[j - 1] > at; j--)
      cp.bank_at[j] = cp.bank_at[j - 1];
    cp.bank_at[j] = at;
  }
  static const char *const targets[] = { "user", "kernel", "all" };
  ut_printf("campaign: seed %lu, %d injections into %s memory in phases of %d (workers compute %d "
            "ticks), %d bank failures%s (replay: usertests -seed %lu -injections %d -target %s "
            "campaign.run)\n", seed, total, targets[ut_target()], CP_QUOTA, CP_TICKS, cp.nbanks,
            ut_mirrored() ? "" : " (the harness is unmirrored: it would not survive one)", seed, total,
            targets[ut_target()]);
  for (int phase = 0; done < total; phase++) {
    int got = cp_phase(total - done < CP_QUOTA ? total - done : CP_QUOTA, done);
    if (got == 0) {
      PROBLEM("phase %d: no injection landed (%d of %d done)", phase, done, total);
      break;
    }
    done += got;
  }
  CHECK(memstat(&m1) == 0, "memstat failed");

  long n = 0, sum[NOUT] = { 0 }, limit = 0, bad = 0, row[7], all[7] = { 0 };
  ut_printf("campaign: kind              made   touched identical    killed     wrong     limit       bad\n");
  for (int k = 0; k < NKIND; k++) {
    int lim = k == K_NFLIP;
    row[0] = cp.made[k];
    row[1] = cp.touched[k];
    row[2] = cp.out[k][O_SAME];
    row[3] = cp.out[k][O_KILLED];
    row[4] = lim ? 0 : cp.out[k][O_WRONG];
    row[5] = lim ? cp.out[k][O_WRONG] : 0;
    row[6] = cp.bad[k];
    cp_row(kinds[k].name, row);
    for (int i = 0; i < 7; i++)
      all[i] += row[i];
    n += cp.made[k];
    for (int o = 0; o < NOUT; o++)
      sum[o] += cp.out[k][o];
    limit += row[5];
    bad += cp.bad[k];
  }
  cp_row("all", all);
  ut_printf("campaign: workers: compute %ld+%ld, syscall %ld+%ld, fork %ld+%ld (mirrored+unmirrored); "
            "rounds %ld, %ld, %ld; %d of %d bank failures\n",
            cp.started[WL_COMPUTE][1], cp.started[WL_COMPUTE][0], cp.started[WL_SYSCALL][1],
            cp.started[WL_SYSCALL][0], cp.started[WL_FORK][1], cp.started[WL_FORK][0],
            cp.rounds[WL_COMPUTE], cp.rounds[WL_SYSCALL], cp.rounds[WL_FORK], cp.banked, cp.nbanks);
  ut_printf("campaign: memstat: injected %ld, rebuilt %ld native + %ld mirror, unrecoverable %ld, "
            "scrub found %ld repaired %ld, windows settled %ld, retired %ld\n",
            (long)(m1.injected - m0.injected), (long)(m1.recovered_native - m0.recovered_native),
            (long)(m1.recovered_mirror - m0.recovered_mirror), (long)(m1.unrecoverable - m0.unrecoverable),
            (long)(m1.scrub_found - m0.scrub_found), (long)(m1.scrub_repaired - m0.scrub_repaired),
            (long)(m1.windows_settled - m0.windows_settled), (long)(m1.retired - m0.retired));
  long injected = m1.injected - m0.injected, found = m1.scrub_found - m0.scrub_found;
  long repaired = m1.scrub_repaired - m0.scrub_repaired;
  long rebuilt = cp_rebuilt(&m0, &m1);
  if (injected != cp.calls)
    PROBLEM("memstat counted %ld injections, faultinj accepted %ld", injected, cp.calls);
  if (found != cp.scrubbed || repaired != found)
    PROBLEM("scrub found %ld and repaired %ld differences, reported %ld", found, repaired, cp.scrubbed);
  long poisons = all[1] - cp.touched[K_MFLIP] - cp.touched[K_NFLIP] - cp.touched[K_BOTH] -
                 cp.touched[K_UNMIRRORED] - cp.touched[K_BANK] - cp.touched[K_KERNEL] -
                 cp.touched[K_TABLE];
  if (rebuilt < poisons)
    PROBLEM("%ld copies rebuilt, fewer than the %ld poisons touched", rebuilt, poisons);
  int balanced = n == sum[O_SAME] + sum[O_KILLED] + sum[O_WRONG];
  if (cp.problems > CP_PROBLEMS)
    ut_printf("campaign: %ld problems in all\n", cp.problems);
  ut_printf("campaign: %ld injections, %ld recovered, %ld killed, %ld wrong, 0 panics, 0 hangs\n", n,
            sum[O_SAME], sum[O_KILLED], sum[O_WRONG]);
  CHECK(balanced, "seed %lu: %ld injections but %ld outcomes", seed, n,
        sum[O_SAME] + sum[O_KILLED] + sum[O_WRONG]);
  CHECK(bad == 0 && cp.problems == 0, "seed %lu: %ld outcomes wrong for their kind (%ld wrong outputs "
        "outside the limit), %ld problems", seed, bad, sum[O_WRONG] - limit, cp.problems);
  CHECK(done == total, "seed %lu: %d of %d injections made", seed, done, total);
}

const struct utest campaign_tests[] = {
  /* bank failures move init's and the shell's frames between banks */
  { "campaign.run", campaign_run, 3600, UT_MOVES },
  { 0 },
};
