# Benchmarks: `make bench`.  Not part of `make test`; nothing here fails on
# timing.
#
# The in-OS programs in bench/user/ are ordinary user programs (the
# Makefile builds them into every image, with /m twins).  `make bench`
#   1. builds the translator report (mirrorbt-bench: static code growth,
#      dynamic added instructions per store, build/bench/mirrorbt.md);
#   2. builds a bench image in $(BENCH_B) whose /m twins are translated
#      for the kernel's real MIRROR_OFFSET (2^37), so that the kernel runs
#      them mirrored -- native = /NAME, mirrored = /m/NAME, same image;
#   3. installs gnuplot when missing (tools/setup.sh bench), profiles the fork
#      workload per kernel function (bench/profile.py: bench/profile-fork.md)
#      and runs bench/eval.py: bench/results.md, bench/results.csv,
#      bench/results.svg.
# BENCH_ARGS passes options to eval.py (--quick: fewer runs, a smoke test).
BENCH_B      := $B/bench/os
BENCH_OFFSET := 137438953472
BENCH_ARGS   ?=

bench: all mirrorbt-bench
	$(MAKE) --no-print-directory B=$(BENCH_B) MIRROR= MIRROR_OFFSET=$(BENCH_OFFSET) \
		$(BENCH_B)/kernel.elf $(BENCH_B)/fs.img
	sh tools/setup.sh bench || true
	nice -n 10 python3 bench/profile.py --build $(BENCH_B) fork
	nice -n 10 python3 bench/eval.py --build $(BENCH_B) --mirrorbt $B/bench/mirrorbt.md $(BENCH_ARGS)

# Instructions per kernel function, native vs mirrored, for one mbench
# workload (QEMU's exec log; several minutes): bench/profile-WORKLOAD.md.
PROFILE ?= fork
bench-profile: all
	$(MAKE) --no-print-directory B=$(BENCH_B) MIRROR= MIRROR_OFFSET=$(BENCH_OFFSET) \
		$(BENCH_B)/kernel.elf $(BENCH_B)/fs.img
	nice -n 10 python3 bench/profile.py --build $(BENCH_B) $(PROFILE)

# The foundation report (boot time, fork/exec and file rates, 3 harts):
# build/bench/report.md.
bench-foundation: all
	python3 bench/run.py

.PHONY: bench bench-foundation bench-profile
