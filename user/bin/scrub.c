/* scrub: compare the native and mirror copies of every page of every
 * mirrored process; the kernel prints a line for each page that differs
 * (rate-limited: a burst, then a line every few ticks).
 *
 *   scrub        report only
 *   scrub -r     also rewrite each differing mirror from the native copy
 *                (each difference confirmed with the process stopped
 *                outside every pair window)
 *
 * Both need the privilege that init hands down to what the console shell
 * runs (docs/memory.md "Who may inspect and repair"): without it -- an
 * ancestor gave it up with privdrop -- scrub compares only its own pages
 * and -r is refused. */
#include "kernel/types.h"
#include "kernel/pagemap.h"
#include "user/user.h"
#include "user/lib/ulib.h"

int
main(int argc, char **argv)
{
  int repair = argc > 1 && strcmp(argv[1], "-r") == 0;

  if (argc > 2 || (argc == 2 && !repair))
    die("usage: scrub [-r]");
  struct pagemap pm;
  int privileged = pagemap(1, 0, &pm, 1) == 1;    /* init is always there */
  if (repair && !privileged)
    die("scrub: -r needs the privilege, and this process has none (given up with privdrop)");
  int n = scrub(repair);
  if (n < 0)
    die("scrub: system call failed");
  printf("scrub: %d page%s differ%s from their mirror%s\n", n, n == 1 ? "" : "s",
         n == 1 ? "s" : "", privileged ? "" : " (this process's own only: it has no privilege)");
  return 0;
}
