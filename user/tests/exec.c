/* usertests: exec -- many and long arguments, too many arguments,
 * files that are not programs, descriptors surviving exec.
 *
 * The exec'ed program is /usertests itself with a hidden first
 * argument: usertests -argcheck N:L ARG...  checks that it got N
 * arguments in all, each generated ARG L characters long, and exits 0
 * if so.  usertests -argcheck fd K writes "ok" to descriptor K. */
#include "user/tests/ut.h"
#include "kernel/pagemap.h"
#include "kernel/elf.h"
#include "kernel/syscall.h"

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

/* What a child's exit status says about its exec, for messages. */
static const char *
outcome(int st)
{
  static char buf[48];
  if (st == UT_EXECFAILED)
    return "exec returned -1";
  if (st == -1)
    return "the process was killed (status -1)";
  ut_snprintf(buf, sizeof buf, "the program ran (status %d)", st);
  return buf;
}

/* exec path in a child; the child's status (UT_EXECFAILED if exec
 * returned -1). */
static int
exec_child(const char *path)
{
  int pid = xfork();
  if (pid == 0) {
    char *argv[] = { (char *)path, 0 };
    exec(path, argv);
    exit(UT_EXECFAILED);
  }
  return xwait(pid);
}

/* A minimal program made by hand: the ELF header, one program header,
 * zeros up to TINY_CODE, then three instructions, exit(TINY_STATUS),
 * loaded as one segment at address 0.  The tests below break one field
 * at a time. */
enum { TINY_CODE = PGSIZE, TINY_STATUS = 42 };

struct tiny {
  struct elf_header eh;
  struct elf_phdr ph;
};

static const uint tiny_code[] = {
  0x00000513 | TINY_STATUS << 20,          /* addi a0, zero, TINY_STATUS */
  0x00000893 | SYS_exit << 20,             /* addi a7, zero, SYS_exit */
  0x00000073,                              /* ecall */
};

static void
tiny_make(struct tiny *t)
{
  memset(t, 0, sizeof *t);
  t->eh.magic = ELF_MAGIC;
  t->eh.class = ELFCLASS64;
  t->eh.data = ELFDATA2LSB;
  t->eh.ident_rest[0] = 1;                 /* EI_VERSION */
  t->eh.type = ET_EXEC;
  t->eh.machine = EM_RISCV;
  t->eh.version = 1;
  t->eh.entry = 0;
  t->eh.phoff = sizeof t->eh;
  t->eh.ehsize = sizeof t->eh;
  t->eh.phentsize = sizeof t->ph;
  t->eh.phnum = 1;
  t->ph.type = PT_LOAD;
  t->ph.flags = PF_R | PF_X;
  t->ph.off = TINY_CODE;
  t->ph.vaddr = 0;
  t->ph.filesz = sizeof tiny_code;
  t->ph.memsz = PGSIZE;
  t->ph.align = PGSIZE;
}

/* Write t as the file path, cut to len bytes (the whole file if len is
 * larger). */
static void
tiny_write(const char *path, const struct tiny *t, int len)
{
  static char file[TINY_CODE + sizeof tiny_code];
  memset(file, 0, sizeof file);
  memmove(file, t, sizeof *t);
  memmove(file + TINY_CODE, tiny_code, sizeof tiny_code);
  if (len > (int)sizeof file)
    len = sizeof file;
  int fd = xopen(path, O_CREATE | O_WRONLY | O_TRUNC);
  xwrite(fd, file, len);
  close(fd);
}

/* Break field number i of t.  What was broken, or 0 past the last. */
static const char *
tiny_break(struct tiny *t, int i)
{
  switch (i) {
  case 0:  t->eh.phentsize = 0;                      return "e_phentsize 0";
  case 1:  t->eh.phentsize = 32;                     return "e_phentsize 32";
  case 2:  t->eh.phentsize = sizeof t->ph + 8;       return "e_phentsize 64";
  case 3:  t->eh.phoff += 1ULL << 32;                return "e_phoff 4 GiB + 64";
  case 4:  t->eh.phoff = TINY_CODE + 64;             return "e_phoff past the end";
  case 5:  t->eh.phoff = ~0ULL - 8;                  return "e_phoff 2^64 - 9";
  case 6:  t->eh.phnum = 200;                        return "e_phnum 200";
  case 7:  t->ph.off += 1ULL << 32;                  return "p_offset 4 GiB + 4096";
  case 8:  t->ph.off += 1ULL << 63;                  return "p_offset 2^63 + 4096";
  case 9:  t->ph.off = ~0ULL - 4;                    return "p_offset 2^64 - 5";
  case 10: t->ph.filesz = 100;                       return "p_filesz past the end";
  case 11: t->ph.filesz = t->ph.memsz = (1ULL << 32) + 12;
                                                     return "p_filesz 4 GiB + 12";
  case 12: t->ph.filesz = ~0ULL;  t->ph.memsz = ~0ULL; return "p_filesz 2^64 - 1";
  case 13: t->ph.memsz = 8;                          return "p_filesz > p_memsz";
  case 14: t->ph.vaddr = ~0ULL - PGSIZE + 1; t->ph.memsz = 2 * PGSIZE;
                                                     return "p_vaddr + p_memsz wraps";
  case 15: t->ph.memsz = MIRROR_LIMIT + PGSIZE;      return "p_memsz past the user limit";
  case 16: t->ph.vaddr = 16;                         return "p_vaddr not page-aligned";
  default: return 0;
  }
}

