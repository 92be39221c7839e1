/* Refusals and memory.  A refusal prints one line and unwinds through
 * mbt_jmp to whoever set it (main, or the fuzz target), or exits; all
 * memory comes from one list so that unwinding loses nothing. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mbt.h"

const char *mbt_errname = "mirrorbt";
jmp_buf *mbt_jmp;
int mbt_quiet;

typedef struct Blk { struct Blk *next; size_t size; } Blk;
static Blk *mbt_blocks;

void
mbt_fail(int code, const char *fmt, ...)
{
  va_list ap;

  if (!mbt_quiet) {
    fprintf(stderr, "%s: ", mbt_errname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
  }
  if (!mbt_jmp)
    exit(code);
  longjmp(*mbt_jmp, code);
}

static void *
mbt_link(Blk *b, size_t n)
{
  if (!b)
    mbt_fail(E_IO, "out of memory");
  b->size = n;
  b->next = mbt_blocks;
  mbt_blocks = b;
  return b + 1;
}

void *
mbt_alloc(size_t n)
{
  return mbt_link(calloc(1, sizeof(Blk) + n), n);
}

/* Grow a block from mbt_alloc (or NULL) to n bytes; new bytes are zero. */
void *
mbt_grow(void *p, size_t n)
{
  Blk **pp, *b;
  size_t old;

  if (!p)
    return mbt_alloc(n);
  b = (Blk *)p - 1;
  old = b->size;
  for (pp = &mbt_blocks; *pp != b; pp = &(*pp)->next)
    ;
  *pp = b->next;
  b = realloc(b, sizeof(Blk) + n);
  if (b && n > old)
    memset((char *)(b + 1) + old, 0, n - old);
  return mbt_link(b, n);
}

void
mbt_free_all(void)
{
  Blk *b;

  while ((b = mbt_blocks)) {
    mbt_blocks = b->next;
    free(b);
  }
}
