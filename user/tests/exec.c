/* usertests: exec -- many and long arguments, too many arguments,
 * files that are not programs, descriptors surviving exec.
 *
 * The exec'ed program is /usertests itself with a hidden first
 * argument: usertests -argcheck N:L ARG...  checks that it got N
 * arguments in all, each generated ARG L characters long, and exits 0
 * if so.  usertests -argcheck fd K writes "ok" to descriptor K. */
#include "user/tests/ut.h"

#define SELF "/usertests"

static void
gen_arg(char *dst, int idx, int len)
{
  for (int k = 0; k < len; k++)
    dst[k] = 'a' + (idx * 7 + k) % 26;
  dst[len] = 0;
}

static int
parse_int(const char **s)
{
  int v = 0;
  while (**s >= '0' && **s <= '9')
    v = v * 10 + (*(*s)++ - '0');
  return v;
}

int
exec_helper(int argc, char **argv)
{
  if (argc == 4 && strcmp(argv[2], "fd") == 0) {
    int fd = atoi(argv[3]);
    return write(fd, "ok", 2) == 2 ? 0 : 1;
  }
  if (argc < 3)
    return 10;
  const char *s = argv[2];
  int n = parse_int(&s);
  if (*s++ != ':')
    return 11;
  int len = parse_int(&s);
  if (argc != n)
    return 12;
  static char want[8192];
  for (int i = 3; i < argc; i++) {
    if (len >= (int)sizeof want)
      return 13;
    gen_arg(want, i, len);
    if (strcmp(argv[i], want) != 0)
      return 14;
  }
  if (argv[argc] != 0)
    return 15;
  return 0;
}

/* Build argv for n arguments in all, each generated one len long, and
 * exec it in a child.  Returns the child's exit status, or -1000 if the
 * exec call itself returned -1 in the child. */
static int
exec_args(int n, int len)
{
  int pid = xfork();
  if (pid == 0) {
    char **argv = (char **)sbrk((n + 1) * sizeof(char *));
    char *space = sbrk(n * (len + 1) + 64);
    if (argv == (char **)-1 || space == (char *)-1)
      fail("sbrk for arguments failed");
    static char spec[32];
    ut_snprintf(spec, sizeof spec, "%d:%d", n, len);
    argv[0] = SELF;
    argv[1] = "-argcheck";
    argv[2] = spec;
    for (int i = 3; i < n; i++) {
      argv[i] = space + (uint64)i * (len + 1);
      gen_arg(argv[i], i, len);
    }
    argv[n] = 0;
    exec(SELF, argv);
    exit(77);   /* exec failed and we are still here */
  }
  int st = xwait(pid);
  return st == 77 ? -1000 : st;
}

static void
many_args(void)
{
  int st = exec_args(3, 0);
  CHECK(st == 0, "exec with no extra arguments: status %d", st);
  st = exec_args(10, 5);
  CHECK(st == 0, "exec with 10 arguments: status %d", st);
  st = exec_args(MAXARG - 1, 20);
  CHECK(st == 0, "exec with MAXARG-1 = %d arguments: status %d", MAXARG - 1, st);
}

static void
long_args(void)
{
  /* about 45 KiB of argument strings: fits in a 64 KiB stack */
  int st = exec_args(MAXARG - 1, 1500);
  CHECK(st == 0, "exec with %d arguments of 1500 bytes: status %d", MAXARG - 1, st);
  st = exec_args(4, 3000);
  CHECK(st == 0, "exec with 3000-byte arguments: status %d", st);
}

static void
too_many_args(void)
{
  int st = exec_args(MAXARG + 1, 3);
  CHECK(st == -1000, "exec with MAXARG+1 = %d arguments did not return -1 (status %d)",
        MAXARG + 1, st);
  st = exec_args(MAXARG + 40, 3);
  CHECK(st == -1000, "exec with %d arguments did not return -1 (status %d)", MAXARG + 40, st);
  /* more argument bytes than the stack holds */
  int kib = USERSTACK * PGSIZE / 1024;
  int len = (USERSTACK * PGSIZE) / (MAXARG - 4) + 200;
  if (len < 4000) {
    st = exec_args(MAXARG - 1, len);
    CHECK(st == -1000, "exec with %d arguments of %d bytes (more than the %d KiB stack) "
          "did not return -1 (status %d)", MAXARG - 1, len, kib, st);
  }
}

