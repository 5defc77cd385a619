"""diffusion_common.py - what the four Python diffusion versions share: the constants, the
command line and the checksum, so that the versions differ only in how they step the grid.

usage of each version: NAME.py [N] [STEPS]    (grid N x N, default 128 x 128, 40 steps)
"""
import math
import os
import sys

D = 1.0
DT = 0.1
K = D * DT


def usage():
    sys.stderr.write("usage: %s [N] [STEPS]\n" % sys.argv[0])
    sys.exit(2)


def count(text, low, high):
    """A plain decimal number from low to high, or the usage message."""
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        usage()
    return int(text)


def arguments():
    """(N, STEPS) from the command line, or the usage message."""
    if len(sys.argv) > 3:
        usage()
    n = count(sys.argv[1], 3, 16384) if len(sys.argv) > 1 else 128
    steps = count(sys.argv[2], 1, 10**9) if len(sys.argv) > 2 else 40
    return n, steps


def hot_square(n):
    """The rows and columns lo..hi-1 of the hot square in the middle, as in diffusion.c."""
    return n * 2 // 5, n * 3 // 5


def report(n, steps, cells):
    """Prints the checksum of the final grid's cells (any iterable of floats). fsum is exact,
    so it does not depend on the order of the additions: every version prints the same."""
    cells = list(cells)
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    print("%s n=%d steps=%d checksum sum=%.17g sumsq=%.17g"
          % (name, n, steps, math.fsum(cells), math.fsum(x * x for x in cells)))
