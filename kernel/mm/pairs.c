/* Pair tables: mirrorbt's record, for a translated program, of where each
 * mirrored write and its window lie (kernel/mirror.h).  exec loads and
 * checks the table of a marked program; the address spaces running it
 * share it (fork), and the last one frees it.  Recovery (docs/memory.md)
 * looks a pc up in it to tell whether a process is between the two
 * writes of a pair.
 *
 * A table is a slot of pairs.tab (bss: the reference count, the number
 * of entries, the pages) and up to PAIRS_PAGES pages of PAIRS_PER_PAGE
 * entries each, taken from the NPAIRPAGE owned pages at KPAIRS(k)
 * (memlayout.h): each has a snapshot like a pipe's ring, so that a page
 * lost to a memory error (pairs_lose) comes back from it at its next
 * use (kown.c).  An entry page is written once, as the table is loaded,
 * before any process or the injector can reach it (a use of the page,
 * kro_own_use .. kro_own_done, whose end takes the snapshot); after that
 * every read is under pairs.lock, which the injector holds while it
 * loses a page: a page is never lost while read, and a reader needs only
 * make a lost page whole first (kro_own_whole).  The reference count is changed with atomics:
 * sharers need no lock.  A small cache keeps the tables of the programs
 * run last (below).  pairs.lock is taken before kro_lock. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/mirror.h"
#include "kernel/fs/file.h"
#include "kernel/mm/vm.h"

#define PAIRS_PER_PAGE (PGSIZE / sizeof(struct mirror_pair))
#define PAIRS_PAGES    64
#define PAIRS_MAX      (PAIRS_PAGES * PAIRS_PER_PAGE)   /* 16384 writes */
#define PCACHE_SLOTS   8
/* Table slots: every process another program, and the cache's.  (An
 * exec holds its old table and its new one for a moment: should the
 * slots run out, that exec fails as when the pages do.) */
#define NPAIRTAB       (NPROC + PCACHE_SLOTS)

struct pairtab {
  uint64 refs;                 /* address spaces and the cache using it */
  uint64 n;                    /* entries */
  int used;                    /* the slot is taken (pairs.lock) */
  ushort page[PAIRS_PAGES];    /* the owned page (KPAIRS) of each PAIRS_PER_PAGE entries */
};

static struct {
  struct spinlock lock;        /* slots taken and freed, pages, every read */
  struct pairtab tab[NPAIRTAB];
  uint64 taken[(NPAIRPAGE + 63) / 64];   /* bit k: KPAIRS(k) belongs to a table */
  uint64 nfree;                /* pages not taken */
} pairs = { .lock = { .name = "pairs" }, .nfree = NPAIRPAGE };

/* Entry pages of a table of n entries. */
static uint64
pairs_pages(uint64 n)
{
  return (n + PAIRS_PER_PAGE - 1) / PAIRS_PER_PAGE;
}

/* A free slot with npages pages taken for it, or 0 if either runs out. */
static struct pairtab *
pairs_alloc(uint64 n)
{
  struct pairtab *t = 0;
  uint64 npages = pairs_pages(n);

  spin_lock(&pairs.lock);
  for (int i = 0; i < NPAIRTAB && t == 0; i++)
    if (!pairs.tab[i].used)
      t = &pairs.tab[i];
  if (t == 0 || pairs.nfree < npages) {
    spin_unlock(&pairs.lock);
    return 0;
  }
  t->used = 1;
  t->refs = 1;
  t->n = n;
  for (uint64 i = 0, k = 0; i < npages; k++)
    if (!(pairs.taken[k / 64] & (1UL << (k % 64)))) {
      pairs.taken[k / 64] |= 1UL << (k % 64);
      t->page[i++] = k;
    }
  pairs.nfree -= npages;
  spin_unlock(&pairs.lock);
  return t;
}

static void
pairs_free(struct pairtab *t)
{
  spin_lock(&pairs.lock);
  for (uint64 i = 0; i < pairs_pages(t->n); i++)
    pairs.taken[t->page[i] / 64] &= ~(1UL << (t->page[i] % 64));
  pairs.nfree += pairs_pages(t->n);
  t->used = 0;
  spin_unlock(&pairs.lock);
}

/* Page k of t's entries, made again first if it was lost.  pairs.lock
 * held: no page is lost meanwhile. */
