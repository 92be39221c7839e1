# Borrowed registers (rewrite.c, rw_borrow; live.c): every routine has
# a loop that stores through two bases, a0 and a1, so a copied loop
# needs a second scratch register besides tp.  Translated with
# `--debug-borrow MASK` the rewrite may borrow only the registers in
# MASK; run.py checks, at each routine's `*_loop` label, the live set
# that --debug-live prints and whether the translation borrowed there:
#
#   routine      register   why                                  borrowed
#   ok_dead      t0         written after the loop                yes
#   no_onepath   t0         read after the loop on one path       no
#   no_call      t0         read by the callee after the loop     no
#   ok_call      t0         the callee writes it, no one reads    yes
#   no_ecall     a7         read by the ecall after the loop      no
#   ok_ecall     a7         written before the ecall              yes
#   no_ret       s1         callee-saved: the return reads it     no
#   ok_saved     s1         saved before the loop, reloaded       yes
#   no_indirect  t0         an indirect jump after the loop       no
#   no_named     t0         the loop itself uses it               no
#
# Each routine returns a value that depends on the register it keeps,
# and main prints them all and a checksum of the buffers: a wrong borrow
# changes the output.
        .text
        .globl main
main:
        addi    sp, sp, -32
        sd      ra, 24(sp)
        sd      s0, 16(sp)
        sd      s1, 8(sp)
        li      s1, 77          # a callee-saved value no routine may lose
        lla     s0, routines
1:      ld      t1, 0(s0)
        beqz    t1, 2f
        lla     a0, bufa
        lla     a1, bufb
        li      a2, 13
        li      a3, 1           # take the path that reads
        jalr    t1
        call    rt_putx
        addi    s0, s0, 8
        j       1b
2:      mv      a0, s1
        call    rt_putx
        lla     a0, bufa        # checksum of both buffers
        li      a1, 0
        li      a2, 0
3:      ld      a3, 0(a0)
        add     a1, a1, a3
        slli    a3, a1, 5
        srli    a1, a1, 59
        or      a1, a1, a3
        addi    a0, a0, 8
        addi    a2, a2, 1
        li      a3, 2 * 1024 / 8
        blt     a2, a3, 3b
        mv      a0, a1
        call    rt_putx
        ld      ra, 24(sp)
        ld      s0, 16(sp)
        ld      s1, 8(sp)
        addi    sp, sp, 32
        li      a0, 0
        ret

# The loop: a2 words of a2, a2-1, ... at a0 and a1, both stepping.
.macro LOOP2 name
\name\()_loop:
        sw      a2, 0(a0)
        sw      a2, 0(a1)
        addi    a0, a0, 4
        addi    a1, a1, 4
        addi    a2, a2, -1
        bnez    a2, \name\()_loop
.endm

ok_dead:
        li      t0, 5
        LOOP2   ok_dead
        li      t0, 1
        addi    a0, t0, 100
        ret

no_onepath:
        li      t0, 7
        LOOP2   no_onepath
        li      a0, 0
        beqz    a3, 1f
        mv      a0, t0          # t0 read on this path only
1:      ret

no_call:
        addi    sp, sp, -16
        sd      ra, 8(sp)
        li      t0, 9
        LOOP2   no_call
        call    reads_t0
        ld      ra, 8(sp)
        addi    sp, sp, 16
        ret

reads_t0:
        mv      a0, t0
        ret

ok_call:
        addi    sp, sp, -16
        sd      ra, 8(sp)
        LOOP2   ok_call
        call    writes_t0
        ld      ra, 8(sp)
        addi    sp, sp, 16
        ret

writes_t0:
        li      t0, 3
        addi    a0, t0, 200
        ret

no_ecall:
        li      a7, 57          # close(-1): -EBADF
        LOOP2   no_ecall
        li      a0, -1
        ecall
        addi    a0, a0, 300
        ret

ok_ecall:
        LOOP2   ok_ecall
        li      a7, 57
        li      a0, -1
        ecall
        addi    a0, a0, 400
        ret

no_ret:
        LOOP2   no_ret
        li      a0, 500
        ret                     # s1 is the caller's

ok_saved:
        addi    sp, sp, -16
        sd      s1, 8(sp)
        LOOP2   ok_saved
        ld      s1, 8(sp)
        addi    sp, sp, 16
        li      a0, 600
        ret

no_indirect:
        lla     a5, 1f
        li      t0, 11
        LOOP2   no_indirect
        jr      a5
1:      mv      a0, t0
        ret

no_named:
        li      t0, 0
no_named_loop:
        sw      a2, 0(a0)
        sw      a2, 0(a1)
        add     t0, t0, a2
        addi    a0, a0, 4
        addi    a1, a1, 4
        addi    a2, a2, -1
        bnez    a2, no_named_loop
        mv      a0, t0
        ret

        .section .rodata
        .align  3
routines:
        .quad   ok_dead, no_onepath, no_call, ok_call, no_ecall, ok_ecall
        .quad   no_ret, ok_saved, no_indirect, no_named, 0

        .bss
        .align  3
bufa:   .space  1024
bufb:   .space  1024
