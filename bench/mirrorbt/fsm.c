/* A state machine: a tokenizer over generated text that counts words,
 * numbers and operators, keeping its state and counters in memory. */
#include "tools/mirrorbt/tests/rt.h"

enum { S_SPACE, S_WORD, S_NUM, S_OP, NS };
static struct { int state, words, nums, ops, longest, cur; } m;
static char text[8192];

static void
step(char ch)
{
  int cls = ch >= 'a' && ch <= 'z' ? S_WORD : ch >= '0' && ch <= '9' ? S_NUM :
            ch == ' ' ? S_SPACE : S_OP;

  if (cls != m.state || cls == S_OP) {
    switch (cls) {
    case S_WORD: m.words++; break;
    case S_NUM: m.nums++; break;
    case S_OP: m.ops++; break;
    }
    m.cur = 0;
  }
  m.cur++;
  if (m.cur > m.longest)
    m.longest = m.cur;
  m.state = cls;
}

int
main(void)
{
  static const char alpha[] = "abc de 12 + xyz 7*(q-r) / sym 42 ";
  unsigned seed = 3;
  int i, r;

  for (i = 0; i < (int)sizeof text; i++) {
    seed = seed * 69069u + 1;
    text[i] = alpha[(seed >> 20) % (sizeof alpha - 1)];
  }
  for (r = 0; r < 12; r++)
    for (i = 0; i < (int)sizeof text; i++)
      step(text[i]);
  rt_putx((u64)m.words << 32 | (u64)m.nums << 16 | (u64)m.ops);
  rt_putx((u64)m.longest);
  return 0;
}
