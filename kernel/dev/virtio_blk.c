/* virtio block device driver: modern virtio-mmio, one split virtqueue.
 *
 * Each request is a chain of three descriptors (header, data, status)
 * whose head index also names its slot in vblk.req[].  Up to QSIZE/3
 * requests are in flight at once.  A caller submits one request
 * (virtio_blk_rw) or a batch (virtio_blk_write, for the log) and sleeps
 * on a waiter that counts its requests still in flight; the interrupt
 * handler retires finished requests, frees their descriptors and wakes
 * the waiter when its count reaches zero.
 *
 * Lock rules: vblk.lock protects everything in vblk and every waiter.
 * Callers hold the sleeplock of each buffer they pass, so nobody else
 * touches its data while the device reads or writes it. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/memlayout.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"
#include "kernel/fs/buf.h"
#include "kernel/dev/virtio.h"

#define QSIZE 32   /* descriptors in the queue; a power of two */

#define REG(off) ((volatile uint32 *)(VIRTIO0 + (off)))    /* reads */
#define vio_set(off, v) mmio_write32(VIRTIO0 + (off), (v))

/* Requests of one caller still in flight; lives on the caller's stack. */
struct vblk_waiter {
  int pending;
  int failed;         /* some request came back with an error status */
};

struct vblk_req {
  struct virtio_blk_req hdr;
  uchar status;             /* written by the device */
  struct vblk_waiter *w;    /* 0 when the slot is free */
};

static struct {
  /* The three rings; the kernel maps RAM one to one, so the addresses of
   * these static arrays are physical addresses the device can use. */
  struct vring_desc desc[QSIZE] __attribute__((aligned(16)));
  struct {
    uint16 flags;
    uint16 idx;
    uint16 ring[QSIZE];
    uint16 used_event;
  } avail __attribute__((aligned(2)));
  struct {
    uint16 flags;
    uint16 idx;
    struct vring_used_elem ring[QSIZE];
    uint16 avail_event;
  } used __attribute__((aligned(4)));

  char desc_free[QSIZE];      /* 1 = descriptor unused */
  struct vblk_req req[QSIZE]; /* indexed by head descriptor */
  uint16 used_seen;           /* used.idx we have processed up to */
  struct spinlock lock;

  /* Crash knob (fscrash): when armed, the machine powers off as soon as
   * crash_left more block writes have completed; no later write starts. */
  int crash_armed;
  int crash_left;
} vblk KNOMIRROR;     /* the device writes the used ring and the status bytes */

static void
vblk_fail(const char *why)
{
  vio_set(VIO_STATUS, *REG(VIO_STATUS) | VIO_S_FAILED);
  panic(why);
}

void
virtio_blk_init(void)
{
  uint32 status = 0;

  spin_init(&vblk.lock, "virtio_blk");
  if(*REG(VIO_MAGIC) != VIO_MAGIC_VALUE || *REG(VIO_VERSION) != 2 ||
     *REG(VIO_DEVICE_ID) != VIO_DEVICE_BLOCK)
    panic("virtio_blk: no modern virtio block device at VIRTIO0");

  vio_set(VIO_STATUS, 0);                       /* reset */
  status |= VIO_S_ACKNOWLEDGE | VIO_S_DRIVER;
  vio_set(VIO_STATUS, status);

  /* Accept VERSION_1 and nothing else: no indirect descriptors, no
   * event index, no multiple queues. */
  vio_set(VIO_DEV_FEATURES_SEL, 1);
  if((*REG(VIO_DEV_FEATURES) & (1u << (VIO_F_VERSION_1 - 32))) == 0)
    vblk_fail("virtio_blk: device lacks VIRTIO_F_VERSION_1");
  vio_set(VIO_DRV_FEATURES_SEL, 0);
  vio_set(VIO_DRV_FEATURES, 0);
  vio_set(VIO_DRV_FEATURES_SEL, 1);
  vio_set(VIO_DRV_FEATURES, 1u << (VIO_F_VERSION_1 - 32));
  status |= VIO_S_FEATURES_OK;
  vio_set(VIO_STATUS, status);
  if((*REG(VIO_STATUS) & VIO_S_FEATURES_OK) == 0)
    vblk_fail("virtio_blk: features not accepted");

  vio_set(VIO_QUEUE_SEL, 0);
  if(*REG(VIO_QUEUE_READY))
    vblk_fail("virtio_blk: queue 0 already in use");
  if(*REG(VIO_QUEUE_NUM_MAX) < QSIZE)
    vblk_fail("virtio_blk: queue too short");
  vio_set(VIO_QUEUE_NUM, QSIZE);
  vio_set(VIO_QUEUE_DESC_LO, (uint64)vblk.desc);
  vio_set(VIO_QUEUE_DESC_HI, (uint64)vblk.desc >> 32);
  vio_set(VIO_QUEUE_AVAIL_LO, (uint64)&vblk.avail);
  vio_set(VIO_QUEUE_AVAIL_HI, (uint64)&vblk.avail >> 32);
  vio_set(VIO_QUEUE_USED_LO, (uint64)&vblk.used);
  vio_set(VIO_QUEUE_USED_HI, (uint64)&vblk.used >> 32);
  vio_set(VIO_QUEUE_READY, 1);

  for(int i = 0; i < QSIZE; i++)
    vblk.desc_free[i] = 1;

  status |= VIO_S_DRIVER_OK;
  vio_set(VIO_STATUS, status);
}

/* Take three free descriptors into idx[]; 0 if there are not enough. */
static int
vblk_take3(int idx[3])
{
  int got = 0;
  for(int i = 0; i < QSIZE && got < 3; i++)
    if(vblk.desc_free[i])
      idx[got++] = i;
  if(got < 3)
    return 0;
  for(int i = 0; i < 3; i++)
    vblk.desc_free[idx[i]] = 0;
  return 1;
}

