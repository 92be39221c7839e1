# MemV6 build.  Everything is built under build/; sources are found by
# wildcard, so adding a file to kernel/*/ or user/bin/ needs no edit here.
#
#   make            kernel, user programs, file-system image
#   make qemu       boot to a shell          (CPUS=N, default 3; MEM=512M,
#                   the RAM, 64M to 2G)
#   make qemu-gdb   the same, waiting for gdb-multiarch on port $(GDBPORT)
#   make run CMD="ls; cat README"   boot, run the command line, power off;
#                   exits with the command's status.  It boots a scratch
#                   copy of the image (build/run.img); KEEP=1 boots
#                   build/fs.img itself, so changes stay.  Write $ as $$.
#   make test       every test; ends with "N passed, N failed"
#   make bench      benchmarks, report in bench/results.md (docs/bench.md)
#   make fuzz       bounded fuzzing of mirrorbt's ELF front end
#   make campaign   the fault campaign (CAMPAIGN_INJECTIONS, CAMPAIGN_SEED)
#   make ports      fetch and build third-party programs (Lua, bzip2) from
#                   Debian's source packages into the image (docs/ports.md)
#   EXTRA_PROGS="dir/foo.c dir/bar.c"  more user programs, installed as /foo, /bar
#   EXTRA_FILES="a.lua data.bin"       host files put into the image's root

B := build

# Make sure the cross toolchain, QEMU and libelf are installed (apt-get).
ifeq ($(filter clean,$(MAKECMDGOALS)),)
SETUP_STATUS := $(shell sh tools/setup.sh >&2; echo $$?)
ifneq ($(SETUP_STATUS),0)
$(error tools/setup.sh could not install the build dependencies)
endif
endif

TOOLPREFIX ?= $(shell for p in riscv64-unknown-elf- riscv64-linux-gnu-; do \
	if command -v $${p}gcc >/dev/null 2>&1; then echo $$p; break; fi; done)

CC      = $(TOOLPREFIX)gcc
LD      = $(TOOLPREFIX)ld
OBJDUMP = $(TOOLPREFIX)objdump
OBJCOPY = $(TOOLPREFIX)objcopy
AR      = $(TOOLPREFIX)ar
QEMU    = qemu-system-riscv64
HOSTCC ?= cc

# Kernel: no floating point (user FP state is saved by hand), medany model,
# no frame pointer (nothing walks frames; a panic prints no backtrace).
KCFLAGS = -Wall -Werror -O2 -g -ffreestanding \
	-fno-common -fno-builtin -fno-stack-protector -fno-pie -nostdlib \
	-mcmodel=medany -mno-relax -march=rv64imac_zicsr_zifencei -mabi=lp64 \
	-I. -MMD -MP
KASFLAGS = -march=rv64gc_zicsr_zifencei -mabi=lp64 -mno-relax -I. -MMD -MP

# User programs: DESIGN.md section 2.  Freestanding, static, not PIE, no
# linker relaxation and relocations kept for mirrorbt.
UCFLAGS = -Wall -O2 -g -ffreestanding -fno-common -fno-builtin \
	-fno-stack-protector -fno-pie -no-pie -nostdlib -mno-relax \
	-mcmodel=medany -march=rv64gc -mabi=lp64d -I. -MMD -MP
ULDFLAGS = --no-relax --emit-relocs -T user/user.ld
# Linking a user program ($(call ulink,OBJECTS)): the program the images
# install carries no debug information (with it the programs would take a
# fifth of the disk); it stays beside it in NAME.debug, for gdb's
# symbol-file.
ustrip = $(OBJCOPY) --only-keep-debug $@ $@.debug && $(OBJCOPY) --strip-debug $@
ulink = $(LD) $(ULDFLAGS) -o $@ $(1) $(ULIB) && $(ustrip)

HOSTCFLAGS = -Wall -Wextra -O2 -g -I. -MMD -MP

# Objects depend on the flags they are compiled with: $B/NAME.flags holds
# them and is rewritten only when they change (an edit above, or
# KCFLAGS=... on the command line), so that such a change rebuilds the
# objects instead of mixing old and new ones.
flagfile = $(shell mkdir -p $B && echo '$(2)' | cmp -s - $B/$(1).flags || \
	echo '$(2)' > $B/$(1).flags; echo $B/$(1).flags)
