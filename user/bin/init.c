/* init: the first user process.
 *
 * Gives itself the console as fds 0, 1 and 2 (creating the device file
 * on a fresh disk), then either runs the boot command line once -- the
 * text after -append, as `sh -c LINE` -- and powers the machine off with
 * its exit status, or, when there is no command line, keeps an
 * interactive shell running.  Every orphaned process is re-parented to
 * init, so init's wait loops also reap them.
 *
 * init must never exit (the kernel cannot be without it): a fork or wait
 * that fails is retried after a pause, and when poweroff is refused (the
 * machine was booted without memv6.poweroff) init goes on with an
 * interactive shell. */

#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/lib/ulib.h"

#define CONSOLE_MAJOR 1
#define CMDMAX        4096
#define RETRY_TICKS   10

static char cmdline[CMDMAX];

/* Start /sh with the given arguments; returns its pid.  A failed fork
 * (no slot or memory just now) is tried again after a pause. */
static int
spawn_sh(char **argv)
{
  int pid;

  while ((pid = fork()) < 0) {
    fprintf(2, "init: fork failed, retrying\n");
    sleep(RETRY_TICKS);
  }
  if (pid == 0) {
    exec("/sh", argv);
    die("init: cannot exec /sh");
  }
  return pid;
}

/* Wait until pid exits, reaping any orphan that exits meanwhile.
 * Returns pid's exit status. */
static int
reap_until(int pid)
{
  int w, status;

  while ((w = wait(&status)) != pid)
    if (w < 0)
      sleep(RETRY_TICKS);
  return status;
}

static int
blank(const char *s)
{
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n')
      return 0;
  return 1;
}

int
main(void)
{
  char *argv[4];
  int n, status;

  if (open("console", O_RDWR) < 0) {
    mknod("console", CONSOLE_MAJOR, 0);
    if (open("console", O_RDWR) < 0)
      poweroff(1);             /* nowhere to complain */
  }
  dup(0);                      /* stdout */
  dup(0);                      /* stderr */

  n = bootargs(cmdline, sizeof cmdline);
  if (n >= CMDMAX) {
    fprintf(2, "init: boot command line longer than %d bytes\n", CMDMAX - 1);
    poweroff(1);
  }
  if (n > 0)
    cmdline[n] = 0;
  if (n > 0 && !blank(cmdline)) {
    argv[0] = "sh";
    argv[1] = "-c";
    argv[2] = cmdline;
    argv[3] = 0;
    status = reap_until(spawn_sh(argv));
    poweroff(status);
    fprintf(2, "init: poweroff refused (boot without memv6.poweroff); status was %d\n", status);
  }

  argv[0] = "sh";
  argv[1] = 0;
  for (;;) {
    printf("init: starting sh\n");
    reap_until(spawn_sh(argv));
  }
}
