/* File-system system calls.  Each checks its arguments (fetched with
 * arg_int/arg_addr/arg_str) and returns -1 for anything bad; none of them
 * panics on user input.  Every call that may change the disk runs as one
 * log operation, so a crash leaves it done entirely or not at all.
 *
 * Lock order: a directory before an entry in it; never two siblings. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/defs.h"
#include "kernel/fs/file.h"
#include "kernel/core/proc.h"

/* Fetch argument n as an open file descriptor of the caller. */
static int
arg_fd(int n, int *pfd, struct file **pf)
{
  int fd;

  arg_int(n, &fd);
  if(fd < 0 || fd >= NOFILE || myproc()->ofile[fd] == 0)
    return -1;
  if(pfd)
    *pfd = fd;
  *pf = myproc()->ofile[fd];
  return 0;
}

/* Give f the lowest free descriptor of the caller; -1 if none. */
static int
fd_alloc(struct file *f)
{
  struct proc *p = myproc();

  for(int fd = 0; fd < NOFILE; fd++)
    if(p->ofile[fd] == 0) {
      p->ofile[fd] = f;
      return fd;
    }
  return -1;
}

uint64
sys_dup(void)
{
  struct file *f;
  int fd;

  if(arg_fd(0, 0, &f) < 0 || (fd = fd_alloc(f)) < 0)
    return -1;
  file_dup(f);
  return fd;
}

uint64
sys_read(void)
{
  struct file *f;
  uint64 addr;
  int n;

  arg_addr(1, &addr);
  arg_int(2, &n);
  if(arg_fd(0, 0, &f) < 0)
    return -1;
  return file_read(f, addr, n);
}

uint64
sys_write(void)
{
  struct file *f;
  uint64 addr;
  int n;

  arg_addr(1, &addr);
  arg_int(2, &n);
  if(arg_fd(0, 0, &f) < 0)
    return -1;
  return file_write(f, addr, n);
}

uint64
sys_close(void)
{
  struct file *f;
  int fd;

  if(arg_fd(0, &fd, &f) < 0)
    return -1;
  myproc()->ofile[fd] = 0;
  file_close(f);
  return 0;
}

uint64
sys_lseek(void)
{
  struct file *f;
  uint64 off;
  int whence;

  arg_addr(1, &off);
  arg_int(2, &whence);
  if(arg_fd(0, 0, &f) < 0)
    return -1;
  return file_seek(f, (long)off, whence);
}

uint64
sys_fstat(void)
{
  struct file *f;
  uint64 addr;

  arg_addr(1, &addr);
  if(arg_fd(0, 0, &f) < 0)
    return -1;
  return file_stat(f, addr);
}

/* Some driver serves device major number major (its devsw entry is
 * filled in), so a node of that number can be opened and used. */
static int
major_ok(int major)
{
  return major >= 0 && major < NDEV && (devsw[major].read || devsw[major].write);
}

/* Directory dp (locked) has only "." and "..". */
static int
dir_is_empty(struct inode *dp)
{
  struct dirent de;

  for(uint off = 2 * sizeof de; off < dp->size; off += sizeof de) {
    if(inode_read(dp, 0, (uint64)&de, off, sizeof de) != sizeof de)
      panic("dir_is_empty: short read");
    if(de.inum != 0)
      return 0;
  }
  return 1;
}

/* link(old, new): a second name for a file (not a directory), unless
 * it already has MAXLINK. */
uint64
sys_link(void)
{
  char old[MAXPATH], new[MAXPATH], name[DIRSIZ];
  struct inode *ip, *dp;

  if(arg_str(0, old, MAXPATH) < 0 || arg_str(1, new, MAXPATH) < 0)
    return -1;
  log_begin();
  if((ip = path_lookup(old)) == 0) {
    log_end();
    return -1;
  }
  inode_lock(ip);
  if(ip->type == T_DIR || ip->nlink >= MAXLINK) {
    inode_unlockput(ip);
    log_end();
    return -1;
  }
  ip->nlink++;
  inode_update(ip);
  inode_unlock(ip);

  if((dp = path_parent(new, name)) != 0) {
    inode_lock(dp);
    if(dp->dev == ip->dev && dir_link(dp, name, ip->inum) == 0) {
      inode_unlockput(dp);
      inode_put(ip);
      log_end();
      return 0;
    }
    inode_unlockput(dp);
  }
  inode_lock(ip);           /* undo the new link count */
  ip->nlink--;
  inode_update(ip);
  inode_unlockput(ip);
  log_end();
  return -1;
}

