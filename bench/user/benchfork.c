/* benchfork [N]: N rounds of fork + exec(/benchnop) + exit + wait, and
 * N rounds of fork + exit + wait; prints the rates measured with the
 * time CSR (10 MHz on QEMU virt):
 *   BENCH forkexec_per_s <rate>
 *   BENCH fork_per_s <rate>  */
#include "kernel/types.h"
#include "user/user.h"
#include "bench/user/bench.h"


int
main(int argc, char *argv[])
{
  int n = argc > 1 ? atoi(argv[1]) : 200;
  char *args[] = { "benchnop", 0 };

  uint64 t0 = now();
  for (int i = 0; i < n; i++) {
    int pid = fork();
    if (pid < 0) {
      printf("benchfork: fork failed\n");
      exit(1);
    }
    if (pid == 0) {
      exec("/benchnop", args);
      exit(1);
    }
    int st;
    wait(&st);
    if (st != 0) {
      printf("benchfork: exec failed\n");
      exit(1);
    }
  }
  uint64 t1 = now();
  for (int i = 0; i < n; i++) {
    int pid = fork();
    if (pid == 0)
      exit(0);
    wait(0);
  }
  uint64 t2 = now();
  /* rates in hundredths, printed as fixed point */
  uint64 r1 = n * TIMEBASE * 100 / (t1 - t0 ? t1 - t0 : 1);
  uint64 r2 = n * TIMEBASE * 100 / (t2 - t1 ? t2 - t1 : 1);
  printf("BENCH forkexec_per_s %d.%d%d\n", (int)(r1 / 100), (int)(r1 / 10 % 10), (int)(r1 % 10));
  printf("BENCH fork_per_s %d.%d%d\n", (int)(r2 / 100), (int)(r2 / 10 % 10), (int)(r2 % 10));
  exit(0);
}
