/* What the flattened device tree QEMU passes in a1 tells the kernel: the
 * boot command line (/chosen/bootargs, set by -append) and the size of
 * RAM (the /memory node's reg, set by -m).
 *
 * The tree lies in RAM that later becomes user frames, so fdt_init
 * copies what it needs out before frame_init.  Every offset and length
 * in the blob is checked against its size; a damaged tree gives no
 * command line and RAM_DEFAULT of memory, never a fault.
 *
 * Leading words of the form memv6.NAME are options for the kernel
 * (boot_option), not part of the command line init sees (bootargs):
 *   memv6.poweroff   any process may call poweroff (make run, make qemu)
 *   memv6.fscrash    fscrash works, for privileged processes (the crash tests)
 *   memv6.bankhold   the bankhold knob works (the test suite)
 *   memv6.faultinj   faultinj may inject memory errors (the test suite)
 *   memv6.mcheck     exit compares a mirrored process's copies (mirrored passes) */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/defs.h"

#define FDT_MAGIC       0xd00dfeed
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9
#define BOOTARGS_MAX    2048

/* Header fields, by index of their 32-bit big-endian word. */
enum { HDR_MAGIC, HDR_TOTALSIZE, HDR_OFF_STRUCT, HDR_OFF_STRINGS,
       HDR_OFF_RSVMAP, HDR_VERSION, HDR_LAST_COMP, HDR_BOOT_CPU,
       HDR_SIZE_STRINGS, HDR_SIZE_STRUCT, HDR_WORDS };

#define OPT_PREFIX      "memv6."
#define OPT_PREFIX_LEN  6

#define RAM_DEFAULT     (128L * 1024 * 1024)   /* when the tree says nothing */
#define MEGAPAGE        (2L * 1024 * 1024)

uint64 ram_top;                     /* end of the RAM the kernel uses */
static char boot_cmdline[BOOTARGS_MAX];
static const char *boot_cmd = "";   /* boot_cmdline after the options */

static uint32
be32(const uchar *p)
{
  return (uint32)p[0] << 24 | (uint32)p[1] << 16 | (uint32)p[2] << 8 | p[3];
}

/* Length of the NUL-terminated string at s, or -1 if it runs past end. */
static int
bounded_len(const uchar *s, const uchar *end)
{
  for (const uchar *q = s; q < end; q++)
    if (*q == 0)
      return q - s;
  return -1;
}

/* The number in the first cells 32-bit cells at p. */
static uint64
cells_value(const uchar *p, uint32 cells)
{
  uint64 v = 0;

  for (uint32 i = 0; i < cells; i++)
    v = v << 32 | be32(p + 4 * i);
  return v;
}

/* The RAM at KERNBASE that a /memory node's reg value (len bytes at p:
 * pairs of address and size, in the root's cell counts) lists. */
static void
memory_reg(const uchar *p, uint32 len, uint32 acells, uint32 scells)
{
  uint32 entry = 4 * (acells + scells);

  if (acells == 0 || acells > 2 || scells == 0 || scells > 2)
    return;
  for (uint32 off = 0; off + entry <= len; off += entry)
    if (cells_value(p + off, acells) == KERNBASE)
      ram_top = KERNBASE + cells_value(p + off + 4 * acells, scells);
}

/* Walk the structure block; copy /chosen/bootargs, note the RAM of the
 * /memory node.  0, or -1 if the blob is damaged. */