/* Removing a file's last name frees its blocks in the same operation,
 * which then writes the directory's block and inode, the file's inode
 * and up to every bitmap block (O_TRUNC and the last close write less). */
_Static_assert(BITMAP_BLOCKS + 3 <= MAXOPBLOCKS, "freeing a big file may overflow a transaction");

/* unlink(path).  A directory must be empty, but may be in use (some
 * process's current directory, or open): as in Unix its name goes at
 * once and its inode when its last user lets go.  Meanwhile it has no
 * entries at all -- "." and ".." go with the name, so nothing reaches
 * the old parent through it -- and dir_link refuses to add any (nlink
 * is 0), so nothing created in it is lost when it is freed. */
uint64
sys_unlink(void)
{
  char path[MAXPATH], name[DIRSIZ];
  struct inode *ip, *dp;
  struct dirent de;
  uint off;

  if(arg_str(0, path, MAXPATH) < 0)
    return -1;
  log_begin();
  if((dp = path_parent(path, name)) == 0) {
    log_end();
    return -1;
  }
  inode_lock(dp);
  if(name_eq(name, ".") || name_eq(name, "..") ||
     (ip = dir_lookup(dp, name, &off)) == 0) {
    inode_unlockput(dp);
    log_end();
    return -1;
  }
  inode_lock(ip);
  if(ip->nlink < 1)
    panic("sys_unlink: entry for an unlinked inode");
  if(ip->type == T_DIR && !dir_is_empty(ip)) {
    inode_unlockput(ip);
    inode_unlockput(dp);
    log_end();
    return -1;
  }
  memset(&de, 0, sizeof de);
  if(inode_write(dp, 0, (uint64)&de, off, sizeof de) != sizeof de)
    panic("sys_unlink: clearing the entry failed");
  if(ip->type == T_DIR) {   /* its ".." no longer names dp */
    dp->nlink--;
    inode_update(dp);
  }
  inode_unlockput(dp);
  ip->nlink--;
  if(ip->type == T_DIR)
    inode_trunc(ip);        /* drops "." and "..", writes the inode */
  else
    inode_update(ip);
  inode_unlockput(ip);      /* frees it if this was the last name and use */
  log_end();
  return 0;
}

/* Make a new inode named path.  For T_FILE an existing file or device of
 * that name is returned instead.  The inode comes back locked; 0 on
 * error.  Inside a transaction. */
static struct inode *
create(const char *path, short type, short major, short minor)
{
  char name[DIRSIZ];
  struct inode *ip, *dp;

  if((dp = path_parent(path, name)) == 0)
    return 0;
  inode_lock(dp);
  if((ip = dir_lookup(dp, name, 0)) != 0) {
    inode_unlockput(dp);
    inode_lock(ip);
    if(type == T_FILE && (ip->type == T_FILE || ip->type == T_DEVICE))
      return ip;
    inode_unlockput(ip);
    return 0;
  }
  /* A new directory's ".." is one more link to dp. */
  if((type == T_DIR && dp->nlink >= MAXLINK) || (ip = inode_alloc(dp->dev, type)) == 0) {
    inode_unlockput(dp);
    return 0;
  }
  inode_lock(ip);
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  inode_update(ip);
  if(type == T_DIR &&
     (dir_link(ip, ".", ip->inum) < 0 || dir_link(ip, "..", dp->inum) < 0))
    goto undo;
  if(dir_link(dp, name, ip->inum) < 0)
    goto undo;
  if(type == T_DIR) {       /* the child's ".." */
    dp->nlink++;
    inode_update(dp);
  }
  inode_unlockput(dp);
  return ip;

undo:                       /* disk full: the new inode is freed by the put */
  ip->nlink = 0;
  inode_update(ip);
  inode_unlockput(ip);
  inode_unlockput(dp);
  return 0;
}

