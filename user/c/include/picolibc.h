/* picolibc's configuration header, as Debian's package ships it, with
 * thread-local storage off.  The package's libc is built with errno and
 * a few other variables thread-local (reached through tp, which belongs
 * to mirrorbt); tools/detls makes them ordinary variables in the library
 * (build/picolibc/libc.a), and this header makes the declarations that
 * programs see agree: `extern int errno`, not `extern __thread int`.
 * user/c/include comes before the package's directory on the include
 * path, so every `#include <picolibc.h>` lands here. */
#include_next <picolibc.h>
#undef PICOLIBC_TLS
#undef NEWLIB_TLS
