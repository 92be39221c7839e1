/* Kernel-internal interfaces: one line per function other subsystems call.
 * Each group names the file that implements it.  Structures are declared
 * in the subsystem's own header (core/proc.h, core/lock.h, fs/file.h, ...). */
#ifndef KERNEL_DEFS_H
#define KERNEL_DEFS_H

#include "kernel/types.h"
#include "kernel/riscv.h"

struct buf;
struct context;
struct cpu;
struct file;
struct inode;
struct memstat;
struct mirror_pair;
struct pagemap;
struct pairtab;
struct pipe;
struct proc;
struct spinlock;
struct sleeplock;
struct stat;
struct superblock;
struct trapframe;
struct uspace;

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* core/printf.c */
void   kprintf(const char *fmt, ...);
void   panic(const char *msg) __attribute__((noreturn));
struct ratelimit {            /* a class of rate-limited console lines */
  const char *name;
  int started, tokens;
  uint last;                  /* tick up to which tokens were earned */
  uint64 held;                /* lines held back since the last printed */
};
#define RATELIMIT(n) { .name = (n) }
int    kratelimit(struct ratelimit *rl);   /* 1: print the line now */
void   printf_init(void);

/* core/string.c */
void  *memset(void *dst, int c, uint64 n);
void  *memmove(void *dst, const void *src, uint64 n);
void  *memcpy(void *dst, const void *src, uint64 n);
int    memcmp(const void *a, const void *b, uint64 n);
int    strncmp(const char *a, const char *b, uint64 n);
char  *strncpy(char *dst, const char *src, int n);
char  *strcopy(char *dst, const char *src, int n);  /* at most n-1 chars, always NUL-terminated */
int    strlen(const char *s);

/* core/spinlock.c -- struct spinlock in core/lock.h */
void   spin_init(struct spinlock *lk, const char *name);
void   spin_lock(struct spinlock *lk);
void   spin_unlock(struct spinlock *lk);
int    spin_holding(struct spinlock *lk);
void   spin_assert_none(const char *who);   /* panic if this hart holds one */
void   intr_push(void);   /* nestable interrupt disable */
void   intr_pop(void);

/* core/sleeplock.c -- struct sleeplock in core/lock.h */
void   sleeplock_init(struct sleeplock *lk, const char *name);
void   sleeplock_acquire(struct sleeplock *lk);
void   sleeplock_release(struct sleeplock *lk);
int    sleeplock_holding(struct sleeplock *lk);

/* core/proc.c -- struct proc, struct cpu in core/proc.h */
/* The hart number lives in sscratch while the kernel runs (start.c sets it,
 * uservec puts it back), so tp is free: the scratch register of mirrorbt's
 * translation (docs/kernel-mirror.md, "Translating the kernel"). */
static inline int cpuid(void) { return csr_read(sscratch); }
struct proc *myproc(void);
void   proc_init(void);
void   user_init(void);
void   scheduler(void) __attribute__((noreturn));
void   yield(void);
void   sleep_on(void *chan, struct spinlock *lk);  /* lk held; re-held on return */
void   wakeup(void *chan);
int    proc_kill(int pid);
int    proc_killed(struct proc *p);
int    proc_is_init(struct proc *p);
void   proc_setkilled(struct proc *p);
void   proc_exit(int status) __attribute__((noreturn));
int    proc_fork(void);
int    proc_wait(uint64 status_addr);
struct proc *proc_lock_space(int pid, int stop);   /* pagemap, mdiff, scrub */
void   proc_unlock_space(struct proc *p, int stop);
uint64 proc_trapframe_pa(struct proc *p);
int    proc_own_lose(int pid, int own);            /* faultinj FI_KERNEL|FI_STACK, FI_TRAPFRAME */
int    proc_pids(int *pids, int only);
void   proc_each_space(void (*fn)(struct proc *p, void *arg), void *arg, int stop);
void   proc_stop(struct proc *p);       /* no user code until proc_resume */
void   proc_resume(struct proc *p);
void   proc_user_gate(struct proc *p);  /* usertrap_return: waits while stopped */
struct trapframe *proc_user_context(struct proc *p);
void   tlb_shootdown(void);
int    proc_grow(int n);
void   proc_dump(void);
uint64 proc_idle_instret(void);   /* memstat */
/* Copy to/from a user address of the current process (user != 0) or a
 * kernel address (user == 0).  0 on success, -1 on a bad user address. */
