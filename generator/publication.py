"""The whole publication of an edition, as the files of the tree an engine builds the site from.

Pages (the generated ones and the hand-written ones of content/pages/, each
with its front matter), the assets, the open data, the JSON Schemas and, on
the web, the feeds: everything a reader gets is here, so that MkDocs, or any
engine that reads the same tree, needs no code of ours. The steps, in order:

1. load and check every content file (nothing is made unless all is well,
   except in a preview, where an analysis with problems gets a page that
   lists them, and every other page is made as usual);
2. read the hand-written pages and resolve their web-only passages;
3. render the generated pages;
4. make the files around them.

Steps 1 and 2 find every problem before anything is made. Steps 3 and 4 make
the files one at a time, as `write` asks for them: each is written and let go,
so that a build holds the content and the names of its files, never all its
files at once (at 10,000 analyses they are over 1 GB).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import asof, editions, feeds, finder, ical, json_schema, offline, opendata, text
from .cache import CheckedFiles
from .model import Analysis, Content
from .paths import (
    ASSETS,
    ASSETS_SOURCE,
    FINDER_DATA,
    HOME_INTRO,
    OFFLINE_ONLY_ASSETS,
    PAGES_SOURCE,
    WATCH_CALENDAR,
    Edition,
    page_of,
)
from .problems import Problem
from .render import Kept, Renderer, front_matter
from .reuse import Reuse
from .validate import ANALYSES_DIR, load_content, valid_id
from .write import WriteReport, sync, update

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class Publication:
    """One edition's files, and the content they were made from."""

    edition: Edition
    content: Content
    analyses: tuple[Analysis, ...]
    """The analyses it shows, newest first: drafts only in a preview."""
    make: Callable[[Container[str] | None], Iterator[tuple[str, bytes]]]
    """Makes its files, one at a time: (path in the edition's tree, bytes); given pages, those and the assets
    (`made`)."""
    searched: tuple[str, ...]
    """The pages search indexes something of, by their path in the tree: the analyses', the hand-written ones
    and the partners', topics' and stakeholders' own pages (`Renderer.searched`). Pagefind is given only these."""
    instead: dict[str, bytes] = field(default_factory=dict)
    """Path -> what a preview shows there, instead of the page made for it if any: the problems of an analysis."""

    def made(self, pages: Container[str] | None = None) -> Iterator[tuple[str, bytes]]:
        """Every file, made as it is asked for; with `pages`, only the pages at those paths and what every page
        loads, the assets (the live preview's first pass: what browsers are showing), no other page rendered."""
        shown = set()
        for path, data in self.make(pages):
            if path in self.instead:
                shown.add(path)
                data = self.instead[path]
            yield path, data
        for path, data in self.instead.items():
            if path not in shown and (pages is None or path in pages):
                yield path, data

    @property
    def files(self) -> dict[str, bytes]:
        """Every file at once, path -> bytes: for a small corpus (tests), since it holds them all."""
        return dict(self.made())

    def write(self, tree: Path, undoable: bool = False) -> WriteReport:
        """Make the folder `tree` (the project's `edition.tree`) hold exactly this publication.

        Each file is written as it is made; an error on the way leaves `tree` as it was (`write.sync`).
        `undoable`: `tree` can be put back as it was until the write is committed (`write.restore`, `write.commit`).
        """
        return sync(tree, self.made(), undoable=undoable)

    def write_held(self, tree: Path, held: dict[str, bytes] | None) -> tuple[dict[str, bytes], WriteReport]:
        """Make the live preview's `tree` hold exactly this publication; what it then holds, and what was written.

        The preview keeps its files in memory, to compare the next build's with them rather than read its tree:
        `held` is what the tree holds, None when that isn't known (`write.sync`).
        """
        files = self.files
        return files, sync(tree, files, held)

    def write_pages(
        self, tree: Path, held: dict[str, bytes], pages: Container[str]
    ) -> tuple[dict[str, bytes], WriteReport]:
        """Write into the live preview's `tree` only the pages at `pages` and the assets (`made`), where they
        changed, removing nothing; what the tree then holds (`held` is what it holds), and what was written."""
        files = dict(self.made(pages))
        return {**held, **files}, update(tree, files, held)


@dataclass
class Reused:
    """What a preview keeps from one build to the next (see generator/reuse.py), for one project."""

    checked: CheckedFiles
    """The checked analysis files, kept in memory: an unchanged analysis is the same object in every build."""
    rendering: Kept
    exports: Reuse[bytes]
    feed_entries: Reuse[str]
    written: dict[str, bytes] | None
    """What the preview's tree holds, as the last build wrote it; None when that isn't known (`write.sync`)."""

    @classmethod
    def empty(cls, root: Path) -> Reused:
        return cls(CheckedFiles.of(root, write_later=True), Kept(), Reuse(), Reuse(), None)


def publish(root: Path, edition: Edition) -> tuple[Publication | None, list[Problem]]:
    """The published edition, or the problems that prevent it."""
    content, problems = load_content(root)
    if content is None:
        return None, problems
    return _assemble(root, content, edition, include_drafts=False)


