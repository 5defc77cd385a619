"""test_region_helper.py - the Python region helper (src/hpstat.py) speaking hpstat's control
protocol, the C snippet (examples/hpstat_region.h) in tests/progs/region_pages, and
examples/region_hot_loop.py. The test plays hpstat's side of --control env itself: it makes
the two FIFOs, names them in HPSTAT_CONTROL and HPSTAT_CONTROL_ACK, reads each line the
command writes and answers it, asserting the exact lines. Nothing waits by the clock: both sides block on the FIFOs, and
a timeout only turns a hang into a failure."""
import os
import select
import shutil
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

HANG_S = 30  # what counts as a hang
SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
PROGS = os.environ.get("PROGS")
EXAMPLES = os.environ.get("EXAMPLES")


def setUpModule():
    for name, value in (("PROGS", PROGS), ("EXAMPLES", EXAMPLES)):
        if not value:
            raise RuntimeError(name + " is not set (make check sets it)")


class Channel:
    """hpstat's end of --control env: two FIFOs in a private directory, both opened read-write
    as perf does, so that no open blocks and neither end sees EOF while the test holds them."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="hpstat-control-")
        self.ctl_path = os.path.join(self.dir, "control")
        self.ack_path = os.path.join(self.dir, "ack")
        os.mkfifo(self.ctl_path, 0o600)
        os.mkfifo(self.ack_path, 0o600)
        self.ctl = os.open(self.ctl_path, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
        self.ack = os.open(self.ack_path, os.O_RDWR | os.O_CLOEXEC)
        self.pending = b""

    def env(self, **more):
        env = dict(os.environ, HPSTAT_CONTROL=self.ctl_path, HPSTAT_CONTROL_ACK=self.ack_path,
                   PYTHONPATH=SRC)
        env.update(more)
        return env

    def line(self, proc):
        """The next line the command wrote, without its newline."""
        while b"\n" not in self.pending:
            ready, _, _ = select.select([self.ctl], [], [], HANG_S)
            if not ready:
                proc.kill()
                _, err = proc.communicate()
                raise AssertionError("no line from the command in %d s (exit %s): %s" %
                                     (HANG_S, proc.returncode, err))
            self.pending += os.read(self.ctl, 4096)
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode()

    def reply(self, text):
        os.write(self.ack, text.encode() + b"\n")

    def replies_unread(self):
        """Whatever the command left unread on the ack FIFO."""
        os.set_blocking(self.ack, False)
        try:
            return os.read(self.ack, 4096)
        except BlockingIOError:
            return b""

    def close(self):
        for fd in (self.ctl, self.ack):
            if fd is not None:
                os.close(fd)
        self.ctl = self.ack = None
        shutil.rmtree(self.dir)


def python(code, env):
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


class Protocol(unittest.TestCase):
    def setUp(self):
        self.channel = Channel()
        self.addCleanup(self.channel.close)

    def converse(self, proc, exchange):
        """Reads each expected line and answers it; the command must then exit 0."""
        for want, answer in exchange:
            self.assertEqual(self.channel.line(proc), want)
            self.channel.reply(answer)
        out, err = proc.communicate(timeout=HANG_S)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(self.channel.pending, b"")
        return out, err

    def test_every_call(self):
        proc = python("""
import hpstat
hpstat.enable()
hpstat.disable()
with hpstat.region("a.b:c-1_2") as r:
    print("inside", r.name)
    with hpstat.region("inner"):
        pass

@hpstat.region("decorated")
def f(x):
    return x + 1

print(f(41), f(1))
""", self.channel.env())
        out, err = self.converse(proc, [
            ("enable", "ack"), ("disable", "ack"),
            ("start a.b:c-1_2", "ack"), ("start inner", "ack"), ("stop inner", "ack"),
            ("stop a.b:c-1_2", "ack"),
            ("start decorated", "ack"), ("stop decorated", "ack"),
            ("start decorated", "ack"), ("stop decorated", "ack"),
        ])
        self.assertEqual(out, "inside a.b:c-1_2\n42 2\n")
        self.assertEqual(err, "")
        # Each call read its own reply and no more.
        self.assertEqual(self.channel.replies_unread(), b"")

    def test_recursion_is_one_call(self):
        """A decorated function calling itself: hpstat would refuse to start an open region
        again, so only the outermost call starts and stops it."""
        proc = python("""
