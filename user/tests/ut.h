/* usertests: the in-OS test suite.  Shared declarations.
 *
 * Every file in user/tests/ is linked into the one program /usertests.
 * Each area file (proc.c, mem.c, fs.c, ...) exports a table of tests
 * ending with an all-zero entry; main.c lists the tables.
 *
 * A test is a function that runs in a child process of the harness.  It
 * returns (or exits 0) when it passed and calls fail() otherwise.  The
 * harness prints exactly one line per test: "PASS name" or
 * "FAIL name: why".
 *
 * Rule for everything in this directory: never touch the gp or tp
 * registers (the binary translator owns them).
 */
#ifndef USER_TESTS_UT_H
#define USER_TESTS_UT_H

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/memstat.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "user/user.h"

/* Test flags */
#define UT_NOLEAK  1   /* do not compare memstat before/after this test */
#define UT_MOVES   2   /* moves frames of processes that outlive it (init, the
                          shell) between banks: a bank failure re-homes them;
                          the frames are compared in total, not per bank */
#define UT_NAMED   4   /* runs only when an argument names it: it needs more
                          than the 128 MiB machine of a run of everything */

struct utest {
  const char *name;      /* "area.what"; prefixes select tests */
  void (*fn)(void);
  int secs;              /* time limit in seconds (0: default) */
  int flags;
};

/* Test tables, one per area (each ends with {0}). */
extern const struct utest proc_tests[];
extern const struct utest mem_tests[];
extern const struct utest fs_tests[];
extern const struct utest pipe_tests[];
extern const struct utest exec_tests[];
extern const struct utest sys_tests[];
extern const struct utest fp_tests[];
extern const struct utest cow_tests[];
extern const struct utest policy_tests[];
extern const struct utest fuzz_tests[];
extern const struct utest mirror_tests[];
extern const struct utest fault_tests[];
extern const struct utest campaign_tests[];
extern const struct utest priv_tests[];
extern const struct utest kmem_tests[];

/* Output.  ut_printf formats into a buffer and writes it with a single
 * write() so that lines from different processes do not mix.
 * Formats: %d %u %x %p %s %c and the l modifier (%ld %lu %lx). */
void ut_printf(const char *fmt, ...);
int  ut_snprintf(char *buf, int n, const char *fmt, ...);

/* Report failure of the running test and exit.  Called in a process
 * forked by the test it prints a note and exits with status UT_CHILDFAIL
 * instead, so the test itself decides what to report. */
void fail(const char *fmt, ...) __attribute__((noreturn));
#define UT_CHILDFAIL 3

#define CHECK(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

/* The running test's name and its process id. */
extern const char *ut_current;
extern int ut_testpid;
/* Timer ticks per second (measured at start-up with rdtime). */
extern int ut_hz;

/* Helpers (helpers.c) */
int    xfork(void);                    /* fork or fail */
int    xwait(int pid);                 /* wait for this child, return its status */
/* Wait for child pid, several children being about: others that end
 * first are kept for their own xreap (at most 8).  Its status. */
int    xreap(int pid);
/* A child's exit status in words: "killed", "a check failed (see its
 * note)" (UT_CHILDFAIL), "exec returned -1" (UT_EXECFAILED, the status a
 * child exits with when its exec returns), "exit status N". */
const char *ut_status(int st);
#define UT_EXECFAILED 77
void   xwrite(int fd, const void *p, int n);
void   xread(int fd, void *p, int n);  /* exactly n bytes or fail */
int    xopen(const char *path, int mode);
void   xpipe(int fds[2]);
int    read_all(int fd, void *p, int n);   /* exactly n bytes: n, or -1 */
/* Fork; the child runs fn(arg) and exits 0.  Returns the child's exit
 * status (waited for). */
int    run_in_child(void (*fn)(uint64), uint64 arg);
/* Processes that can still be forked right now (forks that many
 * children, which block until released, then reaps them). */
int    count_forkable(void);
/* Counters */
static inline uint64 rd_time(void) { uint64 x; asm volatile("rdtime %0" : "=r"(x)); return x; }
static inline uint64 rd_cycle(void) { uint64 x; asm volatile("rdcycle %0" : "=r"(x)); return x; }
static inline uint64 rd_instret(void) { uint64 x; asm volatile("rdinstret %0" : "=r"(x)); return x; }
uint64 frames_free(void);
/* Is the caller mirrored (running a translated program: pagemap's
 * PM_MIRROR on its first page)?  A mirrored process pays two frames for
 * every page. */
int    ut_mirrored(void);
/* Pages the caller can still fill: frames_free(), halved when it is
 * mirrored.  Tests that size themselves by free memory use this. */
uint64 pages_usable(void);
/* memstat() into m, and per bank the frames that are free or mapped by
 * the caller alone (reference count 1, native and mirror copies).  While
 * no other process changes its memory, acct[] is exact and conserved:
 * copy-on-write breaks of the caller move frames between banks, and
 * bank_free alone would see that as a gain in one bank and a loss in
 * another. */
void   mem_snapshot(struct memstat *m, uint64 acct[MEMSTAT_BANKS]);
/* Memory hogs (helpers.c): n children that grow their heap stride_pages
 * at a time until refused (status 0) or killed for lack of memory (-1). */
