/* usertests: file system -- big files through every block-map level,
 * many files, deep directories, concurrent writers, link/unlink,
 * running out of inodes and of disk blocks. */
#include "user/tests/ut.h"

#if __has_include("kernel/fs.h")
#include "kernel/fs.h"
#endif
#ifndef BSIZE
#define BSIZE 1024
#endif
#ifndef NDIRECT
#define NDIRECT 12
#endif
#ifndef NINDIRECT
#define NINDIRECT (BSIZE / 4)
#endif
#ifndef DIRSIZ
#define DIRSIZ 14
#endif

static char blk[BSIZE];
static char blk2[BSIZE];

static void
fill_block(char *b, uint seed, uint64 n)
{
  for (int i = 0; i < BSIZE; i++)
    b[i] = pat(seed, n * BSIZE + i);
  /* block number at the front, so a misplaced block is recognisable */
  *(uint *)b = (uint)n;
}

static int
check_block(const char *b, uint seed, uint64 n)
{
  fill_block(blk2, seed, n);
  return memcmp(b, blk2, BSIZE) == 0;
}

static uint64
file_size(const char *path)
{
  struct stat st;
  int fd = xopen(path, O_RDONLY);
  CHECK(fstat(fd, &st) == 0, "fstat(%s) failed", path);
  close(fd);
  return st.size;
}

/* Write nblocks blocks with a pattern, then read them back. */
static void
write_pattern(const char *path, uint seed, int nblocks)
{
  int fd = xopen(path, O_CREATE | O_WRONLY | O_TRUNC);
  for (int i = 0; i < nblocks; i++) {
    fill_block(blk, seed, i);
    int r = write(fd, blk, BSIZE);
    CHECK(r == BSIZE, "%s: write of block %d returned %d", path, i, r);
  }
  close(fd);
}

static void
verify_pattern(const char *path, uint seed, int nblocks)
{
  int fd = xopen(path, O_RDONLY);
  for (int i = 0; i < nblocks; i++) {
    int r = read(fd, blk, BSIZE);
    CHECK(r == BSIZE, "%s: read of block %d returned %d", path, i, r);
    CHECK(check_block(blk, seed, i), "%s: block %d holds wrong data (starts with block no. %d)",
          path, i, *(uint *)blk);
  }
  CHECK(read(fd, blk, 1) == 0, "%s: data past the end", path);
  close(fd);
}

/* Basic open/read/write/fstat semantics. */
static void
basic_rw(void)
{
  int fd = xopen("ut_basic", O_CREATE | O_RDWR | O_TRUNC);
  xwrite(fd, "hello, world", 12);
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.type == T_FILE && st.size == 12,
        "fstat: type %d size %d", st.type, (int)st.size);
  CHECK(st.nlink == 1, "new file has nlink %d", st.nlink);
  close(fd);

  fd = xopen("ut_basic", O_RDONLY);
  CHECK(write(fd, "x", 1) == -1, "write to an O_RDONLY descriptor succeeded");
  char buf[32];
  int n = read(fd, buf, sizeof buf);
  CHECK(n == 12 && memcmp(buf, "hello, world", 12) == 0, "read back %d bytes", n);
  CHECK(read(fd, buf, sizeof buf) == 0, "read at end of file did not return 0");
  close(fd);

  fd = xopen("ut_basic", O_WRONLY);
  CHECK(read(fd, buf, 1) == -1, "read from an O_WRONLY descriptor succeeded");
  xwrite(fd, "J", 1);   /* overwrite in place, no truncation */
  close(fd);
  CHECK(file_size("ut_basic") == 12, "writing without O_TRUNC changed the size");
  fd = xopen("ut_basic", O_RDONLY);
  n = read(fd, buf, sizeof buf);
  close(fd);
  CHECK(n == 12 && buf[0] == 'J' && buf[1] == 'e', "overwrite did not land in place");

  fd = xopen("ut_basic", O_WRONLY | O_TRUNC);
  close(fd);
  CHECK(file_size("ut_basic") == 0, "O_TRUNC did not truncate");

  CHECK(open("ut_nonexistent", O_RDONLY) == -1, "opening a missing file succeeded");
  CHECK(unlink("ut_basic") == 0, "unlink failed");
  CHECK(open("ut_basic", O_RDONLY) == -1, "file still there after unlink");

  /* dup shares the offset */
  fd = xopen("ut_dup", O_CREATE | O_RDWR | O_TRUNC);
  int fd2 = dup(fd);
  CHECK(fd2 >= 0 && fd2 != fd, "dup returned %d", fd2);
  xwrite(fd, "ab", 2);
  xwrite(fd2, "cd", 2);
  close(fd);
  close(fd2);
  fd = xopen("ut_dup", O_RDONLY);
  n = read(fd, buf, sizeof buf);
  close(fd);
  unlink("ut_dup");
  CHECK(n == 4 && memcmp(buf, "abcd", 4) == 0, "dup'ed descriptors did not share the offset");
}

