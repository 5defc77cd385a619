"""test_docs.py - every command the README and the man pages' EXAMPLES show runs here, so that
the documentation cannot rot.

The commands are read from the documents themselves: README.md's fenced code blocks (a `sh`
block holds commands; a block whose first line starts with "$ " is a transcript, commands and
the output they print) and the .EX/.EE blocks of the EXAMPLES sections of hpstat(1),
hpstat-events(5) and hpstat-plot(1). Each command must have an entry in COMMANDS below, which
says how it runs here and what its output must show; a command the documents gain without an
entry fails the test (and so does an entry whose command the documents lost). Commands that
cannot run in a test (apt-get, systemctl, groupadd, sudo make install-caps) have entries that
say why, and are checked another way.

Each document's commands run in order, as a reader would type them, in a directory of their
own laid out as the examples assume: ./prog (tests/progs/doc_prog), ./diffusion and
examples/ (the built example and the Python ones), ./src/hpstat, model.py, a running
"myserver" (tests/progs/waiter under that name, which says it runs through a pipe), a
Pushgateway stand-in on loopback, and cgroups made for the test. "hpstat", "hpstat-plot" and
"python3" are the built programs and this test's Python, first on PATH. Workloads and
repetitions are made small (REWRITES and each entry's rewrite), intervals short, and every
rewrite is applied to the sample output too, whose shape (its lines, numbers aside) must be
found in what the command prints. Nothing waits by the clock: a command that counts until
Ctrl-C gets its SIGINT once its first interval line or file is out. The commands run as root,
as CI runs them (an unprivileged user's counts are user mode only, named NAME:u, which the
samples do not show): elsewhere this part is skipped, saying so.

No example may mix a command's own output with hpstat's report: a redirection of hpstat's
standard error (where the report goes) or "-o -" beside a command is refused everywhere in the
documents, inline code included, and "-o FILE" is what they show instead.
"""
import http.server
import json
import os
import re
import select
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid

from e2e import HPSTAT, PROGS, has_pmu, require_environment, start_ready

HANG_S = 60
SRCDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HPSTAT_PLOT = os.environ.get("HPSTAT_PLOT")
EXAMPLES = os.environ.get("EXAMPLES")
DIFFUSION = os.environ.get("DIFFUSION")
EVENTS_DIR = os.environ.get("HPSTAT_EVENTS_DIR")
CI = os.environ.get("CI") == "true"

README = "README.md"
MAN_PAGES = ("man/hpstat.1.in", "man/hpstat-events.5.in", "man/hpstat-plot.1")


def setUpModule():
    require_environment()
    for name, value in (("HPSTAT_PLOT", HPSTAT_PLOT), ("EXAMPLES", EXAMPLES),
                        ("DIFFUSION", DIFFUSION), ("HPSTAT_EVENTS_DIR", EVENTS_DIR)):
        if not value:
            raise RuntimeError(name + " is not set (make check sets it)")


def default_signals():
    """For a preexec_fn: make may start the tests with SIGINT ignored, which a command
    would keep; the commands that end on Ctrl-C need it at its default."""
    for signo in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signo, signal.SIG_DFL)


def read_source(path):
    with open(os.path.join(SRCDIR, path), encoding="utf-8") as f:
        return f.read()


# ---------------------------------------------------------------------------------------------
# Reading the commands out of the documents

class Command:
    """One command line as a document shows it: text is the logical line (continuations
    joined, a trailing comment dropped); output is the sample output a transcript shows
    after it (a list of lines), or None."""

    def __init__(self, doc, line, text, output=None, block=None):
        self.doc, self.line, self.text, self.output, self.block = doc, line, text, output, block

    @property
    def key(self):
        return " ".join(self.text.split())

    def where(self):
        return "%s:%d" % (self.doc, self.line)


class Block:
    """A fenced block of the README (lang: its info string; marker: the HTML comment right
    before it) or an .EX block of a man page (lang "roff")."""

    def __init__(self, doc, line, lang, lines, marker=None):
        self.doc, self.line, self.lang, self.lines, self.marker = doc, line, lang, lines, marker

    @property
    def first(self):
        return next((line.strip() for line in self.lines if line.strip()), "")


def strip_comment(line):
    """line without a shell comment: a # that starts a word outside quotes, to the end."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
            elif c == "\\" and quote == '"':
                continue
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line.rstrip()


def logical_lines(lines, first_line):
    """(line number, text) of each command in a block of shell lines: continuations joined,
    comments and blank lines dropped."""
    out, pending, start = [], "", None
    for n, raw in enumerate(lines, first_line):
        if start is None:
            start = n
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        text = strip_comment(pending + raw).strip()
        pending = ""
        if text:
            out.append((start, text))
        start = None
    return out


def readme_blocks(text):
    blocks, lines = [], text.split("\n")
    i, marker = 0, None
    while i < len(lines):
        m = re.match(r"^```(\S*)\s*$", lines[i])
        if m:
            end = i + 1
            while end < len(lines) and lines[end].rstrip() != "```":
                end += 1
            if end == len(lines):
                raise AssertionError("README.md:%d: a code block that never ends" % (i + 1))
            blocks.append(Block(README, i + 2, m.group(1), lines[i + 1:end], marker))
            i, marker = end + 1, None
            continue
        c = re.match(r"^<!--\s*(\S+)\s*-->\s*$", lines[i])
        if c:
            marker = c.group(1)
        elif lines[i].strip():
            marker = None
        i += 1
    return blocks


def inline_code(text):
    """The README's inline code spans outside its fenced blocks."""
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.findall(r"`([^`\n]+)`", prose)


ROFF_ESCAPES = {r"\-": "-", r"\(aq": "'", r"\(dq": '"', r"\(ga": "`", r"\(ti": "~",
                r"\(ha": "^", r"\e": "\\", r"\&": "", r"\(rs": "\\", r"\ ": " ",
                r"\fB": "", r"\fI": "", r"\fR": "", r"\fP": "", r"\%": ""}


def unroff(line, where):
    """A line of an .EX block as the reader sees it; an escape not known here fails, so that
    a new one is looked at rather than mangled."""
    out, i = [], 0
    while i < len(line):
        if line[i] != "\\":
            out.append(line[i])
            i += 1
            continue
        for esc, plain in ROFF_ESCAPES.items():
            if line.startswith(esc, i):
                out.append(plain)
                i += len(esc)
                break
        else:
            raise AssertionError("%s: roff escape %r is not known to test_docs.py"
                                 % (where, line[i:i + 4]))
    return "".join(out)


def man_blocks(doc, text, section=None):
    """The .EX blocks of a man page, of one section (its .SH title) or of all."""
    blocks, current, inside = [], None, None
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith(".SH "):
            current = line[4:].strip().strip('"')
        elif line.startswith(".EX"):
            inside = Block(doc, n + 1, "roff", [])
        elif line.startswith(".EE"):
            if inside and (section is None or current == section):
                blocks.append(inside)
            inside = None
        elif inside is not None:
            inside.lines.append(unroff(line, "%s:%d" % (doc, n)))
    return blocks


def transcript(block):
    """A block whose first line starts with "$ ": its commands, each with the output lines
    that follow it."""
    commands = []
    for n, line in enumerate(block.lines, block.line):
        if line.startswith("$ "):
            commands.append(Command(block.doc, n, strip_comment(line[2:]).strip(), [], block))
        elif commands:
            commands[-1].output.append(line)
    return commands


def document_commands():
    """{document: [Command, ...]} in document order, and the blocks that hold no commands:
    [(Block, kind)] with kind "python", "excerpt" or "file"."""
    docs, others = {}, []
    readme = read_source(README)
    for block in readme_blocks(readme):
        if block.marker == "run-command":
            # It installs packages and builds (TopCommands); its last step measures.
            last = " ".join(block.lines).split("&&")[-1].strip()
            # "$S" is sudo for a user, nothing for root; this test runs as root.
            last = re.sub(r"^\$S ", "", last)
            docs.setdefault(README, []).append(Command(README, block.line, last, None, block))
            continue
        if block.marker == "test-command":
            continue  # CI runs it, and it runs this test (TopCommands)
        if block.lang == "sh":
            docs.setdefault(README, []).extend(
                Command(README, n, text, None, block)
                for n, text in logical_lines(block.lines, block.line))
        elif block.lang == "" and block.first.startswith("$ "):
            docs.setdefault(README, []).extend(transcript(block))
        elif block.lang == "python":
            others.append((block, "python"))
        elif block.lang == "":
            others.append((block, "excerpt"))
        else:
            raise AssertionError("%s:%d: a ```%s block: test_docs.py knows sh, python, and "
                                 "plain blocks" % (block.doc, block.line, block.lang))
    for page in MAN_PAGES:
        for block in man_blocks(page, read_source(page), "EXAMPLES"):
            if block.first in FILES:
                others.append((block, "file"))
                docs.setdefault(page, []).append(Command(page, block.line, None, None, block))
                continue
            docs.setdefault(page, []).extend(
                Command(page, n, text, None, block)
                for n, text in logical_lines(block.lines, block.line))
    return docs, others


