/* mirrorbt-dis: print "address length mnemonic" for every instruction
 * the decoder finds in the code sections of an executable (zero
 * halfwords, padding to mirrorbt outside functions, too: c.unimp).  The
 * test driver compares this with the cross objdump -z. */
#include <stdio.h>
#include "../mbt.h"

int
main(int argc, char **argv)
{
  Input in;
  size_t i;
  uint64_t off;
  Insn d;

  if (argc != 2) {
    fprintf(stderr, "usage: mirrorbt-dis FILE\n");
    return 1;
  }
  mbt_errname = argv[1];
  ein_open(&in, argv[1]);
  for (i = 1; i < in.nsec; i++) {
    Sect *s = &in.sec[i];
    for (off = 0; s->code && off < s->sh.sh_size; off += d.len) {
      if (!dec_insn(s->data + off, s->sh.sh_size - off, &d)) {
        printf("%lx 0 unknown\n", (unsigned long)(s->sh.sh_addr + off));
        d.len = 2;
        continue;
      }
      printf("%lx %d %s\n", (unsigned long)(s->sh.sh_addr + off), d.len, d.op->name);
    }
  }
  ein_close(&in);
  return 0;
}
