/* ln: make a new name for an existing file (hard link). */

#include "kernel/types.h"
#include "user/user.h"
#include "user/lib/ulib.h"

int
main(int argc, char *argv[])
{
  if (argc != 3)
    die("usage: ln old new");
  if (link(argv[1], argv[2]) < 0)
    die("ln: cannot link %s to %s", argv[2], argv[1]);
  return 0;
}
