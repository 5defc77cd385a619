"""test_perf_options.py - perf stat's options that hpstat took over, end to end: --table,
--scale/--no-scale, -q and --no-progress, --log-fd, --pre/--post, -S, --interval-clear,
--summary and --no-csv-summary, and the perf options hpstat refuses by name.

The programs' counts are known (touch_pages N takes N page faults and a few of its own). No
test waits by the clock: intervals end by --interval-count, and the progress line is seen
because each run lasts longer than the second after which it shows.
"""
import json
import os
import pty
import re
import select
import subprocess
import tempfile
import unittest

from e2e import HPSTAT, prog, require_environment

HANG_S = 120
EXIT_ERROR = 125
EXIT_SETUP_FAILED = 123
PAGES = 2000
FAULTS = (PAGES, PAGES + 100)
C_LOCALE = dict(os.environ, LC_ALL="C")


def setUpModule():
    require_environment()


def hpstat(*args, env=C_LOCALE, **kwargs):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=HANG_S,
                          env=env, **kwargs)


def touch(pages=PAGES):
    return [prog("touch_pages"), str(pages)]


def on_terminal(args):
    """Runs hpstat with standard error on a pseudo-terminal; its status and what it wrote."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([HPSTAT, *args], stdout=subprocess.DEVNULL, stderr=slave,
                            env=C_LOCALE)
    os.close(slave)
    seen = b""
    while True:
        if not select.select([master], [], [], HANG_S)[0]:
            proc.kill()
            raise AssertionError("no output for %d s: %r" % (HANG_S, seen))
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with its last writer
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return proc.wait(timeout=HANG_S), seen.decode(errors="replace")


class Errors(unittest.TestCase):
    def assert_refused(self, args, message, status=EXIT_ERROR):
        p = hpstat(*args)
        self.assertEqual(p.returncode, status, p.stderr)
        self.assertEqual(p.stderr, "hpstat: " + message + "\n")
        self.assertEqual(p.stdout, "")


class Table(Errors):
    ROW = re.compile(r"^ +(\d+\.\d+) \(([+-])(\d+\.\d+)\) (#+)$")

    def test_each_run_and_its_difference_from_the_mean(self):
        p = hpstat("--table", "-r", "3", "-e", "page-faults", *touch())
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stderr.splitlines()
        at = lines.index("         # Table of individual measurements:")
        runs = [self.ROW.match(line) for line in lines[at + 1:at + 4]]
        self.assertTrue(all(runs), lines[at:at + 4])
        self.assertEqual(lines[at + 4:at + 6], ["", "         # Final result:"])
        final = re.match(r"^ +(\d+\.\d+) \+- (\d+\.\d+) seconds time elapsed", lines[at + 6])
        self.assertTrue(final, lines[at + 6])
        mean, decimals = float(final.group(1)), len(final.group(1).split(".")[1])
        last_digit = 10.0 ** -decimals
        times = [float(m.group(1)) for m in runs]
        self.assertTrue(all(len(m.group(1).split(".")[1]) == decimals for m in runs), runs)
        self.assertAlmostEqual(sum(times) / 3, mean, delta=2 * last_digit)
        for m, t in zip(runs, times):
            off = float(m.group(3)) * (-1 if m.group(2) == "-" else 1)
            self.assertAlmostEqual(off, t - mean, delta=2 * last_digit)
            # One '#', and one more for each 5% the run is off the mean.
            pct = abs(off) / mean * 100
            self.assertIn(len(m.group(4)), (1 + int((pct - 0.5) / 5), 1 + int((pct + 0.5) / 5)))
        # The events come first, as without --table.
        self.assertLess(lines.index(next(l for l in lines if "page-faults" in l)), at)

    def test_refused_where_it_has_no_place(self):
        self.assert_refused(["--table", "true"],
                            "'--table' shows each run of -r N: add -r 2 or more")
        for fmt, tail in ((["--csv"], "leave out --table"), (["--json"], "leave out --table"),
                          (["-x,"], "perf's formats have no place for it"),
                          (["-j"], "perf's formats have no place for it")):
            with self.subTest(fmt=fmt):
                self.assert_refused(["--table", "-r", "2", *fmt, "true"],
                                    "'--table' is for the text report: --json always holds "
                                    "each run's elapsed time, --csv with --per-run; " + tail)
        self.assert_refused(["--table", "-r", "2", "--compare", "true", "false"],
                            "'--table' is for one command's report: a comparison's --json "
                            "holds every run and every metric of every command")


class Scale(unittest.TestCase):
    """Software counters never take turns, so --no-scale changes no count here: what is
    shown is that the counts stay whole and the running share stays 100% (tests/pmu checks
    multiplexed counts on a PMU; check_report the arithmetic)."""

    def test_no_scale_and_scale(self):
        for flags in (["--no-scale"], ["--scale"], ["--no-scale", "--scale"]):
            with self.subTest(flags=flags):
                p = hpstat(*flags, "--json", "-o", "-", "-r", "2", "-e", "page-faults",
                           *touch())
                self.assertEqual(p.returncode, 0, p.stderr)
                faults = json.loads(p.stdout)["events"][0]
                for count in faults["per_run"]:
                    self.assertEqual(count, int(count))
                    self.assertTrue(FAULTS[0] <= count <= FAULTS[1], count)
                self.assertEqual(faults["per_run_running_pct"], [100, 100])

    def test_null_counts_nothing_to_scale(self):
        p = hpstat("--no-scale", "--null", "true")
        self.assertEqual(p.returncode, EXIT_ERROR)
        self.assertEqual(p.stderr, "hpstat: '--null' counts no events: leave out --no-scale, "
                         "or --null\n")


class PerfCsv(unittest.TestCase):
    def test_mean_keeps_its_decimals(self):
        """perf's -x line holds the mean of the runs: 1, 2 and 2 writes read 1.67 (perf
        itself prints the last run's 2), beside a rate computed from 1.67."""
        if not os.path.isdir("/sys/kernel/tracing/events/syscalls"):
            self.fail("tracefs is not mounted at /sys/kernel/tracing (.ci/run mounts it)")
        with tempfile.TemporaryDirectory() as tmp:
            seen = os.path.join(tmp, "seen")
            res = hpstat("-x,", "-r", "3", "-e", "syscalls:sys_enter_write", "sh", "-c",
                         'if [ -e "$1" ]; then exec "$2" 2; fi; : > "$1"; exec "$2" 1',
                         "sh", seen, prog("writer"))
        self.assertEqual(res.returncode, 0, res.stderr)
        fields = res.stderr.splitlines()[0].split(",")
        self.assertEqual(fields[:3], ["1.67", "", "syscalls:sys_enter_write"], res.stderr)


