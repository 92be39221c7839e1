/* The C library's streams over MemV6's descriptors.
 *
 * stdin, stdout and stderr are picolibc's buffered streams
 * (stdio-bufio.h) on descriptors 0, 1 and 2, reading and writing through
 * the glue's read, write, lseek and close (posix.c).  As C asks, stdout
 * is line buffered only when it is a terminal (the console), so a line
 * reaches it whole, in one write; written to a file or a pipe it is fully
 * buffered.  stderr is always line buffered.
 *
 * Files opened with fopen (which calls fdopen) or fdopen: the link wraps
 * fdopen and fclose (CLDFLAGS in the Makefile) so that each stream gets a
 * FILE_BUF buffer instead of picolibc's BUFSIZ (512 bytes: every write()
 * is a file-system transaction here, and a 3 MB file written 512 bytes at
 * a time takes 6,000 of them), and so that exit can flush the streams
 * still open -- picolibc keeps no list of them, and C says exit flushes
 * every one.  streams[fd] is the stream open on fd. */
#include <stdio.h>
#include <stdio-bufio.h>
#include <unistd.h>
#include "kernel/param.h"

#define STD_BUF  4096
#define FILE_BUF 8192

static char inbuf[STD_BUF], outbuf[STD_BUF], errbuf[STD_BUF];

static struct __file_bufio in =
  FDEV_SETUP_BUFIO(0, inbuf, STD_BUF, read, write, lseek, close, __SRD, 0);
static struct __file_bufio out =
  FDEV_SETUP_BUFIO(1, outbuf, STD_BUF, read, write, lseek, close, __SWR, __BLBF);
static struct __file_bufio err =
  FDEV_SETUP_BUFIO(2, errbuf, STD_BUF, read, write, lseek, close, __SWR, __BLBF);

FILE *const stdin = &in.xfile.cfile.file;
FILE *const stdout = &out.xfile.cfile.file;
FILE *const stderr = &err.xfile.cfile.file;

static FILE *streams[NOFILE];

FILE *__real_fdopen(int fd, const char *mode);
int __real_fclose(FILE *f);

FILE *
__wrap_fdopen(int fd, const char *mode)
{
  FILE *f = __real_fdopen(fd, mode);

  if (f != 0) {
    setvbuf(f, 0, _IOFBF, FILE_BUF);     /* on failure BUFSIZ stays */
    if (fd >= 0 && fd < NOFILE)
      streams[fd] = f;
  }
  return f;
}

int
__wrap_fclose(FILE *f)
{
  for (int fd = 0; fd < NOFILE; fd++)
    if (streams[fd] == f)
      streams[fd] = 0;
  return __real_fclose(f);
}

/* Run by _start before main (picolibc's __libc_init_array). */
__attribute__((constructor)) static void
buffer_stdout(void)
{
  if (!isatty(1))
    out.bflags &= ~__BLBF;
}

/* Run by exit (picolibc's exit runs the .fini_array). */
__attribute__((destructor)) static void
flush_streams(void)
{
  for (int fd = 0; fd < NOFILE; fd++)
    if (streams[fd] != 0)
      fflush(streams[fd]);
  fflush(stdout);
  fflush(stderr);
}
