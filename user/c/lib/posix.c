/* The POSIX calls picolibc is built on, over MemV6's system calls.
 *
 * picolibc's stdio (tinystdio, configured POSIX_IO) reads and writes
 * files through open, read, write, lseek and close; malloc grows the heap
 * with sbrk; exit ends in _exit; time() asks gettimeofday.  Each function
 * here does its job with the memv6_NAME stubs (memv6.h).
 *
 * errno: xv6's calls say only -1, never why.  Each function sets the
 * likeliest reason, looking further where that is cheap (does the path
 * exist, is the descriptor open); docs/libc.md has the table. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#define stat xv6_stat        /* kernel/stat.h's record, beside POSIX's struct stat */
#include "kernel/stat.h"
#undef stat
#include "kernel/fcntl.h"
/* xv6's open flags by their own names; the access modes (0, 1, 2) and
 * SEEK_* are the same numbers in both, picolibc's names serve below. */
enum { XV6_CREATE = O_CREATE, XV6_TRUNC = O_TRUNC };
#undef O_RDONLY
#undef O_WRONLY
#undef O_RDWR
#undef O_TRUNC
#undef SEEK_SET
#undef SEEK_CUR
#undef SEEK_END
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include "user/c/lib/memv6.h"

/* The time CSR ticks at QEMU virt's timebase frequency, 10 MHz
 * (kernel/core/timer.h), from boot. */
#define TIME_HZ 10000000UL

#define OPEN_FLAGS (O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND | O_EXCL)

/* Descriptors opened with O_APPEND: xv6 has no append mode, so write
 * moves such a descriptor to the end first (exact while no other process
 * writes the file between the two calls). */
static unsigned char append[NOFILE];

static int
fail(int e)
{
  errno = e;
  return -1;
}

/* Does path name something?  (Opening it read-only works for every kind.) */
static int
exists(const char *path)
{
  int fd = memv6_open(path, O_RDONLY);

  if (fd < 0)
    return 0;
  memv6_close(fd);
  return 1;
}

/* Is fd an open descriptor?  dup, not fstat, which fails for a pipe. */
static int
fd_open(int fd)
{
  int d = memv6_dup(fd);

  if (d < 0)
    return 0;
  memv6_close(d);
  return 1;
}

int
open(const char *path, int flags, ...)
{
  int fd, xflags = flags & O_ACCMODE;

  if ((flags & ~OPEN_FLAGS) || (flags & O_ACCMODE) == O_ACCMODE)
    return fail(EINVAL);
  if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL) && exists(path))
    return fail(EEXIST);
  xflags |= (flags & O_CREAT ? XV6_CREATE : 0) | (flags & O_TRUNC ? XV6_TRUNC : 0);
  if ((fd = memv6_open(path, xflags)) < 0)
    return fail(exists(path) ? EACCES : ENOENT);
  if (fd < NOFILE)
    append[fd] = (flags & O_APPEND) != 0;
  return fd;
}

int
close(int fd)
{
  return memv6_close(fd) < 0 ? fail(EBADF) : 0;
}

/* Counts beyond INT_MAX are cut to it: xv6 takes an int (a short count
 * is always allowed). */
ssize_t
read(int fd, void *buf, size_t n)
{
  int r = memv6_read(fd, buf, n > INT_MAX ? INT_MAX : (int)n);

  return r < 0 ? fail(EBADF) : r;
}

ssize_t
write(int fd, const void *buf, size_t n)
{
  int r;

  if (fd >= 0 && fd < NOFILE && append[fd])
    memv6_lseek(fd, 0, SEEK_END);
  if ((r = memv6_write(fd, buf, n > INT_MAX ? INT_MAX : (int)n)) < 0)
    return fail(fd_open(fd) ? ENOSPC : EBADF);
  return r;
}

off_t
lseek(int fd, off_t off, int whence)
{
  struct xv6_stat st;
  long r = memv6_lseek(fd, off, whence);

  if (r >= 0)
    return r;
  if (!fd_open(fd))
    return fail(EBADF);
  /* a pipe (fstat fails) or a device has no offset */
  if (memv6_fstat(fd, &st) < 0 || st.type == T_DEVICE)
    return fail(ESPIPE);
  return fail(EINVAL);
}

int
fstat(int fd, struct stat *st)
{
  struct xv6_stat x;

  if (memv6_fstat(fd, &x) < 0)
    return fail(EBADF);
  memset(st, 0, sizeof *st);
  st->st_dev = x.dev;
  st->st_ino = x.ino;
  st->st_mode = x.type == T_DIR ? S_IFDIR | 0755 : x.type == T_DEVICE ? S_IFCHR | 0666 :
                S_IFREG | 0644;
  st->st_nlink = x.nlink;
  st->st_size = x.size;
  st->st_blksize = BSIZE;
  st->st_blocks = (x.size + 511) / 512;
  return 0;
}

