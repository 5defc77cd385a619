#!/usr/bin/env python3
"""test_output.py - where hpstat's report goes and what it looks like, end to end.

Covers -o FILE, --append, -o -, output errors (a file that cannot be opened, a full disk, a
closed pipe), perf's -x format read back with the csv module, --stats, --per-run, and the
option conflicts of the output options. Runs the real binary on the known-count programs.

Environment (`make check` sets both, as for check_hpstat):
  HPSTAT  path of the built src/hpstat
  PROGS   directory holding the built tests/progs programs
"""
import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import unittest

HPSTAT = os.environ.get("HPSTAT", "")
PROGS = os.environ.get("PROGS", "")

PAGES = 2000
# touch_pages N faults once per page it touches, plus its own start-up (about 50 faults here).
FAULTS = (PAGES, PAGES + 100)
TIMEOUT = 120
EXIT_HPSTAT_ERROR = 125


def setUpModule():
    if not HPSTAT or not os.access(HPSTAT, os.X_OK):
        raise RuntimeError("HPSTAT must name the built src/hpstat (got %r)" % HPSTAT)
    if not PROGS or not os.access(os.path.join(PROGS, "touch_pages"), os.X_OK):
        raise RuntimeError("PROGS must name the directory of the built tests/progs programs "
                           "(got %r)" % PROGS)


def prog(name):
    return os.path.join(PROGS, name)


def hpstat(*args, env=None):
    """Runs hpstat with args; returns the CompletedProcess (text)."""
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=TIMEOUT,
                          env=env)


def has_pmu():
    """Whether hardware events count on this machine: perf's answer, else sysfs's."""
    perf = shutil.which("perf")
    if perf:
        p = subprocess.run([perf, "stat", "-x,", "-e", "instructions", "true"],
                           capture_output=True, text=True, timeout=TIMEOUT)
        if "<not supported>" in p.stderr:
            return False
        if re.search(r"^\d[\d.]*,[^,]*,instructions", p.stderr, re.M):
            return True
        raise AssertionError("perf stat says neither a count nor <not supported>:\n"
                             + p.stderr)
    names = os.listdir("/sys/bus/event_source/devices")
    return any(n in ("cpu", "cpu_core", "cpu_atom") or n.startswith("armv") for n in names)


def count(text):
    """A number of the text report: '2,051' -> 2051.0."""
    return float(text.replace(",", ""))


def text_rows(report):
    """The event lines of a text report, {name: value text}: the value right-aligned in 18
    columns, the unit in 4, the name from column 25 (the per-run table is left out)."""
    rows = {}
    for line in report.split("\n Per-run values:\n")[0].splitlines():
        if (len(line) > 24 and line[:18].strip() and line[18] == " " and line[23] == " "
                and line[24] != " "):
            rows[line[24:].split()[0]] = line[:18].strip()
    return rows


class Version(unittest.TestCase):
    """--version names what a bug report needs: hpstat's release, the libpfm4 file it loaded
    (and so that library's release), and the PMUs of the machine, checked against the machine
    itself."""

    def test_lines(self):
        proc = hpstat("--version")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), 3, proc.stdout)
        self.assertRegex(lines[0], r"^hpstat \d+\.\d+\.\d+$")

        if os.environ.get("LAZY_PFM") == "no":  # a static build has libpfm4 inside
            self.assertRegex(lines[1], r"^libpfm4 \(linked into hpstat\), PMUs it detects: ")
        else:
            m = re.match(r"^libpfm4 (\S+) \((/\S+)\), PMUs it detects: ", lines[1])
            self.assertTrue(m, lines[1])
            release, path = m.groups()
            self.assertTrue(os.path.isfile(path), path)
            self.assertEqual(os.path.realpath(path), path)
            self.assertTrue(os.path.basename(path).endswith(".so." + release), path)
        # Forced to Skylake, libpfm4 detects that one alone.
        forced = hpstat("--version", env=dict(os.environ, LIBPFM_FORCE_PMU="skl"))
        self.assertEqual(forced.stdout.splitlines()[1].split("PMUs it detects: ")[1], "skl")

        devices = sorted(os.listdir("/sys/bus/event_source/devices"))
        m = re.match(r"^kernel PMUs: (.+?); (core PMU: (\S+)|no core PMU: .*)$", lines[2])
        self.assertTrue(m, lines[2])
        self.assertEqual(m.group(1).split(", "), devices)
        self.assertEqual(m.group(3) is not None, has_pmu(), lines[2])


