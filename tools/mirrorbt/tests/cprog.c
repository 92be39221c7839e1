/* C test: a switch that becomes a jump table (ADD32/SUB32 label
 * differences), function pointers in data, floating point, recursion. */
#include "rt.h"

static int sq(int x) { return x * x; }
static int cube(int x) { return x * x * x; }
static int neg(int x) { return -x; }
int (*ops[])(int) = { sq, cube, neg };
struct rec { const char *name; int (*fn)(int); } recs[] = { { "sq", sq }, { "cube", cube } };
double acc[8];

__attribute__((noinline)) int
pick(int x)
{
  switch (x) {
  case 0: return 11;
  case 1: return 22;
  case 2: return 35;
  case 3: return 47;
  case 4: return 51;
  case 5: return 68;
  case 6: return 70;
  case 7: return 89;
  default: return -1;
  }
}

static int
fib(int n)
{
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int
main(void)
{
  long sum = 0;
  int i;

  for (i = 0; i < 10; i++)
    sum = sum * 3 + pick(i) + ops[i % 3](i);
  rt_putd(sum);
  for (i = 0; i < 2; i++) {
    rt_puts(recs[i].name);
    rt_putd(recs[i].fn(i + 5));
  }
  for (i = 0; i < 8; i++)
    acc[i] = i * 1.5 + (i ? acc[i - 1] : 0.25);
  rt_putd((long)(acc[7] * 1000));
  rt_putd(fib(20));
  return 3;
}
