"""Booting MemV6 under QEMU for the test driver and the benchmarks.

Python 3 standard library only.  Every boot gets a timeout and is killed
(with its whole process group) when the timeout passes.
"""

import os
import select
import shutil
import signal
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
KERNEL = os.path.join(BUILD, "kernel.elf")
IMAGE = os.path.join(BUILD, "fs.img")


def qemu_argv(image, cpus=3, append=None, icount=False, mem="128M", singlestep=False,
              kernel=None):
    """The Makefile's QEMUOPTS, with our own image copy.  singlestep:
    QEMU runs one instruction per translation block, so interrupts land
    between any two instructions (by default only between blocks).
    kernel: another kernel ELF file than KERNEL (the translated one)."""
    argv = [
        "qemu-system-riscv64", "-machine", "virt,aclint=on", "-bios", "none",
        "-kernel", kernel or KERNEL, "-m", mem, "-smp", str(cpus), "-display", "none",
        "-global", "virtio-mmio.force-legacy=false",
        "-drive", "file=%s,if=none,format=raw,id=x0" % image,
        "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0",
        "-monitor", "none", "-serial", "stdio",
    ]
    # Unlike the Makefile's -nographic, the monitor is kept off the
    # console so that no input byte (Ctrl-A) is special.
    if icount:
        argv += ["-icount", "shift=0"]
    if singlestep:
        argv += ["-singlestep"]
    if append is not None:
        argv += ["-append", append]
    return argv


def fresh_image(master, tmpdir, name="boot.img"):
    path = os.path.join(tmpdir, name)
    shutil.copyfile(master, path)
    return path


class Result:
    def __init__(self, status, output, timed_out, seconds):
        self.status = status          # QEMU's exit status (None on timeout)
        self.output = output          # everything on the console, as text
        self.timed_out = timed_out
        self.seconds = seconds


def _kill(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def boot_line(cmd, options=("poweroff",)):
    """The -append text: kernel options (memv6.NAME words, see
    kernel/core/fdt.c) before the command line init runs.  init powers the
    machine off at the end, which needs memv6.poweroff."""
    return " ".join(["memv6." + o for o in options] + [cmd])


def run(image, cmd, cpus=3, timeout=300, icount=False, on_line=None, options=("poweroff",),
        until=None, singlestep=False, mem="128M", kernel=None):
    """Boot with `-append cmd` (after the kernel options), collect the
    console until QEMU exits or the timeout passes.  on_line(line) is
    called for each complete line as it arrives.  until(output), when
    given, ends the boot early (QEMU is killed; status None, timed_out
    False) once it returns true for everything printed so far."""
    argv = qemu_argv(image, cpus=cpus, append=boot_line(cmd, options), icount=icount,
                     singlestep=singlestep, mem=mem, kernel=kernel)
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    chunks = []
    pending = b""
    timed_out = False
    fd = proc.stdout.fileno()
    try:
        while True:
            left = timeout - (time.monotonic() - start)
            if left <= 0:
                timed_out = True
                break
            r, _, _ = select.select([fd], [], [], min(left, 1.0))
            if not r:
                continue
            data = os.read(fd, 65536)
            if not data:
                break
            chunks.append(data)
            if until and until(b"".join(chunks).decode("utf-8", "replace")):
                _kill(proc)
                break
            if on_line:
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    on_line(line.decode("utf-8", "replace").rstrip("\r"))
    finally:
        if timed_out:
            _kill(proc)
        else:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                timed_out = True
                _kill(proc)
        proc.stdout.close()
    out = b"".join(chunks).decode("utf-8", "replace").replace("\r", "")
    status = None if timed_out or proc.returncode < 0 else proc.returncode
    return Result(status, out, timed_out, time.monotonic() - start)


class Console:
    """An interactive boot: write to the console, wait for text."""

    def __init__(self, image, cpus=3, icount=False, options=("poweroff",)):
        argv = qemu_argv(image, cpus=cpus, append=boot_line("", options), icount=icount)
        self.start = time.monotonic()
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.buf = ""
        self.mark = 0      # expect() searches from here

    def _pump(self, timeout):
        fd = self.proc.stdout.fileno()
        r, _, _ = select.select([fd], [], [], timeout)
        if not r:
            return True
        data = os.read(fd, 65536)
        if not data:
            return False
        self.buf += data.decode("utf-8", "replace").replace("\r", "")
        return True

    def send(self, text, delay=0.0):
        """Type text; large inputs go in small pieces."""
        data = text.encode() if isinstance(text, str) else text
        for i in range(0, len(data), 16):
            self.proc.stdin.write(data[i:i + 16])
            self.proc.stdin.flush()
            if delay:
                time.sleep(delay)
            self._pump(0)

    def type_echoed(self, text, chunk=8, timeout=10, pause=0.0):
        """Type text a few bytes at a time, each piece only after the
        console has echoed the previous one (as a person typing would
        be paced by the screen).  Returns False if an echo never came."""
        for i in range(0, len(text), chunk):
            piece = text[i:i + chunk]
            m = len(self.buf)
            self.send(piece)
            want = piece.rstrip("\n")
            end = time.monotonic() + timeout
            while want and want not in self.buf[m:]:
                if time.monotonic() > end or not self._pump(0.2):
                    return False
            if pause:
                time.sleep(pause)
        return True

    def expect(self, pred, timeout):
        """Wait until pred(text since mark) is true (pred may be a plain
        string to look for).  Returns the text since mark, or None on
        timeout.  Moves the mark past the text on success."""
        if isinstance(pred, str):
            needle = pred
            pred = lambda s: needle in s
        end = time.monotonic() + timeout
        while True:
            seen = self.buf[self.mark:]
            if pred(seen):
                self.mark = len(self.buf)
                return seen
            left = end - time.monotonic()
            if left <= 0:
                return None
            if not self._pump(min(left, 0.5)):
                seen = self.buf[self.mark:]
                return seen if pred(seen) else None

    def quiet(self, seconds):
        """Collect output for a while; return what arrived."""
        m = len(self.buf)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if not self._pump(end - time.monotonic()):
                break
        return self.buf[m:]

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        _kill(self.proc)
        self.proc.stdout.close()
