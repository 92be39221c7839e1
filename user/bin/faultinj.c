/* faultinj: inject a memory error into a page of a process, or fail a
 * whole memory bank (a test knob: the kernel must be booted with
 * memv6.faultinj, and the caller privileged).
 *
 *   faultinj PID VA            poison the native copy of the page at VA
 *   faultinj -m PID VA         poison its mirror copy
 *   faultinj -n [-m] PID VA    poison it and have every copy of the frame
 *                              rebuilt at once (not on the next access)
 *   faultinj [-m] -f BIT PID VA   flip bit BIT of the page silently
 *   faultinj [-m] -t PID VA    lose the leaf page table that maps the
 *                              page (or its mirror): a mirrored process
 *   faultinj -b BANK           the whole bank BANK fails
 *   faultinj -k VA             poison the kernel's page at VA (its text or
 *                              read-only data: memstat shows the range)
 *
 * PID 0 is faultinj itself; VA is decimal or 0x... hex. */
#include "kernel/types.h"
#include "kernel/pagemap.h"
#include "user/user.h"
#include "user/lib/ulib.h"

static uint64
number(const char *s)
{
  uint64 n = 0;
  int base = 10;

  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s += 2;
  }
  for (; *s; s++) {
    int d = *s >= '0' && *s <= '9' ? *s - '0' :
            *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
            *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : 99;
    if (d >= base)
      die("faultinj: not a number");
    n = n * base + d;
  }
  return n;
}

/* The knobs that name no process: one number, one kind of injection. */
static const struct {
  const char *opt;
  int how;
  const char *refused;  /* what the kernel may have objected to */
  const char *done;     /* printf format of the number */
} machine_knobs[] = {
  { "-b", FI_BANK, "a bank that has not failed, with two more left?", "faultinj: bank %lu failed\n" },
  { "-k", FI_KERNEL, "a page of the kernel's text or read-only data, not the trampoline, not poisoned already?",
    "faultinj: poisoned the kernel's page 0x%lx\n" },
};

/* faultinj -b BANK or -k VA: argv[1] is opt, argv[2] its number. */
static int
machine_knob(int argc, char **argv)
{
  for (int k = 0; k < (int)(sizeof machine_knobs / sizeof machine_knobs[0]); k++) {
    if (argc != 3 || strcmp(argv[1], machine_knobs[k].opt) != 0)
      continue;
    uint64 n = number(argv[2]);
    if (faultinj(0, n, machine_knobs[k].how) < 0)
      die("faultinj: refused (boot option memv6.faultinj? privileged? %s)", machine_knobs[k].refused);
    printf(machine_knobs[k].done, n);
    return 1;
  }
  return 0;
}

int
main(int argc, char **argv)
{
  int how = 0, i = 1;

  if (machine_knob(argc, argv))
    return 0;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "-m") == 0)
      how |= FI_MIRROR;
    else if (strcmp(argv[i], "-n") == 0)
      how |= FI_NOW;
    else if (strcmp(argv[i], "-t") == 0)
      how |= FI_TABLE;
    else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc)
      how |= FI_FLIP | (int)(number(argv[++i]) << 8);
    else
      break;
  }
  if (argc - i != 2)
    die("usage: faultinj [-m] [-n] [-f BIT | -t] PID VA | faultinj -b BANK | faultinj -k VA");
  int pid = atoi(argv[i]);
  uint64 va = number(argv[i + 1]);
  if (faultinj(pid, va, how) < 0)
    die("faultinj: refused (boot option memv6.faultinj? privileged? a mapped user page? see kernel/pagemap.h)");
  printf("faultinj: %s %s copy of page 0x%lx of pid %d\n",
         how & FI_TABLE ? "lost the page table of the" : how & FI_FLIP ? "flipped a bit in the" : "poisoned the",
         how & FI_MIRROR ? "mirror" : "native", va, pid);
  return 0;
}
