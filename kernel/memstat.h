/* Memory counters returned by the memstat() system call. */
#ifndef KERNEL_MEMSTAT_H
#define KERNEL_MEMSTAT_H

struct memstat {
  uint64 frames_total;   /* user frames the kernel manages */
  uint64 frames_free;    /* of those, free now */
  uint64 kpages_free;    /* free pages in the kernel pool */
};

#endif
