"""Running the repository's Makefile in a test project, with the repository's .venv and no reinstall."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import ROOT


def prepare(project: Path) -> Path:
    """Copy the Makefile and lock into `project` and give it the repository's environment."""
    for name in ("Makefile", "requirements.lock"):
        (project / name).write_text((ROOT / name).read_text("utf-8"), "utf-8")
    venv = project / ".venv"  # its own folder, so that the stamp below is newer than the copied lock
    venv.mkdir()
    for entry in (ROOT / ".venv").iterdir():
        if entry.name != ".installed":
            (venv / entry.name).symlink_to(entry)
    (venv / ".installed").touch()
    return project


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=project, capture_output=True, text=True)
