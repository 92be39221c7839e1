/* memstat: print the kernel's memory counters, one "name value" a line;
 * the free frames of bank B as "bank_freeB N" and the frames holding the
 * kernel's pages there as "bank_kernelB N", one line per bank. */

#include "kernel/types.h"
#include "kernel/memstat.h"
#include "user/user.h"
#include "user/lib/ulib.h"

#define FIELD(f) { #f, __builtin_offsetof(struct memstat, f) }

static const struct { const char *name; uint off; } fields[] = {
  FIELD(ram),
  FIELD(frames_total),
  FIELD(frames_free),
  FIELD(kpages_free),
  FIELD(pairs_cached),
  FIELD(pairs_free),
  FIELD(fork_shared),
  FIELD(cow_faults),
  FIELD(cow_avoided),
  FIELD(lazy_pages),
  FIELD(zero_maps),
  FIELD(pair_faults),
  FIELD(injected),
  FIELD(recovered_native),
  FIELD(recovered_mirror),
  FIELD(unrecoverable),
  FIELD(rebuild_deferred),
  FIELD(scrub_found),
  FIELD(scrub_repaired),
  FIELD(retired),
  FIELD(mirrored_procs),
  FIELD(mirrored_pages),
  FIELD(nbank),
  FIELD(idle_instret),
  FIELD(windows_settled),
  FIELD(kernel_recovered),
  FIELD(kernel_resynced),
  FIELD(kernel_ro_start),
  FIELD(kernel_ro_end),
  FIELD(kernel_trampoline),
  FIELD(kernel_frames),
  FIELD(tables_rebuilt),
  FIELD(kpages_retired),
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
  for (i = 0; i < ms.nbank && i < MEMSTAT_BANKS; i++)
    printf("bank_free%d %lu\n", i, ms.bank_free[i]);
  for (i = 0; i < ms.nbank && i < MEMSTAT_BANKS; i++)
    printf("bank_kernel%d %lu\n", i, ms.bank_kernel[i]);
  return 0;
}
