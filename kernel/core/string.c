/* Memory and string helpers of the kernel (compiled -fno-builtin, so the
 * compiler's own calls to memset/memcpy land here too). */
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"

/* Pages are zeroed and copied through memset and memmove, so both go a
 * word at a time where the alignment allows and bytewise elsewhere, and
 * in unrolled blocks of BLOCK_WORDS words while there are that many (a
 * page then costs 16 loop steps, not 512: zero-filling and copying
 * frames is most of what a page fault or a rebuild does). */
#define BLOCK_WORDS 32
#define BLOCK_BYTES (BLOCK_WORDS * 8)

void *
memset(void *dst, int c, uint64 n)
{
  uchar *d = dst;
  uint64 word = (uchar)c * 0x0101010101010101ULL;

  for (; n > 0 && (uint64)d % 8; n--)
    *d++ = c;
  for (; n >= BLOCK_BYTES; n -= BLOCK_BYTES, d += BLOCK_BYTES) {
    uint64 *w = (uint64 *)d;
#pragma GCC unroll 32  /* BLOCK_WORDS */
    for (int i = 0; i < BLOCK_WORDS; i++)
      w[i] = word;
  }
  for (; n >= 8; n -= 8, d += 8)
    *(uint64 *)d = word;
  while (n-- > 0)
    *d++ = c;
  return dst;
}

/* Overlap-safe: copies backwards when dst lies above src.  Forwards,
 * when both addresses are alike modulo 8, in words (in blocks)
 * from the first aligned byte to the last whole word, bytes around them
 * -- so that a page's last, partial stretch (exec's loader, a file's
 * tail) is not copied a byte at a time.  Backwards: words when both
 * addresses and the length are multiples of 8, else bytes. */
void *
memmove(void *dst, const void *src, uint64 n)
{
  uchar *d = dst;
  const uchar *s = src;

  if (s < d && s + n > d) {
    if ((((uint64)d | (uint64)s | n) % 8) == 0)
      for (n /= 8; n-- > 0; )
        ((uint64 *)d)[n] = ((const uint64 *)s)[n];
    else
      while (n-- > 0)
        d[n] = s[n];
    return dst;
  }
  if (((uint64)d ^ (uint64)s) % 8 == 0) {
    for (; n > 0 && (uint64)d % 8; n--)
      *d++ = *s++;
    uint64 *dw = (uint64 *)d;
    const uint64 *sw = (const uint64 *)s;
    for (; n >= BLOCK_BYTES; n -= BLOCK_BYTES, dw += BLOCK_WORDS, sw += BLOCK_WORDS) {
#pragma GCC unroll 32  /* BLOCK_WORDS */
      for (int i = 0; i < BLOCK_WORDS; i++)
        dw[i] = sw[i];
    }
    for (; n >= 8; n -= 8)
      *dw++ = *sw++;
    d = (uchar *)dw;
    s = (const uchar *)sw;
  }
  while (n-- > 0)
    *d++ = *s++;
  return dst;
}

void *
memcpy(void *dst, const void *src, uint64 n)
{
  return memmove(dst, src, n);
}

/* Words while both addresses are multiples of 8 and the words agree
 * (comparing the two copies of a page is what scrub, mdiff and the exit
 * check do), then bytes from the first difference. */
int
memcmp(const void *a, const void *b, uint64 n)
{
  const uchar *x = a, *y = b;

  if ((((uint64)x | (uint64)y) % 8) == 0)
    for (; n >= 8 && *(const uint64 *)x == *(const uint64 *)y; n -= 8, x += 8, y += 8)
      ;
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
