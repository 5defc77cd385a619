"""test_examples.py - the four Python diffusion examples compute the same grid as each other
and as examples/diffusion.c, run by default in well under a second's work, and refuse bad
arguments the way the C one does."""
import os
import re
import subprocess
import sys
import unittest

EXAMPLES = os.environ.get("EXAMPLES")
DIFFUSION = os.environ.get("DIFFUSION")

VERSIONS = ("diffusion_lists", "diffusion_lists_inplace", "diffusion_numpy",
            "diffusion_numpy_inplace")
CHECKSUM = re.compile(r"^(\S+) n=(\d+) steps=(\d+) checksum sum=(\S+) sumsq=(\S+)$")


def setUpModule():
    for name, value in (("EXAMPLES", EXAMPLES), ("DIFFUSION", DIFFUSION)):
        if not value:
            raise RuntimeError(name + " is not set (make check sets it)")
    # Two of the four need NumPy: fail and say so, never skip them.
    try:
        import numpy  # noqa: F401
    except ImportError:
        raise RuntimeError("examples/diffusion_numpy*.py need NumPy: install python3-numpy "
                           "(Debian, Ubuntu) or 'pip install numpy' for %s" % sys.executable)


def run(version, *args):
    return subprocess.run([sys.executable, os.path.join(EXAMPLES, version + ".py"), *args],
                          capture_output=True, text=True, timeout=120)


def checksum(version, *args):
    proc = run(version, *args)
    if proc.returncode != 0:
        raise AssertionError("%s exited %d: %s" % (version, proc.returncode, proc.stderr))
    m = CHECKSUM.match(proc.stdout.strip())
    if not m:
        raise AssertionError("%s printed no checksum: %r" % (version, proc.stdout))
    return m.groups()


class SameResult(unittest.TestCase):
    def test_same_checksum(self):
        """An odd size, so that the hot square and the wrapped edges are uneven."""
        for size in (("23", "9"), ("3", "2")):
            sums = {v: checksum(v, *size) for v in VERSIONS}
            for v, (name, n, steps, total, squares) in sums.items():
                self.assertEqual((name, n, steps), (v, size[0], size[1]))
            # Bit for bit: the same doubles in the same order, summed exactly.
            self.assertEqual(len({s[3:] for s in sums.values()}), 1, sums)

    def test_same_as_the_c_example(self):
        """diffusion.c sums plainly and prints 12 digits: equal to about 1e-12."""
        _, _, _, total, squares = checksum("diffusion_lists_inplace", "40", "25")
        proc = subprocess.run([DIFFUSION, "inplace", "40", "25"], capture_output=True,
                              text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        c = dict(re.findall(r"(sum|sumsq)=(\S+)", proc.stdout))
        self.assertAlmostEqual(float(total) / float(c["sum"]), 1.0, delta=1e-10)
        self.assertAlmostEqual(float(squares) / float(c["sumsq"]), 1.0, delta=1e-10)
        # And the field did evolve: the sum of squares falls as heat spreads.
        _, _, _, _, before = checksum("diffusion_lists_inplace", "40", "1")
        self.assertLess(float(squares), float(before))

    def test_defaults(self):
        for v in VERSIONS:
            name, n, steps, _, _ = checksum(v)
            self.assertEqual((n, steps), ("128", "40"), v)

    def test_bad_arguments(self):
        for v in VERSIONS:
            for args in (("0",), ("2",), ("x",), ("-5",), ("12", "0"), ("1e3",),
                         ("8", "8", "8")):
                proc = run(v, *args)
                self.assertEqual(proc.returncode, 2, (v, args, proc.stderr))
                self.assertRegex(proc.stderr, r"^usage: .*%s\.py \[N\] \[STEPS\]\n$" % v)
                self.assertEqual(proc.stdout, "")


if __name__ == "__main__":
    unittest.main()
