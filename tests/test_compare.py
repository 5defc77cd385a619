"""test_compare.py - the comparison mode end to end: commands whose counts are known compared,
interleaved runs, warmups, --prepare and --cleanup, failures, the --fail-if gate, -L scans,
--shell, names and references, and the machine formats of a comparison."""
import csv
import io
import json
import os
import pty
import select
import subprocess
import tempfile
import unittest

from e2e import HPSTAT, prog, require_environment


def setUpModule():
    require_environment()


def run(args, **kw):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=120, **kw)


def assert_refused(test, args, message):
    """hpstat refuses args before anything runs: exit 125 and this one line."""
    proc = run(args)
    test.assertEqual(proc.returncode, 125, (args, proc.stderr))
    test.assertEqual(proc.stderr, "hpstat: %s\n" % message, args)


def touch(pages):
    return "%s %d" % (prog("touch_pages"), pages)


def comparison(args):
    proc = run(["--json", *args])
    if proc.returncode not in (0, 122):
        raise AssertionError("exit %d: %s" % (proc.returncode, proc.stderr))
    return json.loads(proc.stderr), proc


def entry(doc, key, command):
    for row in doc["comparisons"]:
        if row["key"] == key:
            return row["entries"][command]
    raise AssertionError("no comparison of %r in %s" % (key, [r["key"] for r in doc["comparisons"]]))


class Changes(unittest.TestCase):
    def test_ten_times_the_pages(self):
        """touch_pages N takes about N + 51 page faults (tests/progs): 10,051 against 1,051
        is +856%, far past any noise."""
        doc, _ = comparison(["-r", "5", "-e", "page-faults", "--compare", touch(1000),
                             touch(10000)])
        pf = entry(doc, "page-faults", 1)
        self.assertTrue(850 <= pf["change_pct"] <= 865, pf)
        self.assertTrue(pf["significant"])
        self.assertEqual(pf["verdict"], "worse")
        self.assertLess(pf["change_ci95_low"], pf["change_pct"])
        self.assertGreater(pf["change_ci95_high"], pf["change_pct"])
        self.assertEqual(entry(doc, "page-faults", 0)["verdict"], "reference")
        # The ranking by elapsed time puts the smaller one first.
        self.assertEqual(doc["ranking"]["by"], "elapsed")
        self.assertEqual([r["command"] for r in doc["ranking"]["best_first"]], [0, 1])
        self.assertEqual(doc["ranking"]["best_first"][0]["ratio_to_best"], 1)

    def test_command_against_itself(self):
        doc, _ = comparison(["-r", "5", "-e", "page-faults", "--name", "a", "--name", "b",
                             "--compare", touch(2000), touch(2000)])
        pf = entry(doc, "page-faults", 1)
        self.assertFalse(pf["significant"], pf)
        self.assertEqual(pf["verdict"], "same")
        self.assertLess(abs(pf["change_pct"]), 1.0)
        self.assertEqual([c["name"] for c in doc["commands"]], ["a", "b"])

    def test_text_report(self):
        proc = run(["-r", "3", "-e", "page-faults", "--sort", "page-faults", "--compare",
                    touch(10000), touch(1000)])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Comparison of 2 commands (3 runs each, interleaved)", proc.stderr)
        self.assertIn("Ranking by page-faults, best first:", proc.stderr)
        ranking = proc.stderr.split("Ranking by page-faults, best first:")[1]
        self.assertRegex(ranking, r"1\. \[2\] .*touch_pages 1000")
        self.assertRegex(ranking, r"x the page-faults of \[2\]")
        self.assertIn("better", proc.stderr)