static const struct mirror_pair *
pairs_page(struct pairtab *t, uint64 k)
{
  kro_own_whole(t->page[k], KRO_PAIRS);
  return (const struct mirror_pair *)KPAIRS(t->page[k]);
}

/* The entries of one page, e[0 .. n) of a table, lie in the text [lo,
 * hi): each window's first and its last instruction (first + span, span
 * > 0) halfword-aligned; its kind is known and its mirror write inside
 * it (a store's is its last instruction; an AMO's or sc's comes after
 * the native write, copy > 0).  The entries are sorted by first without
 * repeats and their windows are apart: each begins after the one before
 * has ended (*after: where the previous page's last window ended, +1).
 * 0 if so, else what is wrong. */
static const char *
pairs_check(const struct mirror_pair *e, uint64 n, uint64 lo, uint64 hi, uint64 *after)
{
  for (; n > 0; n--, e++) {
    if (e->first < lo || e->first >= hi || e->span == 0 || e->first + e->span >= hi ||
        (e->first | e->span | e->copy) % 2)
      return "pair table entry outside the text";
    if (e->kind != MIRROR_PAIR_STORE && e->kind != MIRROR_PAIR_AMO && e->kind != MIRROR_PAIR_SC)
      return "pair table entry of an unknown kind";
    if (e->copy > e->span || e->copy == 0 || (e->kind == MIRROR_PAIR_STORE && e->copy != e->span))
      return "pair table entry's mirror write outside its window";
    if (e->first < *after)
      return "pair table not sorted or windows overlap";
    *after = e->first + e->span + 1;
  }
  return 0;
}

/* The cache: the tables of the programs exec'd last, so that a program
 * run again has its table read and checked once, not on every exec (for
 * a small program that was 8,800 instructions of a mirrored fork+exec's
 * 112,000).  An entry is keyed by the file (device, inode number) and by
 * what exec found in it (offset, entries, text range), and holds one
 * reference to the table.  A write to the file forgets it (pairs_forget,
 * from inode_write: every change of a file's bytes, a file truncated or
 * freed and its inode number reused included, is written through it
 * before an exec can read them).  inode_write runs under the inode's
 * lock, as pairs_load does, so a table read before a write is never found
 * after it.  The cache holds at most PCACHE_SLOTS tables and
 * PCACHE_PAGES entry pages (memstat's pairs_cached counts those of the
 * tables no process runs); the entry used longest ago goes first, and a
 * larger table is not cached.  Lock rule:
 * pcache.lock is taken with ip's lock held and takes none itself; a
 * table dropped from the cache is put after it is released. */
#define PCACHE_PAGES 32

struct pcache_key {
  uint dev, inum;
  uint64 off, n, lo, hi;
};

static struct {
  struct spinlock lock;
  struct {
    struct pcache_key key;
    struct pairtab *t;      /* 0: a free slot */
    uint64 used;            /* clock at the last hit */
  } slot[PCACHE_SLOTS];
  uint64 clock;
  uint64 pages;             /* entry pages of the tables held */
} pcache = { .lock = { .name = "pcache" } };

static int
pcache_match(const struct pcache_key *a, const struct pcache_key *b)
{
  return a->dev == b->dev && a->inum == b->inum && a->off == b->off && a->n == b->n &&
         a->lo == b->lo && a->hi == b->hi;
}

/* Take slot i's table out of the cache (pcache.lock held); the caller
 * puts the table it returns. */
static struct pairtab *
pcache_drop(int i)
{
  struct pairtab *t = pcache.slot[i].t;

  pcache.slot[i].t = 0;
  __atomic_fetch_sub(&pcache.pages, pairs_pages(t->n), __ATOMIC_RELAXED);
  return t;
}

/* The cached table for key, with a reference for the caller, or 0. */
static struct pairtab *
pcache_find(const struct pcache_key *key)
{
  struct pairtab *t = 0;

  spin_lock(&pcache.lock);
  for (int i = 0; i < PCACHE_SLOTS && t == 0; i++)
    if (pcache.slot[i].t && pcache_match(&pcache.slot[i].key, key)) {
      t = pairs_share(pcache.slot[i].t);
      pcache.slot[i].used = ++pcache.clock;
    }
  spin_unlock(&pcache.lock);
  return t;
}

