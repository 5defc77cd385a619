#!/usr/bin/env python3
"""diffusion_numpy_inplace.py - 2-D diffusion with NumPy, no allocation per step.

The last of four versions (see diffusion_lists.py): the same arithmetic as
diffusion_numpy.py, but every operation writes into one of three arrays made
at the start (out= arguments, in-place operators, slices that are views), so
the steps allocate no array memory at all.

usage: diffusion_numpy_inplace.py [N] [STEPS]    (default 128 x 128, 40 steps)
"""
import math
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("diffusion_numpy_inplace.py: needs NumPy (Debian: apt-get install python3-numpy)")

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


def evolve(grid, out, scratch, k):
    """One step from grid into out. Each neighbour is added as two slices (the
    shifted body and the row or column that wraps around), in diffusion.c's
    order: up, down, left, right, minus four times the centre."""
    out[1:] = grid[:-1]                 # up
    out[0] = grid[-1]
    out[:-1] += grid[1:]                # down
    out[-1] += grid[0]
    out[:, 1:] += grid[:, :-1]          # left
    out[:, 0] += grid[:, -1]
    out[:, :-1] += grid[:, 1:]          # right
    out[:, -1] += grid[:, 0]
    np.multiply(grid, 4.0, out=scratch)
    out -= scratch
    out *= k
    out += grid


def main():
    if len(sys.argv) > 3:
        usage()
    n = count(sys.argv[1], 3, 16384) if len(sys.argv) > 1 else 128
    steps = count(sys.argv[2], 1, 10**9) if len(sys.argv) > 2 else 40
    grid = initial(n)
    spare = np.empty_like(grid)
    scratch = np.empty_like(grid)
    for _ in range(steps):
        evolve(grid, spare, scratch, D * DT)
        grid, spare = spare, grid
    cells = grid.ravel().tolist()
    print("diffusion_numpy_inplace n=%d steps=%d checksum sum=%.17g sumsq=%.17g"
          % (n, steps, math.fsum(cells), math.fsum(x * x for x in cells)))


if __name__ == "__main__":
    main()
