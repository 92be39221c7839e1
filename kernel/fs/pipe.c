/* Pipes: a byte ring in one kernel page, shared by a read file and a
 * write file.
 *
 * Lock rules: pi->lock guards everything in the pipe.  Readers sleep on
 * &pi->nread for data, writers on &pi->nwrite for room.  The copy to or
 * from user memory happens with pi->lock held and the counters move only
 * after it succeeds, so a bad user address loses no byte. */
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

/* Write n bytes from user address addr, sleeping while the pipe is full.
 * n, or -1 if the read end is closed, the caller is killed, or addr is
 * bad (bytes before a bad address stay in the pipe). */
int
pipe_write(struct pipe *pi, uint64 addr, int n)
{
  int done = 0;

  spin_lock(&pi->lock);
  while(done < n) {
    if(!pi->readopen || proc_killed(myproc())) {
      spin_unlock(&pi->lock);
      return -1;
    }
    uint64 room = PIPESIZE - (pi->nwrite - pi->nread);
    if(room == 0) {
      wakeup(&pi->nread);
      sleep_on(&pi->nwrite, &pi->lock);
      continue;
    }
    uint64 m = ring_run(pi->nwrite, n - done < room ? n - done : room);
    if(either_copyin(pi->data + pi->nwrite % PIPESIZE, 1, addr + done, m) != 0) {
      done = -1;
      break;
    }
    pi->nwrite += m;
    done += m;
  }
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
  while(pi->nread == pi->nwrite && pi->writeopen) {
    if(proc_killed(myproc())) {
      spin_unlock(&pi->lock);
      return -1;
    }
    sleep_on(&pi->nread, &pi->lock);
  }
  while(done < n && pi->nread != pi->nwrite) {
    uint64 avail = pi->nwrite - pi->nread;
    uint64 m = ring_run(pi->nread, n - done < avail ? n - done : avail);
    if(either_copyout(1, addr + done, pi->data + pi->nread % PIPESIZE, m) != 0) {
      done = -1;
      break;
    }
    pi->nread += m;
    done += m;
  }
  wakeup(&pi->nwrite);
  spin_unlock(&pi->lock);
  return done;
}