/* Free the chain starting at head; wake callers waiting for descriptors. */
static void
vblk_free_chain(int head)
{
  for(int i = head; ; ) {
    int flags = vblk.desc[i].flags;
    vblk.desc_free[i] = 1;
    if(!(flags & VRING_DESC_F_NEXT))
      break;
    i = vblk.desc[i].next;
  }
  wakeup(vblk.desc_free);
}

static void
vblk_desc(int i, uint64 addr, uint32 len, uint16 flags, int next)
{
  vblk.desc[i].addr = addr;
  vblk.desc[i].len = len;
  vblk.desc[i].flags = flags;
  vblk.desc[i].next = next;
}

/* Queue a request: read (write == 0) block blockno into the frame at
 * physical address data or write that frame to it, counted in w.  Sleeps while the queue is full. */
static void
vblk_submit(uint64 data, uint blockno, int write, struct vblk_waiter *w)
{
  int d[3];

  while(!vblk_take3(d))
    sleep_on(vblk.desc_free, &vblk.lock);

  struct vblk_req *r = &vblk.req[d[0]];
  r->hdr.type = write ? VIO_BLK_T_OUT : VIO_BLK_T_IN;
  r->hdr.reserved = 0;
  r->hdr.sector = (uint64)blockno * (BSIZE / VIO_BLK_SECTOR);
  r->status = 0xff;
  r->w = w;
  vblk_desc(d[0], (uint64)&r->hdr, sizeof r->hdr, VRING_DESC_F_NEXT, d[1]);
  vblk_desc(d[1], data, BSIZE,
            VRING_DESC_F_NEXT | (write ? 0 : VRING_DESC_F_WRITE), d[2]);
  vblk_desc(d[2], (uint64)&r->status, 1, VRING_DESC_F_WRITE, 0);
  w->pending++;

  vblk.avail.ring[vblk.avail.idx % QSIZE] = d[0];
  __sync_synchronize();              /* descriptors before the index */
  vblk.avail.idx++;
  __sync_synchronize();              /* index before the notification */
  vio_set(VIO_QUEUE_NOTIFY, 0);
}

/* Sleep until every request counted in w is done. */
static void
vblk_wait(struct vblk_waiter *w)
{
  while(w->pending > 0)
    sleep_on(w, &vblk.lock);
  if(w->failed)
    panic("virtio_blk: I/O error");
}

/* fscrash accounting before a block write is queued: once the armed
 * number of writes has been queued, finish them and stop the machine. */
static void
vblk_crash_point(struct vblk_waiter *w)
{
  if(!vblk.crash_armed)
    return;
  if(vblk.crash_left == 0) {
    vblk_wait(w);
    machine_poweroff(99);            /* simulated crash: nothing flushed */
  }
  vblk.crash_left--;
}

/* Read (write == 0) or write block b->blockno to or from b->data, and
 * sleep until the device is done.  The caller holds b->lock. */
void
virtio_blk_rw(struct buf *b, int write)
{
  struct vblk_waiter w = { 0, 0 };

  spin_lock(&vblk.lock);
  if(write)
    vblk_crash_point(&w);
  vblk_submit(buf_frame(b), b->blockno, write, &w);
  vblk_wait(&w);
  if(write && vblk.crash_armed && vblk.crash_left == 0)
    machine_poweroff(99);
  spin_unlock(&vblk.lock);
}

/* Write bs[i]->data to block to+i (to == 0: to bs[i]->blockno) for
 * 0 <= i < n, all in flight together; return when all are on disk, in
 * no particular order.  The caller holds every bs[i]->lock. */
void
virtio_blk_write(struct buf **bs, uint to, int n)
{
  struct vblk_waiter w = { 0, 0 };

  spin_lock(&vblk.lock);
  for(int i = 0; i < n; i++) {
    vblk_crash_point(&w);
    vblk_submit(buf_frame(bs[i]), to ? to + i : bs[i]->blockno, 1, &w);
  }
  vblk_wait(&w);
  if(vblk.crash_armed && vblk.crash_left == 0)
    machine_poweroff(99);
  spin_unlock(&vblk.lock);
}

void
virtio_blk_intr(void)
{
  spin_lock(&vblk.lock);
  /* Acknowledge first: a completion that lands after we read used.idx
   * raises a new interrupt instead of being lost. */
  vio_set(VIO_INTR_ACK, *REG(VIO_INTR_STATUS) & (VIO_INT_USED | VIO_INT_CONFIG));
  __sync_synchronize();
  while(vblk.used_seen != *(volatile uint16 *)&vblk.used.idx) {
    __sync_synchronize();            /* index before the ring entry */
    uint32 id = vblk.used.ring[vblk.used_seen % QSIZE].id;
    if(id >= QSIZE || vblk.req[id].w == 0)
      panic("virtio_blk: bogus used entry");
    struct vblk_waiter *w = vblk.req[id].w;
    if(vblk.req[id].status != VIO_BLK_S_OK)
      w->failed = 1;
    vblk.req[id].w = 0;
    vblk_free_chain(id);
    if(--w->pending == 0)
      wakeup(w);
    vblk.used_seen++;
  }
  spin_unlock(&vblk.lock);
}

/* fscrash(n): power off after n more block writes; n == 0 disarms. */
void
virtio_blk_crash_after(int n)
{
  spin_lock(&vblk.lock);
  vblk.crash_armed = n > 0;
  vblk.crash_left = n;
  spin_unlock(&vblk.lock);
}
