# PC-relative references the assembler resolved itself: no relocation
# is left on these auipc pairs, so mirrorbt must find them by decoding
# (GNU as takes only constants here: without compressed instructions the
# offsets are counted by hand, in the comments; the native run prints
# 0x21018 only if they are right).  Stores
# between each auipc and its target make the code grow there, so a pair
# copied as raw bits lands elsewhere.
        .text
        .option norvc
        .type twice, @function
twice:                                  # 0
        addi    sp, sp, -16
        sd      a0, 0(sp)
        sd      a0, 8(sp)
        slli    a0, a0, 1
        addi    sp, sp, 16
        ret
        .size twice, .-twice
        .balign 4
konst:  .word   0x1000, 0x20000         # 24

        .globl main
        .type main, @function
main:                                   # 32
        addi    sp, sp, -32
        sd      ra, 24(sp)
        sd      s0, 16(sp)
        sd      zero, 0(sp)             # code grows between callee and caller
        sd      zero, 8(sp)
        li      a0, 5
        auipc   ra, 0                   # 56: call twice, no relocation
        jalr    ra, -56(ra)
        mv      s0, a0
        sd      s0, 0(sp)
        sd      s0, 8(sp)
        auipc   a5, 0                   # 76: lla a5, twice (a code address)
        addi    a5, a5, -76
        li      a0, 7
        jalr    ra, 0(a5)
        add     s0, s0, a0
        sd      s0, 0(sp)
        auipc   a4, 0                   # 100: two uses, data in .text
        lw      a0, -76(a4)             # konst
        sw      a0, 8(sp)
        lw      a1, -72(a4)             # konst + 4
        add     s0, s0, a0
        add     a0, s0, a1
        call    rt_putx
        ld      s0, 16(sp)
        ld      ra, 24(sp)
        addi    sp, sp, 32
        li      a0, 0
        ret
        .size main, .-main
