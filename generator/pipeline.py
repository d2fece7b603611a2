"""From a project folder to its generated pages: load and check everything first, then render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Analysis, Content
from .problems import Problem
from .render import GENERATED_DIRS, HOME, Renderer
from .validate import load_content
from .write import WriteReport, sync

HOME_INTRO = "docs/_home.md"


@dataclass(frozen=True)
class Build:
    """Everything one build publishes from the content."""

    content: Content
    analyses: tuple[Analysis, ...]
    """The analyses this build shows, newest first: drafts only in a preview."""
    pages: dict[str, str]
    """Path under docs/ -> Markdown."""
    sources: dict[str, str]
    """Path under docs/ -> the content file or folder the page is generated from."""


def build(root: Path, include_drafts: bool = False) -> tuple[Build | None, list[Problem]]:
    """The generated pages and what they were made from, or the problems that prevent them."""
    content, problems = load_content(root)
    if content is None:
        return None, problems
    intro_path = root / HOME_INTRO
    intro = intro_path.read_text("utf-8") if intro_path.is_file() else ""
    renderer = Renderer(content, intro, include_drafts)
    pages = renderer.pages()
    return Build(content, renderer.analyses, pages, renderer.sources), []


def render(root: Path, include_drafts: bool = False) -> tuple[dict[str, str] | None, list[Problem]]:
    """The generated pages (path under docs/ -> Markdown), or the problems that prevent them."""
    built, problems = build(root, include_drafts)
    return (built.pages if built else None), problems


def write_pages(folder: Path, pages: dict[str, str]) -> WriteReport:
    """Make the generated part of `folder` (docs/, or the preview's own) hold exactly `pages`."""
    return sync(folder, pages, GENERATED_DIRS, (HOME,))


def is_generated(src_uri: str) -> bool:
    """Whether a path under docs/ belongs to the generator."""
    return src_uri == HOME or src_uri.split("/", 1)[0] in GENERATED_DIRS
