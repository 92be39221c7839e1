#!/usr/bin/env python3
"""The in-OS proof of mirrorbt: programs translated with --offset 0
(/m/NAME in the image) must behave exactly like the originals on the
plain kernel (with offset 0 the mirror writes land on the native
address, so the kernel runs them unmirrored: the translator's own
regression check).  Boots build/kernel.elf with IMAGE (default
build/fs-m0.img, the image `make build/fs-m0.img` builds with offset-0
twins; copied) and prints one line per check, "PASS name" or
"FAIL name: why".

    inos.py [IMAGE]

  mirrorbt-os-programs   user programs: same console output, same status
  mirrorbt-os-usertests  the in-OS suite: the same PASS/FAIL verdict for
                         every test (not the reasons: translated code and
                         data sit elsewhere, and counts vary); the groups
                         of the driver's lean 1-hart pass, leaving out the
                         slow disk-filling, largest-file, fuzz and fault
                         campaign groups, the test that pass leaves out
                         (the kernel reading a huge heap) and the mirror
                         group
"""
import os
import re
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import qemu  # noqa: E402
import run as driver  # noqa: E402

# The test-name prefixes of the driver's lean pass, but the mirror group:
# it needs /m twins for the kernel's real offset, and this image has
# offset-0 ones.
SUITE = "usertests " + " ".join([p for group, prefixes, _ in driver.UT_GROUPS
                                 if group not in driver.UT1_SKIP and group != "mirror"
                                 for p in prefixes] +
                                ["!" + n for n in driver.UT1_SKIP_TESTS])

PROGRAMS = ["echo mirror test", "wc README", "grep mirror README", "cat README", "ls /",
            "mkdir /d; ln README /d/r; ls /d; rm /d/r; ls /d"]
fails = 0


def report(name, why):
    global fails
    fails += why is not None
    print(f"PASS {name}" if why is None else f"FAIL {name}: {why}")


def boot(tmp, cmd, timeout):
    r = qemu.run(qemu.fresh_image(os.path.join(tmp, "master.img"), tmp), cmd, timeout=timeout)
    body = r.output.split("kernel pages free\n", 1)[-1]
    return r.status, body, r.timed_out


def translate_cmd(cmd):
    """Each command word that names a program, as /m/NAME."""
    return "; ".join("/m/" + c.strip() for c in cmd.split(";"))


def verdicts(text):
    """"PASS name" / "FAIL name" per test; the reasons are left out (they
    hold addresses and counts that differ from run to run)."""
    return [l.split(":")[0] for l in text.splitlines() if re.match(r"(PASS|FAIL) ", l)]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # One kernel and image for every boot, whatever is rebuilt meanwhile.
        image = sys.argv[1] if len(sys.argv) > 1 else os.path.join(qemu.BUILD, "fs-m0.img")
        qemu.fresh_image(image, tmp, "master.img")
        qemu.KERNEL = qemu.fresh_image(qemu.KERNEL, tmp, "kernel.elf")
        for cmd in PROGRAMS:
            a = boot(tmp, cmd, 120)
            b = boot(tmp, translate_cmd(cmd), 120)
            report("mirrorbt-os-programs " + cmd.split()[0],
                   None if a == b and not a[2] else f"original {a!r}\ntranslated {b!r}")
        a = boot(tmp, SUITE, 1500)
        b = boot(tmp, "/m/" + SUITE, 1500)
        va, vb = verdicts(a[1]), verdicts(b[1])
        why = None
        if a[2] or b[2]:
            why = "timed out"
        elif va != vb or a[0] != b[0]:
            diff = [x for x in set(va) ^ set(vb)][:5]
            why = f"status {a[0]} vs {b[0]}; differing verdicts: {diff}"
        elif not va:
            why = "no test verdicts in the output"
        report(f"mirrorbt-os-usertests ({len(va)} verdicts identical)", why)
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
