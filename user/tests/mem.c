/* usertests: memory -- sbrk, running out of memory, bad addresses kill
 * only the offender, the stack guard page, copy-on-write fork. */
#include "user/tests/ut.h"
#include "kernel/pagemap.h"

#define HUGE_PAGES 64

static void
touch_pages(char *p, int npages, uint seed)
{
  for (int i = 0; i < npages; i++) {
    p[(uint64)i * PGSIZE] = pat(seed, i);
    p[(uint64)i * PGSIZE + PGSIZE - 1] = pat(seed + 1, i);
  }
}

static int
pages_hold(char *p, int npages, uint seed)
{
  for (int i = 0; i < npages; i++)
    if (p[(uint64)i * PGSIZE] != (char)pat(seed, i) ||
        p[(uint64)i * PGSIZE + PGSIZE - 1] != (char)pat(seed + 1, i))
      return i;
  return -1;
}

/* sbrk returns the old break; the new memory is usable and zeroed. */
static void
sbrk_grow(void)
{
  char *a = sbrk(0);
  char *b = sbrk(256 * PGSIZE);
  CHECK(b == a, "sbrk(n) returned %p, the break was %p", b, a);
  CHECK(sbrk(0) == a + 256 * PGSIZE, "break did not move by 1 MiB");
  for (int i = 0; i < 256 * PGSIZE; i += 509)
    CHECK(b[i] == 0, "new memory not zero at offset %d", i);
  touch_pages(b, 256, 3);
  CHECK(pages_hold(b, 256, 3) < 0, "grown memory lost what was written");
  /* Many small, unaligned steps: each returns the previous break. */
  char *prev = sbrk(0);
  for (int i = 0; i < 500; i++) {
    char *r = sbrk(13);
    CHECK(r == prev, "sbrk(13) step %d returned %p, expected %p", i, r, prev);
    r[12] = (char)i;
    prev = r + 13;
  }
}

static void
touch_addr(uint64 a)
{
  *(volatile char *)a = 1;
}

/* Shrinking frees frames, makes the addresses unusable, and memory that
 * is grown again reads as zero. */
static void
sbrk_shrink(void)
{
  char *a = sbrk(0);
  CHECK(sbrk(64 * PGSIZE) == a, "sbrk grow failed");
  touch_pages(a, 64, 9);
  uint64 f1 = frames_free();
  CHECK(sbrk(-64 * PGSIZE) == a + 64 * PGSIZE, "sbrk(-n) did not return the old break");
  CHECK(sbrk(0) == a, "break did not come back to %p", a);
  uint64 f2 = frames_free();
  CHECK(f2 >= f1 + 64, "shrinking 64 pages freed only %ld frames", (long)(f2 - f1));
  int st = run_in_child(touch_addr, (uint64)a + 10 * PGSIZE);
  CHECK(st == -1, "touching memory given back by sbrk: child status %d, not -1", st);
  CHECK(sbrk(64 * PGSIZE) == a, "sbrk regrow failed");
  for (int i = 0; i < 64 * PGSIZE; i += 97)
    CHECK(a[i] == 0, "re-grown memory holds old data at offset %d", i);
  sbrk(-64 * PGSIZE);
}

/* Kernel-pool pages not in use. */
static uint64
kpages_idle(void)
{
  struct memstat m;
  CHECK(memstat(&m) == 0, "memstat failed");
  return m.kpages_free;
}

/* Grow PTFREE_PAGES pages past the break, touch each, and shrink them
 * back -- a page at a time with step set, else at once: the page tables
 * made for them (both halves' when mirrored) are freed again.  The page
 * below the break is touched first, so the tables that hold it and the
 * pages under it stay, before and after. */
#define PTFREE_PAGES (2 * 512 + 3)   /* more than two leaf tables' span */