uint64
sys_open(void)
{
  char path[MAXPATH];
  struct inode *ip;
  struct file *f;
  int omode, fd;

  arg_int(1, &omode);
  if(arg_str(0, path, MAXPATH) < 0)
    return -1;
  log_begin();
  if(omode & O_CREATE)
    ip = create(path, T_FILE, 0, 0);
  else if((ip = path_lookup(path)) != 0)
    inode_lock(ip);
  if(ip == 0) {
    log_end();
    return -1;
  }
  if((ip->type == T_DIR && (omode & (O_WRONLY | O_RDWR | O_TRUNC))) ||
     (ip->type == T_DEVICE && !major_ok(ip->major)) ||
     (f = file_alloc()) == 0) {
    inode_unlockput(ip);
    log_end();
    return -1;
  }
  if((fd = fd_alloc(f)) < 0) {
    file_close(f);
    inode_unlockput(ip);
    log_end();
    return -1;
  }
  if(ip->type == T_DEVICE) {
    f->kind = FD_DEVICE;
    f->major = ip->major;
  } else {
    f->kind = FD_INODE;
    f->off = 0;
  }
  f->ip = ip;
  f->readable = !(omode & O_WRONLY);
  f->writable = (omode & O_WRONLY) || (omode & O_RDWR);
  if((omode & O_TRUNC) && ip->type == T_FILE)
    inode_trunc(ip);
  inode_unlock(ip);
  log_end();
  return fd;
}

uint64
sys_mkdir(void)
{
  char path[MAXPATH];
  struct inode *ip;

  if(arg_str(0, path, MAXPATH) < 0)
    return -1;
  log_begin();
  if((ip = create(path, T_DIR, 0, 0)) == 0) {
    log_end();
    return -1;
  }
  inode_unlockput(ip);
  log_end();
  return 0;
}

uint64
sys_mknod(void)
{
  char path[MAXPATH];
  struct inode *ip;
  int major, minor;

  arg_int(1, &major);
  arg_int(2, &minor);
  if(!major_ok(major) || minor != (short)minor || arg_str(0, path, MAXPATH) < 0)
    return -1;
  log_begin();
  if((ip = create(path, T_DEVICE, major, minor)) == 0) {
    log_end();
    return -1;
  }
  inode_unlockput(ip);
  log_end();
  return 0;
}

uint64
sys_chdir(void)
{
  char path[MAXPATH];
  struct inode *ip;
  struct proc *p = myproc();

  if(arg_str(0, path, MAXPATH) < 0)
    return -1;
  log_begin();
  if((ip = path_lookup(path)) == 0) {
    log_end();
    return -1;
  }
  inode_lock(ip);
  if(ip->type != T_DIR) {
    inode_unlockput(ip);
    log_end();
    return -1;
  }
  inode_unlock(ip);
  inode_put(p->cwd);
  log_end();
  p->cwd = ip;
  return 0;
}

uint64
sys_pipe(void)
{
  struct file *rf, *wf;
  struct proc *p = myproc();
  uint64 addr;
  int fd[2];

  arg_addr(0, &addr);
  if(pipe_alloc(&rf, &wf) < 0)
    return -1;
  fd[0] = fd_alloc(rf);
  fd[1] = fd[0] < 0 ? -1 : fd_alloc(wf);
  if(fd[1] < 0 || either_copyout(1, addr, fd, sizeof fd) != 0) {
    if(fd[0] >= 0)
      p->ofile[fd[0]] = 0;
    if(fd[1] >= 0)
      p->ofile[fd[1]] = 0;
    file_close(rf);
    file_close(wf);
    return -1;
  }
  return 0;
}

/* fscrash(n): power the machine off after n more disk block writes, as
 * if it crashed (nothing is flushed); n == 0 disarms.  A test knob: -1
 * unless booted with memv6.fscrash and privileged (mm/sysmem.c). */
uint64
sys_fscrash(void)
{
  int n;

  arg_int(0, &n);
  if(n < 0 || !boot_option("fscrash") || !myproc()->privileged)
    return -1;
  virtio_blk_crash_after(n);
  return 0;
}
