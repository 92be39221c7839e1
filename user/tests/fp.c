/* usertests: floating point survives context switches; the time, cycle
 * and instret counters are readable from user mode. */
#include "user/tests/ut.h"

/* Load all 32 FP registers and the rounding mode, spin (reading only
 * integer registers) for `spin` time-CSR units, store everything back. */
static void
fp_hold(const uint64 *in, uint64 *out, uint64 frm, uint64 spin, uint64 *frm_out)
{
  uint64 t0, t1;
  asm volatile(
    "fsrm %[frm]\n"
    "fld f0, 0(%[in])\n  fld f1, 8(%[in])\n  fld f2, 16(%[in])\n  fld f3, 24(%[in])\n"
    "fld f4, 32(%[in])\n fld f5, 40(%[in])\n fld f6, 48(%[in])\n  fld f7, 56(%[in])\n"
    "fld f8, 64(%[in])\n fld f9, 72(%[in])\n fld f10, 80(%[in])\n fld f11, 88(%[in])\n"
    "fld f12, 96(%[in])\n fld f13, 104(%[in])\n fld f14, 112(%[in])\n fld f15, 120(%[in])\n"
    "fld f16, 128(%[in])\n fld f17, 136(%[in])\n fld f18, 144(%[in])\n fld f19, 152(%[in])\n"
    "fld f20, 160(%[in])\n fld f21, 168(%[in])\n fld f22, 176(%[in])\n fld f23, 184(%[in])\n"
    "fld f24, 192(%[in])\n fld f25, 200(%[in])\n fld f26, 208(%[in])\n fld f27, 216(%[in])\n"
    "fld f28, 224(%[in])\n fld f29, 232(%[in])\n fld f30, 240(%[in])\n fld f31, 248(%[in])\n"
    "rdtime %[t0]\n"
    "add %[t1], %[t0], %[spin]\n"
    "1: rdtime %[t0]\n"
    "bltu %[t0], %[t1], 1b\n"
    "fsd f0, 0(%[out])\n  fsd f1, 8(%[out])\n  fsd f2, 16(%[out])\n  fsd f3, 24(%[out])\n"
    "fsd f4, 32(%[out])\n fsd f5, 40(%[out])\n fsd f6, 48(%[out])\n  fsd f7, 56(%[out])\n"
    "fsd f8, 64(%[out])\n fsd f9, 72(%[out])\n fsd f10, 80(%[out])\n fsd f11, 88(%[out])\n"
    "fsd f12, 96(%[out])\n fsd f13, 104(%[out])\n fsd f14, 112(%[out])\n fsd f15, 120(%[out])\n"
    "fsd f16, 128(%[out])\n fsd f17, 136(%[out])\n fsd f18, 144(%[out])\n fsd f19, 152(%[out])\n"
    "fsd f20, 160(%[out])\n fsd f21, 168(%[out])\n fsd f22, 176(%[out])\n fsd f23, 184(%[out])\n"
    "fsd f24, 192(%[out])\n fsd f25, 200(%[out])\n fsd f26, 208(%[out])\n fsd f27, 216(%[out])\n"
    "fsd f28, 224(%[out])\n fsd f29, 232(%[out])\n fsd f30, 240(%[out])\n fsd f31, 248(%[out])\n"
    "frrm %[frmo]\n"
    : [t0] "=&r"(t0), [t1] "=&r"(t1), [frmo] "=&r"(*frm_out)
    : [in] "r"(in), [out] "r"(out), [frm] "r"(frm), [spin] "r"(spin)
    : "memory",
      "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13",
      "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", "f25",
      "f26", "f27", "f28", "f29", "f30", "f31");
}

static void
fp_regs_child(int id)
{
  uint64 in[32], out[32], frm_out;
  for (int round = 0; round < 12; round++) {
    for (int r = 0; r < 32; r++)
      in[r] = 0x4000000000000000ULL ^ ((uint64)id << 48) ^ ((uint64)round << 32) ^ (uint64)(r * 2654435761u);
    uint64 frm = (uint64)((id + round) % 5);
    /* 30 ms of spinning per round: several timer interrupts */
    fp_hold(in, out, frm, 300000, &frm_out);
    for (int r = 0; r < 32; r++)
      if (out[r] != in[r])
        fail("f%d changed across a context switch: %lx became %lx", r, in[r], out[r]);
    if (frm_out != frm)
      fail("rounding mode changed from %ld to %ld", (long)frm, (long)frm_out);
  }
  exit(0);
}

/* More processes than harts, each holding its own values in every FP
 * register while being switched out and in. */
static void
fp_registers(void)
{
  enum { P = 5 };
  for (int i = 0; i < P; i++)
    if (xfork() == 0)
      fp_regs_child(i + 1);
  for (int i = 0; i < P; i++) {
    int st;
    CHECK(wait(&st) > 0 && st == 0, "an FP process failed (status %d)", st);
  }
}

