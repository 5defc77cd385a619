"""test_hotplug.py - a CPU taken offline while hpstat counts it. It runs after every other
test, alone (Makefile.am says so): a CPU going offline would disturb any other test counting
whole CPUs at that moment."""
import os
import sys
import tempfile
import unittest

from test_attach import hpstat, perf_rows


# Takes CPU argv[2] offline, then returns once hpstat has written, to file argv[1], two more
# interval lines of that CPU: the second of them covers an interval wholly after it went.
OFFLINE_FOR_AN_INTERVAL = """
import select, sys
def lines():
    with open(sys.argv[1]) as f:
        return sum(1 for line in f if line.split(",")[1:2] == ["CPU" + sys.argv[2]])
with open("/sys/devices/system/cpu/cpu%s/online" % sys.argv[2], "w") as f:
    f.write("0")
start = lines()
while lines() < start + 2:
    select.select([], [], [], 0.001)
"""


class Hotplug(unittest.TestCase):
    CPU = "1"

    def setUp(self):
        self.online = "/sys/devices/system/cpu/cpu%s/online" % self.CPU
        if os.geteuid() != 0 or not os.access(self.online, os.W_OK):
            self.skipTest("needs root and a CPU %s that can go offline" % self.CPU)
        with open(self.online) as f:
            if f.read().strip() != "1":
                self.skipTest("CPU %s is offline already" % self.CPU)

    def tearDown(self):
        with open(self.online, "w") as f:
            f.write("1")

    def test_an_interval_a_cpu_spent_offline_is_not_counted(self):
        # Its counter has no enabled time then: it could not count, which is not a 0 (a
        # CPU with nothing to do), and the total of the interval is the other CPUs' alone.
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "x.csv")
            res = hpstat("-a", "-A", "-I", "20", "-e", "context-switches", "-x,", "-o", out,
                         sys.executable, "-c", OFFLINE_FOR_AN_INTERVAL, out, self.CPU)
            self.assertEqual(res.returncode, 0, res.stderr)
            with open(out) as f:
                rows = perf_rows(f.read())
        cpu = [r for r in rows if r[0] and r[1] == "CPU" + self.CPU]
        self.assertIn("<not counted>", [r[2] for r in cpu], rows)
        for r in cpu:
            self.assertTrue(r[2] == "<not counted>" or int(r[2]) > 0 or int(r[5]) > 0, r)
        # Each interval's rows still add up to the CPU rows of the total.
        final = {r[1]: int(r[2]) for r in rows if not r[0]}
        for label, value in final.items():
            self.assertEqual(value, sum(int(r[2]) for r in rows
                                        if r[0] and r[1] == label and r[2] != "<not counted>"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