# ---------------------------------------------------------------------------------------------
# Redirections that mix a command's output with hpstat's report

_OPTIONS = None


def hpstat_options():
    """{option: takes an argument} from hpstat --help: the short and long options of its
    option lines, an argument being the upper-case word or the choices after the name."""
    global _OPTIONS
    if _OPTIONS is None:
        res = subprocess.run([HPSTAT, "--help"], capture_output=True, text=True,
                             timeout=HANG_S)
        options = {}
        for line in res.stdout.splitlines():
            if not re.match(r"^ {2,}-", line):
                continue
            head = re.split(r"\s{2,}", line.strip())[0]
            names = re.findall(r"(--?[\w-]+)(?:[ =]((?:\[?[A-Z][\w,.:\[\]=-]*)|"
                               r"\S*\|\S*))?", head)
            # "-e, --event LIST": the short option takes what its long one takes
            takes = any(arg for _, arg in names)
            for name, arg in names:
                options[name] = bool(arg) or (takes and not name.startswith("--"))
        if "-o" not in options or not options["-o"] or options.get("-r") is not True:
            raise AssertionError("hpstat --help was not understood: %r" % res.stdout[:200])
        _OPTIONS = options
    return _OPTIONS


HPSTAT_WORD = re.compile(r"^(?:\S*/)?hpstat$")


def segments(text):
    """The simple commands of a shell line, each as (words, redirections, piped): words
    outside quotes, the redirection operators with their descriptor, and whether its output
    goes into a pipe."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|<>()")
    lexer.whitespace_split = True
    lexer.commenters = ""
    tokens = list(lexer)
    out, words, redirs = [], [], []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in ("|", "|&", ";", "&&", "||", "&", "(", ")"):
            out.append((words, redirs, tok in ("|", "|&")))
            if tok == "|&":
                redirs.append("2>&1")
            words, redirs = [], []
        elif set(tok) <= set("<>&|") and tok.strip("<"):
            # shlex splits "2>" into "2" and ">": the descriptor is the word just before,
            # if it is a number written against the operator
            fd = ""
            if words and words[-1].isdigit() and text.find(words[-1] + tok) >= 0:
                fd = words.pop()
            redirs.append(fd + tok)
            i += 1  # the target
        else:
            words.append(tok)
        i += 1
    out.append((words, redirs, False))
    return out


def runs_a_command(args):
    """Whether hpstat's arguments name a command to run (or --compare's command lines)."""
    options = hpstat_options()
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            return i + 1 < len(args)
        if a.startswith("--"):
            name = a.split("=", 1)[0]
            if options.get(name) and "=" not in a:
                if name in ("--list",):  # an optional argument
                    pass
                else:
                    i += 1
        elif a.startswith("-") and len(a) > 1:
            for j, letter in enumerate(a[1:], 1):
                name = "-" + letter
                if options.get(name):
                    if j == len(a) - 1:
                        i += 1
                    break
        else:
            return True
        i += 1
    return False


def mixing(text):
    """What is wrong with a shell line, as messages: each way it mixes the output of the
    command hpstat runs with hpstat's report."""
    problems = []
    for words, redirs, piped in segments(text):
        while words and re.match(r"^[A-Za-z_]\w*=", words[0]):
            words = words[1:]
        while words and words[0] in ("sudo", "env", "exec", "command", "nohup"):
            words = words[1:]
        if not words or not HPSTAT_WORD.match(words[0]):
            continue
        args = words[1:]
        to_stdout = any(a in ("-o", "--output") and b == "-" for a, b in zip(args, args[1:]))
        to_stdout = to_stdout or "--output=-" in args or "-o-" in args
        command = runs_a_command(args)
        for r in redirs:
            if r.startswith("2") or r.startswith("&") or r.endswith(">&1") or r == ">&":
                problems.append("%r redirects hpstat's standard error, where the report goes "
                                "mixed with the command's own messages: use -o FILE" % r)
            elif r in (">", ">>", "1>", "1>>", ">|") and to_stdout and command:
                problems.append("%r catches the report of -o - with the command's own "
                                "output: use -o FILE" % r)
        if piped and to_stdout and command:
            problems.append("a pipe gets the report of -o - with the command's own output: "
                            "use -o FILE")
        elif to_stdout and command:
            problems.append("-o - puts the report among the command's own output: use "
                            "-o FILE")
    return problems


# ---------------------------------------------------------------------------------------------
# The shape of a report: its lines with the numbers taken out

def shape_line(line):
    """A line of output with what varies from run to run and machine to machine taken out,
    or None for a line that says nothing about the shape ("...", blank, notes and warnings,
    which depend on the machine and the noise)."""
    s = line.strip()
    if not s or s == "..." or s.startswith(("note:", "warning:")):
        return None
    if not s.startswith("#"):
        s = s.split(" #", 1)[0]  # the derived metric, which depends on the PMU
    s = re.sub(r"<not (?:supported|counted|available)>", "N", s)
    s = re.sub(r"(?<![A-Za-z_])[-+]?\d(?:[\d,.]*\d)?(?:e[-+]?\d+)?", "N", s)
    s = re.sub(r"[KMGT]?/sec\b", "/sec", s)
    s = re.sub(r"\b(?:better|worse|no significant change)\b", "VERDICT", s)
    s = re.sub(r"^N\. \[N\] .*", "N. [N] COMMAND", s)  # a ranking's order is measured
    return " ".join(s.split()) or None


def assert_shape(test, sample, actual, what):
    """Each line of the sample, numbers aside, is in the actual output, in the same order."""
    want = [s for s in map(shape_line, sample) if s]
    have = [s for s in map(shape_line, actual.splitlines()) if s]
    at = 0
    for line in want:
        try:
            at = have.index(line, at) + 1
        except ValueError:
            test.fail("%s: the sample's line %r is not in the output (after line %d):\n%s"
                      % (what, line, at, actual))


# ---------------------------------------------------------------------------------------------
# What each command needs, and what its output must show

class Spec:
    """How a documented command runs here.

    status: the exit status it must end with, or a function (test, result, shown) that
    checks a status that depends on the machine and returns whether the command counted;
    check: a function (test, ctx, result) with more to assert; rewrite: (old, new) pairs or a
    function of the context giving them, applied to the command and its sample output;
    stop: None (it ends by itself), "interval" (SIGINT once hpstat printed its first interval
    line) or a file name (SIGINT once that file exists); cgroups: needs cgroups of its own,
    which need a cgroup2 mount (skipped without one, failed in CI, as test_cgroup.py does);
    not_run: the reason it cannot run in a test, with check then checking it another way;
    export: an "export NAME=VALUE" line, whose variable the following commands of the
    document get."""

    def __init__(self, status=0, check=None, rewrite=(), stop=None, not_run=None,
                 export=False, cgroups=False):
        self.status, self.check, self.rewrite, self.stop = status, check, rewrite, stop
        self.not_run, self.export, self.cgroups = not_run, export, cgroups


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr

    @property
    def output(self):
        return self.stdout + self.stderr


def run(**kw):
    return Spec(**kw)


def not_run(reason, check=None):
    return Spec(not_run=reason, check=check)


# Small workloads: the examples' defaults take seconds a run on a slow machine. Applied to
# every command (and its sample output) before anything else.
REWRITES = (
    (r"(\./(?:examples/)?diffusion (?:alloc|inplace))(?=['\s]|$)(?! *[\d{])", r"\1 64 50"),
    (r"(examples/diffusion_\w+\.py)(?=['\s]|$)(?! *[\d{])", r"\1 24 8"),
)