class OutputErrors(unittest.TestCase):
    def assert_one_line_error(self, p, *words):
        self.assertEqual(p.stderr.count("\n"), 1, "not one line:\n" + p.stderr)
        self.assertTrue(p.stderr.startswith("hpstat: "), p.stderr)
        for word in words:
            self.assertIn(word, p.stderr)

    def test_empty_field_separator(self):
        p = hpstat("-x", "", "true")
        self.assertEqual(p.returncode, EXIT_HPSTAT_ERROR)
        self.assertEqual(p.stderr, "hpstat: empty field separator after '-x': give one or "
                         "more characters, as in -x, or -x ';'\n")

    def test_output_file_cannot_be_opened(self):
        with tempfile.TemporaryDirectory() as tmp:
            marker = os.path.join(tmp, "ran")
            p = hpstat("-o", os.path.join(tmp, "missing", "report"), "-e", "page-faults",
                       "sh", "-c", 'touch "$1"', "sh", marker)
            self.assertEqual(p.returncode, EXIT_HPSTAT_ERROR)
            self.assert_one_line_error(p, "missing/report")
            self.assertFalse(os.path.exists(marker), "the command ran before the error")

    def test_disk_full(self):
        self.assertTrue(os.path.exists("/dev/full"), "no /dev/full on this machine")
        p = hpstat("-o", "/dev/full", "-e", "page-faults", "true")
        self.assertEqual(p.returncode, EXIT_HPSTAT_ERROR)
        self.assert_one_line_error(p, "/dev/full", "No space left on device")

    def test_closed_pipe(self):
        # The read end is closed before hpstat writes (it writes only after the command ended),
        # so its write must fail with EPIPE: reported, not a silent death by SIGPIPE.
        # (`hpstat -o - ... | head -c 1` is no such case: the report reaches the pipe in one
        # write before head exits.)
        p = subprocess.Popen([HPSTAT, "-o", "-", "-r", "3", "-e", "page-faults", "true"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        p.stdout.close()
        err = p.stderr.read()
        p.stderr.close()
        self.assertEqual(p.wait(timeout=TIMEOUT), EXIT_HPSTAT_ERROR, err)
        self.assertEqual(err.count("\n"), 1, err)
        self.assertRegex(err, r"^hpstat: .*standard output.*Broken pipe")

    def test_csv_and_json_together(self):
        p = hpstat("--csv", "--json", "true")
        self.assertEqual(p.returncode, EXIT_HPSTAT_ERROR)
        self.assert_one_line_error(p, "--csv", "--json")
        self.assertEqual(p.stdout, "")

    def test_append_without_output(self):
        p = hpstat("--append", "true")
        self.assertEqual(p.returncode, EXIT_HPSTAT_ERROR)
        self.assert_one_line_error(p, "--append", "-o")


class OutputDestinations(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="test_output.")
        self.path = os.path.join(self.tmp, "report.txt")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def read(self):
        with open(self.path) as f:
            return f.read()

    def test_output_file(self):
        p = hpstat("-o", self.path, "-e", "page-faults", prog("touch_pages"), str(PAGES))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        self.assertEqual(p.stdout, "")
        report = self.read()
        self.assertIn(" Performance counter stats for '%s %d':" % (prog("touch_pages"), PAGES),
                      report)
        faults = count(text_rows(report)["page-faults"])
        self.assertTrue(FAULTS[0] <= faults <= FAULTS[1], report)

    def test_output_file_replaced_without_append(self):
        with open(self.path, "w") as f:
            f.write("old contents\n")
        p = hpstat("-o", self.path, "-e", "page-faults", "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("old contents", self.read())

    def test_append(self):
        with open(self.path, "w") as f:
            f.write("before\n")
        for pages in (10, 20):
            p = hpstat("-o", self.path, "--append", "-e", "page-faults", prog("touch_pages"),
                       str(pages))
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stderr, "")
        report = self.read()
        first = report.find("touch_pages 10'")
        second = report.find("touch_pages 20'")
        self.assertTrue(report.startswith("before\n"), report)
        self.assertTrue(0 < first < second, report)
        self.assertEqual(report.count("Performance counter stats for"), 2, report)

    def test_stdout(self):
        p = hpstat("-o", "-", "-e", "page-faults", prog("touch_pages"), str(PAGES))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        self.assertIn(" Performance counter stats for", p.stdout)
        self.assertIn("page-faults", text_rows(p.stdout))


class PerfCsv(unittest.TestCase):
    """-x: perf stat's fields, read back with Python's csv module."""
    EVENTS = "task-clock,page-faults,cycles,instructions"

    @classmethod
    def setUpClass(cls):
        cls.pmu = has_pmu()

    def run_x(self, *extra, env=None):
        p = hpstat("-x,", "-e", self.EVENTS, *extra, prog("touch_pages"), str(PAGES), env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout, "")
        rows = list(csv.reader(io.StringIO(p.stderr)))
        self.assertEqual([r[2] for r in rows], self.EVENTS.split(","), p.stderr)
        return {r[2]: r for r in rows}

    def check_rows(self, rows, n_fields):
        for name, r in rows.items():
            self.assertEqual(len(r), n_fields, r)
            run_ns, pct = r[n_fields - 4], r[n_fields - 3]
            self.assertRegex(run_ns, r"^\d+$", r)
            self.assertTrue(0 <= float(pct) <= 100, r)
        tc = rows["task-clock"]
        self.assertEqual(tc[1], "msec")
        self.assertRegex(tc[0], r"^\d+\.\d\d$")
        self.assertEqual(tc[-1], "CPUs utilized")
        self.assertTrue(float(tc[-2]) > 0, tc)
        pf = rows["page-faults"]
        self.assertEqual(pf[1], "")
        self.assertRegex(pf[0], r"^\d+$")
        self.assertTrue(FAULTS[0] <= int(pf[0]) <= FAULTS[1], pf)
        self.assertTrue(pf[-1].endswith("/sec"), pf)
        for name in ("cycles", "instructions"):
            r = rows[name]
            if self.pmu:
                self.assertRegex(r[0], r"^\d+$", r)
                self.assertGreater(int(r[0]), 0, r)
                self.assertGreater(int(r[n_fields - 4]), 0, r)
            else:
                self.assertEqual(r[0], "<not supported>", r)
                self.assertEqual(r[n_fields - 4:], ["0", "100.00", "", ""], r)

    def test_single_run_seven_fields(self):
        self.check_rows(self.run_x(), 7)

    def test_three_runs_eight_fields(self):
        rows = self.run_x("-r", "3")
        self.check_rows(rows, 8)
        for name, r in rows.items():
            if r[0].startswith("<"):
                self.assertEqual(r[3], "", r)
            else:
                self.assertRegex(r[3], r"^\d+\.\d\d%$", r)

    def test_agrees_with_text(self):
        rows = self.run_x()
        p = hpstat("-e", self.EVENTS, prog("touch_pages"), str(PAGES))
        self.assertEqual(p.returncode, 0, p.stderr)
        text = text_rows(p.stderr)
        for name in self.EVENTS.split(","):
            if rows[name][0] == "<not supported>":
                self.assertEqual(text[name], "<not supported>")
        self.assertTrue(FAULTS[0] <= count(text["page-faults"]) <= FAULTS[1], p.stderr)
        self.assertTrue(FAULTS[0] <= int(rows["page-faults"][0]) <= FAULTS[1])

    def test_only_the_events_asked_for(self):
        # hpstat adds instructions beside cycles for its IPC metric; perf would not print it.
        p = hpstat("-x,", "-e", "cycles", "true")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual([r[2] for r in csv.reader(io.StringIO(p.stderr))], ["cycles"],
                         p.stderr)

    def test_decimal_comma_locale_keeps_dot(self):
        env = dict(os.environ)
        tmp = None
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
        found = [n for n in names if re.match(r"(de_DE|fr_FR)\.(utf8|UTF-8)$", n)]
        if found:
            env["LC_ALL"] = found[0]
        else:
            if not shutil.which("localedef"):
                self.skipTest("no decimal-comma locale installed and no localedef to build one")
            tmp = tempfile.mkdtemp(prefix="test_output_locale.")
            built = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8",
                                    os.path.join(tmp, "de_DE.UTF-8")], capture_output=True)
            if built.returncode != 0:
                shutil.rmtree(tmp)
                self.skipTest("localedef cannot build de_DE.UTF-8 here")
            env.update(LOCPATH=tmp, LC_ALL="de_DE.UTF-8")
        try:
            probe = subprocess.run(["printf", "%.2f", "2,5"], capture_output=True, text=True,
                                   env=env).stdout
            self.assertEqual(probe, "2,50", "the locale has no decimal comma")
            self.check_rows(self.run_x("-r", "2", env=env), 8)
        finally:
            if tmp:
                shutil.rmtree(tmp)


