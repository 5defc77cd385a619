"""hpstat - count only the parts of a Python program that matter, under hpstat --control env.

    import hpstat

    with hpstat.region("solve"):     # or @hpstat.region("solve") on a function
        solve()

Run the script as `hpstat --control env -e task-clock,page-faults python3 script.py`: counting
starts disabled and is on only while a region is open, or between hpstat.enable() and
hpstat.disable(), so start-up, imports and set-up are left out. Each call waits until hpstat
has acted on it. Without hpstat (HPSTAT_CONTROL not in the environment) every call does
nothing, and the script runs unchanged. Standard library only.

Processes may share the channel: one forked after the first call, or another Python program
the command starts that imports hpstat too. Each holds an exclusive lock on the control FIFO
from a command to its reply, so that no process reads another's reply.

A region entered again while it is open in the same process (a decorated function that
calls itself, or that several threads run at once) is not started twice: it is open from
the first entry to the last exit. Two processes cannot have the same region open at once.
"""
import contextlib
import errno
import fcntl
import os
import re
import threading

__all__ = ["ControlError", "region", "enable", "disable"]

_NAME = re.compile(r"[A-Za-z0-9_.:-]{1,63}\Z")
_lock = threading.Lock()
_channel = None  # (control, ack or None), opened on first use
# This process's open regions, by name: how many times each is entered (a decorated
# function calling itself, or run by several threads at once). hpstat sees one start at the
# first entry and one stop at the last exit; it refuses to start a region that is open.
_regions_lock = threading.Lock()
_depth = {}


class ControlError(RuntimeError):
    """hpstat answered a command with an error, or its control channel closed."""


def _check_name(name):
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError("bad region name %r: use 1 to 63 of A-Z a-z 0-9 _ . : -" % (name,))
    return name


def _fifo(path, flags, mode):
    """The FIFO hpstat holds open, opened without blocking: with no hpstat left (a process
    that outlived it) the control FIFO has no reader, and a blocking open would wait for
    ever."""
    try:
        fd = os.open(path, flags | os.O_NONBLOCK)
    except OSError as e:
        gone = " (is hpstat still running?)" if e.errno in (errno.ENOENT, errno.ENXIO) else ""
        raise ControlError("cannot open hpstat's control FIFO '%s': %s%s"
                           % (path, e.strerror or e, gone)) from None
    os.set_blocking(fd, True)
    return open(fd, mode, buffering=0)


def _open():
    global _channel
    if _channel is None:
        # Control first, then ack: the order a perf --control writer uses.
        control = _fifo(os.environ["HPSTAT_CONTROL"], os.O_WRONLY, "wb")
        ack_path = os.environ.get("HPSTAT_CONTROL_ACK")
        try:
            ack = _fifo(ack_path, os.O_RDONLY, "rb") if ack_path else None
        except ControlError:
            control.close()
            raise
        _channel = (control, ack)
    return _channel


def _after_fork_in_child():
    """A forked child opens the FIFOs anew: a lock is held per open file, and one shared
    with the parent would not keep the two apart. The parent's lock may be held by a thread
    that the child does not have."""
    global _channel, _lock, _regions_lock, _depth
    _channel = None
    _lock = threading.Lock()
    _regions_lock = threading.Lock()
    _depth = {}


os.register_at_fork(after_in_child=_after_fork_in_child)


def _reply(ack):
    line = bytearray()
    while not line.endswith(b"\n"):
        byte = ack.read(1)  # one reply per command: never read past it
        if not byte:
            raise ControlError("hpstat closed its control channel")
        line += byte
    return line[:-1].rstrip(b"\r").decode("utf-8", "replace")


def _send(command):
    if not os.environ.get("HPSTAT_CONTROL"):
        return
    with _lock:
        control, ack = _open()
        fcntl.flock(control, fcntl.LOCK_EX)
        try:
            try:
                control.write(command.encode("ascii") + b"\n")
            except BrokenPipeError:
                raise ControlError("hpstat closed its control channel") from None
            if ack is None:
                return
            reply = _reply(ack)
        finally:
            fcntl.flock(control, fcntl.LOCK_UN)
    if reply != "ack":
        reason = reply[4:] if reply.startswith("err ") else "unexpected reply %r" % reply
        raise ControlError("hpstat refused %r: %s" % (command, reason))


def enable():
    """Counts from now on, until disable() (regions aside)."""
    _send("enable")


def disable():
    """Stops counting, except while a region is open."""
    _send("disable")


class region(contextlib.ContextDecorator):
    """Counts while the with block (or the decorated function) runs, as region NAME:
    `start NAME` on entry and `stop NAME` on exit, also when it exits with an exception.
    Entered again while it is open in this process (recursion, another thread), it stays
    open until the last of them exits: one call."""

    def __init__(self, name):
        self.name = _check_name(name)

    def __enter__(self):
        with _regions_lock:
            depth = _depth.get(self.name, 0)
            if depth == 0:
                _send("start " + self.name)  # not open if this raises
            _depth[self.name] = depth + 1
        return self

    def __exit__(self, *exc):
        with _regions_lock:
            depth = _depth.pop(self.name, 0) - 1
            if depth > 0:
                _depth[self.name] = depth
            else:
                _send("stop " + self.name)
        return False
