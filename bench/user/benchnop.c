/* benchnop: exits at once.  benchfork exec's it. */
#include "kernel/types.h"
#include "user/user.h"

int
main(void)
{
  exit(0);
}