#define MAXHOGS 8
struct hogs {
  int pid[MAXHOGS];
  int n;
  int go[2];      /* the hogs wait for a byte each */
};
void   hogs_start(struct hogs *h, int n, uint64 stride_pages);
void   hogs_go(struct hogs *h);        /* let them run */
int    hogs_wait(struct hogs *h);      /* reap them all: how many were killed */
/* Simple deterministic pattern byte for (stream, offset). */
static inline uchar pat(uint seed, uint64 off) { return (uchar)((off * 131 + seed * 7 + (off >> 9)) ^ seed); }

/* Hidden sub-commands of usertests used by the host driver. */
int    crash_main(int argc, char **argv);   /* crash.c: usertests -crash ... */
int    exec_helper(int argc, char **argv);  /* exec.c: usertests -argcheck ... */
int    mirror_child(int argc, char **argv); /* mirror.c: usertests -mchild ... */
/* fuzz.c: leading options -seed S, -workers N, -calls N, -execs N,
 * -trace W, -injections N, -target user|kernel|all; returns how many
 * argv entries after argv[0] it used.  ut_seed: the seed given or a
 * fresh one, ut_injections: the size of campaign.run, ut_target: the
 * memory it injects into (UT_TARGET_*). */
int    fuzz_options(int argc, char **argv);
uint64 parse_u64(const char *s);   /* leading decimal digits */
uint64 ut_seed(void);
uint64 splitmix(uint64 x);   /* seeds: splitmix(seed + k) */
uint64 rnd(uint64 *state);   /* xorshift64*: state never 0 */
int    ut_injections(void);
enum { UT_TARGET_USER, UT_TARGET_KERNEL, UT_TARGET_ALL };
int    ut_target(void);
int    fault_victim(int argc, char **argv);  /* fault.c: usertests -faultvictim ... */
int    fault_atomic(int argc, char **argv);  /* fault.c: usertests -faultatomic ... */
int    fault_count(int argc, char **argv);   /* fault.c: usertests -faultcount ... */
int    fault_reader(int argc, char **argv);  /* fault.c: usertests -faultreader ... */
int    fault_exec_child(int argc, char **argv);  /* fault.c: usertests -faultexec ... */
int    fault_zero_reader(int argc, char **argv); /* fault.c: usertests -faultzero ... */
int    fault_zero_spinner(int argc, char **argv); /* fault.c: usertests -faultzerospin ... */
int    priv_child(int argc, char **argv);     /* priv.c: usertests -priv ... */

/* fault.c: fork a child that execs `PROG MODE WFD RFD ARGS...` (args: at
 * most FAULT_SPAWN_ARGS, ending at a 0); fds[0] reads what it writes to
 * WFD, fds[1] writes to its RFD.  pages_rehomed: 0 if every page of pid
 * has two healthy copies in two different banks, none failed[]. */
#define FAULT_SPAWN_ARGS 4
int    fault_spawn(const char *prog, char *mode, char **args, int fds[2]);
/* fault.c: the window victim (usertests MODE) run under poisons of its
 * pages, before(pid) called before it starts work; its exit status. */
#define FAULT_CNT_TICKS 300   /* how long `usertests -faultcount` counts */
struct window {
  int hits;          /* poisons that landed */
  int zero_hits;     /* ... on a page that mapped the zero pair */
  int stale;         /* ... after which the page still mapped the poisoned frame */
  long settled;      /* windows settled meanwhile */
};
int    window_run(char *mode, int npages, int how, int ticks, int left, void (*before)(int pid),
                  struct window *w);
int    pages_rehomed(int pid, const int *failed, char *why, int n);

/* Fault workers (campaign.c): `usertests -faultworker WFD RFD SEED TICKS
 * [TYPE]`, used by the campaign and bank.rehome.  A worker reports where
 * its heap is (cw_ready: hot pages it works on, cold pages it reads only
 * at the end), computes for TICKS ticks, and after cw_end reports its
 * rounds and checksum (cw_report, and its child's: the fork workload);
 * cw_right recomputes them at home. */
enum { WL_COMPUTE, WL_SYSCALL, WL_FORK, NWL };
#define CW_PAGES 16          /* hot pages of the compute and fork workloads */
struct cw_ready {
  uint64 heap;               /* hot pages, then cold ones, then a scratch page */
  int hot, cold;
  int child;                 /* the fork workload's child, else 0 */
  int pad;
};
struct cw_report {
  uint64 rounds, sum;
  uint64 crounds, csum;      /* the child's, if cgot */
  int cgot, pad;
};
struct cworker {
  int pid, type, mirrored;
  uint64 seed;
  int fds[2];
  struct cw_ready rd;
  struct cw_report rep;
  int reported, status;
};
extern const char *const cw_names[NWL];
int    fault_worker(int argc, char **argv);
void   cw_start(struct cworker *w, int type, int mirrored, uint64 seed, int ticks);
void   cw_end(struct cworker *w);
int    cw_collect(struct cworker *w);
int    cw_release(struct cworker *w);
int    cw_reap(int pid);
int    cw_right(struct cworker *w);
void   cw_finish(struct cworker *w, int n);

#endif