static double
series(int n, double scale)
{
  double s = 0;
  for (int k = n; k >= 1; k--)
    s += scale / ((double)k * (double)k);
  return s;
}

static double
newton_sqrt(double x)
{
  double g = x > 1 ? x / 2 : 1;
  for (int i = 0; i < 60; i++)
    g = 0.5 * (g + x / g);
  return g;
}

/* Ordinary C doubles computed by several processes at once give the
 * same bits as computed alone, and the right value. */
static void
fp_compute(void)
{
  enum { P = 4, N = 300000 };
  double alone[P];
  for (int i = 0; i < P; i++)
    alone[i] = series(N, 1.0 + i);
  double pi2_6 = 1.6449340668482264;
  double err = alone[0] - pi2_6;
  if (err < 0)
    err = -err;
  CHECK(err < 1e-5, "sum 1/k^2 is off by more than 1e-5");
  double r2 = newton_sqrt(2.0);
  CHECK(r2 * r2 > 1.9999999999 && r2 * r2 < 2.0000000001, "sqrt(2) by Newton is wrong");
  int fds[2];
  xpipe(fds);
  for (int i = 0; i < P; i++) {
    if (xfork() == 0) {
      double v[3];
      v[0] = i;
      v[1] = series(N, 1.0 + i);
      v[2] = newton_sqrt(2.0 + i);
      write(fds[1], v, sizeof v);
      exit(0);
    }
  }
  close(fds[1]);
  for (int k = 0; k < P; k++) {
    double v[3];
    xread(fds[0], v, sizeof v);
    int i = (int)v[0];
    CHECK(i >= 0 && i < P, "garbled result");
    CHECK(v[1] == alone[i], "process %d's series differs from the one computed alone", i);
    CHECK(v[2] == newton_sqrt(2.0 + i), "process %d's square root differs", i);
  }
  close(fds[0]);
  for (int i = 0; i < P; i++) {
    int st;
    CHECK(wait(&st) > 0 && st == 0, "FP child failed");
  }
}

/* FP state is per process: a child changing the rounding mode or
 * registers does not change the parent's; fork copies the FP state. */
static void
fp_fork(void)
{
  volatile double x = 1.0 / 3.0;
  asm volatile("fsrm %0" : : "r"(2L));   /* round down */
  int pid = xfork();
  if (pid == 0) {
    uint64 m;
    asm volatile("frrm %0" : "=r"(m));
    if (m != 2)
      exit(1);
    asm volatile("fsrm %0" : : "r"(3L));  /* round up, child only */
    if (x != 1.0 / 3.0)
      exit(2);
    exit(0);
  }
  int st = xwait(pid);
  uint64 m;
  asm volatile("frrm %0" : "=r"(m));
  asm volatile("fsrm %0" : : "r"(0L));
  CHECK(st == 0, "child did not inherit the rounding mode or the value (%d)", st);
  CHECK(m == 2, "parent's rounding mode became %ld after the child changed its own", (long)m);
}

/* rdtime, rdcycle and rdinstret work in user mode and move forward. */
static void
counters(void)
{
  uint64 t0 = rd_time(), c0 = rd_cycle(), i0 = rd_instret();
  volatile uint64 sink = 0;
  for (int k = 0; k < 200000; k++)
    sink += k;
  uint64 t1 = rd_time(), c1 = rd_cycle(), i1 = rd_instret();
  CHECK(i1 - i0 >= 200000, "instret advanced by %ld over 200000 loop iterations", (long)(i1 - i0));
  CHECK(c1 > c0, "cycle did not advance (%lx -> %lx)", c0, c1);
  CHECK(t1 >= t0, "time went backwards");
  uint64 t2 = rd_time();
  sleep(2);
  uint64 t3 = rd_time();
  /* sleep(2) may end just over one tick later (the first tick can come
   * at once); allow for the rate measurement being a little off */
  CHECK(t3 - t2 >= 10000000ULL / (uint64)ut_hz * 8 / 10, "time advanced only %ld over sleep(2)",
        (long)(t3 - t2));
  /* readable in a child too (the counter enable is not per-boot luck) */
  int pid = xfork();
  if (pid == 0) {
    uint64 a = rd_instret();
    uint64 b = rd_instret();
    exit(b > a ? 0 : 1);
  }
  CHECK(xwait(pid) == 0, "counters unreadable in a child");
}

const struct utest fp_tests[] = {
  { "fp.registers", fp_registers, 60, 0 },
  { "fp.compute", fp_compute, 90, 0 },
  { "fp.fork", fp_fork, 20, 0 },
  { "cnt.counters", counters, 20, 0 },
  { 0 },
};