int    either_copyout(int user_dst, uint64 dst, const void *src, uint64 len);
int    either_copyin(void *dst, int user_src, uint64 src, uint64 len);

/* core/swtch.S */
void   swtch(struct context *old, struct context *new);

/* core/exec.c */
int    exec(char *path, char **argv);

/* core/syscall.c -- argument fetch for system-call handlers */
void   arg_int(int n, int *ip);
void   arg_addr(int n, uint64 *ap);
int    arg_str(int n, char *buf, int max);   /* length, or -1 */
int    fetch_addr(uint64 addr, uint64 *ip);
int    fetch_str(uint64 addr, char *buf, int max);
void   syscall(void);

/* core/trap.c */
extern uint ticks;
extern struct spinlock tickslock;
void   trap_init(void);
void   trap_init_hart(void);
void   usertrap_return(void);
void   trap_fault_kill(const char *what, uint64 va);   /* kill myproc() */
void   trap_oom(const char *what, uint64 va);   /* out of memory serving va */

/* core/fdt.c -- boot command line from the device tree */
void   fdt_init(uint64 fdt_pa);     /* command line and RAM size */
extern uint64 ram_top;             /* end of the RAM in use (fdt.c) */
const char *bootargs(void);            /* the command line for init */
int    boot_option(const char *name);  /* memv6.NAME given at boot? */

/* mm/kpool.c -- pages of the kernel region (page tables, stacks, pipes) */
void   kpool_init(void);
void  *kpage_alloc(void);          /* zeroed page, or 0 */
void  *kpage_alloc_keep(uint64 keep);  /* the same, only while more than keep stay free */
void   kpage_free(void *pa);
void   kpage_free_zeroed(void *pa);
uint64 kpool_free_count(void);
void   kpool_retire(void *pa);
uint64 kpool_retired_count(void);

/* mm/frame.c -- user frames in banks (frame table) */
void   frame_init(void);
uint64 frame_count(void);             /* user frames in all */
void   frame_span(int bank, uint64 *lo, uint64 *hi);   /* bank -1: all frames */
int    frame_is_user(uint64 pa);
void   frame_twin_set(void *a, void *b);
void  *frame_twin(void *pa);
void  *frame_take(void *apart, uint64 keep);   /* a frame not in apart's bank, bytes undefined */
void  *frame_alloc(void *apart, uint64 keep);  /* zeroed frame not in apart's bank, or 0 */
void  *frame_copy(void *src, void *apart);    /* a copy of src not in apart's bank, or 0 */
int    frame_bank(void *pa);           /* -1 for the zero frame */
void   frame_bank_counts(uint64 *free, uint64 *retired);   /* per bank */
int    frame_hold(int bank, int n);    /* the bankhold test knob */
int    frame_poison(void *pa);         /* injected memory error */
int    frame_poisoned(void *pa);
int    frame_fail_bank(int bank);      /* injected bank failure */
uint64 frame_errors(void);             /* poisons and bank failures so far */
uint64 frame_retired_count(void);
int    frame_free(void *pa);           /* drops a reference; 1 if it was the last */
void   frame_dup(void *pa);            /* adds a reference */
int    frame_refs(void *pa);
void  *frame_zero(void);               /* the shared zero frame, never freed */
int    frame_zero_pair(void *pa[2]);   /* a reference to the zero pair (mirrored spaces), or -1 */
void   frame_zero_pair_renew(void);    /* replace the zero pair if a copy is poisoned */
int    frame_zeroed(void *pa);         /* the zero frame or a frame of the zero pair */
uint64 frame_free_count(void);

