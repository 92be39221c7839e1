#!/usr/bin/env python3
"""The bzip2 port's test input: 3 MiB, the same bytes on every run.

usage: mkdata.py OUT

Text-like stretches (words of a fixed vocabulary), runs of one byte
(bzip2's run-length stage) and random bytes that do not compress, in
blocks of varying length, so that every stage of the compressor and a
block boundary (900 KB at -9) are crossed."""
import random
import sys

SIZE = 3 * 1024 * 1024
WORDS = ("mirror page frame bank fault kernel process memory copy store "
         "table entry fork exec heap stack trap poison rebuild scrub").split()


def text(rng, n):
    out, length = [], 0
    while length < n:
        word = WORDS[rng.getrandbits(5) % len(WORDS)]
        out += [word, "\n" if rng.getrandbits(4) == 0 else " "]
        length += len(word) + 1
    return "".join(out).encode()[:n]


def main():
    rng = random.Random(19)
    data = bytearray()
    while len(data) < SIZE:
        kind, n = rng.getrandbits(3), 1024 + rng.getrandbits(16)
        if kind < 5:
            data += text(rng, n)
        elif kind < 7:
            data += bytes([rng.getrandbits(8)]) * n
        else:
            data += rng.randbytes(n)
    open(sys.argv[1], "wb").write(data[:SIZE])


if __name__ == "__main__":
    main()
