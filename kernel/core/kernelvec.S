# stvec while the kernel runs: an interrupt or exception in S mode.
# Saves the registers a C call may clobber, and gp and tp (translated code's
# mirror offset and scratch: the trap may come between a store and its
# mirror store), and the callee-saved ones too, for kwin_finish (kwin.c),
# which first ends such a window if the trap came in one; then calls
# kernel_trap() (trap.c) on the current kernel stack and resumes at sepc.  It is never translated (mirrorbt --keep: it must
# save tp before it may use it); its stores go to a stack, which has no
# twin in a translated kernel either (--keep-stack: a process's kernel
# stack has its snapshot, mm/kown.c; the boot stacks are KNOMIRROR).

        .section .text.keep, "ax"
        .globl kernelvec
        .align 4
kernelvec:
        addi    sp, sp, -256
        .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        sd      x\n, 8*\n(sp)
        .endr
        mv      a0, sp                  # every register but sp: kwin_finish reads them
        addi    a1, sp, 256
        call    kwin_finish
        call    kernel_trap
        .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        ld      x\n, 8*\n(sp)
        .endr
        addi    sp, sp, 256
        sret
