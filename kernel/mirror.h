/* The contract between mirrorbt and the kernel: how a translated
 * (mirrored) program is marked and where its pair table is.
 * docs/mirrorbt.md describes both in full.
 *
 * Mark: an ELF note (SHT_NOTE section MIRROR_NOTE_SECT, also reachable
 * through a PT_NOTE program header) with name MIRROR_NOTE_NAME, type
 * MIRROR_NOTE_TYPE and a struct mirror_note as descriptor.  Its version
 * names the pair table's format; a note of another size or version is
 * from another mirrorbt and is refused, never read as this one.
 *
 * Pair table: a non-allocated section MIRROR_PAIRS_SECT (file offset and
 * count also in the note) of struct mirror_pair, sorted by `first`, the
 * windows apart.  Each entry names the native write of a pair, the
 * extent of its window (for a plain store up to the mirror write, for an
 * AMO or sc up to the instruction that restores gp), where in it the
 * mirror write is, what kind of write it is and its registers: a process
 * whose pc is in (first, first + span] may have native and mirror
 * differ, and gp may not hold the offset; the entry says how to settle
 * it without reading the program's text. */
#ifndef KERNEL_MIRROR_H
#define KERNEL_MIRROR_H

#define MIRROR_NOTE_NAME   "MemV6"     /* with its NUL: namesz 6 */
#define MIRROR_NOTE_TYPE   0x4d31      /* "M1" */
#define MIRROR_NOTE_SECT   ".note.memv6.mirror"
#define MIRROR_PAIRS_SECT  ".memv6.pairs"
#define MIRROR_GP          3           /* holds the mirror offset */
#define MIRROR_TP          4           /* scratch: mirror address */

#define MIRROR_NOTE_VERSION 2
struct mirror_note {
  unsigned long offset;      /* mirror offset the program was built for */
  unsigned long pairs_off;   /* file offset of the pair table */
  unsigned long npairs;      /* entries in the pair table */
  unsigned long version;     /* MIRROR_NOTE_VERSION: the pair table's format */
};

/* kinds of window */
#define MIRROR_PAIR_STORE 0   /* a plain store: the window is its mirror store (and an add tp before it) */
#define MIRROR_PAIR_AMO   1   /* an AMO: add tp; OP; sub gp; l gp; s gp,0(tp); li gp */
#define MIRROR_PAIR_SC    2   /* an sc: the same, with bnez rd over the copy when rd != x0 */
#define MIRROR_PAIR_TWIN  3   /* an AMO twinned by itself (mirrorbt --twin-atomics, the
                                 kernel's): OP; add tp; beqz gp; OP zero, rs2, 0(tp) */

/* 16 bytes, little-endian. */
struct mirror_pair {
  unsigned long first;      /* address of the native write (store, AMO or sc) */
  unsigned int span;        /* the window's last instruction is at first + span */
  unsigned char kind;       /* MIRROR_PAIR_* */
  unsigned char copy;       /* the window's mirror write is at first + copy (a store: copy == span) */
  unsigned short regs;      /* the native write's registers: rd | rs1 << 5 | rs2 << 10
                               (integer register numbers; rd 0 for a store; rs2 of an FP store is the FP register number) */
};

#endif
