/* usertests: the hostile-program suite (issue 7).
 *
 * fuzz.hostile forks NWORKER workers (more than the harts).  Each worker
 * makes CALLS system calls whose numbers and arguments come from a seeded
 * generator and a pool of hostile values: kernel and device addresses,
 * the trampoline and trapframe, MAXVA and beyond, non-canonical
 * addresses, the stack guard page, the break and just past it, unaligned
 * and page-straddling buffers, huge and negative lengths, bad
 * descriptors, odd paths.  Its forked children make a few such calls
 * too.  Every CALLS/NEXEC calls it also execs a mutated copy of /echo
 * (or /m/echo) in a child.  A worker drops its privilege first thing
 * (privdrop), so its children are born without it too: the calls that
 * look at other processes or are test knobs (pagemap, mdiff, scrub,
 * faultinj, bankhold, fscrash, privdrop) are fuzzed like every other
 * call, and the kernel must refuse what needs the privilege.  Then every
 * worker checks that its own text and a canary are intact, and the test
 * checks that every worker exited 0, the scratch directories can be
 * removed and the kernel still forks, execs and pipes.  The harness compares free
 * frames and kernel pages around the test, so a leak fails it.
 *
 * Replay: the whole run follows from one 64-bit seed, printed first.
 *     usertests -seed S fuzz.
 *     usertests -seed S -workers 1 -calls 5000 -trace 0 fuzz.
 * Each worker's random stream depends only on (seed, worker number); what
 * the calls return can vary with the interleaving of the workers, and the
 * worker reacts to it (pipes, break, children), so only a single worker
 * replays closely.
 *
 * What the workers may not do (they would end the harness or the machine,
 * not test the kernel): poweroff is never called (memv6.poweroff lets
 * anyone stop the machine); exit runs only in forked children; kill only
 * targets the worker's own children, init (pid 1, which cannot be killed)
 * or numbers that are no pid; exec runs in a forked child under a timer.
 * fscrash, faultinj and bankhold are called, unprivileged: if one were
 * not refused it could end the machine or poison the harness, and the
 * run fails either way (tests/run.py boots the group with memv6.fscrash,
 * so that fscrash is refused for want of privilege, not of the option).
 * Calls that could block forever are shaped so they cannot: a new pipe
 * keeps only one of its ends (so reads see EOF and writes fail), the
 * console is never read or written (and mknod never makes one), sleep is
 * at most one tick, and a worker has at most MAXKIDS children, each of
 * which exits after a few calls.
 *
 * Oracles (a worker fails on the first broken one):
 *   an out-of-range call number returns -1 (and prints nothing: any
 *   number of them may be made);
 *   getpid returns the worker's pid;
 *   kill(1) returns -1;
 *   a definitely bad buffer (kernel, top, beyond MAXVA, guard page, at or
 *   past the break, text as a destination) moves no data: read/write
 *   return <= 0, fstat/pipe/memstat/wait/bootargs(n>0) return -1;
 *   a definitely bad path pointer makes open/mkdir/unlink/link/chdir/
 *   mknod return -1 and exec fail;
 *   sbrk returns the old break, and -1 below the start of the heap;
 *   read/write return no more than asked; descriptors are below NOFILE;
 *   unprivileged: pagemap and mdiff of any pid but 0 and the caller's
 *   return -1, and the caller's own pagemap records show no frame that
 *   it does not map alone (ref != 1 reads frame 0); faultinj, bankhold,
 *   fscrash and scrub with repair return -1; scrub(0) returns 0 (it
 *   compares the worker's own pages only, and those never differ: so it
 *   prints nothing either, which tests/run.py checks, noscrub[fuzz]);
 *   privdrop returns 0;
 *   an unmutated copy of the ELF file runs and exits 0;
 *   an ELF file with one mutation that makes it invalid (e_phentsize
 *   not 56, a segment's bytes past the end of the file or at p_offset
 *   >= 4 GiB, ...) is refused;
 *   at the end the text and a canary are unchanged.
 * A worker killed by the kernel (status -1) fails the test: the workers
 * hand bad addresses only to system calls, and those must return -1, and
 * exec leaves the last frames to running processes, so a mutated file
 * with a segment of 1 GiB gets no bystander killed for lack of memory.
 * The pid of every child given a mutated program to exec is announced on
 * the console, "(fuzz.mutant: pid N M ...)", several a line (it goes to
 * FD_TRACE, which no fuzzed call can close): a mutation may turn any
 * instruction of a translated program into another, a mirror store
 * included, so tests/run.py exempts exactly those pids from the exit-time
 * mirror check (memv6.mcheck) and checks the unmutated copies like every
 * other process.
 * A worker may stay in a shared directory (/ut_fzs/d0...) that another
 * worker unlinks: nothing can be created in it any more, and its inode
 * is freed when the last user leaves (the driver's ut3.fuzz.fsck checks
 * the image).
 *
 * Never uses gp or tp.
 */
#include "user/tests/ut.h"
#include "kernel/syscall.h"
#include "kernel/mirror.h"
#include "kernel/pagemap.h"
#include "kernel/fs.h"

#define NWORKER      6
#define CALLS        17000      /* per worker: 6 x 17000 = 102000 calls */
#define NEXEC        50         /* mutated-ELF execs per worker */
#define FZSIZE       (64 * 1024)        /* the worker's buffer area, at its break */
#define HEAPMAX      (4 * 1024 * 1024)  /* the break is pulled back above this */
#define MAXKIDS      3          /* children of a worker at a time */
#define WRITE_CLAMP  4096       /* longest write into a regular file */
#define ELFMAX       (64 * 1024)
#define EXEC_SECS    5          /* an exec'd child is killed after this */
#define FD_TRACE     (NOFILE - 2)   /* console, for -trace */
#define FD_RESULT    (NOFILE - 1)   /* result pipe to the test process */
#define EXEC_FAILED  0x7e       /* exit status of a child whose exec returned */
#define MUTANTS_LINE 8          /* mutated programs' pids announced a line */
#define PROF_EXEC    (SYS_lseek + 1)   /* profile slot of the mutated-ELF execs */
#define PROF_SLOTS   (PROF_EXEC + 1)

/* ---------------------------------------------------------------- options */

static uint64 opt_seed;
static int opt_seed_given;
static int opt_workers = NWORKER;
static int opt_calls = CALLS;
static int opt_execs = NEXEC;
static int opt_trace = -1;          /* worker to trace, -1: none */
static int opt_profile;             /* print time per call number */
static int opt_injections = 1000;   /* campaign.run's injections */
static int opt_target = UT_TARGET_USER;   /* campaign.run's memory: -target user, kernel or all */
static uint64 prof_time[PROF_SLOTS], prof_n[PROF_SLOTS];

uint64
parse_u64(const char *s)
{
  uint64 v = 0;
  while (*s >= '0' && *s <= '9')
    v = v * 10 + (*s++ - '0');
  return v;
}

/* Leading fuzz options of usertests: -seed S, -workers N, -calls N (per
 * worker), -execs N (per worker), -trace W, and the campaign's
 * -injections N and -target user|kernel|all.  Returns how many argv
 * entries after argv[0] they used. */
int
fuzz_options(int argc, char **argv)
{
  int i = 1;
  while (i + 1 < argc && argv[i][0] == '-') {
    uint64 v = parse_u64(argv[i + 1]);
    if (strcmp(argv[i], "-seed") == 0) {
      opt_seed = v;
      opt_seed_given = 1;
    } else if (strcmp(argv[i], "-workers") == 0) {
      opt_workers = v < 1 ? 1 : v > 12 ? 12 : v;
    } else if (strcmp(argv[i], "-calls") == 0) {
      opt_calls = v;
    } else if (strcmp(argv[i], "-execs") == 0) {
      opt_execs = v;
    } else if (strcmp(argv[i], "-trace") == 0) {
      opt_trace = v;
    } else if (strcmp(argv[i], "-profile") == 0) {
      opt_profile = v;
    } else if (strcmp(argv[i], "-injections") == 0) {
      opt_injections = v;
    } else if (strcmp(argv[i], "-target") == 0) {
      opt_target = strcmp(argv[i + 1], "kernel") == 0 ? UT_TARGET_KERNEL :
                   strcmp(argv[i + 1], "all") == 0 ? UT_TARGET_ALL : UT_TARGET_USER;
    } else {
      break;
    }
    i += 2;
  }
  return i - 1;
}

/* ---------------------------------------------------------------- random */

