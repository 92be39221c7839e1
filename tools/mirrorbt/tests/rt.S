# Freestanding runtime for mirrorbt's test programs under qemu-riscv64
# (Linux system calls: write 64, exit 93, mmap 222).
#
# "prog HEX" runs prog with mirror offset HEX: before any store, _start
# maps the mirror of the whole image, then rewrites every word of
# .data/.bss in place so that (translated) the mirror starts equal, as
# the kernel's exec would make it.  It runs main on a stack in .bss and
# passes its result to rt_finish, which compares the copies.
        .section .text.entry
        .globl _start
_start:
        ld      a0, 0(sp)               # argc
        li      s0, 0                   # mirror offset
        li      t0, 2
        blt     a0, t0, 3f
        ld      a1, 16(sp)              # argv[1], hex digits
1:      lbu     t1, 0(a1)
        beqz    t1, 3f
        addi    t1, t1, -'0'
        li      t2, 10
        bltu    t1, t2, 2f
        addi    t1, t1, '0' - 'a' + 10
2:      slli    s0, s0, 4
        or      s0, s0, t1
        addi    a1, a1, 1
        j       1b
3:      beqz    s0, 5f
        mv      a0, s0                  # mmap(offset, image, RW, FIXED|PRIVATE|ANON)
        lla     a1, end
        li      t0, 4095
        add     a1, a1, t0
        srli    a1, a1, 12
        slli    a1, a1, 12
        li      a2, 3
        li      a3, 0x32
        li      a4, -1
        li      a5, 0
        li      a7, 222
        ecall
        beq     a0, s0, 4f
        li      a0, 99
        li      a7, 93
        ecall
4:      lla     t0, __data_start        # make the mirror equal
        lla     t1, end
6:      bgeu    t0, t1, 5f
        ld      t2, 0(t0)
        sd      t2, 0(t0)
        addi    t0, t0, 8
        j       6b
5:      lla     sp, rt_stacktop
        lla     t0, rt_offset
        sd      s0, 0(t0)
        call    main
        call    rt_finish
        li      a7, 93
        ecall

        .globl rt_write
rt_write:
        li      a7, 64
        ecall
        ret

#ifndef RT_STACK
#define RT_STACK 16384                  # csmith's programs get more
#endif
        .bss
        .balign 16
        .space  RT_STACK
rt_stacktop:
