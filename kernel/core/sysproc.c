/* System calls about processes, time and the machine. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/core/proc.h"

uint64
sys_fork(void)
{
  return proc_fork();
}

uint64
sys_exit(void)
{
  int status;

  arg_int(0, &status);
  proc_exit(status);
}

uint64
sys_wait(void)
{
  uint64 status_addr;

  arg_addr(0, &status_addr);
  return proc_wait(status_addr);
}

uint64
sys_kill(void)
{
  int pid;

  arg_int(0, &pid);
  return proc_kill(pid);
}

uint64
sys_getpid(void)
{
  return myproc()->pid;
}

/* sbrk(n): the old end of memory, or -1. */
uint64
sys_sbrk(void)
{
  int n;
  uint64 old = myproc()->us.size;

  arg_int(0, &n);
  if (proc_grow(n) < 0)
    return -1;
  return old;
}

/* sleep(n): n clock ticks; -1 if killed meanwhile. */
uint64
sys_sleep(void)
{
  int n;

  arg_int(0, &n);
  spin_lock(&tickslock);
  uint start = ticks;
  while ((int)(ticks - start) < n) {
    if (proc_killed(myproc())) {
      spin_unlock(&tickslock);
      return -1;
    }
    sleep_on(&ticks, &tickslock);
  }
  spin_unlock(&tickslock);
  return 0;
}

uint64
sys_uptime(void)
{
  spin_lock(&tickslock);
  uint t = ticks;
  spin_unlock(&tickslock);
  return t;
}

/* exec(path, argv): argv strings are copied into kernel-pool pages. */
uint64
sys_exec(void)
{
  char path[MAXPATH];
  char *argv[MAXARG + 1] = { 0 };
  uint64 uargv, uarg;
  int i, r = -1;

  arg_addr(1, &uargv);
  if (arg_str(0, path, sizeof path) < 0)
    return -1;
  for (i = 0; i <= MAXARG; i++) {
    if (fetch_addr(uargv + i * sizeof(uint64), &uarg) < 0)
      goto out;
    if (uarg == 0)
      break;
    if (i == MAXARG || (argv[i] = kpage_alloc()) == 0 || fetch_str(uarg, argv[i], PGSIZE) < 0)
      goto out;
  }
  r = exec(path, argv);
out:
  for (i = 0; i < MAXARG && argv[i]; i++)
    kpage_free(argv[i]);
  return r;
}

/* poweroff(status): a test knob, -1 unless booted with memv6.poweroff. */
uint64
sys_poweroff(void)
{
  int status;

  if (!boot_option("poweroff"))
    return -1;
  arg_int(0, &status);
  kmirror_report();
  machine_poweroff(status);
}

/* bootargs(buf, n): copy the boot command line, cut to n-1 bytes and
 * NUL-terminated; return its full length (0 when there is none). */
uint64
sys_bootargs(void)
{
  uint64 buf;
  int n;
  const char *s = bootargs();
  int len = strlen(s);

  arg_addr(0, &buf);
  arg_int(1, &n);
  if (n <= 0)
    return n == 0 ? len : -1;
  int k = len < n - 1 ? len : n - 1;
  char nul = 0;
  if (user_write(buf, s, k) < 0 || user_write(buf + k, &nul, 1) < 0)
    return -1;
  return len;
}
