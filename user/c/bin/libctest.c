/* libctest: an ordinary C program against the C library (picolibc over
 * MemV6's system calls).  It prints what it computes between the lines
 * "libctest: begin" and "libctest: end"; the test driver (tests/run.py,
 * stage 8) compares that with tests/libc/libctest.expected, natively and
 * as /m/libctest, and checks the exit status, 3.  Nothing printed depends
 * on addresses or on the time of day. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define FILE_NAME "libctest.txt"
#define EXIT_STATUS 3

static void
check(int ok, const char *what)
{
  if (!ok)
    printf("FAIL %s (errno %d)\n", what, errno);
}

static void
formats(void)
{
  printf("int %d %u %ld %x %05d|%-4d|%+d\n", -42, 42u, -1234567890123L, 0xbeef, 42, 7, 5);
  printf("double %.3f %g %e %.10g %g\n", 3.14159, 0.1, 12345.678, 1.0 / 3, -0.0);
  printf("math %.6f %.6f %.1f\n", sqrt(2.0), exp(1.0), floor(-2.5));
  char buf[32];
  const char *volatile word = "truncated";      /* volatile: no warning about the cut */
  int n = snprintf(buf, 8, "%s-%d", word, 12345);
  printf("snprintf %d \"%s\"\n", n, buf);
}

/* Blocks keep their contents through realloc and the heap grows past
 * the first sbrk; an impossible size gives NULL and ENOMEM. */
static void
heap(void)
{
  int *a = malloc(1000 * sizeof *a);
  check(a != NULL, "malloc 1000 ints");
  for (int i = 0; i < 1000; i++)
    a[i] = i * 7;
  a = realloc(a, 200000 * sizeof *a);
  check(a != NULL, "realloc to 200000 ints");
  long sum = 0;
  for (int i = 0; i < 1000; i++)
    sum += a[i];
  a[199999] = 1;
  free(a);
  char *small[100];
  for (int i = 0; i < 100; i++) {
    small[i] = malloc(i + 1);
    memset(small[i], 'a' + i % 26, i + 1);
  }
  int intact = 1;
  for (int i = 0; i < 100; i++) {
    intact &= small[i][i] == 'a' + i % 26;
    free(small[i]);
  }
  errno = 0;
  void *huge = malloc((size_t)1 << 40);
  printf("heap sum %ld intact %d huge %s errno %s\n", sum, intact, huge ? "got" : "NULL",
         errno == ENOMEM ? "ENOMEM" : "other");
}

static void
numbers(void)
{
  char *end;
  double d = strtod("  -1.5e3xyz", &end);
  printf("strtod %g rest \"%s\"\n", d, end);
  printf("strtod hex %g\n", strtod("0x1p-2", NULL));
  errno = 0;
  d = strtod("1e400", NULL);
  printf("strtod 1e400 %s erange %d\n", isinf(d) ? "inf" : "finite", errno == ERANGE);
  printf("strtol %ld atoi %d\n", strtol("-0x7f", NULL, 16), atoi("  123abc"));
}

static jmp_buf env;

static void deep(int n);
/* Called through a volatile pointer: a real frame at each level (and no
 * compiler warning about the recursion, which only longjmp ends). */
static void (*volatile descend)(int) = deep;

/* n frames deep, then back to setjmp's caller at once. */
static void
deep(int n)
{
  if (n == 0)
    longjmp(env, 7);
  descend(n - 1);
  printf("FAIL returned from deep\n");
}

static void
jumps(void)
{
  volatile int tries = 0;
  int v = setjmp(env);
  tries++;
  if (v == 0)
    deep(50);
  printf("longjmp value %d after %d setjmp returns\n", v, tries);
}

/* Write lines, read them back, move around with fseek/ftell, append,
 * overwrite in the middle, and compare the size stat reports. */
static void
files(void)
{
  char line[64];
  FILE *f = fopen(FILE_NAME, "w");
  check(f != NULL, "fopen w");
  for (int i = 1; i <= 3; i++)
    fprintf(f, "line %d of %d\n", i, 3);
  check(fclose(f) == 0, "fclose w");
  f = fopen(FILE_NAME, "r");
  check(f != NULL, "fopen r");
  while (fgets(line, sizeof line, f))
    printf("read: %s", line);
  printf("eof %d ftell %ld\n", feof(f) != 0, ftell(f));
  check(fseek(f, 5, SEEK_SET) == 0, "fseek SET");
  printf("at %ld: %s", ftell(f), fgets(line, sizeof line, f));
  check(fseek(f, -5, SEEK_END) == 0, "fseek END");
  size_t n = fread(line, 1, sizeof line, f);
  printf("last %zu bytes at %ld: %.4s\n", n, ftell(f) - (long)n, line);
  errno = 0;
  printf("fseek past the end %d errno EINVAL %d\n", fseek(f, 100, SEEK_END), errno == EINVAL);
  fclose(f);
  f = fopen(FILE_NAME, "a");
  fputs("appended\n", f);
  fclose(f);
  f = fopen(FILE_NAME, "r+");
  fseek(f, 10, SEEK_SET);
  fputc('X', f);
  fseek(f, 0, SEEK_SET);
  while (fgets(line, sizeof line, f))
    printf("now: %s", line);
  fclose(f);
  struct stat st;
  check(stat(FILE_NAME, &st) == 0, "stat");
  printf("size %ld regular %d\n", (long)st.st_size, S_ISREG(st.st_mode));
  check(unlink(FILE_NAME) == 0, "unlink");
}

static void
errors(void)
{
  errno = 0;
  FILE *f = fopen("no/such/file", "r");
  printf("missing file: %s, errno ENOENT %d: %s\n", f ? "opened" : "NULL", errno == ENOENT,
         strerror(errno));
  errno = 0;
  printf("close(99) %d EBADF %d\n", close(99), errno == EBADF);
  printf("lseek(stdout) %ld ESPIPE %d\n", (long)lseek(1, 0, SEEK_CUR), errno == ESPIPE);
}

/* The clock counts from boot: time() agrees with gettimeofday, and
 * neither runs backwards over a little work. */
static void
clocks(void)
{
  struct timeval a, b;
  check(gettimeofday(&a, NULL) == 0, "gettimeofday");
  time_t t = time(NULL);
  clock_t c0 = clock();
  volatile double x = 0;
  for (int i = 0; i < 100000; i++)
    x += i;
  gettimeofday(&b, NULL);
  int forward = b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_usec > a.tv_usec);
  printf("time: forward %d usec in range %d time() agrees %d clock forward %d\n", forward,
         a.tv_usec >= 0 && a.tv_usec < 1000000, t >= a.tv_sec && t <= b.tv_sec, clock() > c0);
}

static void
bye(void)
{
  printf("libctest: end");      /* no newline: exit must flush stdout */
}

int
main(void)
{
  printf("libctest: begin\n");
  atexit(bye);
  formats();
  heap();
  numbers();
  jumps();
  files();
  errors();
  clocks();
  exit(EXIT_STATUS);
}
