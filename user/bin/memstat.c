/* memstat: print the kernel's memory counters, one "name value" a line. */

#include "kernel/types.h"
#include "kernel/memstat.h"
#include "user/user.h"
#include "user/lib/ulib.h"

#define FIELD(f) { #f, __builtin_offsetof(struct memstat, f) }

static const struct { const char *name; uint off; } fields[] = {
  FIELD(frames_total),
  FIELD(frames_free),
  FIELD(kpages_free),
  FIELD(fork_shared),
  FIELD(cow_faults),
  FIELD(cow_avoided),
  FIELD(lazy_pages),
  FIELD(zero_maps),
};

int
main(void)
{
  struct memstat ms;
  uint i;

  if (memstat(&ms) < 0)
    die("memstat: system call failed");
  for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
    printf("%s %lu\n", fields[i].name, *(uint64 *)((char *)&ms + fields[i].off));
  return 0;
}
