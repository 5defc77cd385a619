"""test_event_syntax.py - perf's event grammar end to end, on the forms that count on any
machine: software events by number, name= and modifiers, tracepoint globs, cache spellings,
breakpoints on a variable of tests/progs/watched, bare names of sysfs PMU events, and the
one-line refusals."""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import unittest

from e2e import HPSTAT, prog, require_environment

HANG_S = 60
TRACEFS = "/sys/kernel/tracing/events"


def setUpModule():
    require_environment()


def hpstat(*args):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=HANG_S)


def rows(*args):
    """Runs hpstat -x, and returns {row name: first field} in order."""
    res = hpstat("-x", ",", *args)
    if res.returncode != 0:
        raise AssertionError("hpstat %s exited %d: %s" % (args, res.returncode, res.stderr))
    out = {}
    for line in res.stderr.splitlines():
        fields = line.split(",")
        if len(fields) >= 3:
            out[fields[2]] = fields[0]
    return out


class SoftwareForms(unittest.TestCase):
    def test_number_name_and_alias_count_the_same_faults(self):
        # Four counters of page faults on one run, enabled together at the exec: the same
        # faults, whatever the spelling.
        got = rows("-e", "1:2,page-faults,faults/name=pf/,software/config=2/",
                   prog("touch_pages"), "64")
        values = [got["1:2"], got["page-faults"], got["pf"], got["software/config=2/"]]
        self.assertEqual(len(set(values)), 1, got)
        self.assertGreaterEqual(int(values[0]), 64)

    def test_numeric_task_clock_is_time(self):
        # Spelt by number or by the software PMU's terms, task-clock is time, as by name.
        for spelling in ("1:1", "software/config=1/"):
            with self.subTest(spelling):
                res = hpstat("-x", ",", "-e", spelling, "true")
                self.assertEqual(res.returncode, 0, res.stderr)
                fields = res.stderr.strip().split(",")
                self.assertEqual(fields[1:3], ["msec", spelling])
                self.assertEqual(fields[-1], "CPUs utilized")

    def test_alignment_and_emulation_faults_count(self):
        got = rows("-e", "alignment-faults,emulation-faults", "true")
        self.assertEqual(got, {"alignment-faults": "0", "emulation-faults": "0"})

    def test_modifiers_in_every_place(self):
        # A named group with a modifier, raw letters run together, modifiers after a slash.
        got = rows("-e", "grp{task-clock,page-faults}:u,cs:k,task-clock:I,cycles//u,"
                   "1:2:u,cpu-clock:uDpS", "true")
        self.assertEqual(list(got), ["task-clock:u", "page-faults:u", "cs:k", "task-clock:I",
                                     "cycles//u", "1:2:u", "cpu-clock:uDpS"])

    def test_cache_spellings_name_one_event(self):
        res = hpstat("--json", "-e", "L1-dcache-load-miss,l1d-misses,L1-data-load-misses",
                     "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        events = json.loads(res.stderr)["events"]
        resolved = {e["resolved"] for e in events if not e["added"]}
        self.assertEqual(resolved, {"L1-dcache-load-misses"})


@unittest.skipUnless(os.path.isdir(TRACEFS), "tracefs is not mounted at /sys/kernel/tracing")
class TracepointGlobs(unittest.TestCase):
    def test_glob_expands_to_each_tracepoint_in_name_order(self):
        want = sorted(n for n in os.listdir(os.path.join(TRACEFS, "sched"))
                      if n.startswith("sched_process_")
                      and os.path.exists(os.path.join(TRACEFS, "sched", n, "id")))
        got = rows("-e", "sched:sched_process_*", "true")
        self.assertEqual(list(got), ["sched:" + n for n in want])

    def test_glob_in_a_group_with_a_modifier(self):
        # sh runs /bin/true as a child: one fork, two execs, two exits.
        got = rows("-e", "{sched:sched_process_e*,sched:sched_process_fork}:k", "sh", "-c",
                   "/bin/true; :")
        self.assertEqual(got, {"sched:sched_process_exec:k": "2",
                               "sched:sched_process_exit:k": "2",
                               "sched:sched_process_fork:k": "1"})

    def test_glob_matching_nothing_is_an_error(self):
        res = hpstat("-e", "sched:no_such_*", "true")
        self.assertEqual(res.returncode, 125)
        self.assertEqual(res.stderr.strip(), "hpstat: no tracepoint matches 'sched:no_such_*' "
                         "in '/sys/kernel/tracing/events'")


class Breakpoints(unittest.TestCase):
    """Breakpoints on the variable tests/progs/watched writes N times. Where the machine
    delivers breakpoints (a probe by the program itself says so), each write counts once;
    where it does not (some virtual machines; perf counts 0 there too), the event opens and
    counts 0, never <not supported>."""

    @classmethod
    def setUpClass(cls):
        watched = prog("watched")
        cls.address = subprocess.run([watched, "--address"], capture_output=True, text=True,
                                     check=True).stdout.strip()
        probe = subprocess.run([watched, "--probe", "1000"], capture_output=True, text=True,
                               check=True).stdout.strip()
        cls.per_write = {"1000": 1, "0": 0}[probe]

    def test_writes_counted_with_length_access_modifier_and_name(self):
        # The program's own writes are user-mode ones; the kernel may write the variable too
        # (zeroing its page at the exec: 8 writes on one x86 machine), which only :k and
        # the unmodified event see. Every event watches the same 8 bytes: a kernel that
        # zeroes a byte at a time hits a 4-byte watch half as often as an 8-byte one.
        a = self.address
        got = rows("-e", "mem:%s/8:w,mem:%s/8:w:u,mem:%s/8:w/name=stores/,mem:%s/8:wk"
                   % (a, a, a, a), prog("watched"), "1000")
        both, user = int(got["mem:%s/8:w" % a]), int(got["mem:%s/8:w:u" % a])
        kernel = int(got["mem:%s/8:wk" % a])
        self.assertEqual(user, 1000 * self.per_write, got)
        self.assertEqual(both, user + kernel, got)
        self.assertEqual(int(got["stores"]), both, got)

    def test_malformed_breakpoint_is_one_line(self):
        res = hpstat("-e", "mem:0/3:w", "true")
        self.assertEqual(res.returncode, 125)
        self.assertEqual(res.stderr, "hpstat: malformed breakpoint 'mem:0/3:w': the length "
                         "must be 1, 2, 4 or 8 bytes; write mem:ADDR[/LEN][:r|w|rw|x], as in "
                         "mem:0x601040/8:w\n")


MSR_TSC = "/sys/bus/event_source/devices/msr/events/tsc"


def verbose_encodings(stderr):
    """{row name: (resolved, attribute fields)} from -v's "'NAME' is RESOLVED: ATTR" lines."""
    out = {}
    for line in stderr.splitlines():
        m = re.match(r"hpstat: -v: '([^']*)' is (\S+): (type=.*)$", line)
        if m:
            out[m.group(1)] = (m.group(2), m.group(3))
    return out


class SysfsAliases(unittest.TestCase):
    """A bare name that a sysfs PMU publishes in its events/ is that PMU's event, as in perf:
    the x86 msr PMU's tsc (present in virtual machines too) stands for them all."""

    @unittest.skipUnless(os.path.exists(MSR_TSC), "no msr PMU with a tsc event here")
    def test_bare_name_is_the_pmu_event(self):
        res = hpstat("-v", "-x,", "-e", "tsc,msr/tsc/,TSC,tsc:u", "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        enc = verbose_encodings(res.stderr)
        # The same encoding as the slashed form; any case, as perf matches these names.
        self.assertEqual(enc["tsc"], ("msr/tsc/", enc["msr/tsc/"][1]), res.stderr)
        self.assertEqual(enc["TSC"], enc["tsc"])
        self.assertEqual(enc["tsc:u"][0], "msr/tsc/u")
        self.assertIn("exclude_kernel=1", enc["tsc:u"][1])
        counts = {l.split(",")[2]: l.split(",")[0] for l in res.stderr.splitlines()
                  if not l.startswith("hpstat: ")}
        for name in ("tsc", "msr/tsc/", "TSC"):
            self.assertGreater(int(counts[name]), 0, res.stderr)

    @unittest.skipUnless(os.path.exists(MSR_TSC), "no msr PMU with a tsc event here")
    def test_csv_resolved_column_names_the_pmu_form(self):
        res = hpstat("--csv", "-e", "tsc", "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        row = next(csv.DictReader(io.StringIO(res.stderr)))
        self.assertEqual((row["event"], row["resolved"], row["state"]),
                         ("tsc", "msr/tsc/", "counted"))

    @unittest.skipUnless(os.path.exists(MSR_TSC) and shutil.which("perf"),
                         "no msr PMU with a tsc event, or no perf, here")
    def test_perf_counts_the_same_name(self):
        res = subprocess.run(["perf", "stat", "-x,", "-e", "tsc", "true"], capture_output=True,
                             text=True, timeout=HANG_S)
        self.assertEqual(res.returncode, 0, res.stderr)
        fields = res.stderr.strip().splitlines()[-1].split(",")
        self.assertEqual(fields[2], "tsc", res.stderr)
        self.assertGreater(int(fields[0]), 0, res.stderr)

    def test_name_found_nowhere_is_still_unknown(self):
        res = hpstat("-e", "no_such_event_anywhere", "true")
        self.assertEqual(res.returncode, 125, res.stderr)
        self.assertEqual(res.stderr, "hpstat: unknown event 'no_such_event_anywhere': see "
                         "'man hpstat' for event names\n")


class Verbose(unittest.TestCase):
    def test_encoding_and_what_was_ignored(self):
        res = hpstat("-v", "-x,", "-e", "page-faults:uP,faults/period=1,name=pf/,duration_time",
                     "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        lines = [l for l in res.stderr.splitlines() if l.startswith("hpstat: -v: ")]
        self.assertEqual(lines, [
            "hpstat: -v: 'page-faults:uP' is page-faults:u: type=1 config=0x2 inherit=1 "
            "exclude_kernel=1 exclude_hv=1 exclude_guest=1",
            "hpstat: -v: 'page-faults:uP': modifier P asks for precise sampled addresses, "
            "which counting has none of: ignored (precise_ip 0)",
            "hpstat: -v: 'pf' is page-faults: type=1 config=0x2 inherit=1 exclude_guest=1",
            "hpstat: -v: 'pf': term 'period' changes nothing hpstat counts: ignored",
            "hpstat: -v: 'duration_time': a tool event, measured by hpstat (no counter)"])

    @unittest.skipUnless(os.path.isdir("/sys/bus/event_source/devices/msr"),
                         "no msr PMU on this machine")
    def test_guest_filter_fallback_is_said(self):
        res = hpstat("-v", "-x,", "-e", "msr/tsc/", "true")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("hpstat: -v: 'msr/tsc/': its PMU cannot leave guests out: opened "
                      "without exclude_guest, as perf opens it\n", res.stderr)

    def test_quiet_silences_it(self):
        res = hpstat("-q", "-v", "-e", "task-clock", "true")
        self.assertEqual((res.returncode, res.stderr), (0, ""))


class Refusals(unittest.TestCase):
    def assert_refused(self, event, message):
        res = hpstat("-e", event, "true")
        self.assertEqual(res.returncode, 125, res.stderr)
        self.assertEqual(res.stderr, "hpstat: " + message + "\n")

    def test_modifiers(self):
        self.assert_refused("cycles:uu", "modifier 'u' given twice in event 'cycles:uu': "
                            "write each once")
        self.assert_refused("{cycles,instructions}:pppp", "too many 'p' modifiers in event "
                            "'cycles:pppp': the precise levels are p, pp and ppp")

    def test_cache_operation_the_cache_has_not(self):
        self.assert_refused("L1-icache-stores", "cache event 'L1-icache-stores': the "
                            "L1-icache cache has no store operation; it has load, prefetch")

    def test_terms(self):
        self.assert_refused("cycles/umask=1/", "unknown term 'umask' in event "
                            "'cycles/umask=1/': a generic or raw event takes config, config1, "
                            "config2, name and perf's sampling terms")
        self.assert_refused("cycles/no-inherit/", "term 'no-inherit' in event "
                            "'cycles/no-inherit/' is not supported: hpstat sets inheritance "
                            "for all events at once: use -i (--no-inherit)")


if __name__ == "__main__":
    unittest.main()
