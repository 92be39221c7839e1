/* Small I/O helpers built on the system calls. */

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

/* Read one line from fd 0 into buf: at most max-1 bytes, up to and
 * including the first '\n' or '\r'.  The result is always NUL-terminated
 * and is empty at end of file. */
char *
gets(char *buf, int max)
{
  int n = 0;
  char c;

  while (n + 1 < max && read(0, &c, 1) == 1) {
    buf[n++] = c;
    if (c == '\n' || c == '\r')
      break;
  }
  buf[n] = 0;
  return buf;
}

/* fstat() by name.  -1 if the file cannot be opened. */
int
stat(const char *path, struct stat *st)
{
  int fd, r;

  if ((fd = open(path, O_RDONLY)) < 0)
    return -1;
  r = fstat(fd, st);
  close(fd);
  return r;
}
