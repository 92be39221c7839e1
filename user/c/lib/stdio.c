/* stdin, stdout and stderr: picolibc's buffered streams (stdio-bufio.h)
 * on descriptors 0, 1 and 2, reading and writing through the glue's
 * read, write, lseek and close (posix.c).  stdout and stderr are line
 * buffered, so a line reaches the console (or the pipe) whole, in one
 * write; what is left without a newline is flushed at exit. */
#include <stdio.h>
#include <stdio-bufio.h>
#include <unistd.h>

#define STD_BUF 256

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

/* Run by exit (picolibc's exit runs the .fini_array). */
__attribute__((destructor)) static void
flush_std(void)
{
  fflush(stdout);
  fflush(stderr);
}
