"""test_prometheus.py - --prometheus and --openmetrics end to end, their expositions checked by
the formats' own validators: promtool (Debian: prometheus) for the text format, the
OpenMetrics parser of the Prometheus Python client (Debian: python3-prometheus-client) for
OpenMetrics. Both must be installed (.ci/run installs them): a missing one fails the tests
that need it, saying what to install.

Then what the numbers mean (page faults summed over the runs, in the same units as --json),
--label, and the textfile mode: -I with -o FILE replaces FILE whole each interval, which a
reader polling it must never find half written, nor with a counter lower than before."""
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import unittest

from e2e import HPSTAT, STAND_IN_FAMILY, has_pmu, prog, require_environment

EVENTS_DIR = os.environ.get("HPSTAT_EVENTS_DIR")
HANG_S = 120


# A sample line of either format: name, optional labels, value (no timestamps: hpstat
# writes none).
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|'
                    r'\\[\\"n])*",?)*\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def setUpModule():
    require_environment()
    if not EVENTS_DIR:
        raise RuntimeError("HPSTAT_EVENTS_DIR is not set (make check sets it)")


def hpstat(*args, env=None):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=HANG_S,
                          env=env)


def promtool():
    path = shutil.which("promtool")
    if not path:
        raise AssertionError("promtool is not installed: install Prometheus (Debian: "
                             "apt-get install prometheus), which .ci/run does")
    return path


def openmetrics_parser():
    try:
        from prometheus_client.openmetrics import parser
    except ImportError as e:
        raise AssertionError("the Prometheus Python client is not installed: Debian: "
                             "apt-get install python3-prometheus-client, which .ci/run "
                             "does") from e
    return parser


def samples(text):
    """{(name, ((key, value), ...)): value} of every sample line; each line must be one."""
    out = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        assert m, "not a sample line: %r" % line
        labels = tuple(LABEL.findall(m.group(2) or ""))
        key = (m.group(1), labels)
        assert key not in out, "a series twice: %r" % line
        out[key] = float(m.group(3))
    return out


def find(series, name, **labels):
    """The values of the series of a name whose labels include labels."""
    return [v for (n, ls), v in series.items()
            if n == name and all(item in ls for item in labels.items())]


