"""Run a command and measure it: wall time, CPU time and the peak memory of it and its children."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def environment() -> dict[str, str]:
    """The environment of the commands the benchmark starts: this process's as it is now (a caller may have set
    the cache's folder or the build's date since), without MkDocs' notice about its version 2."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    """User plus system time of the command and the children it waited for."""
    peak_mib: float
    """The largest resident set of the command or of any child it waited for, alone (the kernel's count)."""
    together_mib: float
    """The most the command and its children held at one moment: their resident sets added, sampled every
    SAMPLE seconds. `site` waits for MkDocs and then Pagefind, holding what it holds: the machine needs that
    plus the child's, which `peak_mib` (the largest of them alone) doesn't say."""
    stdout: str
    stderr: str


SAMPLE = 0.1
"""Seconds between two samples of the resident sets of a command and its children."""
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _resident(pid: int) -> int:
    """Bytes of a process's resident set (0 once it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # a thread or process that just ended
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _tree_resident(pid: int) -> int:
    """Bytes of the resident sets of a process and all its descendants, added."""
    total, pending = 0, [pid]
    while pending:
        process = pending.pop()
        total += _resident(process)
        pending += _children(process)
    return total


class _Sampler(threading.Thread):
    """The largest `_tree_resident` of a process while it runs (Linux's /proc; 0 elsewhere)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE):
            self.peak = max(self.peak, _tree_resident(self.pid))


def run(*args: str, cwd: Path = REPO) -> Run:
    """Run `python ARGS`; a failure stops the benchmark, since timing a broken build means nothing."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, *args], cwd=cwd, env=environment(), stdout=out, stderr=err)
        sampler = _Sampler(process.pid)
        sampler.start()
        # wait4 rather than wait: it hands back this child's own rusage (Linux folds the
        # peak of the grandchildren it reaped, such as `mkdocs build` under `site`, into it).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"python {' '.join(args)} failed ({process.returncode}):\n{stdout}\n{stderr}")
    peak_mib = usage.ru_maxrss / 1024
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak_mib, max(sampler.peak / 2**20, peak_mib), stdout, stderr)


def best_of(times: int, *args: str) -> Run:
    """The fastest of several runs: on a shared machine the minimum is the least disturbed."""
    return min((run(*args) for _ in range(times)), key=lambda result: result.seconds)


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
