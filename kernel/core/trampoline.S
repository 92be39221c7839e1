# The trampoline page, mapped at TRAMPOLINE in the kernel's and in every
# user page table, so the code keeps running while satp changes.
#
# While a process runs in user mode, sscratch holds TRAPFRAME (the user
# virtual address of its trapframe, struct trapframe in proc.h); while the
# kernel runs, the hart's number.
#
# uservec: stvec in user mode.  Saves every user register in the
#   trapframe, loads the kernel's sp, hart number (into sscratch, where
#   cpuid() reads it), page table and gp (the kernel's mirror offset: 0,
#   or KMIRROR_OFFSET, mm/kmirror.c) from it and jumps to user_trap()
#   (trap.c).  In the kernel, as
#   in a program mirrorbt translated, gp holds the mirror offset and tp
#   is scratch, so that mirrorbt can translate the kernel
#   (docs/kernel-mirror.md, "Translating the kernel").
# userret(TRAPFRAME, user satp): called by usertrap_return() through its
#   TRAMPOLINE alias, with sepc and sstatus already set.  Switches to the
#   user page table, restores the registers and returns to user mode.

# struct trapframe offsets
#define TF_K_SATP    0
#define TF_K_SP      8
#define TF_K_TRAP   16
#define TF_K_HARTID 24
#define TF_X(n)     (40 + 8 * (n))
#define TF_K_GP    560

        .section .trampoline, "ax"
        .p2align 12                     # a page of its own (kernel.ld)
        .globl uservec
uservec:
        csrrw   a0, sscratch, a0        # a0 = TRAPFRAME, sscratch = user a0
        .irp n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        sd      x\n, TF_X(\n)(a0)
        .endr
        csrr    t0, sscratch
        sd      t0, TF_X(10)(a0)

        ld      sp, TF_K_SP(a0)
        ld      t0, TF_K_HARTID(a0)
        csrw    sscratch, t0
        ld      gp, TF_K_GP(a0)         # the kernel's mirror offset
        ld      t0, TF_K_TRAP(a0)
        ld      t1, TF_K_SATP(a0)
        sfence.vma zero, zero
        csrw    satp, t1
        sfence.vma zero, zero
        jr      t0                      # user_trap(), never returns here

        .globl userret
userret:
        sfence.vma zero, zero
        csrw    satp, a1
        sfence.vma zero, zero
        csrw    sscratch, a0            # for the next uservec
        .irp n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        ld      x\n, TF_X(\n)(a0)
        .endr
        ld      a0, TF_X(10)(a0)
        sret