static void
ptfree_round(int step)
{
  char *top = sbrk(0);
  top[-1] = 1;
  uint64 k0 = kpages_idle();
  char *p = sbrk(PTFREE_PAGES * PGSIZE);
  CHECK(p == top, "sbrk grow failed");
  touch_pages(p, PTFREE_PAGES, 5);
  uint64 k1 = kpages_idle();
  CHECK(k1 + 2 <= k0, "%d pages touched took %ld kernel pages, not the tables of 2 MiB spans",
        PTFREE_PAGES, (long)(k0 - k1));
  if (step)
    for (int i = 0; i < PTFREE_PAGES; i++)
      CHECK(sbrk(-PGSIZE) != (char *)-1, "sbrk(-PGSIZE) failed");
  else
    CHECK(sbrk(-PTFREE_PAGES * PGSIZE) != (char *)-1, "sbrk(-%d pages) failed", PTFREE_PAGES);
  uint64 k2 = kpages_idle();
  CHECK(k2 == k0, "shrinking %s: %ld kernel pages idle before the growth, %ld after",
        step ? "a page at a time" : "at once", (long)k0, (long)k2);
}

static void
sbrk_ptfree(void)
{
  ptfree_round(1);
  ptfree_round(0);
}

/* memstat counts frames; touching pages uses them. */
static void
memstat_counts(void)
{
  struct memstat m;
  CHECK(memstat(&m) == 0, "memstat failed");
  CHECK(m.frames_total > 0 && m.frames_free <= m.frames_total,
        "memstat: %ld free of %ld", (long)m.frames_free, (long)m.frames_total);
  CHECK(m.frames_total * PGSIZE <= 128L * 1024 * 1024, "more frames than RAM: %ld",
        (long)m.frames_total);
  uint64 f0 = m.frames_free;
  char *p = sbrk(100 * PGSIZE);
  CHECK(p != (char *)-1, "sbrk failed");
  touch_pages(p, 100, 1);
  uint64 f1 = frames_free();
  CHECK(f0 >= f1 + 100, "100 touched pages took only %ld frames", (long)(f0 - f1));
  sbrk(-100 * PGSIZE);
}

/* Running out of memory (docs/memory.md, "Memory policy"): the heap is
 * lazy and sbrk refuses only sizes past the per-process limit, so a
 * process that keeps growing and touching is killed when a fault finds
 * no frame (or, if it reaches the limit first, sees -1).  Either way
 * nobody else is hurt: the caller's own data is intact, and fork and
 * pipe work again after.  stride 1: every page a frame. */
static void
oom_run(int nhogs)
{
  struct hogs h;
  enum { MINE = 32 };
  char *mine = sbrk(MINE * PGSIZE);

  CHECK(mine != (char *)-1, "sbrk of %d pages failed", MINE);
  touch_pages(mine, MINE, 5);
  hogs_start(&h, nhogs, 1);
  touch_pages(mine, MINE, 5);        /* break copy-on-write before they start */
  hogs_go(&h);
  int killed = hogs_wait(&h);
  ut_printf("  (%s: %d of %d hogs killed, the rest refused by sbrk)\n", ut_current, killed, nhogs);
  CHECK(pages_hold(mine, MINE, 5) < 0, "the bystander's memory changed");
  int fds[2];
  xpipe(fds);
  close(fds[0]);
  close(fds[1]);
  CHECK(run_in_child(touch_addr, (uint64)mine) == 0, "fork after the hogs failed");
  char *p = sbrk(2048 * PGSIZE);
  CHECK(p != (char *)-1, "8 MiB sbrk failed after the out-of-memory runs");
  touch_pages(p, 2048, 2);
  sbrk(-2048 * PGSIZE);
  sbrk(-MINE * PGSIZE);
}

static void
oom_one(void)
{
  oom_run(1);
}

static void
oom_parallel(void)
{
  oom_run(2);
}

/* Parent holds most of memory; a forked child writes all of it so every
 * copy-on-write break needs a frame.  The child is killed (there is no
 * way to return -1 from a store), the kernel does not panic, and the
 * parent's memory is untouched. */