ifeq ($(filter clean,$(MAKECMDGOALS)),)
KFLAGS := $(call flagfile,kernel,$(KCFLAGS) $(KASFLAGS))
UFLAGS := $(call flagfile,user,$(UCFLAGS))
endif

# ---------------------------------------------------------------- kernel
KSRC := $(wildcard kernel/*/*.c kernel/*/*.S)
KOBJ := $(patsubst %,$B/%.o,$(basename $(KSRC)))

# Linked with its relocations, as user programs are, so that mirrorbt
# can translate it: $B/kernel-m.elf (tools/mirrorbt/rules.mk).
$B/kernel.elf: $(KOBJ) kernel/kernel.ld
	$(LD) -z max-page-size=4096 --no-relax --emit-relocs -T kernel/kernel.ld -o $@ $(KOBJ)
	$(OBJDUMP) -S $@ > $B/kernel.asm

$B/kernel/%.o: kernel/%.c $(KFLAGS)
	@mkdir -p $(@D)
	$(CC) $(KCFLAGS) -c -o $@ $<

$B/kernel/%.o: kernel/%.S $(KFLAGS)
	@mkdir -p $(@D)
	$(CC) $(KASFLAGS) -c -o $@ $<

# ---------------------------------------------------------------- user
# The user library is an archive: a program gets the members it uses
# (a program that only exits carries no printf or malloc, and its
# translated twin no copies of their loops).
ULIBSRC := $(wildcard user/lib/*.c user/lib/*.S)
ULIBOBJ := $(patsubst %,$B/%.o,$(basename $(ULIBSRC)))
ULIB    := $B/user/libu.a
UPROGS  := $(patsubst user/bin/%.c,$B/user/bin/%,$(wildcard user/bin/*.c)) \
	$(patsubst bench/user/%.c,$B/bench/user/%,$(wildcard bench/user/*.c))
UTESTOBJ := $(patsubst %.c,$B/%.o,$(wildcard user/tests/*.c))

$B/user/%.o: user/%.c $(UFLAGS)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -c -o $@ $<

$B/user/%.o: user/%.S $(UFLAGS)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -c -o $@ $<

$(ULIB): $(ULIBOBJ)
	rm -f $@ && $(AR) rcs $@ $^

$B/user/bin/%: $B/user/bin/%.o $(ULIB) user/user.ld
	$(call ulink,$<)

# In-OS benchmark programs (bench/user/*.c) are ordinary user programs.
$B/bench/%.o: bench/%.c $(UFLAGS)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -c -o $@ $<

$B/bench/user/%: $B/bench/user/%.o $(ULIB) user/user.ld
	$(call ulink,$<)

# The in-OS test suite is one program built from every file in user/tests/.
$B/user/usertests: $(UTESTOBJ) $(ULIB) user/user.ld
	$(call ulink,$(UTESTOBJ))

# EXTRA_PROGS: each file compiled against the user library, named after it.
define extra_prog
$B/extra/$(basename $(notdir $(1))).o: $(1)
	@mkdir -p $$(@D)
	$$(CC) $$(UCFLAGS) -c -o $$@ $$<
$B/extra/$(basename $(notdir $(1))): $B/extra/$(basename $(notdir $(1))).o $$(ULIB) user/user.ld
	$$(call ulink,$$<)
endef
$(foreach p,$(EXTRA_PROGS),$(eval $(call extra_prog,$(p))))
EXTRA := $(foreach p,$(EXTRA_PROGS),$B/extra/$(basename $(notdir $(p))))

# ---------------------------------------------------------------- C library
# Programs in user/c/bin/ are ordinary C: Debian's picolibc (package
# picolibc-riscv64-unknown-elf, the multilib variant of the user -march
# and -mabi) over MemV6's system calls (user/c/lib, the glue).  The
# package's libc keeps errno and a few more variables thread-local,
# through tp; tools/detls makes them ordinary in a copy,
# $B/picolibc/libc.a (docs/libc.md says why).  Installed as /NAME and,
# like every program, translated as /m/NAME.
PICOLIBC := /usr/lib/picolibc/riscv64-unknown-elf
UARCH    := $(filter -march=% -mabi=%,$(UCFLAGS))
PICOLIBC_LIB = $(PICOLIBC)/lib/$(shell $(CC) $(UARCH) -print-multi-directory)
LIBGCC    = $(shell $(CC) $(UARCH) -print-libgcc-file-name)
CCFLAGS  = $(filter-out -ffreestanding -fno-builtin -nostdlib,$(UCFLAGS)) \
	-isystem user/c/include -isystem $(PICOLIBC)/include
CLIBSRC  := $(wildcard user/c/lib/*.c)
CLIB     := $(patsubst %,$B/%.o,$(basename $(CLIBSRC))) $B/user/c/lib/syscalls.o
CPROGS   := $(patsubst user/c/bin/%.c,$B/user/c/bin/%,$(wildcard user/c/bin/*.c))

$B/tools/detls: tools/detls/detls.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $< -lelf

# The package's archive, every member through detls.
$B/picolibc/libc.a: $B/tools/detls $(PICOLIBC_LIB)/libc.a
	rm -rf $B/picolibc/obj && mkdir -p $B/picolibc/obj
	cd $B/picolibc/obj && $(AR) x $(PICOLIBC_LIB)/libc.a
	$B/tools/detls $B/picolibc/obj/*.o
	rm -f $@ && $(AR) rcs $@ $B/picolibc/obj/*.o && rm -rf $B/picolibc/obj


$B/user/c/%.o: user/c/%.c
	@mkdir -p $(@D)
	$(CC) $(CCFLAGS) -c -o $@ $<

$B/user/c/lib/syscalls.o: user/lib/syscalls.S
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -DMEMV6_GLUE -c -o $@ $<

# The glue's stdio.c wraps two of picolibc's functions.
CLDFLAGS = $(ULDFLAGS) --wrap=fdopen --wrap=fclose

$B/user/c/bin/%: $B/user/c/bin/%.o $(CLIB) $B/picolibc/libc.a user/user.ld
	$(LD) $(CLDFLAGS) -o $@ $< $(CLIB) --start-group $B/picolibc/libc.a $(LIBGCC) --end-group && \
		$(ustrip)

# Ports that make ports has built (ports/rules.mk) are programs too.
PORTS := $(filter-out %.debug,$(wildcard $B/ports/bin/*))
PROGS := $(UPROGS) $(CPROGS) $B/user/usertests $(EXTRA) $(PORTS)

# ---------------------------------------------------------------- host tools
$B/tools/mkfs: $(wildcard tools/mkfs/mkfs.c) tools/mkfs/image.h kernel/fs.h kernel/param.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ tools/mkfs/mkfs.c

# Files in the image: NAME=HOSTFILE (NAME may contain directories).  Every
# program is installed as /NAME; rules.mk files may add more.  /u/usertests
# is an untranslated copy of the suite that stays untranslated in every
# image (MIRROR=all too): the mirror group's unmirrored processes.
IMAGE_FILES := README=README.md $(foreach p,$(PROGS),$(notdir $(p))=$(p)) \
	u/usertests=$B/user/usertests
IMAGE_DEPS  := README.md $(PROGS)

# EXTRA_FILES="a.lua data.bin": host files in the image's root, under
# their own names (every image: fs.img, make run's, the tests').
# $B/.extra records the list, so that an image is built again when it
# changes.
ifeq ($(filter clean,$(MAKECMDGOALS)),)
$(shell mkdir -p $B; echo "$(EXTRA_FILES)" | cmp -s - $B/.extra || echo "$(EXTRA_FILES)" > $B/.extra)
endif
IMAGE_FILES += $(foreach f,$(EXTRA_FILES),$(notdir $(f))=$(f))
IMAGE_DEPS  += $(EXTRA_FILES) $B/.extra

# Each tool or test directory may bring its own rules (rules.mk).  A
# rules.mk adds its host test target to HOST_TESTS; `make host-tests` runs
# them all.  Every test prints one line "PASS name" or "FAIL name: why".
HOST_TESTS :=
include $(wildcard tools/*/rules.mk tests/rules.mk bench/rules.mk) ports/rules.mk