def apply_rewrites(text, pairs):
    for pattern, replacement in REWRITES:
        text = re.sub(pattern, replacement, text)
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def events_of(report):
    """The event names of a text report's count lines, in order."""
    names = []
    for line in report.splitlines():
        if line.strip().startswith(("warning:", "note:")):
            continue
        m = re.match(r"^\s*(?:\S+\s+)?(?:[\d.,]+|<not \w+>)\s+(?:msec\s+|ns\s+)?"
                     r"([\w:./{}=*@-]+(?:\s\[added\])?)(?:\s|$)", line)
        if m and not re.match(r"^\s*[\d.]+\s+seconds", line):
            names.append(m.group(1).replace(" [added]", ""))
    return names


def has_events(*names):
    def check(test, ctx, res):
        found = events_of(res.stderr)
        for name in names:
            test.assertIn(name, found, res.stderr)
    return check


def title(pattern):
    def check(test, ctx, res):
        test.assertRegex(res.stderr, r"Performance counter stats for " + pattern, res.stderr)
    return check


def all_of(*checks):
    def check(test, ctx, res):
        for c in checks:
            c(test, ctx, res)
    return check


def json_file(name, runs=None):
    def check(test, ctx, res):
        with open(ctx.path(name)) as f:
            doc = json.load(f)
        test.assertEqual(doc["schema_version"], 1)
        if runs is not None:
            test.assertEqual(doc["runs_done"], runs)
    return check


def man_csv_header():
    """The header row hpstat(1) documents under CSV OUTPUT."""
    block = man_blocks("man/hpstat.1.in", read_source("man/hpstat.1.in"), "CSV OUTPUT")[0]
    return "".join(line.strip() for line in block.lines)


def csv_file(name, header):
    def check(test, ctx, res):
        with open(ctx.path(name)) as f:
            lines = f.read().splitlines()
        want = header() if callable(header) else header
        test.assertEqual(lines[0], want)
        test.assertGreater(len(lines), 1)
    return check


def promtool_valid(test, text):
    promtool = shutil.which("promtool")
    if not promtool:
        test.fail("promtool is not installed: install Prometheus (Debian: apt-get install "
                  "prometheus), which .ci/run does")
    res = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                         text=True, timeout=HANG_S)
    test.assertEqual(res.returncode, 0, res.stdout + res.stderr + text)


def prom_file(name, *must):
    def check(test, ctx, res):
        with open(ctx.path(name)) as f:
            text = f.read()
        promtool_valid(test, text)
        for m in must:
            test.assertIn(m, text)
    return check


_PMU = []


def pmu_here():
    """Whether hardware events count here (asked once: it runs perf)."""
    if not _PMU:
        _PMU.append(has_pmu())
    return _PMU[0]


def pmu_or_refused(refusal):
    """The status of a command that needs a hardware PMU: refused (125) with the reason
    where there is none; where there is one, it counts, unless hpstat finds nothing for this
    CPU, which it refuses the same way. Returns whether it counted."""
    def status(test, res, shown):
        if res.returncode == 0 and pmu_here():
            return True
        test.assertEqual(res.returncode, 125, shown)
        test.assertIn(refusal, res.stderr, shown)
        if not pmu_here():
            test.assertIn("no hardware PMU", res.stderr, shown)
        return False
    return status


def doctor_check(test, ctx, res):
    """--doctor reports what the README says it does, each finding ok, info, warning or
    problem."""
    findings = dict(re.findall(r"^(\w+)\s+(ok|info|warning|problem)\s", res.stdout, re.M))
    for name in ("hardware_pmu", "perf_event_paranoid", "capabilities", "seccomp",
                 "nmi_watchdog", "hybrid_cpu", "smt", "cpu_governor", "turbo", "tracefs"):
        test.assertIn(name, findings, res.stdout)


def own_event_status(test, res, shown):
    """A CPU's own event names exist only on that CPU (with a PMU): elsewhere they are an
    unknown event. Returns whether it counted."""
    if res.returncode == 0 and pmu_here():
        return True
    test.assertEqual(res.returncode, 125, shown)
    test.assertRegex(res.stderr, r"^hpstat: unknown event '[\w:]+'", shown)
    return False


def textfile_rewrite(ctx):
    return [("/var/lib/prometheus/node-exporter/", ctx.path("textfile") + "/"),
            ("-I 10000", "-I 100")]


def cgroup_rewrite(ctx):
    names = ("system.slice/nginx.service", "system.slice/postgresql.service", "user.slice")
    return [(n, ctx.cgroup(n)) for n in names] + [("-I 10000", "-I 100")]


def job42_rewrite(ctx):
    job = ctx.cgroup("job42", make=False)
    return [("/sys/fs/cgroup/job42", os.path.join(ctx.cgroup_mount(), job)),
            ("-G job42", "-G " + job)]


def cgroup_rows(*names):
    def check(test, ctx, res):
        for n in names:
            test.assertIn(ctx.cgroup(n), res.stderr)
    return check


def job42_counted(test, ctx, res):
    job = ctx.cgroup("job42", make=False)
    rows = [line for line in res.stderr.splitlines() if job in line and "page-faults" in line]
    test.assertEqual(len(rows), 1, res.stderr)
    test.assertGreater(int(re.sub(r"[,.]", "", rows[0].split()[1])), 0, rows[0])


def pushed(test, ctx, res):
    test.assertEqual(len(ctx.pushes), 1, ctx.pushes)
    method, path, body = ctx.pushes[0]
    test.assertEqual((method, path), ("PUT", "/metrics/job/nightly/branch/main"))
    test.assertIn("hpstat_runs_total", body)


def plot_file(name, magic):
    def check(test, ctx, res):
        with open(ctx.path(name), "rb") as f:
            test.assertIn(magic, f.read())
    return check


def report_file(name, command):
    def check(test, ctx, res):
        with open(ctx.path(name)) as f:
            test.assertIn("Performance counter stats for '%s'" % command, f.read())
        test.assertEqual(res.stderr, "")
    return check


def perf_x_lines(test, ctx, res):
    lines = [line for line in res.stderr.splitlines() if line]
    test.assertTrue(lines)
    for line in lines:
        test.assertGreaterEqual(len(line.split(",")), 7, line)


def perf_j_lines(test, ctx, res):
    lines = [line for line in res.stderr.splitlines() if line]
    test.assertTrue(lines)
    for line in lines:
        test.assertIn("event", json.loads(line))


def metric_only(test, ctx, res):
    lines = [line for line in res.stderr.splitlines() if line]
    test.assertEqual(len(lines), 2, res.stderr)
    test.assertIn("CPUs utilized", lines[0].split(","))
    test.assertEqual(len(lines[0].split(",")), len(lines[1].split(",")))


def interval_csv(test, ctx, res):
    with open(ctx.path("load.csv")) as f:
        rows = f.read().splitlines()
    test.assertTrue(rows[0].startswith("time,"), rows[0])
    times = {row.split(",")[0] for row in rows[1:]}
    test.assertEqual(len(times), 3, rows)  # two intervals and the total, which has none
    test.assertIn("", times)


def interrupted(test, ctx, res):
    test.assertIn("(interrupted)", res.stderr)


def compared(n, *names):
    def check(test, ctx, res):
        test.assertIn("Comparison of %d commands" % n, res.stderr)
        for name in names:
            test.assertIn(name, res.stderr)
        test.assertIn("Ranking by elapsed, best first:", res.stderr)
    return check


def region(name):
    def check(test, ctx, res):
        test.assertRegex(res.stderr, r"Region '%s' \(\d+ calls?" % re.escape(name))
    return check


def per_thread(test, ctx, res):
    test.assertRegex(res.stderr, r"(?m)^myserver-%d\s" % ctx.server_pid)


# -- the commands that cannot run in a test, checked another way

def check_group_name(test, ctx, res):
    """The group these commands make is the one make install-caps gives the binary to."""
    test.assertRegex(read_source("Makefile.am"), r"(?m)^PERF_GROUP = perf_users$")


