"""test_completion.py - the shell completions of contrib/completion, run by the shells themselves.

bash: a non-interactive bash sources hpstat.bash, and for each command line the test sets
COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT as bash would (COMP_WORDS split at
COMP_WORDBREAKS too), calls _hpstat and reads COMPREPLY; compopt is a recording stand-in,
since it works only inside real completion. Each case runs without bash-completion and, where
it is installed, with it loaded (whose COMP_WORDBREAKS lacks @). A few lines are also typed into
an interactive bash on a pseudo-terminal, so that what readline puts on the line is checked.

zsh: an interactive zsh on a pseudo-terminal (zpty, driven by a zsh script) runs compinit
with contrib/completion first in fpath. Each command line is typed and followed by a key bound
to a widget that runs complete-word and writes the line it left; a compadd wrapper writes each
match that the completion functions add.

The options offered must be exactly those of src/options.c (the completions read them from
--help), event and preset names those of hpstat --list, and metrics those of a stand-in CPU
family chosen with HPSTAT_FAMILY. A wrapper named hpstat counts the calls: --help once per
shell, and one call per TAB at most."""
import csv
import os
import pty
import re
import select
import shlex
import shutil
import subprocess
import tempfile
import unittest

from e2e import HPSTAT, STAND_IN_FAMILY, require_environment

HERE = os.path.dirname(os.path.abspath(__file__))
COMPLETION_DIR = os.path.join(os.path.dirname(HERE), "contrib", "completion")
BASH_FILE = os.path.join(COMPLETION_DIR, "hpstat.bash")
OPTIONS_C = os.path.join(os.path.dirname(HERE), "src", "options.c")
EVENTS_DIR = os.environ.get("HPSTAT_EVENTS_DIR")
HANG_S = 120
BASH_COMPLETION = next((p for p in ("/usr/share/bash-completion/bash_completion",
                                    "/usr/local/share/bash-completion/bash_completion",
                                    "/etc/bash_completion") if os.path.isfile(p)), None)
FLAVOURS = ["plain"] + (["bash-completion"] if BASH_COMPLETION else [])
BASH = shutil.which("bash")
ZSH = shutil.which("zsh")
_shared = None  # a directory for the whole module: zsh's compinit dump


def setUpModule():
    global _shared
    _shared = tempfile.TemporaryDirectory()
    require_environment()
    if not EVENTS_DIR:
        raise RuntimeError("HPSTAT_EVENTS_DIR is not set (make check sets it)")
    for name, path in (("bash", BASH), ("zsh", ZSH)):
        if not path:
            raise RuntimeError(name + " is not installed: the completion tests run it "
                               "(Debian: apt-get install " + name + ")")


def options_of_the_source():
    """{option: number of values} as src/options.c parses them: the long options, and the
    letters of getopt's string but perf's refused ones (-L reads a second word itself)."""
    with open(OPTIONS_C) as f:
        text = f.read()
    table = text[text.index("long_options[] = {"):]
    table = table[:table.index("{ 0 },")]
    opts = {"--" + name: int(has_arg == "required_argument") for name, has_arg in
            re.findall(r'\.name = "([^"]+)", \.has_arg = (\w+)', table)}
    refused = text[text.index("} refused[] = {"):]
    refused = set(re.findall(r"\{ \"[a-z-]+\", '(\w)'", refused[:refused.index("};")]))
    letters = re.search(r'#define SHORT_OPTIONS "\+:([^"]+)"', text).group(1)
    for letter, colon in re.findall(r"(\w)(:?)", letters):
        if letter not in refused:
            opts["-" + letter] = int(bool(colon))
    opts["-L"] = opts["--parameter-list"] = 2
    return opts


def list_csv(*args, env=None):
    """hpstat --list --csv's rows as (kind, name, pmu) tuples."""
    proc = subprocess.run([HPSTAT, "--list", "--csv", *args], capture_output=True, text=True,
                          env=env, timeout=HANG_S)
    return [tuple(row[:3]) for row in csv.reader(proc.stdout.splitlines()[1:])]


