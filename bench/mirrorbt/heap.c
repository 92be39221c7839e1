/* A priority queue: a binary min-heap of (key, id) pairs, pushes and
 * pops in a simulated event loop. */
#include "tools/mirrorbt/tests/rt.h"

#define CAP 4096
struct ev {
  unsigned key;
  int id;
};
static struct ev h[CAP];
static int n;

static void
push(unsigned key, int id)
{
  int i = n++, p;

  while (i > 0 && h[p = (i - 1) / 2].key > key) {
    h[i] = h[p];
    i = p;
  }
  h[i].key = key;
  h[i].id = id;
}

static struct ev
pop(void)
{
  struct ev top = h[0], last = h[--n];
  int i = 0, c;

  while ((c = 2 * i + 1) < n) {
    if (c + 1 < n && h[c + 1].key < h[c].key)
      c++;
    if (h[c].key >= last.key)
      break;
    h[i] = h[c];
    i = c;
  }
  h[i] = last;
  return top;
}

int
main(void)
{
  unsigned seed = 13, now = 0;
  long sum = 0;
  int i;

  for (i = 0; i < 2000; i++) {
    seed = seed * 69069u + 1;
    push(seed >> 12, i);
  }
  for (i = 0; i < 40000; i++) {
    struct ev e = pop();
    now = e.key;
    sum += e.id ^ (long)now;
    seed = seed * 69069u + 1;
    push(now + (seed >> 20) + 1, e.id);
  }
  rt_putx((u64)sum);
  rt_putx(now);
  return 0;
}