class Quiet(Errors):
    def test_no_report_and_the_status_tells(self):
        p = hpstat("-q", "-e", "page-faults", prog("exit_with"), "3")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (3, "", ""))
        p = hpstat("--quiet", "--csv", "-e", "page-faults", *touch())
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "", ""))

    def test_errors_still_print(self):
        self.assert_refused(["-q", "-e", "nosuch", "true"],
                            "unknown event 'nosuch': see 'man hpstat' for event names")
        self.assert_refused(["-q", "--pre", "exit 4", "true"],
                            "the --pre command 'exit 4' failed (exit status 4) before run 1 "
                            "of 1", EXIT_SETUP_FAILED)

    def test_a_report_asked_for_with_o_is_written(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "report.csv")
            p = hpstat("-q", "--csv", "-o", path, "-e", "page-faults", *touch())
            self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "", ""))
            with open(path) as f:
                self.assertIn(",page-faults,", f.read())

    def test_no_progress_keeps_the_report(self):
        # Two runs of 1.5 s: the progress line shows once runs have gone on for a second.
        args = ["-r", "2", "-e", "page-faults", prog("waiter"), "1500"]
        code, seen = on_terminal(args)
        self.assertEqual(code, 0, seen)
        self.assertRegex(seen, r"\rhpstat: .*  run [12] of 2")
        code, seen = on_terminal(["--no-progress", *args])
        self.assertEqual(code, 0, seen)
        self.assertNotIn("\rhpstat: ", seen)
        self.assertIn("Performance counter stats for", seen)
        code, seen = on_terminal(["-q", *args])
        self.assertEqual((code, seen), (0, ""))

    def test_refused_where_it_would_hide_what_was_asked(self):
        self.assert_refused(["-q", "--list"],
                            "'--list' prints the listing asked for: leave out -q")
        self.assert_refused(["-q", "--doctor"], "'--doctor' prints its findings: leave out -q")


