"""A MemV6 file-system image read (and changed) on the host: the layout
of kernel/fs.h.  Used by mkfs's host test and by the test stages that
look at the files a run left behind."""
import struct

BSIZE = 1024
NDIRECT = 11
NINDIRECT = BSIZE // 4
DINODE = struct.Struct("<hhhhI13I")   # type major minor nlink size addrs[13]
DIRENT = struct.Struct("<H14s")
SUPER = struct.Struct("<8I")


class Image:
    def __init__(self, path):
        self.data = bytearray(open(path, "rb").read())
        (self.magic, self.size, self.nblocks, self.ninodes, self.nlog,
         self.logstart, self.inodestart, self.bmapstart) = SUPER.unpack_from(self.data, BSIZE)

    def u32(self, block, i):
        return struct.unpack_from("<I", self.data, block * BSIZE + 4 * i)[0]

    def set_u32(self, block, i, v):
        struct.pack_into("<I", self.data, block * BSIZE + 4 * i, v)

    def ioff(self, inum):
        return (self.inodestart + inum // (BSIZE // DINODE.size)) * BSIZE + \
            (inum % (BSIZE // DINODE.size)) * DINODE.size

    def inode(self, inum):
        return list(DINODE.unpack_from(self.data, self.ioff(inum)))

    def set_inode(self, inum, fields):
        DINODE.pack_into(self.data, self.ioff(inum), *fields)

    def bmap(self, inum, bn):
        addrs = self.inode(inum)[5:]
        if bn < NDIRECT:
            return addrs[bn]
        bn -= NDIRECT
        if bn < NINDIRECT:
            return self.u32(addrs[NDIRECT], bn)
        bn -= NINDIRECT
        return self.u32(self.u32(addrs[NDIRECT + 1], bn // NINDIRECT), bn % NINDIRECT)

    def entries(self, dinum):
        """(byte position in the image, inum, name) of each entry."""
        size = self.inode(dinum)[4]
        out = []
        for off in range(0, size, DIRENT.size):
            pos = self.bmap(dinum, off // BSIZE) * BSIZE + off % BSIZE
            inum, name = DIRENT.unpack_from(self.data, pos)
            out.append((pos, inum, name.rstrip(b"\0").decode()))
        return out

    def lookup(self, path):
        inum = 1
        for elem in path.split("/"):
            inum = [e[1] for e in self.entries(inum) if e[2] == elem][0]
        return inum

    def read(self, path):
        """The contents of the file at path (no leading slash)."""
        inum = self.lookup(path)
        size = self.inode(inum)[4]
        blocks = (self.bmap(inum, bn) * BSIZE for bn in range((size + BSIZE - 1) // BSIZE))
        return b"".join(self.data[b:b + BSIZE] for b in blocks)[:size]

    def exists(self, path):
        try:
            self.lookup(path)
            return True
        except IndexError:
            return False

    def flip_bit(self, b):
        self.data[(self.bmapstart + b // (BSIZE * 8)) * BSIZE + (b % (BSIZE * 8)) // 8] ^= 1 << (b % 8)

    def save(self, path):
        open(path, "wb").write(self.data)