/* A file through the direct, single-indirect and (if there is one) the
 * doubly-indirect block levels. */
static void
big_file(void)
{
  int nblocks = NDIRECT + NINDIRECT + 70;
  write_pattern("ut_big", 41, nblocks);
  CHECK(file_size("ut_big") == (uint64)nblocks * BSIZE, "size %ld, expected %ld",
        (long)file_size("ut_big"), (long)nblocks * BSIZE);
  verify_pattern("ut_big", 41, nblocks);
  /* Rewrite in odd-sized pieces crossing block boundaries. */
  int fd = xopen("ut_big", O_WRONLY);
  static char piece[777];
  long total = 0;
  while (total < 40L * BSIZE) {
    for (int i = 0; i < (int)sizeof piece; i++)
      piece[i] = pat(5, total + i);
    xwrite(fd, piece, sizeof piece);
    total += sizeof piece;
  }
  close(fd);
  fd = xopen("ut_big", O_RDONLY);
  for (long off = 0; off < total; off += BSIZE) {
    int want = total - off < BSIZE ? (int)(total - off) : BSIZE;
    xread(fd, blk, want);
    for (int i = 0; i < want; i++)
      CHECK(blk[i] == (char)pat(5, off + i), "rewrite: wrong byte at %ld", off + i);
  }
  close(fd);
  CHECK(file_size("ut_big") == (uint64)nblocks * BSIZE, "rewrite changed the size");
  CHECK(unlink("ut_big") == 0, "unlink of big file failed");
}

/* Hundreds of files in one directory. */
static void
many_files(void)
{
  enum { N = 150 };
  char name[32];
  CHECK(mkdir("ut_many") == 0, "mkdir ut_many failed");
  for (int i = 0; i < N; i++) {
    ut_snprintf(name, sizeof name, "ut_many/f%d", i);
    int fd = xopen(name, O_CREATE | O_WRONLY);
    xwrite(fd, name, strlen(name));
    close(fd);
  }
  for (int i = 0; i < N; i += 1) {
    char buf[32];
    ut_snprintf(name, sizeof name, "ut_many/f%d", i);
    int fd = xopen(name, O_RDONLY);
    int n = read(fd, buf, sizeof buf);
    close(fd);
    CHECK(n == (int)strlen(name) && memcmp(buf, name, n) == 0, "%s holds the wrong text", name);
  }
  /* Directory listing holds each name once. */
  int fd = xopen("ut_many", O_RDONLY);
  struct { ushort inum; char name[DIRSIZ]; } de;
  int live = 0;
  while (read(fd, &de, sizeof de) == sizeof de)
    if (de.inum != 0)
      live++;
  close(fd);
  CHECK(live == N + 2, "directory has %d live entries, expected %d", live, N + 2);
  CHECK(unlink("ut_many") == -1, "unlinking a non-empty directory succeeded");
  for (int i = 0; i < N; i++) {
    ut_snprintf(name, sizeof name, "ut_many/f%d", i);
    CHECK(unlink(name) == 0, "unlink %s failed", name);
  }
  CHECK(unlink("ut_many") == 0, "unlinking the emptied directory failed");
}

