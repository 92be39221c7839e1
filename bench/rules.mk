# Benchmarks: `make bench` builds everything (the in-OS programs in
# bench/user/ are installed as /benchfork, /benchnop, /benchwrite) and
# runs bench/run.py, which writes build/bench/report.md.  Not part of
# `make test`.
bench: all mirrorbt-bench
	python3 bench/run.py

.PHONY: bench
