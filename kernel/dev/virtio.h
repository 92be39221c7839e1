/* virtio over MMIO, modern interface (virtio 1.x, register layout
 * version 2), and the block device's request format.  Offsets and bit
 * numbers are those of the virtio specification. */
#ifndef KERNEL_DEV_VIRTIO_H
#define KERNEL_DEV_VIRTIO_H

/* MMIO registers, byte offsets from the device's base address. */
#define VIO_MAGIC           0x000   /* "virt" = 0x74726976 */
#define VIO_VERSION         0x004   /* 2 for the modern interface */
#define VIO_DEVICE_ID       0x008   /* 2 = block device */
#define VIO_VENDOR_ID       0x00c
#define VIO_DEV_FEATURES    0x010
#define VIO_DEV_FEATURES_SEL 0x014
#define VIO_DRV_FEATURES    0x020
#define VIO_DRV_FEATURES_SEL 0x024
#define VIO_QUEUE_SEL       0x030
#define VIO_QUEUE_NUM_MAX   0x034
#define VIO_QUEUE_NUM       0x038
#define VIO_QUEUE_READY     0x044
#define VIO_QUEUE_NOTIFY    0x050
#define VIO_INTR_STATUS     0x060
#define VIO_INTR_ACK        0x064
#define VIO_STATUS          0x070
#define VIO_QUEUE_DESC_LO   0x080
#define VIO_QUEUE_DESC_HI   0x084
#define VIO_QUEUE_AVAIL_LO  0x090
#define VIO_QUEUE_AVAIL_HI  0x094
#define VIO_QUEUE_USED_LO   0x0a0
#define VIO_QUEUE_USED_HI   0x0a4
#define VIO_CONFIG          0x100   /* device-specific configuration */

#define VIO_MAGIC_VALUE     0x74726976
#define VIO_DEVICE_BLOCK    2

/* Status register bits. */
#define VIO_S_ACKNOWLEDGE   1
#define VIO_S_DRIVER        2
#define VIO_S_DRIVER_OK     4
#define VIO_S_FEATURES_OK   8
#define VIO_S_FAILED        128

/* Feature bits (numbers; the registers are 32-bit windows). */
#define VIO_F_VERSION_1     32   /* modern device: required */

/* Interrupt status bits. */
#define VIO_INT_USED        1    /* used ring updated */
#define VIO_INT_CONFIG      2    /* configuration changed */

/* Split virtqueue. */
struct vring_desc {
  uint64 addr;
  uint32 len;
  uint16 flags;
  uint16 next;
};
#define VRING_DESC_F_NEXT   1    /* chained with next */
#define VRING_DESC_F_WRITE  2    /* device writes this buffer */

struct vring_used_elem {
  uint32 id;    /* head descriptor of the finished chain */
  uint32 len;
};

/* Block requests: header, data, one status byte. */
#define VIO_BLK_T_IN        0    /* read */
#define VIO_BLK_T_OUT       1    /* write */
#define VIO_BLK_S_OK        0
#define VIO_BLK_SECTOR      512  /* sector numbers count these */

struct virtio_blk_req {
  uint32 type;
  uint32 reserved;
  uint64 sector;
};

#endif