/* A deep chain of directories, walked relatively and absolutely. */
static void
deep_dirs(void)
{
  enum { DEPTH = 40 };
  char path[MAXPATH];
  CHECK(mkdir("ut_deep") == 0, "mkdir ut_deep failed");
  CHECK(chdir("ut_deep") == 0, "chdir ut_deep failed");
  for (int i = 0; i < DEPTH; i++) {
    CHECK(mkdir("d") == 0, "mkdir at depth %d failed", i);
    CHECK(chdir("d") == 0, "chdir at depth %d failed", i);
  }
  int fd = xopen("leaf", O_CREATE | O_WRONLY);
  xwrite(fd, "bottom", 6);
  close(fd);
  CHECK(chdir("/") == 0, "chdir / failed");
  int n = ut_snprintf(path, sizeof path, "/ut_deep");
  for (int i = 0; i < DEPTH; i++)
    n += ut_snprintf(path + n, sizeof path - n, "/d");
  ut_snprintf(path + n, sizeof path - n, "/leaf");
  fd = xopen(path, O_RDONLY);
  char buf[8];
  CHECK(read(fd, buf, 8) == 6 && memcmp(buf, "bottom", 6) == 0, "leaf has wrong content");
  close(fd);
  /* .. walks back up: from the bottom, DEPTH+1 steps reach / */
  path[n] = 0;
  CHECK(chdir(path) == 0, "chdir to the bottom failed");
  for (int i = 0; i < DEPTH + 1; i++)
    CHECK(chdir("..") == 0, "chdir .. failed at step %d", i);
  fd = open("ut_deep", O_RDONLY);
  CHECK(fd >= 0, ".. chain did not end at /");
  close(fd);
  /* .. of / is / */
  CHECK(chdir("/..") == 0, "chdir /.. failed");
  fd = open("ut_deep", O_RDONLY);
  CHECK(fd >= 0, "/.. is not /");
  close(fd);
  /* remove bottom-up */
  char leaf[MAXPATH];
  ut_snprintf(leaf, sizeof leaf, "%s/leaf", path);
  CHECK(unlink(leaf) == 0, "unlink leaf failed");
  for (int d = DEPTH; d >= 0; d--) {
    path[8 + 2 * d] = 0;
    CHECK(unlink(path) == 0, "unlink %s failed", path);
  }
  CHECK(open("/ut_deep", O_RDONLY) == -1, "ut_deep still exists");
}

static void
dir_errors(void)
{
  CHECK(mkdir("ut_dir") == 0, "mkdir failed");
  CHECK(mkdir("ut_dir") == -1, "mkdir of an existing name succeeded");
  CHECK(open("ut_dir", O_WRONLY) == -1, "opened a directory for writing");
  CHECK(open("ut_dir", O_RDWR) == -1, "opened a directory read-write");
  int fd = xopen("ut_dir/file", O_CREATE | O_WRONLY);
  close(fd);
  CHECK(chdir("ut_dir/file") == -1, "chdir into a file succeeded");
  CHECK(mkdir("ut_dir/file/x") == -1, "mkdir below a file succeeded");
  CHECK(open("ut_dir/file/x", O_CREATE | O_WRONLY) == -1, "created a file below a file");
  CHECK(open("ut_nodir/x", O_CREATE | O_WRONLY) == -1, "created a file in a missing directory");
  CHECK(mkdir("ut_nodir/x") == -1, "mkdir in a missing directory succeeded");
  CHECK(unlink("ut_dir/.") == -1, "unlink of . succeeded");
  CHECK(unlink("ut_dir/..") == -1, "unlink of .. succeeded");
  CHECK(link("ut_dir", "ut_dir2") == -1, "hard link to a directory succeeded");
  struct stat st;
  fd = xopen("ut_dir", O_RDONLY);
  CHECK(fstat(fd, &st) == 0 && st.type == T_DIR, "directory's type is %d", st.type);
  close(fd);
  CHECK(unlink("ut_dir/file") == 0, "unlink file failed");
  CHECK(unlink("ut_dir") == 0, "unlink of emptied directory failed");
}

static void
link_unlink(void)
{
  int fd = xopen("ut_la", O_CREATE | O_WRONLY | O_TRUNC);
  xwrite(fd, "linked", 6);
  close(fd);
  CHECK(link("ut_la", "ut_lb") == 0, "link failed");
  CHECK(link("ut_la", "ut_lb") == -1, "link onto an existing name succeeded");
  CHECK(link("ut_missing", "ut_lc") == -1, "link of a missing file succeeded");
  struct stat st;
  fd = xopen("ut_lb", O_RDONLY);
  CHECK(fstat(fd, &st) == 0 && st.nlink == 2, "nlink %d after link, expected 2", st.nlink);
  close(fd);
  /* writes through one name are seen through the other */
  fd = xopen("ut_lb", O_WRONLY);
  xwrite(fd, "L", 1);
  close(fd);
  char buf[8];
  fd = xopen("ut_la", O_RDONLY);
  CHECK(read(fd, buf, 8) == 6 && buf[0] == 'L', "write via one link not seen via the other");
  close(fd);
  CHECK(unlink("ut_la") == 0, "unlink first name failed");
  CHECK(unlink("ut_la") == -1, "second unlink of the same name succeeded");
  fd = xopen("ut_lb", O_RDONLY);
  CHECK(fstat(fd, &st) == 0 && st.nlink == 1, "nlink %d after unlink, expected 1", st.nlink);
  CHECK(read(fd, buf, 8) == 6 && memcmp(buf, "Linked", 6) == 0, "data lost after unlink of one name");
  close(fd);
  CHECK(unlink("ut_lb") == 0, "unlink last name failed");
  CHECK(open("ut_lb", O_RDONLY) == -1, "file survives its last unlink");
  /* a name can be re-used at once */
  fd = xopen("ut_la", O_CREATE | O_RDWR);
  CHECK(read(fd, buf, 8) == 0, "re-created file has old contents");
  close(fd);
  unlink("ut_la");
}