/* splitmix64: turns (seed, worker) into independent xorshift states. */
uint64
splitmix(uint64 x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/* xorshift64*: the state is never 0. */
uint64
rnd(uint64 *s)
{
  uint64 x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * 0x2545f4914f6cdd1dULL;
}

static uint64
below(uint64 *s, uint64 n)
{
  return n ? rnd(s) % n : 0;
}

/* ---------------------------------------------------------------- layout */

extern char end[];      /* end of bss (user.ld) */

/* Everything below this marker (text, then read-only data) is mapped
 * read-only: the kernel must never write there. */
static const char text_marker[] = "fuzz: end of the checksummed text";

/* Address 0, hidden from the compiler (reading through a constant null
 * pointer is undefined behaviour in C; the text really starts there). */
static volatile uint64 text_start = 0;

static uint64
cksum(const uchar *p, uint64 n)
{
  uint64 h = 1469598103934665603ULL;
  for (uint64 i = 0; i < n; i++)
    h = (h ^ p[i]) * 1099511628211ULL;
  return h;
}

/* ---------------------------------------------------------------- worker */

struct result {
  int id;
  int failed;
  long calls, execs, refused, ran, killed, hung, hexecs, early;
  char msg[112];
};

struct worker {
  int id, pid;
  uint64 rs;             /* random state */
  uint64 guard;          /* the stack guard page */
  uint64 heapstart;      /* lowest break the kernel allows: top of the stack */
  uint64 base;           /* break when the worker started: the buffer area */
  uint64 brk;            /* current break */
  int kids[MAXKIDS], nkids;
  int lastkid;
  int lastfd;
  int inchild;           /* a forked child of the worker: no fork, exec, wait */
  long i;                /* index of the current call */
  char dir[16];          /* "/ut_fzN" */
  struct result res;
  /* ELF images to mutate */
  int nsrc;
  int srclen[2];
};

static uchar elfsrc[2][ELFMAX];
static uchar elfbuf[ELFMAX];

static void worker_end(struct worker *w, int failed) __attribute__((noreturn));

#define WFAIL(w, ...) do { \
    ut_snprintf((w)->res.msg, sizeof (w)->res.msg, __VA_ARGS__); \
    worker_end((w), 1); \
  } while (0)

static long
sys6(long num, uint64 a0, uint64 a1, uint64 a2, uint64 a3, uint64 a4, uint64 a5)
{
  register uint64 r0 asm("a0") = a0;
  register uint64 r1 asm("a1") = a1;
  register uint64 r2 asm("a2") = a2;
  register uint64 r3 asm("a3") = a3;
  register uint64 r4 asm("a4") = a4;
  register uint64 r5 asm("a5") = a5;
  register long r7 asm("a7") = num;
  asm volatile("ecall"
               : "+r"(r0)
               : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r7)
               : "memory");
  return (long)r0;
}

static uint64
cur_brk(void)
{
  return (uint64)sbrk(0);
}

/* An address the kernel must refuse outright as a buffer: nothing at p
 * is accessible (to write, if out).  The gap between text and data does
 * not exist (user.ld), so text is the only read-only range. */
static int
bad_ptr(struct worker *w, uint64 p, int out)
{
  if (p >= w->brk)
    return 1;
  if (p >= w->guard && p < w->guard + PGSIZE)
    return 1;
  if (out && p < PGROUNDDOWN((uint64)text_marker))
    return 1;
  return 0;
}

/* ---------------------------------------------------------------- value pools */

static const char *const paths[] = {
  "f0", "f1", "f2", "f3", "d0", "d1", "d0/f0", "d0/d1", "d0/d1/f2", "f0/",
  "d0/", "d0/..", ".", "..", "", "x/y/z", "f0/x",
  "abcdefghijklm", "abcdefghijklmn", "abcdefghijklmno",   /* DIRSIZ boundary */
  "\xff\x01\x7f", "d1/../f1",
  /* the directory all workers share: concurrent creates, links, unlinks */
  "/ut_fzs/f0", "/ut_fzs/f1", "/ut_fzs/d0", "/ut_fzs/d0/f0", "/ut_fzs/d0/d1",
  /* absolute: only for calls that change nothing (see abs_path) */
  "/", "//", "/README", "/echo", "/nonexistent/x",
};
#define NPATHS ((int)(sizeof paths / sizeof paths[0]))
#define FIRST_ABS (NPATHS - 5)

static const char *const progs[] = {
  "/echo", "/cat", "/ls", "/wc", "/m/echo", "f0", "d0", "/nonexistent", "",
};
#define NPROGS ((int)(sizeof progs / sizeof progs[0]))

static char *argv_ok[] = { "echo", "a", 0 };
static char *argv_badp[] = { "echo", (char *)KERNBASE, 0 };
static char *argv_trap[] = { "echo", (char *)TRAPFRAME, "b", 0 };
static char *argv_many[MAXARG + 9];     /* filled with "a": too many */

/* Addresses that are bad everywhere. */
static const uint64 wild[] = {
  KERNBASE, KERNBASE + 0x1000, KERNBASE + 0x123, USERMEM_BASE, PHYSTOP - 8, PHYSTOP,
  VIRT_TEST, CLINT, PLIC, UART0, VIRTIO0,
  TRAPFRAME, TRAPFRAME + 8, TRAMPOLINE, TRAMPOLINE - 1, MAXVA - 1, MAXVA - 8, MAXVA,
  MAXVA + 0x1000, MIRROR_OFFSET, MIRROR_LIMIT - 1, MIRROR_LIMIT,
  1ULL << 39, 1ULL << 40, 1ULL << 63, ~0ULL, ~0ULL - 4095, 0xffffffc000000000ULL,
  0x0000004000000000ULL, 0xfffffffffffff000ULL, 0x7fffffffffffffffULL,
};
#define NWILD ((int)(sizeof wild / sizeof wild[0]))

static const uint64 lens[] = {
  0, 1, 2, 7, 8, 16, 64, 511, 512, 4095, 4096, 4097, 8192, 65536, 1 << 20,
  0x7fffffff, 0x80000000ULL, 0xffffffffULL, ~0ULL, (uint64)-5, 1ULL << 32,
  (1ULL << 32) + 5, 1ULL << 38, 1ULL << 63, 0xfffffffffffff000ULL,
};
#define NLENS ((int)(sizeof lens / sizeof lens[0]))

static const uint64 ints[] = {
  0, 1, 2, 3, 5, 8, 15, 16, 17, 20, 64, 255, 4096, 0x7fffffff, 0x80000000ULL,
  0xffffffffULL, ~0ULL, (uint64)-2, (1ULL << 32) + 3, 1ULL << 63,
};
#define NINTS ((int)(sizeof ints / sizeof ints[0]))

/* A buffer address: wild, in or around the worker's memory. */
static uint64
any_ptr(struct worker *w, int out)
{
  uint64 fz = w->base, b = w->brk;
  switch (below(&w->rs, 16)) {
  case 0: case 1: case 2:
    return wild[below(&w->rs, NWILD)];
  case 3: case 4: case 5: case 6: {      /* the buffer area, odd offsets */
    static const uint64 off[] = { 0, 1, 7, 8, 4093, 4095, 4096, FZSIZE / 2 - 3,
                                  FZSIZE - 8, FZSIZE - 1, 12288 + 2049 };
    return fz + off[below(&w->rs, sizeof off / sizeof off[0])];
  }
  case 7: case 8: {                      /* the break */
    static const int off[] = { -1, -2, -4, -6, -8, -12, -64, -4097, 0, 1, 8, 4096, 0x10000 };
    uint64 p = b + off[below(&w->rs, sizeof off / sizeof off[0])];
    return below(&w->rs, 3) == 0 ? PGROUNDUP(b) + below(&w->rs, 2 * PGSIZE) : p;
  }
  case 9: {                              /* the stack guard page */
    static const uint64 off[] = { 0, 1, 8, PGSIZE / 2, PGSIZE - 8, PGSIZE - 1 };
    return w->guard + off[below(&w->rs, sizeof off / sizeof off[0])];
  }
  case 10:                               /* text: read-only */
    return below(&w->rs, 2) ? 0 : below(&w->rs, (uint64)text_marker);
  case 11:                               /* data and stack: only to read from */
    if (out)
      return fz + below(&w->rs, FZSIZE);
    return below(&w->rs, 2) ? (uint64)argv_ok : w->guard + PGSIZE + below(&w->rs, 4096);
  case 12:                               /* aliases of the buffer area */
    switch (below(&w->rs, 4)) {
    case 0: return fz + MIRROR_OFFSET;
    case 1: return fz + MAXVA;
    case 2: return fz | (1ULL << 63);
    default: return fz + (1ULL << 39);
    }
  case 13:
    return below(&w->rs, MAXVA);
  case 14:
    return rnd(&w->rs);
  default:
    return fz + below(&w->rs, FZSIZE);
  }
}

/* out: the kernel will write there, so never the worker's own data or
 * stack (between the text and the buffer area, the guard page aside).
 * A wild or random address can land there: a physical device address
 * such as VIRT_TEST (0x100000) is inside the worker's 256 KiB stack, and
 * a long read into it overwrote the worker's live frames.  Such an
 * address is moved into the buffer area. */
static uint64
gen_ptr(struct worker *w, int out)
{
  uint64 p = any_ptr(w, out);
  int own = p >= PGROUNDDOWN((uint64)text_marker) && p < w->heapstart &&
            !(p >= w->guard && p < w->guard + PGSIZE);
  return out && own ? w->base + p % FZSIZE : p;
}

