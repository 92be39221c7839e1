# mirrorbt: the static binary translator (host tool) and its tests.
MBT_SRC := $(filter-out tools/mirrorbt/fuzz.c,$(wildcard tools/mirrorbt/*.c))
MBT     := $B/tools/mirrorbt

$(MBT): $(MBT_SRC) tools/mirrorbt/mbt.h kernel/mirror.h kernel/memlayout.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $(MBT_SRC) -lelf

# Host tests: the decoder against objdump, hand-written programs run
# under qemu-riscv64 before and after translation, and the refusals.
# Their objects are built with the user flags and depend on them
# ($(UFLAGS), the Makefile's flag file).
MBT_T    := $B/tools/mirrorbt-tests
MBT_TSRC := $(wildcard tools/mirrorbt/tests/*.S tools/mirrorbt/tests/*.c)
MBT_PROGS := $(addprefix $(MBT_T)/,far auipc stores atomics cprog anchor relax allinsn loops borrow \
	pcnoreloc clangstatic unimp)
MBT_RT   := $(MBT_T)/rt.o $(MBT_T)/rtlib.o

$(MBT_T)/%.o: tools/mirrorbt/tests/%.S $(UFLAGS)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -c -o $@ $<

$(MBT_T)/%.o: tools/mirrorbt/tests/%.c $(UFLAGS)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -c -o $@ $<

# relax.c stands for code the user did not build: assembled with
# relaxation (R_RISCV_RELAX/ALIGN), linked with --no-relax all the same.
$(MBT_T)/relax.o: tools/mirrorbt/tests/relax.c $(UFLAGS)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -mrelax -falign-functions=16 -falign-loops=16 -falign-labels=8 -c -o $@ $<

# clangstatic.c stands for clang's output: its integrated assembler
# resolves calls and addresses within a section and keeps no relocation
# on those auipc pairs (Debian's clang, riscv64 bare metal, the user flags).
MBT_CLANG := clang --target=riscv64-unknown-elf $(filter-out -no-pie,$(UCFLAGS))
$(MBT_T)/clangstatic.o: tools/mirrorbt/tests/clangstatic.c $(UFLAGS)
	@mkdir -p $(@D)
	$(MBT_CLANG) -c -o $@ $<

$(MBT_T)/%: $(MBT_T)/%.o $(MBT_RT) tools/mirrorbt/tests/test.ld
	$(LD) --no-relax --emit-relocs -T tools/mirrorbt/tests/test.ld -o $@ $(MBT_RT) $<

$B/tools/mirrorbt-dis: tools/mirrorbt/tests/dis.c $(MBT_SRC) tools/mirrorbt/mbt.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ tools/mirrorbt/tests/dis.c \
		$(filter-out tools/mirrorbt/main.c,$(MBT_SRC)) -lelf

# The header fuzz (tests/hdrfuzz.py): MBT_HDRFUZZ mutated section headers
# of the test programs, each refused or translated into a program that
# behaves as the original; MBT_HDRFUZZ_SEED (default: fresh, printed)
# replays a run.
MBT_HDRFUZZ ?= 300
MBT_HDRFUZZ_SEED ?= $(shell od -An -N3 -tu4 /dev/urandom | tr -d ' ')

mirrorbt-test: $(MBT) $B/tools/mirrorbt-dis $(MBT_PROGS) $(MBT_RT)
	python3 tools/mirrorbt/tests/run.py $B $(TOOLPREFIX) $(wildcard $(PROGS))
	python3 tools/mirrorbt/tests/hdrfuzz.py $B $(MBT_HDRFUZZ) $(MBT_HDRFUZZ_SEED)

HOST_TESTS += mirrorbt-test
.PHONY: mirrorbt-test

# Random programs (Debian's csmith, installed by tools/setup.sh) built with
# the user flags by GCC and by clang, at -O0/-O1/-O2/-O3/-Os, without and
# with relaxation (20 variants by seed), run native and translated under
# qemu-riscv64 (tools/mirrorbt/tests/csmith.py).  The bounded run is a
# host test of MBT_CSTEST programs, `make csmith` runs CSMITH_COUNT; both
# start from CSMITH_SEED (default: a fresh random first seed each run,
# printed, so a failure replays with CSMITH_SEED=...).
MBT_CS      := $(MBT_T)/csmith
MBT_CSRT    := $(MBT_CS)/rt.o $(MBT_T)/rtlib.o $(MBT_CS)/support.o
MBT_CSTEST  ?= 48
CSMITH_COUNT ?= 1000
CSMITH_SEED ?= $(shell od -An -N3 -tu4 /dev/urandom | tr -d ' ')
export CSMITH_CFLAGS := $(filter-out -O2 -MMD -MP -Wall,$(UCFLAGS)) -w -Itools/mirrorbt/tests/csmith

$(MBT_CS)/rt.o: tools/mirrorbt/tests/rt.S $(UFLAGS)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -DRT_STACK=262144 -c -o $@ $<

$(MBT_CS)/support.o: tools/mirrorbt/tests/csmith/support.c $(UFLAGS)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -fno-tree-loop-distribute-patterns -c -o $@ $<

mirrorbt-csmith-test: $(MBT) $(MBT_CSRT)
	python3 tools/mirrorbt/tests/csmith.py $B $(TOOLPREFIX) $(MBT_CSTEST) $(CSMITH_SEED) tools/mirrorbt/tests/regress

csmith: $(MBT) $(MBT_CSRT)
	python3 tools/mirrorbt/tests/csmith.py $B $(TOOLPREFIX) $(CSMITH_COUNT) $(CSMITH_SEED) \
		tools/mirrorbt/tests/regress 2>&1 | tee $B/csmith.log

HOST_TESTS += mirrorbt-csmith-test
.PHONY: mirrorbt-csmith-test csmith

# Build integration: every program NAME in PROGS (EXTRA_PROGS included)
# gets a translated twin, installed as /m/NAME, translated for the
# kernel's MIRROR_OFFSET (kernel/memlayout.h, which mirrorbt is built
# with and takes as its default): the kernel reads the mark and runs it
# mirrored.  MIRROR=all installs the translated program under the plain
# name too, so that every program in the image is translated; `make
# build/fs-all.img` builds that image beside the normal one (the test
# driver's mirrored pass), without touching build/fs.img.
# MIRROR_OFFSET=... overrides the offset of the twins (the kernel refuses
# any other offset: exec returns -1).
MBT_OFFSET := $(if $(MIRROR_OFFSET),--offset $(MIRROR_OFFSET))
MBT_TWINS :=

# $B/m/.mode records MIRROR and MIRROR_OFFSET; it changes (and so the
# twins and the image are rebuilt) only when they do.
MBT_MODE := $B/m/.mode
ifeq ($(filter clean,$(MAKECMDGOALS)),)
$(shell mkdir -p $B/m; echo "$(MIRROR) $(MIRROR_OFFSET)" | cmp -s - $(MBT_MODE) || \
	echo "$(MIRROR) $(MIRROR_OFFSET)" > $(MBT_MODE))
endif

define mbt_twin
$B/m/$(notdir $(1)): $(1) $(MBT) $(MBT_MODE)
	@mkdir -p $$(@D)
	$(MBT) $(MBT_OFFSET) -o $$@ $$<
MBT_TWINS += $B/m/$(notdir $(1))
endef
$(foreach p,$(PROGS),$(eval $(call mbt_twin,$(p))))

# One program translated for a wrong offset (2^36), /m36/echo: exec must
# refuse it (usertests' mirror.wrongoffset).
MBT_WRONG := $B/m36/echo
$(MBT_WRONG): $B/user/bin/echo $(MBT)
	@mkdir -p $(@D)
	$(MBT) --offset 68719476736 -o $@ $<

IMAGE_FILES += $(foreach p,$(PROGS),m/$(notdir $(p))=$B/m/$(notdir $(p))) m36/echo=$(MBT_WRONG)
IMAGE_DEPS  += $(MBT_TWINS) $(MBT_MODE) $(MBT_WRONG)
# NAME=PROG for each plain program becomes NAME=$B/m/NAME (every program
# translated).
mbt_all = $(foreach f,$(1),$(if $(filter $(f),$(foreach p,$(PROGS),$(notdir $(p))=$(p))),$(firstword $(subst =, ,$(f)))=$B/m/$(firstword $(subst =, ,$(f))),$(f)))
ifeq ($(MIRROR),all)
IMAGE_FILES := $(call mbt_all,$(IMAGE_FILES))
endif
# init and the shell run mirrored in every image: their twins are
# installed as /init and /sh, so that no single bank failure stops the
# machine (docs/memory.md "Bank failure").
MBT_SYSTEM := init sh
IMAGE_FILES := $(foreach f,$(IMAGE_FILES),$(if $(filter $(MBT_SYSTEM),$(firstword $(subst =, ,$(f)))),$(firstword $(subst =, ,$(f)))=$B/m/$(firstword $(subst =, ,$(f))),$(f)))

# The image with every program translated, whatever MIRROR says (the
# mirrored pass of tests/run.py).  Recursive: rules.mk files included
# later may still add files.
$B/fs-all.img: $B/tools/mkfs $(IMAGE_DEPS)
	$B/tools/mkfs $@ $(call mbt_all,$(IMAGE_FILES))

# The translator's own regression check (tools/mirrorbt/tests/inos.py,
# stage 7 of make test): twins translated with --offset 0 in $B/m0/,
# installed as /m/NAME in an image of their own, $B/fs-m0.img.  They run
# unmirrored (no mirror writes leave the page) and must behave exactly
# like the originals.
define mbt_twin0
$B/m0/$(notdir $(1)): $(1) $(MBT)
	@mkdir -p $$(@D)
	$(MBT) --offset 0 -o $$@ $$<
MBT_TWINS0 += $B/m0/$(notdir $(1))
endef
MBT_TWINS0 :=
$(foreach p,$(PROGS),$(eval $(call mbt_twin0,$(p))))

$B/fs-m0.img: $B/tools/mkfs $(IMAGE_DEPS) $(MBT_TWINS0)
	$B/tools/mkfs $@ $(subst =$B/m/,=$B/m0/,$(IMAGE_FILES))

# The kernel translated (stage 2k of make test): every store of the
# kernel is made twice, at va and at va + gp, gp being the offset the
# kernel itself sets -- KMIRROR_OFFSET (kernel/memlayout.h) when booted
# with memv6.kmirror, else 0 -- and the kernel must run as before: the
# way to a mirrored kernel (issue 18).  Left as they are: .text.keep
# (entry, machine-mode trap vector, kernelvec, device writes:
# dev/mmio.c, the gp setter: mm/kmirror.c), the trampoline, the
# atomics, which several harts share, and the stores to the stacks,
# whose protection is their snapshots (docs/kernel-mirror.md,
# "Translating the kernel").
KMIRROR_SHIFT := $(shell sed -n 's/^\#define KMIRROR_SHIFT *\([0-9]*\).*/\1/p' kernel/memlayout.h)
MIRROR_SKEW := $(shell sed -n 's/^\#define MIRROR_SKEW *\([0-9]*\).*/\1/p' kernel/memlayout.h)
MBT_KERNEL_FLAGS := --offset $(shell echo $$((-(1 << $(KMIRROR_SHIFT)) - $(MIRROR_SKEW) * 4096))) \
	--keep .text.keep --keep .trampoline --twin-atomics --keep-stack --no-borrow --check
$B/kernel-m.elf: $B/kernel.elf $(MBT)
	$(MBT) $(MBT_KERNEL_FLAGS) -o $@ $<

# make fuzz: bounded libFuzzer run (clang) over the ELF front end, seeded
# with the test programs; FUZZ_SECONDS bounds it.  docs/mirrorbt.md has
# the last result.
FUZZ_SECONDS ?= 120
$B/tools/mirrorbt-fuzz: tools/mirrorbt/fuzz.c $(MBT_SRC) tools/mirrorbt/mbt.h
	@mkdir -p $(@D)
	clang -g -O1 -I. -fsanitize=fuzzer,address,undefined -o $@ tools/mirrorbt/fuzz.c \
		$(filter-out tools/mirrorbt/main.c,$(MBT_SRC)) -lelf

fuzz: $B/tools/mirrorbt-fuzz $(MBT_PROGS)
	@rm -rf $B/fuzz && mkdir -p $B/fuzz/corpus $B/fuzz/crashes
	cp $(MBT_PROGS) $B/fuzz/corpus/
	$B/tools/mirrorbt-fuzz -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=1024 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix=$B/fuzz/crashes/ \
		$B/fuzz/corpus 2>&1 | tee $B/fuzz/log | grep -E '^(stat::|#[0-9]+ *DONE)' ; \
	echo "fuzz: crashes found: $$(ls $B/fuzz/crashes | wc -l)"

.PHONY: fuzz

# Benchmark report (not a test): build/bench/mirrorbt.md.  Static counts
# for the image's programs; dynamic ones (qemu-riscv64) for the
# freestanding kernels in bench/mirrorbt/ (compute: CRC, matrix multiply,
# sorting, a state machine, string search; program shapes: struct updates,
# a hash table, a priority queue, a bytecode interpreter, memory loops),
# built like the user programs and linked with the test runtime.
# MBT_OPTS (environment) adds mirrorbt options to the dynamic runs.
MBT_BENCH := $(patsubst bench/mirrorbt/%.c,$B/bench/mirrorbt/%,$(wildcard bench/mirrorbt/*.c))

$B/bench/mirrorbt/%: $B/bench/mirrorbt/%.o $(MBT_RT) tools/mirrorbt/tests/test.ld
	$(LD) --no-relax --emit-relocs -T tools/mirrorbt/tests/test.ld -o $@ $(MBT_RT) $<

mirrorbt-bench: $(MBT) $(PROGS) $(MBT_BENCH)
	python3 tools/mirrorbt/bench.py $(MBT) $B/bench/mirrorbt.md $(PROGS) --dyn $(MBT_BENCH)

.PHONY: mirrorbt-bench

# The in-OS proof (boots QEMU, minutes): /m twins translated with
# --offset 0 (build/fs-m0.img) against the originals.
mirrorbt-os-test: all $B/fs-m0.img
	python3 tools/mirrorbt/tests/inos.py $B/fs-m0.img

.PHONY: mirrorbt-os-test
