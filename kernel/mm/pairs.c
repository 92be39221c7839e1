/* Pair tables: mirrorbt's record, for a translated program, of where each
 * mirrored write and its window lie (kernel/mirror.h).  exec loads and
 * checks the table of a marked program; the address spaces running it
 * share it (fork), and the last one frees it.  Recovery (docs/memory.md)
 * looks a pc up in it to tell whether a process is between the two
 * writes of a pair.
 *
 * A table lives in kernel-pool pages: one page of header with pointers
 * to up to PAIRS_PAGES pages of PAIRS_PER_PAGE entries each.  The pages
 * come only while the pool keeps KPOOL_RESERVE free, like the page-table
 * pages a process causes.  The reference count is changed with atomics:
 * sharers need no lock.  A small cache keeps the tables of the programs
 * run last (below). */
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

struct pairtab {
  uint64 refs;                               /* address spaces using it */
  uint64 n;                                  /* entries */
  struct mirror_pair *page[PAIRS_PAGES];     /* PAIRS_PER_PAGE entries each */
};

_Static_assert(sizeof(struct pairtab) <= PGSIZE, "pairtab header is one page");

static void
pairs_free(struct pairtab *t)
{
  for (int i = 0; i < PAIRS_PAGES && t->page[i]; i++)
    kpage_free(t->page[i]);
  kpage_free(t);
}

/* Entry i of t. */
static struct mirror_pair *
pairs_at(struct pairtab *t, uint64 i)
{
  return &t->page[i / PAIRS_PER_PAGE][i % PAIRS_PER_PAGE];
}

/* Every entry's window lies in the text [lo, hi): first and its last
 * instruction (first + span, span > 0) halfword-aligned; its kind is
 * known and its mirror write inside it (a store's is its last
 * instruction; an AMO's or sc's comes after the native write, copy > 0).
 * The entries are sorted by first without repeats and their windows are
 * apart: each begins after the one before has ended.  0 if so, else what
 * is wrong. */
static const char *
pairs_check(struct pairtab *t, uint64 lo, uint64 hi)
{
  uint64 after = 0;                 /* where the previous window ended, +1 */

  for (uint64 i = 0; i < t->n; i++) {
    struct mirror_pair *e = pairs_at(t, i);
    if (e->first < lo || e->first >= hi || e->span == 0 || e->first + e->span >= hi ||
        (e->first | e->span | e->copy) % 2)
      return "pair table entry outside the text";
    if (e->kind != MIRROR_PAIR_STORE && e->kind != MIRROR_PAIR_AMO && e->kind != MIRROR_PAIR_SC)
      return "pair table entry of an unknown kind";
    if (e->copy > e->span || e->copy == 0 || (e->kind == MIRROR_PAIR_STORE && e->copy != e->span))
      return "pair table entry's mirror write outside its window";
    if (e->first < after)
      return "pair table not sorted or windows overlap";
    after = e->first + e->span + 1;
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
 * PCACHE_PAGES kernel-pool pages (memstat's pairs_cached counts those of
 * the tables no process runs); the entry used longest ago goes first, and a larger table is not cached.  Lock rule:
 * pcache.lock is taken with ip's lock held and takes none itself; a
 * table dropped from the cache is put after it is released. */
#define PCACHE_SLOTS 8
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
  uint64 pages;             /* pool pages of the tables held */
} pcache = { .lock = { .name = "pcache" } };

/* Kernel-pool pages of a table of n entries: its header and entry pages. */
static uint64
pairs_pages(uint64 n)
{
  return 1 + (n + PAIRS_PER_PAGE - 1) / PAIRS_PER_PAGE;
}

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
  while (ndropped > 0)
    pairs_put(dropped[--ndropped]);
}

/* The file (dev, inum) changes: forget its tables.  Its inode's lock held. */
void
pairs_forget(uint dev, uint inum)
{
  struct pairtab *dropped[PCACHE_SLOTS];
  int ndropped = 0;

  if (__atomic_load_n(&pcache.pages, __ATOMIC_RELAXED) == 0)
    return;   /* nothing cached: file writes pay nothing (a table of this
                 file was added under its inode's lock, held here: seen) */
  spin_lock(&pcache.lock);
  for (int i = 0; i < PCACHE_SLOTS; i++)
    if (pcache.slot[i].t && pcache.slot[i].key.dev == dev && pcache.slot[i].key.inum == inum)
      dropped[ndropped++] = pcache_drop(i);
  spin_unlock(&pcache.lock);
  while (ndropped > 0)
    pairs_put(dropped[--ndropped]);
}

/* Kernel-pool pages of the cached tables no process runs -- those the
 * cache alone holds, which dropping them would free (memstat). */
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

/* Load the n entries at file offset off of ip (locked) and check them
 * against the text [lo, hi) -- or find them in the cache, loaded and
 * checked before from the same file.  The table, or 0 with *why saying what is
 * wrong (too large, past the end of the file, out of kernel memory, or
 * what pairs_check found). */
struct pairtab *
pairs_load(struct inode *ip, uint64 off, uint64 n, uint64 lo, uint64 hi, const char **why)
{
  struct pairtab *t;
  uint64 bytes = n * sizeof(struct mirror_pair);

  struct pcache_key key = { ip->dev, ip->inum, off, n, lo, hi };

  if ((t = pcache_find(&key)) != 0)
    return t;
  *why = "pair table too large";
  if (n > PAIRS_MAX)
    return 0;
  *why = "pair table past the end of the file";
  if (off > ip->size || bytes > ip->size - off)
    return 0;
  *why = "no kernel memory for the pair table";
  if ((t = kpage_alloc_keep(KPOOL_RESERVE)) == 0)
    return 0;
  t->refs = 1;
  t->n = n;
  for (uint64 i = 0; i * PGSIZE < bytes; i++) {
    uint64 k = bytes - i * PGSIZE < PGSIZE ? bytes - i * PGSIZE : PGSIZE;
    if ((t->page[i] = kpage_alloc_keep(KPOOL_RESERVE)) == 0) {
      pairs_free(t);
      return 0;
    }
    if (inode_read(ip, 0, (uint64)t->page[i], off + i * PGSIZE, k) != k) {
      *why = "pair table unreadable";
      pairs_free(t);
      return 0;
    }
  }
  if ((*why = pairs_check(t, lo, hi)) != 0) {
    pairs_free(t);
    return 0;
  }
  pcache_add(&key, t);
  return t;
}

/* The entry whose window holds pc strictly after its native write
 * (first < pc <= first + span): the process stopped there has done the
 * native write and not yet finished the window.  0 if pc is in no window. */
struct mirror_pair *
pairs_window(struct pairtab *t, uint64 pc)
{
  uint64 lo = 0, hi = t->n;         /* entries [lo, hi) may have first < pc */

  while (lo < hi) {                 /* the last entry with first < pc */
    uint64 mid = lo + (hi - lo) / 2;
    if (pairs_at(t, mid)->first < pc)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0)
    return 0;
  struct mirror_pair *e = pairs_at(t, lo - 1);
  return pc <= e->first + e->span ? e : 0;
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
