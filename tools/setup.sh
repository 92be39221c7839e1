#!/bin/sh
# Installs what building and testing MemV6 needs, from Debian's packages,
# when it is missing.  Quiet and quick when everything is already there.
# Run by make on every build; run it by hand as root if make cannot.
# `setup.sh bench` also installs what `make bench` needs (gnuplot-nox,
# for the chart).
set -e

need=""
have() { command -v "$1" >/dev/null 2>&1; }

have riscv64-unknown-elf-gcc || have riscv64-linux-gnu-gcc ||
  need="$need gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf"
have qemu-system-riscv64 || need="$need qemu-system-misc"
have gdb-multiarch || need="$need gdb-multiarch"
have qemu-riscv64 && have clang || need="$need qemu-user clang"
have csmith || need="$need csmith"          # mirrorbt's random-program test
have python3 || need="$need python3"
have cc || need="$need gcc"
have make || need="$need make"
[ -f /usr/include/gelf.h ] || need="$need libelf-dev"
# the C library of user/c (docs/libc.md)
[ -f /usr/lib/picolibc/riscv64-unknown-elf/include/picolibc.h ] ||
  need="$need picolibc-riscv64-unknown-elf"
# the ports (docs/ports.md): apt-get source unpacks with dpkg-source; the
# host's lua5.4 and bzip2 give the outputs the ports must match
have dpkg-source || need="$need dpkg-dev"
have lua5.4 || need="$need lua5.4"
have bzip2 || need="$need bzip2"
[ "$1" != bench ] || have gnuplot || need="$need gnuplot-nox"

[ -z "$need" ] && exit 0

echo "setup: installing$need" >&2
if [ "$(id -u)" = 0 ]; then
  run=""
elif have sudo; then
  run="sudo"
else
  echo "setup: missing packages:$need" >&2
  echo "setup: run as root: apt-get install -y$need" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$run apt-get update -qq >&2 || true
$run apt-get install -y -qq --no-install-recommends $need >&2