/* Every malformed header gets -1 from exec: the caller lives on, and a
 * 64-bit offset is never cut to a smaller one that happens to work (the
 * unbroken program runs, so each case differs from a working program in
 * one field only). */
static void
exec_bad_elf(void)
{
  struct tiny t;
  tiny_make(&t);
  tiny_write("ut_tiny", &t, 1 << 30);
  int st = exec_child("ut_tiny");
  CHECK(st == TINY_STATUS, "the well-formed tiny program: %s, expected status %d",
        outcome(st), TINY_STATUS);
  const char *what;
  for (int i = 0; (tiny_make(&t), what = tiny_break(&t, i)) != 0; i++) {
    tiny_write("ut_tiny", &t, 1 << 30);
    st = exec_child("ut_tiny");
    CHECK(st == UT_EXECFAILED, "exec with %s: %s, expected exec to return -1",
          what, outcome(st));
  }
  unlink("ut_tiny");
}

/* A program cut short anywhere -- inside the ELF header, the program
 * header table, the padding or the code -- makes exec return -1; the
 * caller is not killed. */
static void
exec_truncated(void)
{
  static const int cuts[] = { 0, 10, 63, 64, 100, sizeof(struct tiny) - 1, sizeof(struct tiny),
                              TINY_CODE, TINY_CODE + 4, TINY_CODE + sizeof tiny_code - 1 };
  struct tiny t;
  tiny_make(&t);
  for (int i = 0; i < (int)(sizeof cuts / sizeof cuts[0]); i++) {
    tiny_write("ut_tiny", &t, cuts[i]);
    int st = exec_child("ut_tiny");
    CHECK(st == UT_EXECFAILED, "exec of the tiny program cut to %d bytes: %s, "
          "expected exec to return -1", cuts[i], outcome(st));
  }
  unlink("ut_tiny");
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
  int st = exec_child("ut_trunc");
  CHECK(st == UT_EXECFAILED, "exec of %s cut to %d bytes: %s, expected exec to return -1",
        SELF, r, outcome(st));
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

/* exec maps a program's stack lazily: cat, after echoing a byte through
 * pipes and blocked reading again, maps its image and the stack page or
 * two its arguments and calls reached -- not the USERSTACK pages of its
 * stack. */
static void
exec_stack_lazy(void)
{
  int in[2], out[2];
  xpipe(in);
  xpipe(out);
  int pid = xfork();
  if (pid == 0) {
    close(0);
    dup(in[0]);
    close(1);
    dup(out[1]);
    close(in[0]);
    close(in[1]);
    close(out[0]);
    close(out[1]);
    char *argv[] = { "/cat", 0 };
    exec("/cat", argv);
    exit(UT_EXECFAILED);
  }
  close(in[0]);
  close(out[1]);
  char c = 0;
  xwrite(in[1], "x", 1);
  xread(out[0], &c, 1);
  struct pagemap pm[64];
  int n = pagemap(pid, 0, pm, 64);
  close(in[1]);
  close(out[0]);
  int st = xwait(pid);
  CHECK(c == 'x' && st == 0, "cat echoed %c, %s", c, ut_status(st));
  CHECK(n > 0 && n < USERSTACK / 2, "cat maps %d pages after its first read (a stack of %d pages)",
        n, USERSTACK);
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
  { "exec.badelf", exec_bad_elf, 60, 0 },
  { "exec.truncated", exec_truncated, 30, 0 },
  { "exec.fds", exec_keeps_fds, 30, 0 },
  { "exec.frees", exec_frees_memory, 60, 0 },
  { "exec.stacklazy", exec_stack_lazy, 30, 0 },
  { 0 },
};
