/* Decoder for rv64gc (RV64IMAFDC, Zicsr, Zifencei), 16- and 32-bit forms.
 * One MATCH/MASK table, searched in order: the first entry whose fixed
 * bits match (and whose `nz` bits are not all zero) names the
 * instruction; its format says where the operands are. */
#include "mbt.h"

enum {  /* operand formats; 32-bit first, then compressed */
  F_R, F_R4, F_I, F_S, F_B, F_U, F_J,
  C_CR, C_CI, C_CISP, C_CIW, C_CL, C_CSW, C_CSD, C_CSSW, C_CSSD,
  C_CA, C_CB, C_CBA, C_CJ
};

#define OP(n, m, k, f, kind, w, ops) { n, m, k, 0, f, kind, w, ops }
#define OPNZ(n, m, k, nz, f, kind, w, ops) { n, m, k, nz, f, kind, w, ops }
#define AMO(n, m) OP(n, m, 0xf800707f, F_R, K_AMO, ((m) & 0x1000) ? 8 : 4, "xxx")

static const Op dec_tab[] = {
  /* RV64I */
  OP("lui",    0x00000037, 0x0000007f, F_U, K_LUI, 0, "x--"),
  OP("auipc",  0x00000017, 0x0000007f, F_U, K_AUIPC, 0, "x--"),
  OP("jal",    0x0000006f, 0x0000007f, F_J, K_JAL, 0, "x--"),
  OP("jalr",   0x00000067, 0x0000707f, F_I, K_JALR, 0, "xx-"),
  OP("beq",    0x00000063, 0x0000707f, F_B, K_BRANCH, 0, "-xx"),
  OP("bne",    0x00001063, 0x0000707f, F_B, K_BRANCH, 0, "-xx"),
  OP("blt",    0x00004063, 0x0000707f, F_B, K_BRANCH, 0, "-xx"),
  OP("bge",    0x00005063, 0x0000707f, F_B, K_BRANCH, 0, "-xx"),
  OP("bltu",   0x00006063, 0x0000707f, F_B, K_BRANCH, 0, "-xx"),
  OP("bgeu",   0x00007063, 0x0000707f, F_B, K_BRANCH, 0, "-xx"),
  OP("lb",     0x00000003, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("lh",     0x00001003, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("lw",     0x00002003, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("ld",     0x00003003, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("lbu",    0x00004003, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("lhu",    0x00005003, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("lwu",    0x00006003, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("sb",     0x00000023, 0x0000707f, F_S, K_STORE, 1, "-xx"),
  OP("sh",     0x00001023, 0x0000707f, F_S, K_STORE, 2, "-xx"),
  OP("sw",     0x00002023, 0x0000707f, F_S, K_STORE, 4, "-xx"),
  OP("sd",     0x00003023, 0x0000707f, F_S, K_STORE, 8, "-xx"),
  OP("addi",   0x00000013, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("slti",   0x00002013, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("sltiu",  0x00003013, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("xori",   0x00004013, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("ori",    0x00006013, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("andi",   0x00007013, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("slli",   0x00001013, 0xfc00707f, F_I, K_OTHER, 0, "xx-"),
  OP("srli",   0x00005013, 0xfc00707f, F_I, K_OTHER, 0, "xx-"),
  OP("srai",   0x40005013, 0xfc00707f, F_I, K_OTHER, 0, "xx-"),
  OP("add",    0x00000033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("sub",    0x40000033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("sll",    0x00001033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("slt",    0x00002033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("sltu",   0x00003033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("xor",    0x00004033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("srl",    0x00005033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("sra",    0x40005033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("or",     0x00006033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("and",    0x00007033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("addiw",  0x0000001b, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("slliw",  0x0000101b, 0xfe00707f, F_I, K_OTHER, 0, "xx-"),
  OP("srliw",  0x0000501b, 0xfe00707f, F_I, K_OTHER, 0, "xx-"),
  OP("sraiw",  0x4000501b, 0xfe00707f, F_I, K_OTHER, 0, "xx-"),
  OP("addw",   0x0000003b, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("subw",   0x4000003b, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("sllw",   0x0000103b, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("srlw",   0x0000503b, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("sraw",   0x4000503b, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("fence.tso", 0x8330000f, 0xfff0707f, F_I, K_OTHER, 0, "---"),
  OP("fence",  0x0000000f, 0x0000707f, F_I, K_OTHER, 0, "---"),
  OP("fence.i", 0x0000100f, 0x0000707f, F_I, K_OTHER, 0, "---"),
  OP("ecall",  0x00000073, 0xffffffff, F_I, K_SYS, 0, "---"),
  OP("ebreak", 0x00100073, 0xffffffff, F_I, K_SYS, 0, "---"),
  /* unimp: csrrw zero, cycle, zero (cycle is read-only: it traps) */
  OP("unimp",  0xc0001073, 0xffffffff, F_I, K_SYS, 0, "---"),
  /* Privileged (a kernel's code): the returns leave, as ebreak does;
   * wfi and sfence.vma fall through and write no memory */
  OP("sret",   0x10200073, 0xffffffff, F_I, K_SYS, 0, "---"),
  OP("mret",   0x30200073, 0xffffffff, F_I, K_SYS, 0, "---"),
  OP("wfi",    0x10500073, 0xffffffff, F_I, K_OTHER, 0, "---"),
  OP("sfence.vma", 0x12000073, 0xfe007fff, F_R, K_OTHER, 0, "-xx"),
  /* Zicsr: the immediate forms carry a 5-bit constant in rs1 */
  OP("csrrw",  0x00001073, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("csrrs",  0x00002073, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("csrrc",  0x00003073, 0x0000707f, F_I, K_OTHER, 0, "xx-"),
  OP("csrrwi", 0x00005073, 0x0000707f, F_I, K_OTHER, 0, "x--"),
  OP("csrrsi", 0x00006073, 0x0000707f, F_I, K_OTHER, 0, "x--"),
  OP("csrrci", 0x00007073, 0x0000707f, F_I, K_OTHER, 0, "x--"),
  /* M */
  OP("mul",    0x02000033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("mulh",   0x02001033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("mulhsu", 0x02002033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("mulhu",  0x02003033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("div",    0x02004033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("divu",   0x02005033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("rem",    0x02006033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("remu",   0x02007033, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("mulw",   0x0200003b, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("divw",   0x0200403b, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("divuw",  0x0200503b, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("remw",   0x0200603b, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  OP("remuw",  0x0200703b, 0xfe00707f, F_R, K_OTHER, 0, "xxx"),
  /* A: lr reads, sc and amo* write memory */
  OP("lr.w",   0x1000202f, 0xf9f0707f, F_R, K_OTHER, 0, "xx-"),
  OP("lr.d",   0x1000302f, 0xf9f0707f, F_R, K_OTHER, 0, "xx-"),
  AMO("sc.w", 0x1800202f), AMO("sc.d", 0x1800302f),
  AMO("amoswap.w", 0x0800202f), AMO("amoswap.d", 0x0800302f),
  AMO("amoadd.w", 0x0000202f),  AMO("amoadd.d", 0x0000302f),
  AMO("amoxor.w", 0x2000202f),  AMO("amoxor.d", 0x2000302f),
  AMO("amoand.w", 0x6000202f),  AMO("amoand.d", 0x6000302f),
  AMO("amoor.w", 0x4000202f),   AMO("amoor.d", 0x4000302f),
  AMO("amomin.w", 0x8000202f),  AMO("amomin.d", 0x8000302f),
  AMO("amomax.w", 0xa000202f),  AMO("amomax.d", 0xa000302f),
  AMO("amominu.w", 0xc000202f), AMO("amominu.d", 0xc000302f),
  AMO("amomaxu.w", 0xe000202f), AMO("amomaxu.d", 0xe000302f),
  /* F and D */
  OP("flw",    0x00002007, 0x0000707f, F_I, K_OTHER, 0, "fx-"),
  OP("fld",    0x00003007, 0x0000707f, F_I, K_OTHER, 0, "fx-"),
  OP("fsw",    0x00002027, 0x0000707f, F_S, K_STORE, 4, "-xf"),
  OP("fsd",    0x00003027, 0x0000707f, F_S, K_STORE, 8, "-xf"),
  OP("fmadd.s",  0x00000043, 0x0600007f, F_R4, K_OTHER, 0, "fff"),
  OP("fmsub.s",  0x00000047, 0x0600007f, F_R4, K_OTHER, 0, "fff"),
  OP("fnmsub.s", 0x0000004b, 0x0600007f, F_R4, K_OTHER, 0, "fff"),
  OP("fnmadd.s", 0x0000004f, 0x0600007f, F_R4, K_OTHER, 0, "fff"),
  OP("fmadd.d",  0x02000043, 0x0600007f, F_R4, K_OTHER, 0, "fff"),
  OP("fmsub.d",  0x02000047, 0x0600007f, F_R4, K_OTHER, 0, "fff"),
  OP("fnmsub.d", 0x0200004b, 0x0600007f, F_R4, K_OTHER, 0, "fff"),
  OP("fnmadd.d", 0x0200004f, 0x0600007f, F_R4, K_OTHER, 0, "fff"),
  OP("fadd.s",   0x00000053, 0xfe00007f, F_R, K_OTHER, 0, "fff"),
  OP("fsub.s",   0x08000053, 0xfe00007f, F_R, K_OTHER, 0, "fff"),
  OP("fmul.s",   0x10000053, 0xfe00007f, F_R, K_OTHER, 0, "fff"),
  OP("fdiv.s",   0x18000053, 0xfe00007f, F_R, K_OTHER, 0, "fff"),
  OP("fsqrt.s",  0x58000053, 0xfff0007f, F_R, K_OTHER, 0, "ff-"),
  OP("fsgnj.s",  0x20000053, 0xfe00707f, F_R, K_OTHER, 0, "fff"),
  OP("fsgnjn.s", 0x20001053, 0xfe00707f, F_R, K_OTHER, 0, "fff"),
  OP("fsgnjx.s", 0x20002053, 0xfe00707f, F_R, K_OTHER, 0, "fff"),
  OP("fmin.s",   0x28000053, 0xfe00707f, F_R, K_OTHER, 0, "fff"),
  OP("fmax.s",   0x28001053, 0xfe00707f, F_R, K_OTHER, 0, "fff"),
  OP("fcvt.w.s", 0xc0000053, 0xfff0007f, F_R, K_OTHER, 0, "xf-"),
  OP("fcvt.wu.s", 0xc0100053, 0xfff0007f, F_R, K_OTHER, 0, "xf-"),
  OP("fcvt.l.s", 0xc0200053, 0xfff0007f, F_R, K_OTHER, 0, "xf-"),
  OP("fcvt.lu.s", 0xc0300053, 0xfff0007f, F_R, K_OTHER, 0, "xf-"),
  OP("fmv.x.w",  0xe0000053, 0xfff0707f, F_R, K_OTHER, 0, "xf-"),
  OP("fclass.s", 0xe0001053, 0xfff0707f, F_R, K_OTHER, 0, "xf-"),
  OP("feq.s",    0xa0002053, 0xfe00707f, F_R, K_OTHER, 0, "xff"),
  OP("flt.s",    0xa0001053, 0xfe00707f, F_R, K_OTHER, 0, "xff"),
  OP("fle.s",    0xa0000053, 0xfe00707f, F_R, K_OTHER, 0, "xff"),
  OP("fcvt.s.w", 0xd0000053, 0xfff0007f, F_R, K_OTHER, 0, "fx-"),
  OP("fcvt.s.wu", 0xd0100053, 0xfff0007f, F_R, K_OTHER, 0, "fx-"),
  OP("fcvt.s.l", 0xd0200053, 0xfff0007f, F_R, K_OTHER, 0, "fx-"),
  OP("fcvt.s.lu", 0xd0300053, 0xfff0007f, F_R, K_OTHER, 0, "fx-"),
  OP("fmv.w.x",  0xf0000053, 0xfff0707f, F_R, K_OTHER, 0, "fx-"),
  OP("fadd.d",   0x02000053, 0xfe00007f, F_R, K_OTHER, 0, "fff"),
  OP("fsub.d",   0x0a000053, 0xfe00007f, F_R, K_OTHER, 0, "fff"),
  OP("fmul.d",   0x12000053, 0xfe00007f, F_R, K_OTHER, 0, "fff"),
  OP("fdiv.d",   0x1a000053, 0xfe00007f, F_R, K_OTHER, 0, "fff"),
  OP("fsqrt.d",  0x5a000053, 0xfff0007f, F_R, K_OTHER, 0, "ff-"),
  OP("fsgnj.d",  0x22000053, 0xfe00707f, F_R, K_OTHER, 0, "fff"),
  OP("fsgnjn.d", 0x22001053, 0xfe00707f, F_R, K_OTHER, 0, "fff"),
  OP("fsgnjx.d", 0x22002053, 0xfe00707f, F_R, K_OTHER, 0, "fff"),
  OP("fmin.d",   0x2a000053, 0xfe00707f, F_R, K_OTHER, 0, "fff"),
  OP("fmax.d",   0x2a001053, 0xfe00707f, F_R, K_OTHER, 0, "fff"),
  OP("fcvt.s.d", 0x40100053, 0xfff0007f, F_R, K_OTHER, 0, "ff-"),
  OP("fcvt.d.s", 0x42000053, 0xfff0007f, F_R, K_OTHER, 0, "ff-"),
  OP("feq.d",    0xa2002053, 0xfe00707f, F_R, K_OTHER, 0, "xff"),
  OP("flt.d",    0xa2001053, 0xfe00707f, F_R, K_OTHER, 0, "xff"),
  OP("fle.d",    0xa2000053, 0xfe00707f, F_R, K_OTHER, 0, "xff"),
  OP("fclass.d", 0xe2001053, 0xfff0707f, F_R, K_OTHER, 0, "xf-"),
  OP("fcvt.w.d", 0xc2000053, 0xfff0007f, F_R, K_OTHER, 0, "xf-"),
  OP("fcvt.wu.d", 0xc2100053, 0xfff0007f, F_R, K_OTHER, 0, "xf-"),
  OP("fcvt.l.d", 0xc2200053, 0xfff0007f, F_R, K_OTHER, 0, "xf-"),
  OP("fcvt.lu.d", 0xc2300053, 0xfff0007f, F_R, K_OTHER, 0, "xf-"),
  OP("fcvt.d.w", 0xd2000053, 0xfff0007f, F_R, K_OTHER, 0, "fx-"),
  OP("fcvt.d.wu", 0xd2100053, 0xfff0007f, F_R, K_OTHER, 0, "fx-"),
  OP("fcvt.d.l", 0xd2200053, 0xfff0007f, F_R, K_OTHER, 0, "fx-"),
  OP("fcvt.d.lu", 0xd2300053, 0xfff0007f, F_R, K_OTHER, 0, "fx-"),
  OP("fmv.x.d",  0xe2000053, 0xfff0707f, F_R, K_OTHER, 0, "xf-"),
  OP("fmv.d.x",  0xf2000053, 0xfff0707f, F_R, K_OTHER, 0, "fx-"),
  /* C, quadrant 0 */
  OPNZ("c.addi4spn", 0x0000, 0xe003, 0x1fe0, C_CIW, K_OTHER, 0, "xx-"),
  OP("c.unimp", 0x0000, 0xffff, C_CR, K_SYS, 0, "---"),   /* defined illegal: traps */
  OP("c.fld",   0x2000, 0xe003, C_CL, K_OTHER, 0, "fx-"),
  OP("c.lw",    0x4000, 0xe003, C_CL, K_OTHER, 0, "xx-"),
  OP("c.ld",    0x6000, 0xe003, C_CL, K_OTHER, 0, "xx-"),
  OP("c.fsd",   0xa000, 0xe003, C_CSD, K_STORE, 8, "-xf"),
  OP("c.sw",    0xc000, 0xe003, C_CSW, K_STORE, 4, "-xx"),
  OP("c.sd",    0xe000, 0xe003, C_CSD, K_STORE, 8, "-xx"),
  /* C, quadrant 1 */
  OP("c.addi",  0x0001, 0xe003, C_CI, K_OTHER, 0, "xx-"),   /* rd 0: c.nop */
  OPNZ("c.addiw", 0x2001, 0xe003, 0x0f80, C_CI, K_OTHER, 0, "xx-"),
  OP("c.li",    0x4001, 0xe003, C_CI, K_OTHER, 0, "x--"),
  OPNZ("c.addi16sp", 0x6101, 0xef83, 0x107c, C_CI, K_OTHER, 0, "xx-"),
  OPNZ("c.lui", 0x6001, 0xe003, 0x107c, C_CI, K_OTHER, 0, "x--"),
  OP("c.srli",  0x8001, 0xec03, C_CBA, K_OTHER, 0, "xx-"),
  OP("c.srai",  0x8401, 0xec03, C_CBA, K_OTHER, 0, "xx-"),
  OP("c.andi",  0x8801, 0xec03, C_CBA, K_OTHER, 0, "xx-"),
  OP("c.sub",   0x8c01, 0xfc63, C_CA, K_OTHER, 0, "xxx"),
  OP("c.xor",   0x8c21, 0xfc63, C_CA, K_OTHER, 0, "xxx"),
  OP("c.or",    0x8c41, 0xfc63, C_CA, K_OTHER, 0, "xxx"),
  OP("c.and",   0x8c61, 0xfc63, C_CA, K_OTHER, 0, "xxx"),
  OP("c.subw",  0x9c01, 0xfc63, C_CA, K_OTHER, 0, "xxx"),
  OP("c.addw",  0x9c21, 0xfc63, C_CA, K_OTHER, 0, "xxx"),
  OP("c.j",     0xa001, 0xe003, C_CJ, K_JAL, 0, "---"),
  OP("c.beqz",  0xc001, 0xe003, C_CB, K_BRANCH, 0, "-x-"),
  OP("c.bnez",  0xe001, 0xe003, C_CB, K_BRANCH, 0, "-x-"),
  /* C, quadrant 2 */
  OP("c.slli",  0x0002, 0xe003, C_CI, K_OTHER, 0, "xx-"),
  OP("c.fldsp", 0x2002, 0xe003, C_CISP, K_OTHER, 0, "fx-"),
  OPNZ("c.lwsp", 0x4002, 0xe003, 0x0f80, C_CISP, K_OTHER, 0, "xx-"),
  OPNZ("c.ldsp", 0x6002, 0xe003, 0x0f80, C_CISP, K_OTHER, 0, "xx-"),
  OPNZ("c.jr",  0x8002, 0xf07f, 0x0f80, C_CR, K_JALR, 0, "-x-"),
  OPNZ("c.mv",  0x8002, 0xf003, 0x007c, C_CR, K_OTHER, 0, "x-x"),
  OP("c.ebreak", 0x9002, 0xffff, C_CR, K_SYS, 0, "---"),
  OPNZ("c.jalr", 0x9002, 0xf07f, 0x0f80, C_CR, K_JALR, 0, "-x-"),
  OPNZ("c.add", 0x9002, 0xf003, 0x007c, C_CR, K_OTHER, 0, "xxx"),
  OP("c.fsdsp", 0xa002, 0xe003, C_CSSD, K_STORE, 8, "-xf"),
  OP("c.swsp",  0xc002, 0xe003, C_CSSW, K_STORE, 4, "-xx"),
  OP("c.sdsp",  0xe002, 0xe003, C_CSSD, K_STORE, 8, "-xx"),
};

#define BITS(x, hi, lo) (((x) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))

static int64_t
sext(uint64_t v, int bits)
{
  return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* Immediates of the formats whose value mirrorbt needs. */
static int64_t
dec_imm(int fmt, uint32_t x)
{
  switch (fmt) {
  case F_I: return sext(x >> 20, 12);
  case F_S: return sext((BITS(x, 31, 25) << 5) | BITS(x, 11, 7), 12);
  case F_B: return sext((BITS(x, 31, 31) << 12) | (BITS(x, 7, 7) << 11) |
                        (BITS(x, 30, 25) << 5) | (BITS(x, 11, 8) << 1), 13);
  case F_U: return sext(x & 0xfffff000u, 32);
  case F_J: return sext((BITS(x, 31, 31) << 20) | (BITS(x, 19, 12) << 12) |
                        (BITS(x, 20, 20) << 11) | (BITS(x, 30, 21) << 1), 21);
  case C_CSW:  return (BITS(x, 12, 10) << 3) | (BITS(x, 6, 6) << 2) | (BITS(x, 5, 5) << 6);
  case C_CSD:  return (BITS(x, 12, 10) << 3) | (BITS(x, 6, 5) << 6);
  case C_CSSW: return (BITS(x, 12, 9) << 2) | (BITS(x, 8, 7) << 6);
  case C_CSSD: return (BITS(x, 12, 10) << 3) | (BITS(x, 9, 7) << 6);
  case C_CB: return sext((BITS(x, 12, 12) << 8) | (BITS(x, 6, 5) << 6) |
                         (BITS(x, 2, 2) << 5) | (BITS(x, 11, 10) << 3) |
                         (BITS(x, 4, 3) << 1), 9);
  case C_CJ: return sext((BITS(x, 12, 12) << 11) | (BITS(x, 8, 8) << 10) |
                         (BITS(x, 10, 9) << 8) | (BITS(x, 6, 6) << 7) |
                         (BITS(x, 7, 7) << 6) | (BITS(x, 2, 2) << 5) |
                         (BITS(x, 11, 11) << 4) | (BITS(x, 5, 3) << 1), 12);
  }
  return 0;
}

/* Register fields by format: rd, rs1, rs2 (8+n for the 3-bit ones). */
static void
dec_regs(int fmt, uint32_t x, int r[3])
{
  int big = BITS(x, 11, 7), small = BITS(x, 6, 2);
  int p97 = 8 + BITS(x, 9, 7), p42 = 8 + BITS(x, 4, 2);

  switch (fmt) {
  case C_CR: case C_CI: r[0] = big; r[1] = big; r[2] = small; break;
  case C_CISP: r[0] = big; r[1] = 2; r[2] = 0; break;
  case C_CIW:  r[0] = p42; r[1] = 2; r[2] = 0; break;
  case C_CL:   r[0] = p42; r[1] = p97; r[2] = 0; break;
  case C_CSW: case C_CSD: r[0] = 0; r[1] = p97; r[2] = p42; break;
  case C_CSSW: case C_CSSD: r[0] = 0; r[1] = 2; r[2] = small; break;
  case C_CA: case C_CB: case C_CBA: r[0] = p97; r[1] = p97; r[2] = p42; break;
  case C_CJ: r[0] = r[1] = r[2] = 0; break;
  default: r[0] = big; r[1] = BITS(x, 19, 15); r[2] = BITS(x, 24, 20); break;
  }
}

/* Decode the instruction at p (avail bytes there).  Returns its length,
 * or 0 when no table entry matches. */
int
dec_insn(const uint8_t *p, size_t avail, Insn *in)
{
  uint32_t x;
  int len, r[3], i;
  size_t k;

  if (avail < 2)
    return 0;
  x = p[0] | p[1] << 8;
  len = (x & 3) == 3 ? 4 : 2;
  if (len == 4) {
    if (avail < 4 || (x & 0x1c) == 0x1c)   /* 48-bit and longer forms */
      return 0;
    x |= (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  }
  for (k = 0; k < sizeof dec_tab / sizeof dec_tab[0]; k++) {
    const Op *op = &dec_tab[k];
    if ((op->fmt >= C_CR) != (len == 2) || (x & op->mask) != op->match ||
        (op->nz && !(x & op->nz)))
      continue;
    in->op = op;
    in->bits = x;
    in->len = len;
    dec_regs(op->fmt, x, r);
    for (i = 0; i < 3; i++)
      r[i] = op->ops[i] == 'x' ? r[i] : op->ops[i] == 'f' ? R_FP + r[i] : R_NONE;
    in->rd = r[0]; in->rs1 = r[1]; in->rs2 = r[2];
    in->imm = dec_imm(op->fmt, x);
    in->paired = 0;
    in->to = 0;
    return len;
  }
  return 0;
}

/* What an encoding outside rv64gc belongs to, for the refusal: the
 * first entry whose fixed bits match (16-bit forms have 0 in bits
 * 16..31 of x), searched in order. */
static const struct { uint32_t match, mask; const char *name; } dec_ext[] = {
  { 0x0000001f, 0x0000001f, "an instruction longer than 32 bits" },
  { 0x00000057, 0x0000007f, "the V extension (vectors)" },
  { 0x00000007, 0x0000007f, "the V extension (vector loads) or Zfh/Q" },
  { 0x00000027, 0x0000007f, "the V extension (vector stores) or Zfh/Q" },
  { 0x04000053, 0x0600007f, "the Zfh extension (half precision)" },
  { 0x06000053, 0x0600007f, "the Q extension (quad precision)" },
  { 0x0000000b, 0x0000005f, "a custom extension" },        /* custom-0, custom-1 */
  { 0x0000005b, 0x0000005f, "a custom extension" },        /* custom-2, custom-3 */
  { 0x0000002f, 0x0000007f, "an atomic extension beyond A (Zacas, Zabha)" },
  { 0x00000073, 0x0000007f, "a privileged or unknown system instruction" },
  { 0x00000013, 0x0000005f, "the B extension (bit manipulation) or another" },
  { 0x00000033, 0x0000005f, "the B extension (bit manipulation) or another" },
  { 0x00000003, 0x00000003, "an extension mirrorbt does not know" },
  { 0x00008000, 0x0000e003, "the Zcb extension (more compressed instructions)" },
  { 0x00000000, 0x00000000, "a reserved compressed encoding" },
};

const char *
dec_extension(uint32_t x)
{
  size_t k;

  for (k = 0; (x & dec_ext[k].mask) != dec_ext[k].match; k++)
    ;
  return dec_ext[k].name;
}

/* Does the instruction name x3 (gp) or x4 (tp) as an integer register?
 * R4 formats have a third fp source only, so three fields suffice. */
int
dec_is_gptp(const Insn *in)
{
  return in->rd == GP || in->rd == TP || in->rs1 == GP || in->rs1 == TP ||
         in->rs2 == GP || in->rs2 == TP;
}

/* Has the instruction a 12-bit I-type immediate (loads, addi, jalr …)? */
int
dec_is_itype(const Insn *in)
{
  return in->op->fmt == F_I;
}

/* Can in take register r as the high part of a PC-relative address, its
 * immediate as the low part: a 32-bit addi, load, store (through r, not
 * of r) or jalr with base r? */
int
dec_is_pcuse(const Insn *in, int r)
{
  uint32_t opc = in->bits & 0x7f, f3 = in->bits >> 12 & 7;

  if (in->len != 4 || in->rs1 != r)
    return 0;
  if (opc == 0x23 || opc == 0x27)           /* sb..sd, fsw, fsd */
    return in->rs2 != r;
  return opc == 0x03 || opc == 0x07 || opc == 0x67 || (opc == 0x13 && f3 == 0);
}
