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
 * right. */
#include "user/tests/ut.h"
#include "kernel/pagemap.h"

#define WPP        (PGSIZE / sizeof(uint64))   /* words per page */
#define CW_COLD    2         /* pages read only at the end */
#define SC_PAGES   6         /* the syscall worker's two buffers, each */
#define SC_CHUNK   3000      /* bytes per transfer (a multiple of 8): transfers straddle pages */
#define FK_EVERY   64        /* the fork worker writes a word every FK_EVERY rounds */
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

const struct utest campaign_tests[] = {
  { 0 },
};