static uint64
gen_len(struct worker *w)
{
  if (below(&w->rs, 4) == 0)
    return below(&w->rs, 9000);
  return lens[below(&w->rs, NLENS)];
}

static uint64
gen_int(struct worker *w)
{
  if (below(&w->rs, 5) == 0)
    return rnd(&w->rs);
  return ints[below(&w->rs, NINTS)];
}

/* A descriptor number: small ones mostly, the last one opened, junk.
 * The two descriptors the worker keeps for itself are never hit. */
static uint64
gen_fd(struct worker *w)
{
  uint64 fd;
  switch (below(&w->rs, 6)) {
  case 0: fd = w->lastfd; break;
  case 1: fd = gen_int(w); break;
  default: fd = below(&w->rs, 21); break;
  }
  if ((int)fd == FD_TRACE || (int)fd == FD_RESULT)
    fd = NOFILE + 3;
  return fd;
}

/* A path: *abs is set when it names something outside the scratch
 * directory (such a path is only given to calls that change nothing). */
static uint64
gen_path(struct worker *w, int *abs)
{
  *abs = 0;
  uint64 k = below(&w->rs, 12);
  if (k < 7) {
    int i = below(&w->rs, NPATHS);
    *abs = i >= FIRST_ABS;
    return (uint64)paths[i];
  }
  char *fz = (char *)w->base;
  switch (k) {
  case 7: {                     /* longer than MAXPATH, or just at it */
    int n = below(&w->rs, 2) ? 300 : MAXPATH - 1 + below(&w->rs, 3);
    char *p = fz + FZSIZE - 1024;
    for (int i = 0; i < n; i++)
      p[i] = i % 3 == 2 ? '/' : 'p';
    p[n] = 0;
    return (uint64)p;
  }
  case 8: {                     /* no NUL before the break */
    char *p = (char *)w->brk - 5;
    memmove(p, "f0abc", 5);
    return (uint64)p;
  }
  default:
    return gen_ptr(w, 0);
  }
}

/* An argv pointer for exec. */
static uint64
gen_argv(struct worker *w)
{
  switch (below(&w->rs, 8)) {
  case 0: return (uint64)argv_ok;
  case 1: return (uint64)argv_badp;
  case 2: return (uint64)argv_trap;
  case 3: return (uint64)argv_many;
  case 5: {                     /* k strings of length len: a page and more */
    static const int lens[] = { 100, 4095, 4096, 5000 };
    static const int ks[] = { 1, 12, 31, 33 };
    int len = lens[below(&w->rs, 4)], k = ks[below(&w->rs, 4)];
    char *str = (char *)w->base + 8192;
    uint64 *a = (uint64 *)(w->base + 4096);
    memset(str, 'a', len);
    str[len] = 0;
    a[0] = (uint64)"echo";
    for (int i = 1; i <= k; i++)
      a[i] = (uint64)str + below(&w->rs, 2) * below(&w->rs, len);
    a[k + 1] = 0;
    return (uint64)a;
  }
  case 4: {                     /* not NULL-terminated before the break */
    uint64 *a = (uint64 *)((w->brk & ~7UL) - 16);
    if ((uint64)a < w->base)
      return (uint64)argv_ok;
    a[0] = (uint64)"echo";
    a[1] = (uint64)"a";
    return (uint64)a;
  }
  default: return gen_ptr(w, 0);
  }
}

/* ---------------------------------------------------------------- helpers */

static void
trace(struct worker *w, long num, uint64 *a)
{
  if (w->id != opt_trace)
    return;
  char line[160];
  int n = ut_snprintf(line, sizeof line, "fz w%d #%ld: %ld(%lx, %lx, %lx, %lx)\n",
                      w->id, w->i, num, a[0], a[1], a[2], a[3]);
  if (n > (int)sizeof line - 1)
    n = sizeof line - 1;
  write(FD_TRACE, line, n);
}

static void
kid_gone(struct worker *w, int pid)
{
  for (int i = 0; i < w->nkids; i++) {
    if (w->kids[i] == pid) {
      w->kids[i] = w->kids[--w->nkids];
      return;
    }
  }
}

/* Reap one child (they all exit at once). */
static void
reap_one(struct worker *w)
{
  int st;
  int pid = wait(&st);
  if (pid > 0)
    kid_gone(w, pid);
  else
    w->nkids = 0;       /* none left: a failed wait(bad) may have reaped them */
}

/* Wait for child pid; a timer child kills it after ticks.  Returns its
 * exit status; *hung is set when the timer fired. */
static int
run_bounded(struct worker *w, int pid, int ticks, int *hung)
{
  int st = 0, status = -1;
  *hung = 0;
  int timer = fork();
  if (timer == 0) {
    sleep(ticks);
    exit(0);
  }
  for (;;) {
    int r = wait(&st);
    if (r == pid) {
      status = st;
      break;
    }
    if (r < 0)
      WFAIL(w, "worker %d: lost exec child %d", w->id, pid);
    if (r == timer) {
      timer = -1;
      *hung = 1;
      kill(pid);
    } else {
      kid_gone(w, r);
    }
  }
  if (timer > 0) {
    kill(timer);
    int r;
    while ((r = wait(0)) >= 0 && r != timer)
      kid_gone(w, r);
  }
  return status;
}

/* How long an exec'd child may run: EXEC_SECS, or (1 in 8) at most two
 * ticks, so that the kill may land in the middle of exec. */
static int
exec_ticks(struct worker *w)
{
  if (below(&w->rs, 8) == 0)
    return below(&w->rs, 3);
  return EXEC_SECS * ut_hz;
}

/* Keep the buffer area mapped and the break bounded (after sbrk). */
static void
fix_brk(struct worker *w)
{
  uint64 b = cur_brk();
  if (b < w->base + FZSIZE) {
    if (sbrk(w->base + FZSIZE - b) == (char *)-1)
      WFAIL(w, "worker %d: cannot grow the break back to the buffer area", w->id);
  } else if (b > w->base + HEAPMAX) {
    sbrk(-(int)(b - (w->base + FZSIZE)));
  }
  w->brk = cur_brk();
}

static uint console_ino;       /* inode of /console, found at start */

/* The type of what fd refers to (0 if nothing or a pipe); the console
 * counts as T_DEVICE, other device files (made by the fuzzer, with no
 * driver) as T_FILE, as they can neither block nor print. */
static int
file_type(int fd)
{
  struct stat st;
  if (fd < 0 || fd >= NOFILE || fstat(fd, &st) < 0)
    return 0;
  if (st.type == T_DEVICE && st.ino != console_ino)
    return T_FILE;
  return st.type;
}

/* ---------------------------------------------------------------- one call */

static int fuzz_one(struct worker *w);

static void
do_fork(struct worker *w, uint64 *a, int exitcall)
{
  if (w->nkids >= MAXKIDS)
    reap_one(w);
  long r = sys6(SYS_fork, a[0], a[1], a[2], a[3], a[4], a[5]);
  if (r == 0) {
    /* the child: a few calls on its copy-on-write memory and shared
     * descriptors, then a hostile value as its exit status */
    w->pid = getpid();
    w->nkids = 0;
    w->lastkid = 0;
    w->rs = splitmix(w->rs + w->i) | 1;
    w->inchild = 1;
    for (int n = below(&w->rs, 4); n > 0; n--)
      fuzz_one(w);
    sys6(SYS_exit, exitcall ? a[0] : 0, a[1], a[2], 0, 0, 0);
    exit(0x55);         /* exit returned: reported by the status */
  }
  if (r > 0) {
    w->kids[w->nkids++] = r;
    w->lastkid = r;
  }
}

static void
do_exec(struct worker *w, uint64 *a)
{
  int abs;
  a[0] = below(&w->rs, 2) ? (uint64)progs[below(&w->rs, NPROGS)] : gen_path(w, &abs);
  a[1] = gen_argv(w);
  int pid = fork();
  if (pid < 0)
    return;
  if (pid == 0) {
    sys6(SYS_exec, a[0], a[1], a[2], a[3], a[4], a[5]);
    exit(EXEC_FAILED);
  }
  int hung;
  int st = run_bounded(w, pid, exec_ticks(w), &hung);
  w->res.hexecs++;
  if (!hung && bad_ptr(w, a[0], 0) && st != EXEC_FAILED)
    WFAIL(w, "worker %d call %ld: exec(%p, %p) with a bad path gave status %d, not a failed exec",
          w->id, w->i, a[0], a[1], st);
}

/* A new pipe keeps one end only, so nothing can block on it later.
 * Before that, with both ends open, one hostile write and one read. */