/* Put the n tables taken out of the cache, pcache.lock released. */
static void
pcache_put(struct pairtab **dropped, int n)
{
  while (n > 0)
    pairs_put(dropped[--n]);
}

/* Cache t (just loaded) under key, dropping the entries used longest ago
 * to make room. */
static void
pcache_add(const struct pcache_key *key, struct pairtab *t)
{
  struct pairtab *dropped[PCACHE_SLOTS];
  int ndropped = 0, free = -1;
  uint64 need = pairs_pages(t->n);

  if (need > PCACHE_PAGES)
    return;
  spin_lock(&pcache.lock);
  for (;;) {
    int oldest = -1;
    free = -1;
    for (int i = 0; i < PCACHE_SLOTS; i++) {
      if (pcache.slot[i].t == 0)
        free = i;
      else if (oldest < 0 || pcache.slot[i].used < pcache.slot[oldest].used)
        oldest = i;
    }
    if (free >= 0 && pcache.pages + need <= PCACHE_PAGES)
      break;
    dropped[ndropped++] = pcache_drop(oldest);
  }
  pcache.slot[free].key = *key;
  pcache.slot[free].t = pairs_share(t);
  pcache.slot[free].used = ++pcache.clock;
  __atomic_fetch_add(&pcache.pages, need, __ATOMIC_RELAXED);
  spin_unlock(&pcache.lock);
  pcache_put(dropped, ndropped);
}

/* Forget the cached tables of the file *of (its device and inode number)
 * -- or, of 0, every cached table: a load found no room. */
static void
pcache_forget(const struct pcache_key *of)
{
  struct pairtab *dropped[PCACHE_SLOTS];
  int ndropped = 0;

  spin_lock(&pcache.lock);
  for (int i = 0; i < PCACHE_SLOTS; i++)
    if (pcache.slot[i].t &&
        (of == 0 || (pcache.slot[i].key.dev == of->dev && pcache.slot[i].key.inum == of->inum)))
      dropped[ndropped++] = pcache_drop(i);
  spin_unlock(&pcache.lock);
  pcache_put(dropped, ndropped);
}

/* The file (dev, inum) changes: forget its tables.  Its inode's lock held. */
void
pairs_forget(uint dev, uint inum)
{
  struct pcache_key file = { .dev = dev, .inum = inum };

  if (__atomic_load_n(&pcache.pages, __ATOMIC_RELAXED) != 0)
    pcache_forget(&file);   /* (nothing cached: file writes pay nothing; a
                               table of this file was added under its inode's
                               lock, held here: seen) */
}

/* Entry pages of the cached tables no process runs -- those the cache
 * alone holds, which dropping them would free (memstat). */
uint64
pairs_cached_pages(void)
{
  uint64 pages = 0;

  spin_lock(&pcache.lock);
  for (int i = 0; i < PCACHE_SLOTS; i++)
    if (pcache.slot[i].t && __atomic_load_n(&pcache.slot[i].t->refs, __ATOMIC_ACQUIRE) == 1)
      pages += pairs_pages(pcache.slot[i].t->n);
  spin_unlock(&pcache.lock);
  return pages;
}

/* Entry pages no table holds (memstat). */
uint64
pairs_free_pages(void)
{
  return __atomic_load_n(&pairs.nfree, __ATOMIC_RELAXED);
}

/* Read page i of t, new (nothing else reaches it yet), from ip at off
 * and check its entries (pairs_check): 0, or what is wrong.  The read
 * is a use of the page; its snapshot is taken as it ends. */
static const char *
pairs_fill(struct pairtab *t, uint64 i, struct inode *ip, uint64 off, uint64 lo, uint64 hi,
           uint64 *after)
{
  uint64 n = t->n - i * PAIRS_PER_PAGE < PAIRS_PER_PAGE ? t->n - i * PAIRS_PER_PAGE
                                                        : PAIRS_PER_PAGE;
  uint64 bytes = n * sizeof(struct mirror_pair);
  int k = t->page[i];
  const char *why = 0;

  kro_own_use(k, KRO_PAIRS);
  if (inode_read(ip, 0, KPAIRS(k), off + i * PGSIZE, bytes) != bytes)
    why = "pair table unreadable";
  else
    why = pairs_check((struct mirror_pair *)KPAIRS(k), n, lo, hi, after);
  kro_own_done(k, KRO_PAIRS, 0, bytes);
  return why;
}