class Validated(unittest.TestCase):
    """Every exposition hpstat writes is one its format's validator accepts whole."""

    def check_text(self, text):
        res = subprocess.run([promtool(), "check", "metrics"], input=text,
                             capture_output=True, text=True, timeout=HANG_S)
        self.assertEqual(res.returncode, 0, "promtool: %s%s\n%s" % (res.stdout, res.stderr,
                                                                     text))
        self.assertTrue(text.endswith("\n"))
        return samples(text)

    def check_openmetrics(self, text):
        families = list(openmetrics_parser().text_string_to_metric_families(text))
        self.assertTrue(text.endswith("# EOF\n"), text[-200:])
        self.assertTrue(families)
        return samples(text[:-len("# EOF\n")])

    def both(self, *args, env=None):
        """The text exposition and the OpenMetrics one of the same options, validated."""
        got = []
        for fmt, check in (("--prometheus", self.check_text),
                           ("--openmetrics", self.check_openmetrics)):
            res = hpstat(fmt, "-o", "-", *args, env=env)
            self.assertEqual(res.returncode, 0, res.stderr)
            got.append(check(res.stdout))
        return got

    def test_runs(self):
        for series in self.both("-r", "3", prog("touch_pages"), "300"):
            self.assertEqual(find(series, "hpstat_runs_total", command="touch_pages"), [3])
            self.assertEqual(len(find(series, "hpstat_run_info", command="touch_pages")), 1)
            faults, = find(series, "hpstat_events_total", event="page-faults")
            self.assertGreaterEqual(faults, 3 * 300)
            clock, = find(series, "hpstat_event_seconds_total", event="task-clock")
            elapsed, = find(series, "hpstat_elapsed_seconds_total")
            # seconds, not the text report's msec: a fraction of the runs' own time
            self.assertGreater(clock, 0)
            self.assertLess(clock, 3 * elapsed * os.cpu_count())
            rss, = find(series, "hpstat_max_rss_bytes")
            self.assertGreater(rss, 300 * 4096)  # bytes: the 300 pages touched are in it

    def test_hardware_events(self):
        """cycles: counted where there is a PMU, else supported 0 with no count series."""
        pmu = has_pmu()
        for series in self.both("-e", "cycles,page-faults", prog("touch_pages"), "100"):
            self.assertEqual(find(series, "hpstat_event_supported", event="cycles"),
                             [1 if pmu else 0])
            self.assertEqual(len(find(series, "hpstat_events_total", event="cycles")),
                             1 if pmu else 0)
            self.assertEqual(find(series, "hpstat_event_supported", event="page-faults"), [1])

    def test_presets(self):
        for preset in sorted(os.listdir(EVENTS_DIR)):
            if not preset.endswith(".preset") or preset.startswith("topdown-"):
                continue
            with self.subTest(preset=preset):
                series = self.both("-e", "@" + preset[:-len(".preset")], prog("touch_pages"),
                                   "50")[0]
                self.assertTrue(find(series, "hpstat_event_supported"))

    def test_per_cpu(self):
        """-a -A: the counts per CPU, labelled by number, and no whole beside them."""
        for series in self.both("-a", "-A", "-e", "page-faults,task-clock", prog("touch_pages"),
                                "200"):
            cpus = {dict(ls)["cpu"] for (n, ls) in series if n == "hpstat_events_total"}
            self.assertGreaterEqual(len(cpus), 1)
            self.assertTrue(all(c.isdigit() for c in cpus), cpus)
            clocks = {dict(ls)["cpu"] for (n, ls) in series
                      if n == "hpstat_event_seconds_total"}
            self.assertEqual(clocks, cpus)
            # split per CPU: no unlabelled whole to double the sum
            self.assertEqual([ls for (n, ls) in series if n == "hpstat_events_total"
                              and "cpu" not in dict(ls)], [])
            self.assertGreaterEqual(sum(find(series, "hpstat_events_total",
                                             event="page-faults")), 200)

    def test_topdown_family(self):
        """A family's shares are ratios with their group; an event the CPU lacks is supported
        0 with no count, and the share it feeds has no series."""
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "fake.preset"), "w") as f:
                f.write(STAND_IN_FAMILY)
            env = dict(os.environ, HPSTAT_EVENTS_DIR=tmp, HPSTAT_FAMILY="fake")
            for series in self.both("--td-level", "2", prog("touch_pages"), "300", env=env):
                self.assertEqual(find(series, "hpstat_event_supported", event="no-such-event"),
                                 [0])
                self.assertEqual(find(series, "hpstat_events_total", event="no-such-event"), [])
                self.assertEqual(find(series, "hpstat_metric_ratio", metric="core bound"), [])
                self.assertEqual(len(find(series, "hpstat_metric_ratio", metric="memory bound",
                                          group="TopdownL2")), 1)
                shares = {dict(ls)["metric"]: v for (n, ls), v in series.items()
                          if n == "hpstat_metric_ratio" and
                          dict(ls).get("group") == "TopdownL1"}
                self.assertEqual(sorted(shares), ["backend bound", "bad speculation",
                                                  "frontend bound", "retiring"])
                # ratios from 0 to 1 that share out the whole, not percentages
                self.assertAlmostEqual(sum(shares.values()), 1.0, places=9)
                counts = {dict(ls)["event"]: v for (n, ls), v in series.items()
                          if n == "hpstat_events_total"}
                total = sum(counts[e] for e in ("page-faults", "context-switches",
                                                "cpu-migrations", "minor-faults"))
                self.assertAlmostEqual(shares["retiring"], counts["page-faults"] / total,
                                       places=9)

    def test_compare(self):
        for series in self.both("--compare", "-r", "2", "-e", "page-faults", "--name", "small",
                                "--name", "big", prog("touch_pages") + " 100",
                                prog("touch_pages") + " 1000"):
            small, = find(series, "hpstat_events_total", command="small")
            big, = find(series, "hpstat_events_total", command="big")
            self.assertGreater(big - small, 2 * 800)
            self.assertEqual(find(series, "hpstat_runs_total", command="big"), [2])

    def test_labels(self):
        for series in self.both("--label", "service=backup", "--label", 'job=nightly "full"',
                                "-e", "page-faults", "true"):
            self.assertTrue(series)
            for (name, ls) in series:
                self.assertIn(("service", "backup"), ls, name)
                self.assertIn(("job", 'nightly \\"full\\"'), ls, name)


