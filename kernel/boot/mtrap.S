# mtvec: the machine-mode trap vector.  Only page faults, machine
# software interrupts and the kernel's ecall come here (start.c delegates
# every other trap to S mode).  An interrupt -- another hart stopping this one, from U or S
# mode -- goes to m_trap, which parks the hart and says retry.
#
# A fault from U mode is never the kernel's: it is handed to S mode at
# once (hand_to_s).  A fault from S mode goes, on this hart's machine
# stack (mscratch holds its top while S or U mode runs), to m_trap()
# (start.c), which fixes a poisoned kernel page -- then the access is
# retried with mret -- or says no, and the fault is handed to S mode
# too.  Paging is off here, so none of this depends on a kernel page
# that failed (docs/kernel-mirror.md).
#
# hand_to_s makes the trap arrive as a delegated one would: scause,
# stval, sepc; sstatus.SPP = the mode it came from, SPIE = SIE, SIE = 0;
# on at stvec -- but at kernelvec for a fault from S mode outside the
# trampoline while stvec is uservec: usertrap_return has set it, on the
# kernel's stack and table, and kernel_trap must see the fault (it stops
# the machine, naming it); uservec would store to TRAPFRAME through the
# kernel's table, fault, and be handed to itself for ever.  A user page
# fault pays some 25 instructions for the detour, not a C call.  t0-t2 are saved just below the machine stack's
# top; the C call's frame lies below them.  m_trap runs with gp 0 (paging
# is off, so a translated kernel's mirror stores land on the native
# address) and may use tp; both are the trapped code's again at mret.

#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_MPP_S (1 << 11)
#define C_FRAME       (32 * 8)
#define M_TRAMPOLINE_PAGE 0x3ffffff     /* TRAMPOLINE >> 12: start.c checks */

        .section .text.keep, "ax"
        .globl mtrapvec
        .align 4
mtrapvec:
        csrrw   sp, mscratch, sp
        sd      t0, -8(sp)
        sd      t1, -16(sp)
        sd      t2, -24(sp)
        csrr    t0, mcause              # an interrupt (a stop: mm/kdata.c), from U or S
        bltz    t0, from_s
        csrr    t0, mstatus
        li      t1, MSTATUS_MPP
        and     t1, t0, t1
        bnez    t1, from_s

hand_to_s:                              # t0: mstatus
        csrr    t1, mcause
        csrw    scause, t1
        csrr    t1, mtval
        csrw    stval, t1
        csrr    t1, mepc
        csrw    sepc, t1
        andi    t1, t0, MSTATUS_SIE     # SPIE = SIE
        slli    t1, t1, 4
        srli    t2, t0, 3               # SPP = MPP's low bit: 1 from S, 0 from U
        andi    t2, t2, MSTATUS_SPP
        or      t1, t1, t2
        li      t2, ~(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_MPP)
        and     t0, t0, t2
        or      t0, t0, t1
        li      t1, MSTATUS_MPP_S
        or      t0, t0, t1
        csrw    mstatus, t0
        csrr    t1, stvec
        andi    t1, t1, -4
        andi    t2, t0, MSTATUS_SPP     # from S mode ...
        beqz    t2, 1f
        srli    t2, t1, 12              # ... with stvec in the trampoline (uservec) ...
        li      t0, M_TRAMPOLINE_PAGE
        bne     t2, t0, 1f
        csrr    t0, sepc                # ... but the fault outside it
        srli    t0, t0, 12
        beq     t0, t2, 1f
        la      t1, kernelvec
1:      csrw    mepc, t1
m_return:
        ld      t0, -8(sp)
        ld      t1, -16(sp)
        ld      t2, -24(sp)
        csrrw   sp, mscratch, sp
        mret

from_s:                                 # t0-t2 are saved already
        addi    sp, sp, -32 - C_FRAME
        .irp n, 1,3,4,10,11,12,13,14,15,16,17,28,29,30,31
        sd      x\n, 8*\n(sp)
        .endr
        li      gp, 0                   # paging is off: no mirror offset
        mv      a0, sp                  # the registers saved, by number
        call    m_trap
        mv      t0, a0
        .irp n, 1,3,4,10,11,12,13,14,15,16,17,28,29,30,31
        ld      x\n, 8*\n(sp)
        .endr
        addi    sp, sp, 32 + C_FRAME
        bnez    t0, m_return            # fixed: retry the access
        csrr    t0, mstatus
        j       hand_to_s
