/* libFuzzer target for the ELF front end: each input is written to a
 * file and run through the whole pipeline (read, rewrite, lay out, check,
 * emit).  A refusal is a normal outcome; only a crash, a sanitizer report
 * or a leak is a finding. */
#include <stdio.h>
#include <unistd.h>
#include "mbt.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static char in_path[64], out_path[64];
  Input in = { .fd = -1 };
  Prog p = { .in = &in, .offset = 1L << 37 };
  jmp_buf jb;
  FILE *f;

  if (!in_path[0]) {
    snprintf(in_path, sizeof in_path, "/tmp/mbt-fuzz-%d.in", (int)getpid());
    snprintf(out_path, sizeof out_path, "/tmp/mbt-fuzz-%d.out", (int)getpid());
  }
  if (!(f = fopen(in_path, "wb")))
    return 0;
  fwrite(data, 1, size, f);
  fclose(f);
  mbt_quiet = 1;
  if (setjmp(jb) == 0) {
    mbt_jmp = &jb;
    ein_open(&in, in_path);
    rw_program(&p);
    lay_program(&p);
    chk_program(&p);
    emit_program(&p, out_path);
  }
  mbt_jmp = NULL;
  ein_close(&in);
  mbt_free_all();
  unlink(out_path);
  return 0;
}