def check_install_caps(test, ctx, res):
    """make install-caps into a DESTDIR: without the group it refuses, naming groupadd; with
    one (root's, as root) the binary becomes root:GROUP, 0750, with cap_perfmon=p."""
    builddir = os.path.dirname(os.path.dirname(HPSTAT))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
    with tempfile.TemporaryDirectory() as dest:
        bindir = os.path.join(dest, "bin")
        os.mkdir(bindir)
        shutil.copy(HPSTAT, os.path.join(bindir, "hpstat"))
        refused = subprocess.run(
            ["make", "-s", "-C", builddir, "install-caps", "DESTDIR=", "bindir=" + bindir,
             "PERF_GROUP=hpstat-no-such-group-%s" % uuid.uuid4().hex[:6]],
            capture_output=True, text=True, timeout=HANG_S, env=env)
        test.assertNotEqual(refused.returncode, 0)
        test.assertIn("groupadd", refused.stderr)
        if not shutil.which("setcap") or not shutil.which("getcap"):
            why = "setcap/getcap are not installed (Debian: libcap2-bin)"
            if CI:
                test.fail("make install-caps is not tried: " + why)
            sys.stderr.write("test_docs: make install-caps only checked refusing (%s)\n" % why)
            return
        group = subprocess.run(["getent", "group", "0"], capture_output=True, text=True,
                               timeout=HANG_S).stdout.split(":")[0]
        done = subprocess.run(["make", "-s", "-C", builddir, "install-caps", "DESTDIR=" + dest,
                               "bindir=/bin", "PERF_GROUP=" + group],
                              capture_output=True, text=True, timeout=HANG_S, env=env)
        test.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        st = os.stat(os.path.join(bindir, "hpstat"))
        test.assertEqual((stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid), (0o750, 0, 0))
        caps = subprocess.run(["getcap", os.path.join(bindir, "hpstat")], capture_output=True,
                              text=True, timeout=HANG_S).stdout
        test.assertRegex(caps, r"cap_perfmon[=+]p")


def unit_text():
    return read_source("contrib/hpstat-textfile.service")


def check_unit_copy(test, ctx, res):
    """The file the README copies exists and runs hpstat from /usr/local/bin, as its comment
    says. (test_prometheus.py's Unit tests verify it with systemd-analyze and run its
    command line.)"""
    test.assertRegex(unit_text(), r"(?m)^ExecStart=/usr/local/bin/hpstat ")


def check_unit_enable(test, ctx, res):
    """systemctl enable needs an [Install] section, and the unit's name is the file's."""
    test.assertRegex(unit_text(), r"(?m)^\[Install\]\nWantedBy=")
    test.assertTrue(os.path.exists(os.path.join(SRCDIR, "contrib", "hpstat-textfile.service")))


BASH_COMPLETION_LINE = ". contrib/completion/hpstat.bash"
ZSH_COMPLETION_LINE = "fpath=($PWD/contrib/completion $fpath); autoload -Uz compinit; compinit"


def completion_env(home):
    """The built hpstat first on PATH, as an installed one would be, and a home of its own."""
    return dict(os.environ, HOME=home, ZDOTDIR=home,
                PATH=os.path.dirname(HPSTAT) + os.pathsep + os.environ.get("PATH", ""))


def check_bash_completion(test, ctx, res):
    """bash runs the line in the source tree: hpstat then completes with _hpstat, and --rep
    becomes --repeat. (tests/test_completion.py tests the completion itself.)"""
    script = ("%s && complete -p hpstat && COMP_WORDS=(hpstat --rep) COMP_CWORD=1 "
              "COMP_LINE='hpstat --rep' COMP_POINT=12 && _hpstat && "
              "printf '%%s\\n' \"${COMPREPLY[@]}\"" % BASH_COMPLETION_LINE)
    with tempfile.TemporaryDirectory() as home:
        done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], cwd=SRCDIR,
                              env=completion_env(home), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=HANG_S)
    test.assertEqual((done.returncode, done.stdout),
                     (0, "complete -F _hpstat hpstat\n--repeat\n"), done.stderr)


def check_zsh_completion(test, ctx, res):
    """zsh runs the line in the source tree, with a home of its own for compinit's dump:
    hpstat's completion is then _hpstat, the file's function. (tests/test_completion.py
    tests the completion itself.)"""
    with tempfile.TemporaryDirectory() as home:
        # compinit refuses (non-interactively: aborts) directories another user owns, as
        # the source tree is when a user built it and the tests run as root: the line runs
        # in a copy owned by whoever runs it, as a user's own tree is.
        tree = os.path.join(home, "tree")
        shutil.copytree(os.path.join(SRCDIR, "contrib", "completion"),
                        os.path.join(tree, "contrib", "completion"))
        done = subprocess.run(["zsh", "-f", "-c", ZSH_COMPLETION_LINE +
                               "; print -r -- $_comps[hpstat]"], cwd=tree,
                              env=completion_env(home), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=HANG_S)
    test.assertEqual((done.returncode, done.stdout.splitlines()[-1:]), (0, ["_hpstat"]),
                     done.stderr)


def check_debian(test, ctx, res):
    """dpkg-buildpackage needs debian/rules and debian/control, once debian/ is there."""
    debian = os.path.join(SRCDIR, "debian")
    if os.path.isdir(debian):
        for name in ("rules", "control", "changelog"):
            test.assertTrue(os.path.exists(os.path.join(debian, name)), name)


ALL_DEFAULT = ("task-clock", "context-switches", "cpu-migrations", "page-faults", "cycles",
               "instructions", "branches", "branch-misses")

PID_TIMEOUT = [("--timeout 10000", "--timeout 100")]

