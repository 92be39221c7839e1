/* The user-level API: system calls and the small C library in user/lib.
 *
 * The declarations are xv6-riscv's (DESIGN.md section 2), so xv6 user
 * programs build unchanged; the MemV6 calls follow them.  Like xv6's,
 * this header includes nothing: include kernel/types.h and kernel/stat.h
 * first. */

struct stat;
struct memstat;
struct pagemap;

/* System calls (numbers in kernel/syscall.h, stubs in user/lib/syscalls.S) */
int fork(void);
int exit(int) __attribute__((noreturn));
int wait(int*);
int pipe(int*);
int write(int, const void*, int);
int read(int, void*, int);
int close(int);
int kill(int);
int exec(const char*, char**);
int open(const char*, int);
int mknod(const char*, short, short);
int unlink(const char*);
int fstat(int fd, struct stat*);
int link(const char*, const char*);
int mkdir(const char*);
int chdir(const char*);
int dup(int);
int getpid(void);
char* sbrk(int);
int sleep(int);
int uptime(void);

/* MemV6 system calls */
int poweroff(int status);             /* stop the machine; QEMU exits with status */
int bootargs(char *buf, int n);       /* boot command line; returns its length */
int memstat(struct memstat*);         /* memory counters */
int fscrash(int n);                   /* crash after n more disk writes */
int pagemap(int pid, uint64 va, struct pagemap *buf, int n);  /* mapped pages */
int mdiff(int pid, uint64 *vas, int n);  /* pages differing from their mirror */
int bankhold(int bank, int n);        /* test knob: hold free frames of a bank */
int faultinj(int pid, uint64 va, int how);  /* test knob: inject a memory error */
int scrub(int repair);                /* pages differing from their mirror, all processes */
int privdrop(void);                   /* give up inspecting others and the test knobs */
long lseek(int fd, long off, int whence);  /* move fd's offset (SEEK_* in kernel/fcntl.h) */

/* C library (user/lib) */
int stat(const char*, struct stat*);
char* strcpy(char*, const char*);
void *memmove(void*, const void*, int);
char* strchr(const char*, char c);
int strcmp(const char*, const char*);
void fprintf(int, const char*, ...);
void printf(const char*, ...);
char* gets(char*, int max);
uint strlen(const char*);
void* memset(void*, int, uint);
void* malloc(uint);
void free(void*);
int atoi(const char*);
int memcmp(const void *, const void *, uint);
void *memcpy(void *, const void *, uint);
