# References whose symbol plus addend lands outside the symbol's section,
# as GCC emits them: a section anchor past the end of a short .rodata
# (landing in .data), a pointer one element below an array (landing in
# the gap before .data), both in code (%pcrel and %hi/%lo) and as data
# words.  The stores make .text grow, so .rodata and .data move by
# different amounts; each reference must move with its own symbol.
        .text
        .globl main
main:
        addi    sp, sp, -32
        sd      ra, 24(sp)
        sd      s0, 16(sp)
        sd      s1, 8(sp)
        lla     a0, tbl + 4096          # anchor past the end of .rodata
        li      t0, 4096
        sub     a0, a0, t0
        ld      a0, 8(a0)
        call    rt_putx
        lla     s0, arr - 8             # pointer below an array
        ld      a0, 16(s0)
        call    rt_putx
        li      t0, 0x55
        sd      t0, 8(s0)               # arr[0], through the low pointer
        lui     s1, %hi(arr - 8)
        addi    s1, s1, %lo(arr - 8)
        ld      a0, 8(s1)
        call    rt_putx
        lla     t0, words
        ld      s0, 0(t0)               # .quad tbl + 4096
        li      t0, 4096
        sub     s0, s0, t0
        ld      a0, 0(s0)
        call    rt_putx
        lla     t0, words
        ld      s0, 8(t0)               # .quad arr - 8
        ld      a0, 24(s0)
        call    rt_putx
        lla     t0, words
        lwu     s0, 16(t0)              # .word arr - 8
        ld      a0, 8(s0)
        call    rt_putx
        ld      s1, 8(sp)
        ld      s0, 16(sp)
        ld      ra, 24(sp)
        addi    sp, sp, 32
        li      a0, 0
        ret

        .section .rodata
        .balign 8
tbl:    .quad   0x1111, 0x2222

        .data
        .balign 8
arr:    .quad   0xa0, 0xa1, 0xa2
        .space  4096                    # tbl + 4096 lands in here
words:  .quad   tbl + 4096
        .quad   arr - 8
        .word   arr - 8
