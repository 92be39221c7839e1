/* halt: power the machine off; QEMU exits with status 0. */

#include "kernel/types.h"
#include "user/user.h"
#include "user/lib/ulib.h"

int
main(void)
{
  poweroff(0);
  die("halt: poweroff failed");
}