class Numbers(unittest.TestCase):
    def test_page_faults_are_the_sum_of_the_runs(self):
        """The counter is the sum over the runs of what --json reports run by run. Without
        address-space randomisation, and after a warmup run, touch_pages takes as many page
        faults in every run; where it did not here, the two invocations may differ by the
        spread --json shows, and no more."""
        argv = ["setarch", "-R", HPSTAT, "-w", "1", "-r", "3", "-e", "page-faults", "-o", "-"]
        res = subprocess.run(argv + ["--json", prog("touch_pages"), "400"],
                             capture_output=True, text=True, timeout=HANG_S)
        self.assertEqual(res.returncode, 0, res.stderr)
        per_run = json.loads(res.stdout)["events"][0]["per_run"]
        res = subprocess.run(argv + ["--prometheus", prog("touch_pages"), "400"],
                             capture_output=True, text=True, timeout=HANG_S)
        self.assertEqual(res.returncode, 0, res.stderr)
        total, = find(samples(res.stdout), "hpstat_events_total", event="page-faults")
        self.assertEqual(total, int(total))
        spread = 3 * (max(per_run) - min(per_run))
        self.assertLessEqual(abs(total - sum(per_run)), spread, (total, per_run))

    def test_bad_labels_refused(self):
        for label, message in (
                ("1st=x", "invalid --label name '1st': a label name is letters, digits and "
                 "'_', not starting with a digit"),
                ("__name__=x", "invalid --label name '__name__': names starting with '__' "
                 "are Prometheus's own"),
                ("command=x", "invalid --label name 'command': hpstat sets that label itself; "
                 "choose another name"),
                ("le=0.5", "invalid --label name 'le': Prometheus keeps it for a "
                 "histogram's buckets; choose another name"),
                ("quantile=0.9", "invalid --label name 'quantile': Prometheus keeps it for a "
                 "summary's quantiles; choose another name"),
                ("novalue", "invalid --label 'novalue': write KEY=VALUE, as in --label "
                 "service=backup")):
            with self.subTest(label=label):
                res = hpstat("--prometheus", "--label", label, "true")
                self.assertEqual(res.returncode, 125)
                self.assertEqual(res.stderr, "hpstat: " + message + "\n")
                self.assertEqual(res.stdout, "")
        res = hpstat("--json", "--label", "a=b", "true")
        self.assertEqual(res.returncode, 125)
        self.assertEqual(res.stderr, "hpstat: '--label' labels the series of --prometheus, "
                         "--openmetrics and --push: add one of them\n")