STATS_LINE = re.compile(r"^ {24}stddev (\S+)  min (\S+)  median (\S+)  max (\S+)  "
                        r"95% CI (\[(\S+), (\S+)\]|-)(  \((\d+) of (\d+) runs\))?$")


class TextOptions(unittest.TestCase):
    def test_stats(self):
        p = hpstat("--stats", "-r", "3", "-e", "page-faults,task-clock,cycles",
                   prog("touch_pages"), str(PAGES))
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stderr.splitlines()
        after = {}
        for i, line in enumerate(lines[:-1]):
            for name in ("page-faults", "task-clock", "cycles", "seconds time elapsed"):
                if re.search(r"\s%s(\s|$)" % re.escape(name), line):
                    after[name] = lines[i + 1]
        stats = {name: STATS_LINE.match(line) for name, line in after.items()}
        for name in ("page-faults", "task-clock", "seconds time elapsed"):
            self.assertIsNotNone(stats[name], "no stats line after %s:\n%s" % (name, p.stderr))
        low, med, high = (count(stats["page-faults"].group(k)) for k in (2, 3, 4))
        self.assertTrue(FAULTS[0] <= low <= med <= high <= FAULTS[1], p.stderr)
        ci_low, ci_high = (count(stats["page-faults"].group(k)) for k in (6, 7))
        self.assertLessEqual(ci_low, ci_high)
        mean = count(text_rows(p.stderr)["page-faults"])
        self.assertTrue(ci_low - 0.5 <= mean <= ci_high + 0.5, p.stderr)
        self.assertEqual(stats["cycles"] is not None, has_pmu(), p.stderr)

    def test_per_run(self):
        runs = 4
        p = hpstat("--per-run", "--no-big-num", "-r", str(runs), "-e", "page-faults",
                   prog("touch_pages"), str(PAGES))
        self.assertEqual(p.returncode, 0, p.stderr)
        table = p.stderr[p.stderr.index("\n Per-run values:\n"):].splitlines()
        self.assertEqual(table[3].split(), ["run", "page-faults", "elapsed", "(s)", "exit"])
        body = [line.split() for line in table[4:] if line.strip()]
        self.assertEqual([int(r[0]) for r in body], list(range(1, runs + 1)), p.stderr)
        faults = [int(r[1]) for r in body]
        for f in faults:
            self.assertTrue(FAULTS[0] <= f <= FAULTS[1], p.stderr)
        for r in body:
            self.assertGreater(float(r[2]), 0)
            self.assertEqual(r[3], "0")
        # The report's value is the mean of these very runs (shown rounded).
        mean = count(text_rows(p.stderr)["page-faults"])
        self.assertLessEqual(abs(sum(faults) / runs - mean), 0.5, p.stderr)

    def test_per_run_exit_codes(self):
        p = hpstat("--per-run", "-r", "2", "-e", "page-faults", prog("exit_with"), "3")
        self.assertEqual(p.returncode, 3, p.stderr)
        table = p.stderr[p.stderr.index("\n Per-run values:\n"):].splitlines()
        body = [line.split() for line in table[4:] if line.strip()]
        self.assertEqual([(r[0], r[-1]) for r in body], [("1", "3"), ("2", "3")], p.stderr)


