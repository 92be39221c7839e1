# mtvec: the machine-mode trap vector.  Only instruction and load page
# faults come here (start.c delegates every other trap to S mode).
#
# A fault from U mode is never the kernel's: it is handed to S mode at
# once, here, as a delegated trap would arrive (scause, stval, sepc;
# sstatus.SPP = 0, SPIE = SIE, SIE = 0; on at stvec), using three
# registers saved below this hart's machine stack -- a user page fault
# pays some 25 instructions for the detour, not a C call.
#
# A fault from S mode: on this hart's machine stack (mscratch holds its
# top while S or U mode runs) save the registers a C call may clobber and
# call m_trap() (start.c), which fixes a poisoned kernel page or hands the
# fault to S mode the same way; then mret.  Paging is off here, so none
# of this depends on a kernel page that failed (docs/kernel-mirror.md).

#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_MPP_S (1 << 11)

        .globl mtrapvec
        .align 4
mtrapvec:
        csrrw   sp, mscratch, sp
        sd      t0, -8(sp)
        sd      t1, -16(sp)
        sd      t2, -24(sp)
        csrr    t0, mstatus
        li      t1, MSTATUS_MPP
        and     t1, t0, t1
        bnez    t1, from_s
        csrr    t1, mcause
        csrw    scause, t1
        csrr    t1, mtval
        csrw    stval, t1
        csrr    t1, mepc
        csrw    sepc, t1
        andi    t1, t0, MSTATUS_SIE     # SPIE = SIE
        slli    t1, t1, 4
        li      t2, ~(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_MPP)
        and     t0, t0, t2
        or      t0, t0, t1
        li      t1, MSTATUS_MPP_S
        or      t0, t0, t1
        csrw    mstatus, t0
        csrr    t1, stvec
        andi    t1, t1, -4
        csrw    mepc, t1
        ld      t0, -8(sp)
        ld      t1, -16(sp)
        ld      t2, -24(sp)
        csrrw   sp, mscratch, sp
        mret

from_s:
        ld      t0, -8(sp)
        ld      t1, -16(sp)
        ld      t2, -24(sp)
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