# Every command the documents show, by its text (spaces collapsed, comment dropped).
COMMANDS = {
    # README: first use
    "hpstat --doctor": run(check=doctor_check),
    "hpstat -r 3 ./examples/diffusion alloc": run(check=title(r"'\./examples/diffusion alloc "
                                                              r"64 50' \(3 runs\)")),
    "./src/hpstat -r 3 ./examples/diffusion alloc": run(),  # the run-command's last step
    "hpstat ./prog": run(check=all_of(title("'./prog':"), has_events(*ALL_DEFAULT))),
    "hpstat -r 5 ./prog": run(check=title(r"'\./prog' \(5 runs\)")),
    "hpstat -e cycles,cache-misses -r 3 ./prog": run(
        check=has_events("cycles", "instructions", "cache-misses", "cache-references")),
    "hpstat -e '{cycles,instructions}:u' ./prog": run(check=has_events("cycles:u",
                                                                       "instructions:u")),
    "hpstat -e amd64_fam19h_zen4::RETIRED_INSTRUCTIONS ./prog": run(status=own_event_status),
    "hpstat -o report.txt python3 model.py": run(check=report_file("report.txt",
                                                                   "python3 model.py")),
    "hpstat -e @cache -r 5 ./prog": run(),
    "hpstat -e msr/tsc/,sched:sched_switch ./prog": run(
        check=has_events("msr/tsc/", "sched:sched_switch")),
    "hpstat -e 'sched:sched_process_*,mem:0x601040/8:w:u' ./prog": run(
        check=has_events("sched:sched_process_exec", "mem:0x601040/8:w:u")),
    "hpstat -e 'instructions/name=insn/,l1d-miss,r1a:kp,1:1' ./prog": run(
        check=has_events("insn", "l1d-miss", "r1a:kp", "1:1")),
    "hpstat -e task-clock,duration_time,user_time,system_time ./prog": run(
        check=has_events("task-clock", "duration_time", "user_time", "system_time")),
    "hpstat --list --supported": run(check=lambda t, c, r: (t.assertIn("task-clock", r.stdout),
                                                            t.assertIn("page-faults",
                                                                       r.stdout))),
    "hpstat -n -r 20 ./prog": run(check=lambda t, c, r: (
        t.assertEqual(events_of(r.stderr), []), t.assertIn("seconds time elapsed", r.stderr))),
    "hpstat -d ./prog": run(check=has_events("L1-dcache-loads", "L1-dcache-load-misses",
                                             "LLC-loads", "LLC-load-misses")),
    "hpstat --all-user -e cycles,instructions ./prog": run(check=has_events("cycles:u",
                                                                            "instructions:u")),
    "hpstat -r 10 --table ./prog": run(check=lambda t, c, r: t.assertIn(
        "# Table of individual measurements:", r.stderr)),
    "hpstat -r 5 --pre 'make clean' --post 'rm -f out' make": run(
        check=title(r"'make' \(5 runs\)")),
    # README: counting what already runs
    'hpstat -p "$(pidof -s myserver)" --timeout 10000': run(
        rewrite=PID_TIMEOUT, check=lambda t, c, r: t.assertIn("'process %d'" % c.server_pid,
                                                              r.stderr)),
    'hpstat -p "$(pidof -s myserver)" --per-thread -- ./load_test.sh': run(check=per_thread),
    "hpstat -a ./prog": run( check=title(r"'system wide, while \./prog'")),
    "hpstat -C 0 -A ./prog": run( check=lambda t, c, r: t.assertRegex(
        r.stderr, r"(?m)^CPU0\s+[\d.,]+ msec task-clock")),
    "hpstat -a -I 1000": run( stop="interval", status=130,
                             rewrite=[("-I 1000", "-I 100")], check=interrupted),
    "hpstat -a -I 1000 --interval-count 60 --csv -o load.csv": run( rewrite=[("-I 1000", "-I 100"), ("--interval-count 60",
                                                          "--interval-count 2")],
        check=interval_csv),
    "hpstat -D 500 ./prog": run(),
    "hpstat -i sh -c './a; ./b'": run(check=title(r"'sh -c \./a; \./b'")),
    "hpstat -a -I 1000 -e task-clock,page-faults sleep 2.5": run( rewrite=[("-I 1000", "-I 100"), ("sleep 2.5", "sleep 0.25")]),
    # README: reading the report
    "hpstat --topdown ./prog": run(status=pmu_or_refused("top-down analysis is not "
                                                         "available here")),
    "hpstat --td-level 2 ./prog": run(status=pmu_or_refused("top-down analysis is not "
                                                            "available here")),
    "hpstat -M 'memory bound' ./prog": run(status=pmu_or_refused("has no metric groups")),
    "hpstat --list TopdownL": run(check=lambda t, c, r: pmu_here() or t.assertEqual(
        r.stdout, "No event or preset name contains 'TopdownL'.\n")),
    # README: comparing versions
    "hpstat -r 10 -e page-faults,task-clock --compare './examples/diffusion alloc' "
    "'./examples/diffusion inplace'": run(
        rewrite=[("-r 10 ", "-r 3 ")],
        check=compared(2, "[1] ./examples/diffusion alloc 64 50  (the reference)")),
    "hpstat -r 5 -L N 64,128,256 --compare './examples/diffusion inplace {N}'": run(
        check=compared(3, "[3] ./examples/diffusion inplace 256")),
    "hpstat -r 3 -L N 64,256 -L M alloc,inplace './examples/diffusion {M} {N}'": run(
        check=compared(4, "[4] ./examples/diffusion inplace 256")),
    "hpstat -r 5 -w 1 --order random --compare 'python3 a.py' 'python3 b.py' 'python3 c.py'":
        run(rewrite=[("-r 5 ", "-r 2 ")], check=compared(3, "[3] python3 c.py")),
    "./src/hpstat -r 3 -e page-faults,task-clock ./examples/diffusion alloc": run(
        check=has_events("page-faults", "task-clock")),
    "./src/hpstat -r 3 -e page-faults,task-clock ./examples/diffusion inplace": run(
        check=has_events("page-faults", "task-clock")),
    "./src/hpstat -r 5 -w 1 -e page-faults,task-clock --compare "
    "'python3 examples/diffusion_lists.py' 'python3 examples/diffusion_lists_inplace.py' "
    "'python3 examples/diffusion_numpy.py' 'python3 examples/diffusion_numpy_inplace.py'":
        run(rewrite=[("-r 5 ", "-r 2 ")], check=compared(4)),
    "./src/hpstat --json -o diffusion.json -r 5 -w 1 -e page-faults,task-clock --compare "
    "'python3 examples/diffusion_lists.py' 'python3 examples/diffusion_lists_inplace.py' "
    "'python3 examples/diffusion_numpy.py' 'python3 examples/diffusion_numpy_inplace.py'":
        run(rewrite=[("-r 5 ", "-r 2 ")], check=json_file("diffusion.json")),
    "./src/hpstat-plot diffusion.json": run(check=plot_file("diffusion.png", b"\x89PNG")),
    "./src/hpstat-plot -e page-faults -o faults.svg diffusion.json": run(
        check=plot_file("faults.svg", b"<svg")),
    # README: scripting and CI gates
    "hpstat --json -r 5 -o result.json ./prog": run(check=json_file("result.json", 5)),
    "hpstat --csv -r 5 -o result.csv ./prog": run(check=csv_file("result.csv",
                                                                 man_csv_header)),
    "hpstat --csv --per-run -r 5 -o runs.csv ./prog": run(check=csv_file(
        "runs.csv", "run,type,event,resolved,unit,value,running_pct,state")),
    "hpstat -x, -r 5 ./prog": run(check=perf_x_lines),
    "hpstat -j -r 5 ./prog": run(check=perf_j_lines),
    "hpstat --metric-only -x, ./prog": run(check=metric_only),
    "hpstat --stats -r 20 ./prog": run(check=lambda t, c, r: t.assertIn("median", r.stderr)),
    "hpstat -q --json -o result.json ./prog": run(check=lambda t, c, r: (
        t.assertEqual(r.stderr, ""), json_file("result.json", 1)(t, c, r))),
    "hpstat --prometheus -o result.prom -r 5 ./prog": run(check=prom_file(
        "result.prom", 'hpstat_runs_total{command="prog"} 5')),
    "hpstat --json -r 10 -o main.json ./prog": run(check=json_file("main.json", 10)),
    "hpstat -r 10 --baseline main.json --fail-if page-faults:+2 ./prog": run(
        check=compared(2, "baseline: ./prog")),
    # README: a region of a Python program
    "./src/hpstat --control env -e page-faults,task-clock python3 examples/region_hot_loop.py":
        run(check=region("hot-loop")),
    # README: privileges
    "sudo groupadd perf_users": not_run("it adds a group to this machine", check_group_name),
    'sudo usermod -aG perf_users "$USER"': not_run("it changes a user of this machine",
                                                   check_group_name),
    "sudo make install-caps": not_run("it changes the owner and capabilities of the "
                                      "installed hpstat", check_install_caps),
    # README: the fleet
    "hpstat --prometheus -o backup.prom -r 3 --label service=backup -e page-faults,task-clock "
    "./examples/diffusion alloc": run(check=prom_file("backup.prom", 'service="backup"')),
    "cat backup.prom": run(),
    "hpstat -a -I 10000 --prometheus -o /var/lib/prometheus/node-exporter/hpstat.prom": run( rewrite=textfile_rewrite, stop="textfile/hpstat.prom", status=130,
        check=prom_file("textfile/hpstat.prom", "hpstat_events_total")),
    "sudo cp contrib/hpstat-textfile.service /etc/systemd/system/": not_run(
        "it installs a service on this machine", check_unit_copy),
    "sudo systemctl daemon-reload && sudo systemctl enable --now hpstat-textfile": not_run(
        "it starts a service on this machine", check_unit_enable),
    "hpstat --push http://pushgateway:9091 --push-job nightly --push-group branch=main -r 5 "
    "./prog": run(rewrite=lambda ctx: [("http://pushgateway:9091", ctx.push_url)],
                  check=pushed),
    "hpstat -G system.slice/nginx.service,user.slice -I 10000": run(
        cgroups=True, rewrite=cgroup_rewrite, stop="interval", status=130,
        check=cgroup_rows("system.slice/nginx.service", "user.slice")),
    "hpstat -G system.slice/nginx.service,system.slice/postgresql.service -I 10000 "
    "--prometheus -o services.prom": run(
        cgroups=True, rewrite=cgroup_rewrite, stop="services.prom",
        status=130, check=prom_file("services.prom", "cgroup=")),
    # README: packaging
    "dpkg-buildpackage -us -uc -b": not_run("it builds the whole Debian package (minutes of "
                                            "building and testing)", check_debian),
    # README: shell completion
    BASH_COMPLETION_LINE: not_run("it is for an interactive bash", check_bash_completion),
    ZSH_COMPLETION_LINE: not_run("it is for an interactive zsh", check_zsh_completion),
    # hpstat(1)
    "hpstat ./diffusion inplace": run(check=title(r"'\./diffusion inplace 64 50'")),
    "hpstat -e cycles,cache-misses -r 3 ./diffusion alloc": run(
        check=has_events("cycles", "instructions", "cache-misses", "cache-references")),
    "hpstat -e '{cycles,instructions}:u' -o report.txt python3 model.py": run(
        check=report_file("report.txt", "python3 model.py")),
    "hpstat --csv -e @cache -r 5 -o result.csv ./prog": run(check=csv_file("result.csv",
                                                                           man_csv_header)),
    "hpstat -C 0 -A -e task-clock,page-faults sleep 0.2": run( check=lambda t, c, r: t.assertRegex(r.stderr, r"(?m)^CPU0\s.*"
                                                                       r"page-faults")),
    "hpstat -G system.slice/nginx.service,system.slice/postgresql.service -I 10000": run(
        cgroups=True, rewrite=cgroup_rewrite, stop="interval", status=130,
        check=cgroup_rows("system.slice/nginx.service", "system.slice/postgresql.service")),
    "mkdir /sys/fs/cgroup/job42": run(cgroups=True, rewrite=job42_rewrite),
    "hpstat -G job42 -e page-faults,task-clock -- sh -c 'echo $$ > "
    "/sys/fs/cgroup/job42/cgroup.procs && exec ./job'": run(
        cgroups=True, rewrite=job42_rewrite, check=job42_counted),
    "hpstat --prometheus --label service=backup -o backup.prom -- ./backup.sh": run(
        check=prom_file("backup.prom", 'command="backup.sh"', 'service="backup"')),
    "hpstat --control env -r 5 -e page-faults,task-clock python3 examples/region_hot_loop.py":
        run(rewrite=[("-r 5 ", "-r 2 ")], check=region("hot-loop")),
    # hpstat-events(5)
    "HPSTAT_EVENTS_DIR=~/presets hpstat -e @l1 ./a.out": run(
        check=has_events("instructions:u", "L1-dcache-loads:u", "task-clock")),
    # Without an installed hpstat, the shipped presets stand in for the installed ones, which
    # an installed hpstat searches after $HPSTAT_EVENTS_DIR.
    "export HPSTAT_EVENTS_DIR=~/presets": run(export=True, rewrite=lambda ctx: [
        ("~/presets", "~/presets:" + EVENTS_DIR)]),
    "hpstat -e @l1,@branch,context-switches -r 5 ./a.out": run(
        check=has_events("L1-dcache-loads:u", "branch-misses", "context-switches")),
    "hpstat -e '{cycles,instructions}:u,msr/tsc/,sched:sched_switch,r003c' ./a.out": run(
        check=has_events("cycles:u", "msr/tsc/", "sched:sched_switch", "r003c")),
    # hpstat-plot(1)
    "hpstat --json -r 5 -e page-faults,task-clock -o cmp.json --compare './diffusion alloc' "
    "'./diffusion inplace'": run(rewrite=[("-r 5 ", "-r 2 ")], check=json_file("cmp.json")),
    "hpstat-plot cmp.json": run(check=plot_file("cmp.png", b"\x89PNG")),
    "hpstat-plot -e page-faults -t 'alloc or reuse' -o faults.svg cmp.json": run(
        check=plot_file("faults.svg", b"alloc or reuse")),
}
# Blocks that are a file the examples use, by their first line: where the test writes them.
FILES = {
    "# l1.preset - L1 data cache behaviour of user code": "presets/l1.preset",
}


