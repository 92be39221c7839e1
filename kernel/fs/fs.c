/* The file system proper: block allocator, inodes, directories, path
 * names.  Layering, bottom up: virtio_blk -> bio (cache) -> log
 * (atomicity) -> this file -> file.c / sysfile.c.
 *
 * Every function that changes disk blocks runs inside log_begin/log_end
 * and sends changed buffers to log_write.
 *
 * Inodes.  The inode cache (itable) holds NINODE in-memory inodes; a slot
 * with ref > 0 is bound to (dev, inum).  inode_get binds a slot without
 * reading the disk; inode_lock reads the dinode on first use.  Lock
 * rules: itable.lock guards ref, dev and inum of every slot; ip->lock (a
 * sleeplock) guards valid and the dinode copy, and is held while reading
 * or writing the inode's data.  Path lookup locks one directory at a time
 * (a child is locked only after its parent is unlocked), so lookups of
 * `..` cannot deadlock.  A full cache or a full inode table is an error
 * (0 returned), never a panic. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/stat.h"
#include "kernel/defs.h"
#include "kernel/fs/buf.h"
#include "kernel/fs/file.h"
#include "kernel/core/proc.h"

static struct superblock sb;   /* one file system, read at fs_init */

static void
sb_read(int dev)
{
  struct buf *b = buf_read(dev, 1);
  memmove(&sb, b->data, sizeof sb);
  buf_release(b);
}

void
fs_init(int dev)
{
  sb_read(dev);
  if(sb.magic != FSMAGIC)
    panic("fs_init: not a MemV6 file system");
  log_init(dev, &sb);
}

/* ---------------------------------------------------------- blocks */

static void
block_zero(int dev, uint bno)
{
  struct buf *b = buf_claim(dev, bno);
  memset(b->data, 0, BSIZE);
  log_write(b);
  buf_release(b);
}

/* Where the next search for a free block starts: just after the last
 * block allocated, so a growing file does not rescan the full part of
 * the bitmap.  A hint only; races on it are harmless. */
static uint alloc_hint;

/* Allocate a zeroed block; 0 if the disk is full.  Searches the bitmap
 * from alloc_hint to the end, then from the start, a byte at a time. */
static uint
block_alloc(uint dev)
{
  uint start = alloc_hint < sb.size ? alloc_hint : 0;

  for(uint n = 0; n < sb.size; ) {
    uint bno = (start + n) % sb.size;
    struct buf *b = buf_read(dev, BBLOCK(bno, sb));
    /* Scan this bitmap block from bno to its end (or the disk's end). */
    uint end = bno - bno % BPB + BPB;
    if(end > sb.size)
      end = sb.size;
    for(; bno < end; bno++, n++) {
      uchar *byte = &b->data[(bno % BPB) / 8];
      if(*byte == 0xff && bno % 8 == 0 && bno + 8 <= end) {
        bno += 7;               /* a full byte: skip its eight blocks */
        n += 7;
        continue;
      }
      if((*byte & (1 << (bno % 8))) == 0) {
        *byte |= 1 << (bno % 8);
        log_write(b);
        buf_release(b);
        block_zero(dev, bno);
        alloc_hint = bno + 1;
        return bno;
      }
    }
    buf_release(b);
  }
  return 0;
}

static void
block_free(uint dev, uint bno)
{
  struct buf *b = buf_read(dev, BBLOCK(bno, sb));
  uint bit = bno % BPB;
  uchar mask = 1 << (bit % 8);
  if((b->data[bit / 8] & mask) == 0)
    panic("block_free: block already free");
  b->data[bit / 8] &= ~mask;
  log_write(b);
  buf_release(b);
}

/* ---------------------------------------------------------- inodes */

static struct {
  struct spinlock lock;
  struct inode inode[NINODE];
} itable;

void
inode_cache_init(void)
{
  spin_init(&itable.lock, "itable");
  for(int i = 0; i < NINODE; i++)
    sleeplock_init(&itable.inode[i].lock, "inode");
}

/* The cache slot for (dev, inum) with a reference taken, unlocked and
 * maybe not yet read; 0 when every slot is in use. */
static struct inode *
inode_get(uint dev, uint inum)
{
  struct inode *ip, *empty = 0;

  spin_lock(&itable.lock);
  for(ip = itable.inode; ip < itable.inode + NINODE; ip++) {
    if(ip->ref > 0 && ip->dev == dev && ip->inum == inum) {
      ip->ref++;
      spin_unlock(&itable.lock);
      return ip;
    }
    if(empty == 0 && ip->ref == 0)
      empty = ip;
  }
  if(empty) {
    empty->dev = dev;
    empty->inum = inum;
    empty->ref = 1;
    empty->valid = 0;
  }
  spin_unlock(&itable.lock);
  return empty;
}

