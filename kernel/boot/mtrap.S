# mtvec: the machine-mode trap vector.  Only instruction and load page
# faults come here (start.c delegates every other trap to S mode).  On
# this hart's machine stack (mscratch holds its top while S or U mode
# runs) it saves the registers a C call may clobber and calls m_trap()
# (start.c), which fixes a poisoned kernel page or hands the fault to S
# mode as if it had been delegated; then mret.  Paging is off here, so
# none of this depends on a kernel page that failed (docs/kernel-mirror.md).

        .globl mtrapvec
        .align 4
mtrapvec:
        csrrw   sp, mscratch, sp
        addi    sp, sp, -256
        .irp n, 1,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
        sd      x\n, 8*\n(sp)
        .endr
        call    m_trap
        .irp n, 1,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
        ld      x\n, 8*\n(sp)
        .endr
        addi    sp, sp, 256
        csrrw   sp, mscratch, sp
        mret
