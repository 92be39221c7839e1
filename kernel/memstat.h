/* Memory counters returned by the memstat() system call. */
#ifndef KERNEL_MEMSTAT_H
#define KERNEL_MEMSTAT_H

#define MEMSTAT_BANKS 8    /* room for NBANK (kernel/memlayout.h) banks */

struct memstat {
  uint64 frames_total;   /* user frames the kernel manages */
  uint64 frames_free;    /* of those, free now */
  uint64 kpages_free;    /* free pages in the kernel pool */
  /* Since boot: */
  uint64 fork_shared;    /* pages fork shared instead of copying */
  uint64 cow_faults;     /* writes to copy-on-write pages resolved */
  uint64 cow_avoided;    /* of those, last reference taken over: no copy */
  uint64 lazy_pages;     /* heap pages zero-filled on first touch */
  uint64 zero_maps;      /* untouched heap pages read: shared zero frame mapped */
  uint64 pair_faults;    /* faults on a mirrored page that served both copies */
  uint64 injected;       /* memory errors injected (faultinj: poisons and bit flips) */
  uint64 recovered_native;   /* poisoned native copies rebuilt from the mirror */
  uint64 recovered_mirror;   /* poisoned mirror copies rebuilt from the native copy */
  uint64 unrecoverable;  /* accesses that found no healthy copy (process killed) */
  uint64 rebuild_deferred;   /* bank failure: copies left single, no frame to rebuild them */
  uint64 scrub_found;    /* pages scrub found differing from their mirror */
  uint64 scrub_repaired; /* of those, mirrors scrub rewrote from the native copy */
  uint64 retired;        /* frames retired for good after a memory error (now) */
  /* Now: */
  uint64 mirrored_procs; /* processes running a translated (mirrored) program */
  uint64 mirrored_pages; /* mirror pages mapped (one per native page of those) */
  uint64 nbank;          /* memory banks (NBANK): entries used in bank_free */
  uint64 bank_free[MEMSTAT_BANKS];   /* free frames per bank */
  /* Since boot: */
  uint64 idle_instret;   /* instret spent idle by all harts (scheduler, wfi) */
  uint64 windows_settled;    /* processes settled out of a pair window before a rebuild */
  uint64 bank_retired[MEMSTAT_BANKS];   /* frames retired per bank (now) */
  uint64 ram;            /* bytes of RAM in use (QEMU -m, from the device tree) */
  uint64 pairs_cached;   /* pages of pair tables (NPAIRPAGE) only the cache
                            holds (no process runs them): not free, given
                            back when the cache drops them */
  /* the kernel's read-only memory (kernel/mm/kro.c) */
  uint64 kernel_recovered;   /* kernel pages switched to their copy after a memory error */
  uint64 kernel_resynced;    /* second copies of kernel pages made again */
  uint64 kernel_ro_start;    /* the kernel's read-only pages: [start, end) */
  uint64 kernel_ro_end;
  uint64 kernel_trampoline;  /* ... but this one: its page runs at TRAMPOLINE */
  uint64 kernel_frames;      /* user frames holding kernel pages or their copies */
  uint64 kernel_single_banks;   /* bit b: bank b holds the only healthy copy of some
                                   kernel page (its other one poisoned or not made
                                   again yet): a failure of b now would lose it */
  uint64 bank_kernel[MEMSTAT_BANKS];   /* of those, per bank */
  /* the kernel's data and bss (kernel/mm/kdata.c) */
  uint64 kernel_data_pages;      /* pages with a mirror (memv6.kdata), else 0 */
  uint64 kernel_data_recovered;  /* of those, lost and copied back from the mirror */
  uint64 kernel_data_remirrored; /* their mirrors lost and made again (counted in
                                    kernel_resynced too) */
  uint64 kernel_data_pool;       /* kernel-pool pages held for them: spares, pages
                                    they run on, lost ones not yet retired */
  /* user page tables (kernel/mm/ptlost.c) */
  uint64 tables_rebuilt;     /* leaf page tables of mirrored spaces lost and made again */
  uint64 kpages_retired;     /* kernel-pool pages lost to memory errors and replaced
                                from the pool (a process's page table: now) */
  uint64 pairs_free;         /* pages for pair tables (NPAIRPAGE) no table holds */
};

#endif
