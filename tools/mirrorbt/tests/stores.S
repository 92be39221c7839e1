# Every plain store form of rv64gc, compressed and fp included.
        .text
        .globl main
main:
        addi    sp, sp, -64
        sd      ra, 56(sp)
        lla     s0, buf
        li      s1, 0x1122334455667788
        sb      s1, 0(s0)
        sh      s1, 2(s0)
        sw      s1, 4(s0)
        sd      s1, 8(s0)
        c.sw    s1, 16(s0)
        c.sd    s1, 24(s0)
        c.swsp  s1, 0(sp)
        c.sdsp  s1, 8(sp)
        fmv.d.x fa0, s1
        fsw     fa0, 32(s0)
        fsd     fa0, 40(s0)
        c.fsd   fa0, 48(s0)
        c.fsdsp fa0, 16(sp)
        lw      a0, 0(sp)
        sd      a0, 56(s0)
        ld      a0, 8(sp)
        ld      a1, 16(sp)
        add     a0, a0, a1
        sd      a0, 64(s0)
        li      s1, 0
        li      a0, 0
1:      slli    a1, s1, 3               # checksum the buffer
        add     a1, a1, s0
        ld      a1, 0(a1)
        add     a0, a0, a1
        slli    a0, a0, 1
        addi    s1, s1, 1
        li      a1, 9
        blt     s1, a1, 1b
        call    rt_putx
        ld      ra, 56(sp)
        addi    sp, sp, 64
        li      a0, 0
        ret

        .bss
        .balign 8
buf:    .space  72
