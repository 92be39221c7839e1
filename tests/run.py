#!/usr/bin/env python3
"""MemV6 test driver: what `make test` runs.

    python3 tests/run.py [--cpus N] [--only PATTERN] [--fuzz-seed S]

Stages (docs/testing.md describes each):
  1 host      `make host-tests`, each PASS/FAIL line counted
  2 ut3, ut1  the in-OS suite /usertests, one boot per group, with 3
              harts (every test) and with 1 hart (a lean set)
  2m utm, uta the suite again with 3 harts and the exit-time divergence
              check (memv6.mcheck): /m/usertests from the unmirrored
              shell, and every program translated (build/fs-all.img)
  3 console   the interactive shell driven over the serial console
  4 crash     fscrash(n) in the middle of multi-block operations, reboot,
              old-or-new check inside the OS, fsck on the image
  5 xv6compat a program written against xv6's headers only
  6 makerun   `make run CMD=...`: its exit status, a scratch image per run
  8 libc      a C program on picolibc (user/c/bin/libctest.c), native
              and as /m/libctest: expected output, exit status, mcheck
  9 ports     `make ports`: Lua's scripts (ports/lua/tests) print what
              the host's lua5.4 prints, native, mirrored and mirrored
              under poisons; bzip2 round-trips 3 MiB as the host's does

One line per test as it finishes ("PASS name" / "FAIL name: why"); the
last line is exactly "N passed, N failed".  Exit status 1 if anything
failed; a stage that cannot run counts as a failure.

--cpus N     run the in-OS suite only with N harts (all groups)
--only PAT   run only tests whose full name (e.g. ut3.fs.bigfile,
             console.ls, crash.n25) matches the regular expression PAT
--fuzz-seed S  seed of ut3.fuzz.hostile (also $MEMV6_FUZZ_SEED); without
             it every run draws a fresh seed and prints it
"""

import argparse
import bisect
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402
import campaign as campaign_driver  # noqa: E402
import fsimage  # noqa: E402

ROOT = qemu.ROOT
BUILD = qemu.BUILD
# The suite's image: build/fs.img without the ports (Makefile), so that
# fs.maxfile has room whether or not make ports has run.
TEST_IMAGE = os.path.join(BUILD, "fs-test.img")

# In-OS groups: (group name, usertests arguments, boot timeout in s).
# Heavy file-system tests get their own boot.
UT_GROUPS = [
    ("proc", ["proc."], 300),
    ("mem", ["mem."], 400),
    ("fs", ["fs.basic", "fs.bigfile", "fs.manyfiles", "fs.deepdir", "fs.direrrors",
            "fs.link", "fs.mknod", "fs.rmcwd", "fs.unlinkopen", "fs.concurrent", "fs.lseek"], 500),
    ("fsfull", ["fs.inodes", "fs.diskfull"], 900),
    ("fsmax", ["fs.maxlinks", "fs.maxfile"], 2700),
    ("pipe", ["pipe."], 300),
    ("exec", ["exec."], 300),
    ("sys", ["sys."], 300),
    ("fp", ["fp.", "cnt."], 300),
    ("cow", ["cow.", "lazy."], 400),   # user/tests/cow.c (memory engineer)
    ("policy", ["policy."], 1200),     # user/tests/policy.c: the memory policy's promises
    ("mirror", ["mirror."], 600),      # user/tests/mirror.c: mirrored memory
    ("fault", ["fault."], 300),        # user/tests/fault.c: injected memory errors
    ("fuzz", ["fuzz."], 600),          # user/tests/fuzz.c: hostile programs, seeded
    ("bank", ["bank."], 600),          # user/tests/fault.c: banks fail under running processes
    ("campaign", ["campaign."], 900),  # user/tests/campaign.c: every kind of memory error, seeded
    ("priv", ["priv."], 300),          # user/tests/priv.c: who may inspect and repair
    ("kmem", ["kmem."], 300),          # user/tests/kmem.c: the kernel's own memory errors
]
# Groups whose harness is not the pass's usertests: bank failures kill an
# unmirrored process with pages in the failed bank, so the bank group runs
# the translated twin (init and the shell are mirrored in every image).
GROUP_PROG = {"bank": "/m/usertests", "campaign": "/m/usertests", "kmem": "/m/usertests"}
# Groups that take the run's seed (usertests -seed S): the hostile-program
# fuzzer, the fault tests and the fault campaign; --fuzz-seed S replays
# them.
SEEDED_GROUPS = ("fuzz", "fault", "bank", "campaign")
# More usertests options of a group: the campaign's size and target in make test
# (make campaign runs 10,000 in boots of its own: tests/campaign.py).
CAMPAIGN_TEST_INJECTIONS = 1000
GROUP_ARGS = {"campaign": ["-injections", str(CAMPAIGN_TEST_INJECTIONS), "-target", "all"]}
# Kernel options of every usertests boot: bankhold is the test knob of
# mirror.bankfull, faultinj the one of the fault group.
UT_OPTIONS = ("poweroff", "bankhold", "faultinj")
# Options some groups add to their boots: with memv6.fscrash the priv
# group's and the fuzzer's unprivileged callers of fscrash must be refused
# for want of privilege, not of the option.
GROUP_OPTIONS = {"priv": ("fscrash",), "fuzz": ("fscrash",)}
# The mirrored passes (stage 2m): 3 harts, the divergence check in exit()
# on.  (prefix, what, image key, program).  The image key "normal" is
# build/fs.img, "all" build/fs-all.img (every program translated).
MIRROR_OPTIONS = ("poweroff", "bankhold", "faultinj", "mcheck")
MIRROR_PASSES = [
    ("utm", "/m/usertests from the unmirrored shell", "normal", "/m/usertests"),
    ("uta", "every program translated (MIRROR=all image)", "all", "usertests"),
]
# The utm pass leaves out, besides MIRROR_SKIP, the two long groups that
# uta runs with every program translated (the stronger case): the
# hostile-program fuzzer and the memory policy.  What utm adds over uta is
# a mirrored parent whose exec'd children are native, which the groups it
# keeps (proc, exec, cow, mirror, fault, ...) exercise.
UTM_SKIP = {"fuzz", "policy"}
# What the mirrored passes leave out, for time (docs/testing.md "Time"):
# the file system's limits (the disk and inode table filled, the largest
# file, 32767 links: about 9 minutes per pass) and 1 GiB of untouched
# heap through a pipe (the kernel reading the zero frame: 2-7 minutes).
# None of them depends on whether the caller is mirrored; the mirrored
# copyout paths they use are covered by fs, pipe, cow and mirror.  The
# fault campaign and kmem run mirrored in ut3 already (/m/usertests,
# mirrored workers; kmem.bank hung once in a uta boot, cause not found:
# docs/kernel-mirror.md).
MIRROR_SKIP = {"fsfull", "fsmax", "campaign", "kmem"}
MIRROR_SKIP_TESTS = ["policy.zerokernel"]
# A line of the exit-time check, and usertests' announcement of the one
# process that differs on purpose (mirror.selfstore).
MCHECK_RE = re.compile(r"^mcheck: pid (\d+) \(([^)]*)\): (\d+) pages differ, first (0x[0-9a-f]+)", re.M)
# Processes that may differ from their mirrors by design: the fuzzer's
# mutated ELF files (a mutation may turn any instruction of a translated
# program, a mirror store or the li gp, into another).  The fuzzer
# announces the pid of each, several a line; exactly those are exempt,
# and its unmutated copies are checked like every other process.
MUTANT_RE = re.compile(r"\(fuzz\.mutant: pid((?: \d+)+)\)")
SELFSTORE_RE = re.compile(r"\(mirror\.selfstore: pid (\d+) stores into its mirror of (0x[0-9a-f]+)\)")
# With one hart: everything but the slow groups (disk and inode exhaustion,
# the largest file and link count; they run with 3 harts), the fuzzer,
# the fault campaign and kmem (their point is 3 harts at once).
UT1_SKIP = {"fsfull", "fsmax", "fuzz", "campaign", "kmem"}
# Groups of the 3-hart pass that run beside the 1-hart pass, on the
# second core: the largest file and 32767 links keep one hart busy for
# minutes while the 1-hart boots keep one busy too.
BESIDE_UT1 = {"fsmax"}
UT1_SKIP_TESTS = ["policy.zerokernel"]
# Groups whose tests only make system calls fail: the kernel must not
# print a line about any process while they run (quiet[group]).
QUIET_GROUPS = {"sys"}
KERNEL_PROC_LINE = re.compile(r"pid \d+ \([^)]*\): .*")
# The console rate limit of scrub's lines (kratelimit in printf.c): a
# burst, then one line per so many ticks; a line let out after some were
# held back comes with a "scrub: N lines held back" note.
PRINTF_C = os.path.join(ROOT, "kernel", "core", "printf.c")
SCRUB_LINE = re.compile(r"scrub: (?:pid \d+|\d+ lines held back)")
# priv.scrubflood announces the stretch in which it floods (noflood[group]).
FLOOD_START = re.compile(r"\(priv\.scrubflood: start at tick (\d+)\)")
FLOOD_END = re.compile(r"\(priv\.scrubflood: end at tick (\d+)")
# Groups after which fsck must find the image clean (fsck[group]): every
# inode and block the tests used has come back.  The campaign too: its
# losses of buffer-cache blocks must leave the disk as it should be.
FSCK_GROUPS = {"fs", "fsfull", "fsmax", "campaign"}

CRASH_POINTS = [2, 7, 15, 30, 60, 100, 130, 160, 200, 250, 300, 350, 400, 420, 440, 0]

XV6PROG = "tests/xv6compat/xv6compat.c"


class Tally:
    def __init__(self, only):
        self.lock = threading.Lock()    # results may come from two boots at once
        self.passed = 0
        self.failed = 0
        self.only = re.compile(only) if only else None
        self.failures = []

    def wanted(self, name):
        return self.only is None or bool(self.only.search(name))

    def result(self, name, ok, why=""):
        with self.lock:
            self._result(name, ok, why)

    def _result(self, name, ok, why):
        if ok:
            self.passed += 1
            print("PASS %s" % name, flush=True)
        else:
            self.failed += 1
            why = " ".join(str(why).split()) or "failed"
            self.failures.append(name)
            print("FAIL %s: %s" % (name, why), flush=True)

    def stage(self, title):
        print("== %s" % title, flush=True)


def tail(text, n=6):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return " | ".join(lines[-n:])


def make(args, timeout=900):
    """Run make in the tree; returns (status, output)."""
    try:
        p = subprocess.run(["make"] + args, cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout, start_new_session=True)
        return p.returncode, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        return None, out + "\n(make timed out)"


RESULT_RE = re.compile(r"(PASS|FAIL) ([A-Za-z0-9_.\-\[\]/]+)(?::\s*(.*))?")


# ---------------------------------------------------------------- stage 1

def stage_host(t):
    t.stage("stage 1: host tests (make host-tests)")
    # host test names are known only after running them: with --only,
    # the stage runs when the pattern matches "host.".
    if not t.wanted("host."):
        return
    status, out = make(["host-tests"], timeout=1200)
    n = 0
    for line in out.splitlines():
        m = RESULT_RE.match(line.strip())
        if not m:
            continue
        n += 1
        name = "host." + m.group(2)
        t.result(name, m.group(1) == "PASS", m.group(3) or "")
    if status != 0 and t.failed == 0:
        t.result("host.make", False, "make host-tests exited with %s: %s" % (status, tail(out)))
    elif status != 0:
        print("   (make host-tests exited with %s)" % status)
    if n == 0 and status == 0:
        print("   (no host tests are registered in HOST_TESTS)")


# ---------------------------------------------------------------- stage 2

def list_usertests(master, tmp):
    img = qemu.fresh_image(master, tmp)
    r = qemu.run(img, "usertests -l", cpus=1, timeout=60)
    names = [l.strip() for l in r.output.splitlines()
             if re.fullmatch(r"[a-z0-9]+\.[a-z0-9_]+", l.strip())]
    return r, names


def run_group(t, master, tmp, cpus, group, args, timeout, expected, prefix=None,
              prog="usertests", options=UT_OPTIONS, image="boot.img", kernel=None):
    """One boot running `PROG ARGS`; report every expected test.  With
    memv6.mcheck in options: mcheck[group], no process exits with a page
    that differs from its mirror but the one mirror.selfstore announces
    and the fuzzer's mutated programs, and that one is reported
    (mirror.selfstore.mcheck)."""
    img = qemu.fresh_image(master, tmp, image)
    seen = {}
    prefix = prefix or "ut%d." % cpus

    def on_line(line):
        if line.startswith("fuzz: seed") or campaign_driver.FINAL_RE.match(line) or \
                line.startswith("campaign: problem:"):
            print("   (%s)" % line.strip(), flush=True)   # seed and counts
        m = RESULT_RE.search(line)
        if not m:
            return
        name = m.group(2)
        if name == "whole.noleak":
            name = "noleak[%s]" % group
        if name in seen:
            return
        seen[name] = m.group(1) == "PASS"
        t.result(prefix + name, m.group(1) == "PASS", m.group(3) or "")

    cmd = prog + " " + " ".join(args)
    r = qemu.run(img, cmd, cpus=cpus, timeout=timeout, on_line=on_line, options=options,
                 kernel=kernel)
    if group in ("fuzz", "kmem") and "usertests: done" in r.output and \
            t.wanted(prefix + group + ".fsck"):
        # after 100,000 hostile calls, or buffer-cache blocks lost clean
        # and dirty, the file system must still be sound
        ok, why = fsck(img, replay=False)
        t.result(prefix + group + ".fsck", ok, "image after the %s group: %s" % (group, why))
    if "kdata" in options and "usertests: done" in r.output and \
            t.wanted(prefix + group + ".follows"):
        # the translated kernel's data and bss equal their mirror at the end
        why = kdata_follows(kernel, r.output)
        t.result(prefix + group + ".follows", why is None, why or "")
    missing = [n for n in expected if n not in seen]
    if r.timed_out:
        why = "boot timed out after %d s" % timeout
    elif "usertests: done" not in r.output:
        why = "usertests did not finish (QEMU status %s)" % r.status
    else:
        why = "no result line"
    if "panic:" in r.output:
        pl = [l for l in r.output.splitlines() if "panic:" in l]
        why += "; kernel: " + pl[0].strip()
    for n in missing:
        t.result(prefix + n, False, why)
    if "noleak[%s]" % group not in seen:
        t.result(prefix + "noleak[%s]" % group, False, why)
    if group == "campaign":
        check_campaign(t, prefix, r.output, why)
    if group in QUIET_GROUPS and t.wanted(prefix + "quiet[%s]" % group):
        noisy = KERNEL_PROC_LINE.findall(r.output)
        t.result(prefix + "quiet[%s]" % group, not noisy,
                 "%d kernel line(s) about processes, e.g. %s" % (len(noisy), noisy[:1]))
    if "priv.scrubflood" in expected:
        check_flood(t, prefix, group, r.output)
    if "fuzz.hostile" in expected and "usertests: done" in r.output:
        check_noscrub(t, prefix, group, r.output)
    if group in FSCK_GROUPS and t.wanted(prefix + "fsck[%s]" % group):
        ok, why = fsck(img, replay=False)
        t.result(prefix + "fsck[%s]" % group, ok, why)
    if "mcheck" in options:
        check_mcheck(t, prefix, group, r.output)
    if not r.timed_out and "usertests: done" in r.output:
        any_fail = any(not ok for ok in seen.values())
        if (r.status == 0) == any_fail:
            t.result(prefix + "status[%s]" % group, False,
                     "QEMU exit status %s does not match the results" % r.status)
    return r


def rate_limit():
    """kratelimit's burst and ticks per line, from kernel/core/printf.c."""
    text = open(PRINTF_C).read()
    burst = re.search(r"#define RATE_BURST\s+(\d+)", text)
    per = re.search(r"#define RATE_TICKS\s+(\d+)", text)
    if not (burst and per):
        raise RuntimeError("no RATE_BURST/RATE_TICKS in %s" % PRINTF_C)
    return int(burst.group(1)), int(per.group(1))