/* link refuses past the largest link count, LINK_LIMIT (struct stat's
 * nlink is a short): LINK_LIMIT - 1 more names for one file, made by
 * LM_WORKERS processes (more than the log admits at once, so that every
 * commit carries several links) in LM_DIRS directories (so no directory
 * grows long); the next link returns -1 and nlink stays put; an unlink
 * makes room again; removing every name brings nlink back to 1. */
enum { LINK_LIMIT = 32767, LM_DIRS = 64, LM_PER_DIR = 512, LM_WORKERS = 8 };

/* Names made in directory d: LINK_LIMIT - 1 in all. */
static int
lm_count(int d)
{
  int left = LINK_LIMIT - 1 - d * LM_PER_DIR;
  return left < 0 ? 0 : left < LM_PER_DIR ? left : LM_PER_DIR;
}

/* Worker w makes (or removes) the names in every LM_WORKERS-th
 * directory, and the directories. */
static void
lm_work(int w, int make)
{
  char name[32];
  for (int d = w; d < LM_DIRS; d += LM_WORKERS) {
    ut_snprintf(name, sizeof name, "ut_lm/%d", d);
    CHECK(!make || mkdir(name) == 0, "mkdir %s failed", name);
    for (int i = 0; i < lm_count(d); i++) {
      ut_snprintf(name, sizeof name, "ut_lm/%d/%d", d, i);
      if (make)
        CHECK(link("ut_lm/f", name) == 0, "link to %s failed", name);
      else
        CHECK(unlink(name) == 0, "unlink of %s failed", name);
    }
    ut_snprintf(name, sizeof name, "ut_lm/%d", d);
    CHECK(make || unlink(name) == 0, "unlink of %s failed", name);
  }
}

static void
lm_all(int make)
{
  int pids[LM_WORKERS];
  for (int w = 0; w < LM_WORKERS; w++)
    if ((pids[w] = xfork()) == 0) {
      lm_work(w, make);
      exit(0);
    }
  for (int k = 0; k < LM_WORKERS; k++) {     /* in whatever order they end */
    int st, pid = wait(&st), w;
    for (w = 0; w < LM_WORKERS && pids[w] != pid; w++)
      ;
    CHECK(w < LM_WORKERS, "wait returned %d, not a worker", pid);
    CHECK(st == 0, "%s worker %d failed", make ? "link" : "unlink", w);
  }
}

static int
nlink_of(const char *path)
{
  struct stat st;
  CHECK(stat(path, &st) == 0, "stat %s failed", path);
  return st.nlink;
}

static void
max_links(void)
{
  CHECK(mkdir("ut_lm") == 0, "mkdir failed");
  close(xopen("ut_lm/f", O_CREATE | O_RDWR));
  lm_all(1);
  int n = nlink_of("ut_lm/f");
  CHECK(n == LINK_LIMIT, "nlink %d after %d links, expected %d", n, LINK_LIMIT - 1, LINK_LIMIT);
  int r = link("ut_lm/f", "ut_lm/over");
  n = nlink_of("ut_lm/f");
  CHECK(r == -1, "link number %d returned %d (nlink now %d)", LINK_LIMIT, r, n);
  CHECK(n == LINK_LIMIT, "refused link changed nlink to %d", n);
  CHECK(open("ut_lm/over", O_RDONLY) == -1, "refused link left its name");
  CHECK(unlink("ut_lm/0/0") == 0, "unlink at the limit failed");
  CHECK(link("ut_lm/f", "ut_lm/0/0") == 0, "link after an unlink made room failed");
  lm_all(0);
  n = nlink_of("ut_lm/f");
  CHECK(n == 1, "nlink %d after removing the links, expected 1", n);
  CHECK(unlink("ut_lm/f") == 0 && unlink("ut_lm") == 0, "cleanup failed");
}

