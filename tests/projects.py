"""Fictional project folders for tests, built like the repository from tests/fixtures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HAND_WRITTEN = ("about.md", "_home.md", "open-data.md", "assets")


def make_project(destination: Path, fixture: str = "basic") -> Path:
    """A project folder like the repository's, with the content of tests/fixtures/<fixture>."""
    destination.mkdir(parents=True, exist_ok=True)
    for config in ("mkdocs.yml", "mkdocs-offline.yml"):
        shutil.copy2(ROOT / config, destination / config)
    shutil.copytree(ROOT / "overrides", destination / "overrides")
    (destination / "docs").mkdir()
    for name in HAND_WRITTEN:
        source = ROOT / "docs" / name
        if source.is_dir():
            shutil.copytree(source, destination / "docs" / name)
        else:
            shutil.copy2(source, destination / "docs" / name)
    (destination / "generator").symlink_to(ROOT / "generator")
    shutil.copytree(FIXTURES / fixture / "content", destination / "content")
    return destination


def run_generator(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
