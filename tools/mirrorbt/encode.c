/* Instruction encoders: `op` is a MATCH value (opcode and funct bits);
 * the functions place registers and immediates around it. */
#include "mbt.h"

uint32_t
enc_r(uint32_t op, int rd, int rs1, int rs2)
{
  return op | (uint32_t)(rd & 31) << 7 | (uint32_t)(rs1 & 31) << 15 |
         (uint32_t)(rs2 & 31) << 20;
}

uint32_t
enc_i(uint32_t op, int rd, int rs1, int64_t imm)
{
  return enc_r(op, rd, rs1, 0) | (uint32_t)(imm & 0xfff) << 20;
}

uint32_t
enc_s(uint32_t op, int rs1, int rs2, int64_t imm)
{
  return enc_r(op, 0, rs1, rs2) | (uint32_t)(imm & 0x1f) << 7 |
         (uint32_t)((imm >> 5) & 0x7f) << 25;
}

uint32_t
enc_b(uint32_t op, int rs1, int rs2, int64_t imm)
{
  return enc_r(op, 0, rs1, rs2) | (uint32_t)((imm >> 11) & 1) << 7 |
         (uint32_t)((imm >> 1) & 0xf) << 8 | (uint32_t)((imm >> 5) & 0x3f) << 25 |
         (uint32_t)((imm >> 12) & 1) << 31;
}

uint32_t
enc_u(uint32_t op, int rd, int64_t imm)
{
  return enc_r(op, rd, 0, 0) | ((uint32_t)imm & 0xfffff000u);
}

uint32_t
enc_j(uint32_t op, int rd, int64_t imm)
{
  return enc_r(op, rd, 0, 0) | (uint32_t)((imm >> 12) & 0xff) << 12 |
         (uint32_t)((imm >> 11) & 1) << 20 | (uint32_t)((imm >> 1) & 0x3ff) << 21 |
         (uint32_t)((imm >> 20) & 1) << 31;
}

/* The part of v that lui/auipc supply when the low 12 bits are added
 * back sign-extended. */
int64_t
enc_hi20(int64_t v)
{
  return (v + 0x800) & ~(int64_t)0xfff;
}

/* Load constant v into rd: lui/addiw for 32-bit values, otherwise the
 * upper part recursively, shifted into place, plus the low 12 bits. */
int
enc_li(int rd, int64_t v, uint32_t *w)
{
  int64_t lo = (int64_t)((uint64_t)v << 52) >> 52, hi;
  int n = 0, sh;

  if (v == (int32_t)v) {
    hi = enc_hi20(v);
    if (hi)
      w[n++] = enc_u(0x37, rd, hi);                      /* lui */
    if (lo || !hi)
      w[n++] = enc_i(hi ? 0x1b : 0x13, rd, hi ? rd : 0, lo); /* addiw/addi */
    return n;
  }
  hi = v - lo;
  sh = __builtin_ctzll((uint64_t)hi);
  n = enc_li(rd, hi >> sh, w);
  w[n++] = enc_i(0x1013, rd, rd, sh);                    /* slli */
  if (lo)
    w[n++] = enc_i(0x13, rd, rd, lo);                    /* addi */
  return n;
}
