/* CRC-32 of a generated buffer, table-driven: a table filled once, then
 * one load-heavy loop; the buffer is refilled each round (stores). */
#include "tools/mirrorbt/tests/rt.h"

static unsigned tab[256];
static unsigned char buf[4096];

int
main(void)
{
  unsigned c, crc = 0xffffffffu, seed = 1;
  int i, k, r;

  for (i = 0; i < 256; i++) {
    for (c = i, k = 0; k < 8; k++)
      c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
    tab[i] = c;
  }
  for (r = 0; r < 20; r++) {
    for (i = 0; i < (int)sizeof buf; i++) {
      seed = seed * 1103515245u + 12345u;
      buf[i] = (unsigned char)(seed >> 16);
    }
    for (i = 0; i < (int)sizeof buf; i++)
      crc = (crc >> 8) ^ tab[(crc ^ buf[i]) & 0xff];
  }
  rt_putx(crc ^ 0xffffffffu);
  return 0;
}
