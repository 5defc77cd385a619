"""test_attach.py - counting what already runs (-p, -t), whole CPUs (-a, -C, -A), over time
(-I), for a while (--timeout, -D), without the command's children (-i), and only the regions a
command marks (--control).

No test waits by the clock: a program says when it runs (page_loop writes "ready" to a pipe),
hpstat's first interval line says it counts, and region_pages waits for hpstat's "ack" before
it touches its pages. Timeouts here only turn a hang into a failure.
"""
import csv
import io
import json
import os
import re
import resource
import select
import signal
import socket
import subprocess
import sys
import tempfile
import unittest

from e2e import (HPSTAT, assert_whole_cpus_refused, become_nobody, copy_for_nobody, prog,
                 require_environment, start_ready)
HANG_S = 60  # what counts as a hang
# Page faults a program takes besides the pages it touches on purpose, at most (its exit,
# a stack page, a libc page touched late): what "a handful" means here.
HANDFUL = 8


def setUpModule():
    require_environment()


def default_signals():
    for signo in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signo, signal.SIG_DFL)


def hpstat(*args, env=None, preexec_fn=default_signals):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=HANG_S,
                          env=env, preexec_fn=preexec_fn)


def perf_rows(text):
    """-x, lines as lists of fields."""
    return [line.split(",") for line in text.splitlines() if line]


class Running:
    """A tests/progs program started by the test, running once it said "ready"."""

    def __init__(self, *argv, stdin=None):
        self.proc = start_ready(argv, hang_s=HANG_S, stdin=stdin)
        self.pid = self.proc.pid

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=HANG_S)


class Counting:
    """hpstat -p on a Running program, -I 10 -x, page-faults: entered once its first interval
    line is out, so that it counts for sure; the program is stopped on the way out."""

    def __init__(self, running):
        self.running = running
        self.proc = subprocess.Popen([HPSTAT, "-p", str(running.pid), "-I", "10", "-e",
                                      "page-faults", "-x,"], stderr=subprocess.PIPE,
                                     preexec_fn=default_signals)
        self.first = ""

    def __enter__(self):
        if not select.select([self.proc.stderr], [], [], HANG_S)[0]:
            self.__exit__()
            raise AssertionError("hpstat printed no interval")
        self.first = self.proc.stderr.readline().decode()
        return self

    def finish(self):
        """hpstat's exit status and what it printed after the first line."""
        rest = self.proc.stderr.read().decode()
        return self.proc.wait(timeout=HANG_S), rest

    def __exit__(self, *exc):
        self.running.stop()
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=HANG_S)
        self.proc.stderr.close()


def as_nobody():
    """A preexec_fn: the stop signals at their default, then the ids of nobody."""
    default_signals()
    become_nobody()


def hpstat_as_nobody(test, *args):
    """hpstat run by nobody, from a copy nobody may run (the build tree may be private)."""
    if os.geteuid() != 0:
        test.skipTest("needs root to become an unprivileged user")
    with tempfile.TemporaryDirectory() as tmp:
        return subprocess.run([copy_for_nobody(tmp), *args], capture_output=True, text=True,
                              timeout=HANG_S, cwd=tmp, preexec_fn=as_nobody)


def free_pid():
    """A process id no process has now (the highest free one under pid_max)."""
    with open("/proc/sys/kernel/pid_max") as f:
        pid = int(f.read()) - 1
    while os.path.exists("/proc/%d" % pid):
        pid -= 1
    return pid