import hpstat
@hpstat.region("fib")
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(6))
print(fib(1))
""", self.channel.env())
        out, err = self.converse(proc, [("start fib", "ack"), ("stop fib", "ack"),
                                        ("start fib", "ack"), ("stop fib", "ack")])
        self.assertEqual((out, err), ("8\n1\n", ""))

    def test_threads_in_one_region(self):
        """Two threads in the region at once: open from the first entry to the last exit.
        The first enters, then the second, then the first leaves, then the second."""
        proc = python("""
import hpstat, threading
HANG = %d
first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
def first():
    with hpstat.region("work"):
        first_in.set()
        assert second_in.wait(HANG)
    first_out.set()
def second():
    assert first_in.wait(HANG)
    with hpstat.region("work"):
        second_in.set()
        assert first_out.wait(HANG)
threads = [threading.Thread(target=first), threading.Thread(target=second)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with hpstat.region("work"):
    pass
print("done")
""" % HANG_S, self.channel.env())
        out, err = self.converse(proc, [("start work", "ack"), ("stop work", "ack"),
                                        ("start work", "ack"), ("stop work", "ack")])
        self.assertEqual((out, err), ("done\n", ""))

    def test_refused_start_leaves_it_closed(self):
        """A start hpstat refuses opens nothing: the next entry starts it again."""
        proc = python("""
import hpstat
for attempt in (1, 2):
    try:
        with hpstat.region("r"):
            pass
    except hpstat.ControlError as e:
        print(attempt, e)
""", self.channel.env())
        out, _ = self.converse(proc, [("start r", "err too many regions"),
                                      ("start r", "ack"), ("stop r", "ack")])
        self.assertEqual(out, "1 hpstat refused 'start r': too many regions\n")

    def test_region_ends_on_an_exception(self):
        proc = python("""
import hpstat
try:
    with hpstat.region("boom"):
        raise KeyError("x")
except KeyError:
    print("caught")
""", self.channel.env())
        out, _ = self.converse(proc, [("start boom", "ack"), ("stop boom", "ack")])
        self.assertEqual(out, "caught\n")

    def test_error_reply(self):
        """An err reply raises, with hpstat's reason, and the channel stays in step."""
        proc = python("""
import hpstat
try:
    with hpstat.region("x"):
        pass
except hpstat.ControlError as e:
    print(e)
hpstat.enable()
print("after")
""", self.channel.env())
        out, _ = self.converse(proc, [
            ("start x", "ack"), ("stop x", "err no region named 'x' is open"),
            ("enable", "ack\r"),
        ])
        self.assertEqual(out, "hpstat refused 'stop x': no region named 'x' is open\n"
                              "after\n")
        self.assertEqual(self.channel.replies_unread(), b"")

    def test_unexpected_reply(self):
        proc = python("""
import hpstat
try:
    hpstat.disable()
except hpstat.ControlError as e:
    print(e)
""", self.channel.env())
        out, _ = self.converse(proc, [("disable", "what")])
        self.assertEqual(out, "hpstat refused 'disable': unexpected reply 'what'\n")

    def test_channel_closed(self):
        """hpstat gone while the command waits for a reply: an error, not a hang."""
        proc = python("""
import hpstat
try:
    hpstat.enable()
except hpstat.ControlError as e:
    print(e)
""", self.channel.env())
        self.assertEqual(self.channel.line(proc), "enable")
        os.close(self.channel.ack)
        self.channel.ack = None
        out, err = proc.communicate(timeout=HANG_S)
        self.assertEqual((proc.returncode, out), (0, "hpstat closed its control channel\n"),
                         err)

    def test_no_hpstat_behind_the_fifos(self):
        """A process that outlived hpstat: the FIFOs are gone, or (hpstat killed) still there
        with nobody reading. A ControlError that says so, not an OSError or a hang."""
        code = """
import hpstat
try:
    hpstat.enable()
except hpstat.ControlError as e:
    print(e)
"""
        orphan = os.path.join(self.channel.dir, "orphan")
        os.mkfifo(orphan, 0o600)
        for path, why in ((os.path.join(self.channel.dir, "absent"), "No such file or directory"),
                          (orphan, "No such device or address")):
            proc = subprocess.run([sys.executable, "-c", code], capture_output=True,
                                  text=True, timeout=10,
                                  env=self.channel.env(HPSTAT_CONTROL=path))
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout, "cannot open hpstat's control FIFO '%s': %s "
                             "(is hpstat still running?)\n" % (path, why))

    def test_without_ack(self):
        """Only a control channel (HPSTAT_CONTROL_ACK unset): write and go on."""
        env = self.channel.env()
        del env["HPSTAT_CONTROL_ACK"]
        proc = python("import hpstat\nhpstat.enable()\nhpstat.disable()\n", env)
        out, _ = self.converse(proc, [("enable", "ack"), ("disable", "ack")])
        self.assertEqual(out, "")


