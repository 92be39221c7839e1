/* usertests: output formatting and small helpers shared by the tests. */
#include "user/tests/ut.h"
#include "kernel/pagemap.h"
#include <stdarg.h>

/* ---------------------------------------------------------------- format */

struct out {
  char *buf;
  int cap, len;
};

static void
put(struct out *o, char c)
{
  if (o->len < o->cap - 1)
    o->buf[o->len] = c;
  o->len++;
}

static void
put_num(struct out *o, uint64 v, int base, int neg)
{
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  if (neg)
    put(o, '-');
  while (n > 0)
    put(o, tmp[--n]);
}

static int
vformat(char *buf, int cap, const char *fmt, va_list ap)
{
  struct out o = { buf, cap, 0 };
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      put(&o, *fmt);
      continue;
    }
    fmt++;
    int islong = 0;
    while (*fmt == 'l') {
      islong = 1;
      fmt++;
    }
    switch (*fmt) {
    case 'd': {
      long v = islong ? va_arg(ap, long) : va_arg(ap, int);
      put_num(&o, v < 0 ? -(uint64)v : (uint64)v, 10, v < 0);
      break;
    }
    case 'u':
      put_num(&o, islong ? va_arg(ap, uint64) : va_arg(ap, uint), 10, 0);
      break;
    case 'x':
      put_num(&o, islong ? va_arg(ap, uint64) : va_arg(ap, uint), 16, 0);
      break;
    case 'p':
      put(&o, '0');
      put(&o, 'x');
      put_num(&o, va_arg(ap, uint64), 16, 0);
      break;
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (s == 0)
        s = "(null)";
      while (*s)
        put(&o, *s++);
      break;
    }
    case 'c':
      put(&o, (char)va_arg(ap, int));
      break;
    case '%':
      put(&o, '%');
      break;
    case 0:
      fmt--;
      break;
    default:
      put(&o, '%');
      put(&o, *fmt);
    }
  }
  if (cap > 0)
    buf[o.len < cap ? o.len : cap - 1] = 0;
  return o.len;
}

int
ut_snprintf(char *buf, int n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int len = vformat(buf, n, fmt, ap);
  va_end(ap);
  return len;
}

