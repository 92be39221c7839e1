/* Integer matrix multiply, C = A * B, 48 x 48, several rounds. */
#include "tools/mirrorbt/tests/rt.h"

#define N 48
static int a[N][N], b[N][N], c[N][N];

static void
mul(void)
{
  int i, j, k, s;

  for (i = 0; i < N; i++)
    for (j = 0; j < N; j++) {
      for (s = 0, k = 0; k < N; k++)
        s += a[i][k] * b[k][j];
      c[i][j] = s;
    }
}

int
main(void)
{
  int i, j, r;
  long sum = 0;

  for (i = 0; i < N; i++)
    for (j = 0; j < N; j++) {
      a[i][j] = i * 3 + j;
      b[i][j] = i - 2 * j;
    }
  for (r = 0; r < 4; r++) {
    mul();
    a[r][r] += c[N - 1][r] & 7;
  }
  for (i = 0; i < N; i++)
    for (j = 0; j < N; j++)
      sum += c[i][j] * (i + j);
  rt_putx((u64)sum);
  return 0;
}
