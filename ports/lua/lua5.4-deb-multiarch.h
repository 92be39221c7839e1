/* Debian patches luaconf.h to take the multiarch triplet, part of its
 * module search path, from this header of its build; ports/rules.mk
 * gives MemV6's own. */
#define DEB_HOST_MULTIARCH "riscv64-memv6"