class Null(unittest.TestCase):
    """-n/--null: the times and memory of a command, no counter at all."""

    def test_text_and_machine_formats(self):
        proc = hpstat("-n", "-r", "3", prog("exit_with"), "0")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("(3 runs)", proc.stderr)
        self.assertIn("seconds time elapsed", proc.stderr)
        self.assertEqual(text_rows(proc.stderr), {})
        # One blank line between the title and the times, as perf stat -n prints them.
        lines = proc.stderr.splitlines()
        self.assertTrue(lines[1].startswith(" Performance counter stats for"), lines)
        self.assertEqual(lines[2], "")
        self.assertIn("seconds time elapsed", lines[3])
        proc = hpstat("--csv", "-n", prog("exit_with"), "0")
        rows = list(csv.DictReader(io.StringIO(proc.stderr)))
        self.assertEqual([r["event"] for r in rows], ["elapsed", "user", "sys", "max-rss"])
        proc = hpstat("--json", "-n", prog("exit_with"), "3")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn('"events": []', proc.stderr)

    def test_refused_with_events_or_perf_format(self):
        for args, message in ((["-n", "-e", "page-faults"], "'--null' counts no events"),
                              (["-n", "-x,"], "'--null' leaves perf's -x format nothing")):
            proc = hpstat(*args, "true")
            self.assertEqual(proc.returncode, EXIT_HPSTAT_ERROR, proc.stderr)
            self.assertIn(message, proc.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
