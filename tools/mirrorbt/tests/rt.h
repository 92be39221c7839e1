/* Test runtime (rt.S, rtlib.c): output and the mirror check. */
typedef unsigned long u64;
long rt_write(int fd, const void *buf, u64 n);
void rt_puts(const char *s);
void rt_putx(u64 v);
void rt_putd(long v);
extern u64 rt_offset;