def preview(root: Path, edition: Edition, reused: Reused) -> tuple[Publication | None, list[Problem]]:
    """The edition with drafts, for the live preview, and every problem found.

    An analysis with problems doesn't stop it: its page lists them. Problems
    elsewhere (entities, taxonomy, a hand-written page) do, as in a build.
    """
    content, problems = load_content(root, keep_valid_analyses=True, checked_files=reused.checked)
    if content is None:
        return None, problems
    publication, page_problems = _assemble(root, content, edition, include_drafts=True, reused=reused)
    if publication is None:
        return None, problems + page_problems
    for source, found in _by_analysis(problems).items():
        publication.instead[page_of("analyses", Path(source).stem)] = _problem_page(source, found, edition).encode()
    return publication, problems


def _assemble(
    root: Path, content: Content, edition: Edition, include_drafts: bool, reused: Reused | None = None
) -> tuple[Publication | None, list[Problem]]:
    hand_written, problems = _hand_written_pages(root, edition)
    if problems:
        return None, problems
    intro = hand_written.pop(HOME_INTRO, "")
    renderer = Renderer(
        content, edition, _body(intro), include_drafts, _as_of(content, edition), reused.rendering if reused else None
    )

    def make(pages: Container[str] | None) -> Iterator[tuple[str, bytes]]:
        for path, markdown in renderer.pages(pages):
            yield path, markdown.encode()
        for source, markdown in hand_written.items():
            if pages is None or _published_path(source) in pages:
                yield _published_path(source), _with_front_matter(source, markdown, renderer).encode()
        yield from _assets(root, edition)
        if pages is not None:
            return
        yield FINDER_DATA, finder.data_file(renderer.analyses, renderer.indexes, edition)
        yield from opendata.export_files(content, renderer.analyses, edition, reused.exports if reused else None)
        if edition.on_the_web:
            yield from feeds.feed_files(
                content, renderer.analyses, edition, reused.feed_entries if reused else None
            ).items()
            yield WATCH_CALENDAR, ical.calendar(renderer.analyses, edition)
        for schema_name, document in json_schema.documents().items():
            yield f"{json_schema.FOLDER}/{schema_name}", document.encode()  # so that a file can name its schema by URL

    searched = (*renderer.searched(), *(_published_path(source) for source in hand_written))
    return Publication(edition, content, renderer.analyses, make, searched), []


def _as_of(content: Content, edition: Edition) -> dt.date:
    """The day an edition's pages are as of (what is overdue depends on it): the day of the build, on the web.

    The offline edition gives the same bytes for the same content on any day: its pages are as of its edition
    date, the date its build sees as SOURCE_DATE_EPOCH (generator/offline.py).
    """
    return asof.as_of() if edition.on_the_web else offline.edition_date(content)


def _hand_written_pages(root: Path, edition: Edition) -> tuple[dict[str, str], list[Problem]]:
    """content/pages/: path -> Markdown as this edition shows it."""
    pages: dict[str, str] = {}
    problems: list[Problem] = []
    folder = root / PAGES_SOURCE
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        source = path.relative_to(root).as_posix()
        try:
            pages[source] = editions.for_edition(path.read_text("utf-8"), edition.on_the_web, source)
        except editions.MarkerError as error:
            problems.append(Problem(source, error.line, None, error.message))
    return pages, problems


def _published_path(source: str) -> str:
    return source.removeprefix(f"{PAGES_SOURCE}/")


def _body(markdown: str) -> str:
    """A hand-written page without its front matter."""
    return _FRONT_MATTER.sub("", markdown, count=1)


def _with_front_matter(source: str, markdown: str, renderer: Renderer) -> str:
    """A hand-written page with what the theme shows of every page added to its own front matter."""
    found = _FRONT_MATTER.match(markdown)
    own: Any = yaml.safe_load(found.group(1) or "") if found else None
    meta = {**(own if isinstance(own, dict) else {}), **renderer.meta(_published_path(source), source)}
    return f"{front_matter(source, meta)}{_body(markdown)}"


def _assets(root: Path, edition: Edition) -> Iterator[tuple[str, bytes]]:
    """The site's own files (style sheets, the text face, the offline edition's search shim), as they are."""
    folder = root / ASSETS_SOURCE
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        published = f"{ASSETS}/{path.relative_to(folder).as_posix()}"
        if path.is_file() and (edition.includes_offline_assets or not published.startswith(f"{OFFLINE_ONLY_ASSETS}/")):
            yield published, path.read_bytes()


def _by_analysis(problems: list[Problem]) -> dict[str, list[Problem]]:
    """The problems of each analysis file that has some and a name that can be a page's."""
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        path = Path(problem.path)
        if path.parent.as_posix() == ANALYSES_DIR and path.suffix == ".yaml" and valid_id(path.stem):
            found.setdefault(problem.path, []).append(problem)
    return found


def _problem_page(source: str, problems: list[Problem], edition: Edition) -> str:
    """The page a preview shows for an analysis it can't build: what to fix, line by line."""
    lines = "\n".join(
        f"- `{problem.line or '-'}:{problem.col or '-'}` {text.escape_markdown(problem.message)}"
        for problem in problems
    )
    title = text.escape_markdown(Path(source).stem)
    meta: dict[str, Any] = {"description": f"{source} has problems", "search": {"exclude": True}}
    source_url = edition.source(source)
    if source_url:
        meta["source"] = source_url
    return (
        f"{front_matter(source, meta)}\n# {title} {{#page_title}}\n\n"
        f'!!! danger "{len(problems)} problem{"s" if len(problems) != 1 else ""} in {title}.yaml"\n\n'
        f"    This analysis is not built until they are fixed; `make site` refuses it.\n\n"
        + "\n".join(f"    {line}" for line in lines.splitlines())
        + "\n"
    )