host-tests: $(HOST_TESTS)

# ---------------------------------------------------------------- image
$B/fs.img: $B/tools/mkfs $(IMAGE_DEPS)
	$B/tools/mkfs $@ $(IMAGE_FILES)

# The tests' image (tests/run.py): fs.img without the ports, whose 6 MB
# would leave no room for fs.maxfile's file of MAXFILE blocks (stage 9
# boots fs-ports.img, ports/rules.mk).  Its files are those of fs.img
# but each port, its twin and luabench.lua, under MIRROR=all too.
PORT_FILES = $(foreach p,$(PORTS),$(notdir $(p))=$(p) $(notdir $(p))=$B/m/$(notdir $(p)) \
	m/$(notdir $(p))=$B/m/$(notdir $(p))) luabench.lua=ports/lua/bench.lua
$B/fs-test.img: $B/tools/mkfs $(IMAGE_DEPS)
	$B/tools/mkfs $@ $(filter-out $(PORT_FILES),$(IMAGE_FILES))

all: $B/kernel.elf $B/fs.img
.DEFAULT_GOAL := all

# ---------------------------------------------------------------- running
CPUS ?= 3
# RAM of make qemu / make run: a system that runs everything mirrored needs
# twice the frames (xv6's 100 MiB sbrkmuch heap takes 200 MiB mirrored);
# the kernel reads the size from the device tree (64 MiB to 2 GiB).
MEM ?= 512M
GDBPORT ?= 26000
IMG = $B/fs.img
KERNEL = $B/kernel.elf
QEMUOPTS = -machine virt,aclint=on -bios none -kernel $(KERNEL) -m $(MEM) -smp $(CPUS) \
	-nographic -global virtio-mmio.force-legacy=false \
	-drive file=$(IMG),if=none,format=raw,id=x0 \
	-device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0

