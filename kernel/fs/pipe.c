/* Pipes: a byte ring in a kernel page of its own, shared by a read file
 * and a write file.
 *
 * The pipe's state (struct pipe) is in a fixed table, NPIPE slots; pipe
 * n's ring is the owned page at KPIPE(n), made at boot for good (mm/kro.c):
 * kro keeps a snapshot of it, so a ring lost to a memory error while
 * nobody copies in or out of it is made again, bytes and all, before the
 * next copy.  Every copy is a use of the page: pipe_use counts the copier
 * in, pipe_done counts it out, a writer's bytes going to the snapshot.
 * Nothing else is in the page: its lock, counters and flags stay here,
 * so a lost ring costs no lock word.
 *
 * Lock rules: pi->lock guards everything in struct pipe.  Readers sleep
 * on &pi->nread for data, writers on &pi->nwrite for room.  The copy to
 * or from user memory may fault (copy-on-write, a lazy page), and the
 * fault path must not run under a spinlock, so it happens with pi->lock
 * dropped: a writer first claims the write side (pi->writing), then
 * fills free ring space at nwrite, which no reader looks at, and moves
 * nwrite after the copy; a reader claims the read side (pi->reading),
 * copies out buffered bytes at nread, which no writer overwrites, and
 * moves nread after the copy.  So a bad user address loses no byte, and
 * the bytes of one write() are never interleaved with another's.  The
 * injector (pipe_lose) sets pi->losing while it loses the ring; a copier
 * waits for it before its use.  pipes_lock guards the slots' used flags. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/fs/file.h"
#include "kernel/core/proc.h"

struct pipe {
  struct spinlock lock;
  uint64 nread;       /* bytes read so far; never wraps */
  uint64 nwrite;      /* bytes written so far; nwrite - nread are buffered */
  int readopen;       /* the read end is still open */
  int writeopen;
  int reading;        /* a reader is copying out (one at a time) */
  int writing;        /* a writer is copying in (one at a time) */
  int losing;         /* the injector is losing the ring: copiers wait */
  int used;           /* the slot is taken (pipes_lock) */
  uchar *data;        /* the ring: KPIPE(slot) */
};

#define PIPESIZE PGSIZE

static struct pipe pipes[NPIPE];
static struct spinlock pipes_lock = { .name = "pipes" };

void
pipe_init(void)
{
  for(int n = 0; n < NPIPE; n++) {
    spin_init(&pipes[n].lock, "pipe");
    pipes[n].data = (uchar *)KPIPE(n);
  }
}

/* A free slot, reset and marked used; 0 if all are taken. */
static struct pipe *
pipe_take(void)
{
  struct pipe *pi;

  spin_lock(&pipes_lock);
  for(pi = pipes; pi < pipes + NPIPE && pi->used; pi++)
    ;
  if(pi < pipes + NPIPE) {
    pi->used = 1;
    pi->nread = pi->nwrite = 0;
    pi->readopen = pi->writeopen = 1;
  }
  spin_unlock(&pipes_lock);
  return pi < pipes + NPIPE ? pi : 0;
}

/* A pipe and its two files; 0, or -1 when file or pipe slots run out. */
int
pipe_alloc(struct file **rf, struct file **wf)
{
  struct pipe *pi = 0;

  *rf = *wf = 0;
  if((*rf = file_alloc()) == 0 || (*wf = file_alloc()) == 0 ||
     (pi = pipe_take()) == 0) {
    if(*rf)
      file_close(*rf);
    if(*wf)
      file_close(*wf);
    return -1;
  }
  (*rf)->kind = FD_PIPE;
  (*rf)->readable = 1;
  (*rf)->writable = 0;
  (*rf)->pipe = pi;
  (*wf)->kind = FD_PIPE;
  (*wf)->readable = 0;
  (*wf)->writable = 1;
  (*wf)->pipe = pi;
  return 0;
}

void
pipe_close(struct pipe *pi, int writable)
{
  spin_lock(&pi->lock);
  if(writable) {
    pi->writeopen = 0;
    wakeup(&pi->nread);
  } else {
    pi->readopen = 0;
    wakeup(&pi->nwrite);
  }
  int gone = !pi->readopen && !pi->writeopen;
  spin_unlock(&pi->lock);
  if(gone) {
    spin_lock(&pipes_lock);
    pi->used = 0;
    spin_unlock(&pipes_lock);
  }
}

/* The contiguous run of the ring starting at offset at, at most n
 * bytes. */
static uint64
ring_run(uint64 at, uint64 n)
{
  uint64 room = PIPESIZE - at;
  return n < room ? n : room;
}

/* Claim one side of the pipe (&pi->reading or &pi->writing), sleeping
 * while another process holds it.  0, or -1 if the caller is killed.
 * pi->lock held. */
static int
pipe_claim(struct pipe *pi, int *side)
{
  while (*side) {
    if(proc_killed(myproc()))
      return -1;
    sleep_on(side, &pi->lock);
  }
  *side = 1;
  return 0;
}

