/* usertests -crash: the in-OS half of the crash-safety test (the host
 * half is tests/run.py).
 *
 *   usertests -crash prep N   build the "old" state under /crash, then arm
 *                             fscrash(N) and change everything to the
 *                             "new" state; the machine dies somewhere in
 *                             the middle (QEMU exits 99).  N = 0: no crash.
 *   usertests -crash check    after a reboot (the log has been replayed):
 *                             every object is wholly old or wholly new and
 *                             the changes form an in-order prefix.  Prints
 *                             "CRASHCHECK ok ..." or "CRASHCHECK bad: ...".
 */
#include "user/tests/ut.h"

#if __has_include("kernel/fs.h")
#include "kernel/fs.h"
#endif
#ifndef BSIZE
#define BSIZE 1024
#endif

#define SMALL   200
#define BIGBLK  30
#define GROWBLK 60
#define NDIRS   8
#define NUNL    10

static char blk[BSIZE];

static void
mkblock(char *b, uint seed, int n)
{
  for (int i = 0; i < BSIZE; i++)
    b[i] = pat(seed, (uint64)n * BSIZE + i);
  b[0] = (char)n;
  b[1] = (char)seed;
}

static int
die_msg(const char *what)
{
  ut_printf("CRASHPREP failed: %s\n", what);
  return 1;
}

static int
write_file(const char *path, int mode, const char *data, int n)
{
  int fd = open(path, mode);
  if (fd < 0)
    return -1;
  int r = write(fd, data, n);
  close(fd);
  return r == n ? 0 : -1;
}

static int
prep(int n)
{
  static char buf[GROWBLK * BSIZE];
  char name[32];
  /* ---- old state (all committed before the crash is armed) */
  if (mkdir("/crash") < 0)
    return die_msg("mkdir /crash");
  for (int i = 0; i < SMALL; i++)
    buf[i] = 'o';
  if (write_file("/crash/small", O_CREATE | O_WRONLY, buf, SMALL) < 0)
    return die_msg("small");
  for (int b = 0; b < BIGBLK; b++)
    mkblock(buf + b * BSIZE, 1, b);
  if (write_file("/crash/big", O_CREATE | O_WRONLY, buf, BIGBLK * BSIZE) < 0)
    return die_msg("big");
  for (int i = 0; i < NUNL; i++) {
    ut_snprintf(name, sizeof name, "/crash/u%d", i);
    if (write_file(name, O_CREATE | O_WRONLY, name, strlen(name)) < 0)
      return die_msg("u files");
  }
  ut_printf("CRASHPREP old state written, arming fscrash(%d)\n", n);

  /* ---- the change, interrupted somewhere */
  if (n > 0 && fscrash(n) < 0)
    return die_msg("fscrash() failed");
  for (int i = 0; i < SMALL; i++)
    buf[i] = 'N';
  write_file("/crash/small", O_WRONLY, buf, SMALL);           /* one block */
  for (int b = 0; b < BIGBLK; b++)
    mkblock(buf + b * BSIZE, 2, b);
  write_file("/crash/big", O_WRONLY, buf, BIGBLK * BSIZE);    /* many blocks */
  for (int i = 0; i < NDIRS; i++) {
    ut_snprintf(name, sizeof name, "/crash/d%d", i);
    mkdir(name);
  }
  for (int i = 0; i < NUNL; i++) {
    ut_snprintf(name, sizeof name, "/crash/u%d", i);
    unlink(name);
  }
  for (int b = 0; b < GROWBLK; b++)
    mkblock(buf + b * BSIZE, 3, b);
  write_file("/crash/grow", O_CREATE | O_WRONLY, buf, GROWBLK * BSIZE);
  write_file("/crash/done", O_CREATE | O_WRONLY, "done", 4);
  ut_printf("CRASHPREP completed without crashing\n");
  return 0;
}

static char why[200];

static int
bad(const char *msg)
{
  ut_snprintf(why, sizeof why, "%s", msg);
  return -1;
}

static long
fsize(int fd)
{
  struct stat st;
  if (fstat(fd, &st) < 0)
    return -1;
  return (long)st.size;
}

