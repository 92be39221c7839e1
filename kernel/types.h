/* Fixed-width types shared by the kernel, user programs and host tools.
 * The names are the xv6 ones so that xv6 user programs compile unchanged. */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

typedef unsigned int   uint;
typedef unsigned short ushort;
typedef unsigned char  uchar;

typedef unsigned char      uint8;
typedef unsigned short     uint16;
typedef unsigned int       uint32;
typedef unsigned long long uint64;

typedef uint64 pde_t;

#endif
