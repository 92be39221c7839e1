/* Program entry.  exec() starts a program at _start with argc in a0 and
 * argv in a1 and a valid stack; the return value of main becomes the
 * exit status, as in C. */

#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char *argv[]);

__attribute__((section(".text.entry"))) void
_start(int argc, char *argv[])
{
  exit(main(argc, argv));
}
