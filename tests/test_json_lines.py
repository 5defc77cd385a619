"""test_json_lines.py - -j/--json-output: perf stat -j's JSON lines, read back with a JSON
parser: perf's keys in perf's order, counter-value a string, one object per event, the
interval first with -I, a CPU's number with -A, numbers locale-free, perf's own keys when perf
is here to ask."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from e2e import HPSTAT, has_pmu, locale_env, prog, require_environment

HANG_S = 120
EXIT_ERROR = 125
PAGES = 2000
FAULTS = (PAGES, PAGES + 100)
KEYS = ["counter-value", "unit", "event", "event-runtime", "pcnt-running", "metric-value",
        "metric-unit"]
KEYS_RUNS = KEYS[:3] + ["variance"] + KEYS[3:]


def setUpModule():
    require_environment()


def hpstat(*args, env=None):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=HANG_S,
                          env=env)


def objects(text):
    """Each line as an object, its keys in their order."""
    return [json.loads(line, object_pairs_hook=list) for line in text.splitlines()]


def touch():
    return [prog("touch_pages"), str(PAGES)]


class JsonLines(unittest.TestCase):
    def test_one_object_per_event(self):
        p = hpstat("-j", "-e", "task-clock,page-faults", *touch())
        self.assertEqual(p.returncode, 0, p.stderr)
        clock, faults = objects(p.stderr)
        for obj in (clock, faults):
            self.assertEqual([k for k, _ in obj], KEYS)
        clock, faults = dict(clock), dict(faults)
        self.assertEqual((clock["event"], clock["unit"]), ("task-clock", "msec"))
        self.assertEqual(clock["metric-unit"], "CPUs utilized")
        self.assertEqual((faults["event"], faults["unit"]), ("page-faults", ""))
        # A string with six decimals, as perf writes it.
        self.assertRegex(faults["counter-value"], r"^\d+\.000000$")
        self.assertTrue(FAULTS[0] <= float(faults["counter-value"]) <= FAULTS[1], faults)
        self.assertIn(faults["metric-unit"], ("/sec", "K/sec", "M/sec"))
        self.assertEqual(faults["pcnt-running"], 100)
        self.assertIn('"pcnt-running" : 100.00, ', p.stderr)
        # The clock's run time is its count: nanoseconds against milliseconds.
        self.assertAlmostEqual(clock["event-runtime"] / 1e6, float(clock["counter-value"]),
                               places=3)

    def test_variance_with_runs(self):
        p = hpstat("-j", "-r", "3", "-e", "page-faults", *touch())
        self.assertEqual(p.returncode, 0, p.stderr)
        obj, = objects(p.stderr)
        self.assertEqual([k for k, _ in obj], KEYS_RUNS)
        variance = dict(obj)["variance"]
        self.assertTrue(0 <= variance < 5, variance)
        self.assertRegex(p.stderr, r'"variance" : \d+\.\d\d, ')

    def test_not_supported_and_added(self):
        # cycles needs instructions for IPC: hpstat adds it, and -j, like -x, leaves it out.
        p = hpstat("-j", "-e", "cycles", "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        if has_pmu():
            obj, = objects(p.stderr)
            self.assertEqual(dict(obj)["event"], "cycles")
            self.assertRegex(dict(obj)["counter-value"], r"^\d+\.\d{6}$")
        else:
            self.assertEqual(p.stderr, '{"counter-value" : "<not supported>", "unit" : "", '
                             '"event" : "cycles", "event-runtime" : 0, "pcnt-running" : '
                             '100.00, "metric-value" : 0.000000, "metric-unit" : ""}\n')

    def test_intervals_then_the_total(self):
        p = hpstat("-j", "-I", "100", "--interval-count", "2", "-e", "page-faults",
                   prog("waiter"), "60000")
        self.assertEqual(p.returncode, 0, p.stderr)
        first, second, total = objects(p.stderr)
        for obj in (first, second):
            self.assertEqual([k for k, _ in obj], ["interval"] + KEYS)
        self.assertLess(dict(first)["interval"], dict(second)["interval"])
        self.assertRegex(p.stderr, r'^\{"interval" : \d+\.\d{9}, ')
        self.assertEqual([k for k, _ in total], KEYS)

    def test_per_cpu(self):
        p = hpstat("-j", "-a", "-A", "-e", "task-clock", "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        objs = objects(p.stderr)
        self.assertEqual(len(objs), os.cpu_count())
        self.assertEqual([dict(o)["cpu"] for o in objs], [str(i) for i in range(len(objs))])
        self.assertEqual([k for k, _ in objs[0]], ["cpu"] + KEYS)

    def test_locale_free_and_no_started_on_line(self):
        env = locale_env("de_DE.UTF-8")
        if env is None:
            self.skipTest("the de_DE.UTF-8 locale is not installed (.ci/run installs it)")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "out.json")
            p = hpstat("-j", "-o", path, "-e", "task-clock", *touch(), env=env)
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(path) as f:
                text = f.read()
        obj, = objects(text)
        self.assertRegex(dict(obj)["counter-value"], r"^\d+\.\d{6}$")
        self.assertRegex(text, r'"metric-value" : \d+\.\d{6}, ')

    @unittest.skipUnless(shutil.which("perf"), "perf is not installed: nothing to compare with")
    def test_same_keys_as_perf(self):
        perf = subprocess.run(["perf", "stat", "-j", "-e", "task-clock,page-faults", "true"],
                              capture_output=True, text=True, timeout=HANG_S)
        mine = hpstat("-j", "-e", "task-clock,page-faults", "true")
        self.assertEqual([[k for k, _ in o] for o in objects(mine.stderr)],
                         [[k for k, _ in o] for o in objects(perf.stderr)])
        perf = subprocess.run(["perf", "stat", "-j", "-r", "2", "-e", "task-clock", "true"],
                              capture_output=True, text=True, timeout=HANG_S)
        mine = hpstat("-j", "-r", "2", "-e", "task-clock", "true")
        self.assertEqual([[k for k, _ in o] for o in objects(mine.stderr)],
                         [[k for k, _ in o] for o in objects(perf.stderr)])

    def test_refused_where_it_has_no_place(self):
        for args, message in (
                (["--per-run"], "'--per-run' does not fit perf's -j format: use --csv or "
                                "--json"),
                (["--null"], "'--null' leaves perf's -j format nothing to print (it has no "
                             "times): use --csv or --json"),
                (["--stats"], "'--stats' is for the text report: --csv and --json always "
                              "carry every statistic, -j has no place for them"),
                (["--json"], "'-j' and '--json' cannot be combined: choose one output "
                             "format"),
                (["--compare", "false"], "perf's -j format has no place for a comparison: "
                                         "use --csv or --json")):
            with self.subTest(args=args):
                p = hpstat("-j", *args, "true")
                self.assertEqual(p.returncode, EXIT_ERROR)
                self.assertEqual(p.stderr, "hpstat: " + message + "\n")
        p = hpstat("-j", "--list")
        self.assertEqual(p.stderr, "hpstat: '--list' prints text, '--csv' or '--json', not "
                         "'-j'\n")


if __name__ == "__main__":
    unittest.main()
