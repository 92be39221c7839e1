/* scrub: compare the native and mirror copies of every page of every
 * mirrored process; the kernel prints a line for each page that differs.
 *
 *   scrub        report only
 *   scrub -r     also rewrite each differing mirror from the native copy
 *                (for processes neither running nor inside a pair's window) */
#include "kernel/types.h"
#include "user/user.h"
#include "user/lib/ulib.h"

int
main(int argc, char **argv)
{
  int repair = argc > 1 && strcmp(argv[1], "-r") == 0;

  if (argc > 2 || (argc == 2 && !repair))
    die("usage: scrub [-r]");
  int n = scrub(repair);
  if (n < 0)
    die("scrub: system call failed");
  printf("scrub: %d page%s differ%s from their mirror\n", n, n == 1 ? "" : "s", n == 1 ? "s" : "");
  return 0;
}
