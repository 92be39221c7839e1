/* MemV6's system calls as the C library's glue calls them: memv6_NAME
 * is the stub of system call NAME (user/lib/syscalls.S assembled with
 * -DMEMV6_GLUE), beside POSIX's NAME that the glue defines.  Arguments
 * and results are those of user/user.h. */
#ifndef USER_C_LIB_MEMV6_H
#define USER_C_LIB_MEMV6_H

struct xv6_stat;

int   memv6_open(const char *path, int flags);
int   memv6_read(int fd, void *buf, int n);
int   memv6_write(int fd, const void *buf, int n);
int   memv6_close(int fd);
long  memv6_lseek(int fd, long off, int whence);
int   memv6_fstat(int fd, struct xv6_stat *st);
int   memv6_dup(int fd);
int   memv6_unlink(const char *path);
int   memv6_link(const char *old, const char *new);
int   memv6_mkdir(const char *path);
int   memv6_chdir(const char *path);
char *memv6_sbrk(int n);
int   memv6_getpid(void);
int   memv6_kill(int pid);
void  memv6_exit(int status) __attribute__((noreturn));

#endif