class LogFd(Errors):
    def run_with_log(self, *args, mode="w"):
        """hpstat --log-fd N ... with N a file; returns the process and what N got."""
        with tempfile.TemporaryFile(mode="w+") as log:
            fd = log.fileno()
            p = hpstat("--log-fd", str(fd), *args, pass_fds=(fd,))
            log.seek(0)
            return p, log.read()

    def test_report_and_messages_go_to_the_descriptor(self):
        p, log = self.run_with_log("-e", "page-faults", *touch())
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        self.assertIn("Performance counter stats for", log)
        p, log = self.run_with_log("-e", "nosuch", "true")
        self.assertEqual((p.returncode, p.stderr), (EXIT_ERROR, ""))
        self.assertEqual(log, "hpstat: unknown event 'nosuch': see 'man hpstat' for event "
                         "names\n")

    def test_o_still_chooses_the_report(self):
        p, log = self.run_with_log("-o", "-", "-x,", "-e", "page-faults", *touch())
        self.assertEqual((p.returncode, p.stderr, log), (0, "", ""))
        self.assertRegex(p.stdout, r"^\d+,,page-faults,")
        p, log = self.run_with_log("-q", "-e", "page-faults", *touch())
        self.assertEqual((p.returncode, p.stderr, log), (0, "", ""))

    def test_the_command_gets_no_descriptor_of_hpstat(self):
        # Only what the shell passed: 0, 1, 2 and N itself, not hpstat's copy of N.
        p, log = self.run_with_log("-o", "/dev/null", "-e", "page-faults", "sh", "-c",
                                   "ls /proc/$$/fd")
        self.assertEqual(p.returncode, 0, log)
        fds = sorted(int(fd) for fd in p.stdout.split())
        self.assertEqual(fds[:3], [0, 1, 2])
        self.assertEqual(len(fds), 4, fds)

    def test_a_descriptor_that_cannot_be_written(self):
        self.assert_refused(["--log-fd", "99", "true"],
                            "--log-fd 99: descriptor 99 is not open (Bad file descriptor); "
                            "open it in the shell, as in 'hpstat --log-fd 3 ... 3>hpstat.log'")
        with open(os.devnull) as readonly:
            fd = readonly.fileno()
            p = hpstat("--log-fd", str(fd), "true", pass_fds=(fd,))
        self.assertEqual(p.returncode, EXIT_ERROR)
        self.assertEqual(p.stderr, "hpstat: --log-fd %d: descriptor %d is open for reading "
                         "only; open it for writing, as in 3>hpstat.log\n" % (fd, fd))
        self.assert_refused(["--log-fd", "x", "true"], "invalid --log-fd descriptor 'x': give "
                            "a whole number from 0 to 2147483647")


