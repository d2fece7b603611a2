"""How long the live preview (`make serve`: `python -m generator serve`) takes to show an edited YAML file.

Starts the preview on a free port of 127.0.0.1, waits for the first build,
changes one analysis's title, then a context paragraph, and polls that
analysis's page until each edit is served.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.measure import ENV

_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
_RELOADED = "Reloading browsers"
_SERVING = re.compile(r"Serving on (http://\S+)")


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


def _next_build(log: Path, reloads: int, timeout: float) -> float:
    """The seconds MkDocs reports for the build after the one that made the `reloads`-th reload, once it is done.

    A build in `mkdocs serve` ends with "Reloading browsers". MkDocs logs each
    distinct message once, so a build as long as an earlier one repeats no
    "Documentation built in" line: its time is then that same figure.
    """
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        logged = log.read_text("utf-8")
        if logged.count(_RELOADED) > reloads:
            return float(_BUILT.findall(logged)[-1])
        time.sleep(0.05)
    raise TimeoutError(f"the preview did not finish a build within {timeout} s")


@contextmanager
def preview(project: Path, log: Path | None = None, timeout: float = 600) -> Iterator[str]:
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
        server = subprocess.Popen(command, cwd=project, env=ENV, stdout=stream, stderr=subprocess.STDOUT)
    try:
        yield _served_at(log, server, timeout)
    finally:
        server.terminate()
        server.wait(timeout=30)


def edit_to_page(project: Path, analysis: Path, timeout: float = 600) -> dict[str, float]:
    """Seconds to the first page, then from saving an edit to the edited page being served, for two edits.

    A title shows on many pages (listings, partner, topic and stakeholder
    pages, What to watch); a context paragraph on its analysis page only.
    """
    original = analysis.read_text("utf-8")
    log = project / "serve.log"
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        with preview(project, log, timeout) as address:
            url = f"{address}analyses/{analysis.stem}/"
            wait_for(url, "<html", timeout)
            timings["first page"] = time.perf_counter() - started
            edited = original
            for name, pattern, line in (
                ("title", r"(?m)^title: .*$", "title: {marker}"),
                ("paragraph", r"(?m)^context:\n  - .*$", "context:\n  - {marker}"),
            ):
                marker = f"Edited {name} {time.time_ns()}"
                time.sleep(1)  # let the watcher settle after a build
                reloads = log.read_text("utf-8").count(_RELOADED)
                edited = re.sub(pattern, line.format(marker=marker), edited, count=1)
                analysis.write_text(edited, "utf-8")
                timings[f"{name} shown"] = wait_for(url, marker, timeout)
                timings[f"{name} rebuild"] = _next_build(log, reloads, timeout)
    finally:
        analysis.write_text(original, "utf-8")
    return timings