class EventNames(unittest.TestCase):
    """An exposition tells events apart by name: an event counted twice is given once, two
    different events of one name are refused before anything runs (software events, which
    every kernel has)."""

    def test_different_events_of_one_name_refused(self):
        for fmt in ("--prometheus", "--openmetrics"):
            with self.subTest(fmt=fmt):
                res = hpstat(fmt, "-o", "-", "-e",
                             "software/config=2,name=x/,software/config=3,name=x/", "true")
                self.assertEqual(res.returncode, 125)
                self.assertEqual(res.stderr, "hpstat: events 'page-faults' and "
                                 "'context-switches' are both named 'x', which %s would give "
                                 "one series for both: give them distinct name= values\n"
                                 % fmt)
                self.assertEqual(res.stdout, "")
        # -x and --json have a row each: nothing is lost there.
        res = hpstat("-x", ",", "-o", "-", "-e",
                     "software/config=2,name=x/,software/config=3,name=x/", "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual([line.split(",")[2] for line in res.stdout.splitlines()], ["x", "x"])

    def test_one_event_counted_twice_given_once(self):
        res = hpstat("--prometheus", "-o", "-", "-e",
                     "{software/config=2,name=x/},{software/config=2,name=x/,task-clock},"
                     "page-faults,software/config=2,name=page-faults/", "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        series = samples(res.stdout)
        self.assertEqual(len(find(series, "hpstat_events_total", event="x")), 1)
        self.assertEqual(len(find(series, "hpstat_events_total", event="page-faults")), 1)


class PushRefused(unittest.TestCase):
    """--push's mistakes are refused before anything runs: exit 125, one line, and the
    command never started (it would have made its file)."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.made = os.path.join(self.tmp.name, "ran")

    def tearDown(self):
        self.tmp.cleanup()

    def assert_refused(self, args, message):
        res = hpstat("-q", *args, "touch", self.made)
        self.assertEqual((res.returncode, res.stderr), (125, "hpstat: " + message + "\n"))
        self.assertFalse(os.path.exists(self.made))

    def test_bad_urls(self):
        for url, problem in (
                ("http://127.0.0.1:99999", "has no port from 1 to 65535 after its ':': give "
                 "the gateway's port, as http://HOST:9091"),
                ("http://[::1", "has a '[' without its ']': write an IPv6 address in "
                 "brackets, as http://[::1]:9091"),
                ("http://:9091", "names no host: give the Pushgateway's address, as "
                 "http://HOST:9091")):
            with self.subTest(url=url):
                self.assert_refused(["--push", url, "-e", "task-clock"],
                                    "push gateway '%s' %s" % (url, problem))

    def test_labels_the_gateway_sets(self):
        """The gateway sets job itself, and an instance belongs in the grouping; without
        --push both are labels like any other (test_labels)."""
        for label, message in (
                ("job=nightly", "invalid --label name 'job' with --push: the gateway sets job "
                 "to the push's job; give --push-job nightly instead"),
                ("instance=ci-7", "invalid --label name 'instance' with --push: another "
                 "instance's push to the job would replace its series; give --push-group "
                 "instance=ci-7 instead"),
                ("team=a", "'team' is both a --label and a --push-group: the gateway takes a "
                 "label once; give it as one of them")):
            with self.subTest(label=label):
                self.assert_refused(["--push", "http://127.0.0.1:9091", "--push-group",
                                     "team=b", "--label", label, "-e", "task-clock"], message)

    def test_different_events_of_one_name(self):
        self.assert_refused(["--push", "http://127.0.0.1:9091", "-e",
                             "task-clock/name=clock/,cpu-clock/name=clock/"],
                            "events 'task-clock' and 'cpu-clock' are both named 'clock', which "
                            "--push would give one series for both: give them distinct name= "
                            "values")


class Textfile(unittest.TestCase):
    """-I MSEC with -o FILE: node_exporter's textfile collector may read FILE at any moment."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "hpstat.prom")

    def tearDown(self):
        self.tmp.cleanup()

    def poll(self, fmt, complete):
        """Runs hpstat -a -I 10 on a command of about 1 s, reading FILE over and over until
        hpstat exits: every read must be a complete exposition, every counter no lower than
        in the read before. Returns the reads that differed, and the final file."""
        proc = subprocess.Popen([HPSTAT, "-a", "-I", "10", "-e", "page-faults,task-clock", fmt,
                                 "-o", self.path, "--", prog("sleeper"), "20", "50000"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen, last, counters = [], None, {}
        try:
            while True:
                done = proc.poll() is not None  # read once more after the end
                try:
                    with open(self.path) as f:
                        text = f.read()
                except FileNotFoundError:
                    text = None  # not yet written: the first interval makes it
                if text is not None and text != last:
                    complete(text)
                    for (name, labels), value in samples(text.replace("# EOF\n", "")).items():
                        if name.endswith("_total"):
                            before = counters.get((name, labels), 0)
                            self.assertGreaterEqual(value, before, (name, labels))
                            counters[(name, labels)] = value
                    seen.append(text)
                    last = text
                if done:
                    break
        finally:
            if proc.poll() is None:
                proc.kill()
            _, err = proc.communicate(timeout=HANG_S)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(err, "")
        return seen

    def assert_total_last(self, seen):
        # Several intervals were read, the total last: runs and CPU times come with it only.
        self.assertGreaterEqual(len(seen), 3, seen)
        final = samples(seen[-1].replace("# EOF\n", ""))
        self.assertEqual(find(final, "hpstat_runs_total"), [1])
        self.assertTrue(find(final, "hpstat_user_seconds_total"))
        for text in seen[:-1]:
            self.assertNotIn("hpstat_runs_total", text)
        elapsed, = find(final, "hpstat_elapsed_seconds_total")
        self.assertGreater(elapsed, 0.9)
        # nothing but the file in its directory: no temporary file left behind
        self.assertEqual(os.listdir(self.tmp.name), ["hpstat.prom"])

    def test_text_rewritten_whole(self):
        def complete(text):
            self.assertTrue(text.endswith("\n"), text[-200:])
            series = samples(text)
            self.assertTrue(find(series, "hpstat_events_total", event="page-faults"))
            self.assertTrue(find(series, "hpstat_event_running_ratio", event="task-clock"))
        seen = self.poll("--prometheus", complete)
        self.assert_total_last(seen)
        # promtool on the first, a middle one, and the total
        for text in (seen[0], seen[len(seen) // 2], seen[-1]):
            res = subprocess.run([promtool(), "check", "metrics"], input=text,
                                 capture_output=True, text=True, timeout=HANG_S)
            self.assertEqual(res.returncode, 0, res.stdout + res.stderr)

    def test_openmetrics_rewritten_whole(self):
        parser = openmetrics_parser()

        def complete(text):
            self.assertTrue(text.endswith("# EOF\n"), text[-200:])
            list(parser.text_string_to_metric_families(text))
        self.assert_total_last(self.poll("--openmetrics", complete))

    def test_sigterm_writes_the_total(self):
        """Stopped as systemd stops a service: the total ends the file, exit 143."""
        proc = subprocess.Popen([HPSTAT, "-a", "-I", "10", "-e", "page-faults", "--openmetrics",
                                 "-o", self.path], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + HANG_S
            while not os.path.exists(self.path):  # the first interval's file
                self.assertLess(time.monotonic(), deadline, "no file from hpstat")
                if proc.poll() is not None:
                    self.fail("hpstat ended first: " + proc.communicate()[1])
            proc.terminate()
            _, err = proc.communicate(timeout=HANG_S)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        self.assertEqual(proc.returncode, 128 + signal.SIGTERM, err)
        with open(self.path) as f:
            text = f.read()
        list(openmetrics_parser().text_string_to_metric_families(text))
        self.assertEqual(find(samples(text.replace("# EOF\n", "")), "hpstat_runs_total"), [1])
        self.assertEqual(os.listdir(self.tmp.name), ["hpstat.prom"])

    def test_keeps_mode_and_link(self):
        """FILE keeps its permissions; a symbolic link stays one, its target replaced."""
        target = os.path.join(self.tmp.name, "real.prom")
        with open(target, "w") as f:
            f.write("old\n")
        os.chmod(target, 0o640)
        os.symlink("real.prom", self.path)
        res = hpstat("-a", "-I", "10", "--interval-count", "2", "-e", "page-faults",
                     "--prometheus", "-o", self.path)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertTrue(os.path.islink(self.path))
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o640)
        with open(target) as f:
            self.assertIn("hpstat_events_total{event=\"page-faults\"}", f.read())
        self.assertEqual(sorted(os.listdir(self.tmp.name)), ["hpstat.prom", "real.prom"])

    def test_link_to_a_file_still_to_be_made(self):
        """A link whose target is not there yet: the target is made where the link says,
        relative to the link's directory (not hpstat's), with 0666 less the umask, and the
        link stays one."""
        os.mkdir(os.path.join(self.tmp.name, "links"))
        os.mkdir(os.path.join(self.tmp.name, "data"))
        link = os.path.join(self.tmp.name, "links", "rel.prom")
        os.symlink("../data/target.prom", link)
        os.symlink("links/rel.prom", self.path)  # a chain of two links
        res = subprocess.run([HPSTAT, "--prometheus", "-o", self.path, "-e", "page-faults",
                              "true"], capture_output=True, text=True, timeout=HANG_S,
                             cwd=os.path.join(self.tmp.name, "data"),
                             preexec_fn=lambda: os.umask(0o027))
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertTrue(os.path.islink(self.path))
        self.assertTrue(os.path.islink(link))
        target = os.path.join(self.tmp.name, "data", "target.prom")
        self.assertEqual(stat.S_IMODE(os.lstat(target).st_mode), 0o640)
        with open(target) as f:
            self.assertIn('hpstat_events_total{command="true",event="page-faults"}', f.read())
        self.assertEqual(sorted(os.listdir(self.tmp.name)), ["data", "hpstat.prom", "links"])
        self.assertEqual(os.listdir(os.path.join(self.tmp.name, "data")), ["target.prom"])

    def test_unwritable_directory_fails_first(self):
        path = os.path.join(self.tmp.name, "missing", "hpstat.prom")
        res = hpstat("-a", "-I", "10", "--prometheus", "-o", path, "--", prog("touch_pages"),
                     "10")
        self.assertEqual(res.returncode, 125)
        self.assertEqual(res.stderr, "hpstat: cannot write the report to '%s': cannot make a "
                         "file in its directory: No such file or directory\n" % path)

    def test_not_a_regular_file(self):
        res = hpstat("-a", "-I", "10", "--prometheus", "-o", "/dev/null", "--", "true")
        self.assertEqual(res.returncode, 125)
        self.assertEqual(res.stderr, "hpstat: cannot write the report to '/dev/null': it is "
                         "no regular file, which hpstat replaces whole at each write\n")
        # one exposition, no -I: written to it as to any -o
        res = hpstat("--prometheus", "-o", "/dev/null", "-e", "page-faults", "true")
        self.assertEqual(res.returncode, 0, res.stderr)


class Unit(unittest.TestCase):
    """contrib/hpstat-textfile.service."""

    def setUp(self):
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "contrib",
                           "hpstat-textfile.service")
        with open(src) as f:
            self.unit = f.read()
        exec_start = re.search(r"^ExecStart=(\S+) (.*)$", self.unit.replace("\\\n", " "),
                               re.M)
        self.assertIsNotNone(exec_start)
        self.assertEqual(exec_start.group(1), "/usr/local/bin/hpstat")
        self.args = exec_start.group(2).split()

    def test_command_line_runs(self):
        """Its hpstat command, writing here, for 50 ms: the events resolve, the options go
        together, and the file it leaves is an exposition promtool accepts."""
        args = list(self.args)
        out = args.index("-o") + 1
        self.assertEqual(args[out], "/var/lib/prometheus/node-exporter/hpstat.prom")
        with tempfile.TemporaryDirectory() as tmp:
            args[out] = os.path.join(tmp, "hpstat.prom")
            res = hpstat(*args, "--timeout", "50")
            self.assertEqual(res.returncode, 0, res.stderr)
            with open(args[out]) as f:
                text = f.read()
        check = subprocess.run([promtool(), "check", "metrics"], input=text,
                               capture_output=True, text=True, timeout=HANG_S)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertIn('hpstat_events_total{event="page-faults"}', text)

    def test_systemd_accepts_it(self):
        """As systemd reads it, its ExecStart pointed at this build (verify wants the program
        to exist; the man page is not installed from a build tree). verify exits 0 on a
        line it ignores: its complaints are on standard error."""
        analyze = shutil.which("systemd-analyze")
        if not analyze:
            self.skipTest("systemd-analyze is not installed: the unit is not verified")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "hpstat-textfile.service")
            with open(path, "w") as f:
                f.write(self.unit.replace("/usr/local/bin/hpstat", HPSTAT))
            res = subprocess.run([analyze, "verify", "--man=no", path], capture_output=True,
                                 text=True, timeout=HANG_S)
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertEqual(res.stderr, "")


if __name__ == "__main__":
    unittest.main()
