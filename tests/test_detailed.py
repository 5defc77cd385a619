"""test_detailed.py - perf's detailed event sets (-d, -dd, -ddd) added to the default set or
to -e's events, with their miss ratios where the PMU counts them; and --all-user /
--all-kernel, which make every event count one mode and name it so.

touch_pages N takes N page faults in user mode (its writes) and a handful in the kernel (the
exec, copies to user memory): the two modes tell themselves apart by that."""
import json
import os
import subprocess
import unittest

from e2e import HPSTAT, has_pmu, prog, require_environment

HANG_S = 120
EXIT_ERROR = 125
PAGES = 2000
HANDFUL = 100  # page faults a small program takes besides the pages it touches
DEFAULT = ["task-clock", "context-switches", "cpu-migrations", "page-faults", "cycles",
           "instructions", "branches", "branch-misses"]
D1 = ["L1-dcache-loads", "L1-dcache-load-misses", "LLC-loads", "LLC-load-misses"]
D2 = D1 + ["L1-icache-loads", "L1-icache-load-misses", "dTLB-loads", "dTLB-load-misses",
           "iTLB-loads", "iTLB-load-misses"]
D3 = D2 + ["L1-dcache-prefetches", "L1-dcache-prefetch-misses"]
# Each miss counter and the share of its loads perf prints beside it.
RATIOS = {"L1-dcache-load-misses": "of all L1-dcache accesses",
          "LLC-load-misses": "of all LL-cache accesses",
          "L1-icache-load-misses": "of all L1-icache accesses",
          "dTLB-load-misses": "of all dTLB cache accesses",
          "iTLB-load-misses": "of all iTLB cache accesses"}


def setUpModule():
    require_environment()


def hpstat(*args):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=HANG_S,
                          env=dict(os.environ, LC_ALL="C"))


def rows(text):
    """-x, lines as lists of fields."""
    return [line.split(",") for line in text.splitlines() if line]


def touch():
    return [prog("touch_pages"), str(PAGES)]


class Detailed(unittest.TestCase):
    def names(self, *args):
        p = hpstat("-x,", *args, "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        return [r[2] for r in rows(p.stderr)]

    def test_levels_add_to_the_default_set(self):
        self.assertEqual(self.names("-d"), DEFAULT + D1)
        self.assertEqual(self.names("-dd"), DEFAULT + D2)
        self.assertEqual(self.names("-ddd"), DEFAULT + D3)
        self.assertEqual(self.names("--detailed", "-d", "--detailed"), DEFAULT + D3)

    def test_added_to_the_events_given(self):
        # As perf 6.1: perf stat -d -e task-clock counts task-clock and the -d set.
        self.assertEqual(self.names("-d", "-e", "task-clock"), ["task-clock"] + D1)
        # An event named already is not counted twice.
        self.assertEqual(self.names("-e", "LLC-loads,task-clock", "-d"),
                         ["LLC-loads", "task-clock", "L1-dcache-loads",
                          "L1-dcache-load-misses", "LLC-load-misses"])

    def test_miss_ratios_beside_the_misses(self):
        p = hpstat("-x,", "-ddd", *touch())
        self.assertEqual(p.returncode, 0, p.stderr)
        found = {r[2]: r for r in rows(p.stderr)}
        for misses, unit in RATIOS.items():
            with self.subTest(event=misses):
                row = found[misses]
                if row[0] == "<not supported>":
                    self.assertFalse(has_pmu() and found[D1[0]][0] != "<not supported>", row)
                    self.assertEqual(row[-2:], ["", ""])
                else:
                    self.assertEqual(row[-1], unit)
                    self.assertTrue(0 <= float(row[-2]) <= 100, row)
        if not has_pmu():
            for name in D3:
                self.assertEqual(found[name][0], "<not supported>", found[name])

    def test_refused(self):
        p = hpstat("-dddd", "true")
        self.assertEqual(p.returncode, EXIT_ERROR)
        self.assertEqual(p.stderr, "hpstat: '-d' given more than 3 times: -ddd is the most "
                         "detailed set\n")
        p = hpstat("-d", "--null", "true")
        self.assertEqual(p.stderr, "hpstat: '--null' counts no events: leave out -d, or "
                         "--null\n")


class Modes(unittest.TestCase):
    def test_all_user(self):
        p = hpstat("--all-user", "-x,", "-e", "page-faults,task-clock", *touch())
        self.assertEqual(p.returncode, 0, p.stderr)
        (faults, _, name, *_), clock = rows(p.stderr)
        self.assertEqual([name, clock[2]], ["page-faults:u", "task-clock:u"])
        self.assertTrue(PAGES <= int(faults) <= PAGES + HANDFUL, faults)

    def test_all_kernel(self):
        p = hpstat("--all-kernel", "-x,", "-e", "page-faults", *touch())
        self.assertEqual(p.returncode, 0, p.stderr)
        (faults, _, name, *_), = rows(p.stderr)
        self.assertEqual(name, "page-faults:k")
        self.assertLess(int(faults), HANDFUL)

    def test_partners_and_machine_output_follow(self):
        p = hpstat("--all-user", "--json", "-o", "-", "-e", "cycles", "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        events = json.loads(p.stdout)["events"]
        self.assertEqual([(e["name"], e["resolved"], e["added"]) for e in events],
                         [("cycles:u", "cycles:u", False),
                          ("instructions:u", "instructions:u", True)])

    def test_an_event_of_the_same_mode_keeps_its_name(self):
        p = hpstat("--all-kernel", "-x,", "-e", "page-faults:k", "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual([r[2] for r in rows(p.stderr)], ["page-faults:k"])

    def test_refused(self):
        for args, message in (
                (["--all-user", "-e", "cycles:k"], "event 'cycles:k' counts kernel mode only, "
                 "and '--all-user' asks for user mode only: leave out one of them"),
                (["--all-kernel", "-e", "page-faults:u"], "event 'page-faults:u' counts user "
                 "mode only, and '--all-kernel' asks for kernel mode only: leave out one of "
                 "them"),
                (["--all-user", "--all-kernel"], "'--all-user' and '--all-kernel' cannot be "
                 "combined: leave both out to count both modes")):
            with self.subTest(args=args):
                p = hpstat(*args, "true")
                self.assertEqual(p.returncode, EXIT_ERROR)
                self.assertEqual(p.stderr, "hpstat: " + message + "\n")


if __name__ == "__main__":
    unittest.main()
