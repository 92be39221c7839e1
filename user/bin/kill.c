/* kill: kill the processes with the given ids. */

#include "kernel/types.h"
#include "user/user.h"
#include "user/lib/ulib.h"

int
main(int argc, char *argv[])
{
  int i, status = 0;

  if (argc < 2)
    die("usage: kill pid...");
  for (i = 1; i < argc; i++)
    if (kill(atoi(argv[i])) < 0) {
      fprintf(2, "kill: %s: no such process, or not one that may be killed\n", argv[i]);
      status = 1;
    }
  return status;
}
