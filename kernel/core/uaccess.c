/* System calls' door to the caller's memory.  The memory module's
 * us_copy and us_copystr do the work and say what stopped them (enum
 * us_fault); this is where it is decided what that costs the process:
 * an illegal address only makes the call fail (xv6: a bad buffer is an
 * error, not a crash), a legal one that cannot be served kills it --
 * out of memory (init waits instead: trap_oom) or a page lost to a
 * memory error.  Either way the call returns -1 and a killed process
 * dies on its way out of the kernel. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"
#include "kernel/core/proc.h"
#include "kernel/mm/vm.h"

/* The call's copy stopped with outcome r at user address va: -1, and
 * the process killed if the access was legal but could not be served. */
static int
uaccess_failed(int r, uint64 va)
{
  if (r == US_NOMEM)
    trap_oom("out of memory in a system call", va);
  else if (r == US_LOST)
    trap_fault_kill("memory error, no healthy copy left: data lost, in a system call", va);
  return -1;
}

/* Copy len bytes from the kernel to the caller's address dst (both
 * copies of a mirrored page).  0, or -1. */
int
user_write(uint64 dst, const void *src, uint64 len)
{
  uint64 where;
  int r = us_copy(&myproc()->us, dst, (void *)src, len, US_WRITE, &where);

  return r == US_RESOLVED ? 0 : uaccess_failed(r, where);
}

/* Copy len bytes from the caller's address src into the kernel.  0, or
 * -1. */
int
user_read(void *dst, uint64 src, uint64 len)
{
  uint64 where;
  int r = us_copy(&myproc()->us, src, dst, len, US_KREAD, &where);

  return r == US_RESOLVED ? 0 : uaccess_failed(r, where);
}

/* Copy the NUL-terminated string at the caller's address src, at most
 * max bytes with its NUL.  Its length, or -1 if the address is bad or
 * no NUL comes in time. */
int
user_readstr(char *dst, uint64 src, uint64 max)
{
  uint64 where;
  int r = us_copystr(&myproc()->us, dst, src, max, &where);

  return r == US_RESOLVED ? (int)strlen(dst) : uaccess_failed(r, where);
}