class WithoutHpstat(unittest.TestCase):
    CODE = """
import hpstat
hpstat.enable()
with hpstat.region("step"):
    print("inside")
hpstat.disable()
@hpstat.region("f")
def f():
    return 7
print(f())
"""

    def run_alone(self, code, **env):
        base = {k: v for k, v in os.environ.items() if not k.startswith("HPSTAT_CONTROL")}
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=HANG_S, env=dict(base, PYTHONPATH=SRC, **env))

    def test_calls_do_nothing(self):
        proc = self.run_alone(self.CODE)
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, "inside\n7\n", ""))

    def test_empty_variable_is_unset(self):
        proc = self.run_alone(self.CODE, HPSTAT_CONTROL="", HPSTAT_CONTROL_ACK="")
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, "inside\n7\n", ""))

    def test_opened_only_when_used(self):
        """Importing and naming regions opens nothing: no channel is needed for that."""
        proc = self.run_alone("import hpstat\nr = hpstat.region('x')\nprint('ok')\n",
                              HPSTAT_CONTROL="/nonexistent/control",
                              HPSTAT_CONTROL_ACK="/nonexistent/ack")
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, "ok\n", ""))


class Names(unittest.TestCase):
    def setUp(self):
        sys.path.insert(0, SRC)
        self.addCleanup(sys.path.remove, SRC)
        patch = mock.patch.dict(os.environ)
        patch.start()
        self.addCleanup(patch.stop)
        os.environ.pop("HPSTAT_CONTROL", None)
        os.environ.pop("HPSTAT_CONTROL_ACK", None)
        import hpstat
        self.hpstat = hpstat

    def test_good_names(self):
        for name in ("x", "A.z_0:9-x", "hot-loop", "1", "n" * 63):
            with self.hpstat.region(name) as r:
                self.assertEqual(r.name, name)

    def test_bad_names(self):
        for name in ("", "a b", "a/b", "n" * 64, "caf\u00e9", "a\n", "\tx", None, 3, b"x"):
            with self.assertRaises(ValueError) as caught:
                self.hpstat.region(name)
            self.assertEqual(str(caught.exception),
                             "bad region name %r: use 1 to 63 of A-Z a-z 0-9 _ . : -" % (name,))


def minor_faults(pid):
    """The process's minor page faults so far (/proc/PID/stat, field 10)."""
    with open("/proc/%d/stat" % pid) as f:
        return int(f.read().rsplit(")", 1)[1].split()[7])