class Attach(unittest.TestCase):
    def test_counts_of_a_running_process_grow(self):
        loop = Running(prog("page_loop"))
        try:
            res = hpstat("-p", str(loop.pid), "-I", "100", "--interval-count", "3",
                         "-e", "page-faults", "-x,")
        finally:
            loop.stop()
        self.assertEqual(res.returncode, 0, res.stderr)
        rows = perf_rows(res.stderr)
        intervals = [r for r in rows if r[0]]
        totals = [r for r in rows if not r[0]]
        self.assertEqual(len(intervals), 3, res.stderr)
        # it touches 16 pages per loop, without end: every interval sees some
        for row in intervals:
            self.assertGreater(int(row[1]), 0, res.stderr)
        self.assertEqual(len(totals), 1, res.stderr)
        self.assertEqual(int(totals[0][1]), sum(int(r[1]) for r in intervals))

    def test_counting_ends_when_the_process_does(self):
        loop = Running(prog("page_loop"), "-e", stdin=subprocess.PIPE)
        with Counting(loop) as session:
            loop.proc.stdin.close()  # page_loop -e ends when its stdin does
            status, rest = session.finish()
        self.assertEqual(status, 0, rest)
        self.assertTrue(any(r[0] == "" for r in perf_rows(rest)), rest)

    def test_a_process_that_does_not_exist(self):
        pid = free_pid()
        res = hpstat("-p", str(pid), "-e", "page-faults")
        self.assertEqual(res.returncode, 125)
        self.assertEqual(res.stderr, "hpstat: no process %d (-p): check the id, as with "
                         "'ps -p %d'\n" % (pid, pid))

    def test_a_thread_that_does_not_exist(self):
        tid = free_pid()
        res = hpstat("-t", str(tid), "-e", "page-faults")
        self.assertEqual(res.returncode, 125)
        self.assertIn("no thread %d (-t)" % tid, res.stderr)
        self.assertEqual(res.stderr.count("\n"), 1)

    # Forks a child that exits at once and, without reaping it (WNOWAIT), writes its id to
    # the file argv[1]: a zombie until this parent is killed.
    ZOMBIE_MAKER = ("import os, sys\n"
                    "pid = os.fork()\n"
                    "if pid == 0:\n"
                    "    os._exit(0)\n"
                    "os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)\n"
                    "with open(sys.argv[1], 'w') as f:\n"
                    "    f.write(str(pid))\n"
                    "os.write(int(os.environ['HP_READY_FD']), b'ready\\n')\n"
                    "sys.stdin.read()\n")

    def test_a_zombie_is_no_process_to_count(self):
        """A process that has exited and waits to be reaped counts nothing: an error, not a
        report of zeros."""
        with tempfile.TemporaryDirectory() as tmp:
            named = os.path.join(tmp, "pid")
            maker = Running(sys.executable, "-c", self.ZOMBIE_MAKER, named,
                            stdin=subprocess.PIPE)
            try:
                with open(named) as f:
                    zombie = int(f.read())
                for option in ("-p", "-t"):
                    res = hpstat(option, str(zombie), "-e", "task-clock")
                    self.assertEqual(res.returncode, 125, res.stderr)
                    self.assertEqual(res.stderr, "hpstat: process %d (%s) has exited (a zombie "
                                     "its parent has not reaped): nothing of it is left to "
                                     "count\n" % (zombie, option))
            finally:
                maker.stop()

    # Its leader thread exits (pthread_exit) and the other thread goes on: it says ready once
    # the leader has exited (glibc's join of it returns when the kernel clears its id; it
    # stays a zombie while a thread runs), then waits for its standard input to close.
    LEADER_GONE = ("import ctypes, os, sys, threading\n"
                   "libc = ctypes.CDLL(None)\n"
                   "leader = threading.main_thread().ident\n"
                   "def rest():\n"
                   "    libc.pthread_join(ctypes.c_ulong(leader), None)\n"
                   "    os.write(int(os.environ['HP_READY_FD']), b'ready\\n')\n"
                   "    sys.stdin.read()\n"
                   "threading.Thread(target=rest).start()\n"
                   "libc.pthread_exit(None)\n")

    def test_a_process_whose_leader_exited_is_counted(self):
        """A zombie leader with a thread still running is a live process: counted."""
        proc = Running(sys.executable, "-c", self.LEADER_GONE, stdin=subprocess.PIPE)
        try:
            res = hpstat("-p", str(proc.pid), "-e", "task-clock", "--timeout", "50")
            self.assertEqual(res.returncode, 0, res.stderr)
            self.assertIn("task-clock", res.stderr)
        finally:
            proc.stop()

    def test_a_thread_id_given_to_p(self):
        """-p names processes: a thread's id gets the two ways to say what was meant."""
        threads = Running(sys.executable, "-c",
                          "import os, sys, threading\n"
                          "t = threading.Thread(target=sys.stdin.read, daemon=True)\n"
                          "t.start()\n"
                          "os.write(int(os.environ['HP_READY_FD']), b'ready\\n')\n"
                          "t.join()\n", stdin=subprocess.PIPE)
        try:
            tids = sorted(int(t) for t in os.listdir("/proc/%d/task" % threads.pid))
            tid = [t for t in tids if t != threads.pid][0]
            res = hpstat("-p", str(tid), "-e", "task-clock")
            self.assertEqual(res.returncode, 125, res.stderr)
            self.assertEqual(res.stderr, "hpstat: %d is a thread of process %d: give -p %d to "
                             "count the process, or -t %d for the thread alone\n"
                             % (tid, threads.pid, threads.pid, tid))
        finally:
            threads.stop()

    def test_a_process_of_another_user(self):
        # as nobody, process 1 (root's) is not ours to inspect: the kernel says no
        res = hpstat_as_nobody(self, "-p", "1", "-e", "task-clock", "--timeout", "100")
        self.assertEqual(res.returncode, 125, res.stderr)
        # no paranoid level lets a user count another user's process: no advice to lower it
        with open("/proc/sys/kernel/perf_event_paranoid") as f:
            if int(f.read()) > 2:
                self.fail("perf_event_paranoid is above 2: set it to 2 for this test")
        self.assertEqual(res.stderr, "hpstat: cannot count process 1: not allowed (Permission "
                         "denied): it is another user's, or runs a set-user-ID program, and "
                         "only root may count those (no perf_event_paranoid level allows "
                         "it)\n")

    def test_a_task_named_twice_counts_once(self):
        loop = Running(prog("page_loop"))
        try:
            res = hpstat("-p", str(loop.pid), "-t", str(loop.pid), "-e", "task-clock",
                         "--timeout", "300", "--json")
        finally:
            loop.stop()
        self.assertEqual(res.returncode, 0, res.stderr)
        doc = json.loads(res.stderr)
        busy_ms = doc["events"][0]["mean"]
        elapsed_ms = doc["time"]["elapsed"]["mean"] * 1000
        # one single-threaded busy loop: at most its elapsed time, not twice that
        self.assertLessEqual(busy_ms, elapsed_ms * 1.05, res.stderr)

    def test_per_thread_while_a_command_runs(self):
        loop = Running(prog("page_loop"))
        try:
            # The command ends once the attached loop has faulted since it began, as the
            # loop's own fault count in procfs shows: so the loop's row cannot be 0 however
            # the two were scheduled.
            res = hpstat("-p", str(loop.pid), "--per-thread", "-e", "page-faults", "-x,",
                         "--", sys.executable, "-c", WAIT_FOR_FAULTS, str(loop.pid))
        finally:
            loop.stop()
        self.assertEqual(res.returncode, 0, res.stderr)
        rows = perf_rows(res.stderr)
        self.assertEqual(len(rows), 1, res.stderr)
        self.assertEqual(rows[0][0], "page_loop-%d" % loop.pid)
        self.assertGreater(int(rows[0][1]), 0)

    def test_ctrl_c_prints_the_report_and_exits_130(self):
        loop = Running(prog("page_loop"))
        with Counting(loop) as session:
            session.proc.send_signal(signal.SIGINT)
            status, rest = session.finish()
        self.assertEqual(status, 130, rest)
        first = session.first
        rows = perf_rows(first + rest)
        self.assertEqual(sum(1 for r in rows if not r[0]), 1, first + rest)
        self.assertEqual(int([r for r in rows if not r[0]][0][1]),
                         sum(int(r[1]) for r in rows if r[0]))


