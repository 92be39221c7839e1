/* Timer: the supervisor timer interrupt through Sstc's stimecmp CSR. */
#ifndef KERNEL_CORE_TIMER_H
#define KERNEL_CORE_TIMER_H

#define TIMER_INTERVAL 100000   /* mtime runs at 10 MHz on QEMU virt: 10 ms */

#endif
