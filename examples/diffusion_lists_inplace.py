#!/usr/bin/env python3
"""diffusion_lists_inplace.py - 2-D diffusion in pure Python lists, two grids reused.

The second of four versions (see diffusion_lists.py): the two grids are made
once and swap roles every step, so no list is built per step. Each cell still
holds a float object, and every assignment makes a new one: lists of Python
floats cannot be updated truly in place.

usage: diffusion_lists_inplace.py [N] [STEPS]    (default 128 x 128, 40 steps)
"""
import math
import sys

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
    lo, hi = n * 2 // 5, n * 3 // 5
    return [[0.005 if lo <= i < hi and lo <= j < hi else 0.0 for j in range(n)]
            for i in range(n)]


def evolve(grid, out, n, k):
    """One step from grid into out (same arithmetic, same order as diffusion.c)."""
    for i in range(n):
        up, c, dn, o = grid[i - 1], grid[i], grid[(i + 1) % n], out[i]
        for j in range(n):
            o[j] = c[j] + k * (up[j] + dn[j] + c[j - 1] + c[(j + 1) % n] - 4.0 * c[j])


def main():
    if len(sys.argv) > 3:
        usage()
    n = count(sys.argv[1], 3, 16384) if len(sys.argv) > 1 else 128
    steps = count(sys.argv[2], 1, 10**9) if len(sys.argv) > 2 else 40
    grid = initial(n)
    spare = [[0.0] * n for _ in range(n)]
    for _ in range(steps):
        evolve(grid, spare, n, D * DT)
        grid, spare = spare, grid
    cells = [x for row in grid for x in row]
    print("diffusion_lists_inplace n=%d steps=%d checksum sum=%.17g sumsq=%.17g"
          % (n, steps, math.fsum(cells), math.fsum(x * x for x in cells)))


if __name__ == "__main__":
    main()