def split_unquoted(text, seps, keep_seps):
    """Cuts text at each run of characters of seps outside quotes and not escaped, as bash
    does; keep_seps keeps each run as a part of its own. Returns the parts before the last
    cut, and what follows it (the word being typed, perhaps empty)."""
    parts, buf, quote, i = [], "", None, 0
    while i < len(text):
        c = text[i]
        if quote:
            buf += c
            quote = None if c == quote else quote
        elif c in "\"'":
            quote, buf = c, buf + c
        elif c == "\\" and i + 1 < len(text):
            buf, i = buf + text[i:i + 2], i + 1
        elif c in seps:
            if buf:
                parts.append(buf)
            buf, k = "", i
            while k < len(text) and text[k] in seps:
                k += 1
            if keep_seps:
                parts.append(text[i:k])
            i = k
            continue
        else:
            buf += c
        i += 1
    return parts, buf


def comp_words(line, breaks):
    """COMP_WORDS and COMP_CWORD for LINE with the cursor at its end, split as bash splits:
    at blanks outside quotes, then at each run of COMP_WORDBREAKS characters, which is a word
    of its own."""
    words, typed = split_unquoted(line, " \t\n", False)
    breaks = set(breaks) - set(" \t\n\"'")
    split = []
    for word in words + [typed]:
        parts, rest = split_unquoted(word, breaks, True)
        if rest or not parts:
            parts.append(rest)
        split.extend(parts)
    return split, len(split) - 1


def replaced_from(line, breaks):
    """Where, in the last word of LINE, the text that bash's completion replaces begins: after
    the last word-breaking character not escaped, or at it for @ and $ (readline's special
    prefixes); 0 for a word in quotes."""
    word = re.split(r"(?<!\\)\s", line)[-1]
    if word[:1] in ("'", '"'):
        return 0
    cut, i = 0, 0
    while i < len(word):
        if word[i] == "\\":
            i += 1
        elif word[i] in breaks and word[i] not in "\"'":
            cut = i if word[i] in "@$" else i + 1
        i += 1
    return cut


def tearDownModule():
    _shared.cleanup()


class Fixture:
    """A temporary directory with a wrapper named hpstat (first in PATH) that logs each call,
    a stand-in CPU family, and a few files to complete."""

    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.bin = os.path.join(self.dir, "bin")
        self.events = os.path.join(self.dir, "events")
        self.files = os.path.join(self.dir, "files")
        for d in (self.bin, self.events, self.files):
            os.mkdir(d)
        with open(os.path.join(self.bin, "hpstat"), "w") as f:
            f.write('#!/bin/sh\nprintf "%s\\n" "$*" >>"$HPSTAT_CALLS"\n'
                    'exec "$HPSTAT_REAL" "$@"\n')
        os.chmod(os.path.join(self.bin, "hpstat"), 0o755)
        with open(os.path.join(self.events, "standin.preset"), "w") as f:
            f.write(STAND_IN_FAMILY)
        for name in ("report.txt", "baseline.json"):
            open(os.path.join(self.files, name), "w").close()
        self.calls = os.path.join(self.dir, "calls")
        self.env = dict(os.environ, PATH=self.bin + os.pathsep + os.environ.get("PATH", ""),
                        HPSTAT_REAL=HPSTAT, HPSTAT_CALLS=self.calls, HPSTAT_FAMILY="standin",
                        HPSTAT_EVENTS_DIR=self.events + os.pathsep + EVENTS_DIR)

    def take_calls(self):
        """The wrapper's calls since the last time, one string each."""
        try:
            with open(self.calls) as f:
                calls = f.read().splitlines()
        except FileNotFoundError:
            return []
        os.unlink(self.calls)
        return calls

    def cleanup(self):
        self.tmp.cleanup()


_wordbreaks = {}


