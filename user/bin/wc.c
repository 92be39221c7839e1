/* wc: count lines, words and bytes of each file or of standard input. */

#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/lib/ulib.h"

static char buf[4096];

static int
isspace(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Count fd and print one line; 0 on success. */
static int
count(int fd, const char *name)
{
  uint64 lines = 0, words = 0, bytes = 0;
  int n, i, inword = 0;

  while ((n = read(fd, buf, sizeof buf)) > 0) {
    bytes += n;
    for (i = 0; i < n; i++) {
      lines += buf[i] == '\n';
      if (isspace(buf[i]))
        inword = 0;
      else if (!inword) {
        inword = 1;
        words++;
      }
    }
  }
  if (n < 0) {
    fprintf(2, "wc: read error on %s\n", name);
    return -1;
  }
  printf("%lu %lu %lu%s%s\n", lines, words, bytes, *name ? " " : "", name);
  return 0;
}

int
main(int argc, char *argv[])
{
  int i, fd, status = 0;

  if (argc < 2)
    return count(0, "") < 0;  /* no name column for stdin */
  for (i = 1; i < argc; i++) {
    if ((fd = open(argv[i], O_RDONLY)) < 0) {
      fprintf(2, "wc: cannot open %s\n", argv[i]);
      status = 1;
      continue;
    }
    if (count(fd, argv[i]) < 0)
      status = 1;
    close(fd);
  }
  return status;
}