class Order(unittest.TestCase):
    def sequences(self, doc):
        return [[run["sequence"] for run in c["result"]["runs"]] for c in doc["commands"]]

    def test_interleaved(self):
        doc, _ = comparison(["-r", "3", "-e", "page-faults", "--compare", touch(10), touch(20)])
        self.assertEqual(self.sequences(doc), [[0, 2, 4], [1, 3, 5]])
        self.assertEqual(doc["order"], "interleaved")
        self.assertIsNone(doc["seed"])

    def test_random_order_replays_from_its_seed(self):
        args = ["-r", "6", "-e", "page-faults", "--order", "random", "--seed", "7",
                "--compare", touch(10), touch(20), touch(30)]
        first, _ = comparison(args)
        again, _ = comparison(args)
        self.assertEqual(first["seed"], 7)
        self.assertEqual(self.sequences(first), self.sequences(again))
        # Each round still runs every command once: runs k of all commands fill 3k..3k+2.
        for k in range(6):
            self.assertEqual(sorted(s[k] for s in self.sequences(first)),
                             [3 * k, 3 * k + 1, 3 * k + 2])
        self.assertNotEqual(self.sequences(first), [[0, 3, 6, 9, 12, 15],
                                                    [1, 4, 7, 10, 13, 16],
                                                    [2, 5, 8, 11, 14, 17]])

    def test_random_seed_is_printed(self):
        proc = run(["-r", "2", "-e", "page-faults", "--order", "random", "--compare",
                    touch(10), touch(20)])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stderr, r"in random order from seed \d+")

    def test_drawn_seed_survives_a_double(self):
        """jq and JavaScript read JSON numbers as doubles: a drawn seed stays below 2^53,
        so that the seed they read back replays the order. (A 64-bit draw is below 2^53 one
        time in 2048.)"""
        for _ in range(3):
            doc, _ = comparison(["-r", "2", "-e", "page-faults", "--order", "random",
                                 "--compare", "true", "sh -c true"])
            self.assertLess(doc["seed"], 2 ** 53)


