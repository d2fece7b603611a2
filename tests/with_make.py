"""Running the repository's Makefile in a test project, with the repository's .venv and no reinstall."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import ROOT

STAMPS = (".installed", ".installed-dev")
"""The Makefile's stamps of the two locks installed, in the order it makes them."""


def prepare(project: Path) -> Path:
    """Copy the Makefile and locks into `project` and give it the repository's environment."""
    for name in ("Makefile", "requirements.lock", "requirements-dev.lock"):
        (project / name).write_text((ROOT / name).read_text("utf-8"), "utf-8")
    venv = project / ".venv"  # its own folder, so that the stamps below are newer than the copied locks
    venv.mkdir()
    for entry in (ROOT / ".venv").iterdir():
        if entry.name not in STAMPS:
            (venv / entry.name).symlink_to(entry)
    for stamp in STAMPS:
        (venv / stamp).touch()
    return project


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=project, capture_output=True, text=True)
