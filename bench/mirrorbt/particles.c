/* Struct updates: a particle system stepped in place (position,
 * velocity, a bounce off the walls, a per-particle hit counter), then a
 * histogram of positions. */
#include "tools/mirrorbt/tests/rt.h"

#define N 512
struct particle {
  int x, y, vx, vy;
  int hits;
  unsigned age;
};
static struct particle ps[N];
static int hist[64];

static void
step(struct particle *p)
{
  p->x += p->vx;
  p->y += p->vy;
  if (p->x < 0 || p->x >= 1 << 16) {
    p->vx = -p->vx;
    p->x += 2 * p->vx;
    p->hits++;
  }
  if (p->y < 0 || p->y >= 1 << 16) {
    p->vy = -p->vy;
    p->y += 2 * p->vy;
    p->hits++;
  }
  p->age++;
}

int
main(void)
{
  unsigned seed = 5;
  int i, r;
  long sum = 0;

  for (i = 0; i < N; i++) {
    seed = seed * 1664525u + 1013904223u;
    ps[i].x = seed >> 16;
    ps[i].y = seed & 0xffff;
    ps[i].vx = (int)(seed >> 24) - 128;
    ps[i].vy = (int)(seed >> 8 & 0xff) - 128;
    ps[i].hits = 0;
    ps[i].age = 0;
  }
  for (r = 0; r < 100; r++) {
    for (i = 0; i < N; i++)
      step(&ps[i]);
    if (r % 10 == 0)
      for (i = 0; i < N; i++)
        hist[ps[i].x >> 10]++;
  }
  for (i = 0; i < N; i++)
    sum += ps[i].x ^ ps[i].y ^ ps[i].hits;
  for (i = 0; i < 64; i++)
    sum = sum * 3 + hist[i];
  rt_putx((u64)sum);
  return 0;
}
