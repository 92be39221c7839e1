/* mtime NAME PROGRAM ARGS...: fork, exec PROGRAM with ARGS, wait, and
 * print the BENCH lines of bench.h for the whole run under NAME, plus
 *   BENCH NAME.status S      the program's exit status
 * (bench/eval.py times the in-OS test suite with it). */
#include "kernel/types.h"
#include "user/user.h"
#include "bench/user/bench.h"

int
main(int argc, char *argv[])
{
  struct bmark b;
  int st = -1;

  if (argc < 3) {
    printf("usage: mtime NAME PROGRAM ARGS...\n");
    exit(1);
  }
  bm_begin(&b, argv[1]);
  int pid = fork();
  if (pid < 0) {
    printf("mtime: fork failed\n");
    exit(1);
  }
  if (pid == 0) {
    exec(argv[2], argv + 2);
    printf("mtime: exec %s failed\n", argv[2]);
    exit(127);
  }
  wait(&st);
  bm_end(&b);
  bm_line(argv[1], "status", (uint64)st);
  exit(0);
}