/* A directory removed while it is the current directory (the Unix way,
 * docs/fs.md): unlink succeeds; nothing can be created in it; its "."
 * and ".." are gone; its inode is freed when the last user leaves, so
 * the next new inode gets its number back (inodes are handed out
 * lowest first, and tests run one at a time).  The driver runs fsck
 * on the image afterwards (fsck[fs]): no inode or block leaks. */
static void
unlink_cwd(void)
{
  struct stat st;
  CHECK(mkdir("ut_cwd") == 0, "mkdir failed");
  CHECK(stat("ut_cwd", &st) == 0, "stat failed");
  uint ino = st.ino;
  CHECK(chdir("ut_cwd") == 0, "chdir failed");
  int fd = open("/ut_cwd", O_RDONLY);
  CHECK(fd >= 0, "open of the directory failed");
  CHECK(unlink("/ut_cwd") == 0, "unlink of the current (empty) directory failed");
  CHECK(open("/ut_cwd", O_RDONLY) == -1, "the removed directory still has its name");
  CHECK(open("f", O_CREATE | O_RDWR) == -1, "created a file in a removed directory");
  CHECK(mkdir("d") == -1, "mkdir in a removed directory succeeded");
  CHECK(mknod("n", 1, 0) == -1, "mknod in a removed directory succeeded");
  CHECK(link("/README", "l") == -1, "link into a removed directory succeeded");
  CHECK(open(".", O_RDONLY) == -1, "\".\" still resolves in a removed directory");
  CHECK(chdir("..") == -1, "\"..\" still resolves in a removed directory");
  CHECK(fstat(fd, &st) == 0 && st.nlink == 0 && st.size == 0,
        "removed directory: nlink %d size %ld, expected 0 and 0", st.nlink, (long)st.size);
  char buf[16];
  CHECK(read(fd, buf, sizeof buf) == 0, "a removed directory still has entries");
  close(fd);
  CHECK(chdir("/") == 0, "chdir / failed");
  /* the last user is gone: the inode is free again */
  CHECK(mkdir("ut_cwd2") == 0, "mkdir after the removal failed");
  CHECK(stat("ut_cwd2", &st) == 0, "stat failed");
  CHECK(st.ino == ino, "removed directory's inode %d was not freed (new one got %d)",
        ino, st.ino);
  CHECK(unlink("ut_cwd2") == 0, "unlink failed");
  /* a non-empty current directory still cannot be removed */
  CHECK(mkdir("ut_cwd") == 0 && chdir("ut_cwd") == 0, "mkdir/chdir failed");
  fd = xopen("f", O_CREATE | O_RDWR);
  close(fd);
  CHECK(unlink("/ut_cwd") == -1, "unlink of a non-empty current directory succeeded");
  CHECK(unlink("f") == 0, "unlink of a file in the current directory failed");
  CHECK(chdir("/") == 0 && unlink("ut_cwd") == 0, "cleanup failed");
}

/* mknod refuses a major number no driver serves (the node could never
 * be used) and leaves no name behind; the console's number works. */
static void
mknod_majors(void)
{
  enum { CONSOLE_MAJOR = 1 };   /* as init's /console */
  static const short bad[] = { 0, 2, 5, NDEV - 1, NDEV, -1, 0x7fff, (short)0x8000 };
  for (int i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++) {
    int r = mknod("ut_nod", bad[i], 0);
    CHECK(r == -1, "mknod with major %d (no driver) returned %d", bad[i], r);
    CHECK(open("ut_nod", O_RDONLY) == -1, "mknod with major %d left a name behind", bad[i]);
  }
  CHECK(mknod("ut_nod", CONSOLE_MAJOR, 0) == 0, "mknod of a console node failed");
  int fd = xopen("ut_nod", O_WRONLY);
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.type == T_DEVICE, "console node has type %d", st.type);
  CHECK(write(fd, "", 0) == 0, "write of 0 bytes to the console node failed");
  close(fd);
  CHECK(unlink("ut_nod") == 0, "unlink of the node failed");
}

