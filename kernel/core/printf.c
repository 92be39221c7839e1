/* Kernel formatted output to the console, synchronously.
 *
 * kprintf understands %d %u %x %p %s %c and %%, with an optional l (or ll)
 * before d/u/x for 64-bit arguments.  One lock keeps lines of different
 * harts from interleaving; panic skips it (the lock may be the problem)
 * and sets print_panicked, which freezes output on all other harts, then
 * powers the machine off with PANIC_STATUS, so that whoever runs QEMU
 * (make run, the test driver) sees the failure at once. */
#include <stdarg.h>
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"

volatile int print_panicked;

static struct spinlock print_lock;
static int print_locking = 1;   /* 0 once we panic */

static const char digits[] = "0123456789abcdef";

void
printf_init(void)
{
  spin_init(&print_lock, "print");
}

static void
print_str(const char *s)
{
  if (s == 0)
    s = "(null)";
  while (*s)
    uart_putc_sync(*s++);
}

/* v is taken as signed when sign is set. */
static void
print_num(uint64 v, int base, int sign, int width)
{
  char buf[24];
  int i = 0;

  if (sign && (long long)v < 0)
    v = -(long long)v;
  else
    sign = 0;
  do {
    buf[i++] = digits[v % base];
    v /= base;
  } while (v != 0);
  while (i < width)
    buf[i++] = '0';
  if (sign)
    buf[i++] = '-';
  while (--i >= 0)
    uart_putc_sync(buf[i]);
}

static void
print_fmt(const char *fmt, va_list ap)
{
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      uart_putc_sync(*fmt);
      continue;
    }
    int longs = 0;
    while (fmt[1] == 'l') {
      longs++;
      fmt++;
    }
    fmt++;
    switch (*fmt) {
    case 'd':
      print_num(longs ? va_arg(ap, long long) : va_arg(ap, int), 10, 1, 0);
      break;
    case 'u':
      print_num(longs ? va_arg(ap, uint64) : va_arg(ap, uint), 10, 0, 0);
      break;
    case 'x':
      print_num(longs ? va_arg(ap, uint64) : va_arg(ap, uint), 16, 0, 0);
      break;
    case 'p':
      print_str("0x");
      print_num(va_arg(ap, uint64), 16, 0, 16);
      break;
    case 's':
      print_str(va_arg(ap, const char *));
      break;
    case 'c':
      uart_putc_sync(va_arg(ap, int));
      break;
    case '%':
      uart_putc_sync('%');
      break;
    case 0:           /* format ends in '%' */
      return;
    default:          /* unknown: show it as written */
      uart_putc_sync('%');
      uart_putc_sync(*fmt);
      break;
    }
  }
}

void
kprintf(const char *fmt, ...)
{
  va_list ap;
  int locking = print_locking;

  if (locking)
    spin_lock(&print_lock);
  va_start(ap, fmt);
  print_fmt(fmt, ap);
  va_end(ap);
  if (locking)
    spin_unlock(&print_lock);
}

void
panic(const char *msg)
{
  print_locking = 0;
  kprintf("\npanic: hart %d: %s\n", cpuid(), msg);
  print_panicked = 1;
  machine_poweroff(PANIC_STATUS);
}

/* Console lines that any process can cause over and over (scrub's
 * reports) go through a rate limit, so that no call floods the console
 * everyone shares: a burst of RATE_BURST lines, then one per RATE_TICKS
 * ticks; lines held back are counted and said with the next one that
 * goes out. */
#define RATE_BURST 20
#define RATE_TICKS 10

static struct spinlock rate_lock = { .name = "ratelimit" };

/* Whether a line of class rl may be printed now (1), or is held back. */
int
kratelimit(struct ratelimit *rl)
{
  uint now = __atomic_load_n(&ticks, __ATOMIC_RELAXED);
  uint64 held = 0;
  int ok;

  spin_lock(&rate_lock);
  if (!rl->started) {
    rl->started = 1;
    rl->last = now;
    rl->tokens = RATE_BURST;
  }
  uint earned = (now - rl->last) / RATE_TICKS;
  if (earned > 0) {
    rl->tokens = rl->tokens + earned > RATE_BURST ? RATE_BURST : rl->tokens + earned;
    rl->last += earned * RATE_TICKS;
  }
  if ((ok = rl->tokens > 0)) {
    rl->tokens--;
    held = rl->held;
    rl->held = 0;
  } else {
    rl->held++;
  }
  spin_unlock(&rate_lock);
  if (held)
    kprintf("%s: %lu lines held back\n", rl->name, held);
  return ok;
}
