/* mdiff: compare every page of a mirrored process with its mirror copy
 * (the mdiff() system call, kernel/pagemap.h).
 *
 *   mdiff PID         (0: mdiff itself)
 *
 * Another process needs the privilege that init hands down to what the
 * console shell runs (docs/memory.md "Who may inspect and repair");
 * without it -- an ancestor gave it up with privdrop -- only 0 works.
 *
 * Prints "pid P: N pages differ" and the first addresses, one a line.
 * Exit status as cmp's: 0 all equal, 1 some differ, 2 trouble (no such
 * process, or one that is not mirrored). */

#include "kernel/types.h"
#include "kernel/pagemap.h"
#include "user/user.h"
#include "user/lib/ulib.h"

#define SHOW 64

int
main(int argc, char *argv[])
{
  static uint64 vas[SHOW];
  struct pagemap pm;

  if (argc != 2) {
    fprintf(2, "usage: mdiff pid\n");
    exit(2);
  }
  int pid = atoi(argv[1]);
  int n = mdiff(pid, vas, SHOW);
  if (n < 0) {
    if (pid != 0 && pid != getpid() && pagemap(1, 0, &pm, 1) < 0)
      fprintf(2, "mdiff: %s: another process, and this one has no privilege (given up with "
              "privdrop)\n", argv[1]);
    else if (pagemap(pid, 0, &pm, 1) < 0)
      fprintf(2, "mdiff: %s: no such process\n", argv[1]);
    else if (!(pm.flags & PM_MIRROR))
      fprintf(2, "mdiff: %s: process is not mirrored (it runs an untranslated program)\n",
              argv[1]);
    else
      fprintf(2, "mdiff: %s: the system call failed\n", argv[1]);
    exit(2);
  }
  printf("pid %d: %d page%s differ%s\n", pid, n, n == 1 ? "" : "s", n == 1 ? "s" : "");
  for (int i = 0; i < n && i < SHOW; i++)
    printf("0x%lx\n", vas[i]);
  if (n > SHOW)
    printf("... and %d more\n", n - SHOW);
  return n ? 1 : 0;
}