def wordbreaks(flavour):
    """COMP_WORDBREAKS in a shell of this flavour (bash-completion takes @ out of it)."""
    if flavour not in _wordbreaks:
        load = ". " + shlex.quote(BASH_COMPLETION) + "; " if flavour == "bash-completion" else ""
        _wordbreaks[flavour] = subprocess.run(
            [BASH, "--norc", "--noprofile", "-c", load + 'printf %s "$COMP_WORDBREAKS"'],
            capture_output=True, text=True, timeout=HANG_S).stdout
    return _wordbreaks[flavour]


class Bash(unittest.TestCase):
    """hpstat.bash, called as bash calls it."""

    def setUp(self):
        self.fx = Fixture()

    def tearDown(self):
        self.fx.cleanup()

    def complete(self, lines, flavour="plain", before="", after=""):
        """COMPREPLY and the compopt calls for each line, all in one shell (so that its cache
        serves them); BEFORE runs first, AFTER last."""
        breaks = wordbreaks(flavour)
        script = ["set +o posix",
                  "compopt() { _t_compopt+=(\"$*\"); }",
                  "_t_report() { printf '%s\\0' \"${#COMPREPLY[@]}\" \"${COMPREPLY[@]}\" "
                  "\"${#_t_compopt[@]}\" \"${_t_compopt[@]}\"; }"]
        if flavour == "bash-completion":
            script.append(". " + shlex.quote(BASH_COMPLETION))
        script += [". " + shlex.quote(BASH_FILE), before]
        for line in lines:
            words, cword = comp_words(line, breaks)
            script += ["_t_compopt=() COMPREPLY=()",
                       "COMP_WORDS=(" + " ".join(shlex.quote(w) for w in words) + ")",
                       "COMP_CWORD=%d COMP_LINE=%s COMP_POINT=%d" % (cword, shlex.quote(line),
                                                                     len(line)),
                       '_hpstat "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" '
                       '"${COMP_WORDS[COMP_CWORD-1]}"',
                       "_t_report"]
        script.append(after)
        proc = subprocess.run([BASH, "--norc", "--noprofile", "-c", "\n".join(script)],
                              capture_output=True, text=True, env=self.fx.env,
                              cwd=self.fx.files, timeout=HANG_S)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        fields = proc.stdout.split("\0")
        results = []
        for _ in lines:
            n = int(fields.pop(0))
            reply, fields = fields[:n], fields[n:]
            n = int(fields.pop(0))
            opts, fields = fields[:n], fields[n:]
            results.append((reply, opts))
        return results

    def check(self, cases, flavours=FLAVOURS, before=""):
        """cases: {line: what the word at the cursor may become: a list of them all, or a set
        of some}. bash replaces only the end of the word, after the last character of
        COMP_WORDBREAKS (bar an @, which it keeps), unless the word is in quotes: COMPREPLY
        must hold those ends."""
        for flavour in flavours:
            lines = list(cases)
            for line, (reply, _) in zip(lines, self.complete(lines, flavour, before)):
                with self.subTest(flavour=flavour, line=line):
                    cut = replaced_from(line, wordbreaks(flavour))
                    want = cases[line]
                    if isinstance(want, set):
                        self.assertLessEqual({w[cut:] for w in want}, set(reply))
                    else:
                        self.assertEqual(sorted(reply), sorted(w[cut:] for w in want))

    def test_options_are_the_source_ones(self):
        """Every option src/options.c takes, no other, and how many values each takes (which
        decides where the command starts)."""
        want = options_of_the_source()
        dump = os.path.join(self.fx.dir, "dump")
        for flavour in FLAVOURS:
            (dash, _), (dashdash, _) = self.complete(
                ["hpstat -", "hpstat --"], flavour,
                after='for o in "${_hpstat_opts[@]}"; do printf "%s=%s\\n" "$o" '
                '"${_hpstat_takes[$o]}"; done >' + shlex.quote(dump))
            with self.subTest(flavour=flavour):
                self.assertEqual(sorted(dash), sorted(want))
                self.assertEqual(sorted(dashdash), sorted(o for o in want if o[1] == "-"))
                with open(dump) as f:
                    takes = dict(line.split("=") for line in f.read().split())
                self.assertEqual({o: int(n) for o, n in takes.items()}, want)

    def test_option_names(self):
        self.check({"hpstat --rep": ["--repeat"], "hpstat --td-l": ["--td-level"],
                    "hpstat --no-csv": ["--no-csv-summary"], "hpstat --per-s": ["--per-socket"],
                    "hpstat -e cycles --no-m": ["--no-metrics"],
                    "hpstat --event cycles -": {"-e", "--event", "-r", "--repeat"}})

    def test_events(self):
        names = {name for kind, name, _ in list_csv(env=self.fx.env)
                 if kind in ("hardware", "software", "cache", "tool")}
        self.assertTrue({"task-clock", "cycles", "duration_time"} <= names, names)
        self.check({
            "hpstat -e task-c": ["task-clock"],
            "hpstat -e cycles,task-c": ["cycles,task-clock"],
            "hpstat -e '{cycles,task-c": ["{cycles,task-clock"],
            "hpstat -e cpu-cyc": ["cpu-cycles"],  # an alias
            "hpstat -e duration_t": ["duration_time"],
            "hpstat --event task-c": ["task-clock"],
            "hpstat --ev task-c": ["task-clock"],  # getopt's abbreviation
            "hpstat --event=task-c": ["--event=task-clock"],
            "hpstat -etask-c": ["-etask-clock"],
            "hpstat -qetask-c": ["-qetask-clock"],
            "hpstat -qe task-c": ["task-clock"],
            "hpstat -e ": names,
            "hpstat -r 3 -e cycles -e task-c": ["task-clock"],
            "hpstat --list task-c": ["task-clock"],  # --list's pattern
            "hpstat -l --csv task-c": ["task-clock"],
        })

    def test_presets(self):
        presets = {name for kind, name, _ in list_csv(env=self.fx.env) if kind == "preset"}
        self.assertIn("@default", presets)
        self.check({"hpstat -e @def": ["@default"], "hpstat -e cycles,@def": ["cycles,@default"],
                    "hpstat --event=@def": ["--event=@default"], "hpstat -e @": sorted(presets)})

    def test_pmu_events_and_tracepoints(self):
        """Names with colons (PMU::EVENT, subsystem:tracepoint), which bash also splits at:
        whatever this machine lists."""
        rows = list_csv(env=self.fx.env)
        cases = {}
        pfm = sorted(name for kind, name, _ in rows if kind == "libpfm4" and "::" in name)
        if pfm:
            head, tail = pfm[0].split("::", 1)
            cases["hpstat -e %s::%s" % (head, tail[:-1])] = {pfm[0]}
        subsystems = sorted(name for kind, name, _ in rows if kind == "tracepoint_subsystem")
        if subsystems:
            cases["hpstat -e " + subsystems[0]] = {subsystems[0] + ":"}
            points = sorted(name for kind, name, _ in list_csv(subsystems[0] + ":",
                                                               env=self.fx.env)
                            if kind == "tracepoint" and name.startswith(subsystems[0] + ":"))
            if points:
                cases["hpstat -e cycles," + points[0][:-1]] = {"cycles," + points[0]}
        self.check(cases)
        # a subsystem that no other name begins with: the colon goes on, with no space
        others = {name for _, name, _ in rows}
        unique = [s for s in subsystems if not any(o != s and o.startswith(s) for o in others)]
        for flavour in FLAVOURS if unique else []:
            reply, opts = self.complete(["hpstat -e " + unique[0]], flavour)[0]
            self.assertEqual((reply, opts), ([unique[0] + ":"], ["-o nospace"]))

    def test_metrics(self):
        """-M: the groups and metrics of the CPU family (here the stand-in), not a preset's."""
        self.check({"hpstat -M Topdown": ["TopdownL1", "TopdownL2"],
                    "hpstat -M TopdownL1,ret": ["TopdownL1,retiring"],
                    "hpstat --metrics=TopdownL1,ret": ["--metrics=TopdownL1,retiring"],
                    "hpstat -M bad\\ spec": ["bad\\ speculation"],
                    "hpstat -M 'bad spec": ["bad speculation"],
                    "hpstat -M core": ["core\\ bound"],
                    "hpstat -M IP": [],  # @ipc's metric
                    "hpstat -M ": ["TopdownL1", "TopdownL2", "retiring", "bad\\ speculation",
                                   "frontend\\ bound", "backend\\ bound", "memory\\ bound",
                                   "core\\ bound"]})

    def test_fixed_values(self):
        self.check({"hpstat --td-level ": ["1", "2"],
                    "hpstat --td-level=": ["--td-level=1", "--td-level=2"],
                    "hpstat --color ": ["auto", "always", "never"],
                    "hpstat --color=al": ["--color=always"],
                    "hpstat --order r": ["random"],
                    "hpstat --control ": ["env", "fifo:", "fd:"],
                    "hpstat --control f": ["fifo:", "fd:"],
                    "hpstat --sort m": ["max-rss"]})
        for flavour in FLAVOURS:
            self.assertEqual(self.complete(["hpstat --control fi"], flavour)[0],
                             (["fifo:"], ["-o nospace"]))

    def test_files_processes_cpus(self):
        pid = str(os.getpid())
        self.check({"hpstat -o rep": ["report.txt"],
                    "hpstat --output=rep": ["--output=report.txt"],
                    "hpstat --baseline base": ["baseline.json"],
                    "hpstat --control fifo:rep": ["fifo:report.txt"],
                    "hpstat -p " + pid: {pid},
                    "hpstat -p 1," + pid: {"1," + pid},
                    "hpstat -t " + pid: {pid},
                    "hpstat -C 0": {"0"}})

    def test_reference_names(self):
        self.check({"hpstat --name fast --name=slow --reference ": ["fast", "slow"]})

    def test_the_command(self):
        """Without bash-completion: command names, then file names."""
        self.check({"hpstat ech": {"echo"}, "hpstat -r 3 ech": {"echo"},
                    "hpstat -- ech": {"echo"}, "hpstat -r 3 ls rep": ["report.txt"],
                    "hpstat --compare 'ech": {"echo"}, "hpstat -L N 1,2 ech": {"echo"}},
                   flavours=["plain"])

    def test_the_command_words_go_to_command_offset(self):
        """bash-completion's _command_offset gets the command's index in COMP_WORDS, which
        splits --event=cycles in three."""
        stub = '_command_offset() { COMPREPLY=("offset $1"); }'
        self.check({"hpstat ls -": ["offset 1"], "hpstat -r 3 ls -": ["offset 3"],
                    "hpstat ls -l -": ["offset 1"],
                    "hpstat -- ls -": ["offset 2"], "hpstat -a -- ls": ["offset 3"],
                    "hpstat -e cycles --td-level 2 ls -": ["offset 5"],
                    "hpstat --event=cycles ls -": ["offset 4"],
                    "hpstat -L N 1,2 --shell ech": {"echo"},  # --compare's command lines
                    "hpstat -qr3 ls -": ["offset 2"], "hpstat -qr 3 ls -": ["offset 3"]},
                   flavours=["plain"], before=stub)

    def test_with_bash_completion(self):
        """Where bash-completion is installed: the command's own completion."""
        self.check({"hpstat -r 3 mycmd al": ["alpha"], "hpstat -- mycmd al": ["alpha"],
                    "hpstat myc": {"mycmd"}},
                   flavours=FLAVOURS[1:], before="complete -W 'alpha beta' mycmd; "
                   "mycmd() { :; }")

    def test_calls(self):
        """--help once per shell; one call per TAB for names, none for options and values."""
        self.complete(["hpstat --rep", "hpstat -e task-c", "hpstat --td-level ", "hpstat -M T",
                       "hpstat --no-m", "hpstat -e @def", "hpstat ech"])
        self.assertEqual(self.fx.take_calls(),
                         ["--help", "--list --csv", "--list --csv", "--list --csv"])


