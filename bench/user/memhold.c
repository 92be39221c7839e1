/* memhold KIB WFD RFD: touch a KIB KiB heap (one store a page), write one
 * byte to fd WFD, wait for one byte on fd RFD, exit.  mbench's footprint
 * workload measures the memory of this process while it waits: a small
 * program with a heap, native (/memhold) or mirrored (/m/memhold). */
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  char c = 1;

  if (argc < 4) {
    printf("usage: memhold KIB WFD RFD\n");
    exit(1);
  }
  int bytes = atoi(argv[1]) * 1024;
  char *p = sbrk(bytes);
  if (p == (char *)-1)
    exit(1);
  for (int i = 0; i < bytes; i += PGSIZE)
    p[i] = (char)i;
  write(atoi(argv[2]), &c, 1);
  read(atoi(argv[3]), &c, 1);
  exit(0);
}
