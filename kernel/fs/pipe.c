/* Pipes: a byte ring in one kernel page, shared by a read file and a
 * write file.
 *
 * Lock rules: pi->lock guards everything in the pipe.  Readers sleep on
 * &pi->nread for data, writers on &pi->nwrite for room.  The copy to or
 * from user memory may fault (copy-on-write, a lazy page), and the fault
 * path must not run under a spinlock, so it happens with pi->lock
 * dropped: a writer first claims the write side (pi->writing), then
 * fills free ring space at nwrite, which no reader looks at, and moves
 * nwrite after the copy; a reader claims the read side (pi->reading),
 * copies out buffered bytes at nread, which no writer overwrites, and
 * moves nread after the copy.  So a bad user address loses no byte, and
 * the bytes of one write() are never interleaved with another's. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"
#include "kernel/fs/file.h"

struct pipe {
  struct spinlock lock;
  uint64 nread;       /* bytes read so far; never wraps */
  uint64 nwrite;      /* bytes written so far; nwrite - nread are buffered */
  int readopen;       /* the read end is still open */
  int writeopen;
  int reading;        /* a reader is copying out (one at a time) */
  int writing;        /* a writer is copying in (one at a time) */
  uchar data[];       /* the rest of the page */
};

#define PIPESIZE (PGSIZE - sizeof(struct pipe))

/* A pipe and its two files; 0, or -1 when memory or file slots run out. */
int
pipe_alloc(struct file **rf, struct file **wf)
{
  struct pipe *pi = 0;

  *rf = *wf = 0;
  if((*rf = file_alloc()) == 0 || (*wf = file_alloc()) == 0 ||
     (pi = kpage_alloc()) == 0) {
    if(*rf)
      file_close(*rf);
    if(*wf)
      file_close(*wf);
    return -1;
  }
  spin_init(&pi->lock, "pipe");
  pi->readopen = pi->writeopen = 1;
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
  if(gone)
    kpage_free(pi);
}

/* The contiguous run of the ring starting at counter value pos, at most
 * n bytes. */
static uint64
ring_run(uint64 pos, uint64 n)
{
  uint64 room = PIPESIZE - pos % PIPESIZE;
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
    uint64 pos = pi->nwrite;
    uint64 m = ring_run(pos, n - done < room ? n - done : room);
    spin_unlock(&pi->lock);
    int bad = either_copyin(pi->data + pos % PIPESIZE, 1, addr + done, m) != 0;
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
    uint64 pos = pi->nread, avail = pi->nwrite - pi->nread;
    uint64 m = ring_run(pos, n - done < avail ? n - done : avail);
    spin_unlock(&pi->lock);
    int bad = either_copyout(1, addr + done, pi->data + pos % PIPESIZE, m) != 0;
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