class Held(unittest.TestCase):
    """The counters hpstat holds open on itself between runs (one of each software kind and
    tracepoint) never reach the command, and never count in a report."""

    def test_command_sees_no_held_descriptor(self):
        listing = [sys.executable, "-c", "import os; print(sorted(os.listdir('/proc/self/fd')))"]
        alone = subprocess.run(listing, capture_output=True, text=True, timeout=HANG_S)
        res = hpstat("-r", "2", "-e", "context-switches,cpu-migrations,page-faults",
                     "-e", "sched:sched_switch", *listing)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(res.stdout, alone.stdout * 2)

    def test_same_counts_run_after_run(self):
        res = hpstat("-r", "3", "-e", "syscalls:sys_enter_write,context-switches", "--json",
                     prog("writer"), "5")
        self.assertEqual(res.returncode, 0, res.stderr)
        writes = json.loads(res.stderr)["events"][0]
        self.assertEqual(writes["per_run"], [5, 5, 5])


class LazyLibpfm(unittest.TestCase):
    """libpfm4 is loaded only for a name that needs it (when the build loads it lazily)."""

    # The command looks at its parent, hpstat, while hpstat waits for it.
    MAPS = ["/bin/sh", "-c", "grep -c libpfm /proc/$PPID/maps || true"]

    def libpfm_mapped(self, event):
        res = hpstat("-e", event, *self.MAPS)
        self.assertEqual(res.returncode, 0, res.stderr)
        return int(res.stdout) > 0

    def test_loaded_only_when_needed(self):
        lazy = os.environ.get("LAZY_PFM")
        self.assertIn(lazy, ("yes", "no"), "make check says LAZY_PFM")
        if lazy == "yes":
            for event in ("task-clock", "cycles:u", "sched:sched_switch", "r1a"):
                self.assertFalse(self.libpfm_mapped(event), event)
            self.assertTrue(self.libpfm_mapped("perf::PERF_COUNT_SW_TASK_CLOCK"))
        else:  # linked in: a static build shows no library, a dynamic one always does
            self.assertEqual(self.libpfm_mapped("task-clock"),
                             self.libpfm_mapped("perf::PERF_COUNT_SW_TASK_CLOCK"))