/* Returns the stage reached (0 = nothing new), or -1 with why set. */
static int
check(char *summary, int n)
{
  char name[32];
  int len = 0;
  /* small: 200 x 'o' or 200 x 'N' */
  int fd = open("/crash/small", O_RDONLY);
  if (fd < 0)
    return bad("/crash/small is missing");
  static char buf[GROWBLK * BSIZE + 1];
  int r = read(fd, buf, SMALL + 1);
  close(fd);
  if (r != SMALL)
    return bad("/crash/small has the wrong size");
  for (int i = 1; i < SMALL; i++)
    if (buf[i] != buf[0])
      return bad("/crash/small is a mix of old and new bytes");
  if (buf[0] != 'o' && buf[0] != 'N')
    return bad("/crash/small holds garbage");
  int small_new = buf[0] == 'N';
  len += ut_snprintf(summary + len, n - len, "small=%s", small_new ? "new" : "old");

  /* big: each block old or new, new ones a prefix */
  fd = open("/crash/big", O_RDONLY);
  if (fd < 0)
    return bad("/crash/big is missing");
  if (fsize(fd) != BIGBLK * BSIZE) {
    close(fd);
    return bad("/crash/big changed size");
  }
  int newblocks = 0, seen_old = 0;
  for (int b = 0; b < BIGBLK; b++) {
    if (read(fd, buf, BSIZE) != BSIZE) {
      close(fd);
      return bad("/crash/big short read");
    }
    mkblock(blk, 2, b);
    int isnew = memcmp(buf, blk, BSIZE) == 0;
    mkblock(blk, 1, b);
    int isold = memcmp(buf, blk, BSIZE) == 0;
    if (!isnew && !isold) {
      close(fd);
      ut_snprintf(why, sizeof why, "/crash/big block %d is neither old nor new (torn)", b);
      return -1;
    }
    if (isnew && seen_old) {
      close(fd);
      return bad("/crash/big: a new block after an old one (writes reordered)");
    }
    if (isnew)
      newblocks++;
    else
      seen_old = 1;
  }
  close(fd);
  if (newblocks && !small_new)
    return bad("/crash/big changed but the earlier small write was lost");
  len += ut_snprintf(summary + len, n - len, " big=%d/%d", newblocks, BIGBLK);

  /* dirs: d0..dk exist, valid, in order */
  int ndirs = 0;
  for (int i = 0; i < NDIRS; i++) {
    ut_snprintf(name, sizeof name, "/crash/d%d", i);
    fd = open(name, O_RDONLY);
    if (fd < 0)
      continue;
    struct stat st;
    int ok = fstat(fd, &st) == 0 && st.type == T_DIR;
    close(fd);
    if (!ok)
      return bad("a /crash/dN exists but is not a directory");
    if (ndirs != i)
      return bad("/crash/dN created out of order");
    ut_snprintf(name, sizeof name, "/crash/d%d/..", i);
    int up = chdir(name) < 0 ? -1 : open("small", O_RDONLY);
    chdir("/");
    if (up < 0)
      return bad("a new directory's .. is broken");
    close(up);
    ndirs++;
  }
  if (ndirs && newblocks != BIGBLK)
    return bad("directories exist but the big write before them is incomplete");
  len += ut_snprintf(summary + len, n - len, " dirs=%d/%d", ndirs, NDIRS);

  /* unlinks: u0..u(k-1) gone, the rest intact */
  int gone = 0;
  for (int i = 0; i < NUNL; i++) {
    ut_snprintf(name, sizeof name, "/crash/u%d", i);
    fd = open(name, O_RDONLY);
    if (fd < 0) {
      if (gone != i)
        return bad("/crash/uN unlinked out of order");
      gone++;
      continue;
    }
    r = read(fd, buf, 32);
    close(fd);
    if (r != (int)strlen(name) || memcmp(buf, name, r) != 0)
      return bad("a surviving /crash/uN has the wrong contents");
  }
  if (gone && ndirs != NDIRS)
    return bad("unlinks happened before all mkdirs were durable");
  len += ut_snprintf(summary + len, n - len, " unlinked=%d/%d", gone, NUNL);

  /* grow: absent, or a correct prefix of the new data */
  fd = open("/crash/grow", O_RDONLY);
  long gsize = -1;
  if (fd >= 0) {
    if (gone != NUNL) {
      close(fd);
      return bad("/crash/grow exists before the unlinks finished");
    }
    gsize = fsize(fd);
    if (gsize < 0 || gsize > GROWBLK * BSIZE) {
      close(fd);
      return bad("/crash/grow has an impossible size");
    }
    r = read(fd, buf, GROWBLK * BSIZE + 1);
    close(fd);
    if (r != gsize)
      return bad("/crash/grow: read length differs from size");
    for (int b = 0; b * BSIZE < gsize; b++) {
      mkblock(blk, 3, b);
      int m = gsize - b * BSIZE < BSIZE ? (int)(gsize - b * BSIZE) : BSIZE;
      if (memcmp(buf + b * BSIZE, blk, m) != 0) {
        ut_snprintf(why, sizeof why, "/crash/grow block %d has wrong data", b);
        return -1;
      }
    }
  }
  len += ut_snprintf(summary + len, n - len, " grow=%ld", gsize);

  fd = open("/crash/done", O_RDONLY);
  int done = 0;
  if (fd >= 0) {
    done = 1;
    close(fd);
    if (gsize != GROWBLK * BSIZE)
      return bad("/crash/done exists but /crash/grow is incomplete");
  }
  len += ut_snprintf(summary + len, n - len, " done=%d", done);

  /* the file system still works: create, write, read, remove */
  if (write_file("/crash/after", O_CREATE | O_WRONLY | O_TRUNC, "after", 5) < 0)
    return bad("cannot write a new file after the crash");
  fd = open("/crash/after", O_RDONLY);
  r = fd >= 0 ? read(fd, buf, 8) : -1;
  close(fd);
  if (r != 5 || unlink("/crash/after") < 0)
    return bad("new file after the crash is wrong");
  return 0;
}

int
crash_main(int argc, char **argv)
{
  if (argc >= 4 && strcmp(argv[2], "prep") == 0)
    return prep(atoi(argv[3]));
  if (argc >= 3 && strcmp(argv[2], "check") == 0) {
    static char summary[200];
    summary[0] = 0;
    if (check(summary, sizeof summary) < 0) {
      ut_printf("CRASHCHECK bad: %s (so far: %s)\n", why, summary);
      return 1;
    }
    ut_printf("CRASHCHECK ok %s\n", summary);
    return 0;
  }
  ut_printf("usage: usertests -crash prep N | check\n");
  return 2;
}