/* mm/kvm.c -- the kernel page table */
void   kvm_init(void);
void   kvm_init_hart(void);

/* mm/kmirror.c -- the mirror half a translated kernel's store twins go to */
/* Data the mirror does not follow, in pages of its own (kernel.ld): what
 * machine mode writes (paging off, no twins) and what devices write by DMA. */
#define KNOMIRROR __attribute__((section(".nomirror")))
/* Code a translation leaves as it is (kernel.ld's .text.keep,
 * mirrorbt --keep): its stores have no twins, it may name gp and tp, and
 * machine mode never stops a hart in it (kwin.c). */
#define KKEEP __attribute__((section(".text.keep"), noinline))
extern uint64 kmirror_gp;              /* the kernel's gp: 0 or KMIRROR_OFFSET */
void   kmirror_init(void);             /* hart 0, after kvm_init */
void   kmirror_on(void);               /* every hart, after kvm_init_hart */
void   kmirror_report(void);           /* at power-off: words unlike their mirror */
int    kmirror_has(uint64 va);         /* va's page of data/bss has a mirror */
volatile uint64 *kmirror_of(void *p);  /* the mirror of kernel data at p */
/* mm/kdata.c -- a lost page of data or bss copied back from its mirror */
void   kdata_hart(int h);              /* boot_start, machine mode */
void   kdata_park(void);               /* m_trap: a stop */
int    kdata_fix(uint64 va);           /* m_trap: a fault */
uint64 kdata_remirror_m(uint64 va, uint64 f);   /* m_trap: the kernel's ecall */
uint64 kdata_recovered(void);
int    kdata_lose(int n, int mirror);  /* faultinj FI_KERNEL|FI_DATA */
void   kdata_bank_failed(uint64 lo, uint64 hi);
void   kdata_remirror(void);
int    kdata_pending(void);
void   kdata_resync(void);             /* scheduler loop */
void   kdata_patrol(void);             /* scrub */
void   kdata_memstat(struct memstat *ms);
/* core/kwin.c -- the windows of a translated kernel's store pairs */
int    kwin_form(uint32 in);           /* an instruction of a window, or -1 */
void   kwin_finish(uint64 *x, uint64 sp);   /* kernelvec */

/* mm/page.S: a whole page of user frame or pool, no twins (never data or bss) */
void   page_zero(void *pa);
void   page_copy(void *dst, const void *src);

/* mm/kro.c: the kernel's read-only memory survives memory errors */
void   kro_init(void);
int    kro_fix(uint64 va, int access);   /* machine mode (boot/start.c); access PTE_R/W/X */
int    kro_lost(uint64 va);
int    kro_poison(uint64 va, int level);      /* faultinj FI_KERNEL */
void   kro_bank_failed(uint64 lo, uint64 hi);
int    kro_pending(void);
uint64 kro_recovered(void);                  /* machine mode too (start.c) */
void   kro_resync(void);
void   kro_patrol(void);
uint64 kro_trampoline(void);                 /* the trampoline page's frame now */
void   kro_trampoline_follow(void);
/* Owned pages: page n of a kind (KSTACK(n), KTRAPFRAME(n), KPIPE(n),
 * KBUF(n)), used and lost under its owner's lock (kro.c) */
enum { KRO_STACK, KRO_TRAPFRAME, KRO_PIPE, KRO_BUF, KRO_PAIRS, KRO_NOWN };
uint64 kro_own_use(int n, int kind);
void   kro_own_done(int n, int kind, uint64 from, uint64 to);
void   kro_own_whole(int n, int kind);
void   kro_own_made(int n, int kind, uint64 from, uint64 to);
uint64 kro_own_frame(int n, int kind);
uint64 kro_own_lose(int n, int kind);         /* faultinj FI_KERNEL|FI_STACK, ... */
void   kro_own_wipe(uint64 pa);
void   kro_memstat(struct memstat *ms);