def check_flood(t, prefix, group, output):
    """noflood[group]: between priv.scrubflood's start and end lines (a
    scrub loop over pages that really differ, privileged and not) the
    kernel printed no more "scrub:" lines than its rate limit lets out in
    that many ticks -- the burst and one line per RATE_TICKS, each with
    at most one "lines held back" note."""
    name = prefix + "noflood[%s]" % group
    if not t.wanted(name):
        return
    start = FLOOD_START.search(output)
    end = FLOOD_END.search(output, start.end()) if start else None
    if not (start and end):
        t.result(name, False, "priv.scrubflood did not announce its start and end")
        return
    burst, per = rate_limit()
    ticks = int(end.group(1)) - int(start.group(1))
    allowed = 2 * (burst + ticks // per + 1)
    lines = len(SCRUB_LINE.findall(output, start.end(), end.start()))
    print("   (noflood[%s]: %d scrub lines in %d ticks; the rate limit allows %d)"
          % (group, lines, ticks, allowed), flush=True)
    t.result(name, lines <= allowed, "%d kernel scrub: lines in %d ticks of scrub loops; the rate "
             "limit (burst %d, one per %d ticks) allows %d" % (lines, ticks, burst, per, allowed))


def mutant_pids(output):
    """The pids the fuzzer announced as running mutated programs."""
    return {int(pid) for m in MUTANT_RE.finditer(output) for pid in m.group(1).split()}


def check_noscrub(t, prefix, group, output):
    """noscrub[group]: the fuzzer's workers have no privilege, so their
    scrub(0) compares only their own pages, which never differ: no kernel
    line about any process but a mutated program reporting on itself."""
    name = prefix + "noscrub[%s]" % group
    if not t.wanted(name):
        return
    mutants = mutant_pids(output)
    lines = [m.group(0) for m in re.finditer(r"scrub: pid (\d+)[^\n]*", output)
             if int(m.group(1)) not in mutants]
    t.result(name, not lines, "%d kernel scrub: line(s) while only unprivileged workers called "
             "scrub, e.g. %s" % (len(lines), lines[:2]))


def check_mcheck(t, prefix, group, output):
    """The boot's divergence-check lines: only the announced ones."""
    wanted = {(int(m.group(1)), int(m.group(2), 16)) for m in SELFSTORE_RE.finditer(output)}
    exempt = mutant_pids(output)
    found = {(int(m.group(1)), int(m.group(4), 16)): m.group(0) for m in MCHECK_RE.finditer(output)
             if int(m.group(1)) not in exempt}
    stray = [line for key, line in found.items() if key[0] not in {w[0] for w in wanted}]
    odd = [l for l in output.splitlines() if l.startswith("mcheck:") and not MCHECK_RE.match(l)]
    name = prefix + "mcheck[%s]" % group
    if t.wanted(name):
        t.result(name, not stray and not odd,
                 "%d process(es) exited with pages that differ from their mirrors: %s"
                 % (len(stray) + len(odd), (stray + odd)[:3]))
    if wanted and t.wanted(prefix + "mirror.selfstore.mcheck"):
        missing = [w for w in wanted if w not in found]
        t.result(prefix + "mirror.selfstore.mcheck", not missing,
                 "no line 'mcheck: pid %d ... first 0x%x' for the process that stored into its "
                 "own mirror" % missing[0] if missing else "")


def group_tests(names, args):
    return [n for n in names if any(n.startswith(a) for a in args)]


def fuzz_seed(opts):
    """The fuzzer's seed: --fuzz-seed, else $MEMV6_FUZZ_SEED, else fresh."""
    if opts.fuzz_seed is not None:
        return opts.fuzz_seed
    env = os.environ.get("MEMV6_FUZZ_SEED", "").strip()
    if env:
        return int(env)
    return random.SystemRandom().randrange(1, 10 ** 12)


def timed_group(t, master, tmp, cpus, group, run_args, timeout, tests, image="boot.img"):
    start = time.monotonic()
    run_group(t, master, tmp, cpus, group, run_args, timeout, tests, image=image,
              prog=GROUP_PROG.get(group, "usertests"),
              options=UT_OPTIONS + GROUP_OPTIONS.get(group, ()))
    print("   (%s with %d hart%s: %.0f s)" % (group, cpus, "s" if cpus > 1 else "",
                                              time.monotonic() - start), flush=True)


def run_beside(jobs):
    for job in jobs:
        try:
            timed_group(*job, image="beside.img")
        except Exception as e:  # a group that cannot run is a failure
            job[0].result("ut3.beside." + job[4], False, "driver error: %r" % (e,))


def stage_usertests(t, master, tmp, cpus_list, seed):
    """Returns the list of test names (for the mirrored passes)."""
    all_names = []
    beside = []         # 3-hart groups (BESIDE_UT1) kept for the 1-hart pass
    for cpus in cpus_list:
        t.stage("stage 2: usertests with %d hart%s" % (cpus, "s" if cpus > 1 else ""))
        r, names = list_usertests(master, tmp)
        if not names:
            t.result("ut%d.list" % cpus, False,
                     "could not list the tests (usertests -l): %s" % tail(r.output))
            continue
        lean = cpus == 1 and len(cpus_list) > 1
        worker = None
        if lean and beside:
            print("   (beside the 1-hart pass, with 3 harts: %s)"
                  % " ".join(b[4] for b in beside), flush=True)
            worker = threading.Thread(target=run_beside, args=(beside,))
            worker.start()
        for group, args, timeout in UT_GROUPS:
            if lean and group in UT1_SKIP:
                continue
            tests = group_tests(names, args)
            if lean:
                tests = [n for n in tests if n not in UT1_SKIP_TESTS]
            tests = [n for n in tests if t.wanted("ut%d.%s" % (cpus, n))]
            if not tests:
                continue
            if group == "fuzz":
                # usertests prints the seed too; this line is for a boot
                # that never gets that far
                print("   (fuzz seed %d; replay: python3 tests/run.py --only fuzz --fuzz-seed %d"
                      " or make run CMD='usertests -seed %d fuzz.')" % (seed, seed, seed),
                      flush=True)
            if group == "campaign":
                print("   (campaign seed %d; replay: python3 tests/campaign.py --chunk-seed %d "
                      "--injections %d --target all)" % (seed, seed, CAMPAIGN_TEST_INJECTIONS), flush=True)
            run_args = group_run_args(group, args, tests, names, seed)
            job = (t, master, tmp, cpus, group, run_args, timeout * (2 if cpus == 1 else 1), tests)
            if cpus > 1 and group in BESIDE_UT1 and 1 in cpus_list:
                beside.append(job)
            else:
                timed_group(*job)
        if worker:
            worker.join()
            beside = []
    for job in beside:      # no 1-hart pass ran after all
        timed_group(*job)
    return all_names


def check_campaign(t, prefix, output, why):
    """The campaign's host checks, from its summary line.  campaign.loud:
    every worker it says was killed has the kernel's line, and the kernel
    killed nobody else.  campaign.nowrong: -target all draws only errors
    the fault model covers (no native flip, the limit), so not one output
    may be wrong, whatever the outcomes' kinds."""
    final = campaign_driver.FINAL_RE.search(output)
    if t.wanted(prefix + "campaign.loud"):
        wrong = campaign_driver.loud_kills(output)
        t.result(prefix + "campaign.loud", final is not None and not wrong,
                 "; ".join(wrong[:3]) if final else "no campaign summary: " + why)
    if t.wanted(prefix + "campaign.nowrong"):
        t.result(prefix + "campaign.nowrong", final is not None and int(final.group(4)) == 0,
                 final.group(0) if final else "no campaign summary: " + why)


def group_run_args(group, args, tests, names, seed):
    """usertests' arguments for the tests of group: its prefixes, or the
    exact names ($) when the set is narrowed; the group's own options
    (GROUP_ARGS); the seed of a seeded group."""
    run_args = args if tests == group_tests(names, args) else [n + "$" for n in tests]
    run_args = GROUP_ARGS.get(group, []) + run_args
    if group in SEEDED_GROUPS:
        run_args = ["-seed", str(seed)] + run_args
    return run_args


KERNEL_M = os.path.join(qemu.BUILD, "kernel-m.elf")
KERNEL_M_SKIP = {"fsfull", "fsmax"}
KDATA_LINE = re.compile(r"kdata: data and bss mirrored, (\d+) pages")
KDATA_DIFFER = re.compile(r"kdata: (0x[0-9a-f]+) differs from its mirror")
KDATA_TOTAL = re.compile(r"kdata: (\d+) of (\d+) words of data and bss differ")
# The cross binutils' prefix, as the Makefile finds it.
TOOLPREFIX = next((p for p in ("riscv64-unknown-elf-", "riscv64-linux-gnu-")
                   if shutil.which(p + "nm")), "")


def symbol_of(symbols, addr):
    """(address, name) of the last symbol at or below addr in symbols,
    a sorted list of such pairs."""
    i = bisect.bisect_right(symbols, (addr, "\x7f")) - 1
    return symbols[i] if i >= 0 else (0, "?")


def kdata_follows(kernel, output):
    """None if the kdata boot reports every word of mirrored data and bss
    equal to its mirror at power-off, else which differ, by symbol."""
    m = KDATA_TOTAL.search(output)
    if not m:
        return "no kdata report at power-off: " + tail(output)
    if int(m.group(1)) == 0:
        return None
    out = subprocess.run([TOOLPREFIX + "nm", "-n", kernel], capture_output=True, text=True).stdout
    symbols = sorted((int(f[0], 16), f[2]) for f in (l.split() for l in out.splitlines())
                     if len(f) == 3 and f[1] in "bBdDsSgG")
    shown = [int(a, 16) for a in KDATA_DIFFER.findall(output)]
    return "%s words differ from their mirror: %s" % (m.group(1), ", ".join(
        "%#x (%s)" % (a, symbol_of(symbols, a)[1]) for a in shown))


def stage_kernel_m(t, master, tmp, names, seed):
    """The in-OS suite, 3 harts, on the kernel mirrorbt translated
    (build/kernel-m.elf) and booted with memv6.kdata: every kernel store
    made twice, once in the mirror half of the kernel's table (data and
    bss: frames of their own; the rest: a sink), the trap entries,
    device writes left as they are, atomics twinned.  It must pass as on the
    plain kernel, and after each group every word of data and bss must
    equal its mirror (utk.GROUP.follows).  utk.kdata: the boot says its data is mirrored (the
    twin of a probe store arrived), and the plain kernel booted the same
    way says it is not; utk.kdata.follows: after proc, pipe and fs.basic
    every word of the mirrored data and bss is its mirror's equal, lock
    words and counters too (their atomics twinned)."""
    t.stage("stage 2k: usertests on the translated kernel, its data mirrored, 3 harts")
    if not any(t.wanted("utk." + n) for n in names + ["kdata"]):
        return
    kernel = os.path.join(tmp, "kernel-m.elf")     # as for kernel.elf: a copy
    shutil.copyfile(KERNEL_M, kernel)
    options = UT_OPTIONS + ("kdata",)
    if t.wanted("utk.kdata"):
        img = qemu.fresh_image(master, tmp)
        m = qemu.run(img, "usertests proc. pipe. fs.basic", kernel=kernel, options=options,
                     timeout=300)
        p = qemu.run(img, "echo", options=options, timeout=120)
        t.result("utk.kdata", KDATA_LINE.search(m.output) is not None and
                 "kdata: not a translated kernel" in p.output,
                 "translated: %s; plain: %s" % (tail(m.output), tail(p.output)))
        t.result("utk.kdata.follows", kdata_follows(kernel, m.output) is None,
                 kdata_follows(kernel, m.output) or "")
    total = time.monotonic()
    for group, args, timeout in UT_GROUPS:
        if group in KERNEL_M_SKIP:
            continue
        tests = [n for n in group_tests(names, args) if t.wanted("utk." + n)]
        if not tests:
            continue
        run_args = group_run_args(group, args, tests, names, seed)
        start = time.monotonic()
        run_group(t, master, tmp, 3, group, run_args, timeout * 2, tests, prefix="utk.",
                  prog=GROUP_PROG.get(group, "usertests"),
                  options=options + GROUP_OPTIONS.get(group, ()), kernel=kernel)
        print("   (utk %s: %.0f s)" % (group, time.monotonic() - start), flush=True)
    print("   (utk pass: %.0f s)" % (time.monotonic() - total), flush=True)


def stage_mirrored(t, images, tmp, names, seed):
    """The whole suite twice more, mirrored, with the exit-time check."""
    for prefix, what, key, prog in MIRROR_PASSES:
        t.stage("stage 2m: usertests mirrored (%s): %s, 3 harts, memv6.mcheck" % (prefix, what))
        master = images.get(key)
        skip = MIRROR_SKIP | (UTM_SKIP if prefix == "utm" else set())
        wanted = [(g, a, to) for g, a, to in UT_GROUPS if g not in skip and
                  any(t.wanted("%s.%s" % (prefix, n)) for n in group_tests(names, a))]
        if not wanted:
            continue
        if master is None:
            t.result(prefix + ".image", False, "no image for the %s pass (make build/fs-%s.img "
                     "failed)" % (prefix, key))
            continue
        total = time.monotonic()
        for group, args, timeout in wanted:
            tests = [n for n in group_tests(names, args) if t.wanted("%s.%s" % (prefix, n))
                     and n not in MIRROR_SKIP_TESTS]
            run_args = group_run_args(group, args, tests, names, seed)
            start = time.monotonic()
            run_group(t, master, tmp, 3, group, run_args, timeout * 2, tests,
                      prefix=prefix + ".", prog=GROUP_PROG.get(group, prog),
                      options=MIRROR_OPTIONS + GROUP_OPTIONS.get(group, ()))
            print("   (%s %s: %.0f s)" % (prefix, group, time.monotonic() - start), flush=True)
        print("   (%s pass: %.0f s)" % (prefix, time.monotonic() - total), flush=True)


# ---------------------------------------------------------------- stage 3

def readme_wc():
    data = open(os.path.join(ROOT, "README.md"), "rb").read()
    lines = data.count(b"\n")
    words = len(data.split())
    return lines, words, len(data)


def stage_console(t, master, tmp):
    t.stage("stage 3: console")
    tests = ["console.boot", "console.ls", "console.catwc", "console.redirect", "console.cd",
             "console.background", "console.ctrlp", "console.ctrlpmirror", "console.backspace", "console.ctrlu",
             "console.ctrld", "console.badread", "console.longline", "console.paste",
             "console.fault", "console.killinit", "console.alive", "console.bankfail"]
    if not any(t.wanted(n) for n in tests):
        return
    img = qemu.fresh_image(master, tmp)
    con = qemu.Console(img, cpus=3, options=("poweroff", "faultinj"))
    PROMPT = "$ "

    def check(name, ok, why):
        if t.wanted(name):
            t.result(name, ok, why)

    def cmd(line, want, timeout=20):
        """Type a command line; wait for want (a predicate on the output
        that follows) and a prompt after it."""
        con.quiet(0.2)
        con.mark = len(con.buf)
        con.send(line + "\n")
        return con.expect(lambda s: want(s) and s.rstrip(" ").endswith("$"), timeout)

    def reset_line():
        """Throw away a half-typed line and get a fresh prompt."""
        con.send("\x15\n")
        con.expect(lambda s: s.rstrip(" ").endswith("$"), 10)
        con.quiet(0.3)
        con.mark = len(con.buf)

    try:
        out = con.expect(PROMPT, 60)
        check("console.boot", out is not None, "no prompt within 60 s: %s" % tail(con.buf))
        if out is None:
            for n in tests[1:]:
                check(n, False, "no shell prompt")
            return

        out = cmd("ls", lambda s: "README" in s and "usertests" in s)
        check("console.ls", out is not None, "listing lacks README/usertests: %s" % tail(con.buf))
        have_sleep = out is not None and re.search(r"^sleep\b", out, re.M) is not None

        lines, words, chars = readme_wc()
        pat = re.compile(r"\b%d\s+%d\s+%d\b" % (lines, words, chars))
        out = cmd("cat README | wc", lambda s: pat.search(s) is not None)
        check("console.catwc", out is not None,
              "expected '%d %d %d': %s" % (lines, words, chars, tail(con.buf[con.mark:])))

        out = cmd("echo hi > x; cat x", lambda s: re.search(r"^hi$", s, re.M) is not None)
        check("console.redirect", out is not None, tail(con.buf[con.mark:]))

        out = cmd("mkdir d; cd d; ls ..", lambda s: "README" in s and "usertests" in s)
        ok = out is not None
        out2 = cmd("ls", lambda s: True)
        # inside the new directory ls shows only . and ..
        ok2 = out2 is not None and "README" not in out2
        check("console.cd", ok and ok2,
              "ls .. after cd d: %s" % tail(con.buf[con.mark:]))
        cmd("cd /", lambda s: True)

        # /sleep if the image has one, else usertests' own sleeper
        job = "sleep 1000 &" if have_sleep else "usertests -sleep 100000 &"
        t0 = time.monotonic()
        con.send(job + "\n")
        out = con.expect(lambda s: s.rstrip(" ").endswith("$"), 10)
        dt = time.monotonic() - t0
        jpid = re.search(r"\[(\d+)\]", out or "")
        jpid = jpid.group(1) if jpid else "none"
        check("console.background", out is not None and dt < 5 and "not found" not in out,
              "prompt after '%s' took %.1f s: %s" % (job, dt, tail(out or con.buf)))

        def ctrlp(want, timeout=10):
            """^P until a listing satisfies want: a job started in the
            background may still be the shell's child before its exec."""
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                con.quiet(0.2)
                con.mark = len(con.buf)
                con.send("\x10")
                out = con.expect(want, 1)
                if out is not None:
                    return out
            return None

        jobname = "sleep" if have_sleep else "usertests"

        def listed(s):
            names = set(re.findall(r"^\s*\d+\s+\S+\s+(\S+)", s, re.M))
            return {"init", "sh", jobname} <= names
        out = ctrlp(listed)
        check("console.ctrlp", out is not None,
              "^P listing does not show init/sh and the background sleep: %s"
              % tail(con.buf[con.mark:]))
        con.quiet(0.5)
        con.mark = len(con.buf)

        # A mirrored background job (the translated twin of usertests) is
        # marked " mirrored" in ^P's list, and so are init and sh (their
        # twins in every image); the untranslated usertests job is not.
        con.send("/m/usertests -sleep 100000 &\n")
        out = con.expect(lambda s: re.search(r"\[(\d+)\]", s) and s.rstrip(" ").endswith("$"), 10)
        mpid = re.search(r"\[(\d+)\]", out).group(1) if out else "none"
        line = re.compile(r"^\s*%s\s+\S+\s+usertests\s.*\smirrored\s*$" % mpid, re.M)
        out = ctrlp(lambda s: line.search(s) is not None)
        system = [n for n in ("init", "sh")
                  if not re.search(r"^\s*\d+\s+\S+\s+%s\s.*mirrored" % n, out or "", re.M)]
        plain = re.search(r"^\s*%s\s+\S+\s+%s\s.*mirrored" % (jpid, jobname), out or "", re.M)
        check("console.ctrlpmirror", out is not None and not system and plain is None,
              "^P does not mark the mirrored job %s, init and sh (and only them) as mirrored: %s"
              % (mpid, tail(con.buf[con.mark:])))
        con.quiet(0.5)
        con.mark = len(con.buf)

        out = cmd("echo abcX\x7fd", lambda s: re.search(r"^abcd$", s, re.M) is not None)
        check("console.backspace", out is not None,
              "DEL did not erase: %s" % tail(con.buf[con.mark:]))
        con.quiet(0.3)
        con.mark = len(con.buf)

        out = cmd("echo junk\x15echo clean", lambda s: re.search(r"^clean$", s, re.M) is not None)
        check("console.ctrlu", out is not None and re.search(r"^junk", out, re.M) is None,
              "^U did not kill the line: %s" % tail(con.buf[con.mark:]))

        con.quiet(0.2)
        con.mark = len(con.buf)
        con.send("cat\n")
        time.sleep(0.5)
        con.send("typed\n")
        # The console echoes the typed line once; cat must print it again.
        out = con.expect(lambda s: s.count("typed") >= 2, 10)
        con.send("\x04")
        out2 = con.expect(lambda s: s.rstrip(" ").endswith("$"), 10)
        check("console.ctrld", out is not None and out2 is not None,
              "cat did not echo or did not end at ^D: %s" % tail(con.buf[con.mark:]))

        # read() into a bad buffer fails (-1) and loses no typed byte.
        con.quiet(0.2)
        con.mark = len(con.buf)
        con.send("usertests -badread\n")
        time.sleep(0.5)
        con.send("abc\n")
        out = con.expect(lambda s: "badread:" in s and s.rstrip(" ").endswith("$"), 15)
        check("console.badread", out is not None and "badread: -1 then 'abc'" in out,
              "expected \"badread: -1 then 'abc'\": %s" % tail(con.buf[con.mark:]))

        word = "".join(chr(ord("a") + (i * 7) % 26) for i in range(1010))
        con.quiet(0.2)
        con.mark = len(con.buf)
        typed = con.type_echoed("echo " + word + "\n", chunk=1, pause=0.02)
        out = con.expect(lambda s: re.search(r"^" + word + r"$", s, re.M) is not None
                         and s.rstrip(" ").endswith("$"), 30)
        check("console.longline", typed and out is not None,
              ("" if typed else "console stopped echoing the typed line; ") +
              "1 KiB command line not echoed back intact: %s" % tail(con.buf[con.mark:])[:300])
        reset_line()

        # A pasted line: 300 bytes arriving at once, as from a terminal
        # paste; nothing may be lost.
        word2 = "".join(chr(ord("A") + (i * 11) % 26) for i in range(300))
        con.quiet(0.2)
        con.mark = len(con.buf)
        con.proc.stdin.write(("echo " + word2 + "\n").encode())
        con.proc.stdin.flush()
        out = con.expect(lambda s: re.search(r"^" + word2 + r"$", s, re.M) is not None
                         and s.rstrip(" ").endswith("$"), 30)
        check("console.paste", out is not None,
              "300-byte line sent in one piece arrived damaged: %s"
              % tail(con.buf[con.mark:])[:300])
        reset_line()

        con.quiet(0.2)
        con.mark = len(con.buf)
        con.send("usertests -fault\n")
        out = con.expect(lambda s: re.search(r"fault: pid (\d+)", s) and
                         s.rstrip(" ").endswith("$"), 20)
        ok = False
        why = "no prompt after the faulting program: %s" % tail(con.buf[con.mark:])
        if out:
            pid = re.search(r"fault: pid (\d+)", out).group(1)
            lines = [l for l in out.splitlines()
                     if re.search(r"\b%s\b" % pid, l) and re.search(r"(0x)?0*dead0000", l, re.I)]
            ok = len(lines) >= 1 and "fault: still running" not in out
            why = "no console line naming pid %s and address 0xdead0000: %s" % (pid, tail(out))
        check("console.fault", ok, why)

        out = cmd("kill 1; echo still", lambda s: re.search(r"^still$", s, re.M) is not None)
        check("console.killinit", out is not None and "panic" not in con.buf and
              "not one that may be killed" in out,
              "kill 1 at the shell: %s" % tail(con.buf[con.mark:]))

        out = cmd("echo alive", lambda s: re.search(r"^alive$", s, re.M) is not None)
        check("console.alive", out is not None, "shell not usable at the end: %s" % tail(con.buf))

        # A whole bank fails under the default image: init and the shell
        # are mirrored, so the system carries on; the shell answers and
        # runs programs (ls: the file system through fresh frames).  The
        # injector is the translated one: the untranslated faultinj has
        # pages in every bank, and is killed like the untranslated
        # background job.
        out = cmd("/m/faultinj -b 2; echo answered; ls", lambda s: re.search(r"^answered$", s, re.M)
                  is not None and "README" in s, timeout=60)
        ok = out is not None and "bank 2 failed" in out and "panic" not in con.buf
        out2 = cmd("echo still", lambda s: re.search(r"^still$", s, re.M) is not None)
        check("console.bankfail", ok and out2 is not None,
              "after a bank failure the shell must answer: %s" % tail(con.buf[con.mark:]))
    finally:
        con.close()


# ---------------------------------------------------------------- stage 4

def fsck(img, replay):
    prog = os.path.join(BUILD, "tools", "fsck")
    if not os.path.exists(prog):
        st, out = make(["build/tools/fsck"], timeout=300)
        if st != 0 or not os.path.exists(prog):
            return False, "cannot build build/tools/fsck: %s" % tail(out)
    argv = [prog] + (["-r"] if replay else []) + [img]
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    except subprocess.TimeoutExpired:
        return False, "fsck timed out"
    out = p.stdout.decode("utf-8", "replace")
    return p.returncode == 0, "fsck%s exited %d: %s" % (" -r" if replay else "", p.returncode,
                                                      tail(out, 4))


def stage_crash(t, master, tmp):
    t.stage("stage 4: crash safety (fscrash)")
    for n in CRASH_POINTS:
        name = "crash.n%d" % n
        if not t.wanted(name):
            continue
        img = qemu.fresh_image(master, tmp, "crash.img")
        r = qemu.run(img, "usertests -crash prep %d" % n, cpus=3, timeout=180,
                     options=("poweroff", "fscrash"))
        if r.timed_out:
            t.result(name, False, "prep boot timed out: %s" % tail(r.output))
            continue
        crashed = r.status == 99
        if "CRASHPREP old state written" not in r.output:
            t.result(name, False, "prep failed before arming (status %s): %s"
                     % (r.status, tail(r.output)))
            continue
        if not crashed and r.status != 0:
            t.result(name, False, "prep boot ended with status %s: %s" % (r.status, tail(r.output)))
            continue
        if n > 0 and not crashed and "CRASHPREP completed" not in r.output:
            t.result(name, False, "no crash and no completion: %s" % tail(r.output))
            continue
        ok, why = fsck(img, replay=True)
        if not ok:
            t.result(name, False, "image after the crash: " + why)
            continue
        r2 = qemu.run(img, "usertests -crash check", cpus=3, timeout=180)
        m = re.search(r"CRASHCHECK (ok|bad:?) ?(.*)", r2.output)
        if r2.timed_out or not m:
            t.result(name, False, "check boot: %s (status %s)" % (tail(r2.output), r2.status))
            continue
        if m.group(1) != "ok" or r2.status != 0:
            t.result(name, False, "after %s: %s" % ("crash" if crashed else "clean run",
                                                     m.group(2)))
            continue
        if n == 0 and "done=1" not in m.group(2):
            t.result(name, False, "run without a crash did not finish: %s" % m.group(2))
            continue
        ok, why = fsck(img, replay=False)
        if not ok:
            t.result(name, False, "image after the reboot: " + why)
            continue
        t.result(name, True)
        print("   (n=%d: %s; %s)" % (n, "crashed" if crashed else "no crash", m.group(2).strip()),
              flush=True)


# ---------------------------------------------------------------- stage 5

def stage_xv6compat(t, tmp):
    t.stage("stage 5: xv6 compatibility")
    name = "xv6compat.run"
    if not t.wanted(name) and not t.wanted("xv6compat.build"):
        return
    prog = os.path.splitext(os.path.basename(XV6PROG))[0]
    # The image must be rebuilt with the extra program even when the
    # program itself is older than the image (an earlier run built it).
    try:
        os.unlink(qemu.IMAGE)
    except OSError:
        pass
    st, out = make(["EXTRA_PROGS=" + XV6PROG], timeout=900)
    if st != 0:
        t.result("xv6compat.build", False, "make EXTRA_PROGS=%s failed: %s" % (XV6PROG, tail(out)))
        t.result(name, False, "not built")
        return
    t.result("xv6compat.build", True)
    master = os.path.join(tmp, "xv6compat-master.img")
    shutil.copyfile(qemu.IMAGE, master)
    # put the ordinary image back
    try:
        os.unlink(qemu.IMAGE)
    except OSError:
        pass
    make(["build/fs.img"], timeout=300)
    img = qemu.fresh_image(master, tmp)
    r = qemu.run(img, "/" + prog, cpus=3, timeout=180)
    ok = r.status == 0 and "xv6compat: all ok" in r.output
    t.result(name, ok, "status %s: %s" % (r.status, tail(r.output)))


# ---------------------------------------------------------------- stage 6

def stage_makerun(t):
    t.stage("stage 6: make run")
    if t.wanted("makerun.ls"):
        st, out = make(["run", "CMD=ls"], timeout=180)
        ok = st == 0 and "README" in out and "usertests" in out
        t.result("makerun.ls", ok, "status %s: %s" % (st, tail(out)))
    if t.wanted("makerun.fail"):
        st, out = make(["run", "CMD=cat /no/such/file"], timeout=180)
        ok = st is not None and st != 0
        t.result("makerun.fail", ok, "failing command gave make status %s: %s" % (st, tail(out)))
    if t.wanted("makerun.scratch"):
        # each run boots a fresh copy of build/fs.img: a file made by one
        # run is gone in the next
        st, out = make(["run", "CMD=echo made > ut_mr; cat ut_mr"], timeout=180)
        st2, out2 = make(["run", "CMD=cat ut_mr"], timeout=180)
        ok = st == 0 and "made" in out and st2 != 0 and "made" not in out2
        t.result("makerun.scratch", ok,
                 "first run (status %s): %s; second run (status %s): %s"
                 % (st, tail(out, 2), st2, tail(out2, 2)))
    if t.wanted("makerun.keep"):
        # KEEP=1 boots build/fs.img itself; the test removes its file again
        st, out = make(["run", "KEEP=1", "CMD=echo kept > ut_mr"], timeout=180)
        st2, out2 = make(["run", "KEEP=1", "CMD=cat ut_mr; rm ut_mr"], timeout=180)
        st3, out3 = make(["run", "KEEP=1", "CMD=cat ut_mr"], timeout=180)
        if st3 == 0:    # could not clean up: have make build a new image
            os.unlink(qemu.IMAGE)
        ok = st == 0 and st2 == 0 and "kept" in out2 and st3 != 0
        t.result("makerun.keep", ok, "runs with KEEP=1: status %s, then %s (%s), then %s"
                 % (st, st2, tail(out2, 2), st3))
    for mem, mib in (("", 512), ("256M", 256)):
        # make run's machine: 512 MiB unless MEM= says otherwise
        name = "makerun.mem[%s]" % (mem or "default")
        if t.wanted(name):
            st, out = make(["run", "CMD=memstat"] + (["MEM=" + mem] if mem else []), timeout=180)
            ok = st == 0 and memstat_values(out).get("ram") == mib * 2**20
            t.result(name, ok, "status %s, want ram %d MiB: %s" % (st, mib, tail(out, 3)))


# ---------------------------------------------------------------- stage 8

LIBC_EXPECTED = os.path.join(ROOT, "tests", "libc", "libctest.expected")
LIBC_STATUS = 3          # libctest's exit(3), after its atexit function
LIBC_OUTPUT = re.compile(r"libctest: begin\n(.*?)libctest: end", re.S)


def first_difference(got, want):
    """The first line where two lists of lines differ, for a message."""
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return "line %d is %r, want %r" % (i + 1, g, w)
    return "%d lines, want %d" % (len(got), len(want))


def stage_libc(t, master, tmp):
    """A C program on picolibc (user/c/bin/libctest.c), run as /libctest
    and as its translated twin /m/libctest with memv6.mcheck: what it
    prints between its markers is tests/libc/libctest.expected exactly,
    it exits with status 3 (exit after atexit; the end marker has no
    newline, so stdout was flushed at exit), and the mirrored process
    leaves with every page equal to its mirror."""
    t.stage("stage 8: C library (libctest, native and mirrored)")
    want = open(LIBC_EXPECTED).read()
    for name, prog in (("libc.native", "/libctest"), ("libc.mirrored", "/m/libctest")):
        if not t.wanted(name):
            continue
        img = qemu.fresh_image(master, tmp)
        r = qemu.run(img, prog, timeout=120, options=("poweroff", "mcheck"))
        out = r.output.replace("\r\n", "\n")
        m = LIBC_OUTPUT.search(out)
        mcheck = [l for l in out.splitlines() if l.startswith("mcheck:")]
        if not m:
            why = "no output between the markers: " + tail(r.output)
        elif m.group(1) != want:
            why = first_difference(m.group(1).splitlines(), want.splitlines())
        elif r.status != LIBC_STATUS:
            why = "exit status %s, want %d" % (r.status, LIBC_STATUS)
        else:
            why = mcheck[0] if mcheck else ""
        t.result(name, not why, why)


# ---------------------------------------------------------------- stage 9

LUA_TESTS = os.path.join(ROOT, "ports", "lua", "tests")
PORTS_IMAGE = os.path.join(BUILD, "fs-ports.img")
# The scripts run under poisons: the longest one and two that keep
# state across calls (coroutines, open files).
LUA_POISONED = ("workload", "coroutine", "fileio")
LUA_POISONS = 200          # at most, per script (poisonrun's N)


def host_lua(tmp):
    """{script: what Debian's lua5.4 prints}, run from a scratch copy of
    the tests' directory (the scripts make and remove files there)."""
    work = os.path.join(tmp, "lt")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(LUA_TESTS, work)
    out = {}
    for f in sorted(os.listdir(work)):
        if f.endswith(".lua"):
            r = subprocess.run(["lua5.4", f], cwd=work, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=120)
            out[f[:-4]] = r.stdout
    return out


def port_run(t, tmp, cmd, timeout=600, options=("poweroff", "mcheck")):
    """Boot a fresh copy of the ports' image with cmd: (the result, the
    image afterwards, the console's mcheck lines)."""
    img = qemu.fresh_image(PORTS_IMAGE, tmp, "ports.img")
    r = qemu.run(img, cmd, timeout=timeout, options=options)
    mcheck = [l for l in r.output.splitlines() if l.startswith("mcheck:")]
    return r, fsimage.Image(img), mcheck


def same_bytes(got, want):
    """"" when equal, else where they part."""
    if got == want:
        return ""
    at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    return "%d bytes, want %d; first difference at byte %d: %r" % (
        len(got), len(want), at, got[max(0, at - 20):at + 20])


def check_lua(t, name, im, scripts, host, suffix="out"):
    for s in scripts:
        path = "lt/%s.%s" % (s, suffix)
        got = im.read(path) if im.exists(path) else None
        t.result("%s.%s" % (name, s), got is not None and got == host[s],
                 "no output file" if got is None else same_bytes(got, host[s]))


def stage_ports(t, tmp, seed):
    """Third-party programs from Debian's source packages (make ports):
    each Lua script in ports/lua/tests prints byte for byte what the
    host's lua5.4 prints, run as /lua and as /m/lua (its mirror check at
    exit clean), and the longest ones again as /m/lua while poisonrun hits
    their pages (each must take some); bzip2 -9 of the 3 MiB input is the
    host's bzip2 -9 output byte for byte and bzip2 -d of the host's file
    gives the input back (its file mode: the .bz2 removed), native and
    mirrored."""
    t.stage("stage 9: ports (Lua, bzip2; native, mirrored, under poisons)")
    scripts = [f[:-4] for f in os.listdir(LUA_TESTS) if f.endswith(".lua")]
    checks = scripts + ["mcheck", "compress", "decompress"]
    if not t.wanted("ports.build") and not any(
            t.wanted("ports.%s.%s" % (kind, c)) for kind in
            ("lua.native", "lua.mirrored", "lua.poisoned", "bzip2.native", "bzip2.mirrored")
            for c in checks):
        return
    st, out = make(["ports"], timeout=1800)
    if st == 0:
        st, out = make([os.path.relpath(PORTS_IMAGE, ROOT)], timeout=600)
    if st != 0:
        t.result("ports.build", False, "make ports failed: %s" % tail(out))
        return
    host = host_lua(tmp)
    names = sorted(host)
    for mode, prog in (("native", "lua"), ("mirrored", "/m/lua")):
        cmd = "cd /lt; " + "; ".join("%s %s.lua > %s.out" % (prog, s, s) for s in names)
        r, im, mcheck = port_run(t, tmp, cmd)
        check_lua(t, "ports.lua." + mode, im, names, host)
        t.result("ports.lua.%s.mcheck" % mode, not mcheck, " | ".join(mcheck[:3]))
    cmd = "cd /lt; " + "; ".join("poisonrun %d %d /m/lua %s.lua > %s.pout" % (
        seed + i, LUA_POISONS, s, s) for i, s in enumerate(LUA_POISONED))
    print("   (poisons: poisonrun seeds %d..%d)" % (seed, seed + len(LUA_POISONED) - 1), flush=True)
    r, im, mcheck = port_run(t, tmp, cmd, options=("poweroff", "mcheck", "faultinj"))
    check_lua(t, "ports.lua.poisoned", im, LUA_POISONED, host, "pout")
    runs = re.findall(r"poisonrun: (\d+) injections .*status (-?\d+)", r.output)
    ok = len(runs) == len(LUA_POISONED) and all(int(n) > 0 and st == "0" for n, st in runs)
    t.result("ports.lua.poisoned.injected", ok,
             "poisonrun (injections, status): %s, want %d runs, each with injections and "
             "status 0" % (runs, len(LUA_POISONED)))
    t.result("ports.lua.poisoned.mcheck", not mcheck, " | ".join(mcheck[:3]))
    data = open(os.path.join(BUILD, "ports", "data.bin"), "rb").read()
    packed = open(os.path.join(BUILD, "ports", "data.bin.bz2"), "rb").read()
    for mode, prog in (("native", "bzip2"), ("mirrored", "/m/bzip2")):
        r, im, mcheck = port_run(t, tmp, "cd /bz; %s -9 -c data.bin > c.bz2; %s -d host.bz2" % (
            prog, prog))
        got = im.read("bz/c.bz2") if im.exists("bz/c.bz2") else b""
        t.result("ports.bzip2.%s.compress" % mode, got == packed, same_bytes(got, packed))
        got = im.read("bz/host") if im.exists("bz/host") else b""
        why = same_bytes(got, data) or ("host.bz2 still there" if im.exists("bz/host.bz2") else "")
        t.result("ports.bzip2.%s.decompress" % mode, not why, why)
        t.result("ports.bzip2.%s.mcheck" % mode, not mcheck, " | ".join(mcheck[:3]))


def stage_guards(t, master, tmp):
    """The machine's own guards: without memv6.poweroff nobody can power
    it off (init then goes on with a shell), and a kernel panic powers
    QEMU off at once with status 250 instead of hanging."""
    t.stage("stage 6b: power-off gate and panic")
    if t.wanted("guard.poweroff"):
        img = qemu.fresh_image(master, tmp, "gate.img")
        r = qemu.run(img, "halt", cpus=1, timeout=60, options=(),
                     until=lambda s: "init: poweroff refused" in s)
        ok = "halt: poweroff failed" in r.output and "init: poweroff refused" in r.output
        t.result("guard.poweroff", ok, "booted without memv6.poweroff, `halt`: %s" % tail(r.output))
    if t.wanted("guard.panic"):
        # A disk without /init: the kernel cannot start init and panics;
        # `make run` must end at once with a failure, not hang.
        img = os.path.join(tmp, "noinit.img")
        p = subprocess.run([os.path.join(BUILD, "tools", "mkfs"), img,
                            "README=" + os.path.join(ROOT, "README.md")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        t0 = time.monotonic()
        st, out = make(["run", "KEEP=1", "IMG=" + img, "CMD=ls"], timeout=120)
        dt = time.monotonic() - t0
        ok = p.returncode == 0 and st not in (None, 0) and "panic:" in out and dt < 60
        t.result("guard.panic", ok, "make run on a disk without /init: status %s after %.0f s: %s"
                 % (st, dt, tail(out)))


WINDOW_TESTS = ["fault.atomicwindow", "fault.storewindow", "fault.readwindow", "kmem.pairs"]
WINDOW_RE = re.compile(r"\(((?:fault|kmem)\.\w+): (\d+) poisons(?:, (\d+) windows settled)?")


def stage_window(t, master, tmp):
    """The window tests once more with QEMU single-stepping: by default
    QEMU takes interrupts only between translation blocks, so a victim is
    seldom stopped between the two writes of a pair; single-stepped it is
    stopped at every instruction in turn, and the kernel must settle it
    there (redo the store or the AMO) before it rebuilds a native copy:
    every victim ends with exact counts, and windows were really settled
    (fault.atomicwindow, fault.storewindow; kmem.pairs: with every page
    of the victim's pair table lost first, each window found in a page
    made again from its snapshot)."""
    t.stage("stage 6c: pair windows, single-stepped")
    if not any(t.wanted("window." + n.split(".")[1]) for n in WINDOW_TESTS):
        return
    img = qemu.fresh_image(master, tmp, "window.img")
    r = qemu.run(img, "usertests " + " ".join(n + "$" for n in WINDOW_TESTS), cpus=3,
                 timeout=900, singlestep=True, options=UT_OPTIONS)
    counts = {m.group(1): m.group(3) for m in WINDOW_RE.finditer(r.output)}
    for n in WINDOW_TESTS:
        name = "window." + n.split(".")[1]
        if not t.wanted(name):
            continue
        passed = "PASS " + n in r.output
        settled = counts.get(n)
        need = n != "fault.readwindow"
        ok = passed and (not need or (settled is not None and int(settled) > 0))
        t.result(name, ok, "single-stepped: %s; windows settled: %s: %s"
                 % ("passed" if passed else "did not pass", settled, tail(r.output)))


# ---------------------------------------------------------------- stage 6d

# Machines of other sizes (QEMU -m): the kernel takes its RAM from the
# device tree.  (size, MiB the kernel must use: at most 2 GiB.)
RAM_SIZES = [("64M", 64), ("200M", 200), ("1G", 1024), ("3G", 2048)]
RAM_TABLE_ENTRY = 16      # bytes of a frame-table entry (kernel/mm/frame.c)


def memstat_values(output):
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+) (\d+)$", output, re.M)}


def ram_layout_ok(mib, v):
    """What memstat says on a machine of mib MiB: that RAM, its user frames
    (after the 16 MiB kernel region and the frame table) in 8 equal banks
    with nothing more than a bank's rounding left over."""
    room = mib * 2**20 - 16 * 2**20
    frames = v.get("frames_total", 0)
    banks = [v.get("bank_free%d" % b) for b in range(8)]
    if v.get("ram") != mib * 2**20 or v.get("nbank") != 8 or None in banks:
        return False, "ram %s, nbank %s" % (v.get("ram"), v.get("nbank"))
    table = -(-frames * RAM_TABLE_ENTRY // 4096) * 4096
    left = room - frames * 4096 - table
    if frames % 8 or left < 0 or left >= 10 * 4096:
        return False, "%d frames and their table leave %d bytes of %d MiB" % (frames, left, mib)
    # free frames per bank: init, sh and memstat use a few hundred at most
    if max(banks) > frames // 8 or min(banks) < frames // 8 - 400:
        return False, "banks of %d frames, free: %s" % (frames // 8, banks)
    return True, ""


def stage_ram(t, master, tmp):
    """The machine's size: the kernel sizes its frames and banks from the
    RAM QEMU reports, refuses too little with a clear panic, and on the
    512 MiB machine of make qemu a mirrored program gets xv6's biggest
    heap (mem.bigheap, 200 MiB of frames)."""
    t.stage("stage 6d: RAM sizes")
    for size, mib in RAM_SIZES:
        name = "ram.size[%s]" % size
        if not t.wanted(name):
            continue
        img = qemu.fresh_image(master, tmp, "ram.img")
        r = qemu.run(img, "memstat", cpus=1, timeout=120, mem=size)
        ok, why = ram_layout_ok(mib, memstat_values(r.output))
        t.result(name, r.status == 0 and ok, "-m %s: %s: %s" % (size, why, tail(r.output, 3)))
    if t.wanted("ram.toosmall"):
        img = qemu.fresh_image(master, tmp, "ram.img")
        r = qemu.run(img, "memstat", cpus=1, timeout=60, mem="48M")
        ok = r.status == 250 and "less than RAM_MIN" in r.output
        t.result("ram.toosmall", ok, "-m 48M: status %s: %s" % (r.status, tail(r.output, 3)))
    for prog in ("usertests", "/m/usertests"):
        name = "ram.bigheap[%s]" % prog
        if not t.wanted(name):
            continue
        img = qemu.fresh_image(master, tmp, "ram.img")
        r = qemu.run(img, prog + " mem.bigheap$", cpus=3, timeout=600, mem="512M",
                     options=UT_OPTIONS)
        ok = "PASS mem.bigheap" in r.output and "PASS whole.noleak" in r.output
        t.result(name, ok, "-m 512M: %s" % tail(r.output, 4))


# ---------------------------------------------------------------- stage 7

def stage_mirrorbt_os(t):
    """mirrorbt's proof on the plain kernel: every /m twin (translated
    with --offset 0) behaves exactly like its original; the checks and
    their boots live in tools/mirrorbt/tests/inos.py."""
    t.stage("stage 7: mirrorbt --offset 0 on the kernel")
    if not t.wanted("mirrorbt-os"):
        return
    st, out = make(["mirrorbt-os-test"], timeout=2400)
    n = 0
    for line in out.splitlines():
        m = re.match(r"(PASS|FAIL) (.*?)(?::\s*(.*))?$", line.strip())
        if m:
            n += 1
            t.result(m.group(2).replace(" ", "."), m.group(1) == "PASS", m.group(3) or "")
    if n == 0 or (st != 0 and not any(f.startswith("mirrorbt-os") for f in t.failures)):
        t.result("mirrorbt-os", False, "make mirrorbt-os-test exited with %s: %s" % (st, tail(out)))


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description="MemV6 tests")
    ap.add_argument("--cpus", type=int, help="run the in-OS suite only with this many harts")
    ap.add_argument("--only", help="regular expression selecting tests by full name")
    ap.add_argument("--no-build", action="store_true", help="do not run make first")
    ap.add_argument("--fuzz-seed", type=int,
                    help="seed of the hostile-program fuzzer (default: $MEMV6_FUZZ_SEED, "
                         "else a fresh random one, printed)")
    opts = ap.parse_args()
    t = Tally(opts.only)
    start = time.monotonic()

    if not opts.no_build:
        st, out = make(["all", os.path.relpath(TEST_IMAGE, ROOT)], timeout=1200)
        if st != 0:
            t.result("build", False, "make failed: %s" % tail(out))
    if not (os.path.exists(qemu.KERNEL) and os.path.exists(TEST_IMAGE)):
        t.result("build", False, "build/kernel.elf or build/fs-test.img missing")
        print("%d passed, %d failed" % (t.passed, t.failed + 6))
        return 1

    tmp = tempfile.mkdtemp(prefix="memv6-test-")
    try:
        master = os.path.join(tmp, "master.img")
        shutil.copyfile(TEST_IMAGE, master)
        # Boot a private copy of the kernel too, so that a rebuild in the
        # tree during the run cannot mix kernels.
        kcopy = os.path.join(tmp, "kernel.elf")
        shutil.copyfile(qemu.KERNEL, kcopy)
        qemu.KERNEL = kcopy
        # The image with every program translated, for the uta pass.
        images = {"normal": master}
        allimg = os.path.join(BUILD, "fs-all.img")
        st, out = make(["build/fs-all.img"], timeout=600)
        if st == 0 and os.path.exists(allimg):
            images["all"] = os.path.join(tmp, "all-master.img")
            shutil.copyfile(allimg, images["all"])
        else:
            print("   (make build/fs-all.img failed: %s)" % tail(out), flush=True)
        seed = fuzz_seed(opts)
        found = {}

        def names():
            if not found.get("names"):
                found["names"] = list_usertests(master, tmp)[1]
            return found["names"]
        stages = [
            ("host", lambda: stage_host(t)),
            ("usertests", lambda: found.update(names=stage_usertests(
                t, master, tmp, [opts.cpus] if opts.cpus else [3, 1], seed))),
            ("mirrored", lambda: stage_mirrored(t, images, tmp, names(), seed)),
            ("kernel-m", lambda: stage_kernel_m(t, master, tmp, names(), seed)),
            ("console", lambda: stage_console(t, master, tmp)),
            ("crash", lambda: stage_crash(t, master, tmp)),
            ("xv6compat", lambda: stage_xv6compat(t, tmp)),
            ("makerun", lambda: stage_makerun(t)),
            ("libc", lambda: stage_libc(t, master, tmp)),
            ("guards", lambda: stage_guards(t, master, tmp)),
            ("ram", lambda: stage_ram(t, master, tmp)),
            ("window", lambda: stage_window(t, master, tmp)),
            ("mirrorbt-os", lambda: stage_mirrorbt_os(t)),
            ("ports", lambda: stage_ports(t, tmp, seed)),
        ]
        for sname, fn in stages:
            try:
                fn()
            except Exception as e:  # a stage that cannot run is a failure
                t.result("stage." + sname, False, "driver error: %r" % (e,))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("   (total %.0f s)" % (time.monotonic() - start))
    print("%d passed, %d failed" % (t.passed, t.failed))
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