def online_cpus():
    """The online CPUs' numbers, in order."""
    with open("/sys/devices/system/cpu/online") as f:
        parts = [part.partition("-") for part in f.read().strip().split(",")]
    return [cpu for low, _, high in parts for cpu in range(int(low), int(high or low) + 1)]


class SystemWide(unittest.TestCase):
    def test_all_cpus_see_the_command_faults(self):
        res = hpstat("-a", "-e", "page-faults", "-x,", prog("touch_pages"), "2000")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertGreaterEqual(int(perf_rows(res.stderr)[0][0]), 2000)

    def test_one_cpu_one_row(self):
        res = hpstat("-C", "0", "-A", "-e", "page-faults", "-x,", "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        rows = perf_rows(res.stderr)
        self.assertEqual(len(rows), 1, res.stderr)
        self.assertEqual(rows[0][0], "CPU0")

    def test_a_row_per_online_cpu(self):
        res = hpstat("-a", "-A", "-e", "task-clock", "-x,", "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual([r[0] for r in perf_rows(res.stderr)],
                         ["CPU%d" % c for c in online_cpus()])

    def test_elapsed_holds_what_the_cpus_counted(self):
        """The elapsed time of a command counted on whole CPUs is the counters' window
        (perf's), not the command's shorter life: each CPU's clock counts at most all of
        it, so a short command never shows more CPUs utilized than there are (it showed
        2.3 to 3.9 of 2 before). The clocks are read from the kernel apart, hence the
        part per thousand."""
        online = len(online_cpus())
        for _ in range(5):
            res = hpstat("-a", "-e", "task-clock", "--json", "true")
            self.assertEqual(res.returncode, 0, res.stderr)
            doc = json.loads(res.stderr)
            clock_s = doc["events"][0]["mean"] / 1e3  # msec
            self.assertLessEqual(clock_s, online * doc["time"]["elapsed"]["mean"] * 1.001,
                                 res.stderr)

    def test_per_socket_adds_up_to_the_cpus(self):
        res = hpstat("-a", "--per-socket", "-e", "task-clock", "--json", "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        doc = json.loads(res.stderr)
        parts = doc["parts"]
        self.assertTrue(parts)
        self.assertTrue(all(p["kind"] == "socket" and re.fullmatch(r"S\d+", p["label"])
                            for p in parts), parts)
        total = doc["events"][0]["mean"]
        self.assertAlmostEqual(sum(p["events"][0]["mean"] for p in parts), total,
                               delta=total * 1e-9)

    def test_whole_cpus_need_privilege(self):
        assert_whole_cpus_refused(
            self, hpstat_as_nobody(self, "-a", "-e", "task-clock", "--timeout", "100"))

    def test_offline_or_missing_cpus_only(self):
        res = hpstat("-C", "8000", "-e", "task-clock", "true")
        self.assertEqual(res.returncode, 125)
        self.assertIn("none of the CPUs '8000' is online", res.stderr)


# Returns once process argv[1] has taken a minor fault more than when it started looking.
WAIT_FOR_FAULTS = """
import select, sys
def faults():
    with open("/proc/%s/stat" % sys.argv[1]) as f:
        return int(f.read().rsplit(")", 1)[1].split()[7])
start = faults()
while faults() <= start:
    select.select([], [], [], 0.001)
"""


class Intervals(unittest.TestCase):
    def test_ten_intervals_add_up_to_the_total(self):
        res = hpstat("-I", "100", "-e", "page-faults,task-clock", "-x,", "sleep", "1")
        self.assertEqual(res.returncode, 0, res.stderr)
        rows = perf_rows(res.stderr)
        faults = [r for r in rows if r[3] == "page-faults" or r[4] == "page-faults"]
        intervals = [r for r in faults if r[0]]
        times = [float(r[0]) for r in intervals]
        # Up to 10 whole intervals in 1 s, and the piece up to the end: fewer when a line
        # came more than an interval late (it then covers the deadlines it missed), more
        # when a loaded machine stretched the sleep.
        self.assertGreaterEqual(len(times), 2, times)
        self.assertEqual(times, sorted(set(times)))
        # no drift: each line takes at least one deadline, so the Nth comes at N x 100 ms
        # or later, never before
        for n, t in enumerate(times[:-1], 1):
            self.assertGreaterEqual(t, n * 0.1 - 0.002, times)
        total = [r for r in faults if not r[0]]
        self.assertEqual(len(total), 1)
        self.assertEqual(int(total[0][1]), sum(int(r[1]) for r in intervals))

    def test_interval_count_stops_the_command(self):
        res = hpstat("-I", "50", "--interval-count", "2", "-e", "task-clock", "-x,",
                     "sleep", "30")
        self.assertEqual(res.returncode, 0, res.stderr)
        rows = perf_rows(res.stderr)
        self.assertEqual(sum(1 for r in rows if r[0]), 2, res.stderr)

    def test_csv_has_a_time_column(self):
        res = hpstat("-I", "100", "-e", "page-faults", "--csv", prog("touch_pages"), "10")
        self.assertEqual(res.returncode, 0, res.stderr)
        lines = res.stderr.splitlines()
        self.assertTrue(lines[0].startswith("time,type,event,"), lines[0])
        self.assertEqual(sum(1 for line in lines if line.startswith("time,")), 1)
        finals = [line for line in lines[1:] if line.startswith(",")]
        self.assertTrue(any(line.startswith(",event,page-faults,") for line in finals), lines)

    def test_json_holds_the_intervals(self):
        res = hpstat("-I", "100", "-e", "page-faults", "--json", prog("touch_pages"), "300")
        self.assertEqual(res.returncode, 0, res.stderr)
        doc = json.loads(res.stderr)
        intervals = doc["intervals"]
        self.assertGreaterEqual(len(intervals), 1)
        self.assertEqual(sum(i["events"][0]["value"] for i in intervals),
                         doc["events"][0]["mean"])

    def test_text_lines_start_with_the_time(self):
        res = hpstat("-I", "100", "-e", "page-faults", prog("touch_pages"), "10")
        self.assertEqual(res.returncode, 0, res.stderr)
        lines = res.stderr.splitlines()
        self.assertTrue(lines[0].startswith("#") and "time" in lines[0], lines)
        self.assertRegex(lines[1], r"^\s+\d+[.,]\d{9}\s+\d+\s+page-faults")

    def test_too_short_an_interval(self):
        res = hpstat("-I", "5", "true")
        self.assertEqual(res.returncode, 125)
        self.assertIn("interval 5 ms is too short", res.stderr)
        self.assertIn("give -I 10 or more", res.stderr)


class When(unittest.TestCase):
    def test_timeout_stops_a_long_command(self):
        res = hpstat("--timeout", "200", "-e", "task-clock", "--json", "sleep", "30")
        self.assertEqual(res.returncode, 0, res.stderr)
        elapsed = json.loads(res.stderr)["time"]["elapsed"]["mean"]
        self.assertGreaterEqual(elapsed, 0.2)
        self.assertLess(elapsed, 25)

    def test_delay_past_the_end_counts_nothing(self):
        res = hpstat("-D", "100000", "-e", "page-faults", "-x,", prog("touch_pages"), "10")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(perf_rows(res.stderr)[0][0], "<not counted>")

    def test_no_inherit_leaves_the_children_out(self):
        child = [prog("touch_pages"), "1000"]
        whole = hpstat("-e", "page-faults", "-x,", "/bin/sh", "-c", " ".join(child))
        alone = hpstat("-i", "-e", "page-faults", "-x,", "/bin/sh", "-c", " ".join(child))
        self.assertEqual(whole.returncode, 0, whole.stderr)
        self.assertEqual(alone.returncode, 0, alone.stderr)
        self.assertGreaterEqual(int(perf_rows(whole.stderr)[0][0]), 1000)
        self.assertLess(int(perf_rows(alone.stderr)[0][0]), 1000)

    def test_many_counters_under_a_low_open_file_limit(self):
        def low_limit():
            default_signals()
            hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
            resource.setrlimit(resource.RLIMIT_NOFILE, (32, hard))
        res = hpstat("-a", "-A", "-e", ",".join(["page-faults"] * 40), "-x,", "true",
                     preexec_fn=low_limit)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(len(perf_rows(res.stderr)), 40 * os.cpu_count())


class Regions(unittest.TestCase):
    N = 500

    def test_enabled_part_counts_only_its_pages(self):
        res = hpstat("--control", "env", "-e", "page-faults", "-x,", prog("region_pages"),
                     str(self.N))
        self.assertEqual(res.returncode, 0, res.stderr)
        faults = int(perf_rows(res.stderr)[0][0])
        self.assertGreaterEqual(faults, self.N)
        self.assertLessEqual(faults, self.N + HANDFUL)

    def test_whole_program_counts_its_start_too(self):
        res = hpstat("-e", "page-faults", "-x,", prog("region_pages"), str(self.N))
        self.assertEqual(res.returncode, 0, res.stderr)
        # the 64 pages it touches first, and its loading, on top
        self.assertGreater(int(perf_rows(res.stderr)[0][0]), self.N + 64)

    def test_named_region_is_its_own_block(self):
        res = hpstat("--control", "env", "-r", "2", "-e", "page-faults", "--json",
                     prog("region_pages"), str(self.N), "step")
        self.assertEqual(res.returncode, 0, res.stderr)
        doc = json.loads(res.stderr)
        [part] = doc["parts"]
        self.assertEqual((part["kind"], part["label"], part["calls"], part["runs_done"]),
                         ("region", "step", 2, 2))
        faults = part["events"][0]["mean"]
        self.assertGreaterEqual(faults, self.N)
        self.assertLessEqual(faults, self.N + HANDFUL)

    def test_named_region_in_text(self):
        res = hpstat("--control", "env", "-e", "page-faults", prog("region_pages"),
                     str(self.N), "step")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn(" Region 'step' (1 call):", res.stderr)
        self.assertIn("seconds in the region", res.stderr)

    def test_perf_fifo_form(self):
        with tempfile.TemporaryDirectory() as tmp:
            ctl, ack = os.path.join(tmp, "ctl"), os.path.join(tmp, "ack")
            os.mkfifo(ctl)
            os.mkfifo(ack)
            # the program finds the FIFOs where hpstat's env form would put them
            env = dict(os.environ, HPSTAT_CONTROL=ctl, HPSTAT_CONTROL_ACK=ack)
            res = hpstat("--control", "fifo:%s,%s" % (ctl, ack), "-e", "page-faults", "-x,",
                         prog("region_pages"), str(self.N), env=env)
        self.assertEqual(res.returncode, 0, res.stderr)
        faults = int(perf_rows(res.stderr)[0][0])
        self.assertGreaterEqual(faults, self.N)
        self.assertLessEqual(faults, self.N + HANDFUL)

    def test_perf_fd_form(self):
        with tempfile.TemporaryDirectory() as tmp:
            ctl, ack = os.path.join(tmp, "ctl"), os.path.join(tmp, "ack")
            os.mkfifo(ctl)
            os.mkfifo(ack)
            # hpstat gets the FIFOs as descriptors it inherits, as perf's fd: form has it
            fds = [os.open(path, os.O_RDWR) for path in (ctl, ack)]
            try:
                env = dict(os.environ, HPSTAT_CONTROL=ctl, HPSTAT_CONTROL_ACK=ack)
                res = subprocess.run([HPSTAT, "--control", "fd:%d,%d" % tuple(fds), "-e",
                                      "page-faults", "-x,", prog("region_pages"),
                                      str(self.N)], capture_output=True, text=True,
                                     timeout=HANG_S, env=env, pass_fds=fds,
                                     preexec_fn=default_signals)
            finally:
                for fd in fds:
                    os.close(fd)
        self.assertEqual(res.returncode, 0, res.stderr)
        faults = int(perf_rows(res.stderr)[0][0])
        self.assertGreaterEqual(faults, self.N)
        self.assertLessEqual(faults, self.N + HANDFUL)

    def test_fd_form_refuses_what_never_runs_dry(self):
        with open("/dev/zero", "rb") as zero:
            res = subprocess.run([HPSTAT, "--control", "fd:%d" % zero.fileno(), "true"],
                                 capture_output=True, text=True, timeout=HANG_S,
                                 pass_fds=(zero.fileno(),))
        self.assertEqual(res.returncode, 125, res.stderr)
        self.assertIn("is not a FIFO or a socket", res.stderr)

    def test_fd_form_needs_open_descriptors(self):
        res = hpstat("--control", "fd:200", "true")
        self.assertEqual(res.returncode, 125)
        self.assertIn("--control control descriptor 200 is not open", res.stderr)
        # A low number, closed: hpstat's own descriptors (its launcher's pipes) must not be
        # taken for the caller's.
        for control in ("fd:4", "fd:5", "fd:6", "fd:7", "fd:8", "fd:5,7"):
            res = hpstat("--control", control, "-e", "task-clock", "true")
            self.assertEqual(res.returncode, 125, (control, res.stderr))
            self.assertRegex(res.stderr, r"^hpstat: --control \w+ descriptor \d is not open",
                             control)

    def test_control_and_ack_must_differ(self):
        """One FIFO for both ways would have hpstat read its own replies as commands."""
        with tempfile.TemporaryDirectory() as tmp:
            fifo = os.path.join(tmp, "ctl")
            os.mkfifo(fifo)
            res = hpstat("--control", "fifo:%s,%s" % (fifo, fifo), "-e", "task-clock", "true")
            self.assertEqual(res.returncode, 125, res.stderr)
            self.assertEqual(res.stderr, "hpstat: --control's control and ack are one FIFO: "
                             "hpstat would read its own replies as commands; give two FIFOs, "
                             "as in fifo:ctl.fifo,ack.fifo\n")
        # One socket both ways is fine: what hpstat writes goes to its peer.
        ours, theirs = socket.socketpair()
        with ours, theirs:
            fd = theirs.fileno()
            res = subprocess.run([HPSTAT, "--control", "fd:%d,%d" % (fd, fd), "-e",
                                  "task-clock", "true"], capture_output=True, text=True,
                                 timeout=HANG_S, pass_fds=(fd,))
        self.assertEqual(res.returncode, 0, res.stderr)

    # Four forked children, each opening and closing its region 400 times (enough for their
    # replies to cross when the channel is shared unguarded), on the channel their parent
    # opened before the fork.
    FORKED_REGIONS = (
        "import os, hpstat\n"
        "hpstat.enable(); hpstat.disable()\n"
        "kids = []\n"
        "for k in range(4):\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        for _ in range(400):\n"
        "            with hpstat.region('k%d' % k):\n"
        "                os.write(1, b'')\n"
        "        os._exit(0)\n"
        "    kids.append(pid)\n"
        "raise SystemExit(sum(os.waitpid(pid, 0)[1] != 0 for pid in kids))\n")

    def test_python_processes_share_the_channel(self):
        """Processes that share the FIFOs each get their own replies: every region call is
        acknowledged, none raises, and each region holds at least its own writes."""
        res = hpstat("--control", "env", "-e", "syscalls:sys_enter_write", "--json",
                     sys.executable, "-c", self.FORKED_REGIONS)
        self.assertEqual(res.returncode, 0, res.stderr)
        doc = json.loads(res.stderr)
        parts = sorted((p["label"], p["calls"], p["events"][0]["mean"]) for p in doc["parts"])
        self.assertEqual([(label, calls) for label, calls, _ in parts],
                         [("k0", 400), ("k1", 400), ("k2", 400), ("k3", 400)])
        for label, _, writes in parts:
            self.assertGreaterEqual(writes, 400, label)

    def test_python_hot_loop_leaves_out_its_start(self):
        script = os.path.join(os.environ["EXAMPLES"], "region_hot_loop.py")
        whole = hpstat("-e", "page-faults", "--json", sys.executable, script)
        region = hpstat("--control", "env", "-e", "page-faults", "--json", sys.executable,
                        script)
        self.assertEqual(whole.returncode, 0, whole.stderr)
        self.assertEqual(region.returncode, 0, region.stderr)
        whole_doc, region_doc = json.loads(whole.stderr), json.loads(region.stderr)
        [part] = region_doc["parts"]
        self.assertEqual((part["kind"], part["label"], part["calls"]),
                         ("region", "hot-loop", 1))
        # the interpreter's start and imports fault in hundreds of pages; the loop few
        self.assertLess(part["events"][0]["mean"] * 4, whole_doc["events"][0]["mean"])
        self.assertEqual(region_doc["events"][0]["mean"], part["events"][0]["mean"])

    def test_csv_with_intervals_and_a_region_keeps_one_shape(self):
        res = hpstat("--control", "env", "-I", "100", "-e", "page-faults", "--csv",
                     prog("region_pages"), str(self.N), "step")
        self.assertEqual(res.returncode, 0, res.stderr)
        rows = list(csv.reader(io.StringIO(res.stderr)))
        self.assertEqual(rows[0][:3], ["time", "scope", "type"])
        self.assertEqual({len(row) for row in rows}, {len(rows[0])})
        self.assertIn("region:step", [row[1] for row in rows])

    def test_bad_control(self):
        res = hpstat("--control", "pipe:x", "true")
        self.assertEqual(res.returncode, 125)
        self.assertEqual(res.stderr.count("\n"), 1)
        self.assertIn("--control", res.stderr)

    def test_missing_fifo(self):
        res = hpstat("--control", "fifo:/nonexistent/ctl", "true")
        self.assertEqual(res.returncode, 125)
        self.assertIn("cannot open the --control control FIFO '/nonexistent/ctl'", res.stderr)


if __name__ == "__main__":
    unittest.main()
