"""test_launcher.py - how hpstat starts each command: from the launcher, a small copy of
hpstat made as it starts, so that the command's peak memory is its own; the launcher stays out
of the command's sight and dies with hpstat.

The reference for peak memory is GNU time (/usr/bin/time -f %M), which reads it from wait4 as
hpstat does. A process's peak resident set moves from run to run by itself (where the loader
puts the libraries decides how many pages the kernel maps around each fault), so medians are
compared. No test waits by the clock: commands report on a pipe (start_ready) or by exiting.
"""
import json
import os
import select
import statistics
import subprocess
import tempfile
import unittest

from e2e import HPSTAT, prog, require_environment, start_ready

HANG_S = 60  # what counts as a hang
TIME = "/usr/bin/time"
MIB = 1024  # KiB


def setUpModule():
    require_environment()
    if not os.access(TIME, os.X_OK):
        raise AssertionError("%s is this test's reference for peak memory and must be "
                             "installed (Debian: apt-get install time)" % TIME)


def sanitizer_build():
    """Whether hpstat carries a sanitizer's runtime, whose shadow memory every copy of hpstat
    holds, the launcher included."""
    with open(HPSTAT, "rb") as f:
        return b"__asan_init" in f.read()


def time_peaks(argv, n):
    """GNU time's peak resident set of argv, in KiB, over n runs."""
    peaks = []
    for _ in range(n):
        res = subprocess.run([TIME, "-f", "%M", *argv], capture_output=True, text=True,
                             timeout=HANG_S)
        assert res.returncode == 0, res.stderr
        peaks.append(int(res.stderr.split()[-1]))
    return peaks


def hpstat_peaks(runs, argv):
    """Each run's max_rss_kib from hpstat -r runs --json."""
    res = subprocess.run([HPSTAT, "-r", str(runs), "--json", "-e", "task-clock", *argv],
                         capture_output=True, text=True, timeout=HANG_S)
    assert res.returncode == 0, res.stderr
    return [r["max_rss_kib"] for r in json.loads(res.stderr)["runs"]]


class PeakMemory(unittest.TestCase):
    def assert_within(self, got, want, share, what):
        self.assertLessEqual(abs(got - want), share * want,
                             "%s: hpstat %s KiB, reference %s KiB (more than %d%% apart)" %
                             (what, got, want, round(share * 100)))

    def test_true_as_time_reports_it(self):
        if sanitizer_build():
            self.skipTest("a sanitizer build copies its shadow memory into the launcher; "
                          "the plain build of the same sources checks this")
        reference = statistics.median(time_peaks(["/bin/true"], 21))
        singles = [hpstat_peaks(1, ["/bin/true"])[0] for _ in range(21)]
        self.assert_within(statistics.median(singles), reference, 0.10, "/bin/true, -r 1")
        hundred = hpstat_peaks(100, ["/bin/true"])
        self.assert_within(statistics.median(hundred), reference, 0.10, "/bin/true, -r 100")
        # Before the launcher it was hpstat's own size, about 2.4 MiB, whatever the command.
        self.assertLess(max(singles + hundred), 2 * MIB, (singles, hundred))

    def test_100_mib_toucher(self):
        """Each run's peak is that run's process alone: -r 5 as -r 1. (-r 100 is tested on
        /bin/true above, where hpstat's own size would show; here it would take half a
        minute of page faults for nothing more.)"""
        pages = 100 * MIB * 1024 // os.sysconf("SC_PAGE_SIZE")
        toucher = [prog("touch_pages"), str(pages)]
        for runs in (1, 5):
            peaks = hpstat_peaks(runs, toucher)
            self.assertEqual(len(peaks), runs)
            for peak in peaks:
                self.assert_within(peak, 100 * MIB, 0.02, "100 MiB toucher, -r %d" % runs)


