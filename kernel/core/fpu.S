# fp_save(tf) / fp_restore(tf): the user floating-point registers and
# fcsr to and from the trapframe (f at offset 296, fcsr at 552; see
# struct trapframe in proc.h).  The kernel itself is built without FP, so
# these are the only instructions that touch the FP registers.
# sstatus.FS must not be Off.  Kept code (.text.keep): the trapframe has
# its snapshot (mm/kown.c), so its stores need no twins, and a window of
# an fp store is one kwin_finish would not know how to end.

#define TF_F(n)  (296 + 8 * (n))
#define TF_FCSR  552

        .section .text.keep, "ax"
        .globl fp_save
fp_save:
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        fsd     f\n, TF_F(\n)(a0)
        .endr
        frcsr   t0
        sd      t0, TF_FCSR(a0)
        ret

        .globl fp_restore
fp_restore:
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        fld     f\n, TF_F(\n)(a0)
        .endr
        ld      t0, TF_FCSR(a0)
        fscsr   t0
        ret