class RegionPages(unittest.TestCase):
    """tests/progs/region_pages N [NAME] faults in N pages inside its region and 64 before it.
    The test counts the faults itself between the two commands, while the program waits for
    each reply: what hpstat's counters will see."""
    PAGES = 300

    def setUp(self):
        self.channel = Channel()
        self.addCleanup(self.channel.close)

    def region_faults(self, args, on, off):
        proc = subprocess.Popen([os.path.join(PROGS, "region_pages"), *args],
                                env=self.channel.env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        self.assertEqual(self.channel.line(proc), on)
        before = minor_faults(proc.pid)
        self.channel.reply("ack")
        self.assertEqual(self.channel.line(proc), off)
        inside = minor_faults(proc.pid) - before
        self.channel.reply("ack")
        out, err = proc.communicate(timeout=HANG_S)
        self.assertEqual((proc.returncode, out, err), (0, "", ""))
        self.assertEqual(self.channel.replies_unread(), b"")
        return inside

    def test_enable_disable(self):
        inside = self.region_faults([str(self.PAGES)], "enable", "disable")
        self.assertGreaterEqual(inside, self.PAGES)
        self.assertLessEqual(inside, self.PAGES + 8)

    def test_named_region(self):
        inside = self.region_faults([str(self.PAGES), "touch"], "start touch", "stop touch")
        self.assertGreaterEqual(inside, self.PAGES)
        self.assertLessEqual(inside, self.PAGES + 8)

    def test_no_pages(self):
        self.assertLessEqual(self.region_faults(["0", "empty"], "start empty", "stop empty"), 8)

    def test_error_reply(self):
        """The snippet passes hpstat's reason on, and the program fails."""
        proc = subprocess.Popen([os.path.join(PROGS, "region_pages"), "1", "a b"],
                                env=self.channel.env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        self.assertEqual(self.channel.line(proc), "start a b")
        self.channel.reply("err bad region name 'a b'")
        out, err = proc.communicate(timeout=HANG_S)
        self.assertEqual((proc.returncode, out, err), (1, "", "hpstat_control: 'start a b': "
                                                           "hpstat replied: err bad region "
                                                           "name 'a b'\n"))

    def test_without_hpstat(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("HPSTAT_CONTROL")}
        for args in (["5"], ["5", "x"], ["0"]):
            proc = subprocess.run([os.path.join(PROGS, "region_pages"), *args], env=env,
                                  capture_output=True, text=True, timeout=HANG_S)
            self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, "", ""), args)

    def test_usage(self):
        for args in ([], ["x"], ["-1"], ["1", ""], ["1", "a", "b"], ["1", "n" * 256]):
            proc = subprocess.run([os.path.join(PROGS, "region_pages"), *args],
                                  capture_output=True, text=True, timeout=HANG_S)
            self.assertEqual((proc.returncode, proc.stdout, proc.stderr),
                             (2, "", "usage: region_pages N [NAME]\n"), args)


class HotLoopExample(unittest.TestCase):
    """A 5-cell rod [0, .5, 1, .5, 0] swept twice: [0, .5, .5, .5, 0], then [0, .25, .5, .25,
    0], whose heat is 1."""
    OUT = "region_hot_loop n=5 sweeps=2 heat=1\n"

    def script(self):
        return [sys.executable, os.path.join(EXAMPLES, "region_hot_loop.py"), "5", "2"]

    def test_under_control(self):
        channel = Channel()
        self.addCleanup(channel.close)
        proc = subprocess.Popen(self.script(), env=channel.env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        for want in ("start hot-loop", "stop hot-loop"):
            self.assertEqual(channel.line(proc), want)
            channel.reply("ack")
        out, err = proc.communicate(timeout=HANG_S)
        self.assertEqual((proc.returncode, out, err), (0, self.OUT, ""))

    def test_alone(self):
        """No hpstat and no PYTHONPATH: the helper found in the source tree, doing nothing."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("HPSTAT_CONTROL") and k != "PYTHONPATH"}
        proc = subprocess.run(self.script(), env=env, capture_output=True, text=True,
                              timeout=HANG_S)
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, self.OUT, ""))

    def test_default_size(self):
        proc = subprocess.run(self.script()[:2], capture_output=True, text=True,
                              timeout=HANG_S, env={k: v for k, v in os.environ.items()
                                                   if not k.startswith("HPSTAT_CONTROL")})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"^region_hot_loop n=2000 sweeps=200 heat=\S+\n$")

    def test_usage(self):
        for args in (["2"], ["x"], ["5", "0"], ["5", "2", "1"]):
            proc = subprocess.run(self.script()[:2] + args, capture_output=True, text=True,
                                  timeout=HANG_S)
            self.assertEqual(proc.returncode, 2, args)
            self.assertRegex(proc.stderr, r"^usage: .*region_hot_loop\.py \[N\] \[SWEEPS\]\n$")


if __name__ == "__main__":
    unittest.main()
