/* rm: remove files (and empty directories, as unlink allows). */

#include "kernel/types.h"
#include "user/user.h"
#include "user/lib/ulib.h"

int
main(int argc, char *argv[])
{
  int i, status = 0;

  if (argc < 2)
    die("usage: rm file...");
  for (i = 1; i < argc; i++)
    if (unlink(argv[i]) < 0) {
      fprintf(2, "rm: cannot remove %s\n", argv[i]);
      status = 1;
    }
  return status;
}
