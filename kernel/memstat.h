/* Memory counters returned by the memstat() system call. */
#ifndef KERNEL_MEMSTAT_H
#define KERNEL_MEMSTAT_H

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
};

#endif
