# Benchmarks: `make bench`.  Not part of `make test`; nothing here fails on
# timing.
#
# The in-OS programs in bench/user/ are ordinary user programs (the
# Makefile builds them into every image, with /m twins translated for the
# kernel's MIRROR_OFFSET, so that the kernel runs them mirrored).
# `make bench` uses the main build: native = /NAME, mirrored = /m/NAME,
# both from $B/fs.img, and $B/fs-all.img (every program translated) for
# the recovery figures of /m/faultbench.  It
#   1. builds the translator report (mirrorbt-bench: static code growth,
#      dynamic added instructions per store, build/bench/mirrorbt.md);
#   2. profiles the fork workload per kernel function (bench/profile.py:
#      bench/profile-fork.md) and runs bench/eval.py with the Makefile's
#      RAM (MEM): every figure of the goals table from this one run, in
#      bench/results.md, bench/results.csv, bench/results.svg (the chart,
#      SVG written by eval.py itself) and README.md's goals table.
# BENCH_ARGS passes options to eval.py (--quick: fewer boots, a smoke test;
# --only PART,...: some parts; docs/bench.md).
BENCH_ARGS   ?=
# When `make bench` started, so that the report gives the whole run's time.
ifneq ($(filter bench,$(MAKECMDGOALS)),)
BENCH_T0 := $(shell date +%s)
endif

# MIRROR=all translates the programs installed under their plain names
# too: there would be no native side to compare with.
ifeq ($(MIRROR),all)
ifneq ($(filter bench bench-profile,$(MAKECMDGOALS)),)
$(error make bench compares /NAME with /m/NAME: run it without MIRROR=all)
endif
endif

bench: all $B/fs-all.img $B/kernel-m.elf mirrorbt-bench ports
	nice -n 10 python3 bench/profile.py --build $B fork
	nice -n 10 python3 bench/eval.py --build $B --mem $(MEM) --started $(BENCH_T0) --mirrorbt $B/bench/mirrorbt.md $(BENCH_ARGS)

# Instructions per kernel function, native vs mirrored, for one mbench
# workload (QEMU's exec log; several minutes): bench/profile-WORKLOAD.md.
PROFILE ?= fork
bench-profile: all
	nice -n 10 python3 bench/profile.py --build $B $(PROFILE)

# The foundation report (boot time, fork/exec and file rates, 3 harts):
# build/bench/report.md.
bench-foundation: all
	python3 bench/run.py

.PHONY: bench bench-foundation bench-profile

# utbench: the test suite's tests (every user/tests file but usertests'
# harness, main.c) linked with bench/user/utbench.c, which measures each
# test on its own (bench/eval.py's per-test suite figures).  This rule
# replaces the one-object rule the Makefile gives every bench/user program.
UTB_OBJ := $(filter-out $B/user/tests/main.o,$(UTESTOBJ))
$B/bench/user/utbench: $B/bench/user/utbench.o $(UTB_OBJ) $(ULIB) user/user.ld
	$(call ulink,$< $(UTB_OBJ))