static void
pipe_unclaim(int *side)
{
  *side = 0;
  wakeup(side);
}

/* The ring is used by a copy from now on (made again first if it was
 * lost), once the injector is done with it.  pi->lock held; a wait for
 * the injector drops it, which leaves the caller's run valid: only the
 * other side's counter moves meanwhile, giving it more room or bytes. */
static void
pipe_use(struct pipe *pi)
{
  while(pi->losing)
    sleep_on(&pi->losing, &pi->lock);
  kro_own_use(pi - pipes, KRO_PIPE);
}

/* The copy that used the ring is over; it wrote [from, to) of it (a
 * reader: nothing), which goes to the snapshot. */
static void
pipe_done(struct pipe *pi, uint64 from, uint64 to)
{
  kro_own_done(pi - pipes, KRO_PIPE, from, to);
}

/* Write n bytes from user address addr, sleeping while the pipe is full.
 * n, or -1 if the read end is closed, the caller is killed, or addr is
 * bad (bytes before a bad address stay in the pipe). */
int
pipe_write(struct pipe *pi, uint64 addr, int n)
{
  int done = 0;

  spin_lock(&pi->lock);
  if(pipe_claim(pi, &pi->writing) < 0) {
    spin_unlock(&pi->lock);
    return -1;
  }
  while(done < n) {
    if(!pi->readopen || proc_killed(myproc())) {
      done = -1;
      break;
    }
    uint64 room = PIPESIZE - (pi->nwrite - pi->nread);
    if(room == 0) {
      wakeup(&pi->nread);
      sleep_on(&pi->nwrite, &pi->lock);
      continue;
    }
    uint64 at = pi->nwrite % PIPESIZE;
    uint64 m = ring_run(at, n - done < room ? n - done : room);
    pipe_use(pi);
    spin_unlock(&pi->lock);
    int bad = either_copyin(pi->data + at, 1, addr + done, m) != 0;
    pipe_done(pi, at, at + m);
    spin_lock(&pi->lock);
    if(bad) {
      done = -1;
      break;
    }
    pi->nwrite += m;
    done += m;
    wakeup(&pi->nread);
  }
  pipe_unclaim(&pi->writing);
  wakeup(&pi->nread);
  spin_unlock(&pi->lock);
  return done;
}

/* Read up to n bytes into user address addr, sleeping while the pipe is
 * empty and a writer exists.  Bytes read (0 at end of file), or -1. */
int
pipe_read(struct pipe *pi, uint64 addr, int n)
{
  int done = 0;

  spin_lock(&pi->lock);
  if(pipe_claim(pi, &pi->reading) < 0) {
    spin_unlock(&pi->lock);
    return -1;
  }
  while(pi->nread == pi->nwrite && pi->writeopen) {
    if(proc_killed(myproc())) {
      done = -1;
      break;
    }
    sleep_on(&pi->nread, &pi->lock);
  }
  while(done >= 0 && done < n && pi->nread != pi->nwrite) {
    uint64 at = pi->nread % PIPESIZE, avail = pi->nwrite - pi->nread;
    uint64 m = ring_run(at, n - done < avail ? n - done : avail);
    pipe_use(pi);
    spin_unlock(&pi->lock);
    int bad = either_copyout(1, addr + done, pi->data + at, m) != 0;
    pipe_done(pi, 0, 0);
    spin_lock(&pi->lock);
    if(bad) {
      done = -1;
      break;
    }
    pi->nread += m;
    done += m;
  }
  pipe_unclaim(&pi->reading);
  wakeup(&pi->nwrite);
  spin_unlock(&pi->lock);
  return done;
}

/* scrub's patrol: every ring is used once, so that one lost while no
 * copy used it comes back now, not at the next copy. */
void
pipe_patrol(void)
{
  for(struct pipe *pi = pipes; pi < pipes + NPIPE; pi++) {
    spin_lock(&pi->lock);
    pipe_use(pi);
    spin_unlock(&pi->lock);
    pipe_done(pi, 0, 0);
  }
}

/* faultinj FI_KERNEL|FI_PIPE: lose the ring of the pipe behind the
 * caller's file descriptor fd while no copy uses it, and destroy its
 * bytes; the next copy finds it made again from its snapshot.  0, or -1
 * if fd is no pipe, or the ring is in use or lost already. */
int
pipe_lose(int fd)
{
  struct file *f = fd >= 0 && fd < NOFILE ? myproc()->ofile[fd] : 0;
  struct pipe *pi;
  uint64 lost;

  if(f == 0 || f->kind != FD_PIPE)
    return -1;
  pi = f->pipe;
  spin_lock(&pi->lock);
  if(pi->losing) {
    spin_unlock(&pi->lock);
    return -1;
  }
  pi->losing = 1;
  spin_unlock(&pi->lock);
  if((lost = kro_own_lose(pi - pipes, KRO_PIPE)) != 0)
    kro_own_wipe(lost);
  spin_lock(&pi->lock);
  pi->losing = 0;
  wakeup(&pi->losing);
  spin_unlock(&pi->lock);
  return lost ? 0 : -1;
}
