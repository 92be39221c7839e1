/* mkfs: build a MemV6 file-system image.
 *
 *   mkfs IMAGE [NAME=HOSTFILE ...]
 *
 * Creates an empty file system of FSSIZE blocks (kernel/param.h) with a
 * root directory, then copies each HOSTFILE in as NAME, a path inside the
 * image whose missing directories are created ("m/cat" makes /m).  The
 * whole image is built in memory and written once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "tools/mkfs/image.h"

#define NINODES 512   /* inodes in the image */

static uint next_inum = 1;     /* inodes and data blocks are handed out */
static uint next_block;        /* in order: nothing is ever freed here */

static void
die(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "mkfs: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(1);
}

static void
bitmap_set(uint b)
{
  block(BBLOCK(b, sb))[(b % BPB) / 8] |= 1 << (b % 8);
}

static uint
block_alloc(void)
{
  if(next_block >= sb.size)
    die("image full (%d blocks)", FSSIZE);
  bitmap_set(next_block);
  return next_block++;
}

static uint
inode_alloc(short type)
{
  if(next_inum >= sb.ninodes)
    die("out of inodes (%d)", NINODES);
  struct dinode *d = dinode(next_inum);
  memset(d, 0, sizeof *d);
  d->type = type;
  d->nlink = 1;
  return next_inum++;
}

/* *slot, allocated if 0. */
static uint
slot(uint *slot)
{
  if(*slot == 0)
    *slot = block_alloc();
  return *slot;
}

/* Disk address of block bn of inode inum, allocated if missing. */
static uint
bmap(uint inum, uint bn)
{
  struct dinode *d = dinode(inum);

  if(bn < NDIRECT)
    return slot(&d->addrs[bn]);
  bn -= NDIRECT;
  if(bn < NINDIRECT)
    return slot((uint *)block(slot(&d->addrs[ADDR_IND])) + bn);
  bn -= NINDIRECT;
  if(bn < NDINDIRECT) {
    uint *top = (uint *)block(slot(&d->addrs[ADDR_DIND]));
    uint *mid = (uint *)block(slot(&top[bn / NINDIRECT]));
    return slot(&mid[bn % NINDIRECT]);
  }
  die("file larger than MAXFILE blocks");
  return 0;
}

/* Append n bytes to inode inum. */
static void
append(uint inum, const void *data, uint n)
{
  const uchar *p = data;
  while(n > 0) {
    struct dinode *d = dinode(inum);
    uint off = d->size;
    uint m = BSIZE - off % BSIZE;
    if(m > n)
      m = n;
    memcpy(block(bmap(inum, off / BSIZE)) + off % BSIZE, p, m);
    d->size += m;
    p += m;
    n -= m;
  }
}

static void
dir_add(uint dir, const char *name, uint inum)
{
  struct dirent de;
  memset(&de, 0, sizeof de);
  de.inum = inum;
  memcpy(de.name, name, strnlen(name, DIRSIZ));
  append(dir, &de, sizeof de);
}

/* Inode of name in directory dir, or 0. */
static uint
dir_find(uint dir, const char *name)
{
  struct dinode *d = dinode(dir);
  for(uint off = 0; off < d->size; off += sizeof(struct dirent)) {
    struct dirent *de = (struct dirent *)(block(bmap(dir, off / BSIZE)) + off % BSIZE);
    if(de->inum && strncmp(de->name, name, DIRSIZ) == 0)
      return de->inum;
  }
  return 0;
}

static uint
mkdir_in(uint parent, const char *name)
{
  uint inum = inode_alloc(T_DIR);
  dir_add(inum, ".", inum);
  dir_add(inum, "..", parent);
  if(name) {
    dir_add(parent, name, inum);
    dinode(parent)->nlink++;    /* the new ".." */
  }
  return inum;
}

/* Copy host file src into the image as path, creating directories. */
static void
add_file(const char *path, const char *src)
{
  char elem[DIRSIZ + 1];
  uint dir = ROOTINO;
  const char *p = path;

  for(;;) {
    while(*p == '/')
      p++;
    const char *end = strchr(p, '/');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if(len == 0 || len > DIRSIZ)
      die("%s: bad name (each element 1..%d characters)", path, DIRSIZ);
    memcpy(elem, p, len);
    elem[len] = 0;
    uint found = dir_find(dir, elem);
    if(end == 0) {
      if(found)
        die("%s: already in the image", path);
      break;
    }
    if(found == 0)
      found = mkdir_in(dir, elem);
    else if(dinode(found)->type != T_DIR)
      die("%s: %s is not a directory", path, elem);
    dir = found;
    p = end + 1;
  }

  FILE *f = fopen(src, "rb");
  if(f == 0)
    die("%s: cannot open", src);
  uint inum = inode_alloc(T_FILE);
  uchar buf[BSIZE];
  size_t n;
  while((n = fread(buf, 1, sizeof buf, f)) > 0)
    append(inum, buf, n);
  if(ferror(f))
    die("%s: read error", src);
  fclose(f);
  dir_add(dir, elem, inum);
}

int
main(int argc, char *argv[])
{
  if(argc < 2)
    die("usage: mkfs IMAGE [NAME=HOSTFILE ...]");

  uint ninodeblocks = NINODES / IPB + 1;
  uint nbitmap = FSSIZE / BPB + 1;
  sb.magic = FSMAGIC;
  sb.size = FSSIZE;
  sb.ninodes = NINODES;
  sb.nlog = LOGSIZE + 1;
  sb.logstart = 2;
  sb.inodestart = sb.logstart + sb.nlog;
  sb.bmapstart = sb.inodestart + ninodeblocks;
  next_block = sb.bmapstart + nbitmap;
  sb.nblocks = FSSIZE - next_block;

  if((img = calloc(FSSIZE, BSIZE)) == 0)
    die("out of memory");
  memcpy(block(1), &sb, sizeof sb);
  for(uint b = 0; b < next_block; b++)
    bitmap_set(b);

  if(mkdir_in(ROOTINO, 0) != ROOTINO)
    die("root is not inode %d", ROOTINO);

  for(int i = 2; i < argc; i++) {
    char *eq = strchr(argv[i], '=');
    if(eq == 0)
      die("%s: expected NAME=HOSTFILE", argv[i]);
    *eq = 0;
    add_file(argv[i], eq + 1);
  }

  FILE *out = fopen(argv[1], "wb");
  if(out == 0 || fwrite(img, BSIZE, FSSIZE, out) != FSSIZE || fclose(out) != 0)
    die("%s: cannot write", argv[1]);
  printf("mkfs: %s: %u blocks (%u data, %u used), %u inodes (%u used)\n",
         argv[1], sb.size, sb.nblocks, next_block - (sb.bmapstart + nbitmap),
         sb.ninodes, next_inum - 1);
  return 0;
}
