/* ls: list files.  One line per file: name, type (1 directory, 2 file,
 * 3 device), inode number and size in bytes.  A directory argument lists
 * its entries; no argument lists the current directory. */

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/lib/ulib.h"

static void
show(const char *name, struct stat *st)
{
  printf("%-14s %d %d %lu\n", name, st->type, st->ino, st->size);
}

/* List the directory open as fd, whose path is dir.  0 on success. */
static int
list_dir(int fd, const char *dir)
{
  char path[MAXPATH], name[DIRSIZ + 1];
  struct dirent de;
  struct stat st;
  int len = strlen(dir), status = 0;

  if (len + 1 + DIRSIZ + 1 > MAXPATH) {
    fprintf(2, "ls: path too long: %s\n", dir);
    return 1;
  }
  strcpy(path, dir);
  path[len++] = '/';
  while (read(fd, &de, sizeof de) == sizeof de) {
    if (de.inum == 0)
      continue;
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;
    strcpy(path + len, name);
    if (stat(path, &st) < 0) {
      fprintf(2, "ls: cannot stat %s\n", path);
      status = 1;
      continue;
    }
    show(name, &st);
  }
  return status;
}

static int
ls(const char *path)
{
  struct stat st;
  int fd, status = 0;

  if ((fd = open(path, O_RDONLY)) < 0) {
    fprintf(2, "ls: cannot open %s\n", path);
    return 1;
  }
  if (fstat(fd, &st) < 0) {
    fprintf(2, "ls: cannot stat %s\n", path);
    status = 1;
  } else if (st.type == T_DIR) {
    status = list_dir(fd, path);
  } else {
    show(path, &st);
  }
  close(fd);
  return status;
}

int
main(int argc, char *argv[])
{
  int i, status = 0;

  if (argc < 2)
    return ls(".");
  for (i = 1; i < argc; i++)
    status |= ls(argv[i]);
  return status;
}
