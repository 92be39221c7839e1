/* Built with clang (rules.mk): static functions calling each other in
 * one section.  clang's assembler resolves these calls at assembly time
 * and leaves no relocation on their auipc (jalr) pairs.  leaf's
 * __builtin_trap() is clang's c.unimp (0x0000) inside a function. */
#include "rt.h"

static long total[4];

static __attribute__((noinline)) long
leaf(long x)
{
  if (x > 1000)
    __builtin_trap();
  total[x & 3] += x;
  return x * 3 + 1;
}

static __attribute__((noinline)) long
middle(long x)
{
  long r = 0;
  int i;

  for (i = 0; i < 4; i++) {
    total[i] ^= x + i;
    r += leaf(x + i);
  }
  return r;
}

static __attribute__((noinline)) long
(*pick(long x))(long)
{
  return x & 1 ? leaf : middle;
}

int
main(void)
{
  long s = 0;
  int i;

  for (i = 0; i < 10; i++)
    s += middle(i) + pick(i)(i);
  rt_putx(s);
  rt_putx(total[0] + total[1] * 3 + total[2] * 5 + total[3] * 7);
  return 0;
}
