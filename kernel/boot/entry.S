# First instructions of every hart.  QEMU -bios none starts all harts here,
# in machine mode, with a0 = hartid and a1 = address of the device tree.
# Give each hart its own boot stack (boot_stacks, BOOT_STACK bytes per
# hart) and call boot_start(hartid, fdt) in start.c, which never returns.
# Harts numbered NCPU or above have no stack and are parked.

#include "kernel/param.h"

        .section .text.entry
        .globl _entry
_entry:
        li      t0, NCPU
        bgeu    a0, t0, 1f
        li      t0, BOOT_STACK
        addi    t1, a0, 1
        mul     t0, t0, t1
        la      sp, boot_stacks
        add     sp, sp, t0          # sp = top of this hart's stack
        call    boot_start
1:      wfi
        j       1b

        # Outside the kernel's mirror (KNOMIRROR, defs.h): the translated
        # kernel makes no twins of stack stores (mirrorbt --keep-stack).
        .section .nomirror, "aw"
        .align  4
        .globl  boot_stacks
boot_stacks:
        .space  BOOT_STACK * NCPU
