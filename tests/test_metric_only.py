"""test_metric_only.py - --metric-only: the derived metrics alone, a column each, in the text
report (a line of titles, a line of values), --csv (a record per metric), -x (perf's line of
titles, then of values) and -j (an object per line); rows per CPU; a preset's metrics; what
it refuses.

A preset written here, over software events, gives a metric whose value is known from
another column of the same run: page faults per millisecond of task-clock is the faults per
second over a thousand."""
import csv
import io
import json
import os
import re
import subprocess
import tempfile
import unittest

from e2e import HPSTAT, has_pmu, prog, require_environment

HANG_S = 120
EXIT_ERROR = 125
C_LOCALE = dict(os.environ, LC_ALL="C")
SOFTWARE_TITLES = ["CPUs utilized", "context-switches/sec", "cpu-migrations/sec",
                   "page-faults/sec"]
PRESET = """description: page faults per millisecond of CPU time, for the metric-only tests
events: task-clock, page-faults, emulation-faults
metric: faults per ms | faults/msec | page-faults / task-clock * 1000000 | page faults per ms
metric: nothing counted | x | page-faults / emulation-faults | divides by zero
"""


def setUpModule():
    require_environment()


def hpstat(*args, env=C_LOCALE):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=HANG_S,
                          env=env)


def touch():
    return [prog("touch_pages"), "2000"]


