/* exec: replace the current process's memory with a static ELF64 program.
 *
 * A program that mirrorbt translated carries its mark, a note in a
 * PT_NOTE segment (kernel/mirror.h): it runs mirrored (mm/uspace.c), with
 * its pair table loaded into kernel memory.  A mark for offset 0 runs
 * unmirrored (the translator's --offset 0 check); one for another
 * offset, a mark of another mirrorbt version (another pair table
 * format), or a malformed mark or pair table, fails the exec with a
 * console line saying why: a program never runs half-mirrored.
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
#include "kernel/mirror.h"
#include "kernel/fs/file.h"
#include "kernel/core/proc.h"
#include "kernel/mm/vm.h"

static int
elf_perm(uint32 flags)
{
  return PTE_R | (flags & PF_W ? PTE_W : 0) | (flags & PF_X ? PTE_X : 0);
}

/* Map the segment's pages [va, va + memsz) into the new image us with
 * perm, the first filesz bytes read from ip (locked) at off straight into
 * the native copy's frame -- one pass through the buffer cache -- and
 * the mirror's frame copied from it at once (no process can reach either
 * yet: us_replace checks them for memory errors before the swap); only
 * the rest of a page is zeroed.  The size moves first, so that a load
 * that fails half way leaves no page at or above it (the rule us_free
 * relies on: uspace.c).  0, or -1. */