static int
fdt_scan(const uchar *fdt)
{
  uint32 total = be32(fdt + 4 * HDR_TOTALSIZE);
  uint32 soff = be32(fdt + 4 * HDR_OFF_STRUCT), ssize = be32(fdt + 4 * HDR_SIZE_STRUCT);
  uint32 stroff = be32(fdt + 4 * HDR_OFF_STRINGS), strsize = be32(fdt + 4 * HDR_SIZE_STRINGS);

  if (total < 4 * HDR_WORDS || total > 16 * 1024 * 1024 ||
      soff > total || ssize > total - soff || stroff > total || strsize > total - stroff)
    return -1;
  const uchar *p = fdt + soff, *end = p + ssize;
  const uchar *strs = fdt + stroff, *strs_end = strs + strsize;
  int depth = 0, in_chosen = 0, in_memory = 0;
  uint32 acells = 2, scells = 1;   /* the specification's defaults */

  while (p + 4 <= end) {
    uint32 tok = be32(p);
    p += 4;
    switch (tok) {
    case FDT_BEGIN_NODE: {
      int n = bounded_len(p, end);
      if (n < 0)
        return -1;
      depth++;
      in_chosen = depth == 2 && n == 6 && memcmp(p, "chosen", 6) == 0;
      in_memory = depth == 2 && n >= 6 && memcmp(p, "memory", 6) == 0 && (n == 6 || p[6] == '@');
      p += (n + 4) & ~3;      /* name, NUL, padding to 4 */
      break;
    }
    case FDT_END_NODE:
      depth--;
      in_chosen = in_memory = 0;
      break;
    case FDT_PROP: {
      if (p + 8 > end)
        return -1;
      uint32 len = be32(p), nameoff = be32(p + 4);
      p += 8;
      if (len > end - p || nameoff >= strsize)
        return -1;
      const uchar *name = strs + nameoff;
      int n = bounded_len(name, strs_end);
      if (n < 0)
        return -1;
      if (in_chosen && n == 8 && memcmp(name, "bootargs", 8) == 0) {
        int k = len < BOOTARGS_MAX ? len : BOOTARGS_MAX;
        memmove(boot_cmdline, p, k);
        boot_cmdline[BOOTARGS_MAX - 1] = 0;
        if (k > 0)
          boot_cmdline[k - 1] = 0;  /* the value includes its NUL */
      }
      if (depth == 1 && len == 4 && n == 14 && memcmp(name, "#address-cells", 14) == 0)
        acells = be32(p);
      if (depth == 1 && len == 4 && n == 11 && memcmp(name, "#size-cells", 11) == 0)
        scells = be32(p);
      if (in_memory && n == 3 && memcmp(name, "reg", 3) == 0)
        memory_reg(p, len, acells, scells);
      p += (len + 3) & ~3;
      break;
    }
    case FDT_NOP:
      break;
    case FDT_END:
      return 0;
    default:
      return -1;
    }
  }
  return -1;
}

/* ram_top from what the tree said: at most PHYSTOP, cut to a whole
 * number of 2 MiB pages (the kernel maps user frames in those); a
 * machine smaller than RAM_MIN cannot run MemV6. */
static void
ram_init(void)
{
  uint64 said = ram_top - KERNBASE;

  if (ram_top == 0) {
    kprintf("fdt: no memory node; assuming %lu MiB of RAM\n", RAM_DEFAULT >> 20);
    ram_top = KERNBASE + RAM_DEFAULT;
  }
  if (ram_top > PHYSTOP || ram_top < KERNBASE) {
    kprintf("fdt: %lu MiB of RAM; MemV6 uses the first %lu MiB\n", said >> 20,
            (PHYSTOP - KERNBASE) >> 20);
    ram_top = PHYSTOP;
  }
  ram_top &= ~(MEGAPAGE - 1);
  if (ram_top - KERNBASE < RAM_MIN)
    panic("fdt: less than RAM_MIN of RAM (QEMU -m 64M at least)");
}

void
fdt_init(uint64 fdt_pa)
{
  const uchar *fdt = (const uchar *)fdt_pa;

  boot_cmdline[0] = 0;
  ram_top = 0;
  if (fdt_pa < KERNBASE || fdt_pa >= PHYSTOP - 4 * HDR_WORDS || fdt_pa % 4 != 0 ||
      be32(fdt) != FDT_MAGIC || be32(fdt + 4 * HDR_TOTALSIZE) > PHYSTOP - fdt_pa ||
      fdt_scan(fdt) < 0) {
    boot_cmdline[0] = 0;
    ram_top = 0;
    kprintf("fdt: no usable device tree at %p\n", fdt_pa);
  }
  ram_init();
  boot_cmd = boot_cmdline;
  while (*boot_cmd == ' ' || strncmp(boot_cmd, OPT_PREFIX, OPT_PREFIX_LEN) == 0) {
    while (*boot_cmd && *boot_cmd != ' ')
      boot_cmd++;
    while (*boot_cmd == ' ')
      boot_cmd++;
  }
  if (boot_cmd != boot_cmdline)
    kprintf("boot options: %s\n", boot_cmdline);
}

/* The command line for init (without the kernel's options), "" when
 * there is none. */
const char *
bootargs(void)
{
  return boot_cmd;
}

/* Whether the word memv6.name came among the boot options. */
int
boot_option(const char *name)
{
  int n = strlen(name);

  for (const char *w = boot_cmdline; w < boot_cmd; w++) {
    if ((w == boot_cmdline || w[-1] == ' ') &&
        strncmp(w, OPT_PREFIX, OPT_PREFIX_LEN) == 0 &&
        strncmp(w + OPT_PREFIX_LEN, name, n) == 0 &&
        (w[OPT_PREFIX_LEN + n] == ' ' || w[OPT_PREFIX_LEN + n] == 0))
      return 1;
  }
  return 0;
}
