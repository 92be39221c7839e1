/* fsck: check a MemV6 file-system image without changing it.
 *
 *   fsck [-r] IMAGE
 *
 * Checks the superblock, the log header (empty; with -r a committed
 * transaction is first replayed in memory, as the kernel would at boot),
 * every inode's blocks (inside the data area, owned by one inode, no
 * holes below the size), the bitmap against those blocks, the directory
 * tree from the root (entries name allocated inodes, "." and ".." right,
 * each directory in exactly one place) and every link count.  Prints one
 * line per problem; exits 0 only if there is none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "tools/mkfs/image.h"

static uint64 img_blocks;      /* whole blocks in the file */
static uint datastart;         /* first data block */
static int nproblems;

static uint *owner;            /* owner[b]: inode using block b, or 0 */
static uint *refs;             /* refs[i]: directory entries naming i */
static char *dir_seen;         /* dir_seen[i]: directory i was walked */

static void
problem(const char *fmt, ...)
{
  va_list ap;
  if(++nproblems <= 100) {
    va_start(ap, fmt);
    printf("fsck: ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
  }
}

static int
bit_set(uint b)
{
  return (block(BBLOCK(b, sb))[(b % BPB) / 8] >> (b % 8)) & 1;
}

/* The layout must be the one mkfs makes, inside the file; 0 if not
 * (nothing else can be checked then). */
static int
check_super(void)
{
  memcpy(&sb, block(1), sizeof sb);
  if(sb.magic != FSMAGIC) {
    problem("superblock: bad magic %#x", sb.magic);
    return 0;
  }
  if(sb.size > img_blocks || sb.size < 8)
    problem("superblock: size %u blocks, image has %llu", sb.size, img_blocks);
  else if(sb.logstart != 2 || sb.nlog < LOGSIZE + 1)
    problem("superblock: log at %u, %u blocks (need 2, >= %d)",
            sb.logstart, sb.nlog, LOGSIZE + 1);
  else if(sb.inodestart != sb.logstart + sb.nlog || sb.ninodes < 2 ||
          sb.bmapstart < sb.inodestart + (sb.ninodes + IPB - 1) / IPB)
    problem("superblock: inode area [%u, %u) too small for %u inodes",
            sb.inodestart, sb.bmapstart, sb.ninodes);
  else if(sb.nblocks >= sb.size ||
          (datastart = sb.size - sb.nblocks) < sb.bmapstart + (sb.size + BPB - 1) / BPB)
    problem("superblock: %u data blocks leave no room for the bitmap", sb.nblocks);
  else
    return 1;
  return 0;
}

/* The log must be empty; with replay, install a committed transaction
 * into the in-memory image first.  0 if the header is garbage. */
static int
check_log(int replay)
{
  struct logheader lh;
  memcpy(&lh, block(sb.logstart), sizeof lh);
  if(lh.n < 0 || lh.n > LOGSIZE || lh.n > (int)sb.nlog - 1) {
    problem("log: header claims %d blocks", lh.n);
    return 0;
  }
  for(int i = 0; i < lh.n; i++)
    if(lh.block[i] < (int)sb.inodestart || lh.block[i] >= (int)sb.size) {
      problem("log: entry %d names block %d outside the file system", i, lh.block[i]);
      return 0;
    }
  if(lh.n > 0 && !replay)
    problem("log: holds a committed transaction of %d blocks (replay with -r)", lh.n);
  if(lh.n > 0 && replay) {
    for(int i = 0; i < lh.n; i++)
      memcpy(block(lh.block[i]), block(sb.logstart + 1 + i), BSIZE);
    memset(block(sb.logstart), 0, BSIZE);
  }
  return 1;
}

/* Blocks covered by one entry of an index block of the given depth. */
static uint64
span(int depth)
{
  return depth == 0 ? 1 : depth == 1 ? NINDIRECT : NDINDIRECT;
}

/* Claim block b (depth 0: data; 1, 2: index levels) of inode inum, which
 * holds file blocks from first on; need is the file's block count.  Sets
 * *hole when a block below need is missing. */
static void
claim(uint inum, uint b, int depth, uint64 first, uint64 need, int *hole)
{
  if(b == 0) {
    if(first < need)
      *hole = 1;
    return;
  }
  if(b < datastart || b >= sb.size) {
    problem("inode %u: block %u outside the data area [%u, %u)", inum, b, datastart, sb.size);
    return;
  }
  if(owner[b]) {
    problem("block %u: used by inode %u and inode %u", b, owner[b], inum);
    return;
  }
  owner[b] = inum;
  if(depth > 0) {
    uint *a = (uint *)block(b);
    for(uint i = 0; i < NINDIRECT; i++)
      claim(inum, a[i], depth - 1, first + i * span(depth - 1), need, hole);
  }
}

static void
check_inodes(void)
{
  for(uint inum = 1; inum < sb.ninodes; inum++) {
    struct dinode *d = dinode(inum);
    if(d->type == 0)
      continue;
    if(d->type != T_DIR && d->type != T_FILE && d->type != T_DEVICE) {
      problem("inode %u: bad type %d", inum, d->type);
      continue;
    }
    if((uint64)d->size > (uint64)MAXFILE * BSIZE) {
      problem("inode %u: size %u larger than MAXFILE", inum, d->size);
      continue;
    }
    uint64 need = ((uint64)d->size + BSIZE - 1) / BSIZE;
    int hole = 0;
    for(uint i = 0; i < NDIRECT; i++)
      claim(inum, d->addrs[i], 0, i, need, &hole);
    claim(inum, d->addrs[ADDR_IND], 1, NDIRECT, need, &hole);
    claim(inum, d->addrs[ADDR_DIND], 2, NDIRECT + NINDIRECT, need, &hole);
    if(hole)
      problem("inode %u: missing block below its size %u", inum, d->size);
  }
}

static void
check_bitmap(void)
{
  for(uint b = 0; b < sb.size; b++) {
    int used = b < datastart || owner[b] != 0;
    if(bit_set(b) && !used)
      problem("bitmap: block %u marked in use but unused", b);
    else if(!bit_set(b) && used)
      problem("bitmap: block %u in use (inode %u) but marked free", b, owner[b]);
  }
}

/* Disk address of block bn of an inode whose blocks check_inodes
 * accepted; 0 if absent or unusable. */
static uint
file_block(struct dinode *d, uint64 bn)
{
  uint b;
  if(bn < NDIRECT)
    return d->addrs[bn];
  bn -= NDIRECT;
  if(bn < NINDIRECT) {
    b = d->addrs[ADDR_IND];
    return b >= datastart && b < sb.size ? ((uint *)block(b))[bn] : 0;
  }
  bn -= NINDIRECT;
  b = d->addrs[ADDR_DIND];
  if(b < datastart || b >= sb.size)
    return 0;
  b = ((uint *)block(b))[bn / NINDIRECT];
  if(b < datastart || b >= sb.size)
    return 0;
  return ((uint *)block(b))[bn % NINDIRECT];
}

/* Walk directory dir, whose entry in parent brought us here. */
static void
check_dir(uint dir, uint parent)
{
  struct dinode *d = dinode(dir);
  dir_seen[dir] = 1;
  if(d->size % sizeof(struct dirent) != 0)
    problem("directory %u: size %u not a multiple of an entry", dir, d->size);
  if(d->size < 2 * sizeof(struct dirent))
    problem("directory %u: no \".\" and \"..\" entries", dir);

  for(uint off = 0; off + sizeof(struct dirent) <= d->size; off += sizeof(struct dirent)) {
    uint b = file_block(d, off / BSIZE);
    if(b < datastart || b >= sb.size)
      continue;                       /* reported by check_inodes */
    struct dirent de;
    memcpy(&de, block(b) + off % BSIZE, sizeof de);
    char name[DIRSIZ + 1];
    memcpy(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;
    int is_dot = strcmp(name, ".") == 0, is_dotdot = strcmp(name, "..") == 0;
    uint slot = off / sizeof(struct dirent);

    if(slot == 0 && (!is_dot || de.inum != dir))
      problem("directory %u: first entry is not \".\" naming itself", dir);
    if(slot == 1 && (!is_dotdot || de.inum != parent))
      problem("directory %u: \"..\" names %u, its parent is %u", dir, de.inum, parent);
    if(slot >= 2 && de.inum != 0 && (is_dot || is_dotdot))
      problem("directory %u: extra \"%s\" entry", dir, name);
    if(slot >= 2 && de.inum != 0 && name[0] == 0)
      problem("directory %u: entry with an empty name", dir);
    if(de.inum == 0)
      continue;
    if(de.inum >= sb.ninodes) {
      problem("directory %u: \"%s\" names inode %u, beyond %u", dir, name, de.inum, sb.ninodes);
      continue;
    }
    if(dinode(de.inum)->type == 0) {
      problem("directory %u: \"%s\" names free inode %u", dir, name, de.inum);
      continue;
    }
    if(!is_dot)
      refs[de.inum]++;
    if(slot >= 2 && !is_dot && !is_dotdot && dinode(de.inum)->type == T_DIR) {
      if(dir_seen[de.inum])
        problem("directory %u: \"%s\" links directory %u, already linked elsewhere",
                dir, name, de.inum);
      else
        check_dir(de.inum, dir);
    }
  }
}

static void
check_links(void)
{
  for(uint inum = 1; inum < sb.ninodes; inum++) {
    struct dinode *d = dinode(inum);
    if(d->type == 0)
      continue;
    if(refs[inum] == 0)
      problem("inode %u: allocated but in no directory", inum);
    else if((uint)d->nlink != refs[inum])
      problem("inode %u: link count %d, %u entries name it", inum, d->nlink, refs[inum]);
  }
}

int
main(int argc, char *argv[])
{
  int replay = argc == 3 && strcmp(argv[1], "-r") == 0;
  if(argc != 2 + replay) {
    fprintf(stderr, "usage: fsck [-r] IMAGE\n");
    return 2;
  }
  const char *path = argv[1 + replay];
  FILE *f = fopen(path, "rb");
  if(f == 0 || fseek(f, 0, SEEK_END) != 0) {
    fprintf(stderr, "fsck: %s: cannot open\n", path);
    return 2;
  }
  long len = ftell(f);
  img_blocks = len / BSIZE;
  if(img_blocks < 2) {
    printf("fsck: %s: too small for a file system\n", path);
    return 1;
  }
  img = malloc(img_blocks * BSIZE);
  rewind(f);
  if(img == 0 || fread(img, BSIZE, img_blocks, f) != img_blocks) {
    fprintf(stderr, "fsck: %s: cannot read\n", path);
    return 2;
  }
  fclose(f);

  if(check_super() && check_log(replay)) {
    owner = calloc(sb.size, sizeof *owner);
    refs = calloc(sb.ninodes, sizeof *refs);
    dir_seen = calloc(sb.ninodes, 1);
    check_inodes();
    check_bitmap();
    if(dinode(ROOTINO)->type != T_DIR)
      problem("root inode %d is not a directory", ROOTINO);
    else
      check_dir(ROOTINO, ROOTINO);
    check_links();
  }
  if(nproblems) {
    printf("fsck: %s: %d problem%s\n", path, nproblems, nproblems == 1 ? "" : "s");
    return 1;
  }
  printf("fsck: %s: clean\n", path);
  return 0;
}
