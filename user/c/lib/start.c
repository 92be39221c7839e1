/* Entry of a program linked with the C library.  exec() starts it at
 * _start with argc in a0, argv in a1 and a valid stack; bss is zeroed by
 * the kernel.  Constructors run before main, and main's return value goes
 * to exit (atexit functions, destructors -- stdio's flush --, _exit). */
#include <stdlib.h>

int main(int argc, char *argv[]);
void __libc_init_array(void);

__attribute__((section(".text.entry"), noreturn)) void
_start(int argc, char *argv[])
{
  __libc_init_array();
  exit(main(argc, argv));
}
