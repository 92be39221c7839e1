/* The mirrored-memory system calls' records (docs/memory.md).
 *
 * pagemap(pid, va, buf, n): up to n records, in address order, for the
 *   mapped user pages of process pid (0: the caller) at or above user
 *   address va (a native address; mirror pages are reported with their
 *   native page).  Returns the number filled, 0 past the last page, -1
 *   for no such process or a bad buffer.  Call again from the last va +
 *   PGSIZE for more.  All n records are written (those past the count
 *   zeroed), at most a page's worth a call.  Another process (pid not 0
 *   nor the caller's) needs the privilege (-1 without it); an
 *   unprivileged caller's own records read 0 for every frame it does not
 *   map alone (ref != 1: shared copy-on-write, or the zero frame).
 * mdiff(pid, vas, n): compare every native page of mirrored process pid
 *   (0: the caller) with its mirror copy.  Returns the number of pages
 *   that differ (or whose copy is missing) and stores the first n of
 *   their addresses in vas (the rest of the n zeroed, at most a page's
 *   worth); -1 for no such process, a process that is not mirrored, a
 *   bad buffer, or another process without the privilege.
 * bankhold(bank, n): a test knob (boot option memv6.bankhold): n > 0
 *   takes up to n free frames of bank and holds them, returning how many
 *   it took; n == 0 gives back every frame held from bank, returning
 *   how many.  -1 without the boot option or the privilege, or for a
 *   bad bank.
 * faultinj(pid, va, how): a test knob (boot option memv6.faultinj):
 *   inject a memory error into the page at user address va of process
 *   pid (0: the caller) -- its native copy, or with FI_MIRROR its mirror
 *   copy.  By default the frame is poisoned (every access to it then
 *   traps, as an uncorrectable ECC error would, and the kernel rebuilds
 *   it from the other copy or kills the process if there is none); with
 *   FI_FLIP bit FI_BIT(how) of the page is flipped silently instead.
 *   With FI_KERNEL va is a kernel address: the kernel's page there, of
 *   its text or read-only data (memstat's kernel_ro_start to
 *   kernel_ro_end, but kernel_trampoline), is poisoned (pid and the
 *   other flags ignored); the kernel's next access switches it to its
 *   second copy (-1 for another address, or a page poisoned already or
 *   whose second copy is still being made again).
 *   With FI_TABLE the leaf page-table page that maps va (with FI_MIRROR:
 *   va's mirror) in the mirrored process pid is lost: its bytes are
 *   destroyed and the walk to it cut; the kernel makes it again from the
 *   other half before anything walks there (-1 for an unmirrored
 *   process, no such table, the trapframe's, or one lost already and
 *   not made again yet).  FI_HOW(FI_TABLE, 1) loses the level-1 table
 *   instead, of a mirrored process or not; the kernel makes it again
 *   from the recorded places of the leaf tables under it.
 *   FI_HOW(FI_TABLE, 2) loses the root (va ignored), made again from the
 *   places of the level-1 tables.  The root and the level-1 table over
 *   the trapframe and trampoline are lost with pid stopped and made
 *   again before pid may return to user mode.
 *   With FI_KERNEL|FI_STACK the kernel stack of process pid is lost (va
 *   ignored): its bytes are destroyed and its PTE cut while pid is off
 *   every hart; the kernel makes it again from the snapshot taken when
 *   pid last left a hart, before pid runs again (-1 for a process that
 *   runs now -- the caller always does -- or whose stack is lost
 *   already).  FI_KERNEL|FI_TRAPFRAME does the same to pid's trapframe
 *   (refused also while a repairer has pid stopped: it may write there).
 *   FI_KERNEL|FI_PIPE loses the ring of the pipe behind the caller's
 *   file descriptor va (pid ignored) while no read or write copies in
 *   or out of it; the next copy finds it made again, bytes and all (-1
 *   for no pipe, or a ring in use or lost already).  FI_KERNEL|FI_BUF
 *   loses the block of buffer-cache entry va (0 .. NBUF-1; NBUF: an
 *   entry that holds a block the open transaction changed), waiting for
 *   its holder to let it go; the next holder finds it made again.  It
 *   returns 1 if the block was dirty (changed by the open transaction,
 *   not yet written home), 0 if clean, -1 for no such entry or a block
 *   lost already.
 *   FI_KERNEL|FI_DATA loses page va (0 .. memstat's kernel_data_pages
 *   - 1) of the kernel's data and bss that has a mirror (a translated
 *   kernel booted with memv6.kdata): its PTE is cut; the kernel's next
 *   access, or scrub's patrol, copies it back from the mirror into a new
 *   frame with the other harts stopped (-1 without such a mirror, for
 *   no such page, one lost already, or no spare frame for it yet).  With
 *   FI_MIRROR too the page's mirror frame is lost: the kernel makes it
 *   again from the page, the other harts stopped (-1 likewise; while
 *   the page or its mirror is lost, a loss of the other is refused).
 *   FI_KERNEL|FI_PAIRS loses page va (from 0) of the pair table of
 *   mirrored process pid (0: the caller), its bytes destroyed; the next
 *   recovery that reads it, or scrub's patrol, finds it made again from
 *   its snapshot (-1 for no such process, an unmirrored one, no such
 *   page, or a page lost already).
 *   With FI_BANK the whole memory bank number va fails: every copy there
 *   is rebuilt in a surviving bank, unmirrored processes with pages
 *   there are killed, and nothing is allocated there again (-1 for a bad
 *   bank, a failed one, or if fewer than two banks would be left).
 *   0, or -1 without the boot option or the privilege, for no such
 *   process or mapped page, a page that is the shared zero frame (kernel
 *   memory), the mirror of an unmirrored page, or a frame poisoned
 *   already.
 * scrub(repair): compare the native and mirror copies of every page of
 *   every mirrored process; print a console line for each page that
 *   differs ("scrub: pid P: page 0xVA differs from its mirror"), each
 *   difference confirmed with the process stopped outside every pair
 *   window, and with repair != 0 rewrite its mirror (in a fresh frame)
 *   from the native copy.  A privileged caller's scrub also reads every
 *   page of the kernel's text and read-only data once, so that a
 *   poisoned one is found and switched to its copy.
 *   Returns the number of differing pages found.  Without the privilege
 *   only the caller's own pages are compared, and repair is refused (-1).
 *   The console lines are rate-limited (kratelimit).
 * privdrop(): give up the privilege for good; children are born without
 *   it.  0. */