/* mm/ptlost.c */
int    pt_lose(struct uspace *us, uint64 va, int level);  /* faultinj FI_TABLE, us->lock held */
void   pt_rebuild(struct uspace *us);                    /* us->lock held */
int    pt_lose_stops(uint64 va, int level);

/* A zeroed page-table page for the table at level that maps va, or 0. */
typedef void *(*vm_ptalloc)(void *arg, uint64 va, int level);
void  *kvm_ptpage(void *unused, uint64 va, int level);  /* vm_ptalloc for the kernel's table */
int    vm_map(pagetable_t pt, uint64 va, uint64 pa, uint64 size, int perm, vm_ptalloc alloc, void *arg);
pte_t *vm_walk(pagetable_t pt, uint64 va, vm_ptalloc alloc, void *arg);

/* mm/pairs.c -- mirrorbt's pair tables (kernel/mirror.h) */
struct pairtab *pairs_load(struct inode *ip, uint64 off, uint64 n, uint64 lo, uint64 hi,
                           const char **why);
struct pairtab *pairs_share(struct pairtab *t);
int    pairs_window(struct pairtab *t, uint64 pc, struct mirror_pair *e);
void   pairs_put(struct pairtab *t);
void   pairs_forget(uint dev, uint inum);
uint64 pairs_cached_pages(void);
uint64 pairs_free_pages(void);
void   pairs_patrol(void);
int    pairs_lose(struct pairtab *t, uint64 i);      /* faultinj FI_KERNEL|FI_PAIRS */

/* mm/uspace.c -- user address spaces; struct uspace in mm/vm.h */
int    us_create(struct uspace *us, uint64 tf_pa, struct sleeplock *lock);
void   us_trapframe_set(struct uspace *us, uint64 pa);
void   us_trampoline_follow(struct uspace *us);
void   us_set_mirrored(struct uspace *us, struct pairtab *t);
void   us_destroy(struct uspace *us);
void   us_lock(struct uspace *us);
int    us_replace(struct uspace *cur, struct uspace *new, uint64 gen);   /* exec's commit */
int    us_place(struct uspace *us, uint64 va, int perm, int zero, void *pa[2]);   /* exec */
int    us_reserve(struct uspace *us, uint64 newsize);   /* lazy grow (sbrk) */
void   us_shrink(struct uspace *us, uint64 newsize);
int    us_fork(struct uspace *dst, struct uspace *src);
void   us_memstat(struct memstat *ms);
int    us_pagemap(struct uspace *us, uint64 va, struct pagemap *buf, int max);  /* us->lock held */

/* mm/fault.c -- the page-fault resolver, the kernel's door (enum us_fault) */
int    us_resolve(struct uspace *us, uint64 va, int access, struct trapframe *tf);
int    us_copy(struct uspace *us, uint64 va, void *kbuf, uint64 len, int access, uint64 *where);
int    us_copystr(struct uspace *us, char *dst, uint64 src, uint64 max, uint64 *where);

/* mm/recover.c -- memory errors; us->lock held */
void   rec_poison(struct uspace *us, uint64 lo, uint64 hi);
void   rec_inject_begin(void);
void   rec_inject_end(void);
int    rec_injecting(void);
int    rec_rebuild(struct uspace *us, struct trapframe *tf);
void  *rec_frame(struct uspace *us, uint64 va, int mirror);
int    rec_differs(struct uspace *us, uint64 va);
int    rec_diff(struct uspace *us, uint64 *from, int steps, uint64 *vas, int max);
int    rec_sync_mirror(struct uspace *us, uint64 va);

/* core/uaccess.c -- system calls' access to the caller's memory */
int    user_write(uint64 dst, const void *src, uint64 len);
int    user_read(void *dst, uint64 src, uint64 len);
int    user_readstr(char *dst, uint64 src, uint64 max);