/* A new inode of the given type, referenced but unlocked; 0 if the
 * inode table or the cache is full. */
struct inode *
inode_alloc(uint dev, short type)
{
  for(uint first = 0; first < sb.ninodes; first += IPB) {
    struct buf *b = buf_read(dev, IBLOCK(first, sb));
    for(uint inum = first ? first : 1; inum < first + IPB && inum < sb.ninodes; inum++) {
      struct dinode *dip = (struct dinode *)b->data + inum % IPB;
      if(dip->type == 0) {
        /* Holding b keeps other allocators off this dinode while we
         * get a cache slot; without one, the dinode stays free. */
        struct inode *ip = inode_get(dev, inum);
        if(ip) {
          memset(dip, 0, sizeof *dip);
          dip->type = type;
          log_write(b);
        }
        buf_release(b);
        return ip;
      }
    }
    buf_release(b);
  }
  return 0;
}

/* Copy the in-memory inode to disk (through the log).  ip->lock held. */
void
inode_update(struct inode *ip)
{
  struct buf *b = buf_read(ip->dev, IBLOCK(ip->inum, sb));
  struct dinode *dip = (struct dinode *)b->data + ip->inum % IPB;
  dip->type = ip->type;
  dip->major = ip->major;
  dip->minor = ip->minor;
  dip->nlink = ip->nlink;
  dip->size = ip->size;
  memmove(dip->addrs, ip->addrs, sizeof ip->addrs);
  log_write(b);
  buf_release(b);
}

struct inode *
inode_dup(struct inode *ip)
{
  spin_lock(&itable.lock);
  ip->ref++;
  spin_unlock(&itable.lock);
  return ip;
}

/* Lock ip, reading it from disk if this is the first use. */
void
inode_lock(struct inode *ip)
{
  if(ip == 0 || ip->ref < 1)
    panic("inode_lock: no reference");
  sleeplock_acquire(&ip->lock);
  if(!ip->valid) {
    struct buf *b = buf_read(ip->dev, IBLOCK(ip->inum, sb));
    struct dinode *dip = (struct dinode *)b->data + ip->inum % IPB;
    ip->type = dip->type;
    ip->major = dip->major;
    ip->minor = dip->minor;
    ip->nlink = dip->nlink;
    ip->size = dip->size;
    memmove(ip->addrs, dip->addrs, sizeof ip->addrs);
    buf_release(b);
    ip->valid = 1;
    if(ip->type == 0)
      panic("inode_lock: inode is free on disk");
  }
}

void
inode_unlock(struct inode *ip)
{
  if(ip == 0 || !sleeplock_holding(&ip->lock) || ip->ref < 1)
    panic("inode_unlock");
  sleeplock_release(&ip->lock);
}

/* Free every block of an index block at the given depth (1: it holds
 * data block addresses, 2: addresses of depth-1 index blocks), then the
 * index block itself. */
static void
index_free(struct inode *ip, uint ind, int depth)
{
  struct buf *b = buf_read(ip->dev, ind);
  uint *a = (uint *)b->data;
  for(uint i = 0; i < NINDIRECT; i++)
    if(a[i]) {
      if(depth > 1)
        index_free(ip, a[i], depth - 1);
      else
        block_free(ip->dev, a[i]);
    }
  buf_release(b);
  block_free(ip->dev, ind);
}

/* Discard the contents of ip.  ip->lock held, inside a transaction.
 * Writes only bitmap blocks and the inode: the index blocks are read. */
void
inode_trunc(struct inode *ip)
{
  for(int i = 0; i < NDIRECT; i++)
    if(ip->addrs[i])
      block_free(ip->dev, ip->addrs[i]);
  if(ip->addrs[ADDR_IND])
    index_free(ip, ip->addrs[ADDR_IND], 1);
  if(ip->addrs[ADDR_DIND])
    index_free(ip, ip->addrs[ADDR_DIND], 2);
  memset(ip->addrs, 0, sizeof ip->addrs);
  ip->size = 0;
  inode_update(ip);
}

/* Drop a reference.  The last reference to an inode with no links frees
 * it on disk, so the caller must be inside a transaction. */
void
inode_put(struct inode *ip)
{
  spin_lock(&itable.lock);
  if(ip->ref == 1 && ip->valid && ip->nlink == 0) {
    /* Nobody else can reach ip: no links, no other reference, so the
     * sleeplock is free and itable.lock may be dropped meanwhile. */
    sleeplock_acquire(&ip->lock);
    spin_unlock(&itable.lock);
    inode_trunc(ip);
    ip->type = 0;
    inode_update(ip);
    ip->valid = 0;
    sleeplock_release(&ip->lock);
    spin_lock(&itable.lock);
  }
  ip->ref--;
  spin_unlock(&itable.lock);
}

