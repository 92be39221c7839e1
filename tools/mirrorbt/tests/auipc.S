# auipc pairs with code inserted between the hi and the lo part, a
# %pcrel_lo store (its mirror needs the same offset) and lui/%lo pairs.
        .text
        .globl main
main:
        addi    sp, sp, -32
        sd      ra, 24(sp)
1:      auipc   a5, %pcrel_hi(val)
        sd      zero, 0(sp)
        sw      zero, 8(sp)
        ld      a0, %pcrel_lo(1b)(a5)
2:      auipc   a4, %pcrel_hi(val2)
        sd      a0, 0(sp)
        addi    a0, a0, 1
        sd      a0, %pcrel_lo(2b)(a4)
3:      auipc   a3, %pcrel_hi(val2)
        sd      a0, 16(sp)
        addi    a3, a3, %pcrel_lo(3b)
        ld      a0, 0(a3)
        call    rt_putx
        lui     a5, %hi(val3)
        sw      zero, 0(sp)
        ld      a0, %lo(val3)(a5)
        addi    a0, a0, 2
        sd      a0, %lo(val3)(a5)
        ld      a0, %lo(val3)(a5)
        call    rt_putx
        ld      ra, 24(sp)
        addi    sp, sp, 32
        li      a0, 0
        ret

        .data
        .balign 8
val:    .quad   0x1234567
val2:   .quad   0
val3:   .quad   40
