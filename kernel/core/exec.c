/* exec: replace the current process's memory with a static ELF64 program.
 *
 * The new address space is built aside and swapped in only when it is
 * complete, so a bad file, bad arguments or a lack of memory return -1
 * with the old image intact.  Layout (mm/vm.h): segments from 0, guard
 * page, stack, then the heap starts.  On the stack: the argument strings,
 * then argv[] (NULL-terminated); a0 = argc, a1 = argv, sp 16-aligned. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/elf.h"
#include "kernel/fs/file.h"
#include "kernel/core/proc.h"

static int
elf_perm(uint32 flags)
{
  return PTE_R | (flags & PF_W ? PTE_W : 0) | (flags & PF_X ? PTE_X : 0);
}

/* Read n bytes at off of ip (locked) into user memory at va of us. */
static int
exec_load(struct uspace *us, struct inode *ip, uint64 va, uint64 off, uint64 n)
{
  while (n > 0) {
    char *dst = us_page(us, va, US_LOAD);
    uint64 k = PGSIZE - va % PGSIZE;
    if (k > n)
      k = n;
    if (dst == 0 || inode_read(ip, 0, (uint64)dst, off, k) != k)
      return -1;
    va += k;
    off += k;
    n -= k;
  }
  return 0;
}

/* The n bytes at offset off are all inside ip's data.  The offsets of
 * an ELF file are 64-bit: the test must not wrap. */
static int
in_file(struct inode *ip, uint64 off, uint64 n)
{
  return off <= ip->size && n <= ip->size - off;
}

/* Map and fill the PT_LOAD segments of ip into us.  0, or -1.  The
 * program header table and each segment's file bytes must lie inside
 * the file (a segment with none, all bss, may have any p_offset), and
 * each segment inside the user limit, above the last. */
static int
exec_segments(struct uspace *us, struct inode *ip, struct elf_header *eh)
{
  struct elf_phdr ph;

  if (eh->phentsize != sizeof ph ||
      !in_file(ip, eh->phoff, (uint64)eh->phnum * sizeof ph))
    return -1;
  for (int i = 0; i < eh->phnum; i++) {
    uint64 off = eh->phoff + (uint64)i * sizeof ph;
    if (inode_read(ip, 0, (uint64)&ph, off, sizeof ph) != sizeof ph)
      return -1;
    if (ph.type != PT_LOAD)
      continue;
    if (ph.memsz < ph.filesz || (ph.filesz > 0 && !in_file(ip, ph.off, ph.filesz)) ||
        ph.vaddr % PGSIZE != 0 || ph.vaddr < PGROUNDUP(us->size) ||
        ph.vaddr + ph.memsz < ph.vaddr || ph.vaddr + ph.memsz > MIRROR_LIMIT)
      return -1;
    us->size = ph.vaddr;    /* any gap below stays unmapped */
    if (us_grow(us, ph.vaddr + ph.memsz, elf_perm(ph.flags)) < 0 ||
        exec_load(us, ip, ph.vaddr, ph.off, ph.filesz) < 0)
      return -1;
  }
  return 0;
}

/* Guard page, stack, arguments.  The user sp, or 0 on failure. */
static uint64
exec_stack(struct uspace *us, char **argv, int *argcp)
{
  uint64 uargv[MAXARG + 1];
  int argc;

  us->size = PGROUNDUP(us->size) + PGSIZE;            /* the guard page */
  uint64 base = us->size;
  if (us_grow(us, base + USERSTACK * PGSIZE, PTE_R | PTE_W) < 0)
    return 0;
  us->heap = us->size;
  uint64 sp = us->size;
  for (argc = 0; argv[argc]; argc++) {
    uint64 len = strlen(argv[argc]) + 1;
    if (argc == MAXARG || sp - base < len + 16)
      return 0;
    sp = (sp - len) & ~15UL;
    if (us_copyout(us, sp, argv[argc], len) < 0)
      return 0;
    uargv[argc] = sp;
  }
  uargv[argc] = 0;
  uint64 bytes = (argc + 1) * sizeof(uint64);
  if (sp - base < bytes + 16)
    return 0;
  sp = (sp - bytes) & ~15UL;
  if (us_copyout(us, sp, uargv, bytes) < 0)
    return 0;
  *argcp = argc;
  return sp;
}

/* path and argv are kernel strings.  Returns argc (the new a0), or -1. */
int
exec(char *path, char **argv)
{
  struct proc *p = myproc();
  struct uspace us = { 0 }, old;
  struct elf_header eh;
  struct inode *ip;
  int argc = 0;
  uint64 sp;

  log_begin();
  if ((ip = path_lookup(path)) == 0) {
    log_end();
    return -1;
  }
  inode_lock(ip);
  if (inode_read(ip, 0, (uint64)&eh, 0, sizeof eh) != sizeof eh ||
      eh.magic != ELF_MAGIC || eh.class != ELFCLASS64 || eh.data != ELFDATA2LSB ||
      eh.type != ET_EXEC || eh.machine != EM_RISCV ||
      us_create(&us, (uint64)p->tf) < 0 || exec_segments(&us, ip, &eh) < 0) {
    inode_unlockput(ip);
    log_end();
    us_destroy(&us);
    return -1;
  }
  inode_unlockput(ip);
  log_end();

  if ((sp = exec_stack(&us, argv, &argc)) == 0) {
    us_destroy(&us);
    return -1;
  }

  /* Commit: from here on nothing can fail. */
  const char *last = path;
  for (const char *s = path; *s; s++)
    if (*s == '/')
      last = s + 1;
  strcopy(p->name, last, sizeof p->name);
  old = p->us;
  p->us = us;
  p->tf->epc = eh.entry;
  p->tf->x[2] = sp;
  p->tf->x[11] = sp;          /* argv */
  memset(p->tf->f, 0, sizeof p->tf->f);
  p->tf->fcsr = 0;
  p->fp_hart = 0;             /* reload the cleared FP state */
  us_destroy(&old);
  return argc;
}
