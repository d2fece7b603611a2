"""Every kind of page the publication has, and a sample of each in a build: what the browser tests open and
`make screenshots` photographs, so that a new kind of page is added here once and is then covered by both.

A page is named as in the edition's tree without `.md` (`index`, `partners/contoso`), as the browser tests
name pages; `url` gives its address in either edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.paths import CORRECTIONS, HOME, WATCH, WATCH_RECORD, index_of, page_below, page_of

NOT_FOUND = "404"
"""The engine's page for a missing address: `404.html` at the site's root whatever the URL scheme, on the web
edition only (a server shows it; a folder read from disk has no server)."""

WIDTHS = (1280, 390)
"""A desktop window and a phone, in CSS pixels: every kind of page is checked and photographed at both."""


@dataclass(frozen=True)
class PageKind:
    name: str
    """How tests and screenshot files call it: `analysis`, `partners`."""
    page: str = ""
    """Its one page, when it has one (`watch/record`)."""
    entries_of: str = ""
    """Else the folder whose pages, besides its index, are all of this kind (`analyses`): the first in file-name
    order stands for them."""
    below: str = ""
    """Else a glob of the pages below a paged listing (`archive/[0-9]*.md`, generator/paging.py), the first in
    file-name order standing for them. A listing has them only once it outgrows its page, so the fixtures have
    none; tests/browser/test_paged_pages.py takes them from a build with its limits set low."""
    web_only: bool = False

    def sample(self, tree: Path) -> str | None:
        """The page that stands for this kind in an edition's tree (`docs/`), or None if it has none."""
        if self.page:
            return self.page if self.page == NOT_FOUND or (tree / f"{self.page}.md").is_file() else None
        if self.below:
            found = sorted(path.relative_to(tree).with_suffix("").as_posix() for path in tree.glob(self.below))
            return found[0] if found else None
        entries = sorted(
            path.relative_to(tree).with_suffix("").as_posix()
            for path in (tree / self.entries_of).glob("*.md")
            if path.name != "index.md"
        )
        return entries[0] if entries else None


def _page(path: str) -> str:
    return path.removesuffix(".md")


def _folder(listing: str) -> str:
    """Where the pages below a listing are (paths.page_below): `archive`, `partners/*`."""
    return page_below(listing, 1).rpartition("/")[0]


YEAR = "[0-9][0-9][0-9][0-9]"
MONTH = "[0-9][0-9]"


KINDS = (
    PageKind("home", page=_page(HOME)),
    PageKind("analyses", page=_page(index_of("analyses"))),
    PageKind("archive", page=_page(index_of("archive"))),
    PageKind("analysis", entries_of="analyses"),
    PageKind("partners", page=_page(index_of("partners"))),
    PageKind("partner", entries_of="partners"),
    PageKind("topics", page=_page(index_of("topics"))),
    PageKind("topic", entries_of="topics"),
    PageKind("stakeholders", page=_page(index_of("stakeholders"))),
    PageKind("stakeholder", entries_of="stakeholders"),
    PageKind("watch", page=_page(WATCH)),
    PageKind("record", page=_page(WATCH_RECORD)),
    PageKind("corrections", page=_page(CORRECTIONS)),
    PageKind("archive-year", below=f"{_folder(index_of('archive'))}/{YEAR}.md"),
    PageKind("archive-month", below=f"{_folder(index_of('archive'))}/{YEAR}/{MONTH}.md"),
    PageKind("partner-year", below=f"{_folder(page_of('partners', '*'))}/{YEAR}.md"),
    PageKind("stakeholder-year", below=f"{_folder(page_of('stakeholders', '*'))}/{YEAR}.md"),
    PageKind("watch-month", below=f"{_folder(WATCH)}/{YEAR}/{MONTH}.md"),
    PageKind("about", page="about"),
    PageKind("open-data", page="open-data"),
    PageKind("not-found", page=NOT_FOUND, web_only=True),
)
"""In the order a reader meets them: the home page, the listings, an analysis, the indexes, the tracker, the
pages below paged listings (a year of the archive and a month, a year of a partner's and of a stakeholder's
entries, a month of What to watch), the hand-written pages (`content/pages/`) and the page for a missing
address."""
PAGED = tuple(kind for kind in KINDS if kind.below)
"""The kinds a build has only when a listing outgrows its page."""


def samples(tree: Path, web: bool = True) -> dict[str, str]:
    """Kind name -> the page that stands for it in `tree`, for the kinds the edition has (`web`: the web one)."""
    found = {kind.name: kind.sample(tree) for kind in KINDS if web or not kind.web_only}
    return {name: page for name, page in found.items() if page is not None}


def url(home: str, page: str, directory_urls: bool) -> str:
    """The address of `page` in an edition whose home page is at `home` (`http://…/`, `file:///…/index.html`)."""
    base = home.rsplit("/", 1)[0] + "/"
    if page == NOT_FOUND:
        return f"{base}{NOT_FOUND}.html"
    if not directory_urls:
        return f"{base}{page}.html"
    return base + (page.removesuffix("index") if page.endswith("index") else f"{page}/")