/* An unlinked file stays readable while it is open. */
static void
unlink_open(void)
{
  write_pattern("ut_uo", 8, 30);
  int fd = xopen("ut_uo", O_RDONLY);
  CHECK(unlink("ut_uo") == 0, "unlink failed");
  CHECK(open("ut_uo", O_RDONLY) == -1, "name still resolves");
  /* other files may be created meanwhile without stealing its blocks */
  write_pattern("ut_uo2", 9, 30);
  for (int i = 0; i < 30; i++) {
    CHECK(read(fd, blk, BSIZE) == BSIZE, "read of unlinked open file failed at block %d", i);
    CHECK(check_block(blk, 8, i), "unlinked open file's block %d was overwritten", i);
  }
  close(fd);
  verify_pattern("ut_uo2", 9, 30);
  unlink("ut_uo2");
}

/* Concurrent writers: several processes writing their own files, and
 * several appending records through one shared descriptor. */
static void
concurrent_writers(void)
{
  enum { P = 4, NB = 40, REC = 64, NREC = 50 };
  char name[16];
  for (int c = 0; c < P; c++) {
    if (xfork() == 0) {
      ut_snprintf(name, sizeof name, "ut_cw%d", c);
      write_pattern(name, 60 + c, NB);
      exit(0);
    }
  }
  for (int c = 0; c < P; c++) {
    int st;
    CHECK(wait(&st) > 0 && st == 0, "a writer failed with %d", st);
  }
  for (int c = 0; c < P; c++) {
    ut_snprintf(name, sizeof name, "ut_cw%d", c);
    verify_pattern(name, 60 + c, NB);
    unlink(name);
  }

  int fd = xopen("ut_shared", O_CREATE | O_RDWR | O_TRUNC);
  for (int c = 0; c < P; c++) {
    if (xfork() == 0) {
      char rec[REC];
      for (int r = 0; r < NREC; r++) {
        memset(rec, 'A' + c, REC);
        rec[1] = (char)r;
        if (write(fd, rec, REC) != REC)
          exit(1);
      }
      exit(0);
    }
  }
  for (int c = 0; c < P; c++) {
    int st;
    CHECK(wait(&st) > 0 && st == 0, "a shared-descriptor writer failed with %d", st);
  }
  close(fd);
  CHECK(file_size("ut_shared") == P * NREC * REC, "shared file size %ld, expected %d",
        (long)file_size("ut_shared"), P * NREC * REC);
  fd = xopen("ut_shared", O_RDONLY);
  int next[P] = { 0 };
  char rec[REC];
  for (int k = 0; k < P * NREC; k++) {
    xread(fd, rec, REC);
    int c = rec[0] - 'A';
    CHECK(c >= 0 && c < P, "record %d has bad owner %d", k, rec[0]);
    for (int i = 2; i < REC; i++)
      CHECK(rec[i] == rec[0], "record %d is torn (writes interleaved inside it)", k);
    CHECK(rec[1] == next[c], "writer %d's records out of order at %d", c, k);
    next[c]++;
  }
  close(fd);
  unlink("ut_shared");
}

/* Create files until there are no inodes left: open must fail cleanly,
 * and after removing them the file system works as before. */
static void
out_of_inodes(void)
{
  char name[24];
  CHECK(mkdir("ut_ino") == 0, "mkdir failed");
  int n = 0;
  for (;;) {
    ut_snprintf(name, sizeof name, "ut_ino/%d", n);
    int fd = open(name, O_CREATE | O_WRONLY);
    if (fd < 0)
      break;
    close(fd);
    n++;
    CHECK(n < 40000, "never ran out of inodes");
  }
  CHECK(n > 20, "only %d files could be created", n);
  /* mkdir needs an inode too */
  CHECK(mkdir("ut_ino/dir") == -1, "mkdir succeeded with no free inodes");
  for (int i = 0; i < n; i++) {
    ut_snprintf(name, sizeof name, "ut_ino/%d", i);
    CHECK(unlink(name) == 0, "unlink %s failed", name);
  }
  CHECK(unlink("ut_ino") == 0, "unlink of the directory failed");
  /* everything works again, and every inode came back */
  CHECK(mkdir("ut_ino") == 0, "mkdir after running out of inodes failed");
  int m = 0;
  for (;;) {
    ut_snprintf(name, sizeof name, "ut_ino/%d", m);
    int fd = open(name, O_CREATE | O_WRONLY);
    if (fd < 0)
      break;
    close(fd);
    m++;
    if (m > n)
      break;
  }
  CHECK(m == n, "second round created %d files, first round %d (inodes lost)", m, n);
  for (int i = 0; i < m; i++) {
    ut_snprintf(name, sizeof name, "ut_ino/%d", i);
    unlink(name);
  }
  CHECK(unlink("ut_ino") == 0, "final unlink failed");
}

