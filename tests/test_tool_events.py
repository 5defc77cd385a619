"""test_tool_events.py - perf's tool events duration_time, user_time and system_time, end to end:
in every output format, in the place they were written, in groups, in preset formulas, per
interval, in regions, attached to a process, and the errors.

Nothing here depends on how fast the machine is: each value is checked against what hpstat
itself prints for the same run (the elapsed time, 'seconds user', 'seconds sys'), exactly, or
against relations that always hold (intervals add up to the total; one thread's CPU time is
no more than its elapsed time).
"""
import csv
import io
import json
import math
import os
import re
import signal
import subprocess
import tempfile
import unittest

from e2e import HPSTAT, prog, require_environment

HANG_S = 120
EXIT_HPSTAT_ERROR = 125
TOOL = ["duration_time", "user_time", "system_time"]
# touch_pages faults in this many pages: a single-threaded program with user and kernel time.
PAGES = "2000"


def setUpModule():
    require_environment()


def default_signals():
    for signo in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signo, signal.SIG_DFL)


def hpstat(*args, env=None):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=HANG_S,
                          env=env, preexec_fn=default_signals)


def ns(seconds_text):
    """A time hpstat printed in seconds with nine decimals, as whole nanoseconds."""
    whole, _, frac = seconds_text.partition(".")
    return int(whole) * 1000000000 + int(frac.ljust(9, "0")[:9])


def number(text):
    return int(text.replace(",", ""))


def text_events(report):
    """The text report's event lines: name -> (value, unit, rest of the line)."""
    rows = {}
    for line in report.splitlines():
        m = re.match(r"^\s+([\d,.]+|<not counted>|<not supported>)\s+(ns|msec)?\s*(\S+)(.*)$",
                     line)
        if m and not m.group(3).startswith("seconds"):
            rows[m.group(3)] = (m.group(1), m.group(2) or "", m.group(4))
    return rows


def time_line(report, what):
    m = re.search(r"^\s+([\d.]+) seconds " + what + r"\b", report, re.M)
    return m.group(1)


class OneRun(unittest.TestCase):
    """One run: each tool event is the time line hpstat prints for it, to the nanosecond."""

    @classmethod
    def setUpClass(cls):
        cls.res = hpstat("-e", "page-faults,duration_time,user_time,system_time",
                         prog("touch_pages"), PAGES)

    def test_equal_to_the_time_lines(self):
        self.assertEqual(self.res.returncode, 0, self.res.stderr)
        rows = text_events(self.res.stderr)
        for name, line in (("duration_time", "time elapsed"), ("user_time", "user"),
                           ("system_time", "sys")):
            value, unit, rest = rows[name]
            self.assertEqual(unit, "ns", name)
            self.assertEqual(number(value), ns(time_line(self.res.stderr, line)), name)
            # no derived metric, and no rate per second either: a time is no occurrence
            self.assertNotIn("#", rest, name)

    def test_order_as_written(self):
        names = list(text_events(self.res.stderr))
        self.assertEqual(names, ["page-faults"] + TOOL)

    def test_cpu_time_of_one_thread_within_its_elapsed_time(self):
        rows = text_events(self.res.stderr)
        cpu = number(rows["user_time"][0]) + number(rows["system_time"][0])
        # rusage has microseconds, and the clock starts a moment after the setup it leaves out
        self.assertLessEqual(cpu, number(rows["duration_time"][0]) + 1000000)


