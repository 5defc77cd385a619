#!/usr/bin/env python3
"""region_hot_loop.py - count only the hot loop of a Python program, not its start-up.

    hpstat --control env -e page-faults,task-clock python3 examples/region_hot_loop.py

A rod cooling at both ends (1-D heat equation, Jacobi sweeps in plain lists). Starting the
interpreter, the imports and building the rod happen outside any region, so under
`hpstat --control env` only the sweeps inside `with hpstat.region("hot-loop"):` are counted;
compare with the same command without --control env. Without hpstat the region does nothing
and the script runs the same. Standard library only.

usage: region_hot_loop.py [N] [SWEEPS]    (rod of N cells, default 2000, 200 sweeps)
"""
import math
import os
import sys

try:
    import hpstat  # on PYTHONPATH under hpstat --control env
except ImportError:  # run from the source tree: the helper is src/hpstat.py
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))
    import hpstat


def usage():
    sys.stderr.write("usage: %s [N] [SWEEPS]\n" % sys.argv[0])
    sys.exit(2)


def count(text, low, high):
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        usage()
    return int(text)


def main():
    if len(sys.argv) > 3:
        usage()
    n = count(sys.argv[1], 3, 10**7) if len(sys.argv) > 1 else 2000
    sweeps = count(sys.argv[2], 1, 10**6) if len(sys.argv) > 2 else 200

    # Set-up, not counted: a warm bump in the middle, the ends held at zero.
    rod = [math.sin(math.pi * i / (n - 1)) ** 2 for i in range(n)]
    rod[0] = rod[-1] = 0.0

    with hpstat.region("hot-loop"):
        for _ in range(sweeps):
            rod = [0.0] + [0.5 * (rod[i - 1] + rod[i + 1]) for i in range(1, n - 1)] + [0.0]

    print("region_hot_loop n=%d sweeps=%d heat=%.12g" % (n, sweeps, math.fsum(rod)))


if __name__ == "__main__":
    main()
