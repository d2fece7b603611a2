"""Fictional project folders for tests, built like the repository from tests/fixtures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(destination: Path, fixture: str = "basic", adding: str | None = None) -> Path:
    """A project folder like the repository's, with the content of tests/fixtures/<fixture> and its hand-written pages;
    `adding` names a fixture whose content files are added to it."""
    destination.mkdir(parents=True, exist_ok=True)
    for config in ("mkdocs.yml", "mkdocs-offline.yml"):
        shutil.copy2(ROOT / config, destination / config)
    for folder in ("overrides", "assets"):
        shutil.copytree(ROOT / folder, destination / folder)
    (destination / "generator").symlink_to(ROOT / "generator")
    shutil.copytree(FIXTURES / fixture / "content", destination / "content")
    if adding is not None:
        shutil.copytree(FIXTURES / adding / "content", destination / "content", dirs_exist_ok=True)
    shutil.copytree(ROOT / "content" / "pages", destination / "content" / "pages")
    return destination


def render_pages(project: Path, include_drafts: bool = False) -> tuple[dict[str, str] | None, list]:
    """The web edition's pages (path -> Markdown) as `generate` writes them (with drafts: as the preview does),
    or the problems that prevent them."""
    from generator import publication
    from generator.paths import edition

    web = edition(project)
    if include_drafts:
        made, problems = publication.preview(project, web, publication.Reused.empty(project))
    else:
        made, problems = publication.publish(project, web)
    if made is None:
        return None, problems
    return {path: data.decode() for path, data in made.files.items() if path.endswith(".md")}, problems


def run_generator(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