class Text(unittest.TestCase):
    def test_default_events(self):
        p = hpstat("--metric-only", "-r", "2", *touch())
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stderr.splitlines()
        self.assertEqual(lines[1], " Performance counter stats for '%s' (2 runs):"
                         % " ".join(touch()))
        titles, values = lines[3], lines[4]
        names = re.split(r" {2,}", titles.strip())
        if not has_pmu():
            self.assertEqual(names, SOFTWARE_TITLES)
        for title in SOFTWARE_TITLES:
            self.assertIn(title, names)
        # Each value ends under the end of its title.
        cells = values.split()
        self.assertEqual(len(cells), len(names))
        end = 0
        for title, cell in zip(names, cells):
            end = titles.index(title, end) + len(title)
            self.assertEqual(values[end - len(cell):end], cell)
        self.assertTrue(0 < float(cells[0]) < os.cpu_count() + 1, cells)
        self.assertNotIn("page-faults ", p.stderr.replace("page-faults/sec", ""))
        self.assertRegex(p.stderr, r"seconds time elapsed")

    def test_nothing_to_compute(self):
        p = hpstat("--metric-only", "-e", "cycles", "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        if has_pmu():
            # cycles brings instructions, for the IPC beside it.
            self.assertIn("insn per cycle", p.stderr)
        else:
            self.assertEqual(p.stderr.splitlines()[3:5], self.NOTHING)
        # page-faults counts everywhere, but its rate needs task-clock.
        p = hpstat("--metric-only", "-e", "page-faults", "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr.splitlines()[3:5], self.NOTHING)

    NOTHING = ["   (no derived metric: each needs events that were not counted here, as a rate "
               "needs task-clock", "    or a ratio its partner event)"]

    def test_a_row_per_cpu(self):
        p = hpstat("--metric-only", "-a", "-A", "-e", "task-clock,page-faults", "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stderr.splitlines()
        self.assertEqual(lines[3].split(), ["cpu", "CPUs", "utilized", "page-faults/sec"])
        for cpu in range(os.cpu_count()):
            self.assertEqual(lines[4 + cpu].split()[0], "CPU%d" % cpu)
            self.assertEqual(len(lines[4 + cpu].split()), 3)


class Preset(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        with open(os.path.join(self.tmp.name, "perms.preset"), "w") as f:
            f.write(PRESET)
        self.env = dict(C_LOCALE, HPSTAT_EVENTS_DIR=self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_named_metrics_are_columns(self):
        p = hpstat("--metric-only", "-x,", "-e", "@perms", *touch(),
                   env=self.env)
        self.assertEqual(p.returncode, 0, p.stderr)
        titles, values = [line.split(",") for line in p.stderr.splitlines()]
        self.assertEqual(titles, ["CPUs utilized", "page-faults/sec", "emulation-faults/sec",
                                  "faults per ms (faults/msec)", "nothing counted (x)"])
        cells = dict(zip(titles, values))
        # Faults per ms from the preset's formula, per second from hpstat's rate: one run.
        self.assertAlmostEqual(float(cells["faults per ms (faults/msec)"]) * 1000,
                               float(cells["page-faults/sec"]), delta=5.01)
        self.assertEqual(cells["emulation-faults/sec"], "0.00")
        self.assertEqual(cells["nothing counted (x)"], "")

    def test_text_marks_what_is_unavailable(self):
        p = hpstat("--metric-only", "-e", "@perms", *touch(), env=self.env)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stderr.splitlines()
        # Past 100 columns the table goes on in a block of its own.
        at = next(i for i, line in enumerate(lines) if line.endswith("nothing counted (x)"))
        self.assertEqual(lines[at - 1], "")
        self.assertEqual(lines[at + 1], " " * (len(lines[at]) - 1) + "-")


class MachineFormats(unittest.TestCase):
    ARGS = ["-e", "task-clock,page-faults", *touch()]

    def test_csv(self):
        p = hpstat("--metric-only", "--csv", *self.ARGS)
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = list(csv.DictReader(io.StringIO(p.stderr)))
        self.assertEqual([r["metric"] for r in rows], ["CPUs utilized", "page-faults/sec"])
        self.assertGreater(float(rows[1]["value"]), 1000)

    def test_csv_per_cpu(self):
        p = hpstat("--metric-only", "--csv", "-a", "-A", "-e", "task-clock", "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = list(csv.DictReader(io.StringIO(p.stderr)))
        self.assertEqual([r["scope"] for r in rows],
                         ["cpu:CPU%d" % i for i in range(os.cpu_count())])
        self.assertEqual({r["metric"] for r in rows}, {"CPUs utilized"})

    def test_x(self):
        p = hpstat("--metric-only", "-x;", *self.ARGS)
        self.assertEqual(p.returncode, 0, p.stderr)
        titles, values = p.stderr.splitlines()
        self.assertEqual(titles, "CPUs utilized;page-faults/sec")
        self.assertRegex(values, r"^\d+\.\d{3};\d+\.\d{2}$")

    def test_j(self):
        p = hpstat("--metric-only", "-j", "-a", "--per-socket", "-e", "task-clock", "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        obj = json.loads(p.stderr, object_pairs_hook=list)
        self.assertEqual([k for k, _ in obj], ["socket", "CPUs utilized"])
        self.assertEqual(obj[0][1], "S0")
        self.assertRegex(obj[1][1], r"^\d+\.\d{3}$")

    def test_refused(self):
        for args, message in (
                (["--json"], "'--metric-only' shapes the text, --csv, -x and -j reports: "
                             "--json always carries every metric"),
                (["--no-metrics"], "'--metric-only' prints only the derived metrics, which "
                                   "'--no-metrics' turns off: give one"),
                (["-I", "100"], "'--metric-only' prints one table for the whole measurement, "
                                "not -I intervals (their columns could change from one to "
                                "the next)"),
                (["--per-run"], "'--metric-only' leaves the counts out: it does not go with "
                                "--per-run"),
                (["--null"], "'--null' counts no events: leave out --metric-only, or --null"),
                (["--compare", "false"], "'--metric-only' is for one command's report: a "
                                         "comparison's --json holds every run and every "
                                         "metric of every command")):
            with self.subTest(args=args):
                p = hpstat("--metric-only", *args, "true")
                self.assertEqual(p.returncode, EXIT_ERROR)
                self.assertEqual(p.stderr, "hpstat: " + message + "\n")


if __name__ == "__main__":
    unittest.main()