static void
oom_cow(void)
{
  uint64 f = pages_usable();           /* half the free frames when mirrored */
  int npages = (int)(f * 6 / 10);
  char *p = sbrk(npages * PGSIZE);
  CHECK(p != (char *)-1, "sbrk of %d pages failed with %ld free", npages, (long)f);
  touch_pages(p, npages, 11);
  int go[2];
  xpipe(go);
  int pid = fork();
  CHECK(pid >= 0, "fork of a process holding %d of %ld free frames failed (fork not copy-on-write?)",
        npages, (long)f);
  if (pid == 0) {
    char c;
    read(go[0], &c, 1);
    for (int i = 0; i < npages; i++)
      p[(uint64)i * PGSIZE + 7] = 1;
    exit(0);
  }
  xwrite(go[1], "g", 1);    /* after our own stack's copy-on-write break */
  int st = xwait(pid);
  CHECK(st == -1, "child writing more copy-on-write pages than memory exited with %d", st);
  CHECK(pages_hold(p, npages, 11) < 0, "parent's memory changed by the child");
  for (int i = 0; i < npages; i++)
    CHECK(p[(uint64)i * PGSIZE + 7] == 0, "child's store leaked into the parent at page %d", i);
  close(go[0]);
  close(go[1]);
  sbrk(-npages * PGSIZE);
}

/* Copy-on-write: fork does not copy touched pages; writing does; the
 * copies are private. */
static void
cow_fork(void)
{
  enum { N = 400 };
  char *p = sbrk(N * PGSIZE);
  CHECK(p != (char *)-1, "sbrk failed");
  touch_pages(p, N, 21);
  uint64 f0 = frames_free();
  int fds[2];
  xpipe(fds);
  int pid = xfork();
  if (pid == 0) {
    uint64 f1 = frames_free();
    if (pages_hold(p, N, 21) >= 0)
      fail("child does not see the parent's data");
    touch_pages(p, N, 77);
    uint64 f2 = frames_free();
    if (pages_hold(p, N, 77) >= 0)
      fail("child's own writes lost");
    uint64 r[2] = { f0 - f1, f1 - f2 };
    write(fds[1], r, sizeof r);
    exit(0);
  }
  uint64 r[2];
  xread(fds[0], r, sizeof r);
  CHECK(xwait(pid) == 0, "child failed");
  CHECK(pages_hold(p, N, 21) < 0, "child's writes showed up in the parent");
  CHECK((long)r[0] < N / 2, "fork of a %d-page process took %ld frames (not copy-on-write)", N, (long)r[0]);
  CHECK((long)r[1] >= N - 8, "writing %d shared pages took only %ld frames", N, (long)r[1]);
  close(fds[0]);
  close(fds[1]);
  /* several children at once, each writing its own pattern */
  for (int i = 0; i < 3; i++) {
    if (xfork() == 0) {
      if (pages_hold(p, N, 21) >= 0)
        fail("child %d sees wrong data", i);
      touch_pages(p, N, 100 + i);
      sleep(1);
      if (pages_hold(p, N, 100 + i) >= 0)
        fail("child %d lost its writes", i);
      exit(0);
    }
  }
  for (int i = 0; i < 3; i++) {
    int st;
    CHECK(wait(&st) > 0 && st == 0, "concurrent copy-on-write child failed (%d)", st);
  }
  CHECK(pages_hold(p, N, 21) < 0, "parent data changed");
  sbrk(-N * PGSIZE);
}

static void
load_addr(uint64 a)
{
  volatile char c = *(volatile char *)a;
  (void)c;
}

/* Touching addresses that are not the process's: killed with -1, and
 * only that process. */
