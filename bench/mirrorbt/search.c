/* String search: naive and Horspool search of several patterns in
 * generated text, the skip table rebuilt for each pattern. */
#include "tools/mirrorbt/tests/rt.h"

static char text[16384];
static int skip[256];

static int
naive(const char *p, int m)
{
  int i, j, n = 0;

  for (i = 0; i + m <= (int)sizeof text; i++) {
    for (j = 0; j < m && text[i + j] == p[j]; j++)
      ;
    n += j == m;
  }
  return n;
}

static int
horspool(const char *p, int m)
{
  int i, j, n = 0;

  for (i = 0; i < 256; i++)
    skip[i] = m;
  for (i = 0; i < m - 1; i++)
    skip[(unsigned char)p[i]] = m - 1 - i;
  for (i = 0; i + m <= (int)sizeof text; i += skip[(unsigned char)text[i + m - 1]]) {
    for (j = m - 1; j >= 0 && text[i + j] == p[j]; j--)
      ;
    n += j < 0;
  }
  return n;
}

int
main(void)
{
  static const char *pat[] = { "ab", "abc", "cab", "bacab", "aabbc", "cccc" };
  static const int len[] = { 2, 3, 3, 5, 5, 4 };
  unsigned seed = 11;
  long sum = 0;
  int i, k;

  for (i = 0; i < (int)sizeof text; i++) {
    seed = seed * 1103515245u + 12345u;
    text[i] = "abc"[(seed >> 16) % 3];
  }
  for (k = 0; k < 6; k++)
    sum = sum * 131 + naive(pat[k], len[k]) * 7 + horspool(pat[k], len[k]);
  rt_putx((u64)sum);
  return 0;
}