static void
after_pipe(struct worker *w, uint64 p)
{
  int fds[2];
  memmove(fds, (void *)p, sizeof fds);
  if (fds[0] < 0 || fds[0] >= NOFILE || fds[1] < 0 || fds[1] >= NOFILE || fds[0] == fds[1])
    WFAIL(w, "worker %d call %ld: pipe() returned 0 and descriptors %d %d",
          w->id, w->i, fds[0], fds[1]);
  if (below(&w->rs, 2)) {
    uint64 buf = gen_ptr(w, 0);
    uint64 n = gen_len(w);
    if ((int)n > 512)
      n = 512;          /* never more than the pipe holds: it would block */
    w->res.calls++;
    long r = sys6(SYS_write, fds[1], buf, n, 0, 0, 0);
    if (r > 0) {
      w->res.calls++;
      uint64 out = gen_ptr(w, 1);
      long r2 = sys6(SYS_read, fds[0], out, gen_len(w), 0, 0, 0);
      if (bad_ptr(w, out, 1) && r2 > 0)
        WFAIL(w, "worker %d call %ld: read from a pipe into %p returned %ld",
              w->id, w->i, out, r2);
    } else if (bad_ptr(w, buf, 0) && r > 0) {
      WFAIL(w, "worker %d call %ld: write to a pipe from %p returned %ld", w->id, w->i, buf, r);
    }
  }
  switch (below(&w->rs, 3)) {
  case 0: close(fds[0]); break;
  case 1: close(fds[1]); break;
  default: close(fds[0]); close(fds[1]); break;
  }
  w->lastfd = fds[0];
}

static const uint64 modes[] = {
  O_RDONLY, O_WRONLY, O_RDWR, O_CREATE | O_RDWR, O_TRUNC | O_RDWR,
  O_CREATE | O_WRONLY | O_TRUNC, O_CREATE, O_WRONLY | O_RDWR,
};
#define NMODES ((int)(sizeof modes / sizeof modes[0]))

/* Relative weights of the calls.  poweroff never.  The knobs (fscrash,
 * bankhold, faultinj) and scrub with repair need the privilege the
 * workers dropped: each must be refused.  Calls that change the file
 * system cost 10-20 ms each under QEMU (they wait for the log), the
 * others well under 3 ms, hence their lower weights; an exec (in a
 * child, under a timer) costs about 100 ms, and scrub(0) a comparison of
 * every page of a mirrored worker. */
static const struct { short num, weight; } calltab[] = {
  { SYS_fork, 6 }, { SYS_exit, 6 }, { SYS_wait, 6 }, { SYS_pipe, 12 },
  { SYS_read, 32 }, { SYS_kill, 8 }, { SYS_exec, 1 }, { SYS_fstat, 20 },
  { SYS_chdir, 6 }, { SYS_dup, 20 }, { SYS_getpid, 4 }, { SYS_sbrk, 20 },
  { SYS_sleep, 2 }, { SYS_uptime, 4 }, { SYS_open, 20 }, { SYS_write, 28 },
  { SYS_mknod, 4 }, { SYS_unlink, 8 }, { SYS_link, 6 }, { SYS_mkdir, 6 },
  { SYS_close, 28 }, { SYS_bootargs, 8 }, { SYS_memstat, 8 }, { SYS_pagemap, 6 },
  { SYS_mdiff, 4 }, { SYS_fscrash, 2 }, { SYS_bankhold, 2 }, { SYS_faultinj, 3 },
  { SYS_scrub, 2 }, { SYS_privdrop, 1 }, { SYS_lseek, 8 }, { -1, 4 },
};
#define NCALLTAB ((int)(sizeof calltab / sizeof calltab[0]))

static const long unknown_nums[] = {
  0, SYS_lseek + 1, SYS_lseek + 2, 40, 48, 64, 255, 1000, -1, -22, 0x7fffffff, 1L << 31,
  (1L << 32) + SYS_getpid, (1L << 32) + SYS_uptime, (long)((1UL << 63) + SYS_getpid),
};
#define NUNKNOWN ((int)(sizeof unknown_nums / sizeof unknown_nums[0]))

static long
pick_call(struct worker *w)
{
  static int total;
  if (total == 0)
    for (int i = 0; i < NCALLTAB; i++)
      total += calltab[i].weight;
  int k = below(&w->rs, total);
  for (int i = 0; i < NCALLTAB; i++) {
    if (k < calltab[i].weight)
      return calltab[i].num;
    k -= calltab[i].weight;
  }
  return SYS_getpid;
}

static int
starts_with(const char *s, const char *prefix)
{
  while (*prefix)
    if (*s++ != *prefix++)
      return 0;
  return 1;
}

/* After chdir(path) returned r: may the worker stay there?  Only in a
 * subdirectory of its own scratch directory ("d0", "d0/d1", ...) or of
 * the shared one ("/ut_fzs/d0", ...), so that relative paths never reach
 * outside the scratch directories.  A pool path is in the worker's data,
 * so it can be read here. */
static int
stays_inside(struct worker *w, uint64 path, int r)
{
  if (r != 0 || below(&w->rs, 4) == 0)
    return 0;
  for (int i = 0; i < NPATHS; i++) {
    if ((uint64)paths[i] != path)
      continue;
    if (paths[i][0] == 'd' && strchr(paths[i], '.') == 0)
      return 1;
    /* a shared directory another worker may unlink meanwhile */
    return starts_with(paths[i], "/ut_fzs/d");
  }
  return 0;
}

static int
is_unknown(long num)
{
  return num <= 0 || num > SYS_lseek;
}

/* The r pagemap records at buf (written: the call succeeded) of the
 * worker itself show no frame it does not map alone. */
static void
own_frames(struct worker *w, uint64 buf, long r)
{
  struct pagemap pm;
  for (long i = 0; i < r; i++) {
    memmove(&pm, (char *)buf + i * sizeof pm, sizeof pm);
    if ((pm.ref != 1 && pm.pa != 0) || (pm.mirror_ref != 1 && pm.mirror_pa != 0))
      WFAIL(w, "worker %d call %ld: unprivileged pagemap of itself shows page 0x%lx's frame "
            "%p (%d references) or mirror frame %p (%d)", w->id, w->i, pm.va, pm.pa, pm.ref,
            pm.mirror_pa, pm.mirror_ref);
  }
}

/* Check what the call returned against what the kernel must do, and
 * undo what would stop the worker (cwd, break). */
static void
oracle(struct worker *w, long num, uint64 *a, long r)
{
  if (is_unknown(num)) {
    if (r != -1)
      WFAIL(w, "worker %d call %ld: unknown system call %ld returned %ld, not -1",
            w->id, w->i, num, r);
    return;
  }
  switch (num) {
  case SYS_getpid:
    if (r != w->pid)
      WFAIL(w, "worker %d call %ld: getpid returned %ld, not %d", w->id, w->i, r, w->pid);
    break;
  case SYS_read:
  case SYS_write:
    if (r > 0 && bad_ptr(w, a[1], num == SYS_read))
      WFAIL(w, "worker %d call %ld: %s(%d, %p, %ld) returned %ld for a bad buffer",
            w->id, w->i, num == SYS_read ? "read" : "write", (int)a[0], a[1], (long)a[2], r);
    if (r > 0 && r > (int)a[2])
      WFAIL(w, "worker %d call %ld: %s of %d bytes returned %ld", w->id, w->i,
            num == SYS_read ? "read" : "write", (int)a[2], r);
    break;
  case SYS_lseek:
    if (r < -1 || r > (long)MAXFILE * BSIZE)
      WFAIL(w, "worker %d call %ld: lseek(%d, %ld, %d) returned %ld, past any file",
            w->id, w->i, (int)a[0], (long)a[1], (int)a[2], r);
    break;
  case SYS_fstat:
    if (r != -1 && bad_ptr(w, a[1], 1))
      WFAIL(w, "worker %d call %ld: fstat(%d, %p) returned %ld for a bad buffer",
            w->id, w->i, (int)a[0], a[1], r);
    break;
  case SYS_memstat:
  case SYS_pipe:
  case SYS_wait:
    if (r != -1 && a[0] != 0 && bad_ptr(w, a[0], 1))
      WFAIL(w, "worker %d call %ld: call %ld(%p) returned %ld for a bad buffer",
            w->id, w->i, num, a[0], r);
    if (num == SYS_pipe && r == 0)
      after_pipe(w, a[0]);
    if (num == SYS_wait && r > 0)
      kid_gone(w, r);
    break;
  case SYS_pagemap:
  case SYS_mdiff: {
    uint64 buf = num == SYS_pagemap ? a[2] : a[1];
    int n = (int)(num == SYS_pagemap ? a[3] : a[2]);
    int pid = (int)a[0];
    if (r < -1 || (r > 0 && n > 0 && bad_ptr(w, buf, 1)))
      WFAIL(w, "worker %d call %ld: %s(%d, .., %p, %d) returned %ld for a bad buffer",
            w->id, w->i, num == SYS_pagemap ? "pagemap" : "mdiff", (int)a[0], buf, n, r);
    if (pid != 0 && pid != w->pid && r != -1)
      WFAIL(w, "worker %d call %ld: unprivileged %s of pid %d returned %ld, not -1",
            w->id, w->i, num == SYS_pagemap ? "pagemap" : "mdiff", pid, r);
    if (num == SYS_pagemap && r > n && n >= 0)
      WFAIL(w, "worker %d call %ld: pagemap of at most %d records returned %ld", w->id, w->i,
            n, r);
    if (num == SYS_pagemap && r > 0)
      own_frames(w, buf, r);
    break;
  }
  case SYS_faultinj:
  case SYS_bankhold:
  case SYS_fscrash:
    if (r != -1)
      WFAIL(w, "worker %d call %ld: unprivileged %s(%lx, %lx, %lx) returned %ld, not -1",
            w->id, w->i, num == SYS_faultinj ? "faultinj" : num == SYS_bankhold ? "bankhold"
            : "fscrash", a[0], a[1], a[2], r);
    break;
  case SYS_scrub:
    if ((int)a[0] != 0 ? r != -1 : r != 0)
      WFAIL(w, "worker %d call %ld: unprivileged scrub(%d) returned %ld, not %d (its own "
            "pages never differ; repair needs the privilege)", w->id, w->i, (int)a[0], r,
            (int)a[0] != 0 ? -1 : 0);
    break;
  case SYS_privdrop:
    if (r != 0)
      WFAIL(w, "worker %d call %ld: privdrop returned %ld", w->id, w->i, r);
    break;
  case SYS_bootargs:
    if (r != -1 && (int)a[1] > 0 && bad_ptr(w, a[0], 1))
      WFAIL(w, "worker %d call %ld: bootargs(%p, %d) returned %ld for a bad buffer",
            w->id, w->i, a[0], (int)a[1], r);
    break;
  case SYS_open:
  case SYS_mkdir:
  case SYS_unlink:
  case SYS_chdir:
  case SYS_mknod:
  case SYS_link:
    if (r != -1 && (bad_ptr(w, a[0], 0) || (num == SYS_link && bad_ptr(w, a[1], 0))))
      WFAIL(w, "worker %d call %ld: call %ld(%p, %p) returned %ld for a bad path",
            w->id, w->i, num, a[0], a[1], r);
    if (num == SYS_chdir && !stays_inside(w, a[0], r) && chdir(w->dir) < 0)
      WFAIL(w, "worker %d call %ld: cannot chdir back to %s", w->id, w->i, w->dir);
    break;
  case SYS_kill:
    if ((int)a[0] == 1 && r != -1)
      WFAIL(w, "worker %d call %ld: kill(1) returned %ld, not -1", w->id, w->i, r);
    break;
  case SYS_sbrk: {
    int n = (int)a[0];
    if (r != -1 && (uint64)r != w->brk)
      WFAIL(w, "worker %d call %ld: sbrk(%d) returned %p, the break was %p",
            w->id, w->i, n, r, w->brk);
    if (r != -1 && n < 0 && w->brk - w->heapstart < (uint64)-(long)n)
      WFAIL(w, "worker %d call %ld: sbrk(%d) below the heap start %p succeeded",
            w->id, w->i, n, w->heapstart);
    fix_brk(w);
    break;
  }
  }
  if ((num == SYS_open || num == SYS_dup) && r >= 0) {
    if (r >= NOFILE)
      WFAIL(w, "worker %d call %ld: call %ld returned descriptor %ld", w->id, w->i, num, r);
    w->lastfd = r;
  }
}

