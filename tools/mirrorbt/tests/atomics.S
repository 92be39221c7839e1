# AMOs and LR/SC, .w and .d, including rd == rs1 (the address register
# is overwritten by the result), and an sc that fails (its mirror copy is
# skipped).
        .text
        .globl main
main:
        addi    sp, sp, -16
        sd      ra, 8(sp)
        lla     a2, cell
        li      a1, 5
        amoadd.w a0, a1, (a2)
        lla     a2, cell
        addi    a3, a2, 8
        amoswap.d.aqrl a0, a1, (a3)
        amoor.w a0, a1, (a2)
        amoand.d zero, a1, (a3)
        amomax.w a0, a1, (a2)
        amominu.d a0, a1, (a3)
        amoxor.d a3, a1, (a3)           # rd == rs1
        li      t0, 0
3:      lr.w    t0, (a2)                # increment by lr/sc
        addi    t0, t0, 100
        sc.w    t1, t0, (a2)
        bnez    t1, 3b
        addi    a4, a2, 16
4:      lr.d    t0, (a4)
        addi    t0, t0, 7
        sc.d    a4, t0, (a4)            # rd == rs1
        bnez    a4, 5f
        sc.w    t1, t0, (a2)            # no reservation: fails, writes nothing
        snez    a0, t1
        call    rt_putx
        lla     a2, cell
        ld      a0, 0(a2)
        call    rt_putx
        lla     a2, cell
        ld      a0, 8(a2)
        call    rt_putx
        lla     a2, cell
        ld      a0, 16(a2)
        call    rt_putx
5:      ld      ra, 8(sp)
        addi    sp, sp, 16
        li      a0, 0
        ret

        .data
        .balign 8
cell:   .quad   1, 2, 3