static void
bad_addresses(void)
{
  uint64 brk = (uint64)sbrk(0);
  /* A mirrored process has its text's mirror at MIRROR_OFFSET (a load
   * there works); its mirror region above the break is as unmapped as
   * the break itself. */
  uint64 mirror = ut_mirrored() ? MIRROR_OFFSET + PGROUNDUP(brk) + 64 * PGSIZE : MIRROR_OFFSET;
  struct { uint64 a; const char *what; } cases[] = {
    { KERNBASE, "kernel base" },
    { KERNBASE + 0x10000, "kernel text" },
    { PHYSTOP - 8, "top of RAM" },
    { UART0, "UART" },
    { TRAPFRAME, "trapframe" },
    { TRAMPOLINE, "trampoline" },
    { MAXVA, "MAXVA" },
    { mirror, "mirror area (unmirrored), or its part above the break (mirrored)" },
    { PGROUNDUP(brk) + 64 * PGSIZE, "unmapped, above the break" },
    { 0xffffffffffff0000ULL, "non-canonical high address" },
    { 0x8000000000000000ULL, "sign bit address" },
  };
  for (int i = 0; i < (int)(sizeof cases / sizeof cases[0]); i++) {
    int st = run_in_child(load_addr, cases[i].a);
    CHECK(st == -1, "load from %p (%s): status %d, not -1", cases[i].a, cases[i].what, st);
    st = run_in_child(touch_addr, cases[i].a);
    CHECK(st == -1, "store to %p (%s): status %d, not -1", cases[i].a, cases[i].what, st);
  }
  /* and we are still fine */
  CHECK((uint64)sbrk(0) == brk, "break moved");
}

/* Code is not writable; nor is its mirror (read-only in a mirrored
 * process, unmapped in another: the same two children either way, so
 * that the suite's benchmark compares the same work). */
static void
text_readonly(void)
{
  int st = run_in_child(touch_addr, (uint64)(void *)text_readonly);
  CHECK(st == -1, "store into program text: status %d, not -1", st);
  st = run_in_child(touch_addr, (uint64)(void *)text_readonly + MIRROR_OFFSET);
  CHECK(st == -1, "store into the mirror of the program text: status %d, not -1", st);
}

static int
recurse(int n)
{
  volatile char frame[1024];
  frame[0] = (char)n;
  frame[sizeof frame - 1] = (char)n;
  if (n <= 0)
    return frame[0];
  return recurse(n - 1) + frame[sizeof frame - 1];
}

static void
recurse_child(uint64 depth)
{
  recurse((int)depth);
}

/* A stack of USERSTACK pages works; running past it hits the guard page
 * and kills the process. */
static void
stack_guard(void)
{
  int kib = USERSTACK * PGSIZE / 1024;
  int st = run_in_child(recurse_child, kib - 12);
  CHECK(st == 0, "recursing %d KiB deep (stack %d KiB) failed: %d", kib - 12, kib, st);
  st = run_in_child(recurse_child, kib + 16);
  CHECK(st == -1, "overflowing the %d KiB stack: status %d, not -1", kib, st);
  st = run_in_child(recurse_child, 4 * kib);
  CHECK(st == -1, "overflowing the stack 4x: status %d, not -1", st);
}

/* The pages the caller maps (pagemap), each counted once. */
static int
pages_mapped(void)
{
  struct pagemap pm[32];
  uint64 va = 0;
  int n = 0, k;

  while ((k = pagemap(0, va, pm, 32)) > 0) {
    n += k;
    va = pm[k - 1].va + PGSIZE;
  }
  return n;
}

static void
stack_deepen(uint64 kib)
{
  int before = pages_mapped();
  recurse((int)kib);
  int added = pages_mapped() - before;
  CHECK(added >= (int)kib / 4 - 4, "recursing %lu KiB deep mapped %d pages, not about %lu",
        kib, added, kib / 4);
}

/* The stack is filled on first touch, as the heap: a call going deeper
 * than the stack has been maps the pages it reaches (an eagerly mapped
 * stack would add none).  What an exec'd program maps at first is
 * exec.stacklazy's. */
