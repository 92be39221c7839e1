/* benchwrite [KIB] [CHUNK]: write a KIB-KiB file in CHUNK-byte writes,
 * then read it back; prints throughput from the time CSR:
 *   BENCH write_kib_per_s <rate>
 *   BENCH read_kib_per_s <rate>  */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "bench/user/bench.h"


static char buf[8192];

int
main(int argc, char *argv[])
{
  int kib = argc > 1 ? atoi(argv[1]) : 2048;
  int chunk = argc > 2 ? atoi(argv[2]) : 4096;
  if (chunk <= 0 || chunk > (int)sizeof buf)
    chunk = 4096;
  for (int i = 0; i < (int)sizeof buf; i++)
    buf[i] = (char)(i * 13);
  long total = (long)kib * 1024;

  uint64 t0 = now();
  int fd = open("benchwrite.tmp", O_CREATE | O_WRONLY | O_TRUNC);
  if (fd < 0) {
    printf("benchwrite: cannot create file\n");
    exit(1);
  }
  for (long done = 0; done < total; done += chunk)
    if (write(fd, buf, chunk) != chunk) {
      printf("benchwrite: write failed at %d\n", (int)done);
      exit(1);
    }
  close(fd);
  uint64 t1 = now();
  fd = open("benchwrite.tmp", O_RDONLY);
  long got = 0;
  int r;
  while ((r = read(fd, buf, chunk)) > 0)
    got += r;
  close(fd);
  uint64 t2 = now();
  unlink("benchwrite.tmp");
  if (got != total) {
    printf("benchwrite: read back %d bytes of %d\n", (int)got, (int)total);
    exit(1);
  }
  uint64 w = (uint64)kib * TIMEBASE / (t1 - t0 ? t1 - t0 : 1);
  uint64 rd = (uint64)kib * TIMEBASE / (t2 - t1 ? t2 - t1 : 1);
  printf("BENCH write_kib_per_s %d\n", (int)w);
  printf("BENCH read_kib_per_s %d\n", (int)rd);
  exit(0);
}