class PrePost(Errors):
    def test_around_every_run_warmups_too(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log")
            p = hpstat("-r", "2", "-w", "1", "--pre", "echo pre >> " + log, "--post",
                       "echo post >> " + log, "-e", "page-faults", "sh", "-c",
                       "echo run >> " + log)
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(log) as f:
                self.assertEqual(f.read().split(), ["pre", "run", "post"] * 3)

    def test_post_runs_after_a_failing_command(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log")
            p = hpstat("--post", "echo post >> " + log, "-e", "page-faults",
                       prog("exit_with"), "3")
            self.assertEqual(p.returncode, 3, p.stderr)
            with open(log) as f:
                self.assertEqual(f.read(), "post\n")

    def test_pre_is_prepare(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log")
            p = hpstat("-r", "2", "--prepare", "echo prepare >> " + log, "-e", "page-faults",
                       "true")
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(log) as f:
                self.assertEqual(f.read().split(), ["prepare"] * 2)

    def test_failing_pre_stops_before_the_run(self):
        with tempfile.TemporaryDirectory() as tmp:
            marker = os.path.join(tmp, "ran")
            self.assert_refused(["-r", "2", "--pre", "exit 3", "-e", "page-faults", "sh", "-c",
                                 "touch " + marker],
                                "the --pre command 'exit 3' failed (exit status 3) before "
                                "run 1 of 2", EXIT_SETUP_FAILED)
            self.assertFalse(os.path.exists(marker))

    def test_failing_post_reports_the_runs_done_then_why(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log")
            p = hpstat("-r", "3", "--post", "exit 5", "-e", "page-faults", "sh", "-c",
                       "echo run >> " + log)
            self.assertEqual(p.returncode, EXIT_SETUP_FAILED, p.stderr)
            self.assertIn("Performance counter stats for 'sh -c echo run >> %s' (1 of 3 runs)"
                          % log, p.stderr)
            self.assertTrue(p.stderr.endswith("\nhpstat: the --post command 'exit 5' failed "
                                              "(exit status 5) after run 1 of 3\n"), p.stderr)
            with open(log) as f:
                self.assertEqual(f.read(), "run\n")
            self.assert_refused(["-q", "-r", "3", "--post", "exit 5", "true"],
                                "the --post command 'exit 5' failed (exit status 5) after run "
                                "1 of 3", EXIT_SETUP_FAILED)

    def test_sync_before_every_run(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log")
            env = dict(C_LOCALE, LD_PRELOAD=prog("sync_spy.so"), SYNC_SPY_LOG=log)
            # A sanitizer build wants its runtime first; the spy comes before it here.
            env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") +
                                   ":verify_asan_link_order=0").lstrip(":")
            p = hpstat("-S", "-r", "2", "-w", "1", "--pre", "echo pre >> " + log, "--post",
                       "echo post >> " + log, "-e", "page-faults", "true", env=env)
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(log) as f:
                self.assertEqual(f.read().split(), ["pre", "sync", "post"] * 3)
            os.unlink(log)
            p = hpstat("-r", "2", "-e", "page-faults", "true", env=env)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertFalse(os.path.exists(log), "synced without -S")


class Intervals(Errors):
    # The command outlives both intervals: --interval-count ends it (and that is a success).
    ARGS = ["-I", "100", "--interval-count", "2", "-e", "page-faults", prog("waiter"), "60000"]

    def test_interval_clear(self):
        p = hpstat("--interval-clear", *self.ARGS)
        self.assertEqual(p.returncode, 0, p.stderr)
        blocks = p.stderr.split("\033[H\033[2J")
        self.assertEqual(blocks[0], "")
        self.assertEqual(len(blocks), 3, p.stderr)
        for block in blocks[1:]:
            lines = block.splitlines()
            self.assertEqual(lines[0], "#          time             counts unit events")
            self.assertRegex(lines[1], r"^ +\d+\.\d{9} +\d+      page-faults")
        self.assertIn("Performance counter stats for", blocks[2])

    def test_summary_marks_the_total_of_x(self):
        plain = [line.split(",") for line in hpstat("-x,", *self.ARGS).stderr.splitlines()]
        marked = [line.split(",") for line in
                  hpstat("-x,", "--summary", *self.ARGS).stderr.splitlines()]
        bare = [line.split(",") for line in
                hpstat("-x,", "--no-csv-summary", "--summary", *self.ARGS).stderr.splitlines()]
        for lines in (plain, marked, bare):
            self.assertEqual(len(lines), 3, lines)
            self.assertRegex(lines[0][0], r"^\d+\.\d{9}$")
            self.assertEqual(lines[0][2:4], ["", "page-faults"])
        self.assertEqual(plain[2][0], "")
        self.assertEqual(marked[2][0], "summary")
        self.assertEqual(len(bare[2]), len(bare[0]) - 1)
        self.assertEqual(bare[2][1:3], ["", "page-faults"])

    def test_refused_without_intervals(self):
        self.assert_refused(["--interval-clear", "true"],
                            "'--interval-clear' clears the terminal between intervals: add "
                            "-I MSEC")
        self.assert_refused(["--interval-clear", "-x,", "-I", "100", "true"],
                            "'--interval-clear' is for the text report, not --csv, --json, "
                            "-x or -j")
        self.assert_refused(["--summary", "true"],
                            "'--summary' goes with -I: the total follows the intervals "
                            "(hpstat prints it anyway; -x then marks it 'summary')")
        self.assert_refused(["--no-csv-summary", "-I", "100", "true"],
                            "'--no-csv-summary' shapes perf's -x lines of the total after -I "
                            "intervals: add -x SEP and -I MSEC")


class Refused(Errors):
    """perf stat options hpstat does not have: each refused by name, never as unknown."""
    LONG = ["metric-no-group", "metric-no-merge",
            "transaction", "smi-cost", "iostat", "bpf-counters",
            "bpf-attr-map", "cputype", "hybrid-merge", "no-merge", "per-die", "per-node",
            "percore-show-thread", "group", "filter"]
    SHORT = {"T": "transaction", "g": "group"}

    def test_each_by_name_with_why(self):
        for name in self.LONG:
            for word in ("--" + name, "--%s=x" % name):
                with self.subTest(option=word):
                    p = hpstat(word, "-e", "page-faults", "true")
                    self.assertEqual(p.returncode, EXIT_ERROR, p.stderr)
                    self.assertTrue(p.stderr.startswith("hpstat: perf stat's '--%s' is not in "
                                                        "hpstat: " % name), p.stderr)
                    self.assertEqual(p.stderr.count("\n"), 1, p.stderr)
        for letter, name in self.SHORT.items():
            with self.subTest(option=letter):
                p = hpstat("-" + letter, "x", "true")
                self.assertEqual(p.returncode, EXIT_ERROR, p.stderr)
                self.assertTrue(p.stderr.startswith("hpstat: perf stat's '-%s' (--%s) is not "
                                                    "in hpstat: " % (letter, name)), p.stderr)

    def test_what_to_use_instead(self):
        self.assert_refused(["-g", "true"], "perf stat's '-g' (--group) is not in hpstat: "
                            "hpstat groups events written in braces: -e "
                            "'{cycles,instructions}'")
        self.assert_refused(["--per-die", "true"], "perf stat's '--per-die' is not in hpstat: "
                            "hpstat has rows per CPU, core, socket and thread; use "
                            "--per-socket or --per-core")

    def test_perf_subcommands(self):
        p = hpstat("-e", "page-faults", "record", "-o", "x")
        self.assertEqual(p.returncode, 127)
        self.assertEqual(p.stderr, "hpstat: cannot run 'record': command not found; perf "
                         "stat's 'record' subcommand is not in hpstat: save a result with "
                         "--json -o FILE and compare against it with --baseline FILE\n")


if __name__ == "__main__":
    unittest.main()
