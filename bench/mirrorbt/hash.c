/* A hash table: chained entries from a pool, insert / update / lookup /
 * delete of pseudo-random keys, the table cleared between rounds. */
#include "tools/mirrorbt/tests/rt.h"

#define NB 1024
#define NE 4096
struct entry {
  unsigned key;
  int val;
  struct entry *next;
};
static struct entry pool[NE];
static struct entry *bucket[NB];
static struct entry *freelist;
static int count;

static unsigned
hash(unsigned k)
{
  k ^= k >> 16;
  k *= 0x45d9f3bu;
  k ^= k >> 16;
  return k & (NB - 1);
}

static void
put(unsigned key, int val)
{
  struct entry **b = &bucket[hash(key)], *e;

  for (e = *b; e; e = e->next)
    if (e->key == key) {
      e->val += val;
      return;
    }
  if (!freelist)
    return;
  e = freelist;
  freelist = e->next;
  e->key = key;
  e->val = val;
  e->next = *b;
  *b = e;
  count++;
}

static int
del(unsigned key)
{
  struct entry **pp = &bucket[hash(key)], *e;

  for (; (e = *pp); pp = &e->next)
    if (e->key == key) {
      *pp = e->next;
      e->next = freelist;
      freelist = e;
      count--;
      return e->val;
    }
  return 0;
}

static void
reset(void)
{
  int i;

  for (i = 0; i < NB; i++)
    bucket[i] = 0;
  freelist = 0;
  for (i = NE - 1; i >= 0; i--) {
    pool[i].next = freelist;
    freelist = &pool[i];
  }
  count = 0;
}

int
main(void)
{
  unsigned seed = 9, k;
  int i, r;
  long sum = 0;

  for (r = 0; r < 6; r++) {
    reset();
    for (i = 0; i < 6000; i++) {
      seed = seed * 1103515245u + 12345u;
      k = (seed >> 8) % 5000;
      if (seed & 0x80)
        put(k, i);
      else
        sum += del(k);
    }
    sum = sum * 7 + count;
  }
  rt_putx((u64)sum);
  return 0;
}
