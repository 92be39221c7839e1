/* stressfs: concurrent file-system stress test.
 *
 *   stressfs [workers [files [rounds]]]     (defaults 4 8 2)
 *
 * Each worker is a child process with a directory of its own,
 * sfs<worker>.  Every round it creates its files, writes them in chunks
 * of a pattern unique to (worker, file, chunk), reads them all back and
 * compares, then deletes them and checks that they are gone.  File 0 is
 * large enough to need the indirect block.  The workers run at the same
 * time, so their transactions share the log and the block allocator.
 * Exit status 0 only when every worker found every byte it wrote. */

#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/lib/ulib.h"

#define CHUNK     512
#define BIGCHUNKS 40            /* file 0: 20 KiB */
#define MAXWORK   16

static char wbuf[CHUNK], rbuf[CHUNK];
static char dir[16], path[32];

static void
fill(char *buf, int w, int f, int c)
{
  int j;

  for (j = 0; j < CHUNK; j++)
    buf[j] = w*131 + f*31 + c*7 + j;
}

static int
nchunks(int w, int f)
{
  return f == 0 ? BIGCHUNKS : 1 + (w + f) % 12;
}

/* Write v in decimal at p; returns the end (NUL-terminated). */
static char *
put_uint(char *p, uint v)
{
  char tmp[12];
  int n = 0;

  do
    tmp[n++] = '0' + v % 10;
  while ((v /= 10) != 0);
  while (n > 0)
    *p++ = tmp[--n];
  *p = 0;
  return p;
}

static char *
file_path(int f)
{
  char *p = path;

  strcpy(p, dir);
  p += strlen(p);
  strcpy(p, "/f");
  put_uint(p + 2, f);
  return path;
}

/* Report a failure of worker w; returns 1 for counting. */
static int
failed(int w, const char *what, int f)
{
  fprintf(2, "stressfs: worker %d: %s %s\n", w, what, file_path(f));
  return 1;
}

static int
write_file(int w, int f)
{
  int fd, c;

  if ((fd = open(file_path(f), O_CREATE | O_WRONLY | O_TRUNC)) < 0)
    return failed(w, "cannot create", f);
  for (c = 0; c < nchunks(w, f); c++) {
    fill(wbuf, w, f, c);
    if (write(fd, wbuf, CHUNK) != CHUNK) {
      close(fd);
      return failed(w, "short write to", f);
    }
  }
  close(fd);
  return 0;
}

static int
check_file(int w, int f)
{
  int fd, c, n;

  if ((fd = open(file_path(f), O_RDONLY)) < 0)
    return failed(w, "cannot open", f);
  for (c = 0; c < nchunks(w, f); c++) {
    fill(wbuf, w, f, c);
    if (read(fd, rbuf, CHUNK) != CHUNK || memcmp(wbuf, rbuf, CHUNK) != 0) {
      close(fd);
      return failed(w, "wrong contents in", f);
    }
  }
  n = read(fd, rbuf, 1);
  close(fd);
  return n != 0 ? failed(w, "too long:", f) : 0;
}

static int
remove_file(int w, int f)
{
  int fd;

  if (unlink(file_path(f)) < 0)
    return failed(w, "cannot unlink", f);
  if ((fd = open(file_path(f), O_RDONLY)) >= 0) {
    close(fd);
    return failed(w, "still there after unlink:", f);
  }
  return 0;
}

/* One worker's whole run; returns its error count. */
static int
worker(int w, int nfiles, int rounds)
{
  int r, f, errs = 0;

  strcpy(dir, "sfs");
  put_uint(dir + 3, w);
  if (mkdir(dir) < 0) {
    fprintf(2, "stressfs: worker %d: cannot create %s\n", w, dir);
    return 1;
  }
  for (r = 0; r < rounds; r++) {
    for (f = 0; f < nfiles; f++)
      errs += write_file(w, f);
    for (f = 0; f < nfiles; f++)
      errs += check_file(w, f);
    for (f = 0; f < nfiles; f++)
      errs += remove_file(w, f);
  }
  if (unlink(dir) < 0) {
    fprintf(2, "stressfs: worker %d: cannot remove %s\n", w, dir);
    errs++;
  }
  return errs;
}

int
main(int argc, char *argv[])
{
  int nwork = argc > 1 ? atoi(argv[1]) : 4;
  int nfiles = argc > 2 ? atoi(argv[2]) : 8;
  int rounds = argc > 3 ? atoi(argv[3]) : 2;
  int w, pid, st, bad = 0, started = 0;

  if (nwork < 1 || nwork > MAXWORK || nfiles < 1 || rounds < 1)
    die("usage: stressfs [workers (1-%d) [files [rounds]]]", MAXWORK);
  for (w = 0; w < nwork; w++) {
    if ((pid = fork()) == 0)
      exit(worker(w, nfiles, rounds) != 0);
    if (pid < 0) {
      fprintf(2, "stressfs: fork failed\n");
      bad++;
      break;
    }
    started++;
  }
  for (; started > 0; started--) {
    if (wait(&st) < 0)
      die("stressfs: wait failed");
    bad += st != 0;
  }
  if (bad) {
    fprintf(2, "stressfs: FAILED (%d workers)\n", bad);
    return 1;
  }
  printf("stressfs: ok (%d workers, %d files, %d rounds)\n", nwork, nfiles, rounds);
  return 0;
}