/* A pid for the calls that name a process: 0 and its own (which it may
 * look at), init, its parent (the test), a child, junk. */
static uint64
gen_pid(struct worker *w)
{
  switch (below(&w->rs, 8)) {
  case 0: case 1: return 0;
  case 2: case 3: return w->pid;
  case 4: return 1;
  case 5: return ut_testpid;
  case 6: return w->lastkid ? w->lastkid : 2;
  default: return gen_int(w);
  }
}

/* One fuzzed call: arguments, the guards that keep the worker alive, the
 * call, the oracles and the clean-up after it. */
static int
fuzz_one(struct worker *w)
{
  uint64 a[6];
  int abs = 0, abs2 = 0;
  long num = pick_call(w);
  long r;

  if (w->inchild && (num == SYS_fork || num == SYS_exit || num == SYS_exec ||
                     num == SYS_wait || num == SYS_kill))
    num = SYS_getpid;

  /* unused argument registers carry junk too */
  for (int i = 0; i < 6; i++)
    a[i] = below(&w->rs, 2) ? gen_int(w) : gen_ptr(w, 0);

  if (num == -1)
    num = unknown_nums[below(&w->rs, NUNKNOWN)];
  w->res.calls++;

  switch (num) {
  case SYS_fork:
  case SYS_exit:
    a[0] = gen_int(w);
    trace(w, num, a);
    do_fork(w, a, num == SYS_exit);
    return num;
  case SYS_exec:
    do_exec(w, a);
    return num;
  case SYS_wait:
    if (w->nkids == 0 && below(&w->rs, 2))
      do_fork(w, a, 0);         /* something to wait for */
    a[0] = below(&w->rs, 4) ? gen_ptr(w, 1) : 0;
    break;
  case SYS_pipe:
    a[0] = gen_ptr(w, 1);
    break;
  case SYS_read:
  case SYS_write:
    a[0] = gen_fd(w);
    a[1] = gen_ptr(w, num == SYS_read);
    a[2] = gen_len(w);
    {
      int t = file_type((int)a[0]);
      if (t == T_DEVICE) {      /* never the console: it would block or flood */
        num = SYS_fstat;
        a[1] = gen_ptr(w, 1);
      } else if (num == SYS_write && t == T_FILE && !bad_ptr(w, a[1], 0) &&
               (int)a[2] > WRITE_CLAMP)
        a[2] = below(&w->rs, WRITE_CLAMP);   /* the disk is not the target */
    }
    break;
  case SYS_kill:
    a[0] = below(&w->rs, 2) && w->lastkid ? (uint64)w->lastkid : gen_int(w);
    {
      int pid = (int)a[0];
      int own = pid == w->lastkid;
      for (int i = 0; i < w->nkids; i++)
        own |= pid == w->kids[i];
      /* someone else's: not ours to kill; but init (1) is a target,
       * and kill(1) must return -1 */
      if (!own && pid > 1 && pid < (1 << 24))
        a[0] = -(uint64)pid;
    }
    break;
  case SYS_fstat:
    a[0] = gen_fd(w);
    a[1] = gen_ptr(w, 1);
    break;
  case SYS_dup:
  case SYS_close:
    a[0] = gen_fd(w);
    break;
  case SYS_lseek:
    a[0] = gen_fd(w);
    a[1] = gen_int(w);
    a[2] = below(&w->rs, 5) - 1;       /* SEEK_SET..SEEK_END and two bad ones */
    break;
  case SYS_sbrk:
    switch (below(&w->rs, 6)) {
    case 0: a[0] = -(long)(w->brk - w->heapstart) - below(&w->rs, 3) * PGSIZE; break;
    case 1: a[0] = -(long)w->brk; break;
    case 2: a[0] = below(&w->rs, 2) ? 1 << 30 : (1 << 30) + 4095; break;
    case 3: a[0] = below(&w->rs, 1 << 20) - (1 << 19); break;
    default: a[0] = gen_int(w); break;
    }
    break;
  case SYS_sleep:
    if ((int)a[0] > 1)
      a[0] = a[0] & 1;
    break;
  case SYS_open:
    a[0] = gen_path(w, &abs);
    a[1] = gen_int(w);
    if (below(&w->rs, 2))
      a[1] = modes[below(&w->rs, NMODES)];
    if (abs)
      a[1] = O_RDONLY;
    break;
  case SYS_mknod:
    a[0] = gen_path(w, &abs);
    a[1] = gen_int(w);
    a[2] = gen_int(w);
    if ((short)a[1] == 1)       /* CONSOLE: a node that could block or flood */
      a[1] = 7;
    break;
  case SYS_unlink:
  case SYS_mkdir:
  case SYS_chdir:
    a[0] = gen_path(w, &abs);
    break;
  case SYS_link:
    a[0] = gen_path(w, &abs);
    a[1] = gen_path(w, &abs2);
    abs |= abs2;
    break;
  case SYS_bootargs:
    a[0] = gen_ptr(w, 1);
    a[1] = gen_len(w);
    break;
  case SYS_memstat:
    a[0] = gen_ptr(w, 1);
    break;
  case SYS_pagemap:             /* (pid, va, buf, n): only itself, unprivileged */
  case SYS_mdiff:               /* (pid, vas, n) */
    a[0] = gen_pid(w);
    if (num == SYS_pagemap) {
      a[1] = below(&w->rs, 2) ? gen_ptr(w, 0) : gen_int(w);
      a[2] = gen_ptr(w, 1);
      a[3] = gen_len(w);
    } else {
      a[1] = gen_ptr(w, 1);
      a[2] = gen_len(w);
    }
    break;
  case SYS_faultinj:            /* (pid, va or bank, how): refused */
    a[0] = gen_pid(w);
    a[1] = below(&w->rs, 3) == 0 ? below(&w->rs, 10) : gen_ptr(w, 0);
    a[2] = below(&w->rs, 2) ? FI_HOW(below(&w->rs, 16), below(&w->rs, 1 << 15)) : gen_int(w);
    break;
  case SYS_bankhold:            /* (bank, n): refused */
    a[0] = below(&w->rs, 2) ? below(&w->rs, 10) : gen_int(w);
    a[1] = below(&w->rs, 2) ? below(&w->rs, 3) : gen_int(w);
    break;
  case SYS_fscrash:             /* (n): refused */
    a[0] = below(&w->rs, 2) ? below(&w->rs, 4) : gen_int(w);
    break;
  case SYS_scrub:               /* (repair): only itself; repair refused */
    a[0] = below(&w->rs, 2) ? 0 : gen_int(w);
    break;
  }
  /* absolute paths only for calls that change nothing outside */
  if (abs && num != SYS_open && num != SYS_chdir)
    a[0] = a[1] = (uint64)"/nonexistent/x";

  trace(w, num, a);
  r = sys6(num, a[0], a[1], a[2], a[3], a[4], a[5]);
  oracle(w, num, a, r);
  return num > 0 && num <= SYS_lseek ? num : 0;
}

