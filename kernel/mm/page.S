# page_zero(pa), page_copy(dst, src): zero or copy one page, for pages
# outside the kernel's data and bss -- user frames, pool pages -- whose
# twins in a translated kernel would go to the sink (mm/kmirror.c).  In
# .text.keep, which mirrorbt leaves as it is, so they make no twins:
# never call them on data or bss, whose mirror must follow.  32 words a
# round, as memset and memmove do (core/string.c).

        .section .text.keep, "ax"
        .globl page_zero
page_zero:
        li      t0, 4096
        add     t0, a0, t0
1:      .irp o, 0,8,16,24,32,40,48,56,64,72,80,88,96,104,112,120,128,136,144,152,160,168,176,184,192,200,208,216,224,232,240,248
        sd      zero, \o(a0)
        .endr
        addi    a0, a0, 256
        bltu    a0, t0, 1b
        ret

        .globl page_copy
page_copy:
        li      t0, 4096
        add     t0, a0, t0
1:      .irp o, 0,8,16,24,32,40,48,56,64,72,80,88,96,104,112,120,128,136,144,152,160,168,176,184,192,200,208,216,224,232,240,248
        ld      t1, \o(a1)
        sd      t1, \o(a0)
        .endr
        addi    a0, a0, 256
        addi    a1, a1, 256
        bltu    a0, t0, 1b
        ret
