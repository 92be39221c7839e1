/* Built from an object assembled with relaxation (-mrelax, aligned loops
 * and functions: R_RISCV_RELAX and R_RISCV_ALIGN relocations, nop
 * padding inside code) and linked with --no-relax, like a library the
 * user did not build.  The hints must not count as references. */
#include "rt.h"

static long hist[16];
static const char text[] = "relaxation hints are not references";
long total;

static int
classify(int c)
{
  switch (c) {
  case 'a': case 'e': case 'i': case 'o': case 'u': return 1;
  case ' ': return 2;
  case 'r': return 3;
  case 'n': return 4;
  case 's': return 5;
  case 't': return 6;
  default: return 0;
  }
}

__attribute__((noinline)) static long
sum(const long *v, int n)
{
  long s = 0;
  int i;

  for (i = 0; i < n; i++)
    s = s * 7 + v[i];
  return s;
}

int
main(void)
{
  const char *p;
  int i;

  for (p = text; *p; p++)
    hist[classify(*p)]++;
  for (i = 0; i < 16; i++)
    total += hist[i] * i;
  rt_putd(total);
  rt_putd(sum(hist, 16));
  return (int)(total & 63);
}