/* ---------------------------------------------------------------- mutated ELF files */

/* Load path into elfsrc[k], cut after the last byte exec reads (headers,
 * PT_LOAD and PT_NOTE contents and, for a translated program, the pair
 * table its mark points to); debug sections are not worth writing out. */
static void
load_source(struct worker *w, const char *path)
{
  int k = w->nsrc;
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return;
  int n = 0, r;
  while (n < ELFMAX && (r = read(fd, elfsrc[k] + n, ELFMAX - n)) > 0)
    n += r;
  close(fd);
  uchar *e = elfsrc[k];
  if (n < 64 || e[0] != 0x7f || e[1] != 'E')
    return;
  uint64 phoff = *(uint64 *)(e + 32);
  int phnum = *(ushort *)(e + 56);
  uint64 last = phoff + phnum * 56;
  for (int i = 0; i < phnum && phoff + (i + 1) * 56 <= (uint64)n; i++) {
    uchar *ph = e + phoff + i * 56;
    uint type = *(uint *)ph;
    uint64 off = *(uint64 *)(ph + 8), filesz = *(uint64 *)(ph + 32);
    if (type == 1 || type == 4) {       /* PT_LOAD, PT_NOTE */
      uint64 to = off + filesz;
      if (to > last)
        last = to;
    }
  }
  /* mirrorbt's mark (in a PT_NOTE): exec reads the pair table it names
   * too.  The table sits after the debug sections, so it is moved down
   * to just after the bytes above and the mark changed to match. */
  for (int i = 0; i < phnum && phoff + (i + 1) * 56 <= (uint64)n; i++) {
    uchar *ph = e + phoff + i * 56;
    uint64 off = *(uint64 *)(ph + 8), filesz = *(uint64 *)(ph + 32);
    for (uint64 o = off; *(uint *)ph == 4 && o + 12 <= off + filesz && off + filesz <= (uint64)n;) {
      uint nh[3];
      memmove(nh, e + o, sizeof nh);
      uint64 desc = o + 12 + ((nh[0] + 3) & ~3);
      if (nh[2] == MIRROR_NOTE_TYPE && nh[0] == sizeof MIRROR_NOTE_NAME &&
          desc + sizeof(struct mirror_note) <= (uint64)n) {
        struct mirror_note mn;
        memmove(&mn, e + desc, sizeof mn);
        uint64 size = mn.npairs * sizeof(struct mirror_pair);
        uint64 to = (last + 15) & ~15UL;
        if (mn.npairs >= (1UL << 20) || mn.pairs_off + size > (uint64)n || to + size > (uint64)n)
          return;       /* cannot be made to fit: not a useful source */
        memmove(e + to, e + mn.pairs_off, size);
        mn.pairs_off = to;
        memmove(e + desc, &mn, sizeof mn);
        last = to + size;
      }
      o = desc + ((nh[1] + 3) & ~3);
    }
  }
  if (last > (uint64)n)
    return;             /* bigger than ELFMAX: not a useful source */
  w->srclen[k] = last;
  w->nsrc++;
}

static void
put64(uchar *p, uint64 v)
{
  memmove(p, &v, 8);
}

/* Values for ELF header and program header fields. */
static uint64
elf_value(struct worker *w, uint64 orig)
{
  static const uint64 v[] = {
    0, 1, 2, 0xfff, 0x1000, 0x1001, 0xffff, 1ULL << 32, 1ULL << 37,
    MIRROR_LIMIT - PGSIZE, MIRROR_LIMIT, TRAPFRAME, TRAMPOLINE, MAXVA, KERNBASE,
    1ULL << 63, ~0ULL, ~0ULL - 0xfff, 0x40000000, 0x800000,
  };
  switch (below(&w->rs, 6)) {
  case 0: return orig + PGSIZE;
  case 1: return orig - PGSIZE;
  case 2: return orig + (1ULL << 32);   /* only the low 32 bits look right */
  case 3: return orig ^ (1ULL << below(&w->rs, 64));
  default: return v[below(&w->rs, sizeof v / sizeof v[0])];
  }
}

/* What exec must do with a mutated file. */
enum { EXPECT_ANY, EXPECT_REFUSE };

/* The expectation for one program-header field of a PT_LOAD set to v. */
static int
expect_phdr(uchar *ph, int f, uint64 v, int n)
{
  uint64 off = *(uint64 *)(ph + 8), va = *(uint64 *)(ph + 16);
  uint64 filesz = *(uint64 *)(ph + 32), memsz = *(uint64 *)(ph + 40);
  switch (f) {
  case 8:                               /* p_offset (>= 4 GiB is past the file) */
    if (filesz == 0)
      return EXPECT_ANY;                /* no file bytes: any p_offset */
    return v + filesz > (uint64)n || v + filesz < v ? EXPECT_REFUSE : EXPECT_ANY;
  case 16:                              /* p_vaddr */
    return v % PGSIZE != 0 || v + memsz < v || v + memsz > MIRROR_LIMIT ? EXPECT_REFUSE
                                                                         : EXPECT_ANY;
  case 32:                              /* p_filesz */
    return v > memsz || off + v > (uint64)n || off + v < off ? EXPECT_REFUSE : EXPECT_ANY;
  case 40:                              /* p_memsz */
    return v < filesz || va + v < va || va + v > MIRROR_LIMIT ? EXPECT_REFUSE : EXPECT_ANY;
  }
  return EXPECT_ANY;
}

/* Mutate elfbuf (n bytes) in place; returns the new length and in
 * *expect what exec must do when a single mutation decides it. */
static int
mutate(struct worker *w, int n, int *expect)
{
  int k = 1 + below(&w->rs, 4);
  *expect = EXPECT_ANY;
  for (int m = 0; m < k; m++) {
    uint64 phoff = *(uint64 *)(elfbuf + 32);
    int phnum = *(ushort *)(elfbuf + 56);
    int e = EXPECT_ANY;
    switch (below(&w->rs, 8)) {
    case 0:                             /* a header byte */
      elfbuf[below(&w->rs, 64)] = rnd(&w->rs);
      break;
    case 1:                             /* a bit anywhere */
      elfbuf[below(&w->rs, n)] ^= 1 << below(&w->rs, 8);
      break;
    case 2:                             /* a byte anywhere */
      elfbuf[below(&w->rs, n)] = rnd(&w->rs);
      break;
    case 3: {                           /* a header field */
      static const uchar off[] = { 24, 32, 16, 18, 54, 56, 4, 5 };
      static const uchar size[] = { 8, 8, 2, 2, 2, 2, 1, 1 };
      int f = below(&w->rs, sizeof off);
      uint64 old = 0, v = elf_value(w, 0);
      memmove(&old, elfbuf + off[f], size[f]);
      if (f == 0 || f == 1)
        v = elf_value(w, old);
      memmove(elfbuf + off[f], &v, size[f]);
      uint64 now = 0;
      memmove(&now, elfbuf + off[f], size[f]);
      if (now != old && (f == 2 || f == 3 || f == 6 || f == 7))
        e = EXPECT_REFUSE;              /* type, machine, class, byte order */
      if (f == 4 && now != 56)
        e = EXPECT_REFUSE;              /* e_phentsize */
      break;
    }
    case 4: case 5: {                   /* a program header field */
      if (phnum == 0 || phoff + 56 > (uint64)n)
        break;
      int i = below(&w->rs, phnum);
      if (phoff + (i + 1) * 56 > (uint64)n)
        i = 0;
      uchar *ph = elfbuf + phoff + i * 56;
      int f = 8 * below(&w->rs, 7);     /* type/flags, offset, vaddr, paddr, filesz, memsz, align */
      if (f == 0) {
        *(uint *)(ph + 4 * below(&w->rs, 2)) = elf_value(w, 1);
      } else {
        uint64 v = elf_value(w, *(uint64 *)(ph + f));
        if (*(uint *)ph == 1)           /* PT_LOAD */
          e = expect_phdr(ph, f, v, n);
        put64(ph + f, v);
      }
      break;
    }
    case 6:                             /* truncated */
      n = below(&w->rs, n);
      break;
    case 7:                             /* one program header over another */
      if (phnum >= 2 && phoff + 2 * 56 <= (uint64)n) {
        int i = below(&w->rs, 2);
        memmove(elfbuf + phoff + i * 56, elfbuf + phoff + (1 - i) * 56, 56);
      }
      break;
    }
    if (k == 1)
      *expect = e;
  }
  return n;
}

