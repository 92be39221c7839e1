/* The console device (devsw[CONSOLE]): line-edited keyboard input,
 * output to the UART.
 *
 * Input is collected in a ring by console_intr.  Bytes up to `done` form
 * complete lines that read() may take; bytes from done to `edit` are the
 * line being typed, which backspace/DEL and ^U can still erase.  ^D ends
 * the input: read returns what is there, 0 if the line was empty.  ^P
 * prints the process list.  console_lock protects the ring and indices;
 * it is taken before the print lock (^P) and never after it.
 *
 * read() copies each byte to user memory with console_lock dropped (the
 * copy may fault, and the fault path holds no spinlock) and moves
 * in_read only after the copy worked, so a bad buffer loses no typed
 * byte.  One reader copies at a time (`reading`); the bytes it is
 * copying cannot be overwritten, since input never runs more than
 * INRING bytes ahead of in_read (flow control below).
 *
 * Flow control: when the ring is full, console_room pauses the UART's
 * receive interrupts instead of letting bytes be dropped; console_read
 * resumes them once it has made room.  Both happen under console_lock,
 * so a pause cannot slip in after a resume. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"
#include "kernel/fs/file.h"

#define CTRL(x) ((x) - '@')
#define DEL     0x7f
#define INRING  128

static struct spinlock console_lock;
static char in_ring[INRING];
static uint64 in_read;    /* next byte read() returns */
static uint64 in_done;    /* end of the completed lines */
static uint64 in_edit;    /* end of the line being typed */
static int rx_paused;     /* receive interrupts off: the ring was full */
static int reading;       /* a read() is copying out */

/* Echo one input byte; an erased byte becomes backspace-space-backspace. */
static void
console_echo(int c)
{
  if (c == '\b') {
    uart_putc_sync('\b');
    uart_putc_sync(' ');
    uart_putc_sync('\b');
  } else {
    uart_putc_sync(c);
  }
}

/* Up to n bytes, to the end of a line.  The count; 0 at ^D on an empty
 * line; -1 if killed or if dst is bad before the first byte. */
static int
console_read(int user_dst, uint64 dst, int n)
{
  int got = 0;

  spin_lock(&console_lock);
  while (reading) {
    if (proc_killed(myproc())) {
      spin_unlock(&console_lock);
      return -1;
    }
    sleep_on(&reading, &console_lock);
  }
  reading = 1;
  while (got < n) {
    while (in_read == in_done && got >= 0) {
      if (proc_killed(myproc()))
        got = -1;
      else
        sleep_on(&in_read, &console_lock);
    }
    if (got < 0)
      break;
    char c = in_ring[in_read % INRING];
    if (c == CTRL('D')) {
      if (got == 0)
        in_read++;    /* otherwise kept, so that the next read returns 0 */
      break;
    }
    spin_unlock(&console_lock);
    int bad = either_copyout(user_dst, dst + got, &c, 1) < 0;
    spin_lock(&console_lock);
    if (bad) {
      if (got == 0)
        got = -1;
      break;
    }
    in_read++;
    got++;
    if (c == '\n')
      break;
  }
  reading = 0;
  wakeup(&reading);
  if (rx_paused && in_edit - in_read < INRING) {
    rx_paused = 0;
    uart_rx_enable(1);
  }
  spin_unlock(&console_lock);
  return got;
}

static int
console_write(int user_src, uint64 src, int n)
{
  char chunk[64];
  int done = 0;

  while (done < n) {
    int k = n - done < sizeof chunk ? n - done : sizeof chunk;
    if (either_copyin(chunk, user_src, src + done, k) < 0)
      return done > 0 ? done : -1;    /* a bad pointer is an error */
    for (int i = 0; i < k; i++)
      uart_putc(chunk[i]);
    done += k;
  }
  return done;
}

/* Whether the ring can take one more byte (asked by uart_intr before it
 * reads the byte from the UART).  If not, receive interrupts pause until
 * console_read makes room. */
int
console_room(void)
{
  spin_lock(&console_lock);
  int room = in_edit - in_read < INRING;
  if (!room && !rx_paused) {
    rx_paused = 1;
    uart_rx_enable(0);
  }
  spin_unlock(&console_lock);
  return room;
}

/* One byte from the keyboard (uart_intr). */
void
console_intr(int c)
{
  spin_lock(&console_lock);
  switch (c) {
  case CTRL('P'):
    proc_dump();
    break;
  case CTRL('U'):
    while (in_edit != in_done && in_ring[(in_edit - 1) % INRING] != '\n') {
      in_edit--;
      console_echo('\b');
    }
    break;
  case CTRL('H'):
  case DEL:
    if (in_edit != in_done) {
      in_edit--;
      console_echo('\b');
    }
    break;
  default:
    if (c == 0)
      break;
    if (c == '\r')
      c = '\n';
    if (c != CTRL('D'))
      console_echo(c);
    in_ring[in_edit % INRING] = c;
    in_edit++;
    if (c == '\n' || c == CTRL('D') || in_edit - in_read == INRING) {
      in_done = in_edit;
      wakeup(&in_read);
    }
    break;
  }
  spin_unlock(&console_lock);
}

void
console_init(void)
{
  spin_init(&console_lock, "console");
  uart_init();
  devsw[CONSOLE].read = console_read;
  devsw[CONSOLE].write = console_write;
}