def excerpt_topdown(test, ctx, block):
    """The illustration's names and descriptions are those of a family's file."""
    text = read_source("events/topdown-intel.preset")
    group = re.search(r"(?m)^group: TopdownL1 \| (.*)$", text)
    test.assertIn(" TopdownL1: " + group.group(1), block.lines)
    for line in block.lines[1:]:
        m = re.match(r"^\s*[\d.]+ %\s+(.+?)\s+# (?:<< bottleneck: )?(.*)$", line)
        test.assertIsNotNone(m, line)
        test.assertRegex(text, r"(?m)^metric: " + re.escape(m.group(1)) + r" \| % \| .* \| "
                         + re.escape(m.group(2)) + "$")


def excerpt_larger_grid(test, ctx, block):
    """The ranking of the four Python versions with "256 100" after each: the shape of the
    ranking the same comparison prints here at a small size."""
    key = ("./src/hpstat -r 5 -w 1 -e page-faults,task-clock --compare "
           "'python3 examples/diffusion_lists.py' 'python3 examples/diffusion_lists_inplace.py' "
           "'python3 examples/diffusion_numpy.py' 'python3 examples/diffusion_numpy_inplace.py'")
    res = ctx.results.get(key)
    test.assertIsNotNone(res, "the comparison it is an excerpt of did not run")
    sample = [line.replace(" 256 100", "") for line in block.lines]
    assert_shape(test, sample, res.output, "the larger grid's ranking")
    scripts = re.findall(r"\] (python3 \S+) 256 100$", "\n".join(block.lines), re.M)
    test.assertEqual(sorted(scripts), sorted(re.findall(r"'(python3 [^']+)'", key)))


# Sample output with no command in its block, by the start of its first line, and how it is
# checked.
EXCERPTS = {
    "TopdownL1:": excerpt_topdown,
    "Ranking by elapsed, best first:": excerpt_larger_grid,
}


def excerpt_check(block):
    found = [check for start, check in EXCERPTS.items() if block.first.startswith(start)]
    return found[0] if len(found) == 1 else None


# ---------------------------------------------------------------------------------------------
# The directory the commands of one document run in

SCRIPT_PY = "total = sum(i * i for i in range(20000))\nprint('%s', total)\n"


