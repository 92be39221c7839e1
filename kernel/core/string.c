/* Memory and string helpers of the kernel (compiled -fno-builtin, so the
 * compiler's own calls to memset/memcpy land here too). */
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"

/* Pages are zeroed and copied through memset and memmove, so both go a
 * word at a time where the alignment allows and bytewise elsewhere, and
 * in blocks of eight words while there are that many (a page then costs
 * 64 loop steps, not 512: zero-filling and copying frames is most of
 * what a page fault does). */
void *
memset(void *dst, int c, uint64 n)
{
  uchar *d = dst;
  uint64 word = (uchar)c * 0x0101010101010101ULL;

  for (; n > 0 && (uint64)d % 8; n--)
    *d++ = c;
  for (; n >= 64; n -= 64, d += 64) {
    uint64 *w = (uint64 *)d;
    w[0] = w[1] = w[2] = w[3] = w[4] = w[5] = w[6] = w[7] = word;
  }
  for (; n >= 8; n -= 8, d += 8)
    *(uint64 *)d = word;
  while (n-- > 0)
    *d++ = c;
  return dst;
}

/* Overlap-safe: copies backwards when dst lies above src.  Words when
 * both addresses and the length are multiples of 8, else bytes. */
void *
memmove(void *dst, const void *src, uint64 n)
{
  int backwards = (const uchar *)src < (uchar *)dst && (const uchar *)src + n > (uchar *)dst;

  if ((((uint64)dst | (uint64)src | n) % 8) == 0) {
    uint64 *d = dst;
    const uint64 *s = src;
    n /= 8;
    if (backwards) {
      while (n-- > 0)
        d[n] = s[n];
    } else {
      uint64 i = 0;
      for (; i + 8 <= n; i += 8) {
        uint64 a = s[i], b = s[i + 1], c = s[i + 2], e = s[i + 3];
        uint64 f = s[i + 4], g = s[i + 5], h = s[i + 6], k = s[i + 7];
        d[i] = a; d[i + 1] = b; d[i + 2] = c; d[i + 3] = e;
        d[i + 4] = f; d[i + 5] = g; d[i + 6] = h; d[i + 7] = k;
      }
      for (; i < n; i++)
        d[i] = s[i];
    }
  } else {
    uchar *d = dst;
    const uchar *s = src;
    if (backwards)
      while (n-- > 0)
        d[n] = s[n];
    else
      for (uint64 i = 0; i < n; i++)
        d[i] = s[i];
  }
  return dst;
}

void *
memcpy(void *dst, const void *src, uint64 n)
{
  return memmove(dst, src, n);
}

int
memcmp(const void *a, const void *b, uint64 n)
{
  const uchar *x = a, *y = b;

  for (; n > 0; n--, x++, y++)
    if (*x != *y)
      return *x - *y;
  return 0;
}

int
strncmp(const char *a, const char *b, uint64 n)
{
  for (; n > 0 && *a && *a == *b; n--, a++, b++)
    ;
  return n == 0 ? 0 : (uchar)*a - (uchar)*b;
}

/* Like C's strncpy: pads with NULs, does not terminate a long src. */
char *
strncpy(char *dst, const char *src, int n)
{
  int i = 0;

  for (; i < n && src[i]; i++)
    dst[i] = src[i];
  for (; i < n; i++)
    dst[i] = 0;
  return dst;
}

/* At most n-1 characters, always NUL-terminated (n > 0). */
char *
strcopy(char *dst, const char *src, int n)
{
  int i = 0;

  if (n <= 0)
    return dst;
  for (; i < n - 1 && src[i]; i++)
    dst[i] = src[i];
  dst[i] = 0;
  return dst;
}

int
strlen(const char *s)
{
  int n = 0;

  while (s[n])
    n++;
  return n;
}