static void
exec_not_program(void)
{
  char *argv[] = { "x", 0 };
  CHECK(exec("/ut_no_such_program", argv) == -1, "exec of a missing file did not return -1");
  CHECK(exec("/", argv) == -1, "exec of a directory did not return -1");
  CHECK(exec("", argv) == -1, "exec of an empty path did not return -1");
  CHECK(exec("/README", argv) == -1,
        "exec of a text file did not return -1");
  /* a file with a broken ELF header */
  int fd = xopen("ut_fakeelf", O_CREATE | O_WRONLY | O_TRUNC);
  static char hdr[256];
  hdr[0] = 0x7f; hdr[1] = 'E'; hdr[2] = 'L'; hdr[3] = 'F';
  hdr[4] = 2; hdr[5] = 1; hdr[6] = 1;
  for (int i = 16; i < (int)sizeof hdr; i++)
    hdr[i] = (char)0xff;   /* absurd header fields */
  xwrite(fd, hdr, sizeof hdr);
  close(fd);
  CHECK(exec("ut_fakeelf", argv) == -1, "exec of a corrupt ELF file did not return -1");
  /* a truncated real program */
  int in = xopen(SELF, O_RDONLY);
  fd = xopen("ut_trunc", O_CREATE | O_WRONLY | O_TRUNC);
  static char buf[2048];
  int r = read(in, buf, sizeof buf);
  CHECK(r == (int)sizeof buf, "could not read %s", SELF);
  xwrite(fd, buf, r);
  close(fd);
  close(in);
  int pid = xfork();
  if (pid == 0) {
    char *av[] = { "ut_trunc", "-argcheck", "3:0", 0 };
    exec("ut_trunc", av);
    exit(77);
  }
  int st = xwait(pid);
  CHECK(st == 77 || st == -1, "exec of a truncated program: status %d", st);
  unlink("ut_fakeelf");
  unlink("ut_trunc");
  /* still alive after all that */
  CHECK(getpid() == ut_testpid, "test process changed identity");
}

/* Open descriptors survive exec. */
static void
exec_keeps_fds(void)
{
  int fds[2];
  xpipe(fds);
  int pid = xfork();
  if (pid == 0) {
    close(fds[0]);
    char num[8];
    ut_snprintf(num, sizeof num, "%d", fds[1]);
    char *argv[] = { SELF, "-argcheck", "fd", num, 0 };
    exec(SELF, argv);
    exit(77);
  }
  close(fds[1]);
  char buf[4] = { 0 };
  int n = read(fds[0], buf, sizeof buf);
  close(fds[0]);
  CHECK(xwait(pid) == 0, "exec'ed helper failed");
  CHECK(n == 2 && buf[0] == 'o' && buf[1] == 'k', "descriptor did not survive exec");
}

/* A big process exec'ing a small program gives its memory back. */
static void
exec_frees_memory(void)
{
  uint64 f0 = frames_free();
  for (int i = 0; i < 5; i++) {
    int pid = xfork();
    if (pid == 0) {
      char *p = sbrk(300 * PGSIZE);
      if (p == (char *)-1)
        exit(1);
      for (int k = 0; k < 300; k++)
        p[(uint64)k * PGSIZE] = 1;
      char *argv[] = { SELF, "-argcheck", "3:0", 0 };
      exec(SELF, argv);
      exit(77);
    }
    CHECK(xwait(pid) == 0, "exec after sbrk failed");
  }
  uint64 f1 = frames_free();
  CHECK(f0 == f1, "%ld frames free before, %ld after 5 sbrk+exec rounds", (long)f0, (long)f1);
}

const struct utest exec_tests[] = {
  { "exec.manyargs", many_args, 30, 0 },
  { "exec.longargs", long_args, 30, 0 },
  { "exec.toomany", too_many_args, 30, 0 },
  { "exec.notprog", exec_not_program, 30, 0 },
  { "exec.fds", exec_keeps_fds, 30, 0 },
  { "exec.frees", exec_frees_memory, 60, 0 },
  { 0 },
};
