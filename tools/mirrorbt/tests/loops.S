# Loops the translator lays out in copies (rewrite.c, rw_loops): each
# routine is called with counts 1..9, so that the loop leaves from every
# copy; a checksum of the buffer is printed, and under a mirror offset
# the runtime compares every byte with its mirror at exit.
        .text
        .globl main
main:
        addi    sp, sp, -32
        sd      ra, 24(sp)
        sd      s0, 16(sp)
        li      s0, 1
1:      lla     a0, buf
        mv      a1, s0
        call    fill            # bytes, step 1, compressed back branch
        lla     a0, buf+1024
        mv      a1, s0
        call    down            # doublewords downwards, an early exit
        lla     a0, buf+2000
        mv      a1, s0
        call    wide            # step 1000: two copies
        lla     a0, buf+11100
        mv      a1, s0
        call    huge            # step 2000: not copied
        lla     a0, buf+200
        mv      a1, s0
        call    still           # the base does not move: one copy
        lla     a0, buf+1100
        mv      a1, s0
        call    fp              # fp stores, compressed and not
        lla     a0, buf+1400
        mv      a1, s0
        call    far             # an exit more than 4 KiB away when copied
        lla     a0, buf+29200
        mv      a1, s0
        call    rot             # entered by a jump to its back branch
        lla     a0, buf+29300
        mv      a1, s0
        call    alias           # entered in the middle, base stepped through a copy
        lla     a0, buf+29500
        mv      a1, s0
        call    rot2            # entered at an exit branch, a plain jump back
        addi    s0, s0, 1
        li      a0, 10
        blt     s0, a0, 1b
        lla     a0, buf         # checksum
        li      a1, 0
        li      a2, 0
2:      ld      a3, 0(a0)
        add     a1, a1, a3
        slli    a3, a1, 7
        srli    a1, a1, 57
        or      a1, a1, a3
        addi    a0, a0, 8
        addi    a2, a2, 1
        li      a3, 29712/8
        blt     a2, a3, 2b
        mv      a0, a1
        call    rt_putx
        ld      ra, 24(sp)
        ld      s0, 16(sp)
        addi    sp, sp, 32
        li      a0, 0
        ret

# a0 buffer, a1 count (also the value stored)
fill:   add     a2, a0, a1
1:      sb      a1, 0(a0)
        addi    a1, a1, 3
        c.addi  a0, 1
        bne     a0, a2, 1b
        ret

down:   slli    a2, a1, 3
        add     a0, a0, a2
        li      a3, 5           # leave early once a1 reaches 5
1:      addi    a0, a0, -8
        sd      a1, 0(a0)
        sw      a1, 4(a0)
        beq     a1, a3, 2f
        addi    a1, a1, -1
        c.bnez  a1, 1b
2:      ret

wide:   mv      t0, a1
1:      sb      t0, 0(a0)
        sb      t0, 7(a0)
        addi    a0, a0, 1000
        addi    t0, t0, -1
        bnez    t0, 1b
        ret

huge:   mv      t0, a1
1:      sh      t0, 0(a0)
        addi    a0, a0, 2000
        addi    t0, t0, -1
        bnez    t0, 1b
        ret

still:
1:      lw      a2, 0(a0)
        add     a2, a2, a1
        sw      a2, 0(a0)
        c.sw    a1, 4(a0)
        sb      a2, 11(a0)
        addi    a1, a1, -1
        bnez    a1, 1b
        ret

fp:     fcvt.d.l fa0, a1
        li      t0, 0
1:      fsd     fa0, 0(a0)
        c.fsd   fa0, 8(a0)
        fsw     fa0, 16(a0)
        fadd.d  fa0, fa0, fa0
        addi    a0, a0, 24
        addi    t0, t0, 1
        blt     t0, a1, 1b
        ret

far:    li      t0, 7
1:      sw      a1, 0(a0)
        beq     a1, t0, 2f      # a1 = 7: out, far away
        addi    a0, a0, 4
        addi    a1, a1, -1
        bgtz    a1, 1b
        ret
        .option push
        .option norvc
        .rept   1015
        addi    zero, zero, 0
        .endr
        .option pop
2:      li      a1, -1
        sw      a1, 4(a0)
        ret

# A loop GCC rotates: entered by a jump to its condition, here the back
# branch itself (the copies are entered at e = b).
rot:    j       2f
1:      sw      a1, 0(a0)
        addi    a0, a0, 4
        addi    a1, a1, -1
2:      bnez    a1, 1b
        ret

# Entered at an exit branch inside (e is neither h nor b), and left by
# it; the back edge a plain jump.
rot2:   j       2f
1:      sw      a1, 0(a0)
        addi    a0, a0, 4
        addi    a1, a1, -1
2:      beqz    a1, 3f
        j       1b
3:      ret

# The shape of an insertion sort's inner loop: entered in the middle,
# the base a5 stepped through a copy (mv a3, a5; addi a5, a3, -4: an
# alias of the base for the tp analysis), an exit before the entry.
alias:  slli    a2, a1, 2
        add     a5, a0, a2
        mv      a4, a1
        j       2f
1:      sw      a4, -4(a5)
        addi    a5, a3, -4
        beq     a5, a0, 3f
2:      mv      a3, a5
        addi    a4, a4, 7
        bnez    a1, 1b
3:      sh      a4, 0(a3)
        ret

        .bss
        .balign 8
buf:    .space  29712