void
inode_unlockput(struct inode *ip)
{
  inode_unlock(ip);
  inode_put(ip);
}

void
inode_stat(struct inode *ip, struct stat *st)
{
  st->dev = ip->dev;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
}

/* ---------------------------------------------------------- file data */

/* Entry i of index block ind, allocating a block for it if it is 0.
 * 0 if the disk is full. */
static uint
index_slot(struct inode *ip, uint ind, uint i)
{
  struct buf *b = buf_read(ip->dev, ind);
  uint *a = (uint *)b->data;
  if(a[i] == 0 && (a[i] = block_alloc(ip->dev)) != 0)
    log_write(b);
  uint addr = a[i];
  buf_release(b);
  return addr;
}

/* *slot, allocating a block for it if it is 0; 0 if the disk is full. */
static uint
addr_slot(struct inode *ip, uint *slot)
{
  if(*slot == 0)
    *slot = block_alloc(ip->dev);
  return *slot;
}

/* Disk address of file block bn, allocated if missing; 0 if the disk is
 * full.  New blocks only appear inside a transaction: reads stay below
 * ip->size, where every block exists. */
static uint
inode_bmap(struct inode *ip, uint bn)
{
  uint ind;

  if(bn < NDIRECT)
    return addr_slot(ip, &ip->addrs[bn]);
  bn -= NDIRECT;
  if(bn < NINDIRECT) {
    ind = addr_slot(ip, &ip->addrs[ADDR_IND]);
    return ind ? index_slot(ip, ind, bn) : 0;
  }
  bn -= NINDIRECT;
  ind = addr_slot(ip, &ip->addrs[ADDR_DIND]);
  if(ind)
    ind = index_slot(ip, ind, bn / NINDIRECT);
  return ind ? index_slot(ip, ind, bn % NINDIRECT) : 0;
}

/* Read up to n bytes at off into dst.  ip->lock held.  Bytes read (0 at
 * or past the end: off is 64-bit so that no caller's offset is cut to a
 * smaller one), or -1 if dst is a bad address. */
int
inode_read(struct inode *ip, int user_dst, uint64 dst, uint64 off, uint n)
{
  if(off >= ip->size)
    return 0;
  if(n > ip->size - off)
    n = ip->size - off;
  uint done = 0;
  while(done < n) {
    uint bno = inode_bmap(ip, off / BSIZE);
    if(bno == 0)
      panic("inode_read: hole below size");
    struct buf *b = buf_read(ip->dev, bno);
    uint m = BSIZE - off % BSIZE;
    if(m > n - done)
      m = n - done;
    int bad = either_copyout(user_dst, dst, b->data + off % BSIZE, m);
    buf_release(b);
    if(bad)
      return -1;
    done += m;
    off += m;
    dst += m;
  }
  return done;
}

/* Write n bytes from src at off, growing the file.  ip->lock held, inside
 * a transaction; the caller keeps n small enough for one (file.c).
 * Returns the bytes written (fewer if the disk fills up), or -1 for a bad
 * src or an offset beyond the end or the largest file. */
int
inode_write(struct inode *ip, int user_src, uint64 src, uint64 off, uint n)
{
  if(off > ip->size || off + n > (uint64)MAXFILE * BSIZE)
    return -1;
  pairs_forget(ip->dev, ip->inum);    /* a program's cached pair table */
  uint done = 0;
  int bad = 0;
  while(done < n && !bad) {
    uint bno = inode_bmap(ip, off / BSIZE);
    if(bno == 0)
      break;                  /* disk full */
    struct buf *b = buf_read(ip->dev, bno);
    uint m = BSIZE - off % BSIZE;
    if(m > n - done)
      m = n - done;
    /* A failed copy may have changed part of the buffer: log it anyway
     * so the cache never differs from what the log will write. */
    bad = either_copyin(b->data + off % BSIZE, user_src, src, m) != 0;
    log_write(b);
    buf_release(b);
    if(!bad) {
      done += m;
      off += m;
      src += m;
    }
  }
  if(off > ip->size)
    ip->size = off;
  /* Always: inode_bmap may have added blocks even if nothing was copied. */
  inode_update(ip);
  return bad ? -1 : (int)done;
}

/* ---------------------------------------------------------- directories */

