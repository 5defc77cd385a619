#!/usr/bin/env python3
"""diffusion_lists.py - 2-D diffusion in pure Python lists, a new grid every step.

The first of four versions of one stencil (examples/diffusion.c is the C one):
each step builds a fresh list of lists for the result, so the interpreter
allocates and frees n*n float objects and n lists per step.

usage: diffusion_lists.py [N] [STEPS]    (grid N x N, default 128 x 128, 40 steps)
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
    """A hot square in the middle of a cold plate, as in diffusion.c."""
    lo, hi = n * 2 // 5, n * 3 // 5
    return [[0.005 if lo <= i < hi and lo <= j < hi else 0.0 for j in range(n)]
            for i in range(n)]


def evolve(grid, n, k):
    """One explicit Euler step with periodic edges, into a new grid.

    The neighbours are added in the order diffusion.c adds them, so every
    version computes the same doubles; grid[i - 1] and c[j - 1] wrap around
    by themselves (index -1 is the last)."""
    new = []
    for i in range(n):
        up, c, dn = grid[i - 1], grid[i], grid[(i + 1) % n]
        new.append([c[j] + k * (up[j] + dn[j] + c[j - 1] + c[(j + 1) % n] - 4.0 * c[j])
                    for j in range(n)])
    return new


def main():
    if len(sys.argv) > 3:
        usage()
    n = count(sys.argv[1], 3, 16384) if len(sys.argv) > 1 else 128
    steps = count(sys.argv[2], 1, 10**9) if len(sys.argv) > 2 else 40
    grid = initial(n)
    for _ in range(steps):
        grid = evolve(grid, n, D * DT)
    # fsum is exact, so the checksum does not depend on the order of the additions.
    cells = [x for row in grid for x in row]
    print("diffusion_lists n=%d steps=%d checksum sum=%.17g sumsq=%.17g"
          % (n, steps, math.fsum(cells), math.fsum(x * x for x in cells)))


if __name__ == "__main__":
    main()