/* One file of MAXFILE blocks, the largest there is, fits on the default
 * disk (xv6's usertests writebig needs it): every block reads back, the
 * next byte is refused with -1, and unlink gives the space back (the
 * driver's fsck[fsmax] checks the bitmap).  Blocks are stamped with
 * their number; writes go 16 blocks at a time. */
static void
max_file(void)
{
  enum { CHUNK = 16 };
  static char big[CHUNK * BSIZE];
  int fd = xopen("ut_max", O_CREATE | O_RDWR | O_TRUNC);
  for (uint b = 0; b < MAXFILE; b += CHUNK) {
    uint n = MAXFILE - b < CHUNK ? MAXFILE - b : CHUNK;
    for (uint i = 0; i < n; i++) {
      memset(big + i * BSIZE, (char)(b + i), BSIZE);
      *(uint *)(big + i * BSIZE) = b + i;
    }
    int r = write(fd, big, n * BSIZE);
    CHECK(r == (int)(n * BSIZE), "write at block %d of %d returned %d", b, MAXFILE, r);
  }
  int r = write(fd, "x", 1);
  CHECK(r == -1, "write past MAXFILE blocks returned %d", r);
  close(fd);
  CHECK(file_size("ut_max") == (uint64)MAXFILE * BSIZE, "size %ld, expected %ld",
        (long)file_size("ut_max"), (long)MAXFILE * BSIZE);
  fd = xopen("ut_max", O_RDONLY);
  for (uint b = 0; b < MAXFILE; b++) {
    r = read(fd, blk, BSIZE);
    CHECK(r == BSIZE, "read of block %d returned %d", b, r);
    memset(blk2, (char)b, BSIZE);
    *(uint *)blk2 = b;
    CHECK(memcmp(blk, blk2, BSIZE) == 0, "block %d holds block %d's data", b, *(uint *)blk);
  }
  CHECK(read(fd, blk, 1) == 0, "data past the end");
  close(fd);
  CHECK(unlink("ut_max") == 0, "unlink failed");
}

/* Fill the disk: write must come back short or -1, never panic; the
 * space is reusable after unlink.  The disk holds more than one file
 * can (FSSIZE > MAXFILE), so it is filled with files of FILL_FILE bytes
 * each, the last one cut short by the full disk. */
static void
disk_full(void)
{
  enum { CHUNK = 8, FILL_FILE = 16 * 1024 * 1024, MAXFILES = 20 };
  static char big[CHUNK * BSIZE];
  char name[16];
  for (int i = 0; i < (int)sizeof big; i++)
    big[i] = pat(3, i);
  long total = 0, last = 0;
  int nfiles = 0, full = 0;
  while (!full) {
    CHECK(nfiles < MAXFILES, "disk never filled up (%ld bytes written)", total);
    ut_snprintf(name, sizeof name, "ut_full%d", nfiles++);
    int fd = xopen(name, O_CREATE | O_WRONLY | O_TRUNC);
    for (last = 0; last < FILL_FILE; ) {
      int r = write(fd, big, sizeof big);
      if (r > 0)
        last += r;
      if (r != (int)sizeof big) {
        full = 1;
        break;
      }
    }
    close(fd);
    total += last;
    CHECK(file_size(name) == (uint64)last, "%s: size %ld, but %ld bytes were written",
          name, (long)file_size(name), last);
  }
  CHECK(total > 100 * BSIZE, "disk full after only %ld bytes", total);
  /* a new file cannot get data blocks now */
  int fd = open("ut_fullx", O_CREATE | O_WRONLY);
  if (fd >= 0) {
    int r = write(fd, big, sizeof big);
    CHECK(r < (int)sizeof big, "wrote %d bytes to a full disk", r);
    close(fd);
    unlink("ut_fullx");
  }
  for (int i = 0; i < nfiles; i++) {
    ut_snprintf(name, sizeof name, "ut_full%d", i);
    CHECK(unlink(name) == 0, "unlink of %s failed", name);
  }
  /* space is back */
  write_pattern("ut_fullok", 4, 200);
  verify_pattern("ut_fullok", 4, 200);
  unlink("ut_fullok");
}

/* Read n bytes at the current offset of fd and compare them with want. */
static void
read_is(int fd, const char *want, int n)
{
  char got[16];
  int r = read(fd, got, n);
  CHECK(r == n && memcmp(got, want, n) == 0, "read %d bytes, wanted \"%s\"", r, want);
}