class Runs(unittest.TestCase):
    """Three runs in JSON: each run's value is that run's time, and the mean is theirs."""

    @classmethod
    def setUpClass(cls):
        cls.res = hpstat("--json", "-r", "3", "-e", "user_time,task-clock,duration_time,"
                         "system_time", prog("touch_pages"), PAGES)
        cls.doc = json.loads(cls.res.stderr)

    def event(self, name):
        [ev] = [e for e in self.doc["events"] if e["name"] == name]
        return ev

    def test_per_run_values_are_the_run_times(self):
        self.assertEqual(self.res.returncode, 0, self.res.stderr)
        for name, key in (("duration_time", "elapsed_s"), ("user_time", "user_s"),
                          ("system_time", "sys_s")):
            ev = self.event(name)
            self.assertEqual(ev["per_run"], [round(r[key] * 1e9) for r in self.doc["runs"]],
                             name)
            # the same mean, whatever order of adding hpstat's statistics take (the last
            # digit of a double may differ: 12513666.666666668 against ...666)
            self.assertTrue(math.isclose(ev["mean"], sum(ev["per_run"]) / 3, rel_tol=1e-12),
                            (name, ev["mean"], ev["per_run"]))
            self.assertEqual((ev["state"], ev["unit"], ev["resolved"], ev["runs_counted"],
                              ev["running_pct"]), ("counted", "ns", "tool/%s/" % name, 3, 100))
            self.assertEqual(ev["metrics"], [], name)

    def test_order_as_written(self):
        self.assertEqual([e["name"] for e in self.doc["events"]],
                         ["user_time", "task-clock", "duration_time", "system_time"])

    def test_task_clock_still_has_its_metric(self):
        self.assertEqual([m["unit"] for m in self.event("task-clock")["metrics"]],
                         ["CPUs utilized"])