static void
stack_lazy(void)
{
  int kib = USERSTACK * PGSIZE / 1024 - 12;
  int st = run_in_child(stack_deepen, kib);
  CHECK(st == 0, "the stack-depth child: %s", ut_status(st));
}

/* Page leak: a busy fork/grow/exit loop gives every frame back. */
static void
no_leak_loop(void)
{
  uint64 f0 = frames_free();
  for (int i = 0; i < 20; i++) {
    int pid = xfork();
    if (pid == 0) {
      char *p = sbrk(50 * PGSIZE);
      if (p == (char *)-1)
        exit(1);
      touch_pages(p, 50, i);
      exit(0);
    }
    CHECK(xwait(pid) == 0, "child %d failed", i);
  }
  uint64 f1 = frames_free();
  CHECK(f1 == f0, "20 fork/sbrk/exit rounds: %ld frames free before, %ld after", (long)f0, (long)f1);
}

/* malloc packs: N blocks of 10001 bytes grow the heap by their sizes and
 * at most one 64 KiB chunk more (a leftover per chunk would add 8 %), and
 * once all are freed they merge into one block that a single request of
 * their whole size gets without growing the heap. */
#define PACK_BLOCKS 600
#define PACK_SIZE   10001
#define PACK_UNITS  ((PACK_SIZE + 15) / 16 + 1)   /* units of 16 bytes, header included */

static void
malloc_pack(void)
{
  char *top0 = sbrk(0), *head = 0, *b;

  for (int i = 0; i < PACK_BLOCKS; i++) {
    CHECK((b = malloc(PACK_SIZE)) != 0, "malloc %d of %d failed", i, PACK_BLOCKS);
    *(char **)b = head;
    head = b;
  }
  long grown = sbrk(0) - top0, need = (long)PACK_BLOCKS * PACK_UNITS * 16;
  CHECK(grown <= need + 65536 + 16, "%d blocks of %d bytes grew the heap by %ld bytes, not at most %ld",
        PACK_BLOCKS, PACK_SIZE, grown, need + 65536 + 16);
  while (head) {
    b = *(char **)head;
    free(head);
    head = b;
  }
  char *top1 = sbrk(0);
  CHECK(malloc(need - 16) != 0, "one block of the freed blocks' whole size: malloc failed");
  CHECK(sbrk(0) == top1, "freed blocks did not merge: the heap grew by %ld bytes", (long)(sbrk(0) - top1));
}

/* malloc and free at random (seeded, printed): every block keeps its
 * pattern until freed, so no two live blocks overlap and a merge never
 * swallows a live block; once all are freed, the heap they grew is one
 * free block again (nothing fell off the list). */
#define RND_SLOTS 64
#define RND_OPS   3000

static void
malloc_random(void)
{
  uint64 seed = ut_seed(), r = seed;
  char *top0 = sbrk(0);
  uchar *slot[RND_SLOTS] = { 0 };
  uint size[RND_SLOTS];
  uchar base[RND_SLOTS];

  ut_printf("(mem.mallocrandom: seed %lu)\n", seed);
  for (int op = 0; op < RND_OPS; op++) {
    r = splitmix(r);
    int k = r % RND_SLOTS;
    if (slot[k]) {
      for (uint i = 0; i < size[k]; i++)
        CHECK(slot[k][i] == (uchar)(base[k] + i * 7), "op %d: block %d (%u bytes) changed at byte %u",
              op, k, size[k], i);
      free(slot[k]);
      slot[k] = 0;
      continue;
    }
    size[k] = 1 + (r >> 8) % ((r >> 40) % 4 == 0 ? 70000 : 3000);
    CHECK((slot[k] = malloc(size[k])) != 0, "op %d: malloc(%u) failed", op, size[k]);
    CHECK((uint64)slot[k] % 16 == 0, "op %d: malloc gave %p, not 16-byte aligned", op, slot[k]);
    base[k] = op;
    for (uint i = 0; i < size[k]; i++)
      slot[k][i] = base[k] + i * 7;
  }
  for (int k = 0; k < RND_SLOTS; k++)
    free(slot[k]);
  char *top1 = sbrk(0);
  if (top1 > top0)
    CHECK(malloc(top1 - top0 - 16) != 0 && sbrk(0) == top1,
          "all freed, the %ld bytes the heap grew by are not one free block", (long)(top1 - top0));
}