/* dev/uart.c */
void   uart_init(void);
void   uart_putc(int c);        /* interrupt-driven, may sleep */
void   uart_putc_sync(int c);   /* spins; for kprintf and echo */
void   uart_intr(void);
void   uart_rx_enable(int on);

/* dev/console.c */
void   console_init(void);
void   console_intr(int c);
int    console_room(void);

/* dev/mmio.c: the only writes of device registers */
void   mmio_write8(uint64 reg, uchar v);
void   mmio_write32(uint64 reg, uint32 v);

/* dev/plic.c */
void   plic_init(void);
void   plic_init_hart(void);
int    plic_claim(void);
void   plic_complete(int irq);

/* dev/power.c -- QEMU virt test device */
#define PANIC_STATUS 250   /* QEMU's exit status after a kernel panic */
void   machine_poweroff(int status) __attribute__((noreturn));

/* dev/virtio_blk.c */
void   virtio_blk_init(void);
void   virtio_blk_rw(struct buf *b, int write);
void   virtio_blk_write(struct buf **bs, uint to, int n);  /* batch, all in flight */
void   virtio_blk_intr(void);
void   virtio_blk_crash_after(int n);  /* fscrash: power off after n writes; 0 disarms */

/* fs/bio.c -- buffer cache; struct buf in fs/buf.h */
void   bcache_init(void);
struct buf *buf_read(uint dev, uint blockno);
struct buf *buf_claim(uint dev, uint blockno);  /* no disk read: caller overwrites it all */
void   buf_write(struct buf *b);
void   buf_release(struct buf *b);
void   buf_pin(struct buf *b);
void   buf_unpin(struct buf *b);
uint64 buf_frame(struct buf *b);
int    buf_lose(uint64 n);
void   buf_patrol(void);                      /* faultinj FI_KERNEL|FI_BUF */

/* fs/log.c -- write-ahead log */
void   log_init(int dev, struct superblock *sb);
void   log_begin(void);
void   log_end(void);
void   log_write(struct buf *b);
int    log_holds(uint dev, uint blockno);
int    log_some_block(uint dev);

/* fs/fs.c -- inodes, directories, path names; struct inode in fs/file.h */
void   fs_init(int dev);            /* from the first process: it sleeps */
void   inode_cache_init(void);
struct inode *inode_dup(struct inode *ip);
void   inode_lock(struct inode *ip);
void   inode_unlock(struct inode *ip);
void   inode_put(struct inode *ip);
void   inode_unlockput(struct inode *ip);
int    inode_read(struct inode *ip, int user_dst, uint64 dst, uint64 off, uint n);
int    inode_write(struct inode *ip, int user_src, uint64 src, uint64 off, uint n);
void   inode_stat(struct inode *ip, struct stat *st);
struct inode *path_lookup(const char *path);
struct inode *path_parent(const char *path, char *name);
struct inode *inode_alloc(uint dev, short type);   /* 0 if none free */
void   inode_update(struct inode *ip);
void   inode_trunc(struct inode *ip);
int    name_eq(const char *a, const char *b);
struct inode *dir_lookup(struct inode *dp, const char *name, uint *poff);
int    dir_link(struct inode *dp, const char *name, uint inum);

/* fs/file.c -- open files; struct file and devsw in fs/file.h */
void   file_init(void);
struct file *file_alloc(void);
struct file *file_dup(struct file *f);
void   file_close(struct file *f);
int    file_stat(struct file *f, uint64 addr);
int    file_read(struct file *f, uint64 addr, int n);
int    file_write(struct file *f, uint64 addr, int n);
long   file_seek(struct file *f, long off, int whence);

/* fs/pipe.c */
void   pipe_init(void);
int    pipe_alloc(struct file **rf, struct file **wf);
int    pipe_lose(int fd);                    /* faultinj FI_KERNEL|FI_PIPE */
void   pipe_patrol(void);
void   pipe_close(struct pipe *pi, int writable);
int    pipe_read(struct pipe *pi, uint64 addr, int n);
int    pipe_write(struct pipe *pi, uint64 addr, int n);

#endif