class RealBash(unittest.TestCase):
    """What an interactive bash puts on the line after TAB, on a pseudo-terminal: with the file
    sourced, and where bash-completion is installed, with it loading the file as installed."""

    def setUp(self):
        self.fx = Fixture()

    def tearDown(self):
        self.fx.cleanup()

    def typed(self, lines, with_bash_completion):
        out = os.path.join(self.fx.dir, "lines-%d" % with_bash_completion)
        rc = os.path.join(self.fx.dir, "bashrc")
        with open(rc, "w") as f:
            f.write("PS1='<<READY>>' PS2=''\n"
                    "bind 'set bell-style none'\n"
                    "bind -x '\"\\C-x\\C-t\": printf \"%%s\\n\" \"$READLINE_LINE\" >>%s; "
                    "READLINE_LINE=; printf \"<<DONE>>\"'\n" % shlex.quote(out))
            if with_bash_completion:
                f.write(". %s\n" % shlex.quote(BASH_COMPLETION))
            else:
                f.write(". %s\n" % shlex.quote(BASH_FILE))
        env = dict(self.fx.env)
        if with_bash_completion:
            # installed as make install installs it, where bash-completion loads it from
            share = os.path.join(self.fx.dir, "share")
            os.makedirs(os.path.join(share, "bash-completion", "completions"), exist_ok=True)
            shutil.copy(BASH_FILE, os.path.join(share, "bash-completion", "completions",
                                                "hpstat"))
            env["XDG_DATA_DIRS"] = share + os.pathsep + os.environ.get("XDG_DATA_DIRS",
                                                                     "/usr/local/share:/usr/share")
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(self.fx.files)
            os.execve(BASH, [BASH, "--noprofile", "--rcfile", rc, "-i"], env)
        buf = b""

        def until(token):
            nonlocal buf
            while token not in buf:
                ready, _, _ = select.select([fd], [], [], HANG_S)
                self.assertTrue(ready, "bash said nothing for %d s: %r" % (HANG_S, buf[-300:]))
                buf += os.read(fd, 4096)
            buf = buf[buf.index(token) + len(token):]

        try:
            until(b"<<READY>>")
            for line in lines:
                os.write(fd, line.encode() + b"\t\x18\x14")
                until(b"<<DONE>>")
            os.write(fd, b"exit\n")
        finally:
            os.waitpid(pid, 0)
            os.close(fd)
        with open(out) as f:
            return f.read().splitlines()

    def test_the_line_after_tab(self):
        cases = {"hpstat --rep": "hpstat --repeat ",
                 "hpstat -e cycles,task-c": "hpstat -e cycles,task-clock ",
                 "hpstat -e @def": "hpstat -e @default ",
                 "hpstat -e cycles,@def": "hpstat -e cycles,@default ",
                 "hpstat --event=task-c": "hpstat --event=task-clock ",
                 "hpstat -M TopdownL1,bad": "hpstat -M TopdownL1,bad\\ speculation ",
                 "hpstat -M bad\\ sp": "hpstat -M bad\\ speculation ",
                 "hpstat -M 'bad": "hpstat -M 'bad speculation' ",
                 "hpstat --control fi": "hpstat --control fifo:",
                 "hpstat -o rep": "hpstat -o report.txt "}
        for with_bc in [False] + ([True] if BASH_COMPLETION else []):
            got = self.typed(list(cases), with_bc)
            for (line, want), line_after in zip(cases.items(), got):
                with self.subTest(line=line, bash_completion=with_bc):
                    self.assertEqual(line_after, want)