#ifndef KERNEL_PAGEMAP_H
#define KERNEL_PAGEMAP_H

#define PM_NOBANK  0xff     /* bank of the zero frame, or of no frame */

/* flags */
#define PM_R       0x1      /* readable */
#define PM_W       0x2      /* writable */
#define PM_X       0x4      /* executable */
#define PM_COW     0x8      /* shared copy-on-write */
#define PM_ZERO    0x10     /* shared zeros (an untouched heap page read): the zero frame, or the zero pair when mirrored */
#define PM_MIRROR  0x20     /* the process is mirrored: the mirror_ fields are set */
#define PM_INVALID 0x40     /* the PTE is in a software state (not valid) */
#define PM_MIRROR_INVALID 0x80   /* the mirror's PTE is in a software state */

/* faultinj's how */
#define FI_MIRROR  0x1      /* the mirror copy, not the native one */
#define FI_FLIP    0x2      /* flip a bit silently instead of poisoning */
#define FI_BANK    0x4      /* the whole bank va fails (pid ignored) */
#define FI_NOW     0x8      /* a poison: rebuild every copy of the frame now */
#define FI_KERNEL  0x10     /* va is the kernel's: a page of its text or read-only data */
#define FI_TABLE   0x20     /* the leaf page table that maps pid's va is lost */
#define FI_STACK   0x40     /* with FI_KERNEL: pid's kernel stack is lost */
#define FI_TRAPFRAME 0x80   /* with FI_KERNEL: pid's trapframe is lost */
#define FI_PIPE    0x800000  /* with FI_KERNEL: the ring of the caller's pipe fd va is lost */
#define FI_BUF     0x1000000 /* with FI_KERNEL: buffer-cache entry va's block is lost */
#define FI_DATA    0x2000000 /* with FI_KERNEL: mirrored page va of data and bss is lost */
#define FI_PAIRS   0x4000000 /* with FI_KERNEL: page va of pid's pair table is lost */
#define FI_BIT(how)  (((how) >> 8) & 0x7fff)   /* which bit of the page */
#define FI_HOW(flags, bit)  ((flags) | ((bit) << 8))

struct pagemap {
  uint64 va;          /* user address of the page */
  uint64 pa;          /* its frame */
  uint64 mirror_pa;   /* the frame of the copy at va + MIRROR_OFFSET, or 0 */
  uint32 flags;       /* PM_* */
  uint16 ref;         /* references to pa (page-table entries sharing it) */
  uint16 mirror_ref;  /* references to mirror_pa: always ref, a pair is shared whole */
  uint8 bank;         /* bank of pa, or PM_NOBANK */
  uint8 mirror_bank;  /* bank of mirror_pa, or PM_NOBANK */
  uint8 pad[6];
};

#endif