class Setup(unittest.TestCase):
    def test_warmups_are_not_counted(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log")
            doc, _ = comparison(["-r", "3", "-w", "2", "-e", "page-faults", "--shell",
                                 "--compare", "echo a >> %s" % log, "echo b >> %s" % log])
            with open(log) as f:
                lines = f.read().split()
        self.assertEqual(lines.count("a"), 5)
        self.assertEqual(lines.count("b"), 5)
        self.assertEqual([c["result"]["runs_done"] for c in doc["commands"]], [3, 3])
        self.assertEqual(doc["warmup"], 2)

    def test_warmups_with_one_command(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log")
            proc = run(["-r", "2", "-w", "3", "-e", "page-faults", "sh", "-c",
                        "echo x >> %s" % log])
            with open(log) as f:
                self.assertEqual(len(f.read().split()), 5)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("(2 runs)", proc.stderr)

    def test_failure_is_undone(self):
        """A run that fails after its --prepare ran (the command is not found, or its exit
        stops the comparison) is still followed by --post and --cleanup, which undo it; a
        failing undo is added to the message."""
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log")
            setup = ["-e", "page-faults", "--prepare", "echo p >> %s" % log, "--post",
                     "echo q >> %s" % log, "--cleanup", "echo c >> %s" % log]
            proc = run([*setup, "no-such-command-here"])
            self.assertEqual(proc.returncode, 127, proc.stderr)
            with open(log) as f:
                self.assertEqual(f.read().split(), ["p", "q", "c"])
            os.unlink(log)
            proc = run(["-r", "2", *setup, "--compare", "true", "false"])
            self.assertEqual(proc.returncode, 124, proc.stderr)
            with open(log) as f:
                self.assertEqual(f.read().split(), ["p", "q", "p", "q", "c"])
        # A failing exit that stops a comparison stays the message and the status, a
        # failing --post after it added.
        proc = run(["-e", "page-faults", "--post", "false", "--shell", "--compare", "exit 3",
                    "true"])
        self.assertEqual(proc.returncode, 124, proc.stderr)
        self.assertEqual(proc.stderr, "hpstat: 'exit 3' exited with status 3 in counted run 1 "
                         "of 1; fix it, or measure it anyway with --ignore-failure; then the "
                         "--post command 'false' failed (exit status 1)\n")
        proc = run(["-e", "page-faults", "--post", "exit 4", "no-such-command-here"])
        self.assertEqual(proc.returncode, 127, proc.stderr)
        self.assertEqual(proc.stderr, "hpstat: cannot run 'no-such-command-here': command not "
                         "found; then the --post command 'exit 4' failed (exit status 4)\n")

    def test_prepare_and_cleanup(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log")
            proc = run(["-r", "2", "-e", "page-faults", "--prepare", "echo p >> %s" % log,
                        "--cleanup", "echo c >> %s" % log, "--shell", "--compare",
                        "echo A >> %s" % log, "echo B >> %s" % log])
            with open(log) as f:
                lines = f.read().split()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        # prepare before every run; each command's cleanup right after its last run.
        self.assertEqual(lines, ["p", "A", "p", "B", "p", "A", "c", "p", "B", "c"])

    def test_failing_prepare(self):
        proc = run(["-r", "2", "-e", "page-faults", "--prepare", "exit 3", "--compare",
                    "true", "false"])
        self.assertEqual(proc.returncode, 123, proc.stderr)
        self.assertEqual(proc.stderr, "hpstat: the --prepare command 'exit 3' failed "
                         "(exit status 3) before run 1 of 2 of 'true'\n")

    def test_failing_cleanup_in_single_mode(self):
        proc = run(["-e", "page-faults", "--cleanup", "false", "true"])
        self.assertEqual(proc.returncode, 123, proc.stderr)
        self.assertIn("the --cleanup command 'false' failed", proc.stderr)


class Failures(unittest.TestCase):
    def test_failing_command_stops_the_comparison(self):
        proc = run(["-r", "3", "-e", "page-faults", "--compare", "true", "false"])
        self.assertEqual(proc.returncode, 124, proc.stderr)
        self.assertEqual(proc.stderr, "hpstat: 'false' exited with status 1 in counted run 1 "
                         "of 3; fix it, or measure it anyway with --ignore-failure\n")

    def test_failure_names_the_command_and_the_signal(self):
        """With --shell every command is /bin/sh: the message names the command line (or its
        --name), and a command killed by a signal is said to be, not to exit 128 + N."""
        proc = run(["-r", "2", "-e", "page-faults", "--shell", "--compare", "true",
                    "exit 3"])
        self.assertEqual(proc.returncode, 124, proc.stderr)
        self.assertEqual(proc.stderr, "hpstat: 'exit 3' exited with status 3 in counted run 1 "
                         "of 2; fix it, or measure it anyway with --ignore-failure\n")
        proc = run(["-e", "page-faults", "--name", "ok", "--name", "killed", "--shell",
                    "--compare", "true", "kill -KILL $$"])
        self.assertEqual(proc.returncode, 124, proc.stderr)
        self.assertEqual(proc.stderr, "hpstat: 'killed' was killed by signal 9 (Killed) in "
                         "counted run 1 of 1; fix it, or measure it anyway with "
                         "--ignore-failure\n")
        proc = run(["-e", "page-faults", "--cleanup", "false", "--compare", "true",
                    "sh -c true"])
        self.assertEqual(proc.returncode, 123, proc.stderr)
        self.assertEqual(proc.stderr.splitlines()[-1], "hpstat: the --cleanup command 'false' "
                         "failed (exit status 1) after the last run of 'true'")

    def test_ignore_failure(self):
        proc = run(["-r", "2", "-e", "page-faults", "--ignore-failure", "--compare", "true",
                    "false"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Comparison of 2 commands", proc.stderr)


class Gate(unittest.TestCase):
    def test_regression_past_the_limit(self):
        proc = run(["-r", "3", "-e", "page-faults", "--fail-if", "page-faults:+5", "--compare",
                    touch(1000), touch(2000)])
        self.assertEqual(proc.returncode, 122, proc.stderr)
        last = proc.stderr.strip().splitlines()[-1]
        self.assertTrue(last.startswith("hpstat: 'page-faults' got worse by +"), last)
        self.assertIn("past the --fail-if limit of 5%", last)

    def test_no_regression(self):
        # Fewer pages: better, so no limit is passed however small.
        proc = run(["-r", "3", "-e", "page-faults", "--fail-if", "page-faults:+0",
                    "--compare", touch(2000), touch(1000)])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        # Worse, but within the limit.
        proc = run(["-r", "3", "-e", "page-faults", "--fail-if", "page-faults:+200",
                    "--compare", touch(1000), touch(2000)])
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_gate_on_nothing_measured(self):
        proc = run(["-r", "2", "-e", "page-faults", "--fail-if", "cyclez:+5", "--name", "a",
                    "--name", "b", "--compare", "true", "true"])
        self.assertEqual(proc.returncode, 125, proc.stderr)
        self.assertIn("--fail-if names 'cyclez', which was not measured", proc.stderr)


    def test_gate_that_cannot_judge_fails(self):
        """A limit on a quantity with no better or worse, or one side lacks, is an error, never
        a silent pass."""
        proc = run(["-r", "2", "-e", "task-clock", "--fail-if", "CPUs utilized:+5",
                    "--compare", "true", "sh -c true"])
        self.assertEqual(proc.returncode, 125, proc.stderr)
        self.assertIn("which is neither better nor worse", proc.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            base = os.path.join(tmp, "base.json")
            proc = run(["--json", "-o", base, "-r", "2", "-e", "task-clock", "true"])
            self.assertEqual(proc.returncode, 0, proc.stderr)
            proc = run(["-r", "2", "-e", "page-faults", "--fail-if", "page-faults:+1",
                        "--baseline", base, "true"])
        self.assertEqual(proc.returncode, 125, proc.stderr)
        self.assertIn("--fail-if cannot judge 'page-faults' for [2] true: [1] baseline has no "
                      "'page-faults'", proc.stderr)


class Baseline(unittest.TestCase):
    """The check a CI job runs on every commit: this build against a saved result."""

    def save(self, tmp, measured):
        """Saves the --json result of measuring `measured` (hpstat's arguments after -e)."""
        path = os.path.join(tmp, "base.json")
        proc = run(["--json", "-o", path, "-r", "3", "-e", "page-faults", *measured])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return path

    def test_regression_against_the_baseline(self):
        with tempfile.TemporaryDirectory() as tmp:
            base = self.save(tmp, [prog("touch_pages"), "1000"])
            args = ["-r", "3", "-e", "page-faults", "--baseline", base, "--fail-if",
                    "page-faults:+5"]
            proc = run([*args, prog("touch_pages"), "2000"])
            self.assertEqual(proc.returncode, 122, proc.stderr)
            self.assertIn("against [1] baseline, past the --fail-if limit of 5%", proc.stderr)
            proc = run([*args, prog("touch_pages"), "1000"])
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("The reference is the saved result in", proc.stderr)

    def test_baseline_from_a_comparison(self):
        with tempfile.TemporaryDirectory() as tmp:
            base = self.save(tmp, ["--reference", "big", "--name", "small", "--name", "big",
                                   "--compare", touch(1000), touch(3000)])
            doc, _ = comparison(["-r", "3", "-e", "page-faults", "--baseline", base,
                                 prog("touch_pages"), "3000"])
        self.assertEqual(doc["commands"][0]["command"], touch(3000))
        self.assertIsNone(doc["commands"][0]["result"])
        self.assertEqual(entry(doc, "page-faults", 1)["verdict"], "same")

    def test_small_means_keep_their_decimals(self):
        """A saved mean of 10, 11 and 11 faults reads 10.67, as in a report of one command,
        not 11 beside a change computed from 10.67."""
        with tempfile.TemporaryDirectory() as tmp:
            base = self.save(tmp, ["true"])
            with open(base) as f:
                doc = json.load(f)
            doc["events"][0]["per_run"] = [10, 11, 11]
            with open(base, "w") as f:
                json.dump(doc, f)
            proc = run(["-r", "2", "-e", "page-faults", "--baseline", base, "true"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        faults = proc.stderr.split(" page-faults\n")[1].splitlines()[0].split()
        self.assertEqual(faults[:2], ["[1]", "10.67"], proc.stderr)
        # Its 3 saved runs are not the 2 of "2 runs each".
        self.assertIn("[1] baseline: true  (the reference, saved: 3 runs)", proc.stderr)

    def test_small_metrics_keep_their_digits(self):
        """Sleeping commands use a CPU a few thousandths of the time: three significant
        digits as in a report of one command, never 0.00 against 0.00 beside a
        significant +100%."""
        proc = run(["-r", "2", "-e", "task-clock", "--compare", "sleep 0.2", "sleep 0.1"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stderr.split(" CPUs utilized (task-clock)\n")[1].splitlines()[:2]
        for line in lines:
            value = line.split()[1]
            self.assertNotEqual(float(value), 0.0, proc.stderr)
            # 3 significant digits: 0.00512, 0.0123
            self.assertRegex(value, r"^0\.0*[1-9][0-9]{2}$", proc.stderr)

    def test_bad_baselines(self):
        with tempfile.TemporaryDirectory() as tmp:
            junk = os.path.join(tmp, "junk")
            with open(junk, "w") as f:
                f.write("not json\n")
            for path, message in ((os.path.join(tmp, "none.json"),
                                   "cannot open the baseline"),
                                  (junk, "cannot read the baseline '%s': invalid JSON at "
                                   "line 1, column 2" % junk)):
                proc = run(["-e", "page-faults", "--baseline", path, "true"])
                self.assertEqual(proc.returncode, 125, proc.stderr)
                self.assertIn(message, proc.stderr)
                self.assertEqual(proc.stderr.count("\n"), 1, proc.stderr)


class Commands(unittest.TestCase):
    def test_names_cannot_drive_the_terminal(self):
        """Names and command lines reach the text report escaped, as in error messages: an
        escape sequence in a label shows as text instead of recolouring the report."""
        proc = run(["-e", "page-faults", "--name", "\x1b[31mred", "--name", "b", "--compare",
                    "true", "sh -c true"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn("\x1b", proc.stderr)
        self.assertIn("[1] \\x1b[31mred: true", proc.stderr)
        proc = run(["-e", "page-faults", "sh", "-c", "true", "\x1b]0;title\x07"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("stats for 'sh -c true \\x1b]0;title\\x07'", proc.stderr)

    def test_parameter_scan(self):
        doc, _ = comparison(["-r", "2", "-e", "page-faults", "-L", "N", "1000,4000",
                             "--compare", prog("touch_pages") + " {N}"])
        self.assertEqual([c["command"] for c in doc["commands"]],
                         [touch(1000), touch(4000)])
        pf = entry(doc, "page-faults", 1)
        self.assertGreater(pf["change_pct"], 200)

    def test_parameter_scan_implies_compare(self):
        proc = run(["-r", "1", "-e", "page-faults", "-L", "N", "10,20",
                    prog("touch_pages") + " {N}"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Comparison of 2 commands", proc.stderr)

    def test_parameter_product(self):
        """Several -L run every combination, the first -L slowest; a line without any
        parameter runs once."""
        doc, _ = comparison(["-r", "1", "-e", "page-faults", "-L", "N", "1,2", "-L", "M",
                             "a,b", "--name", "n={N} m={M}", "true {N}{M}", "true x"])
        self.assertEqual([c["command"] for c in doc["commands"]],
                         ["true 1a", "true 1b", "true 2a", "true 2b", "true x"])
        self.assertEqual([c["name"] for c in doc["commands"]],
                         ["n=1 m=a", "n=1 m=b", "n=2 m=a", "n=2 m=b", "true x"])

    def test_parameter_refused(self):
        for args, message in (
                (["-L", "N", "1,2", "-L", "N", "3", "true {N}"],
                 "'-L N' is given twice: give each parameter one -L with all its values, as "
                 "in -L N 1,2,3"),
                (["-L", "N", "1,2", "echo {M}"],
                 "command line 'echo {M}' does not use -L's {N}: write {N} where its values "
                 "go"),
                (["-L", "N", "1,2", "-L", "M", "a", "echo {N}", "echo x"],
                 "no command line uses -L's {M}: write {M} where its values go"),
                (["-L", "N", "1,2", "--name", "fast", "echo {N}"],
                 "--name 'fast' leaves out {N}, which its command line 'echo {N}' varies: "
                 "put {N} in the label to tell its commands apart")):
            assert_refused(self, ["-q", *args], message)

    def test_option_among_lines(self):
        """With --compare, options end at the first command line: one among the lines would
        be run as a command called --name."""
        assert_refused(self, ["--compare", "--name", "a", "true", "--name", "b", "true 1"],
                       "option '--name' is among the command lines: give every option "
                       "before the first command line")

    def test_empty_name(self):
        assert_refused(self, ["--name", "", "--compare", "true", "false"],
                       "empty --name: give a label, or leave out --name to name the command "
                       "by its line")

    def test_shell_needed(self):
        proc = run(["-e", "page-faults", "--compare", "true | true", "true"])
        self.assertEqual(proc.returncode, 125)
        self.assertIn("uses the shell's '|': add --shell", proc.stderr)
        proc = run(["-e", "page-faults", "--shell", "--compare", "true | true", "true"])
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_shell_needed_inside_double_quotes(self):
        """sh expands $ and ` inside "...": run literally they would be wrong, so refused."""
        line = 'echo "$(id -u)" "`id -u`" "${HOME}"'
        proc = run(["-q", "--compare", line, "true"])
        self.assertEqual(proc.returncode, 125, proc.stderr)
        self.assertEqual(proc.stderr, "hpstat: command line '%s' uses the shell's '$' inside "
                         "double quotes: add --shell to run it through /bin/sh, or "
                         "single-quote it\n" % line)
        proc = run(["-q", "--compare", 'echo "`id -u`"', "true"])
        self.assertEqual(proc.returncode, 125, proc.stderr)
        self.assertIn("uses the shell's '`' inside double quotes: add --shell", proc.stderr)
        # Single quotes and backslashes keep the characters themselves, as in sh.
        proc = run(["-q", "--compare", "true '$(x)' \\$HOME \"\\`y\\`\"", "true"])
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_reference_by_name(self):
        doc, _ = comparison(["-r", "2", "-e", "page-faults", "--name", "small", "--name",
                             "big", "--reference", "big", "--compare", touch(1000),
                             touch(4000)])
        self.assertEqual(doc["reference"], 1)
        self.assertEqual(entry(doc, "page-faults", 0)["verdict"], "better")

    def test_refused(self):
        for args, message in (
                (["-x,", "--compare", "true", "false"], "perf's -x format has no place"),
                (["--sort", "cycles", "true"], "'--sort' is for comparing commands"),
                (["--fail-if", "cycles:+5", "true"], "'--fail-if' needs something to compare"),
                (["--fail-if", "cycles", "--compare", "true"], "invalid --fail-if 'cycles'"),
                (["--order", "sideways", "--compare", "true"], "invalid --order 'sideways'"),
                (["--seed", "3", "--compare", "true"], "'--seed' chooses a random order"),
                (["--sort", "nothing", "-e", "page-faults", "--compare", "true"],
                 "nothing named 'nothing' to sort by"),
                (["--per-run", "--compare", "true"], "'--per-run' with a comparison"),
                (["--stats", "--compare", "true"], "'--stats' is for one command's report"),
                (["--threshold", "5", "true"], "'--threshold' is for comparing commands"),
                (["--order", "random", "true"], "'--order random' is for comparing commands"),
                (["--ignore-failure", "true"], "'--ignore-failure' is for comparing commands"),
                (["--fail-if", "page-faults:+5", "--compare", "true", "true"],
                 "'--fail-if' needs -r 2 or more")):
            proc = run(args)
            self.assertEqual(proc.returncode, 125, (args, proc.stderr))
            self.assertIn(message, proc.stderr, args)
            self.assertEqual(proc.stderr.count("\n"), 1, proc.stderr)


class Warnings(unittest.TestCase):
    def test_slow_first_run(self):
        """The first run sleeps a second, the others none: a hundredfold gap no load on
        the machine closes, so the warning must come, in text and in JSON."""
        with tempfile.TemporaryDirectory() as tmp:
            first = os.path.join(tmp, "first")
            script = 'if [ -e "$1" ]; then exit 0; fi; touch "$1"; sleep 1'
            proc = run(["-r", "6", "-e", "page-faults", "sh", "-c", script, "sh", first])
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("warning: first run", proc.stderr)
            self.assertIn("try --warmup 1", proc.stderr)
            os.unlink(first)
            proc = run(["--json", "-r", "6", "-e", "page-faults", "sh", "-c", script, "sh",
                        first])
            warnings = json.loads(proc.stderr)["warnings"]
            self.assertTrue(any("try --warmup 1" in w for w in warnings), warnings)


def on_terminal(args, env=None):
    """Runs hpstat with standard error on a pseudo-terminal; returns its exit status and all
    it wrote there."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([HPSTAT, *args], stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            proc.kill()
            raise AssertionError("no output for 120 s: " + seen.decode(errors="replace"))
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the last writer
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return proc.wait(timeout=120), seen.decode(errors="replace")


class Display(unittest.TestCase):
    # Two runs of 1.5 s: the line shows once runs have gone on for 1 s, so it must appear
    # during the second run, however loaded the machine.
    # Named, so that a long build path cut to the terminal's width still shows them.
    ARGS = ["-r", "2", "-e", "page-faults", "--name", "slow", "--name", "quick", "--compare",
            prog("waiter") + " 1500", prog("waiter") + " 10"]

    def test_progress_on_a_terminal(self):
        code, seen = on_terminal(self.ARGS)
        self.assertEqual(code, 0, seen)
        self.assertRegex(seen, r"\rhpstat: \[[12]/2\] (slow|quick)  run [12] of 2")
        # Erased before the report: the report starts on a clean line.
        self.assertIn("\r\033[K\n Comparison of 2 commands", seen.replace("\r\n", "\n"))

    def test_progress_over_many_short_runs(self):
        """40 runs of 50 ms, each shorter than the line's 200 ms redraw: together at least
        2 s, so the line must show (the redraw's clock runs across runs)."""
        code, seen = on_terminal(["-r", "40", "-e", "page-faults", prog("waiter"), "50"])
        self.assertEqual(code, 0, seen)
        # The command's path may be cut to the terminal's width (a long build directory).
        self.assertRegex(seen, r"\rhpstat: \S+  run \d+ of 40")

    def test_quiet_and_pipes_show_none(self):
        code, seen = on_terminal(["--quiet", *self.ARGS])
        self.assertEqual(code, 0, seen)
        self.assertNotIn("hpstat: [", seen)
        proc = run(self.ARGS)
        self.assertNotIn("hpstat: [", proc.stderr)
        self.assertNotIn("\r", proc.stderr)

    def test_colour(self):
        args = ["-r", "2", "-e", "page-faults", "--compare", touch(1000), touch(4000)]
        proc = run(["--color", "always", *args])
        self.assertIn("\033[31mworse\033[0m", proc.stderr)
        proc = run(["--color", "never", *args])
        self.assertNotIn("\033[", proc.stderr)
        proc = run(args)  # a pipe is no terminal
        self.assertNotIn("\033[", proc.stderr)
        code, seen = on_terminal(args)
        self.assertIn("\033[31mworse", seen)
        code, seen = on_terminal(args, env=dict(os.environ, NO_COLOR="1"))
        self.assertNotIn("\033[3", seen)


class MachineFormats(unittest.TestCase):
    def test_csv(self):
        proc = run(["--csv", "-r", "2", "-e", "page-faults", "--compare", touch(1000),
                    touch(4000)])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        rows = list(csv.DictReader(io.StringIO(proc.stderr)))
        pf = [r for r in rows if r["quantity"] == "page-faults"]
        self.assertEqual([r["command"] for r in pf], ["1", "2"])
        self.assertEqual(pf[1]["verdict"], "worse")
        self.assertEqual(pf[1]["significant"], "true")
        self.assertGreater(float(pf[1]["change_pct"]), 250)
        elapsed = [r for r in rows if r["quantity"] == "elapsed"]
        self.assertEqual(sorted(r["rank"] for r in elapsed), ["1", "2"])

    def test_json_commands_hold_their_results(self):
        doc, _ = comparison(["-r", "2", "-e", "page-faults", "--compare", touch(1000),
                             touch(4000)])
        self.assertEqual(doc["kind"], "comparison")
        for c in doc["commands"]:
            self.assertEqual(c["result"]["runs_done"], 2)
            events = {e["name"]: e for e in c["result"]["events"]}
            self.assertIn("page-faults", events)
            self.assertEqual(len(events["page-faults"]["per_run"]), 2)


if __name__ == "__main__":
    unittest.main()