class OtherFormats(unittest.TestCase):
    def test_csv(self):
        res = hpstat("--csv", "-r", "2", "-e", "duration_time,page-faults,user_time",
                     prog("touch_pages"), PAGES)
        self.assertEqual(res.returncode, 0, res.stderr)
        rows = list(csv.DictReader(io.StringIO(res.stderr)))
        events = [r for r in rows if r["type"] == "event"]
        self.assertEqual([r["event"] for r in events],
                         ["duration_time", "page-faults", "user_time"])
        times = {r["event"]: r for r in rows if r["type"] == "time"}
        for name, time in (("duration_time", "elapsed"), ("user_time", "user")):
            [row] = [r for r in events if r["event"] == name]
            self.assertEqual((row["unit"], row["state"], row["metric"]), ("ns", "counted", ""))
            for stat in ("min", "max"):
                self.assertEqual(float(row[stat]), round(float(times[time][stat]) * 1e9),
                                 (name, stat))

    def test_perf_csv(self):
        res = hpstat("-x,", "-e", "task-clock,duration_time,user_time,system_time", "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        lines = [line.split(",") for line in res.stderr.splitlines() if line]
        self.assertEqual([f[2] for f in lines], ["task-clock"] + TOOL)
        duration = lines[1][0]
        for fields in lines[1:]:
            # value, unit, name, run time, running %, no metric value or unit: each ran
            # all the time the run took
            self.assertEqual(fields[1:], ["ns", fields[2], duration, "100.00", "", ""])

    def test_per_run_table(self):
        res = hpstat("--per-run", "-r", "2", "-e", "duration_time,user_time",
                     prog("touch_pages"), PAGES)
        self.assertEqual(res.returncode, 0, res.stderr)
        table = res.stderr[res.stderr.index("Per-run values:"):].splitlines()
        header = table[2].split()
        self.assertEqual(header, ["run", "duration_time", "(ns)", "user_time", "(ns)",
                                  "elapsed", "(s)", "exit"])
        for line in table[3:5]:
            run, duration, user, elapsed, code = line.split()
            # the elapsed column has six decimals
            self.assertEqual(round(number(duration) / 1e9, 6), float(elapsed), line)


class Compare(unittest.TestCase):
    def test_each_command_its_own_times(self):
        res = hpstat("--compare", "--json", "-r", "2", "-e", "duration_time,user_time",
                     "true", prog("touch_pages") + " " + PAGES)
        self.assertEqual(res.returncode, 0, res.stderr)
        doc = json.loads(res.stderr)
        for command in doc["commands"]:
            result = command["result"]
            events = {e["name"]: e["per_run"] for e in result["events"]}
            self.assertEqual(events["duration_time"],
                             [round(r["elapsed_s"] * 1e9) for r in result["runs"]])
            self.assertEqual(events["user_time"],
                             [round(r["user_s"] * 1e9) for r in result["runs"]])
        rows = {c["key"]: c for c in doc["comparisons"]}
        self.assertEqual((rows["duration_time"]["unit"], rows["duration_time"]["kind"]),
                         ("ns", "event"))


class Groups(unittest.TestCase):
    """A tool event in braces is reported beside the group, which keeps its real members."""

    def test_beside_a_software_event(self):
        for spec, names in (("{task-clock,duration_time}", ["task-clock", "duration_time"]),
                            ("{duration_time,task-clock}:u",
                             ["duration_time:u", "task-clock:u"]),
                            ("{user_time:k,page-faults:k}:u",
                             ["user_time:k:u", "page-faults:k:u"])):
            res = hpstat("--json", "-e", spec, prog("touch_pages"), PAGES)
            self.assertEqual(res.returncode, 0, res.stderr)
            doc = json.loads(res.stderr)
            self.assertEqual([e["name"] for e in doc["events"]], names, spec)
            self.assertEqual([e["state"] for e in doc["events"]], ["counted"] * 2, spec)
            # the kernel's member counted: the group was opened without the tool event
            [member] = [e for e in doc["events"] if not e["resolved"].startswith("tool/")]
            self.assertGreater(member["mean"], 0, spec)

    def test_beside_a_pmu_of_its_own(self):
        # msr is a PMU of its own; a tool event does not stop it leading its group
        if not os.path.isdir("/sys/bus/event_source/devices/msr"):
            self.skipTest("no msr PMU here")
        res = hpstat("-e", "{msr/tsc/,duration_time}", "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("duration_time", text_events(res.stderr))


class Intervals(unittest.TestCase):
    """-I: duration_time is each interval's length; intervals add up to the total."""

    @classmethod
    def setUpClass(cls):
        # ten sleeps of 10 ms: a run longer than some intervals whatever the machine
        cls.res = hpstat("-I", "20", "-x,", "-e", "duration_time,user_time,system_time",
                         prog("sleeper"), "10", "10000")
        lines = [line.split(",") for line in cls.res.stderr.splitlines() if line]
        cls.intervals = [f for f in lines if f[0]]
        cls.total = {f[3]: int(f[1]) for f in lines if not f[0]}

    def test_duration_is_the_interval_length(self):
        self.assertEqual(self.res.returncode, 0, self.res.stderr)
        before = 0
        ends = [ns(f[0]) for f in self.intervals if f[3] == "duration_time"]
        self.assertGreaterEqual(len(ends), 1)
        for end, value in zip(ends, [int(f[1]) for f in self.intervals
                                     if f[3] == "duration_time"]):
            self.assertEqual(value, end - before)
            before = end

    def test_intervals_add_up_to_the_total(self):
        for name in TOOL:
            values = [int(f[1]) for f in self.intervals if f[3] == name]
            self.assertEqual(sum(values), self.total[name], name)

    def test_last_interval_ends_with_the_run(self):
        ends = [ns(f[0]) for f in self.intervals if f[3] == "duration_time"]
        self.assertEqual(ends[-1], self.total["duration_time"])

    def test_text_total_is_the_elapsed_time(self):
        res = hpstat("-I", "20", "-e", "duration_time,user_time", prog("sleeper"), "5", "10000")
        self.assertEqual(res.returncode, 0, res.stderr)
        total = res.stderr[res.stderr.index("Performance counter stats"):]
        rows = text_events(total)
        self.assertEqual(number(rows["duration_time"][0]), ns(time_line(total, "time elapsed")))
        self.assertEqual(number(rows["user_time"][0]), ns(time_line(total, "user")))


class Regions(unittest.TestCase):
    def test_region_duration_is_its_time(self):
        res = hpstat("--control", "env", "--json", "-e", "page-faults,duration_time,user_time",
                     prog("region_pages"), "500", "step")
        self.assertEqual(res.returncode, 0, res.stderr)
        doc = json.loads(res.stderr)
        [part] = doc["parts"]
        events = {e["name"]: e for e in part["events"]}
        self.assertEqual(events["duration_time"]["mean"],
                         round(part["elapsed"]["mean"] * 1e9))
        self.assertEqual(events["user_time"]["state"], "counted")
        # the total's times are the whole run's, as its time lines: counting waited for the
        # region, the clock did not
        whole = {e["name"]: e for e in doc["events"]}
        self.assertEqual(whole["duration_time"]["mean"],
                         round(doc["time"]["elapsed"]["mean"] * 1e9))
        self.assertEqual(whole["user_time"]["mean"], round(doc["time"]["user"]["mean"] * 1e9))


class Presets(unittest.TestCase):
    def test_formula_reads_tool_events(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "cpu.preset"), "w") as f:
                f.write("description: where the time of a run went\n"
                        "events: task-clock, user_time, system_time\n"
                        "metric: on CPU | % | 100 * (user_time + system_time) / duration_time"
                        " | share of the elapsed time on a CPU\n")
            res = hpstat("--json", "-e", "@cpu", prog("touch_pages"), PAGES,
                         env=dict(os.environ, HPSTAT_EVENTS_DIR=tmp))
        self.assertEqual(res.returncode, 0, res.stderr)
        doc = json.loads(res.stderr)
        events = {e["name"]: e["mean"] for e in doc["events"]}
        [metric] = doc["metrics"]
        want = 100 * (events["user_time"] + events["system_time"]) / (
            doc["time"]["elapsed"]["mean"] * 1e9)
        self.assertAlmostEqual(metric["value"], want, delta=1e-9 * abs(want))


class Attached(unittest.TestCase):
    def test_process_until_timeout(self):
        target = subprocess.Popen([prog("sleeper"), "1000", "10000"])
        try:
            res = hpstat("-p", str(target.pid), "--timeout", "100", "--json", "-e",
                         ",".join(TOOL))
        finally:
            target.kill()
            target.wait(timeout=HANG_S)
        self.assertEqual(res.returncode, 0, res.stderr)
        doc = json.loads(res.stderr)
        events = {e["name"]: e for e in doc["events"]}
        self.assertEqual(events["duration_time"]["mean"],
                         round(doc["time"]["elapsed"]["mean"] * 1e9))
        for name in ("user_time", "system_time"):
            self.assertEqual(events[name]["state"], "counted", name)

    def test_cpus_without_a_command_have_no_cpu_time(self):
        for event in ("user_time", "system_time:u"):
            res = hpstat("-a", "--timeout", "50", "-e", "duration_time," + event)
            self.assertEqual(res.returncode, EXIT_HPSTAT_ERROR, res.stderr)
            self.assertEqual(res.stderr,
                             "hpstat: event '%s' is the CPU time of the command or of the "
                             "processes of -p and -t, and counting CPUs with no command has "
                             "neither: add a command, or leave it out\n" % event)


class Errors(unittest.TestCase):
    def test_one_line_saying_what_to_write(self):
        for spec, message in (
                ("duration_time/period=1/",
                 "event 'duration_time/period=1/': duration_time is measured by hpstat, not "
                 "counted by a kernel PMU, so it takes no terms; write 'duration_time'"),
                ("task-clock,user_time:x",
                 "unknown modifier 'x' in event 'user_time:x': a tool event takes perf's "
                 "modifiers (u, k, h, p, ...) only to ignore them, so leave them out"),
                ("tool/cycles/",
                 "event 'tool/cycles/': the tool PMU has duration_time, user_time and "
                 "system_time, which take no terms: write 'tool/duration_time/', or "
                 "'duration_time' alone")):
            res = hpstat("-e", spec, "true")
            self.assertEqual(res.returncode, EXIT_HPSTAT_ERROR, spec)
            self.assertEqual(res.stderr, "hpstat: " + message + "\n")

    def test_perf_spellings_accepted(self):
        res = hpstat("-x,", "-e", "DURATION_TIME,duration_time:k,tool/user_time/u", "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual([line.split(",")[2] for line in res.stderr.splitlines()],
                         ["DURATION_TIME", "duration_time:k", "tool/user_time/u"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