/* xv6's biggest heap (its usertest sbrkmuch grows to 100 MiB): every
 * page written and read back, then given back.  Mirrored it takes 200
 * MiB of frames, more than the 128 MiB machine of the other groups has,
 * so it runs only when named (UT_NAMED), on the 512 MiB machine that
 * make qemu and make run give (tests/run.py, stage 6d). */
#define BIGHEAP_PAGES (100 * 256)

/* The frames the caller holds alone (ref 1) for its pages in [p, end):
 * each native page's, and each mirror copy's that lies in another bank
 * than its native page.  Read from the caller's own mappings (pagemap),
 * not the global free count, which the harness's and the watchdog's own
 * copy-on-write breaks may move while a test runs. */
static uint64
frames_owned(char *p, char *end)
{
  static struct pagemap pm[64];
  uint64 va = (uint64)p & ~(uint64)(PGSIZE - 1), n = 0;
  int k;

  while (va < (uint64)end && (k = pagemap(0, va, pm, 64)) > 0) {
    for (int i = 0; i < k && pm[i].va < (uint64)end; i++) {
      n += pm[i].ref == 1;
      n += (pm[i].flags & PM_MIRROR) && pm[i].mirror_ref == 1 && pm[i].mirror_bank != pm[i].bank;
    }
    va = pm[k - 1].va + PGSIZE;
  }
  return n;
}

static void
big_heap(void)
{
  char *p = sbrk(BIGHEAP_PAGES * PGSIZE);

  CHECK(p != (char *)-1, "sbrk(100 MiB) refused");
  touch_pages(p, BIGHEAP_PAGES, 11);
  int bad = pages_hold(p, BIGHEAP_PAGES, 11);
  CHECK(bad < 0, "page %d of the 100 MiB heap lost its bytes", bad);
  uint64 owned = frames_owned(p, p + BIGHEAP_PAGES * PGSIZE);
  uint64 want = (uint64)BIGHEAP_PAGES * (ut_mirrored() ? 2 : 1);
  CHECK(owned >= want, "100 MiB heap%s: only %lu frames of its own, not %lu",
        ut_mirrored() ? " (mirrored, copies in two banks)" : "", owned, want);
  CHECK(sbrk(-BIGHEAP_PAGES * PGSIZE) != (char *)-1, "shrinking the 100 MiB heap failed");
}

const struct utest mem_tests[] = {
  { "mem.sbrkgrow", sbrk_grow, 30, 0 },
  { "mem.sbrkshrink", sbrk_shrink, 30, 0 },
  { "mem.ptfree", sbrk_ptfree, 30, 0 },
  { "mem.memstat", memstat_counts, 20, 0 },
  { "mem.badaddr", bad_addresses, 60, 0 },
  { "mem.textro", text_readonly, 20, 0 },
  { "mem.stackguard", stack_guard, 30, 0 },
  { "mem.stacklazy", stack_lazy, 30, 0 },
  { "mem.cow", cow_fork, 60, 0 },
  { "mem.leak", no_leak_loop, 60, 0 },
  { "mem.mallocpack", malloc_pack, 60, 0 },
  { "mem.mallocrandom", malloc_random, 60, 0 },
  { "mem.bigheap", big_heap, 300, UT_NAMED },
  { "mem.oom", oom_one, 180, 0 },
  { "mem.oomparallel", oom_parallel, 180, 0 },
  { "mem.oomcow", oom_cow, 180, 0 },
  { 0 },
};