/* Load the n entries at file offset off of ip (locked) and check them
 * against the text [lo, hi) -- or find them in the cache, loaded and
 * checked before from the same file.  The table, or 0 with *why saying
 * what is wrong (too large, past the end of the file, no room even with
 * the cache emptied, or what pairs_check found). */
struct pairtab *
pairs_load(struct inode *ip, uint64 off, uint64 n, uint64 lo, uint64 hi, const char **why)
{
  struct pairtab *t;
  uint64 after = 0;

  struct pcache_key key = { ip->dev, ip->inum, off, n, lo, hi };

  if ((t = pcache_find(&key)) != 0)
    return t;
  *why = "pair table too large";
  if (n > PAIRS_MAX)
    return 0;
  *why = "pair table past the end of the file";
  if (off > ip->size || n * sizeof(struct mirror_pair) > ip->size - off)
    return 0;
  *why = "no room for the pair table";
  if ((t = pairs_alloc(n)) == 0) {
    pcache_forget(0);             /* the cache gives its pages back first */
    if ((t = pairs_alloc(n)) == 0)
      return 0;
  }
  for (uint64 i = 0; i < pairs_pages(n); i++)
    if ((*why = pairs_fill(t, i, ip, off, lo, hi, &after)) != 0) {
      pairs_free(t);
      return 0;
    }
  pcache_add(&key, t);
  return t;
}

/* The entry whose window holds pc strictly after its native write
 * (first < pc <= first + span), into *e: the process stopped there has
 * done the native write and not yet finished the window.  1 if there is
 * one, else 0. */
int
pairs_window(struct pairtab *t, uint64 pc, struct mirror_pair *e)
{
  uint64 lo = 0, hi = pairs_pages(t->n);   /* pages [lo, hi) may begin below pc */
  int inside = 0;

  spin_lock(&pairs.lock);
  while (lo < hi) {                 /* the last page whose first entry is below pc */
    uint64 mid = lo + (hi - lo) / 2;
    if (pairs_page(t, mid)->first < pc)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo > 0) {                     /* then the last entry there below pc */
    const struct mirror_pair *p = pairs_page(t, lo - 1);
    uint64 a = 1, b = t->n - (lo - 1) * PAIRS_PER_PAGE;   /* p[0].first < pc; p[a .. b) may be */
    if (b > PAIRS_PER_PAGE)
      b = PAIRS_PER_PAGE;
    while (a < b) {
      uint64 mid = a + (b - a) / 2;
      if (p[mid].first < pc)
        a = mid + 1;
      else
        b = mid;
    }
    *e = p[a - 1];
    inside = pc <= e->first + e->span;
  }
  spin_unlock(&pairs.lock);
  return inside;
}

/* One more address space uses t (fork). */
struct pairtab *
pairs_share(struct pairtab *t)
{
  __atomic_fetch_add(&t->refs, 1, __ATOMIC_RELAXED);
  return t;
}

/* An address space is done with t; the last one frees it. */
void
pairs_put(struct pairtab *t)
{
  if (__atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) == 0)
    pairs_free(t);
}

/* The patrol (scrub): every lost page of every table is made again now. */
void
pairs_patrol(void)
{
  spin_lock(&pairs.lock);
  for (struct pairtab *t = pairs.tab; t < pairs.tab + NPAIRTAB; t++)
    for (uint64 i = 0; t->used && i < pairs_pages(t->n); i++)
      kro_own_whole(t->page[i], KRO_PAIRS);
  spin_unlock(&pairs.lock);
}

/* faultinj FI_KERNEL|FI_PAIRS: lose page i of t (the caller holds a
 * reference) and destroy its bytes; the next read finds it made again
 * from its snapshot.  0, or -1 if t has no such page or it is lost
 * already. */
int
pairs_lose(struct pairtab *t, uint64 i)
{
  uint64 lost = 0;

  spin_lock(&pairs.lock);
  if (i < pairs_pages(t->n))
    lost = kro_own_lose(t->page[i], KRO_PAIRS);
  spin_unlock(&pairs.lock);
  if (lost == 0)
    return -1;
  kro_own_wipe(lost);
  return 0;
}
