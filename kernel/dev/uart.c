/* The 16550 UART of QEMU virt at UART0: the console's wire.
 *
 * Output from processes goes through a small ring (uart_putc), drained by
 * the transmit-ready interrupt; the writer sleeps while the ring is full.
 * kprintf and input echo use uart_putc_sync, which spins on the device.
 * uart_lock protects the ring and the transmit register. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"
#include "kernel/core/lock.h"

/* Registers (byte offsets from UART0). */
#define UART_RHR 0            /* receive holding (read) */
#define UART_THR 0            /* transmit holding (write) */
#define UART_DLL 0            /* divisor low, when LCR_DLAB */
#define UART_IER 1            /* interrupt enable */
#define UART_DLM 1            /* divisor high, when LCR_DLAB */
#define UART_FCR 2            /* FIFO control (write) */
#define UART_LCR 3            /* line control */
#define UART_LSR 5            /* line status */

#define IER_RX      0x01
#define IER_TX      0x02
#define FCR_ENABLE  0x07      /* enable and clear both FIFOs */
#define LCR_8N1     0x03
#define LCR_DLAB    0x80
#define LSR_RX_READY 0x01
#define LSR_TX_IDLE  0x20

#define uart_reg(r)   ((volatile uchar *)(UART0 + (r)))
#define uart_get(r)   (*uart_reg(r))
#define uart_set(r, v) mmio_write8(UART0 + (r), (v))

#define TXRING 64

extern volatile int print_panicked;

static struct spinlock uart_lock;
static char tx_ring[TXRING];
static uint64 tx_head;        /* next byte to send */
static uint64 tx_tail;        /* next free slot; tail - head bytes queued */

void
uart_init(void)
{
  uart_set(UART_IER, 0);
  uart_set(UART_LCR, LCR_DLAB);
  uart_set(UART_DLL, 3);      /* 38400 baud (QEMU ignores it) */
  uart_set(UART_DLM, 0);
  uart_set(UART_LCR, LCR_8N1);
  uart_set(UART_FCR, FCR_ENABLE);
  uart_set(UART_IER, IER_RX | IER_TX);
  spin_init(&uart_lock, "uart");
}

/* Move queued bytes to the device while it takes them.  uart_lock held. */
static void
uart_kick(void)
{
  while (tx_head != tx_tail && (uart_get(UART_LSR) & LSR_TX_IDLE)) {
    uart_set(UART_THR, tx_ring[tx_head % TXRING]);
    tx_head++;
    wakeup(&tx_head);
  }
}

void
uart_putc(int c)
{
  while (print_panicked)    /* keep the panic message on screen */
    ;
  spin_lock(&uart_lock);
  while (tx_tail - tx_head == TXRING)
    sleep_on(&tx_head, &uart_lock);
  tx_ring[tx_tail % TXRING] = c;
  tx_tail++;
  uart_kick();
  spin_unlock(&uart_lock);
}

void
uart_putc_sync(int c)
{
  intr_push();
  while (print_panicked)    /* another hart panicked: keep its message */
    ;
  while (!(uart_get(UART_LSR) & LSR_TX_IDLE))
    ;
  uart_set(UART_THR, c);
  intr_pop();
}

/* Switch receive interrupts on or off; transmit interrupts stay on.
 * While they are off, input waits in the UART (and in QEMU behind it). */
void
uart_rx_enable(int on)
{
  uart_set(UART_IER, IER_TX | (on ? IER_RX : 0));
}

/* Receive or transmit-ready interrupt.  A byte is taken from the UART
 * only when the console has room for it, so no input is ever dropped. */
void
uart_intr(void)
{
  while ((uart_get(UART_LSR) & LSR_RX_READY) && console_room())
    console_intr(uart_get(UART_RHR));
  spin_lock(&uart_lock);
  uart_kick();
  spin_unlock(&uart_lock);
}
