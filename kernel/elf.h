/* The parts of the ELF64 format exec reads (System V gABI values). */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#define ELF_MAGIC     0x464c457fU   /* "\x7fELF", little-endian */
#define ELFCLASS64    2
#define ELFDATA2LSB   1
#define ET_EXEC       2
#define EM_RISCV      243

struct elf_header {
  uint32 magic;
  uchar  class;
  uchar  data;
  uchar  ident_rest[10];
  uint16 type;
  uint16 machine;
  uint32 version;
  uint64 entry;
  uint64 phoff;
  uint64 shoff;
  uint32 flags;
  uint16 ehsize;
  uint16 phentsize;
  uint16 phnum;
  uint16 shentsize;
  uint16 shnum;
  uint16 shstrndx;
};

#define PT_LOAD 1
#define PT_NOTE 4
#define PF_X    1
#define PF_W    2
#define PF_R    4

struct elf_phdr {
  uint32 type;
  uint32 flags;
  uint64 off;
  uint64 vaddr;
  uint64 paddr;
  uint64 filesz;
  uint64 memsz;
  uint64 align;
};

/* The header of a note in a PT_NOTE segment; the name follows it, then
 * the descriptor, each padded to 4 bytes. */
struct elf_note {
  uint32 namesz;
  uint32 descsz;
  uint32 type;
};

#endif
