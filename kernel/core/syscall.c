/* System-call dispatch and argument fetching.
 *
 * The user puts the call number in a7 and arguments in a0..a5; the result
 * goes back in a0.  An unknown number returns -1 without a word: a
 * console line per bad call would let any program flood the console.  All
 * user memory is reached through core/uaccess.c (user_read, user_write),
 * so a bad pointer only ever yields -1. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/syscall.h"
#include "kernel/defs.h"
#include "kernel/core/proc.h"

/* Process and machine calls: core/sysproc.c, core/exec.c. */
uint64 sys_fork(void);
uint64 sys_exit(void);
uint64 sys_wait(void);
uint64 sys_kill(void);
uint64 sys_exec(void);
uint64 sys_getpid(void);
uint64 sys_sbrk(void);
uint64 sys_sleep(void);
uint64 sys_uptime(void);
uint64 sys_poweroff(void);
uint64 sys_bootargs(void);
/* Memory calls: mm/sysmem.c. */
uint64 sys_memstat(void);
uint64 sys_pagemap(void);
uint64 sys_mdiff(void);
uint64 sys_bankhold(void);
uint64 sys_faultinj(void);
uint64 sys_scrub(void);
uint64 sys_privdrop(void);
/* File calls: fs/sysfile.c. */
uint64 sys_pipe(void);
uint64 sys_read(void);
uint64 sys_fstat(void);
uint64 sys_chdir(void);
uint64 sys_dup(void);
uint64 sys_open(void);
uint64 sys_write(void);
uint64 sys_mknod(void);
uint64 sys_unlink(void);
uint64 sys_link(void);
uint64 sys_mkdir(void);
uint64 sys_close(void);
uint64 sys_lseek(void);
uint64 sys_fscrash(void);

static uint64 (*const syscall_table[])(void) = {
  [SYS_fork]     = sys_fork,
  [SYS_exit]     = sys_exit,
  [SYS_wait]     = sys_wait,
  [SYS_pipe]     = sys_pipe,
  [SYS_read]     = sys_read,
  [SYS_kill]     = sys_kill,
  [SYS_exec]     = sys_exec,
  [SYS_fstat]    = sys_fstat,
  [SYS_chdir]    = sys_chdir,
  [SYS_dup]      = sys_dup,
  [SYS_getpid]   = sys_getpid,
  [SYS_sbrk]     = sys_sbrk,
  [SYS_sleep]    = sys_sleep,
  [SYS_uptime]   = sys_uptime,
  [SYS_open]     = sys_open,
  [SYS_write]    = sys_write,
  [SYS_mknod]    = sys_mknod,
  [SYS_unlink]   = sys_unlink,
  [SYS_link]     = sys_link,
  [SYS_mkdir]    = sys_mkdir,
  [SYS_close]    = sys_close,
  [SYS_poweroff] = sys_poweroff,
  [SYS_bootargs] = sys_bootargs,
  [SYS_memstat]  = sys_memstat,
  [SYS_fscrash]  = sys_fscrash,
  [SYS_pagemap]  = sys_pagemap,
  [SYS_mdiff]    = sys_mdiff,
  [SYS_bankhold] = sys_bankhold,
  [SYS_faultinj] = sys_faultinj,
  [SYS_scrub]    = sys_scrub,
  [SYS_privdrop] = sys_privdrop,
  [SYS_lseek]    = sys_lseek,
};

static uint64
arg_raw(int n)
{
  return myproc()->tf->x[10 + n];     /* a0 is x10 */
}

void
arg_int(int n, int *ip)
{
  *ip = arg_raw(n);
}

void
arg_addr(int n, uint64 *ap)
{
  *ap = arg_raw(n);
}

/* The n-th argument as a string of at most max bytes with its NUL. */
int
arg_str(int n, char *buf, int max)
{
  return fetch_str(arg_raw(n), buf, max);
}

/* The 64-bit word at user address addr.  0, or -1. */
int
fetch_addr(uint64 addr, uint64 *ip)
{
  return user_read(ip, addr, sizeof *ip);
}

/* Length of the string, or -1 if bad or longer than max-1 bytes. */
int
fetch_str(uint64 addr, char *buf, int max)
{
  return user_readstr(buf, addr, max);
}

void
syscall(void)
{
  struct proc *p = myproc();
  uint64 num = p->tf->x[17];          /* a7 */

  if (num < NELEM(syscall_table) && syscall_table[num])
    p->tf->x[10] = syscall_table[num]();
  else
    p->tf->x[10] = -1;
}
