/* Sorting: insertion sort of small runs and a recursive quicksort of the
 * whole array, over pseudo-random data, checked at the end. */
#include "tools/mirrorbt/tests/rt.h"

#define N 6000
static int v[N];

static void
isort(int *p, int n)
{
  int i, j, x;

  for (i = 1; i < n; i++) {
    x = p[i];
    for (j = i; j > 0 && p[j - 1] > x; j--)
      p[j] = p[j - 1];
    p[j] = x;
  }
}

static void
qsort_(int *p, int n)
{
  int i = 0, j = n - 1, x = p[n / 2], t;

  if (n < 12) {
    isort(p, n);
    return;
  }
  while (i <= j) {
    while (p[i] < x)
      i++;
    while (p[j] > x)
      j--;
    if (i <= j) {
      t = p[i];
      p[i++] = p[j];
      p[j--] = t;
    }
  }
  qsort_(p, j + 1);
  qsort_(p + i, n - i);
}

int
main(void)
{
  unsigned seed = 7;
  int i, bad = 0;
  long sum = 0;

  for (i = 0; i < N; i++) {
    seed = seed * 1664525u + 1013904223u;
    v[i] = (int)(seed >> 8) % 100000;
  }
  isort(v, 300);
  qsort_(v, N);
  for (i = 1; i < N; i++)
    bad += v[i - 1] > v[i];
  for (i = 0; i < N; i += 97)
    sum = sum * 31 + v[i];
  rt_putx((u64)sum);
  return bad;
}
