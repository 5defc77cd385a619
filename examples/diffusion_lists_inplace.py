#!/usr/bin/env python3
"""diffusion_lists_inplace.py - 2-D diffusion in pure Python lists, two grids reused.

The second of four versions (see diffusion_lists.py): the two grids are made
once and swap roles every step, so no list is built per step. Each cell still
holds a float object, and every assignment makes a new one: lists of Python
floats cannot be updated truly in place.

usage: diffusion_lists_inplace.py [N] [STEPS]    (default 128 x 128, 40 steps)
"""
from diffusion_common import K, arguments, hot_square, report


def initial(n):
    lo, hi = hot_square(n)
    return [[0.005 if lo <= i < hi and lo <= j < hi else 0.0 for j in range(n)]
            for i in range(n)]


def evolve(grid, out, n, k):
    """One step from grid into out (same arithmetic, same order as diffusion.c)."""
    for i in range(n):
        up, c, dn, o = grid[i - 1], grid[i], grid[(i + 1) % n], out[i]
        for j in range(n):
            o[j] = c[j] + k * (up[j] + dn[j] + c[j - 1] + c[(j + 1) % n] - 4.0 * c[j])


def main():
    n, steps = arguments()
    grid = initial(n)
    spare = [[0.0] * n for _ in range(n)]
    for _ in range(steps):
        evolve(grid, spare, n, K)
        grid, spare = spare, grid
    report(n, steps, [x for row in grid for x in row])


if __name__ == "__main__":
    main()