void
ut_printf(const char *fmt, ...)
{
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int len = vformat(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (len > (int)sizeof buf - 1)
    len = sizeof buf - 1;
  write(1, buf, len);
}

void
fail(const char *fmt, ...)
{
  char msg[200], line[256];
  va_list ap;
  va_start(ap, fmt);
  vformat(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (getpid() == ut_testpid) {
    ut_snprintf(line, sizeof line, "FAIL %s: %s\n", ut_current, msg);
    write(1, line, strlen(line));
  } else {
    ut_snprintf(line, sizeof line, "  (%s, child %d: %s)\n", ut_current, getpid(), msg);
    write(1, line, strlen(line));
  }
  exit(UT_CHILDFAIL);
}

/* ---------------------------------------------------------------- helpers */

int
xfork(void)
{
  int pid = fork();
  if (pid < 0)
    fail("fork failed");
  return pid;
}

int
xwait(int pid)
{
  int st = 0;
  int w = wait(&st);
  if (w != pid)
    fail("wait returned %d (status %d), expected child %d", w, st, pid);
  return st;
}

void
xwrite(int fd, const void *p, int n)
{
  int r = write(fd, p, n);
  if (r != n)
    fail("write(%d, .., %d) returned %d", fd, n, r);
}

void
xread(int fd, void *p, int n)
{
  char *c = p;
  while (n > 0) {
    int r = read(fd, c, n);
    if (r <= 0)
      fail("read(%d) returned %d with %d bytes still expected", fd, r, n);
    c += r;
    n -= r;
  }
}

/* Read exactly n bytes (a pipe hands them over in pieces): n, or -1 at
 * the end of the file or on an error. */
int
read_all(int fd, void *p, int n)
{
  char *c = p;

  for (int got = 0, k; got < n; got += k)
    if ((k = read(fd, c + got, n - got)) <= 0)
      return -1;
  return n;
}

int
xopen(const char *path, int mode)
{
  int fd = open(path, mode);
  if (fd < 0)
    fail("open(%s, 0x%x) failed", path, mode);
  return fd;
}

void
xpipe(int fds[2])
{
  if (pipe(fds) < 0)
    fail("pipe() failed");
}

/* Children reaped by xreap while it waited for another one, kept for
 * their own xreap. */
static struct { int pid, st; } reaped[8];

int
xreap(int pid)
{
  for (int i = 0; i < 8; i++)
    if (reaped[i].pid == pid) {
      reaped[i].pid = 0;
      return reaped[i].st;
    }
  for (;;) {
    int st, w = wait(&st);
    if (w < 0)
      fail("wait: child %d is lost", pid);
    if (w == pid)
      return st;
    int i = 0;
    while (i < 8 && reaped[i].pid != 0)
      i++;
    if (i == 8)
      fail("wait returned %d, more children than expected", w);
    reaped[i].pid = w;
    reaped[i].st = st;
  }
}

const char *
ut_status(int st)
{
  static char buf[64];
  if (st == UT_EXECFAILED)
    return "exec returned -1";
  if (st == -1)
    return "killed";
  if (st == UT_CHILDFAIL)
    return "a check failed (see its note)";
  ut_snprintf(buf, sizeof buf, "exit status %d", st);
  return buf;
}

int
run_in_child(void (*fn)(uint64), uint64 arg)
{
  int pid = xfork();
  if (pid == 0) {
    fn(arg);
    exit(0);
  }
  return xwait(pid);
}

int
count_forkable(void)
{
  int fds[2];
  xpipe(fds);
  int n = 0;
  for (;;) {
    int pid = fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      /* Block until the parent closes the write end. */
      char c;
      close(fds[1]);
      read(fds[0], &c, 1);
      exit(0);
    }
    n++;
    if (n > 10 * NPROC)
      fail("fork never fails: %d processes", n);
  }
  close(fds[0]);
  close(fds[1]);
  for (int i = 0; i < n; i++)
    if (wait(0) < 0)
      fail("count_forkable: lost a child");
  return n;
}

uint64
frames_free(void)
{
  struct memstat m;
  if (memstat(&m) < 0)
    fail("memstat failed");
  return m.frames_free;
}

int
ut_mirrored(void)
{
  struct pagemap pm;
  return pagemap(0, 0, &pm, 1) == 1 && (pm.flags & PM_MIRROR) != 0;
}

uint64
pages_usable(void)
{
  uint64 f = frames_free();
  return ut_mirrored() ? f / 2 : f;
}

void
mem_snapshot(struct memstat *m, uint64 acct[MEMSTAT_BANKS])
{
  static struct pagemap pm[32];
  uint64 va = 0;
  int n;

  memset(pm, 0, sizeof pm);           /* our own buffer mapped before the count */
  if (memstat(m) < 0) {
    memset(m, 0, sizeof *m);
    return;
  }
  if (m->nbank > MEMSTAT_BANKS)
    m->nbank = MEMSTAT_BANKS;
  for (int b = 0; b < MEMSTAT_BANKS; b++)
    acct[b] = b < (int)m->nbank ? m->bank_free[b] : 0;
  while ((n = pagemap(0, va, pm, 32)) > 0) {
    for (int i = 0; i < n; i++) {
      if (pm[i].ref == 1 && pm[i].bank < MEMSTAT_BANKS)
        acct[pm[i].bank]++;
      if ((pm[i].flags & PM_MIRROR) && pm[i].mirror_ref == 1 && pm[i].mirror_bank < MEMSTAT_BANKS)
        acct[pm[i].mirror_bank]++;
    }
    va = pm[n - 1].va + PGSIZE;
  }
}

/* Memory hogs: children that each grow their heap by stride_pages at a
 * time and write one byte to the first page of every step, until sbrk
 * refuses (the hog checks its bytes and exits 0) or a fault finds no
 * memory (the kernel kills it: status -1).  With stride 512 each step
 * costs a page-table page and one frame (a sparse heap); with stride 1
 * every page costs a frame.  The hogs wait for hogs_go, so the caller can
 * fork them all and break its own copy-on-write pages first: once memory
 * runs out, whoever faults dies, and that must be a hog. */
static void
hog_run(int go_fd, uint64 stride_pages)
{
  char c;
  uint64 steps = 0;
  char *first = 0;

  read(go_fd, &c, 1);
  for (;;) {
    char *p = sbrk((int)(stride_pages * PGSIZE));
    if (p == (char *)-1)
      break;
    if (first == 0)
      first = p;
    p[0] = (char)(steps * 7 + 1);
    if (++steps > (1UL << 30) / PGSIZE)
      fail("sbrk never refused and no fault ran out of memory");
  }
  for (uint64 i = 0; i < steps; i++)
    if (first[i * stride_pages * PGSIZE] != (char)(i * 7 + 1))
      fail("hog's step %ld lost its byte", (long)i);
  exit(0);
}

void
hogs_start(struct hogs *h, int n, uint64 stride_pages)
{
  if (n > MAXHOGS)
    fail("hogs_start: %d hogs, at most %d", n, MAXHOGS);
  xpipe(h->go);
  h->n = n;
  for (int i = 0; i < n; i++) {
    h->pid[i] = xfork();
    if (h->pid[i] == 0) {
      close(h->go[1]);
      hog_run(h->go[0], stride_pages);
    }
  }
}

void
hogs_go(struct hogs *h)
{
  char c[MAXHOGS] = { 0 };
  xwrite(h->go[1], c, h->n);
  close(h->go[0]);
  close(h->go[1]);
}

/* Wait for every hog; each must have been refused (0) or killed (-1).
 * The number that were killed. */
int
hogs_wait(struct hogs *h)
{
  int killed = 0;
  for (int i = 0; i < h->n; i++) {
    int st, w = wait(&st), j;
    for (j = 0; j < h->n && h->pid[j] != w; j++)
      ;
    if (j == h->n)
      fail("wait returned %d, not one of the hogs", w);
    if (st != 0 && st != -1)
      fail("hog %d ended with status %d (not refused 0 or killed -1)", w, st);
    killed += st == -1;
  }
  return killed;
}
