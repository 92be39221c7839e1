/* mkdir: create directories. */

#include "kernel/types.h"
#include "user/user.h"
#include "user/lib/ulib.h"

int
main(int argc, char *argv[])
{
  int i, status = 0;

  if (argc < 2)
    die("usage: mkdir dir...");
  for (i = 1; i < argc; i++)
    if (mkdir(argv[i]) < 0) {
      fprintf(2, "mkdir: cannot create %s\n", argv[i]);
      status = 1;
    }
  return status;
}
