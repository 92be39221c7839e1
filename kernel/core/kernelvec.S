# stvec while the kernel runs: an interrupt or exception in S mode.
# Saves the registers a C call may clobber, and gp and tp (translated code's
# mirror offset and scratch: the trap may come between a store and its
# mirror store), calls kernel_trap() (trap.c) on the current kernel stack
# and resumes at sepc.  It is never translated (mirrorbt --keep: it must
# save tp before it may use it); its stores go to a stack, which has no
# twin in a translated kernel either (--keep-stack: a process's kernel
# stack has its snapshot, mm/kown.c; the boot stacks are KNOMIRROR).

        .section .text.keep, "ax"
        .globl kernelvec
        .align 4
kernelvec:
        addi    sp, sp, -256
        .irp n, 1,3,4,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
        sd      x\n, 8*\n(sp)
        .endr
        call    kernel_trap
        .irp n, 1,3,4,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
        ld      x\n, 8*\n(sp)
        .endr
        addi    sp, sp, 256
        sret
