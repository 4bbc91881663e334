"""The services' child processes die with their parent, and starting one is safe while the
parent's other threads run (touchline/broker.py, `die_with_parent`)."""

from __future__ import annotations

import builtins
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from touchline.broker import die_with_parent

PARENT = """
import subprocess, sys, time
from touchline.broker import die_with_parent
child = subprocess.Popen(["sleep", "60"], preexec_fn=die_with_parent)
print(child.pid, flush=True)
time.sleep(60)
"""


def gone(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "State:\tZ" in status.read_text()
    except FileNotFoundError:
        return True


def test_a_child_is_stopped_when_its_parent_is_killed() -> None:
    """A killed `touchline up` must leave no broker, worker or gateway behind."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert not gone(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while not gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(child), "the child outlived its killed parent"


def test_between_fork_and_exec_it_neither_imports_nor_loads_a_library() -> None:
    """The scale-out fault test's gateway restart hung for good in `Popen`: the child, forked
    while the test's field-app threads were posting, looked libc up (a program run, a library
    loaded, modules imported) and deadlocked on a lock another thread held at the fork."""
    pid = os.fork()
    if pid == 0:  # the child, as Popen runs it before exec
        builtins.__import__ = refused  # type: ignore[assignment]
        ctypes.CDLL = refused  # type: ignore[assignment,misc]
        try:
            die_with_parent()
        except BaseException:
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "it imported or loaded a library"


def refused(*args: object, **kwargs: object) -> None:
    raise ImportError("imported or loaded between fork and exec")