/* The pids of mutated programs not yet announced (mutant). */
static char mutants[MUTANTS_LINE * 12 + 32];
static int nmutants, mutants_len;

/* Announce the pids gathered, one console line. */
static void
mutants_flush(void)
{
  if (nmutants == 0)
    return;
  mutants_len += ut_snprintf(mutants + mutants_len, sizeof mutants - mutants_len, ")\n");
  write(FD_TRACE, mutants, mutants_len);
  nmutants = mutants_len = 0;
}

/* pid was given a mutated program to exec: tests/run.py exempts it from
 * the exit-time mirror check.  Whether exec refused it is not told by
 * the status (a mutant may exit with EXEC_FAILED too), and a refused one
 * is the worker's copy, which exits at once: so every one is announced,
 * MUTANTS_LINE pids a line, the rest when the worker ends. */
static void
mutant(int pid)
{
  if (nmutants == 0)
    mutants_len = ut_snprintf(mutants, sizeof mutants, "(fuzz.mutant: pid");
  mutants_len += ut_snprintf(mutants + mutants_len, sizeof mutants - mutants_len, " %d", pid);
  if (++nmutants == MUTANTS_LINE)
    mutants_flush();
}

/* Write a mutated copy of an ELF file and exec it in a child under a
 * timer.  The kernel must refuse it (-1) or run it; either way survive
 * and leak nothing.  An unmutated copy must run and exit 0. */
static void
exec_mutated(struct worker *w)
{
  if (w->nsrc == 0)
    return;
  int k = below(&w->rs, w->nsrc);
  int n = w->srclen[k];
  memmove(elfbuf, elfsrc[k], n);
  int pristine = below(&w->rs, 16) == 0;
  int expect = EXPECT_ANY;
  if (!pristine)
    n = mutate(w, n, &expect);
  char path[24];
  ut_snprintf(path, sizeof path, "%s/e", w->dir);
  int fd = open(path, O_CREATE | O_TRUNC | O_WRONLY);
  if (fd < 0) {
    /* the fuzzed calls may have filled the descriptor table */
    for (int i = 0; i < 4; i++)
      close(i);
    if ((fd = open(path, O_CREATE | O_TRUNC | O_WRONLY)) < 0)
      return;
  }
  int r = write(fd, elfbuf, n);
  close(fd);
  if (r != n)
    return;
  w->res.execs++;
  int pid = fork();
  if (pid < 0)
    return;
  if (pid == 0) {
    /* standard output: a pipe whose read end stays open in the program,
     * so that an intact echo can write its line */
    int p[2];
    char *argv[] = { "e", "x", 0 };
    for (int fd = 0; fd < FD_TRACE; fd++)
      close(fd);
    if (pipe(p) != 0 || p[1] != 1)
      exit(EXEC_FAILED + 1);
    exec(path, argv);
    exit(EXEC_FAILED);
  }
  int hung;
  int ticks = exec_ticks(w);
  int early = ticks < EXEC_SECS * ut_hz;
  int st = run_bounded(w, pid, ticks, &hung);
  if (!pristine)
    mutant(pid);
  if (early && hung) {
    w->res.early++;     /* killed while it may still have been in exec */
    return;
  }
  if (expect == EXPECT_REFUSE && st != EXEC_FAILED)
    WFAIL(w, "worker %d: exec of a mutated ELF that must be refused (bad header or segment) "
          "gave status %d", w->id, st);
  if (hung)
    w->res.hung++;
  else if (st == EXEC_FAILED)
    w->res.refused++;
  else if (st == -1)
    w->res.killed++;
  else
    w->res.ran++;
  if (pristine && st != 0)
    WFAIL(w, "worker %d: exec of an unmutated copy of ELF %d gave status %d%s",
          w->id, k, st, hung ? " (hung)" : "");
}

/* ---------------------------------------------------------------- the worker */

/* -profile 1: each worker prints the time its calls took, per number
 * (PROF_EXEC: mutated-ELF execs, 0: unknown numbers), in ms. */
static void
profile(struct worker *w)
{
  char line[200];
  for (int c = 0; c < PROF_SLOTS; c++) {
    if (prof_n[c] == 0)
      continue;
    int n = ut_snprintf(line, sizeof line, "fz w%d profile: call %d: %lu calls, %lu ms\n",
                        w->id, c, prof_n[c], prof_time[c] / 10000);
    write(FD_TRACE, line, n);
  }
}

static void
worker_end(struct worker *w, int failed)
{
  mutants_flush();
  w->res.failed = failed;
  w->res.id = w->id;
  write(FD_RESULT, &w->res, sizeof w->res);
  exit(failed ? 1 : 0);
}

/* Put descriptor fd at number to (the lowest free numbers below to are
 * filled with copies first, then closed). */
static int
move_fd(int fd, int to)
{
  int tmp[NOFILE], n = 0, got = -1;
  while (n < NOFILE) {
    int d = dup(fd);
    if (d < 0)
      break;
    if (d == to) {
      got = d;
      break;
    }
    tmp[n++] = d;
    if (d > to)
      break;
  }
  while (n > 0)
    close(tmp[--n]);
  return got;
}

static void
worker(int id, int resfd)
{
  struct worker w;
  uint64 canary[16];

  if (privdrop() != 0)
    fail("worker %d: privdrop() failed", id);
  memset(&w, 0, sizeof w);
  w.id = id;
  w.pid = getpid();
  w.rs = splitmix(opt_seed + splitmix(id + 1)) | 1;
  ut_snprintf(w.dir, sizeof w.dir, "/ut_fz%d", id);

  /* descriptors: the result pipe at FD_RESULT, the console at FD_TRACE,
   * nothing else */
  if (move_fd(resfd, FD_RESULT) != FD_RESULT || move_fd(1, FD_TRACE) != FD_TRACE)
    fail("worker %d: cannot set up its descriptors", id);
  for (int fd = 0; fd < FD_TRACE; fd++)
    close(fd);
  if (chdir(w.dir) < 0)
    WFAIL(&w, "worker %d: cannot chdir to %s", id, w.dir);

  /* layout: text+data, guard page, stack, heap (docs/kernel.md) */
  w.guard = PGROUNDUP((uint64)end);
  w.heapstart = w.guard + PGSIZE + USERSTACK * PGSIZE;
  uint64 sp = (uint64)&w;
  if (sp < w.guard + PGSIZE || sp >= w.heapstart)
    WFAIL(&w, "worker %d: stack at %p is not between guard %p and heap %p",
          id, sp, w.guard, w.heapstart);
  w.base = cur_brk();
  if (sbrk(FZSIZE) == (char *)-1)
    WFAIL(&w, "worker %d: sbrk(%d) failed", id, FZSIZE);
  w.brk = cur_brk();
  memset((void *)w.base, 0, FZSIZE);

  for (int i = 0; i < MAXARG + 8; i++)
    argv_many[i] = "a";
  load_source(&w, "/echo");
  load_source(&w, "/m/echo");
  struct stat cst;
  if (stat("/console", &cst) < 0 || cst.type != T_DEVICE)
    WFAIL(&w, "worker %d: no /console device to stay away from", id);
  console_ino = cst.ino;

  /* what must survive the fuzzing */
  for (int i = 0; i < 16; i++)
    canary[i] = splitmix(w.rs + i);
  uint64 textsum = cksum((uchar *)text_start, (uint64)text_marker);
  uint64 canarysum = cksum((uchar *)canary, sizeof canary);

  int every = opt_execs > 0 ? opt_calls / opt_execs : 0;
  long mexecs = 0;
  for (w.i = 0; w.i < opt_calls; w.i++) {
    uint64 t = rd_time();
    int c = fuzz_one(&w);
    prof_time[c] += rd_time() - t;
    prof_n[c]++;
    if (every && w.i % every == every - 1 && mexecs < opt_execs) {
      mexecs++;
      t = rd_time();
      exec_mutated(&w);
      prof_time[PROF_EXEC] += rd_time() - t;
      prof_n[PROF_EXEC]++;
    }
  }
  if (opt_profile)
    profile(&w);
  while (w.nkids > 0)
    reap_one(&w);
  while (wait(0) >= 0)
    ;

  if (cksum((uchar *)text_start, (uint64)text_marker) != textsum)
    WFAIL(&w, "worker %d: its text changed", id);
  if (cksum((uchar *)canary, sizeof canary) != canarysum)
    WFAIL(&w, "worker %d: its stack canary changed", id);
  if (getpid() != w.pid)
    WFAIL(&w, "worker %d: getpid changed", id);
  worker_end(&w, 0);
}

/* ---------------------------------------------------------------- the test */

