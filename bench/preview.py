"""How long the live preview (`make serve`: `python -m generator serve`) takes to show an edited YAML file.

Starts the preview on a free port of 127.0.0.1, waits for the first build,
changes one analysis's title, then a context paragraph, then the name of one
of its partners (in content/entities.yaml), and polls that analysis's page
until each edit is served: the polling makes it a page viewed lately, which the
preview builds first. Besides the time from the save to the page served, it
reads the time until the preview has built the rest of the site ("settled")
and the CPU time the preview's process spent until then (Linux's /proc),
which a loaded machine disturbs less.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.measure import environment
from generator.preview_server import SETTLED, SHOWN

_SERVING = re.compile(r"Serving on (http://\S+)")
_SHOWN = re.compile(rf"{SHOWN}: .* in ([0-9.]+) s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, wanted: str, timeout: float) -> float:
    """Seconds until the page at `url` holds `wanted`."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        page = fetch(url)
        if page is not None and wanted in page:
            return time.perf_counter() - started
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {wanted!r} within {timeout} s")


def _served_at(log: Path, server: subprocess.Popen, timeout: float) -> str:
    """The base URL `mkdocs serve` announces once its first build is done (it mounts the site_url path)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        found = _SERVING.search(log.read_text("utf-8"))
        if found:
            return found.group(1)
        if server.poll() is not None:
            raise RuntimeError(f"the preview stopped:\n{log.read_text('utf-8')}")
        time.sleep(0.05)
    raise TimeoutError(f"the preview did not start within {timeout} s")


def _settled(log: Path, settled: int, timeout: float) -> float:
    """Once the preview has settled more than `settled` times (built the whole site after a change), the seconds
    its first pass after the last of them took, from the change seen to the pages viewed shown."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        logged = log.read_text("utf-8")
        if logged.count(SETTLED) > settled:
            return float(_SHOWN.findall(logged)[-1])
        time.sleep(0.02)
    raise TimeoutError(f"the preview did not settle within {timeout} s")


def cpu_seconds(pid: int) -> float:
    """User plus system time a process has spent so far (0 where /proc isn't there to tell)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime: fields 14 and 15


@dataclass(frozen=True)
class Served:
    address: str
    """The site's address."""
    pid: int
    """The preview's process: the generator and MkDocs run in it."""


@contextmanager
def preview(project: Path, log: Path | None = None, timeout: float = 600) -> Iterator[Served]:
    """The preview of `project` on a free port of 127.0.0.1, as `make serve` runs it; yields the site's address.

    `log` gets what it prints, with MkDocs' debug messages.
    """
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "generator",
        "--root",
        str(project),
        "serve",
        "--verbose",
        "--dev-addr",
        f"127.0.0.1:{port}",
    ]
    log = log or project / "serve.log"
    with log.open("w") as stream:
        server = subprocess.Popen(command, cwd=project, env=environment(), stdout=stream, stderr=subprocess.STDOUT)
    try:
        yield Served(_served_at(log, server, timeout), server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


@dataclass(frozen=True)
class Edit:
    """One edit the benchmark makes: in `path`, the first match of `pattern` becomes `replacement` with the
    edit's marker in place of `{marker}`."""

    name: str
    path: Path
    pattern: str
    replacement: str

    def make(self, marker: str) -> None:
        edited = re.sub(self.pattern, self.replacement.format(marker=marker), self.path.read_text("utf-8"), count=1)
        assert marker in edited, f"no {self.name} to edit in {self.path}"
        self.path.write_text(edited, "utf-8")


def edits(project: Path, analysis: Path) -> list[Edit]:
    """A title, which shows on many pages (listings, partner, topic and stakeholder pages, What to watch); a
    context paragraph, on its analysis page only; the name of the analysis's first partner, on every page that
    names the partner."""
    partner = re.search(r"(?m)^partners: \[([a-z0-9-]+)", analysis.read_text("utf-8"))
    assert partner, f"{analysis} names no partner on one line"
    return [
        Edit("title", analysis, r"(?m)^title: .*$", "title: {marker}"),
        Edit("paragraph", analysis, r"(?m)^context:\n  - .*$", "context:\n  - {marker}"),
        Edit(
            "partner",
            project / "content" / "entities.yaml",
            rf"(?m)^({re.escape(partner.group(1))}:\n  name: ).*$",
            r"\g<1>{marker}",
        ),
    ]


def edit_to_page(project: Path, analysis: Path, timeout: float = 600) -> dict[str, float]:
    """Seconds to the first page, then, for each of `edits`, from saving the edit to the edited page being served
    (the page polled is among those viewed lately, which the preview builds first), the first pass's time, from
    saving the edit to the whole site built ("settled"), and the CPU time the preview spent until then."""
    made = edits(project, analysis)
    originals = {edit.path: edit.path.read_text("utf-8") for edit in made}
    log = project / "serve.log"
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        with preview(project, log, timeout) as served:
            url = f"{served.address}analyses/{analysis.stem}/"
            wait_for(url, "<html", timeout)
            timings["first page"] = time.perf_counter() - started
            for edit in made:
                marker = f"Edited {edit.name} {time.time_ns()}"
                time.sleep(1)  # let the watcher settle after a build
                settled = log.read_text("utf-8").count(SETTLED)
                cpu = cpu_seconds(served.pid)
                saved = time.perf_counter()
                edit.make(marker)
                timings[f"{edit.name} shown"] = wait_for(url, marker, timeout)
                timings[f"{edit.name} first pass"] = _settled(log, settled, timeout)
                timings[f"{edit.name} settled"] = time.perf_counter() - saved
                timings[f"{edit.name} cpu"] = cpu_seconds(served.pid) - cpu
    finally:
        for path, original in originals.items():
            path.write_text(original, "utf-8")
    return timings