ZSH_SETUP = r"""
stty columns 200 rows 50
PS1='<<READY>>' PS2='' RPS1='' PROMPT_EOL_MARK=''
unsetopt beep list_beep auto_menu auto_list list_ambiguous
fpath=($HP_T_COMPDIR $fpath)
# compinit reads the functions' directories once per test run (seconds), then its dump
autoload -Uz compinit
if [[ -f $HP_T_DUMP ]]; then compinit -u -C -d $HP_T_DUMP; else compinit -u -d $HP_T_DUMP; fi
_zzcmd() { compadd alpha beta }
compdef _zzcmd zzcmd
# Each match a completion function adds: "M word". compadd -O lists the matches without adding
# them, in a subshell (it is not free of side effects); calls that already collect (-O, -A,
# -D) are not listed.
compadd() {
  local a c i j collect=1
  for (( i = 1; i <= $#; i++ )); do
    a=${@[i]}
    [[ $a == -- || $a != -?* ]] && break
    for (( j = 2; j <= $#a; j++ )); do
      c=$a[j]
      if [[ $c == [OAD] ]]; then collect=0; break 2; fi
      if [[ $c == [PSpsiIWdJVXxrRMFE] ]]; then
        (( j == $#a )) && (( i++ ))
        break
      fi
    done
  done
  if (( collect )); then
    (
      local -a m
      builtin compadd -O m "$@"
      (( $#m )) && print -rl -- ${m/#/M } >>$HP_T_OUT
    )
  fi
  builtin compadd "$@"
}
# ^X^T: "L line", the completion, "B the line after it"; then an empty line, and <<DONE>>
_t_complete() {
  print -r -- "L $BUFFER" >>$HP_T_OUT
  zle complete-word
  print -r -- "B $BUFFER" >>$HP_T_OUT
  BUFFER=
  print -n '<<DONE>>'
}
zle -N _t_complete
bindkey '^X^T' _t_complete
"""