/* Remove dir and everything below it. */
static void
rmtree(char *path, int depth)
{
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return;
  struct stat st;
  if (fstat(fd, &st) < 0 || st.type != T_DIR || depth > 20) {
    close(fd);
    unlink(path);
    return;
  }
  char sub[MAXPATH];
  struct { ushort inum; char name[14]; } de;
  int len = strlen(path);
  while (read(fd, &de, sizeof de) == sizeof de) {
    if (de.inum == 0)
      continue;
    char name[15];
    memmove(name, de.name, 14);
    name[14] = 0;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
      continue;
    if (len + 2 + strlen(name) > sizeof sub)
      continue;
    memmove(sub, path, len);
    sub[len] = '/';
    strcpy(sub + len + 1, name);
    if (unlink(sub) < 0)
      rmtree(sub, depth + 1);
  }
  close(fd);
  unlink(path);
}

/* The kernel still forks, execs and pipes: echo a word through a pipe. */
static void
check_alive(void)
{
  int p[2];
  xpipe(p);
  int pid = xfork();
  if (pid == 0) {
    close(1);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    char *argv[] = { "echo", "alive", 0 };
    exec("/echo", argv);
    exit(EXEC_FAILED);
  }
  close(p[1]);
  char buf[16];
  int n = 0, r;
  while (n < (int)sizeof buf - 1 && (r = read(p[0], buf + n, sizeof buf - 1 - n)) > 0)
    n += r;
  buf[n] = 0;
  close(p[0]);
  int st = xwait(pid);
  CHECK(st == 0 && strcmp(buf, "alive\n") == 0,
        "after fuzzing, echo through a pipe gave status %d and \"%s\"", st, buf);
}

/* The run's seed: -seed S, or a fresh one (the same for every test that
 * asks, so one printed seed replays the run). */
uint64
ut_seed(void)
{
  if (!opt_seed_given) {
    opt_seed = (rd_time() ^ (rd_cycle() << 17)) % 1000000000000ULL;
    opt_seed_given = 1;
  }
  return opt_seed;
}

int
ut_injections(void)
{
  return opt_injections;
}

int
ut_target(void)
{
  return opt_target;
}

static void
hostile(void)
{
  uint64 seed = ut_seed();
  int nw = opt_workers;
  ut_printf("fuzz: seed %lu, %d workers x %d calls, %d mutated execs each\n",
            seed, nw, opt_calls, opt_execs);

  char dir[16];
  for (int i = 0; i <= nw; i++) {
    ut_snprintf(dir, sizeof dir, i < nw ? "/ut_fz%d" : "/ut_fzs", i);
    rmtree(dir, 0);
    CHECK(mkdir(dir) == 0, "cannot make %s", dir);
  }
  int res[2];
  xpipe(res);
  uint64 t0 = rd_time();
  int pids[12];
  for (int i = 0; i < nw; i++) {
    pids[i] = xfork();
    if (pids[i] == 0) {
      close(res[0]);
      worker(i, res[1]);
    }
  }

  int status[12];
  for (int i = 0; i < nw; i++)
    status[i] = 0x7fff;
  for (int n = 0; n < nw; n++) {
    int st;
    int pid = wait(&st);
    CHECK(pid > 0, "lost workers: wait returned %d", pid);
    for (int i = 0; i < nw; i++)
      if (pids[i] == pid)
        status[i] = st;
  }
  uint64 secs = (rd_time() - t0) / 10000000;

  /* Results: one record per worker that got to its end, then ours with
   * id -1.  (Reading to EOF could hang on a stray holder of the pipe.) */
  struct result all[12], r;
  int got[12] = { 0 };
  memset(&r, 0, sizeof r);
  r.id = -1;
  xwrite(res[1], &r, sizeof r);
  close(res[1]);
  while (read(res[0], &r, sizeof r) == sizeof r && r.id != -1) {
    /* a worker's forked child may report a failure with its id too */
    if (r.id >= 0 && r.id < nw && !(got[r.id] && all[r.id].failed)) {
      if (!got[r.id] || r.failed)
        all[r.id] = r;
      got[r.id] = 1;
    }
  }
  close(res[0]);

  for (int i = 0; i <= nw; i++) {
    ut_snprintf(dir, sizeof dir, i < nw ? "/ut_fz%d" : "/ut_fzs", i);
    rmtree(dir, 0);
    struct stat st;
    CHECK(stat(dir, &st) < 0, "cannot remove %s after the run", dir);
  }

  long calls = 0, execs = 0, refused = 0, ran = 0, killed = 0, hung = 0;
  long hexecs = 0, early = 0;
  for (int i = 0; i < nw; i++) {
    if (got[i] && all[i].failed)
      fail("seed %lu: %s", seed, all[i].msg);
    if (status[i] == -1)
      fail("seed %lu: worker %d was killed by the kernel (see its console line)", seed, i);
    if (!got[i] || status[i] != 0)
      fail("seed %lu: worker %d exited with status %d%s", seed, i, status[i],
           got[i] ? "" : " without a result");
    calls += all[i].calls;
    execs += all[i].execs;
    refused += all[i].refused;
    ran += all[i].ran;
    killed += all[i].killed;
    hung += all[i].hung;
    hexecs += all[i].hexecs;
    early += all[i].early;
  }
  check_alive();
  ut_printf("fuzz: seed %lu, %ld calls, %ld execs (mutated ELF: %ld refused, %ld ran, "
            "%ld killed, %ld hung, %ld killed early; %ld hostile execs) in %lu s\n",
            seed, calls, execs, refused, ran, killed, hung, early, hexecs, secs);
}


/* ---------------------------------------------------------------- exec draining memory */

/* A bystander: grow the heap by 256 KiB, touch every page, give it back;
 * for about secs seconds.  Killed (status -1) if a fault finds no frame. */
static void
bystander(uint64 secs)
{
  uint64 until = rd_time() + secs * 10000000ULL;
  while (rd_time() < until) {
    char *p = sbrk(256 * 1024);
    if (p == (char *)-1)
      continue;
    for (int i = 0; i < 256 * 1024; i += PGSIZE)
      p[i] = 1;
    sbrk(-256 * 1024);
  }
}

/* exec of a file whose data segment is 1 GiB: exec builds the new image
 * aside, frame by frame, until it finds that the frames cannot all be had
 * (it leaves the last US_EXEC_KEEP to running processes).  Every such exec
 * must be refused, and processes that fault meanwhile must not be killed
 * for lack of memory.  Done with /echo, then with /m/echo: the failed
 * mirrored image has pages above its size whose mirrors share a leaf
 * table with the mirrors below it (the skew), which its free must drop
 * before that leaf goes (an exit that freed the leaf first panicked:
 * "us: page pair broken"). */
static void
exec_drain_of(const char *src, int secs)
{
  struct worker w;
  memset(&w, 0, sizeof w);
  load_source(&w, src);
  CHECK(w.nsrc == 1, "cannot load %s", src);
  int n = w.srclen[0];
  memmove(elfbuf, elfsrc[0], n);
  uint64 phoff = *(uint64 *)(elfbuf + 32);
  int phnum = *(ushort *)(elfbuf + 56), last = -1;
  for (int i = 0; i < phnum; i++)
    if (*(uint *)(elfbuf + phoff + i * 56) == 1)
      last = i;
  CHECK(last >= 0, "no PT_LOAD in %s", src);
  put64(elfbuf + phoff + last * 56 + 40, 0x40000000);   /* p_memsz: 1 GiB */
  int fd = xopen("ut_drain", O_CREATE | O_TRUNC | O_WRONLY);
  xwrite(fd, elfbuf, n);
  close(fd);

  int by[2];
  for (int i = 0; i < 2; i++) {
    by[i] = xfork();
    if (by[i] == 0) {
      bystander(secs + 2);
      exit(0);
    }
  }
  int refused = 0, rounds = 0, killed = 0, left = 2;
  uint64 until = rd_time() + secs * 10000000ULL;
  while (rd_time() < until || left > 0) {
    int pid = -1;
    if (rd_time() < until) {
      pid = xfork();
      if (pid == 0) {
        char *argv[] = { "ut_drain", 0 };
        exec("ut_drain", argv);
        exit(EXEC_FAILED);
      }
      rounds++;
    }
    /* reap the exec child, and the bystanders as they end */
    for (;;) {
      int st;
      int w = wait(&st);
      CHECK(w > 0, "lost children");
      if (w == by[0] || w == by[1]) {
        killed += st == -1;
        left--;
        if (pid < 0)
          break;
      } else {
        refused += st == EXEC_FAILED;
        break;
      }
    }
  }
  unlink("ut_drain");
  CHECK(refused == rounds, "exec of a 1 GiB segment of %s was not refused (%d of %d)", src,
        refused, rounds);
  CHECK(killed == 0, "%d of 2 bystanders were killed while %d execs of a 1 GiB segment of %s "
        "were refused", killed, rounds, src);
}

static void
exec_drain(void)
{
  exec_drain_of("/echo", 3);
  exec_drain_of("/m/echo", 3);
}

const struct utest fuzz_tests[] = {
  { "fuzz.hostile", hostile, 400, 0 },
  { "fuzz.execdrain", exec_drain, 60, 0 },
  { 0 },
};
