/* The liveness analysis: which integer registers the program may still
 * read, before it writes them, from each instruction of a code section
 * on.  The rewrite borrows a register the program leaves dead as a
 * second scratch register (a copied loop with two store bases keeps the
 * second base's mirror address in it, rw_loops); --check proves each
 * borrowed register dead by a search of its own over the input's paths
 * (chk_dead), on the same model:
 *
 *  - an instruction reads and writes the integer registers its decoding
 *    names (live_use; c.jalr and jal/jalr with a link write the link);
 *  - successors: the next instruction, a branch's target, a jump's
 *    target, the target of a call pair (auipc+jalr with an R_RISCV_CALL
 *    relocation: `call f`, `tail f`, whose jalr is never entered but
 *    from its auipc); a call (a jump with a link) goes to its target and comes
 *    back to the next instruction, the callee having written nothing
 *    but the link (so whatever is live after the call is live before
 *    it, and so is what the callee reads);
 *  - a return (`jalr x0, 0(ra)`, `c.jr ra`) reads what the ABI says a
 *    caller may read afterwards: ra, sp, gp, tp, s0-s11, a0, a1;
 *  - ecall reads a0-a7 and goes on; signal and trap handlers preserve
 *    every register, so a trap is no read;
 *  - everything is live where the analysis cannot follow: an indirect
 *    jump or call, ebreak, data or padding reached by falling through,
 *    a target outside the section.
 * Live sets are bit masks, bit i for xi; x0 is never live. */
#include <string.h>
#include "mbt.h"

/* The registers d reads (*rd) and writes (*wr). */
void
live_use(const Insn *d, uint32_t *rd, uint32_t *wr)
{
  *rd = *wr = 0;
  if (d->rs1 > 0 && d->rs1 < R_FP)
    *rd |= 1u << d->rs1;
  if (d->rs2 > 0 && d->rs2 < R_FP)
    *rd |= 1u << d->rs2;
  if (d->rd > 0 && d->rd < R_FP)
    *wr |= 1u << d->rd;
  if (!strcmp(d->op->name, "c.jalr"))
    *wr |= 1u << 1;
}

/* Is d a return: jalr x0, 0(ra) (c.jr ra)? */
int
live_is_ret(const Insn *d)
{
  return d->op->kind == K_JALR && !flow_links(d) && d->rs1 == 1 && d->imm == 0 &&
         d->rd <= 0;
}

/* Mark jalr as the second half of a call pair with auipc (right before
 * it, with an R_RISCV_CALL relocation): when it is auipc rX; jalr
 * ..(rX), it goes to auipc's pc + auipc's immediate + jalr's. */
void
live_pair(const Insn *auipc, Insn *jalr)
{
  if (auipc->op && jalr->op && auipc->op->kind == K_AUIPC && auipc->len == 4 &&
      jalr->op->kind == K_JALR && jalr->len == 4 && jalr->rs1 == auipc->rd) {
    jalr->paired = 1;
    jalr->to = auipc->imm + jalr->imm - 4;
  }
}

/* The pc-relative target of a branch, jump or call pair d. */
int64_t
live_to(const Insn *d)
{
  return d->paired ? d->to : d->imm;
}

/* What d reads beyond its operands because of where control goes:
 * LIVE_ALL where the analysis cannot follow, the ABI's sets at returns
 * and ecall, else 0.  *next: whether it falls through, *jump: whether it
 * goes to d's pc-relative target. */
uint32_t
live_exit(const Insn *d, int *next, int *jump)
{
  int k = d->op->kind;

  *next = *jump = 0;
  if (k == K_JALR && d->paired) {
    *jump = 1;
    *next = flow_links(d);
    return 0;
  }
  if (k == K_JALR)
    return live_is_ret(d) ? LIVE_RET : LIVE_ALL;
  if (k == K_SYS)
    return strcmp(d->op->name, "ecall") ? LIVE_ALL : (*next = 1, LIVE_ECALL);
  *jump = k == K_BRANCH || k == K_JAL;
  *next = k != K_JAL || flow_links(d);
  return 0;
}

/* live[h] for the successor halfword t of a section of nh halfwords. */
static uint32_t
live_at(const uint32_t *live, const Insn *ins, size_t nh, int64_t t)
{
  return t < 0 || (size_t)t >= nh || !ins[t].op ? LIVE_ALL : live[t];
}

/* One backward pass; returns whether a set grew. */
static int
live_pass(const Insn *ins, size_t nh, uint32_t *live)
{
  size_t h = nh;
  int ch = 0, next, jump;
  uint32_t out, rd, wr, in;

  while (h-- > 0) {
    const Insn *d = &ins[h];
    if (!d->op)
      continue;                 /* data, or the second half of an instruction */
    out = live_exit(d, &next, &jump);
    if (next)
      out |= live_at(live, ins, nh, (int64_t)h + d->len / 2);
    if (jump)
      out |= live_at(live, ins, nh, (int64_t)h + live_to(d) / 2);
    live_use(d, &rd, &wr);
    in = (rd | (out & ~wr)) & ~1u;
    if (in != live[h]) {
      live[h] = in;
      ch = 1;
    }
  }
  return ch;
}

/* Solve live[0..nh) for the instructions ins[0..nh) of a code section
 * (by halfword, as rw_decode leaves them: op NULL for data): live[h] is
 * the set live before the instruction at halfword h.  The least fixed
 * point: sets only grow, from empty. */
void
live_solve(const Insn *ins, size_t nh, uint32_t *live)
{
  memset(live, 0, nh * sizeof(uint32_t));
  while (live_pass(ins, nh, live))
    ;
}