static int
exec_load(struct uspace *us, struct inode *ip, uint64 va, uint64 off, uint64 filesz,
          uint64 memsz, int perm)
{
  us->size = va + memsz;
  for (uint64 done = 0; done < memsz; done += PGSIZE) {
    uint64 n = filesz > done ? filesz - done : 0;
    void *pa[2];
    if (n > PGSIZE)
      n = PGSIZE;
    if (us_place(us, va + done, perm, n < PGSIZE, pa) < 0)
      return -1;
    if (n > 0 && inode_read(ip, 0, (uint64)pa[0], off + done, n) != n)
      return -1;
    if (n > 0 && pa[1])
      memmove(pa[1], pa[0], n);
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

/* The program header table of the file exec loads, read PH_CHUNK
 * entries at a time: exec looks at every entry twice (the mark, then
 * the segments), and programs have no more than PH_CHUNK of them (ours
 * have 3 or 4), so the table is read once, in one pass through the
 * buffer cache. */
#define PH_CHUNK 8
struct phtab {
  struct inode *ip;
  struct elf_header *eh;        /* its table was checked: exec_header_ok */
  struct elf_phdr ph[PH_CHUNK];
  int first, n;                 /* ph holds entries [first, first + n) */
};

/* Program header i of the table (i < phnum), or 0 if it cannot be read. */
static struct elf_phdr *
exec_phdr(struct phtab *t, int i)
{
  if (i < t->first || i >= t->first + t->n) {
    int n = t->eh->phnum - i < PH_CHUNK ? t->eh->phnum - i : PH_CHUNK;
    uint64 bytes = n * sizeof t->ph[0];
    t->n = 0;
    if (inode_read(t->ip, 0, (uint64)t->ph, t->eh->phoff + i * sizeof t->ph[0], bytes) != bytes)
      return 0;
    t->first = i;
    t->n = n;
  }
  return &t->ph[i - t->first];
}

/* Search the notes of segment ph for mirrorbt's mark: 1 and the mark in
 * *mn, 0 if there is none, -1 if the notes or the mark are malformed, -2
 * if the mark is of another mirrorbt version (a descriptor of another
 * size, or another version in it: its pair table has another format).
 * Only the first NOTE_SEARCH bytes of a segment are searched.  Each note
 * is read once, as much of it as a mark fills (NOTE_MARK bytes: header,
 * name, descriptor), in one pass through the buffer cache. */
#define NOTE_SEARCH 4096
#define NOTE_ALIGN(n) (((uint64)(n) + 3) & ~3UL)
#define NOTE_NAME_AT sizeof(struct elf_note)
#define NOTE_DESC_AT (NOTE_NAME_AT + NOTE_ALIGN(sizeof MIRROR_NOTE_NAME))
#define NOTE_MARK    (NOTE_DESC_AT + sizeof(struct mirror_note))
static int
exec_note(struct inode *ip, struct elf_phdr *ph, struct mirror_note *mn)
{
  char note[NOTE_MARK];
  struct elf_note h;
  uint64 end = ph->filesz < NOTE_SEARCH ? ph->filesz : NOTE_SEARCH;

  if (!in_file(ip, ph->off, end))
    return -1;
  for (uint64 at = 0; at + NOTE_NAME_AT <= end; ) {
    uint64 n = ph->filesz - at < sizeof note ? ph->filesz - at : sizeof note;
    if (inode_read(ip, 0, (uint64)note, ph->off + at, n) != n)
      return -1;
    memmove(&h, note, sizeof h);
    uint64 next = at + NOTE_NAME_AT + NOTE_ALIGN(h.namesz) + NOTE_ALIGN(h.descsz);
    if (next > ph->filesz)      /* so a mark found was read whole */
      return -1;
    if (h.namesz == sizeof MIRROR_NOTE_NAME && h.type == MIRROR_NOTE_TYPE &&
        memcmp(note + NOTE_NAME_AT, MIRROR_NOTE_NAME, sizeof MIRROR_NOTE_NAME) == 0) {
      if (h.descsz != sizeof *mn)
        return -2;
      memmove(mn, note + NOTE_DESC_AT, sizeof *mn);
      return mn->version == MIRROR_NOTE_VERSION ? 1 : -2;
    }
    at = next;
  }
  return 0;
}

/* Read mirrorbt's mark, if ip has one: 0 with *tp the program's pair
 * table (checked against its executable segments), or 0 when unmarked
 * or marked for offset 0 (mirrorbt's own check: its mirror writes land
 * on the native address, so it runs unmirrored, like the original);
 * -1, with a console line naming path and the reason, when the mark is
 * for another offset or of another mirrorbt version, or the mark or its
 * table is malformed. */
static int
exec_mark(struct phtab *t, const char *path, struct pairtab **tp)
{
  struct elf_phdr *ph;
  struct mirror_note mn;
  uint64 lo = ~0UL, hi = 0;
  const char *why;
  int found = 0;

  *tp = 0;
  for (int i = 0; i < t->eh->phnum && found >= 0; i++) {
    if ((ph = exec_phdr(t, i)) == 0)
      return -1;
    if (ph->type == PT_LOAD && (ph->flags & PF_X)) {
      lo = ph->vaddr < lo ? ph->vaddr : lo;
      hi = ph->vaddr + ph->memsz > hi ? ph->vaddr + ph->memsz : hi;
    } else if (ph->type == PT_NOTE && found == 0) {
      found = exec_note(t->ip, ph, &mn);
    }
  }
  if (found == -2) {
    kprintf("exec: %s: mirror mark of another mirrorbt version\n", path);
    return -1;
  }
  if (found < 0) {
    kprintf("exec: %s: malformed mirror mark\n", path);
    return -1;
  }
  if (found == 0 || mn.offset == 0)
    return 0;       /* unmarked, or translated for offset 0: runs unmirrored */
  if (mn.offset != MIRROR_OFFSET) {
    kprintf("exec: %s: translated for mirror offset 0x%lx, this kernel mirrors at 0x%lx\n",
            path, mn.offset, MIRROR_OFFSET);
    return -1;
  }
  if ((*tp = pairs_load(t->ip, mn.pairs_off, mn.npairs, lo, hi, &why)) == 0) {
    kprintf("exec: %s: %s\n", path, why);
    return -1;
  }
  return 0;
}

/* Map and fill the PT_LOAD segments of ip into us.  0, or -1.  Each
 * segment's file bytes must lie inside the file (a segment with none,
 * all bss, may have any p_offset), and each segment inside the user
 * limit, above the last. */
static int
exec_segments(struct uspace *us, struct phtab *t)
{
  struct elf_phdr *ph;

  for (int i = 0; i < t->eh->phnum; i++) {
    if ((ph = exec_phdr(t, i)) == 0)
      return -1;
    if (ph->type != PT_LOAD)
      continue;
    if (ph->memsz < ph->filesz || (ph->filesz > 0 && !in_file(t->ip, ph->off, ph->filesz)) ||
        ph->vaddr % PGSIZE != 0 || ph->vaddr < PGROUNDUP(us->size) ||
        ph->vaddr + ph->memsz < ph->vaddr || ph->vaddr + ph->memsz > MIRROR_LIMIT)
      return -1;
    /* any gap below stays unmapped */
    if (exec_load(us, t->ip, ph->vaddr, ph->off, ph->filesz, ph->memsz, elf_perm(ph->flags)) < 0)
      return -1;
  }
  return 0;
}

/* The ELF header eh of ip is one exec runs: a RISC-V ELF64 executable
 * whose program header table lies inside the file. */
static int
exec_header_ok(struct inode *ip, struct elf_header *eh)
{
  return inode_read(ip, 0, (uint64)eh, 0, sizeof *eh) == sizeof *eh &&
         eh->magic == ELF_MAGIC && eh->class == ELFCLASS64 && eh->data == ELFDATA2LSB &&
         eh->type == ET_EXEC && eh->machine == EM_RISCV &&
         eh->phentsize == sizeof(struct elf_phdr) &&
         in_file(ip, eh->phoff, (uint64)eh->phnum * sizeof(struct elf_phdr));
}

/* Build p's new address space us from ip (locked): header, mark,
 * segments.  0, or -1 (us may then hold part of the image). */
static int
exec_image(struct proc *p, struct inode *ip, const char *path, struct elf_header *eh,
           struct uspace *us)
{
  struct phtab t = { .ip = ip, .eh = eh };
  struct pairtab *pairs;

  if (!exec_header_ok(ip, eh) || exec_mark(&t, path, &pairs) < 0)
    return -1;
  if (us_create(us, proc_trapframe_pa(p), &p->memlock) < 0) {
    if (pairs)
      pairs_put(pairs);
    return -1;
  }
  if (pairs)
    us_set_mirrored(us, pairs);
  return exec_segments(us, &t);
}

/* Guard page, stack, arguments.  The stack's pages are filled on first
 * touch, as the heap's: the arguments' page at once, the rest when the
 * program reaches them.  The user sp, or 0 on failure. */
static uint64
exec_stack(struct uspace *us, char **argv, int *argcp)
{
  uint64 uargv[MAXARG + 1], bad;
  int argc;

  us->size = PGROUNDUP(us->size) + PGSIZE;            /* the guard page */
  uint64 base = us->lazy = us->size;
  if (us_reserve(us, base + USERSTACK * PGSIZE) < 0)
    return 0;
  us->heap = us->size;
  uint64 sp = us->size;
  for (argc = 0; argv[argc]; argc++) {
    uint64 len = strlen(argv[argc]) + 1;
    if (argc == MAXARG || sp - base < len + 16)
      return 0;
    sp = (sp - len) & ~15UL;
    if (us_copy(us, sp, argv[argc], len, US_WRITE, &bad) != US_RESOLVED)
      return 0;
    uargv[argc] = sp;
  }
  uargv[argc] = 0;
  uint64 bytes = (argc + 1) * sizeof(uint64);
  if (sp - base < bytes + 16)
    return 0;
  sp = (sp - bytes) & ~15UL;
  if (us_copy(us, sp, uargv, bytes, US_WRITE, &bad) != US_RESOLVED)
    return 0;
  *argcp = argc;
  return sp;
}

/* path and argv are kernel strings.  Returns argc (the new a0), or -1. */
int
exec(char *path, char **argv)
{
  struct proc *p = myproc();
  struct uspace us = { 0 };
  struct elf_header eh;
  struct inode *ip;
  int argc = 0;
  uint64 sp;

  uint64 gen = frame_errors();       /* us_replace: errors meanwhile? */

  log_begin();
  if ((ip = path_lookup(path)) == 0) {
    log_end();
    return -1;
  }
  inode_lock(ip);
  if (exec_image(p, ip, path, &eh, &us) < 0) {
    inode_unlockput(ip);
    log_end();
    us_destroy(&us);
    return -1;
  }
  inode_unlockput(ip);
  log_end();

  if ((sp = exec_stack(&us, argv, &argc)) == 0 || us_replace(&p->us, &us, gen) < 0) {
    us_destroy(&us);
    return -1;
  }

  /* Committed: the new image is the process's. */
  const char *last = path;
  for (const char *s = path; *s; s++)
    if (*s == '/')
      last = s + 1;
  strcopy(p->name, last, sizeof p->name);
  p->tf->epc = eh.entry;
  p->tf->x[2] = sp;
  p->tf->x[11] = sp;          /* argv */
  memset(p->tf->f, 0, sizeof p->tf->f);
  p->tf->fcsr = 0;
  p->fp_hart = 0;             /* reload the cleared FP state */
  return argc;
}