ZSH_DRIVER = r"""
zmodload zsh/zpty || exit 2
zpty t zsh -f -i || exit 3
zpty -w t ". ${(q)HP_T_SETUP}"
zpty -r t got '*<<READY>>' || exit 4
for line; do
  zpty -w -n t "$line"$'\C-x\C-t'
  zpty -r t got '*<<DONE>>' || exit 5
done
zpty -w t exit
zpty -d t
"""


class Zsh(unittest.TestCase):
    """_hpstat, through compinit, in an interactive zsh."""

    def setUp(self):
        self.fx = Fixture()

    def tearDown(self):
        self.fx.cleanup()

    def complete(self, lines):
        """For each line: the matches added, and the line after complete-word."""
        out = os.path.join(self.fx.dir, "zsh-out")
        setup = os.path.join(self.fx.dir, "setup.zsh")
        driver = os.path.join(self.fx.dir, "driver.zsh")
        for path, text in ((setup, ZSH_SETUP), (driver, ZSH_DRIVER)):
            with open(path, "w") as f:
                f.write(text)
        env = dict(self.fx.env, HP_T_COMPDIR=COMPLETION_DIR, HP_T_OUT=out, HP_T_SETUP=setup,
                   HP_T_DUMP=os.path.join(_shared.name, "zcompdump"))
        proc = subprocess.run([ZSH, "-f", driver, *lines], capture_output=True, text=True,
                              env=env, cwd=self.fx.files, timeout=HANG_S)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        results = []
        with open(out) as f:
            for record in f.read().splitlines():
                kind, text = record[:2], record[2:]
                if kind == "L ":
                    results.append([text, set(), None])
                elif kind == "M ":
                    results[-1][1].add(text)
                elif kind == "B ":
                    results[-1][2] = text
        self.assertEqual([r[0] for r in results], lines)
        return [r[1:] for r in results]

    def check(self, cases):
        """cases: {line: (the exact matches or None, the line after, or None)}."""
        lines = list(cases)
        for line, (matches, after) in zip(lines, self.complete(lines)):
            with self.subTest(line=line):
                want_matches, want_after = cases[line]
                if want_matches is not None:
                    self.assertEqual(matches, set(want_matches))
                if want_after is not None:
                    self.assertEqual(after, want_after)

    def test_options_are_the_source_ones(self):
        want = options_of_the_source()
        (dash, _), (dashdash, _) = self.complete(["hpstat -", "hpstat --"])
        self.assertEqual(dash, set(want))
        self.assertEqual(dashdash, {o for o in want if o[1] == "-"})

    def test_options(self):
        self.check({"hpstat --rep": (["--repeat"], "hpstat --repeat="),
                    "hpstat --no-csv": (["--no-csv-summary"], "hpstat --no-csv-summary "),
                    "hpstat -e cycles --td-l": (["--td-level"], "hpstat -e cycles --td-level=")})

    def test_events_and_presets(self):
        self.check({"hpstat -e task-c": (["task-clock"], "hpstat -e task-clock "),
                    "hpstat -e cycles,task-c": (["task-clock"], "hpstat -e cycles,task-clock "),
                    "hpstat -e '{cycles,task-c": (["task-clock"],
                                                  "hpstat -e '{cycles,task-clock' "),
                    "hpstat --event=task-c": (["task-clock"], "hpstat --event=task-clock "),
                    "hpstat -etask-c": (["task-clock"], "hpstat -etask-clock "),
                    "hpstat -e cpu-cyc": (["cpu-cycles"], "hpstat -e cpu-cycles "),
                    "hpstat -e @def": (["@default"], "hpstat -e @default "),
                    "hpstat -e cycles,@def": (["@default"], "hpstat -e cycles,@default "),
                    "hpstat --list task-c": (["task-clock"], "hpstat --list task-clock "),
                    "hpstat -l --csv task-c": (["task-clock"], "hpstat -l --csv task-clock ")})

    def test_metrics(self):
        self.check({"hpstat -M Topdown": (["TopdownL1", "TopdownL2"], "hpstat -M TopdownL"),
                    "hpstat -M TopdownL1,bad": (["bad speculation"],
                                                "hpstat -M TopdownL1,bad\\ speculation "),
                    "hpstat -M IP": ([], "hpstat -M IP")})

    def test_fixed_values(self):
        self.check({"hpstat --td-level ": (["1", "2"], None),
                    "hpstat --color ": (["auto", "always", "never"], None),
                    "hpstat --order=r": (["random"], "hpstat --order=random "),
                    "hpstat --control fi": (["fifo:"], "hpstat --control fifo:"),
                    "hpstat --control fifo:rep": (None, "hpstat --control fifo:report.txt "),
                    "hpstat -o rep": (None, "hpstat -o report.txt "),
                    "hpstat --name fast --reference f": (["fast"],
                                                        "hpstat --name fast --reference fast ")})

    def test_the_command(self):
        self.check({"hpstat -r 3 zzcmd al": (["alpha"], "hpstat -r 3 zzcmd alpha "),
                    "hpstat -- zzcmd al": (["alpha"], "hpstat -- zzcmd alpha "),
                    "hpstat --event=cycles zzcmd al": (["alpha"],
                                                       "hpstat --event=cycles zzcmd alpha "),
                    "hpstat zzcmd -l al": (["alpha"], "hpstat zzcmd -l alpha "),
                    "hpstat -r 3 ech": (None, "hpstat -r 3 echo ")})

    def test_calls(self):
        """--help once per shell; one call per TAB for names, none for options and values."""
        self.complete(["hpstat --rep", "hpstat -e task-c", "hpstat --td-level ",
                       "hpstat --no-m", "hpstat -e @def", "hpstat -M T"])
        self.assertEqual(self.fx.take_calls(),
                         ["--help", "--list --csv", "--list --csv", "--list --csv"])


if __name__ == "__main__":
    unittest.main()