/* Whether directory-entry names a and b are equal.  The first bytes are
 * compared inline: a lookup tries every entry of a directory, and most
 * differ there. */
int
name_eq(const char *a, const char *b)
{
  return a[0] == b[0] && strncmp(a, b, DIRSIZ) == 0;
}

/* The inode number name has in directory dp (locked), with the entry's
 * byte offset in *poff.  If name is absent: 0, with *poff the offset of
 * the first free entry (dp->size if there is none).  Reads the directory
 * a block at a time. */
static uint
dir_find(struct inode *dp, const char *name, uint *poff)
{
  uint free_off = dp->size;

  if(dp->type != T_DIR)
    panic("dir_find: not a directory");
  for(uint base = 0; base < dp->size; base += BSIZE) {
    uint bno = inode_bmap(dp, base / BSIZE);
    if(bno == 0)
      panic("dir_find: hole in a directory");
    struct buf *b = buf_read(dp->dev, bno);
    struct dirent *de = (struct dirent *)b->data;
    for(uint off = base; off < base + BSIZE && off + sizeof *de <= dp->size;
        off += sizeof *de, de++) {
      if(de->inum != 0 && name_eq(name, de->name)) {
        uint inum = de->inum;
        buf_release(b);
        *poff = off;
        return inum;
      }
      if(de->inum == 0 && free_off == dp->size)
        free_off = off;
    }
    buf_release(b);
  }
  *poff = free_off;
  return 0;
}

/* Look name up in directory dp (locked).  The entry's inode, referenced
 * and unlocked, with its byte offset in *poff if poff; 0 if absent or
 * the inode cache is full. */
struct inode *
dir_lookup(struct inode *dp, const char *name, uint *poff)
{
  uint off, inum = dir_find(dp, name, &off);

  if(inum == 0)
    return 0;
  if(poff)
    *poff = off;
  return inode_get(dp->dev, inum);
}

/* Add the entry (name, inum) to directory dp (locked).  0, or -1 if the
 * name exists, the disk is full or dp has been removed (nlink 0: it may
 * still be a process's current directory, but an entry in it would be
 * lost with it). */
int
dir_link(struct inode *dp, const char *name, uint inum)
{
  struct dirent de;
  uint off;

  if(dp->nlink == 0 || dir_find(dp, name, &off) != 0)
    return -1;
  memset(&de, 0, sizeof de);
  strncpy(de.name, name, DIRSIZ);
  de.inum = inum;
  if(inode_write(dp, 0, (uint64)&de, off, sizeof de) != sizeof de)
    return -1;
  return 0;
}

/* ---------------------------------------------------------- path names */

/* Copy the first element of path into name (DIRSIZ bytes, NUL-padded)
 * and return the rest, without leading slashes; 0 when path has no more
 * elements.  *err is set for an element longer than DIRSIZ. */
static const char *
path_elem(const char *path, char *name, int *err)
{
  while(*path == '/')
    path++;
  if(*path == 0)
    return 0;
  const char *s = path;
  while(*path != '/' && *path != 0)
    path++;
  int len = path - s;
  if(len > DIRSIZ) {
    *err = 1;
    return 0;
  }
  memset(name, 0, DIRSIZ);
  memmove(name, s, len);
  while(*path == '/')
    path++;
  return path;
}

/* Walk path.  With parent == 0 return the inode it names; otherwise
 * return the directory holding its last element and copy that element
 * into name.  Referenced and unlocked, or 0 on any error: empty path,
 * missing element, element not a directory, name too long, cache full. */
static struct inode *
path_walk(const char *path, int parent, char *name)
{
  struct inode *ip, *next;
  int err = 0;

  if(*path == 0)
    return 0;
  if(*path == '/')
    ip = inode_get(ROOTDEV, ROOTINO);
  else
    ip = inode_dup(myproc()->cwd);
  if(ip == 0)
    return 0;
  while((path = path_elem(path, name, &err)) != 0) {
    inode_lock(ip);
    if(ip->type != T_DIR) {
      inode_unlockput(ip);
      return 0;
    }
    if(parent && *path == 0) {
      inode_unlock(ip);
      return ip;
    }
    next = dir_lookup(ip, name, 0);
    inode_unlockput(ip);
    if(next == 0)
      return 0;
    ip = next;
  }
  if(err || parent) {     /* bad element, or "/" has no parent */
    inode_put(ip);
    return 0;
  }
  return ip;
}

struct inode *
path_lookup(const char *path)
{
  char name[DIRSIZ];
  return path_walk(path, 0, name);
}

/* name must have room for DIRSIZ bytes. */
struct inode *
path_parent(const char *path, char *name)
{
  return path_walk(path, 1, name);
}
