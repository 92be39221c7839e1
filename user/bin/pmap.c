/* pmap: the mapped pages of a process, one line each, from pagemap()
 * (kernel/pagemap.h), then a summary line.
 *
 *   pmap PID          (0: pmap itself)
 *
 * Another process needs the privilege that init hands down to what the
 * console shell runs (docs/memory.md "Who may inspect and repair").
 * Without it -- an ancestor gave it up with privdrop -- only 0 works, and
 * a frame that pmap does not map alone (shared copy-on-write, the zero
 * frame) shows as 0x00000000: its number is another process's business.
 *
 * Columns: user address, frame, its bank and reference count, flags
 * (r w x, c copy-on-write, z shared zeros -- the zero frame or, mirrored,
 * the zero pair -- ! a PTE in a software state), and for a mirrored
 * process the mirror copy's frame, bank and reference count (the copy at
 * va + MIRROR_OFFSET).  A bank of "-" means
 * no bank (the zero frame). */

#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/pagemap.h"
#include "user/user.h"
#include "user/lib/ulib.h"

#define CHUNK 32

static void
bank(char *s, uint b)
{
  if (b == PM_NOBANK) {
    s[0] = '-';
    s[1] = 0;
  } else {
    s[0] = '0' + b % 10;
    s[1] = 0;
  }
}

int
main(int argc, char *argv[])
{
  static struct pagemap pm[CHUNK];
  uint64 va = 0, pages = 0, cow = 0, zero = 0, mirrored = 0, invalid = 0;
  char b1[2], b2[2], fl[7];
  int n, header = 0;

  if (argc != 2)
    die("usage: pmap pid");
  int pid = atoi(argv[1]);
  while ((n = pagemap(pid, va, pm, CHUNK)) > 0) {
    if (!header) {
      printf("va           frame      bank ref flags  %s\n",
             pm[0].flags & PM_MIRROR ? "mirror     bank ref" : "");
      header = 1;
    }
    for (int i = 0; i < n; i++) {
      struct pagemap *p = &pm[i];
      fl[0] = p->flags & PM_R ? 'r' : '-';
      fl[1] = p->flags & PM_W ? 'w' : '-';
      fl[2] = p->flags & PM_X ? 'x' : '-';
      fl[3] = p->flags & PM_COW ? 'c' : '-';
      fl[4] = p->flags & PM_ZERO ? 'z' : '-';
      fl[5] = p->flags & PM_INVALID ? '!' : '-';
      fl[6] = 0;
      bank(b1, p->bank);
      if (p->flags & PM_MIRROR) {
        bank(b2, p->mirror_bank);
        printf("0x%010lx 0x%08lx %4s %3d %s 0x%08lx %4s %3d\n", p->va, p->pa, b1, p->ref, fl,
               p->mirror_pa, b2, p->mirror_ref);
        mirrored++;
      } else {
        printf("0x%010lx 0x%08lx %4s %3d %s\n", p->va, p->pa, b1, p->ref, fl);
      }
      pages++;
      cow += (p->flags & PM_COW) != 0;
      zero += (p->flags & PM_ZERO) != 0;
      invalid += (p->flags & PM_INVALID) != 0;
      va = p->va + PGSIZE;
    }
    if (va == 0)
      break;
  }
  if (n < 0 && pages == 0 && pid != 0 && pid != getpid() && pagemap(1, 0, pm, 1) < 0)
    die("pmap: %s: another process, and this one has no privilege (given up with privdrop)",
        argv[1]);
  if (n < 0 && pages == 0)
    die("pmap: %s: no such process", argv[1]);
  if (n < 0)
    die("pmap: %s: pagemap failed after %lu pages (the process exited?)", argv[1], pages);
  printf("pid %d: %lu pages, %lu copy-on-write, %lu zero, %lu in a software state; %s",
         pid, pages, cow, zero, invalid, mirrored ? "mirrored, " : "not mirrored\n");
  if (mirrored)
    printf("%lu mirror pages\n", mirrored);
  return 0;
}
