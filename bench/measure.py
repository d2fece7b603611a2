"""Run a command and measure it: wall time and the peak memory of it and its children."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    """User plus system time of the command and the children it waited for."""
    peak_mib: float
    """The largest resident set of the command or of any child it waited for."""
    stdout: str
    stderr: str


def run(*args: str, cwd: Path = REPO) -> Run:
    """Run `python ARGS`; a failure stops the benchmark, since timing a broken build means nothing."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, *args], cwd=cwd, env=ENV, stdout=out, stderr=err)
        # wait4 rather than wait: it hands back this child's own rusage (Linux folds the
        # peak of the grandchildren it reaped, such as `mkdocs build` under `site`, into it).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"python {' '.join(args)} failed ({process.returncode}):\n{stdout}\n{stderr}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout, stderr)


def best_of(times: int, *args: str) -> Run:
    """The fastest of several runs: on a shared machine the minimum is the least disturbed."""
    return min((run(*args) for _ in range(times)), key=lambda result: result.seconds)


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
