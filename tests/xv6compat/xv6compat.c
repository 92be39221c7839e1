// xv6compat: a program written only against xv6-riscv's user ABI --
// the headers kernel/types.h, kernel/stat.h, kernel/fcntl.h and
// user/user.h, included the way xv6's own programs include them, and
// only functions xv6's user.h declares.  tests/run.py builds it with
// `make EXTRA_PROGS=tests/xv6compat/xv6compat.c` and runs /xv6compat,
// which prints "xv6compat: all ok" and exits 0 when every check held.

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static int bad;

static void
expect(int cond, char *what)
{
  if(!cond){
    printf("xv6compat: FAILED: %s\n", what);
    bad++;
  }
}

// A producer/consumer pair over a pipe, summing numbers.
static void
pipes(void)
{
  int p[2];
  expect(pipe(p) == 0, "pipe");
  int pid = fork();
  if(pid == 0){
    close(p[0]);
    for(int i = 1; i <= 1000; i++)
      write(p[1], &i, sizeof(i));
    exit(0);
  }
  close(p[1]);
  int v, sum = 0, n = 0;
  while(read(p[0], &v, sizeof(v)) == sizeof(v)){
    sum += v;
    n++;
  }
  close(p[0]);
  int status = -1;
  expect(wait(&status) == pid, "wait returns the child's pid");
  expect(status == 0, "child exit status 0");
  expect(n == 1000 && sum == 500500, "pipe carried 1..1000");
}

// Files: create, write, stat, read back, link, unlink, directories.
static void
files(void)
{
  char buf[64];
  struct stat st;
  int fd = open("xv6c.txt", O_CREATE | O_RDWR);
  expect(fd >= 0, "open O_CREATE");
  expect(write(fd, "compatible\n", 11) == 11, "write");
  expect(fstat(fd, &st) == 0 && st.type == T_FILE && st.size == 11, "fstat");
  close(fd);
  expect(stat("xv6c.txt", &st) == 0 && st.nlink == 1, "stat");
  expect(link("xv6c.txt", "xv6c.lnk") == 0, "link");
  fd = open("xv6c.lnk", O_RDONLY);
  memset(buf, 0, sizeof(buf));
  expect(read(fd, buf, sizeof(buf)) == 11 && strcmp(buf, "compatible\n") == 0, "read via link");
  close(fd);
  expect(unlink("xv6c.txt") == 0 && unlink("xv6c.lnk") == 0, "unlink");
  expect(open("xv6c.txt", O_RDONLY) < 0, "gone after unlink");

  expect(mkdir("xv6c.d") == 0, "mkdir");
  expect(chdir("xv6c.d") == 0, "chdir");
  fd = open("inner", O_CREATE | O_WRONLY | O_TRUNC);
  expect(fd >= 0, "create in subdirectory");
  int fd2 = dup(fd);
  expect(fd2 > fd, "dup");
  write(fd, "a", 1);
  write(fd2, "b", 1);
  close(fd);
  close(fd2);
  expect(stat("inner", &st) == 0 && st.size == 2, "dup shares the offset");
  expect(unlink("inner") == 0, "unlink inner");
  expect(chdir("..") == 0, "chdir ..");
  expect(unlink("xv6c.d") == 0, "rmdir");
}

// Memory: sbrk grows and shrinks; malloc/free.
static void
memory(void)
{
  char *old = sbrk(0);
  char *p = sbrk(8192);
  expect(p == old, "sbrk returns the old break");
  for(int i = 0; i < 8192; i++)
    p[i] = i;
  expect(p[5000] == (char)5000, "sbrk memory usable");
  sbrk(-8192);
  expect(sbrk(0) == old, "sbrk shrinks");
  char *m = malloc(10000);
  expect(m != 0, "malloc");
  strcpy(m, "heap");
  expect(strlen(m) == 4 && atoi("1234") == 1234, "string helpers");
  free(m);
}

// Processes: kill, sleep, uptime, getpid, exec.
static void
procs(void)
{
  int pid = fork();
  if(pid == 0){
    for(;;)
      ;
  }
  expect(kill(pid) == 0, "kill");
  int status = 0;
  expect(wait(&status) == pid && status == -1, "killed child reports -1");
  int t0 = uptime();
  sleep(3);
  expect(uptime() >= t0 + 3, "sleep and uptime");
  expect(getpid() > 0, "getpid");
  pid = fork();
  if(pid == 0){
    char *argv[] = { "echo", "xv6compat:", "exec", "works", 0 };
    exec("echo", argv);
    exec("/echo", argv);
    exit(1);
  }
  wait(&status);
  expect(status == 0, "exec echo");
}

int
main(int argc, char *argv[])
{
  pipes();
  files();
  memory();
  procs();
  if(bad == 0)
    printf("xv6compat: all ok\n");
  exit(bad ? 1 : 0);
}
