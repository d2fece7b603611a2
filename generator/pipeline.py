"""From a project folder to its generated pages: load and check everything first, then render."""

from __future__ import annotations

from pathlib import Path

from .problems import Problem
from .render import GENERATED_DIRS, HOME, render_pages
from .validate import load_content

HOME_INTRO = "docs/_home.md"


def render(root: Path, include_drafts: bool = False) -> tuple[dict[str, str] | None, list[Problem]]:
    """The generated pages (path under docs/ -> Markdown), or the problems that prevent them."""
    content, problems = load_content(root)
    if content is None:
        return None, problems
    intro_path = root / HOME_INTRO
    intro = intro_path.read_text("utf-8") if intro_path.is_file() else ""
    return render_pages(content, intro, include_drafts), []


def is_generated(src_uri: str) -> bool:
    """Whether a path under docs/ belongs to the generator."""
    return src_uri == HOME or src_uri.split("/", 1)[0] in GENERATED_DIRS
