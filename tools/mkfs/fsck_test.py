#!/usr/bin/env python3
"""Host test of mkfs and fsck.

Builds an image with mkfs (a small file, nested directories, a file big
enough to need the doubly-indirect block), checks that fsck passes it,
then damages copies in one way each and checks that fsck notices.
Prints "PASS name" or "FAIL name: why" per case; exits 1 if any failed.

usage: fsck_test.py MKFS FSCK WORKDIR
"""
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests"))
from fsimage import BSIZE, NDIRECT, DIRENT, Image  # noqa: E402

mkfs, fsck, work = sys.argv[1:4]
failed = 0


def report(name, ok, why=""):
    global failed
    if ok:
        print("PASS", name)
    else:
        failed += 1
        print("FAIL %s: %s" % (name, why))


def run_fsck(path, *opts):
    r = subprocess.run([fsck, *opts, path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout


os.makedirs(work, exist_ok=True)
rng = random.Random(6)
small = os.path.join(work, "small")
big = os.path.join(work, "big")
open(small, "wb").write(b"hello, file system\n" * 3)
open(big, "wb").write(bytes(rng.getrandbits(8) for _ in range(400 * 1024)))
good = os.path.join(work, "good.img")
r = subprocess.run([mkfs, good, "small=" + small, "d/e/f=" + small, "d/big=" + big],
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
if r.returncode != 0:
    report("mkfs", False, r.stdout.strip())
    sys.exit(1)

img = Image(good)
ok = img.magic == 0x4d563646 and img.lookup("d/big") > 0
bigino = img.lookup("d/big")
content = b"".join(img.data[img.bmap(bigino, bn) * BSIZE:][:BSIZE] for bn in range(400))
report("mkfs-contents", ok and content == open(big, "rb").read() and
       img.inode(bigino)[4] == 400 * 1024, "big file differs in the image")
code, out = run_fsck(good)
report("fsck-clean", code == 0, out.strip())


def damaged(name, change, expect, *opts):
    """Apply change to a copy of the good image; fsck must fail (or pass,
    with expect == 0) and, when failing, mention the word expect."""
    im = Image(good)
    change(im)
    path = os.path.join(work, name + ".img")
    im.save(path)
    code, out = run_fsck(path, *opts)
    if expect == 0:
        report(name, code == 0, "fsck failed: " + out.strip())
    else:
        report(name, code == 1 and expect in out,
               "fsck exit %d, no '%s' in: %s" % (code, expect, out.strip()))


small_ino = img.lookup("small")
f_ino = img.lookup("d/e/f")
e_ino = img.lookup("d/e")


def set_field(inum, i, v):
    def change(im):
        fields = im.inode(inum)
        fields[i] = v
        im.set_inode(inum, fields)
    return change


def bad_magic(im):
    im.set_u32(1, 0, 0x12345678)


def bitmap_free(im):
    im.flip_bit(im.bmap(small_ino, 0))


def bitmap_leak(im):
    im.flip_bit(im.size - 1)


def dirent_free_inode(im):
    pos = [e[0] for e in im.entries(1) if e[2] == "small"][0]
    DIRENT.pack_into(im.data, pos, im.ninodes - 1, b"small")


def dotdot(im):
    pos = [e[0] for e in im.entries(e_ino) if e[2] == ".."][0]
    DIRENT.pack_into(im.data, pos, e_ino, b"..")


def dind_dup(im):
    mid = im.u32(im.inode(bigino)[5 + NDIRECT + 1], 0)
    im.set_u32(mid, 5, im.bmap(bigino, 0))


def log_pending(im):
    im.set_u32(im.logstart, 0, 1)
    im.set_u32(im.logstart, 1, im.bmap(small_ino, 0))


def orphan(im):
    im.set_inode(im.ninodes - 2, [2, 0, 0, 1, 0] + [0] * 13)


damaged("bad-magic", bad_magic, "magic")
damaged("dup-block", set_field(f_ino, 5, img.bmap(small_ino, 0)), "used by inode")
damaged("block-outside", set_field(small_ino, 5, 5), "outside the data area")
damaged("bitmap-free", bitmap_free, "marked free")
damaged("bitmap-leak", bitmap_leak, "marked in use")
damaged("dirent-free-inode", dirent_free_inode, "free inode")
damaged("nlink", set_field(small_ino, 3, 2), "link count")
damaged("dotdot", dotdot, '".."')
damaged("hole", set_field(bigino, 5 + 3, 0), "missing block")
damaged("dind-dup", dind_dup, "used by inode")
damaged("log-pending", log_pending, "committed transaction")
damaged("log-replayed", log_pending, 0, "-r")
damaged("orphan", orphan, "in no directory")
damaged("too-big", set_field(small_ino, 4, 0xffffffff), "MAXFILE")
sys.exit(1 if failed else 0)
