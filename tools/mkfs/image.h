/* A file-system image held whole in memory, as mkfs builds it and fsck
 * reads it: the image, its superblock, and the two ways into it.  Each
 * tool is one C file that includes this once. */
#ifndef MKFS_IMAGE_H
#define MKFS_IMAGE_H

static uchar *img;
static struct superblock sb;

/* Block b of the image. */
static uchar *
block(uint b)
{
  return img + (uint64)b * BSIZE;
}

/* The on-disk inode inum. */
static struct dinode *
dinode(uint inum)
{
  return (struct dinode *)block(IBLOCK(inum, sb)) + inum % IPB;
}

#endif