/* lseek: each whence, reads and writes at the new offset, the offset a
 * dup shares, and the refusals (-1, offset unchanged): a result below 0
 * or past the end, a bad whence or fd, a pipe, the console. */
static void
seek_file(void)
{
  int fd = xopen("ut_seek", O_CREATE | O_RDWR | O_TRUNC), p[2];
  CHECK(write(fd, "0123456789", 10) == 10, "write failed");
  CHECK(lseek(fd, 0, SEEK_CUR) == 10, "SEEK_CUR 0 after a write is not 10");
  CHECK(lseek(fd, 3, SEEK_SET) == 3, "SEEK_SET 3 did not return 3");
  read_is(fd, "34", 2);
  CHECK(lseek(fd, -1, SEEK_CUR) == 4, "SEEK_CUR -1 from 5 did not return 4");
  read_is(fd, "4", 1);
  CHECK(lseek(fd, -2, SEEK_END) == 8, "SEEK_END -2 did not return 8");
  read_is(fd, "89", 2);
  CHECK(lseek(fd, 0, SEEK_END) == 10 && read(fd, p, 1) == 0, "no end of file at SEEK_END");
  CHECK(lseek(fd, 2, SEEK_SET) == 2 && write(fd, "AB", 2) == 2, "overwrite failed");
  CHECK(lseek(fd, 0, SEEK_END) == 10 && write(fd, "X", 1) == 1, "append failed");
  CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind failed");
  read_is(fd, "01AB456789X", 11);
  long bad[][2] = { {12, SEEK_SET}, {-1, SEEK_SET}, {2, SEEK_END}, {-12, SEEK_END},
                    {-6, SEEK_CUR}, {7, SEEK_CUR}, {1L << 40, SEEK_SET},
                    {-(1L << 62), SEEK_END}, {0, 3}, {0, -1} };
  CHECK(lseek(fd, 5, SEEK_SET) == 5, "SEEK_SET 5 failed");
  for (int i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++)
    CHECK(lseek(fd, bad[i][0], bad[i][1]) == -1 && lseek(fd, 0, SEEK_CUR) == 5,
          "lseek(%ld, %d) was accepted or moved the offset", bad[i][0], (int)bad[i][1]);
  int fd2 = dup(fd);
  CHECK(lseek(fd2, 1, SEEK_SET) == 1 && lseek(fd, 0, SEEK_CUR) == 1, "a dup has its own offset");
  close(fd2);
  close(fd);
  fd = xopen("ut_seek", O_RDONLY);
  CHECK(lseek(fd, -3, SEEK_END) == 8, "SEEK_END on a read-only file failed");
  read_is(fd, "89X", 3);
  close(fd);
  CHECK(pipe(p) == 0, "pipe failed");
  CHECK(lseek(p[0], 0, SEEK_SET) == -1 && lseek(p[1], 0, SEEK_CUR) == -1, "lseek on a pipe");
  close(p[0]);
  close(p[1]);
  fd = xopen("/console", O_RDWR);
  CHECK(lseek(fd, 0, SEEK_SET) == -1, "lseek on the console");
  close(fd);
  CHECK(lseek(fd, 0, SEEK_SET) == -1 && lseek(-1, 0, SEEK_SET) == -1, "lseek on a closed fd");
  CHECK(unlink("ut_seek") == 0, "unlink failed");
}

const struct utest fs_tests[] = {
  { "fs.basic", basic_rw, 30, 0 },
  { "fs.bigfile", big_file, 120, 0 },
  { "fs.manyfiles", many_files, 120, 0 },
  { "fs.deepdir", deep_dirs, 60, 0 },
  { "fs.direrrors", dir_errors, 30, 0 },
  { "fs.link", link_unlink, 30, 0 },
  { "fs.mknod", mknod_majors, 30, 0 },
  { "fs.rmcwd", unlink_cwd, 30, 0 },
  { "fs.maxlinks", max_links, 1200, 0 },
  { "fs.maxfile", max_file, 1200, 0 },
  { "fs.unlinkopen", unlink_open, 60, 0 },
  { "fs.concurrent", concurrent_writers, 120, 0 },
  { "fs.inodes", out_of_inodes, 300, 0 },
  { "fs.diskfull", disk_full, 600, 0 },
  { "fs.lseek", seek_file, 30, 0 },
  { 0 },
};
