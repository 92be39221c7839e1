# Branches that no longer reach once stores double in size: forward and
# backward conditional branches (32-bit and compressed) and jumps.
        .text
        .globl main
main:
        addi    sp, sp, -16
        sd      ra, 8(sp)
        lla     a2, buf
        li      a0, 1
        li      a1, 2
        bne     a0, a1, 1f              # forward, taken
        .rept   900
        sd      a1, 8(a2)
        .endr
        li      a0, 77
1:      li      s1, 3                   # backward loop, c.bnez
2:      .rept   450
        sw      s1, 0(a2)
        sw      s1, 4(a2)
        .endr
        addi    s1, s1, -1
        bne     s1, zero, 2b            # backward, 32-bit
        li      s1, 2
3:      sd      s1, 8(a2)               # short compressed loop
        addi    s1, s1, -1
        c.bnez  s1, 3b
        c.j     4f
        sd      s1, 0(a2)
4:      ld      a0, 0(a2)
        ld      a1, 8(a2)
        add     a0, a0, a1
        call    far_fn
        ld      ra, 8(sp)
        addi    sp, sp, 16
        li      a0, 0
        ret

far_fn:
        addi    sp, sp, -16
        sd      ra, 8(sp)
        call    rt_putx
        ld      ra, 8(sp)
        addi    sp, sp, 16
        ret

        .bss
        .balign 8
buf:    .space  16
