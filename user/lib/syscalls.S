# System-call stubs, one line per call.  The number goes in a7, the
# arguments are already in a0..a5 where the C caller put them, and the
# kernel leaves the result in a0.  Each stub is a sized function symbol
# so that mirrorbt sees it as code.

#include "kernel/syscall.h"

# Assembled with -DMEMV6_GLUE for the C library's glue (user/c/lib), each
# stub is named memv6_NAME instead, beside the POSIX function NAME.
#ifdef MEMV6_GLUE
#define SYM(name) memv6_##name
#else
#define SYM(name) name
#endif

#define SYSCALL(name) \
  .global SYM(name); .type SYM(name), @function; \
  SYM(name): li a7, SYS_##name; ecall; ret; \
  .size SYM(name), . - SYM(name)

  .text
SYSCALL(fork)
SYSCALL(exit)
SYSCALL(wait)
SYSCALL(pipe)
SYSCALL(read)
SYSCALL(kill)
SYSCALL(exec)
SYSCALL(fstat)
SYSCALL(chdir)
SYSCALL(dup)
SYSCALL(getpid)
SYSCALL(sbrk)
SYSCALL(sleep)
SYSCALL(uptime)
SYSCALL(open)
SYSCALL(write)
SYSCALL(mknod)
SYSCALL(unlink)
SYSCALL(link)
SYSCALL(mkdir)
SYSCALL(close)
SYSCALL(poweroff)
SYSCALL(bootargs)
SYSCALL(memstat)
SYSCALL(fscrash)
SYSCALL(pagemap)
SYSCALL(mdiff)
SYSCALL(bankhold)
SYSCALL(faultinj)
SYSCALL(scrub)
SYSCALL(privdrop)
SYSCALL(lseek)