# Kernel options (memv6.NAME words) go before the command line: poweroff
# lets `halt` and init's end-of-command power-off stop the machine.
qemu: all
	$(QEMU) $(QEMUOPTS) -append memv6.poweroff

# The kernel translated by mirrorbt, its data and bss mirrored
# (docs/kernel-mirror.md, "Translating the kernel").
qemu-kdata: KERNEL = $B/kernel-m.elf
qemu-kdata: all $B/kernel-m.elf
	$(QEMU) $(QEMUOPTS) -append "memv6.poweroff memv6.kdata"

qemu-gdb: all
	@echo "*** now run: gdb-multiarch -ex 'target remote localhost:$(GDBPORT)' $B/kernel.elf"
	$(QEMU) $(QEMUOPTS) -append memv6.poweroff -S -gdb tcp::$(GDBPORT)

# The command line reaches init through the device tree (/chosen/bootargs).
# Each run starts from the image as built: it boots a fresh copy, so a
# file one run leaves behind is not there in the next (KEEP=1: no copy).
export CMD
ifneq ($(KEEP),1)
run: IMG = $B/run.img
endif
run: all
	$(if $(filter 1,$(KEEP)),,cp $B/fs.img $B/run.img)
	$(QEMU) $(QEMUOPTS) -append "memv6.poweroff $$CMD"

test: all $B/fs-test.img $B/kernel-m.elf
	python3 tests/run.py

# make campaign: the fault campaign at length (tests/campaign.py, the
# in-OS campaign.run of usertests in boots of 1,000 injections each, on
# copies of the image; docs/memory.md "The campaign"): CAMPAIGN_INJECTIONS
# injections of every kind, seed CAMPAIGN_SEED (a fresh one, printed, when
# empty).  Fails on a wrong outcome, a panic or a hang.  CAMPAIGN_KDATA=1:
# on the translated kernel with its data and bss mirrored (their pages
# lost too).
CAMPAIGN_INJECTIONS ?= 10000
CAMPAIGN_SEED ?=
CAMPAIGN_TARGET ?= user
CAMPAIGN_KDATA ?=
campaign: all $B/kernel-m.elf
	python3 tests/campaign.py --injections $(CAMPAIGN_INJECTIONS) --target $(CAMPAIGN_TARGET) \
		$(if $(CAMPAIGN_SEED),--seed $(CAMPAIGN_SEED)) $(if $(CAMPAIGN_KDATA),--kdata)

clean:
	rm -rf $B

.PHONY: all qemu qemu-kdata qemu-gdb run test campaign clean host-tests
# Keep intermediate objects (no "rm" noise after the test summary).
.PRECIOUS: $B/user/%.o $B/bench/%.o $B/extra/%.o $B/user/c/%.o

-include $(shell find $B -name '*.d' 2>/dev/null)
