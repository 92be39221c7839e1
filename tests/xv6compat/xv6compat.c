// xv6compat: a program written only against xv6-riscv's user ABI --
// the headers kernel/types.h, kernel/stat.h, kernel/fcntl.h,
// kernel/param.h, kernel/fs.h, kernel/syscall.h, kernel/memlayout.h,
// kernel/riscv.h and user/user.h, included the way xv6's own programs
// (its usertests) include them, and only names those headers define
// in xv6.  tests/run.py builds it with
// `make EXTRA_PROGS=tests/xv6compat/xv6compat.c` and runs /xv6compat,
// which prints "xv6compat: all ok" and exits 0 when every check held.
// A name missing from MemV6's headers breaks the build.

#include "kernel/param.h"
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/syscall.h"
#include "kernel/memlayout.h"
#include "kernel/riscv.h"

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

// f is declared (a function or an object); nothing is called or emitted.
#define HAVE(f) ((void)sizeof(&(f)))

// The names xv6 programs use from the kernel headers.  Values that are
// facts of the hardware or of the xv6 ABI are checked; the others
// (sizes and limits MemV6 chooses) only have to exist and agree.
static void
kernel_names(void)
{
  // types.h
  expect(sizeof(uint8) == 1 && sizeof(uint16) == 2 && sizeof(uint32) == 4 &&
         sizeof(uint64) == 8 && sizeof(uint) == 4 && sizeof(ushort) == 2 &&
         sizeof(uchar) == 1 && sizeof(pde_t) == 8, "types.h sizes");

  // param.h
  expect(NPROC > 1 && NCPU >= 1 && NOFILE >= 3 && NFILE >= NOFILE && NINODE > 1 &&
         NDEV > 1 && ROOTDEV >= 0 && MAXARG >= 3 && MAXPATH >= DIRSIZ, "param.h limits");
  expect(MAXOPBLOCKS >= 1 && LOGSIZE >= MAXOPBLOCKS && NBUF >= MAXOPBLOCKS, "log limits");
  expect(FSSIZE > MAXFILE, "FSSIZE has room for a MAXFILE file");

  // fs.h
  struct superblock sb = { FSMAGIC, FSSIZE, 0, 1, 0, 0, 2, 3 };
  struct dinode di;
  struct dirent de;
  expect(ROOTINO == 1 && BSIZE == 1024 && DIRSIZ == 14, "ROOTINO, BSIZE, DIRSIZ");
  expect(NINDIRECT == BSIZE / sizeof(uint) && MAXFILE >= NDIRECT + NINDIRECT, "NDIRECT, MAXFILE");
  expect(IPB == BSIZE / sizeof(struct dinode) && BPB == BSIZE * 8, "IPB, BPB");
  expect(IBLOCK(IPB, sb) == sb.inodestart + 1 && BBLOCK(BPB, sb) == sb.bmapstart + 1,
         "IBLOCK, BBLOCK");
  expect(sb.magic + sb.size + sb.nblocks + sb.ninodes + sb.nlog + sb.logstart > 0, "superblock");
  expect(sizeof di.type + sizeof di.major + sizeof di.minor + sizeof di.nlink ==
         4 * sizeof(short) && sizeof di.size == 4 && sizeof di.addrs[0] == 4, "dinode");
  expect(sizeof de.inum == 2 && sizeof de.name == DIRSIZ, "dirent");

  // stat.h
  struct stat st;
  expect(T_DIR == 1 && T_FILE == 2 && T_DEVICE == 3, "T_DIR, T_FILE, T_DEVICE");
  expect(stat("/", &st) == 0 && st.type == T_DIR && st.ino == ROOTINO && st.dev >= 0 &&
         st.nlink >= 1 && st.size > 0, "stat of /");

  // syscall.h: xv6's numbers
  expect(SYS_fork == 1 && SYS_exit == 2 && SYS_wait == 3 && SYS_pipe == 4 && SYS_read == 5 &&
         SYS_kill == 6 && SYS_exec == 7 && SYS_fstat == 8 && SYS_chdir == 9 &&
         SYS_dup == 10 && SYS_getpid == 11 && SYS_sbrk == 12 && SYS_sleep == 13 &&
         SYS_uptime == 14 && SYS_open == 15 && SYS_write == 16 && SYS_mknod == 17 &&
         SYS_unlink == 18 && SYS_link == 19 && SYS_mkdir == 20 && SYS_close == 21,
         "system call numbers");

  // memlayout.h: QEMU virt addresses and xv6's user layout
  expect(UART0 == 0x10000000L && UART0_IRQ == 10 && VIRTIO0 == 0x10001000L &&
         VIRTIO0_IRQ == 1 && CLINT == 0x2000000L && PLIC == 0x0c000000L, "device addresses");
  expect(CLINT_MTIMECMP(1) == CLINT + 0x4008 && CLINT_MTIME == CLINT + 0xBFF8, "CLINT");
  expect(PLIC_PRIORITY == PLIC && PLIC_PENDING == PLIC + 0x1000 &&
         PLIC_MENABLE(1) == PLIC + 0x2100 && PLIC_SENABLE(1) == PLIC + 0x2180 &&
         PLIC_MPRIORITY(1) == PLIC + 0x202000 && PLIC_SPRIORITY(1) == PLIC + 0x203000 &&
         PLIC_MCLAIM(1) == PLIC + 0x202004 && PLIC_SCLAIM(1) == PLIC + 0x203004, "PLIC");
  expect(KERNBASE == 0x80000000L && PHYSTOP > KERNBASE, "KERNBASE, PHYSTOP");
  expect(TRAMPOLINE == MAXVA - PGSIZE && TRAPFRAME == TRAMPOLINE - PGSIZE &&
         KSTACK(0) < TRAMPOLINE, "TRAMPOLINE, TRAPFRAME, KSTACK");

  // riscv.h: paging
  pte_t pte = PA2PTE(KERNBASE) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_U;
  pagetable_t pt = &pte;
  expect(PGSIZE == 4096 && PGSHIFT == 12 && MAXVA == (1L << 38), "PGSIZE, PGSHIFT, MAXVA");
  expect(PGROUNDUP(1) == PGSIZE && PGROUNDDOWN(PGSIZE + 1) == PGSIZE, "PGROUNDUP, PGROUNDDOWN");
  expect(PTE2PA(pt[0]) == KERNBASE && PTE_FLAGS(pt[0]) == 0x1f, "PA2PTE, PTE2PA, PTE_FLAGS");
  expect(PX(0, PGSIZE) == 1 && PX(2, MAXVA - 1) == 0xff && PXSHIFT(1) == 21 &&
         PXMASK == 0x1ff, "PX, PXSHIFT, PXMASK");
  expect(MAKE_SATP(KERNBASE) == (SATP_SV39 | (KERNBASE >> 12)), "MAKE_SATP, SATP_SV39");
  // riscv.h: status and interrupt bits
  expect(MSTATUS_MPP_MASK == (3L << 11) && MSTATUS_MPP_M == (3L << 11) &&
         MSTATUS_MPP_S == (1L << 11) && MSTATUS_MPP_U == 0 && MSTATUS_MIE == (1L << 3),
         "MSTATUS bits");
  expect(SSTATUS_SPP == (1L << 8) && SSTATUS_SPIE == (1L << 5) && SSTATUS_UPIE == (1L << 4) &&
         SSTATUS_SIE == (1L << 1) && SSTATUS_UIE == 1, "SSTATUS bits");
  expect(SIE_SEIE == (1L << 9) && SIE_STIE == (1L << 5) && SIE_SSIE == (1L << 1) &&
         MIE_MEIE == (1L << 11) && MIE_MTIE == (1L << 7) && MIE_MSIE == (1L << 3) &&
         MIE_STIE == (1L << 5), "SIE and MIE bits");
  // riscv.h: register and CSR accessors.  Only r_sp can run in user
  // mode; the others must exist.
  uint64 sp = r_sp();
  expect(sp > PGSIZE && sp < (uint64)sbrk(0), "r_sp is inside the process, below the break");
  HAVE(r_tp); HAVE(w_tp); HAVE(r_ra); HAVE(sfence_vma);
  HAVE(intr_on); HAVE(intr_off); HAVE(intr_get);
  HAVE(r_mhartid); HAVE(r_mstatus); HAVE(w_mstatus); HAVE(w_mepc);
  HAVE(r_sstatus); HAVE(w_sstatus); HAVE(r_sip); HAVE(w_sip); HAVE(r_sie); HAVE(w_sie);
  HAVE(r_mie); HAVE(w_mie); HAVE(r_sepc); HAVE(w_sepc);
  HAVE(r_medeleg); HAVE(w_medeleg); HAVE(r_mideleg); HAVE(w_mideleg);
  HAVE(r_stvec); HAVE(w_stvec); HAVE(w_mtvec); HAVE(w_pmpcfg0); HAVE(w_pmpaddr0);
  HAVE(r_satp); HAVE(w_satp); HAVE(w_mscratch); HAVE(r_scause); HAVE(r_stval);
  HAVE(r_mcounteren); HAVE(w_mcounteren); HAVE(r_time);
  HAVE(r_menvcfg); HAVE(w_menvcfg); HAVE(r_stimecmp); HAVE(w_stimecmp);
}

int
main(int argc, char *argv[])
{
  kernel_names();
  pipes();
  files();
  memory();
  procs();
  if(bad == 0)
    printf("xv6compat: all ok\n");
  exit(bad ? 1 : 0);
}
