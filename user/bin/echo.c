/* echo: print the arguments separated by spaces, then a newline. */

#include "kernel/types.h"
#include "user/user.h"
#include "user/lib/ulib.h"

int
main(int argc, char *argv[])
{
  int i;

  for (i = 1; i < argc; i++) {
    if (write(1, argv[i], strlen(argv[i])) < 0 ||
        write(1, i + 1 < argc ? " " : "\n", 1) != 1)
      die("echo: write error");
  }
  if (argc == 1 && write(1, "\n", 1) != 1)
    die("echo: write error");
  return 0;
}
