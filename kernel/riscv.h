/* RISC-V privileged-architecture definitions: CSR access, Sv39 page-table
 * entries and address arithmetic.  User programs include this header for
 * PGSIZE and friends; the CSR helpers only work in the kernel. */
#ifndef KERNEL_RISCV_H
#define KERNEL_RISCV_H

#define PGSIZE  4096
#define PGSHIFT 12
#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~(uint64)(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(uint64)(PGSIZE - 1))

/* Sv39: three levels of 9 index bits above the 12-bit page offset.
 * MAXVA is one bit less than Sv39 allows, so that no valid user address
 * needs sign extension. */
#define PXMASK          0x1FF
#define PXSHIFT(level)  (PGSHIFT + 9*(level))
#define PX(level, va)   ((((uint64)(va)) >> PXSHIFT(level)) & PXMASK)
#define MAXVA           (1L << (9 + 9 + 9 + 12 - 1))

#define PTE_V   (1L << 0)
#define PTE_R   (1L << 1)
#define PTE_W   (1L << 2)
#define PTE_X   (1L << 3)
#define PTE_U   (1L << 4)
#define PTE_G   (1L << 5)
#define PTE_A   (1L << 6)
#define PTE_D   (1L << 7)
#define PTE_RSW0 (1L << 8)   /* software bits (see kernel/mm) */
#define PTE_RSW1 (1L << 9)

#define PA2PTE(pa)    ((((uint64)(pa)) >> 12) << 10)
#define PTE2PA(pte)   (((pte) >> 10) << 12)
#define PTE_FLAGS(pte) ((pte) & 0x3FF)

#define SATP_SV39     (8L << 60)
#define MAKE_SATP(pt) (SATP_SV39 | (((uint64)(pt)) >> 12))

#ifndef __ASSEMBLER__
typedef uint64 pte_t;
typedef uint64 *pagetable_t;   /* 512 PTEs */

/* CSR access by name: csr_read(sstatus), csr_write(stvec, x), ...  The
 * writes are compiler barriers: turning interrupts off or on must not
 * move memory accesses across it. */
