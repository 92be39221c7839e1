/* A small bytecode interpreter: a stack machine with locals, running a
 * program that sums a series, computes Fibonacci numbers into an array
 * of globals and sieves primes. */
#include "tools/mirrorbt/tests/rt.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, LT, JZ, JMP, GLOAD, GSTORE, HALT, DUP, POP, MOD };

static int glob[1024];

static long
run(const int *code, int *stack, int *locals)
{
  int pc = 0, *sp = stack, a, b;

  for (;;) {
    switch (code[pc++]) {
    case PUSH: *sp++ = code[pc++]; break;
    case LOAD: *sp++ = locals[code[pc++]]; break;
    case STORE: locals[code[pc++]] = *--sp; break;
    case ADD: b = *--sp; a = *--sp; *sp++ = a + b; break;
    case SUB: b = *--sp; a = *--sp; *sp++ = a - b; break;
    case MUL: b = *--sp; a = *--sp; *sp++ = a * b; break;
    case MOD: b = *--sp; a = *--sp; *sp++ = b ? a % b : 0; break;
    case LT: b = *--sp; a = *--sp; *sp++ = a < b; break;
    case JZ: a = *--sp; if (!a) pc = code[pc]; else pc++; break;
    case JMP: pc = code[pc]; break;
    case GLOAD: a = *--sp; *sp++ = glob[a & 1023]; break;
    case GSTORE: a = *--sp; b = *--sp; glob[a & 1023] = b; break;
    case DUP: a = sp[-1]; *sp++ = a; break;
    case POP: --sp; break;
    case HALT: return sp > stack ? sp[-1] : 0;
    }
  }
}

/* locals: 0 i, 1 s, 2 a, 3 b, 4 t */
static const int prog[] = {
  /* 0: s = 0; i = 0 */
  PUSH, 0, STORE, 1, PUSH, 0, STORE, 0,
  /* 8: while (i < 3000) { s = s + i * i % 7; i = i + 1 } */
  LOAD, 0, PUSH, 3000, LT, JZ, 34,
  LOAD, 1, LOAD, 0, LOAD, 0, MUL, PUSH, 7, MOD, ADD, STORE, 1,
  LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 8,
  /* 34 (index 37): fib into glob[0..900) */
};
static int code[256];

int
main(void)
{
  int stack[64], locals[8], n = 0, i;
  long sum = 0;

  /* the first part as written, with its jump fixed up */
  for (i = 0; i < (int)(sizeof prog / sizeof prog[0]); i++)
    code[n++] = prog[i];
  code[14] = n;
  /* a = 0; b = 1; i = 0; while (i < 900) { glob[i] = a; t = a + b; a = b; b = t % 100003; i++ } */
  {
    int c[] = { PUSH, 0, STORE, 2, PUSH, 1, STORE, 3, PUSH, 0, STORE, 0,
                /* +12 */ LOAD, 0, PUSH, 900, LT, JZ, -1,
                LOAD, 2, LOAD, 0, GSTORE,
                LOAD, 2, LOAD, 3, ADD, STORE, 4, LOAD, 3, STORE, 2,
                LOAD, 4, PUSH, 100003, MOD, STORE, 3,
                LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, -2,
                /* sum of glob[0..900) into s */
                PUSH, 0, STORE, 0,
                /* +55 */ LOAD, 0, PUSH, 900, LT, JZ, -3,
                LOAD, 1, LOAD, 0, GLOAD, ADD, STORE, 1,
                LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, -4,
                LOAD, 1, HALT };
    int base = n, k;
    for (k = 0; k < (int)(sizeof c / sizeof c[0]); k++) {
      int v = c[k];
      if (v == -1) v = base + 55;
      else if (v == -2) v = base + 12;
      else if (v == -3) v = (int)(sizeof c / sizeof c[0]) + base - 3;
      else if (v == -4) v = base + 55;
      code[n++] = v;
    }
  }
  for (i = 0; i < 8; i++) {
    locals[0] = locals[1] = 0;
    sum = sum * 5 + run(code, stack, locals);
  }
  rt_putx((u64)sum);
  rt_putx((u64)glob[899]);
  return 0;
}
