/* Machine-mode start: runs on every hart straight after entry.S.
 * Hands the machine to supervisor mode: all traps and interrupts are
 * delegated but page faults and machine software interrupts (m_trap below),
 * physical memory protection is opened, the counters are
 * readable from S and U mode and the timer is the supervisor's own
 * (Sstc: stimecmp raises the supervisor timer interrupt directly, so no
 * machine-mode handler is needed).  Then mret to kmain() in S mode. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/core/timer.h"
#include "kernel/defs.h"

void kmain(void);
void boot_start(uint64 hartid, uint64 fdt);
int m_trap(uint64 *x);
void mtrapvec(void);

uint64 boot_fdt;          /* device-tree address hart 0 received */
int boot_sstc[NCPU] KNOMIRROR;   /* 1 if this hart's stimecmp works */

#define MENVCFG_STCE  (1UL << 63)
#define COUNTERS_ALL  0x7   /* cycle, time, instret */
#define M_STACK       1024  /* bytes of machine stack per hart (m_trap) */

/* The page faults machine mode sees first: the kernel's own, on a lost
 * read-only page or page of its table, are fixed here, with paging off,
 * so that the fix never runs through the page that failed (mm/kro.c).
 * Stores too: a lost table may be the one that maps the kernel stacks. */
#define M_FAULTS  ((1UL << SCAUSE_INSN_PAGE) | (1UL << SCAUSE_LOAD_PAGE) | \
                   (1UL << SCAUSE_STORE_PAGE))

/* A fault retried this often at one pc and address, with no kernel
 * page switched to its copy meanwhile (kro_recovered), is not one a fix
 * can end: it goes to S mode (which stops the machine with its cause)
 * rather than spin in machine mode for ever.  (The same pc and address
 * fault again after every loss of a table above a hot page, such as a
 * kernel stack in the trap path: a switch in between makes those new
 * faults, not retries.) */
#define M_RETRIES     64

_Static_assert(TRAMPOLINE >> 12 == 0x3ffffff, "mtrap.S's M_TRAMPOLINE_PAGE");

static uint64 m_stacks[NCPU][M_STACK / 8] __attribute__((aligned(16))) KNOMIRROR;
static struct {
  uint64 pc, addr, switched;
  int times;
} m_last[NCPU] KNOMIRROR;

void
boot_start(uint64 hartid, uint64 fdt)
{
  uint64 x;

  if (hartid == 0)
    boot_fdt = fdt;

  /* mret goes to kmain in S mode, paging off. */
  x = csr_read(mstatus);
  x = (x & ~MSTATUS_MPP_MASK) | MSTATUS_MPP_S;
  csr_write(mstatus, x);
  csr_write(mepc, (uint64)kmain);
  csr_write(satp, 0);

  /* Every exception but M_FAULTS, the kernel's ecall (m_trap) and the
   * three supervisor interrupts go to S mode. */
  csr_write(medeleg, 0xffff & ~M_FAULTS & ~(1UL << SCAUSE_ECALL_S));
  csr_write(mtvec, (uint64)mtrapvec);
  csr_write(mscratch, (uint64)&m_stacks[hartid + 1]);
  csr_write(mideleg, SIE_SSIE | SIE_STIE | SIE_SEIE);

  /* One PMP region, top of range, covering everything: S may touch all. */
  csr_write(pmpaddr0, 0x3fffffffffffffUL);
  csr_write(pmpcfg0, 0xf);

  csr_write(mcounteren, COUNTERS_ALL);
  csr_write(scounteren, COUNTERS_ALL);

  /* Sstc: let S mode own stimecmp.  The bit only sticks if the hart
   * implements the extension; kmain refuses to run without it. */
  csr_set(menvcfg, MENVCFG_STCE);
  if (csr_read(menvcfg) & MENVCFG_STCE) {
    boot_sstc[hartid] = 1;
    csr_write(stimecmp, csr_read(time) + TIMER_INTERVAL);
  }

  /* Machine software interrupts: another hart's stop (mm/kdata.c). */
  csr_set(mie, MIE_MSIE);
  kdata_hart(hartid);

  csr_write(sscratch, hartid);    /* cpuid() reads it in S mode */
  asm volatile("mret");
}

/* A kernel page fault, a stop, or the kernel's ecall (mtrap.S, on this
 * hart's machine stack, gp 0; x: the trapped registers it saved, by
 * number).  1 if it was a stop (mm/kdata.c), the ecall -- kdata's
 * remirror: a0 its page, a1 the new frame, the answer in a0 -- or the
 * kernel's fault on a lost page of its own, now fixed: the access is
 * retried.  0 if not: mtrap.S hands the fault to S mode as a delegated
 * trap. */
int
m_trap(uint64 *x)
{
  uint64 tval = csr_read(mtval), pc = csr_read(mepc), h = csr_read(mhartid);
  uint64 cause = csr_read(mcause), switched = kro_recovered() + kdata_recovered();
  int access = cause == SCAUSE_INSN_PAGE ? PTE_X : cause == SCAUSE_LOAD_PAGE ? PTE_R : PTE_W;

  if ((long)cause < 0) {          /* the machine software interrupt */
    kdata_park();
    return 1;
  }
  if (cause == SCAUSE_ECALL_S) {
    x[10] = kdata_remirror_m(x[10], x[11]);
    csr_write(mepc, pc + 4);
    asm volatile("sfence.vma zero, zero");
    return 1;
  }

  if (m_last[h].pc == pc && m_last[h].addr == tval && m_last[h].switched == switched)
    m_last[h].times++;
  else
    m_last[h].pc = pc, m_last[h].addr = tval, m_last[h].switched = switched, m_last[h].times = 0;
  /* A 4-byte instruction at a page's last halfword may fault in the
   * next page while mtval names the first: look there too. */
  if (cause == SCAUSE_INSN_PAGE && pc % PGSIZE == PGSIZE - 2)
    kro_fix(pc + 2, access);
  if (m_last[h].times >= M_RETRIES || !(kro_fix(tval, access) || kdata_fix(tval)))
    return 0;
  asm volatile("sfence.vma zero, zero");
  return 1;
}