#define csr_read(csr) ({ uint64 v_; \
  asm volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, val) \
  asm volatile("csrw " #csr ", %0" : : "r"((uint64)(val)) : "memory")
#define csr_set(csr, bits) \
  asm volatile("csrs " #csr ", %0" : : "r"((uint64)(bits)) : "memory")
#define csr_clear(csr, bits) \
  asm volatile("csrc " #csr ", %0" : : "r"((uint64)(bits)) : "memory")

static inline uint64 reg_tp(void) { uint64 x; asm volatile("mv %0, tp" : "=r"(x)); return x; }
static inline void reg_set_tp(uint64 x) { asm volatile("mv tp, %0" : : "r"(x)); }
static inline uint64 reg_sp(void) { uint64 x; asm volatile("mv %0, sp" : "=r"(x)); return x; }
static inline uint64 reg_ra(void) { uint64 x; asm volatile("mv %0, ra" : "=r"(x)); return x; }

/* Atomic swaps whose result has a register of its own: a translated
 * kernel's AMO may not overwrite its operand (mirrorbt --twin-atomics
 * twins it after the operation). */
static inline uint32 amo_swap32(uint32 *p, uint32 v)
{ uint32 old; asm volatile("amoswap.w.aqrl %0, %1, (%2)" : "=&r"(old) : "r"(v), "r"(p) : "memory"); return old; }
static inline uint64 amo_swap64(uint64 *p, uint64 v)
{ uint64 old; asm volatile("amoswap.d.aqrl %0, %1, (%2)" : "=&r"(old) : "r"(v), "r"(p) : "memory"); return old; }
static inline uint32 amo_add32(uint32 *p, uint32 v)
{ uint32 old; asm volatile("amoadd.w.aqrl %0, %1, (%2)" : "=&r"(old) : "r"(v), "r"(p) : "memory"); return old; }
static inline void sfence_vma(void) { asm volatile("sfence.vma zero, zero"); }
static inline void sfence_vma_addr(uint64 va) { asm volatile("sfence.vma %0, zero" : : "r"(va)); }

#endif

/* mstatus / sstatus fields */
#define MSTATUS_MPP_MASK (3L << 11)
#define MSTATUS_MPP_M    (3L << 11)
#define MSTATUS_MPP_S    (1L << 11)
#define MSTATUS_MPP_U    (0L << 11)
#define MSTATUS_MIE      (1L << 3)
#define SSTATUS_SPP      (1L << 8)   /* previous mode: 1 supervisor, 0 user */
#define SSTATUS_SPIE     (1L << 5)
#define SSTATUS_UPIE     (1L << 4)
#define SSTATUS_SIE      (1L << 1)
#define SSTATUS_UIE      (1L << 0)
#define SSTATUS_SUM      (1L << 18)  /* supervisor may access user pages */
#define SSTATUS_FS_MASK  (3L << 13)  /* floating-point state */
#define SSTATUS_FS_OFF   (0L << 13)
#define SSTATUS_FS_INIT  (1L << 13)
#define SSTATUS_FS_CLEAN (2L << 13)
#define SSTATUS_FS_DIRTY (3L << 13)

/* sie / sip bits */
#define SIE_SSIE (1L << 1)   /* software */
#define SIE_STIE (1L << 5)   /* timer */
#define SIE_SEIE (1L << 9)   /* external */

/* mie bits (xv6 names; MemV6 takes no machine-mode interrupts) */
#define MIE_MSIE (1L << 3)
#define MIE_STIE (1L << 5)
#define MIE_MTIE (1L << 7)
#define MIE_MEIE (1L << 11)

/* scause values */
#define SCAUSE_INTR          (1UL << 63)
#define SCAUSE_ILLEGAL_INSN  2
#define SCAUSE_BREAKPOINT    3
#define SCAUSE_LOAD_MISALIGN 4
#define SCAUSE_LOAD_ACCESS   5
#define SCAUSE_STORE_MISALIGN 6
#define SCAUSE_STORE_ACCESS  7
#define SCAUSE_ECALL_U       8
#define SCAUSE_ECALL_S       9
#define SCAUSE_INSN_PAGE     12
#define SCAUSE_LOAD_PAGE     13
#define SCAUSE_STORE_PAGE    15
#define SCAUSE_INSN_ACCESS   1
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9

#ifndef __ASSEMBLER__
/* xv6-riscv's names for the same things (DESIGN.md section 2: programs
 * written against xv6's headers build unchanged).  r_CSR() reads a CSR,
 * w_CSR(x) writes it; MemV6's own code uses csr_read/csr_write and the
 * reg_* helpers above. */
#define XV6_CSR_R(csr) static inline uint64 r_##csr(void) { return csr_read(csr); }
#define XV6_CSR_W(csr) static inline void w_##csr(uint64 x) { csr_write(csr, x); }
#define XV6_CSR_RW(csr) XV6_CSR_R(csr) XV6_CSR_W(csr)
XV6_CSR_R(mhartid)
XV6_CSR_RW(mstatus)
XV6_CSR_RW(mepc)
XV6_CSR_RW(sstatus)
XV6_CSR_RW(sip)
XV6_CSR_RW(sie)
XV6_CSR_RW(mie)
XV6_CSR_RW(sepc)
XV6_CSR_RW(medeleg)
XV6_CSR_RW(mideleg)
XV6_CSR_RW(stvec)
XV6_CSR_RW(mtvec)
XV6_CSR_RW(pmpcfg0)
XV6_CSR_RW(pmpaddr0)
XV6_CSR_RW(satp)
XV6_CSR_RW(mscratch)
XV6_CSR_RW(sscratch)
XV6_CSR_RW(scause)
XV6_CSR_RW(stval)
XV6_CSR_RW(mcounteren)
XV6_CSR_RW(menvcfg)
XV6_CSR_RW(stimecmp)
XV6_CSR_R(time)
#undef XV6_CSR_RW
#undef XV6_CSR_W
#undef XV6_CSR_R

static inline uint64 r_sp(void) { return reg_sp(); }
static inline uint64 r_tp(void) { return reg_tp(); }
static inline void w_tp(uint64 x) { reg_set_tp(x); }
static inline uint64 r_ra(void) { return reg_ra(); }

/* Supervisor interrupts on this hart: on, off, and whether they are on. */
static inline void intr_on(void) { csr_set(sstatus, SSTATUS_SIE); }
static inline void intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }
static inline int intr_get(void) { return (csr_read(sstatus) & SSTATUS_SIE) != 0; }
/* Off for a few instructions, then back as they were (not nestable
 * with spinlocks: intr_push/intr_pop are for those). */
static inline uint64 intr_save(void) { uint64 s = csr_read(sstatus) & SSTATUS_SIE; intr_off(); return s; }
static inline void intr_restore(uint64 s) { csr_set(sstatus, s); }
#endif

#endif
