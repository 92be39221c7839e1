# unimp inside functions (GNU as: c.unimp, 0x0000, and with norvc the
# 32-bit form, csrrw zero, cycle, zero): valid instructions that trap,
# on paths the program does not take.  Zero halfwords inside a sized
# function are code, not padding.
        .text
        .globl main
        .type main, @function
main:
        addi    sp, sp, -16
        sd      ra, 8(sp)
        li      a0, 3
        call    guard
        sd      a0, 0(sp)
        call    guard32
        call    rt_putx
        ld      ra, 8(sp)
        addi    sp, sp, 16
        li      a0, 0
        ret
        .size main, .-main

        .type guard, @function
guard:
        li      a1, 100
        bge     a0, a1, 1f
        addi    a0, a0, 1
        ret
1:      unimp
        unimp
        .size guard, .-guard

        .type guard32, @function
guard32:
        .option push
        .option norvc
        bltz    a0, 1f
        slli    a0, a0, 4
        ret
1:      unimp
        .option pop
        .size guard32, .-guard32
