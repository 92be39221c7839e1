/* The contract between mirrorbt and the kernel: how a translated
 * (mirrored) program is marked and where its pair table is.
 * docs/mirrorbt.md describes both in full.
 *
 * Mark: an ELF note (SHT_NOTE section MIRROR_NOTE_SECT, also reachable
 * through a PT_NOTE program header) with name MIRROR_NOTE_NAME, type
 * MIRROR_NOTE_TYPE and a struct mirror_note as descriptor.
 *
 * Pair table: a non-allocated section MIRROR_PAIRS_SECT (file offset and
 * count also in the note) of struct mirror_pair, sorted by `first`.  Each
 * entry names the native write of a pair and the last instruction of its
 * window (for a plain store, the mirror write; for an AMO or sc, the
 * instruction that restores gp); a process whose pc is in (first, second]
 * may have native and mirror differ, and gp may not hold the offset. */
#ifndef KERNEL_MIRROR_H
#define KERNEL_MIRROR_H

#define MIRROR_NOTE_NAME   "MemV6"     /* with its NUL: namesz 6 */
#define MIRROR_NOTE_TYPE   0x4d31      /* "M1" */
#define MIRROR_NOTE_SECT   ".note.memv6.mirror"
#define MIRROR_PAIRS_SECT  ".memv6.pairs"
#define MIRROR_GP          3           /* holds the mirror offset */
#define MIRROR_TP          4           /* scratch: mirror address */

struct mirror_note {
  unsigned long offset;      /* mirror offset the program was built for */
  unsigned long pairs_off;   /* file offset of the pair table */
  unsigned long npairs;      /* entries in the pair table */
};

struct mirror_pair {
  unsigned long first;       /* address of the native write */
  unsigned long second;      /* address of the window's last instruction */
};

#endif
