#!/usr/bin/env python3
"""diffusion_numpy.py - 2-D diffusion with NumPy, new arrays every step.

The third of four versions (see diffusion_lists.py): whole-array arithmetic
instead of a Python loop per cell. Written the natural way, every np.roll and
every operator returns a fresh array, so one step allocates about ten arrays
the size of the grid.

usage: diffusion_numpy.py [N] [STEPS]    (default 128 x 128, 40 steps)
"""
import math
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("diffusion_numpy.py: needs NumPy (Debian: apt-get install python3-numpy)")

D = 1.0
DT = 0.1


def usage():
    sys.stderr.write("usage: %s [N] [STEPS]\n" % sys.argv[0])
    sys.exit(2)


def count(text, low, high):
    """A plain decimal number from low to high, or the usage message."""
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        usage()
    return int(text)


def initial(n):
    grid = np.zeros((n, n))
    lo, hi = n * 2 // 5, n * 3 // 5
    grid[lo:hi, lo:hi] = 0.005
    return grid


def evolve(grid, k):
    """One step; rolling by +1 along an axis brings the upper (left) neighbour
    to each cell. The terms are added in diffusion.c's order."""
    laplacian = (np.roll(grid, 1, axis=0) + np.roll(grid, -1, axis=0)
                 + np.roll(grid, 1, axis=1) + np.roll(grid, -1, axis=1) - 4.0 * grid)
    return grid + k * laplacian


def main():
    if len(sys.argv) > 3:
        usage()
    n = count(sys.argv[1], 3, 16384) if len(sys.argv) > 1 else 128
    steps = count(sys.argv[2], 1, 10**9) if len(sys.argv) > 2 else 40
    grid = initial(n)
    for _ in range(steps):
        grid = evolve(grid, D * DT)
    cells = grid.ravel().tolist()
    print("diffusion_numpy n=%d steps=%d checksum sum=%.17g sumsq=%.17g"
          % (n, steps, math.fsum(cells), math.fsum(x * x for x in cells)))


if __name__ == "__main__":
    main()