class PushGateway(http.server.BaseHTTPRequestHandler):
    """Stands in for a Pushgateway: records each push and answers 200."""

    def do_PUT(self):
        self.record()

    def do_POST(self):
        self.record()

    def record(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.pushes.append((self.command, self.path, body.decode("utf-8", "replace")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


class Sandbox:
    """A directory laid out as the examples assume, with the processes they name."""

    def __init__(self, test):
        self.test = test
        self.tmp = tempfile.TemporaryDirectory(prefix="hpstat-docs-")
        self.dir = os.path.realpath(self.tmp.name)
        self.results, self.cgroups, self.made_cgroups = {}, {}, []
        self.tag = "hpstat-docs-%d-%s" % (os.getpid(), uuid.uuid4().hex[:6])
        self.server = self.gateway = None
        d = self.dir
        for sub in ("bin", "src", "examples", "presets", "textfile"):
            os.mkdir(os.path.join(d, sub))
        links = {
            "bin/hpstat": HPSTAT, "bin/hpstat-plot": HPSTAT_PLOT, "bin/python3": sys.executable,
            "src/hpstat": HPSTAT, "src/hpstat-plot": HPSTAT_PLOT,
            "src/hpstat.py": os.path.join(SRCDIR, "src", "hpstat.py"),
            "examples/diffusion": DIFFUSION, "diffusion": DIFFUSION, "events": EVENTS_DIR,
            "contrib": os.path.join(SRCDIR, "contrib"),
        }
        for name in os.listdir(EXAMPLES):
            if name.endswith((".py", ".h")):
                links["examples/" + name] = os.path.join(EXAMPLES, name)
        prog = os.path.join(PROGS, "doc_prog")
        for name in ("prog", "a.out", "a", "b"):
            links[name] = prog
        for name, target in links.items():
            os.symlink(target, os.path.join(d, name))
        for name in ("model.py", "a.py", "b.py", "c.py"):
            self.write(name, SCRIPT_PY % name)
        for name in ("load_test.sh", "backup.sh", "job"):
            self.write(name, "#!/bin/sh\nexec ./prog\n", mode=0o755)
        self.write("Makefile", "out:\n\t./prog > out\nclean:\n\trm -f out\n")
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("MAKE") and k not in ("MFLAGS", "HPSTAT_FAMILY")}
        self.env.update(PATH=os.path.join(d, "bin") + os.pathsep + os.environ.get("PATH", ""),
                        HOME=d, LC_ALL="C", USER=self.env.get("USER", "root"))
        self.env.pop("LANGUAGE", None)
        try:
            self.start_server()
            self.start_gateway()
        except BaseException:
            self.close()
            raise

    def write(self, name, text, mode=0o644):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)

    def path(self, name):
        return os.path.join(self.dir, name)

    def start_server(self):
        """"myserver": the waiter test program under that name, running once it said so."""
        server = os.path.join(self.dir, "myserver")
        shutil.copy(os.path.join(PROGS, "waiter"), server)
        self.server = start_ready([server, str(3600 * 1000)], env=self.env, hang_s=HANG_S,
                                  cwd=self.dir, stdout=subprocess.DEVNULL)
        self.server_pid = self.server.pid

    def start_gateway(self):
        self.gateway = http.server.HTTPServer(("127.0.0.1", 0), PushGateway)
        self.gateway.pushes = []
        threading.Thread(target=self.gateway.serve_forever, daemon=True).start()
        self.push_url = "http://127.0.0.1:%d" % self.gateway.server_port

    @property
    def pushes(self):
        return self.gateway.pushes

    # cgroups
    def cgroup_mount(self):
        from test_cgroup import cgroup2_mount
        return cgroup2_mount()[0]

    def cgroup_missing(self):
        from test_cgroup import missing
        return missing()

    def cgroup(self, name, make=True):
        """The test's own cgroup for a name the documents use: below a cgroup of the test's
        own, so that no real service's group is touched."""
        if name not in self.cgroups:
            mount = self.cgroup_mount()
            if make:
                path = self.tag
                for part in [""] + name.split("/"):
                    path = os.path.join(path, part) if part else path
                    full = os.path.join(mount, path)
                    if not os.path.isdir(full):
                        os.mkdir(full)
                        self.made_cgroups.append(full)
                self.cgroups[name] = os.path.join(self.tag, name)
            else:
                self.cgroups[name] = self.tag + "-" + name
                self.made_cgroups.append(os.path.join(mount, self.cgroups[name]))
        return self.cgroups[name]

    def close(self):
        if self.server and self.server.poll() is None:
            self.server.kill()
            self.server.wait(timeout=HANG_S)
        if self.gateway:
            self.gateway.shutdown()
            self.gateway.server_close()
        for path in reversed(self.made_cgroups):
            if os.path.isdir(path):
                self.remove_cgroup(path)
        self.tmp.cleanup()

    def remove_cgroup(self, path):
        """rmdir refuses a cgroup with processes in it (a command that failed half-way):
        they go to the mount's root first."""
        with open(os.path.join(path, "cgroup.procs")) as f:
            left = f.read().split()
        for pid in left:
            try:
                with open(os.path.join(self.cgroup_mount(), "cgroup.procs"), "w") as root:
                    root.write(pid)
            except OSError:
                pass  # it ended meanwhile
        os.rmdir(path)


# ---------------------------------------------------------------------------------------------
# Running them

def run_until_ready(argv, ctx, stop):
    """Runs argv (no shell: the signal must reach hpstat itself), waits for its first
    interval line on standard error or for the file stop names, then sends SIGINT, as Ctrl-C
    would. Polls for the file: there is no notification to wait on without inotify."""
    proc = subprocess.Popen(argv, cwd=ctx.dir, env=ctx.env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            preexec_fn=default_signals)
    early = b""
    deadline = time.monotonic() + HANG_S
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            if stop == "interval":
                if select.select([proc.stderr], [], [], 1)[0]:
                    chunk = os.read(proc.stderr.fileno(), 65536)
                    early += chunk
                    if re.search(rb"(?m)^\s*\d+\.\d+\s+\S", early) or not chunk:
                        break
            else:
                if os.path.exists(ctx.path(stop)):
                    break
                time.sleep(0.01)
        else:
            raise AssertionError("%s: never ready (%s)" % (argv, stop))
        if proc.poll() is None:
            # hpstat takes the signal through its signalfd once it blocked it; it has, as
            # it printed an interval or wrote the file
            proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=HANG_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return Result(proc.returncode, out.decode(), (early + err).decode())


class Docs(unittest.TestCase):
    """The documents' commands, one document at a time, in order."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        # The documents' commands run as CI runs them, as root. An unprivileged user gets
        # what the documents say in prose but not in their samples: events counted in user
        # mode only and named NAME:u, whole CPUs and tracepoints refused.
        if os.geteuid() != 0:
            reason = "the documents' commands are run as root, as CI runs them"
            if CI:
                raise AssertionError(reason)
            raise unittest.SkipTest(reason)
        cls.docs, cls.others = document_commands()

    def run_document(self, doc):
        ctx = Sandbox(self)
        self.addCleanup(ctx.close)
        self.ctx = ctx
        missing_cgroups = None
        for cmd in self.docs.get(doc, []):
            if cmd.text is None:  # a file the examples use
                target = ctx.path(FILES[cmd.block.first])
                with open(target, "w") as f:
                    f.write("\n".join(cmd.block.lines) + "\n")
                continue
            spec = COMMANDS.get(cmd.key)
            if spec is None:
                continue  # test_every_command_has_an_entry says so
            with self.subTest(command=cmd.key, at=cmd.where()):
                if spec.not_run:
                    sys.stderr.write("test_docs: not run: %s (%s): %s; checked instead: %s\n"
                                     % (cmd.key, cmd.where(), spec.not_run,
                                        " ".join(spec.check.__doc__.split())))
                    spec.check(self, ctx, None)
                    continue
                if spec.cgroups:
                    missing_cgroups = ctx.cgroup_missing()
                    if missing_cgroups:
                        if CI:
                            self.fail("cgroups cannot be counted here: " + missing_cgroups)
                        self.skipTest(missing_cgroups)
                started = time.monotonic()
                try:
                    self.run_command(ctx, cmd, spec)
                finally:
                    if os.environ.get("TEST_DOCS_TIMES"):
                        sys.stderr.write("test_docs: %5.2f s  %s\n"
                                         % (time.monotonic() - started, cmd.key))

    def run_command(self, ctx, cmd, spec):
        pairs = spec.rewrite(ctx) if callable(spec.rewrite) else spec.rewrite
        text = apply_rewrites(cmd.text, pairs)
        if spec.export:
            name, _, value = text[len("export "):].partition("=")
            value = subprocess.run(["sh", "-c", 'printf %s ' + value], cwd=ctx.dir, env=ctx.env,
                                   capture_output=True, text=True, timeout=HANG_S).stdout
            ctx.env[name] = value
            return
        if cmd.key in ctx.results and spec.stop is None:
            res = ctx.results[cmd.key]
        elif spec.stop:
            argv = shlex.split(text)
            argv[0] = shutil.which(argv[0], path=ctx.env["PATH"]) or argv[0]
            res = run_until_ready(argv, ctx, spec.stop)
        else:
            p = subprocess.run(["/bin/sh", "-c", text], cwd=ctx.dir, env=ctx.env,
                               capture_output=True, text=True, timeout=HANG_S,
                               stdin=subprocess.DEVNULL, preexec_fn=default_signals)
            res = Result(p.returncode, p.stdout, p.stderr)
        ctx.results[cmd.key] = res
        shown = "%s\n(run as: %s)\n%s%s" % (cmd.text, text, res.stdout, res.stderr)
        if callable(spec.status):
            if not spec.status(self, res, shown):
                return  # refused here, as it should be: nothing to look at
        else:
            self.assertEqual(res.returncode, spec.status, shown)
        if spec.check:
            spec.check(self, ctx, res)
        if cmd.output:
            assert_shape(self, [apply_rewrites(line, pairs) for line in cmd.output],
                         res.output, cmd.where())

    def test_readme(self):
        self.run_document(README)
        for block, kind in self.others:
            if kind == "excerpt":
                with self.subTest(excerpt=block.first, at="%s:%d" % (block.doc, block.line)):
                    excerpt_check(block)(self, self.ctx, block)

    def test_hpstat_1(self):
        self.run_document("man/hpstat.1.in")

    def test_hpstat_events_5(self):
        self.run_document("man/hpstat-events.5.in")

    def test_hpstat_plot_1(self):
        self.run_document("man/hpstat-plot.1")

    def test_python_snippets(self):
        """The README's Python blocks run under hpstat --control env, each name they call but
        do not define made a small function, and the regions they open are reported."""
        import symtable
        ctx = Sandbox(self)
        self.addCleanup(ctx.close)
        snippets = [b for b, kind in self.others if kind == "python"]
        self.assertTrue(snippets)
        for block in snippets:
            code = "\n".join(block.lines) + "\n"
            table = symtable.symtable(code, "snippet", "exec")
            free = [s.get_name() for s in table.get_symbols()
                    if s.is_referenced() and not s.is_assigned() and not s.is_imported()
                    and s.get_name() not in dir(__builtins__)]
            stubs = "".join("def %s():\n    return sum(range(10000))\n" % name for name in free)
            ctx.write("snippet.py", stubs + code)
            res = subprocess.run([HPSTAT, "--control", "env", "-e", "page-faults", "python3",
                                  "snippet.py"], cwd=ctx.dir, env=ctx.env, capture_output=True,
                                 text=True, timeout=HANG_S)
            self.assertEqual(res.returncode, 0, res.stderr)
            for name in re.findall(r'hpstat\.region\("([^"]+)"\)', code):
                self.assertRegex(res.stderr, r"Region '%s' \(1 call\)" % re.escape(name))


class Coverage(unittest.TestCase):
    """Every command of the documents has an entry, and every entry a command."""

    def test_every_command_has_an_entry(self):
        docs, others = document_commands()
        missing = ["%s: %s" % (c.where(), c.key) for cmds in docs.values() for c in cmds
                   if c.text is not None and c.key not in COMMANDS]
        self.assertEqual(missing, [], "commands the documents show that tests/test_docs.py "
                         "cannot run: add each to COMMANDS, with how it runs here and what "
                         "its output must show")
        for block, kind in others:
            if kind == "excerpt":
                self.assertIsNotNone(excerpt_check(block), "%s:%d: sample output without a "
                              "command: give it its command (a \"$ \" line), or add it to "
                              "EXCERPTS with a check" % (block.doc, block.line))

    def test_every_entry_has_a_command(self):
        docs, others = document_commands()
        shown = {c.key for cmds in docs.values() for c in cmds if c.text is not None}
        self.assertEqual(sorted(set(COMMANDS) - shown), [],
                         "entries of COMMANDS for commands the documents no longer show")
        firsts = {b.first for b, kind in others}
        self.assertEqual(sorted(k for k in EXCERPTS if not any(f.startswith(k) for f in firsts)),
                         [])
        self.assertEqual(sorted(set(FILES) - firsts), [])

    def test_every_man_page_is_read(self):
        """A page added to man/ must be added here too."""
        pages = ["man/" + n for n in os.listdir(os.path.join(SRCDIR, "man"))
                 if re.match(r"^[\w-]+\.\d(\.in)?$", n)]
        sources = {p for p in pages if p.endswith(".in") or p + ".in" not in pages}
        self.assertEqual(sorted(sources), sorted(MAN_PAGES))


class NoMixing(unittest.TestCase):
    """No example mixes the output of the command hpstat runs with hpstat's report."""

    def all_shell_lines(self):
        """Every line of every block that may be a command, and the README's inline code."""
        readme = read_source(README)
        for block in readme_blocks(readme):
            if block.lang == "python":
                continue
            lines = block.lines
            if block.lang == "" and block.first.startswith("$ "):
                lines = [line[2:] for line in lines if line.startswith("$ ")]
            elif block.lang == "":
                continue  # sample output
            for n, text in logical_lines(lines, block.line):
                yield "%s:%d" % (README, n), text
        for span in inline_code(readme):
            yield README + " (inline)", span
        for page in MAN_PAGES:
            text = read_source(page)
            for block in man_blocks(page, text):
                lines = [line[2:] if line.startswith("$ ") else line for line in block.lines]
                for n, line in logical_lines(lines, block.line):
                    yield "%s:%d" % (page, n), line
            # and the commands the prose shows in bold: .B "hpstat ..."
            for n, line in enumerate(text.split("\n"), 1):
                m = re.match(r'^\.BR? "((?:\S*/)?hpstat .*?)"', line)
                if m:
                    yield "%s:%d" % (page, n), unroff(m.group(1), "%s:%d" % (page, n))

    def test_documents(self):
        found = []
        for where, text in self.all_shell_lines():
            try:
                problems = mixing(text)
            except ValueError:
                continue  # not shell (a C line, an unbalanced quote in prose)
            found += ["%s: %s: %s" % (where, text, p) for p in problems]
        self.assertEqual(found, [])

    def test_what_is_caught(self):
        bad = ["hpstat ./prog 2> report.txt", "hpstat -r 5 ./prog 2>report.txt",
               "hpstat ./prog 2>&1 | tee log", "hpstat ./prog &> all.txt",
               "./src/hpstat -x, ./prog 2>> log", "hpstat -o - ./prog > out.txt",
               "hpstat --json -o - ./prog | jq .", "hpstat --prometheus -o - -r 5 ./prog",
               "sudo hpstat -a ./prog 2>report", "X=1 hpstat ./prog |& grep task",
               "hpstat --output=- --csv ./prog"]
        good = ["hpstat -o report.txt ./prog", "hpstat ./prog > program-output.txt",
                "hpstat --list > events.txt", "hpstat --list --supported | grep cycles",
                "hpstat -p 1 --timeout 100 --prometheus -o - | promtool check metrics",
                "hpstat --log-fd 3 -r 5 ./prog 3>report.txt",
                "hpstat -G x -- sh -c 'echo $$ > /sys/fs/cgroup/x/cgroup.procs && exec ./job'",
                "hpstat --doctor --json -o -", "hpstat --compare './a' './b' -o cmp.txt"]
        for text in bad:
            self.assertTrue(mixing(text), text)
        for text in good:
            self.assertEqual(mixing(text), [], text)


# Packages .ci/run installs that the README's install command leaves out, and why.
CI_ONLY = {
    "sudo": "CI's own way to become root",
    "linux-perf": "the tests ask perf whether there is a PMU, and read sysfs without it",
    "python3": "python3-matplotlib depends on it",
    "groff-base": "CI reads the man pages; no test needs it",
    "man-db": "CI reads the man pages; no test needs it",
    "locales": "the locale tests skip, saying so, without de_DE and en_US",
    "clang": "the fuzzing build, which CI runs after the README's test command",
    "libclang-rt-dev": "the fuzzing build's libFuzzer",
    # CI's package phase (the packaging work adds it to .ci/run): the Packaging section
    # says how to get what a package build needs (apt-get build-dep)
    "build-essential": "building the Debian package",
    "debhelper": "building the Debian package",
    "dpkg-dev": "building the Debian package",
    "lintian": "checking the Debian package",
    "git": "CI's package phase",
}


class TopCommands(unittest.TestCase):
    """The README's first two commands: CI runs the test command itself (.ci/run), which
    runs this test; the run command installs packages, so its package list is checked
    against what CI installs, and its last step is run."""

    def block(self, marker):
        found = [b for b in readme_blocks(read_source(README)) if b.marker == marker]
        self.assertEqual(len(found), 1, marker)
        return "\n".join(found[0].lines)

    def ci_packages(self):
        m = re.search(r"(?ms)^packages=\((.*?)\)", read_source(".ci/run"))
        return set(m.group(1).split())

    def test_run_command_packages(self):
        text = self.block("run-command")
        m = re.search(r"apt-get install -y ([^&]+)&&", text)
        self.assertIsNotNone(m, text)
        readme = set(m.group(1).split())
        ci = self.ci_packages()
        self.assertEqual(sorted(readme - ci), [], "packages the README installs that CI "
                         "does not: CI would not test what the README promises")
        self.assertEqual(sorted(ci - readme - set(CI_ONLY)), [], "packages CI installs that "
                         "the README's command leaves out: add them to it, or to CI_ONLY "
                         "with the reason")
        if set(CI_ONLY) - ci:
            # harmless, and the packaging work adds some of them on its own branch
            sys.stderr.write("test_docs: CI_ONLY names packages .ci/run does not install: %s\n"
                             % " ".join(sorted(set(CI_ONLY) - ci)))
        # Their names, where apt knows packages (one call: each loads the whole cache).
        apt_cache = shutil.which("apt-cache")
        found = set()
        if apt_cache:
            res = subprocess.run([apt_cache, "show", "--no-all-versions", "gcc", *sorted(readme)],
                                 capture_output=True, text=True, timeout=HANG_S)
            found = set(re.findall(r"(?m)^Package: (\S+)$", res.stdout))
        if "gcc" not in found:
            sys.stderr.write("test_docs: apt-cache knows no packages here: the names of the "
                             "README's packages are not looked up\n")
            return
        self.assertEqual(sorted(readme - found), [], "packages apt-cache does not know")

    def test_run_command_builds_then_measures(self):
        """After the packages: autoreconf, configure, make, then the measurement COMMANDS
        holds (run by test_readme with the other README commands)."""
        text = self.block("run-command")
        steps = [s.strip() for s in text.split("&&")]
        self.assertEqual(steps[-4:-1], ["autoreconf -fi", "./configure", "make"])
        self.assertIn(re.sub(r"^\$S ", "", " ".join(steps[-1].split())), COMMANDS)

    def test_test_command(self):
        """What CI runs: the build with warnings as errors, make check (this test among
        them), then the emulated-PMU tests, whose setup script and make target exist."""
        text = self.block("test-command")
        self.assertEqual(text.count("\n"), 0, text)
        self.assertIn("./configure --enable-werror", text)
        self.assertIn("make -j2 check TESTS= && $S make -j2 check", text)
        self.assertTrue(text.startswith('S=$([ "$(id -u)" = 0 ] || echo sudo); '), text)
        self.assertTrue(os.access(os.path.join(SRCDIR, "tests", "pmu", "setup.sh"), os.X_OK))
        self.assertRegex(read_source("Makefile.am"), r"(?m)^check-pmu:")
        self.assertIn("enable-werror", read_source("configure.ac"))


if __name__ == "__main__":
    unittest.main()