class Lifetime(unittest.TestCase):
    # A shell line that names hpstat's children called hpstat: the launcher, from a command
    # (hpstat is the command's parent).
    LAUNCHER = ('for p in $(cat /proc/$PPID/task/*/children); do '
                '[ "$(cat /proc/$p/comm)" = hpstat ] && echo "$p"; done')

    def test_command_is_hpstats_child(self):
        """The command's parent is hpstat, as before the launcher, in every run: a program
        that looks at its parent finds the tool that measures it."""
        proc = subprocess.Popen([HPSTAT, "-o", "/dev/null", "-r", "2", "sh", "-c",
                                 'echo "$PPID"'], stdout=subprocess.PIPE, text=True)
        out, _ = proc.communicate(timeout=HANG_S)
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(out.split(), [str(proc.pid)] * 2)

    def test_command_gets_hpstats_cpus(self):
        """The command runs on the CPUs hpstat was given, in every run, whatever they are
        (the launcher's process must not pass on anything of its own)."""
        show = ["sh", "-c", "grep Cpus_allowed_list /proc/self/status"]
        cpus = sorted(os.sched_getaffinity(0))
        masks = [cpus, cpus[-1:]] if len(cpus) > 1 else [cpus]
        for mask in masks:
            outside = subprocess.run(show, capture_output=True, text=True, timeout=HANG_S,
                                     preexec_fn=lambda: os.sched_setaffinity(0, mask))
            res = subprocess.run([HPSTAT, "-o", "/dev/null", "-r", "3", *show],
                                 capture_output=True, text=True, timeout=HANG_S,
                                 preexec_fn=lambda: os.sched_setaffinity(0, mask))
            self.assertEqual(res.returncode, 0, res.stderr)
            self.assertEqual(res.stdout, outside.stdout * 3, mask)

    def test_launcher_dies_with_hpstat(self):
        """hpstat killed (no chance to clean up): its launcher goes too."""
        with tempfile.TemporaryDirectory() as tmp:
            named = os.path.join(tmp, "launcher")
            proc = start_ready([HPSTAT, "-o", "/dev/null", "sh", "-c",
                                self.LAUNCHER + ' > "$1"; echo ready >&$HP_READY_FD; '
                                'exec sleep 600', "sh", named], hang_s=HANG_S)
            with open(named) as f:
                launchers = [int(word) for word in f.read().split()]
        self.assertEqual(len(launchers), 1, launchers)
        pid_fd = os.pidfd_open(launchers[0])
        try:
            proc.kill()
            proc.wait(timeout=HANG_S)
            ready, _, _ = select.select([pid_fd], [], [], HANG_S)
            self.assertTrue(ready, "the launcher outlived hpstat by %d s" % HANG_S)
        finally:
            os.close(pid_fd)

    # Run as a subreaper: a process of hpstat's that outlived hpstat would be adopted by it,
    # running or a zombie, where a parent that reaps only its own children (a container's
    # first process) would keep it for good.
    REAPER = (
        "import ctypes, os, subprocess, sys\n"
        "if ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0):\n"  # PR_SET_CHILD_SUBREAPER
        "    sys.exit('prctl(PR_SET_CHILD_SUBREAPER) failed')\n"
        "res = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,\n"
        "                     stderr=subprocess.PIPE, text=True)\n"
        "if res.returncode:\n"
        "    sys.exit(res.stderr)\n"
        "try:\n"
        "    print('left', os.waitpid(-1, os.WNOHANG))\n"
        "except ChildProcessError:\n"
        "    print('none')\n")

    def test_no_process_left(self):
        """hpstat reaps its launcher before it exits: nothing of it is left to its parent,
        after one run, several, a comparison, or counting a process (the launcher unused)."""
        sleeper = subprocess.Popen(["sleep", "600"])
        try:
            for args in (["-e", "task-clock", "true"], ["-r", "3", "true"],
                         ["-r", "2", "--compare", "true", "sh -c true"],
                         ["-p", str(sleeper.pid), "--timeout", "1"]):
                res = subprocess.run(["python3", "-c", self.REAPER, HPSTAT, *args],
                                     capture_output=True, text=True, timeout=HANG_S)
                self.assertEqual(res.returncode, 0, res.stderr)
                self.assertEqual(res.stdout, "none\n", args)
        finally:
            sleeper.kill()
            sleeper.wait()

    def test_stopped_launcher_does_not_hold_hpstat(self):
        """A launcher stopped from outside (kill -STOP) cannot end by itself: hpstat kills it
        after a while instead of waiting for good, and reaps it."""
        stop = self.LAUNCHER.replace('echo "$p"', 'kill -STOP "$p"')
        res = subprocess.run(["python3", "-c", self.REAPER, HPSTAT, "-o", "/dev/null",
                              "-e", "task-clock", "sh", "-c", stop + "; true"],
                             capture_output=True, text=True, timeout=HANG_S)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(res.stdout, "none\n")

    def test_stop_signal_while_launcher_stopped(self):
        """Run 1 stops the launcher (kill -STOP), so hpstat waits for it to make run 2: a
        SIGTERM sent after run 1 has ended still ends hpstat, with 143, and nothing of it is
        left (the launcher killed and reaped)."""
        with tempfile.TemporaryDirectory() as tmp:
            named, go = os.path.join(tmp, "command"), os.path.join(tmp, "go")
            os.mkfifo(go)
            stop = self.LAUNCHER.replace('echo "$p"', 'kill -STOP "$p"')
            # Run 1 names itself and waits for the go; a run 2 would fail the test.
            proc = start_ready(["python3", "-c", self.REAPER_SIGNALLED, HPSTAT, "-r", "3",
                                "-e", "task-clock", "sh", "-c",
                                '[ -e "$1" ] && exit 1; ' + stop + '; echo $$ > "$1"; '
                                'echo ready >&$HP_READY_FD; read x < "$2"', "sh", named, go],
                               hang_s=HANG_S, stdout=subprocess.PIPE, text=True)
            try:
                with open(named) as f:
                    command = os.pidfd_open(int(f.read()))
                with open(go, "w") as f:
                    f.write("go\n")
                ready, _, _ = select.select([command], [], [], HANG_S)
                os.close(command)
                self.assertTrue(ready, "run 1 did not end")
                proc.terminate()  # the reaper sends it on to hpstat
                out, _ = proc.communicate(timeout=HANG_S)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        lines = out.splitlines()
        self.assertEqual(lines[0], "status 143", out)
        self.assertEqual(lines[-1], "none", out)

    # REAPER's form for a test that signals hpstat: SIGTERM to it goes on to hpstat; it
    # prints hpstat's exit status, hpstat's stderr, and what was left.
    REAPER_SIGNALLED = (
        "import ctypes, os, signal, subprocess, sys\n"
        "if ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0):\n"
        "    sys.exit('prctl(PR_SET_CHILD_SUBREAPER) failed')\n"
        "hp = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL,\n"
        "                      stderr=subprocess.PIPE, text=True, close_fds=False)\n"
        "signal.signal(signal.SIGTERM, lambda *_: hp.send_signal(signal.SIGTERM))\n"
        "err = hp.communicate()[1]\n"
        "print('status', hp.returncode)\n"
        "print(err)\n"
        "try:\n"
        "    print('left', os.waitpid(-1, os.WNOHANG))\n"
        "except ChildProcessError:\n"
        "    print('none')\n")

    def test_reader_gets_the_end_with_hpstat(self):
        """The held tracepoint counters' last close waits a grace period each, which a process
        of its own pays after hpstat has exited. It holds none of hpstat's descriptors: a
        reader of hpstat's output gets the end of it as hpstat exits, not once the counters
        are closed (16 tracepoints: about half a second here)."""
        events = "/sys/kernel/tracing/events/syscalls"
        if not os.path.isdir(events):
            self.fail("tracefs is not mounted at /sys/kernel/tracing (.ci/run mounts it)")
        names = sorted(n for n in os.listdir(events) if n.startswith("sys_enter_"))[:16]
        out, into = os.pipe()
        try:
            proc = subprocess.Popen([HPSTAT, "-e", ",".join("syscalls:" + n for n in names),
                                     "true"], stdout=into, stderr=into)
            os.close(into)
            into = -1
            # The report is far smaller than the pipe: hpstat never waits for this reader.
            self.assertEqual(proc.wait(timeout=HANG_S), 0)
            os.set_blocking(out, False)
            text = b""
            while True:
                try:
                    chunk = os.read(out, 65536)
                except BlockingIOError:
                    self.fail("hpstat has exited, and a process holds its output open still")
                if not chunk:
                    break
                text += chunk
            self.assertIn(b"syscalls:" + names[0].encode(), text)
        finally:
            os.close(out)
            if into >= 0:
                os.close(into)

    def test_launcher_killed_between_runs(self):
        """Someone kills the launcher during run 1: run 2 fails with one line, no hang, and
        the report of run 1 stands."""
        res = subprocess.run([HPSTAT, "-r", "3", "-e", "task-clock", "sh", "-c",
                              "kill -KILL $(" + self.LAUNCHER + ")"],
                             capture_output=True, text=True, timeout=HANG_S)
        self.assertEqual(res.returncode, 125, res.stderr)
        self.assertIn("run 2 of 3 failed: cannot start the command: the process that starts "
                      "it ended unexpectedly", res.stderr)
        self.assertIn("(1 of 3 runs)", res.stderr)


if __name__ == "__main__":
    unittest.main()