int
stat(const char *path, struct stat *st)
{
  int fd = memv6_open(path, O_RDONLY), r;

  if (fd < 0)
    return fail(ENOENT);
  r = fstat(fd, st);
  memv6_close(fd);
  return r;
}

int
isatty(int fd)
{
  struct xv6_stat x;

  if (memv6_fstat(fd, &x) == 0 && x.type == T_DEVICE)
    return 1;
  errno = fd_open(fd) ? ENOTTY : EBADF;
  return 0;
}

int
unlink(const char *path)
{
  if (memv6_unlink(path) == 0)
    return 0;
  return fail(exists(path) ? ENOTEMPTY : ENOENT);
}

int
link(const char *old, const char *new)
{
  if (memv6_link(old, new) == 0)
    return 0;
  return fail(!exists(old) ? ENOENT : exists(new) ? EEXIST : EPERM);
}

/* Not atomic: xv6 has no rename, so it is link, then unlink of the old
 * name; a new name that exists is unlinked first (POSIX replaces it).
 * The two names of one file are left alone.  A crash between the steps leaves both names, never neither. */
int
rename(const char *old, const char *new)
{
  struct stat a, b;

  if (stat(old, &a) < 0)
    return -1;
  if (stat(new, &b) == 0 && a.st_ino == b.st_ino)
    return 0;                            /* one file already: POSIX does nothing */
  if (memv6_link(old, new) < 0) {
    if (!exists(new) || memv6_unlink(new) < 0 || memv6_link(old, new) < 0)
      return fail(EPERM);                /* a directory, or no space */
  }
  return memv6_unlink(old) < 0 ? fail(EPERM) : 0;
}

/* MemV6 has no symbolic links: lstat is stat. */
int
lstat(const char *path, struct stat *st)
{
  return stat(path, st);
}

/* MemV6's file system keeps no modes, owners or times: these check
 * their descriptor or path and succeed, changing nothing (what programs
 * that copy a file's metadata, bzip2 for one, need to go on). */
int
fchmod(int fd, mode_t mode)
{
  (void)mode;
  return fd_open(fd) ? 0 : fail(EBADF);
}

int
fchown(int fd, uid_t owner, gid_t group)
{
  (void)owner, (void)group;
  return fd_open(fd) ? 0 : fail(EBADF);
}

int
utime(const char *path, const struct utimbuf *times)
{
  (void)times;
  return exists(path) ? 0 : fail(ENOENT);
}

int
mkdir(const char *path, mode_t mode)
{
  (void)mode;                            /* MemV6 has no permissions */
  if (memv6_mkdir(path) == 0)
    return 0;
  return fail(exists(path) ? EEXIST : ENOENT);
}

int
chdir(const char *path)
{
  return memv6_chdir(path) < 0 ? fail(ENOENT) : 0;
}

/* The heap: xv6's sbrk takes an int and returns the old break. */
void *
sbrk(ptrdiff_t n)
{
  char *p;

  if (n < INT_MIN || n > INT_MAX || (p = memv6_sbrk((int)n)) == (char *)-1) {
    errno = ENOMEM;
    return (void *)-1;
  }
  return p;
}

pid_t
getpid(void)
{
  return memv6_getpid();
}

/* MemV6 has no signals: any signal ends the process, as kill does.
 * Signal 0 (does pid exist?) cannot be asked without killing: EINVAL. */
int
kill(pid_t pid, int sig)
{
  if (sig <= 0)
    return fail(EINVAL);
  return memv6_kill(pid) < 0 ? fail(ESRCH) : 0;
}

void
_exit(int status)
{
  memv6_exit(status);
}

/* Time since boot (MemV6 has no real-time clock: the epoch is the boot),
 * from the time CSR, which user mode may read. */
static unsigned long
ticks(void)
{
  unsigned long t;

  __asm__ volatile("rdtime %0" : "=r"(t));
  return t;
}

int
gettimeofday(struct timeval *tv, void *tz)
{
  unsigned long t = ticks();

  (void)tz;                              /* obsolete; POSIX leaves it unspecified */
  tv->tv_sec = t / TIME_HZ;
  tv->tv_usec = t % TIME_HZ / (TIME_HZ / 1000000);
  return 0;
}

/* clock() sums these: MemV6 keeps no processor time per process, so the
 * user time is the time since boot, in CLOCKS_PER_SEC units. */
clock_t
times(struct tms *t)
{
  clock_t c = ticks() / (TIME_HZ / CLOCKS_PER_SEC);

  t->tms_utime = c;
  t->tms_stime = t->tms_cutime = t->tms_cstime = 0;
  return c;
}
