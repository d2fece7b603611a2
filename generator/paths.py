"""Every public path and URL of the publication, and what differs between its two editions.

The generator writes each edition as a tree of files (pages as Markdown, the
feeds, the open data, the schemas) that an engine turns into the site: the
web edition into `docs/`, the offline edition, read from disk with no
address, into `dist/offline-docs/`. A page is named by its path in that tree
(`analyses/<slug>.md`); the engine gives it its URL, and `Edition.page` says
which, so that feeds, open data and JSON-LD can name it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WEB_TREE = "docs"
OFFLINE_TREE = "dist/offline-docs"
WEB_CONFIG = "mkdocs.yml"
OFFLINE_CONFIG = "mkdocs-offline.yml"

HOME = "index.md"
WATCH = "watch/index.md"
"""What to watch: every signal the analyses name, overdue, open and resolved."""
WATCH_RECORD = "watch/record.md"
"""The track record: how the signals turned out, overall and for each partner (`/watch/record/`)."""
WATCH_CALENDAR = "watch.ics"
"""The signals with a date and no outcome as an iCalendar feed: on the web only, like the other feeds."""
CORRECTIONS = "corrections/index.md"
"""Every correction of every analysis, newest first."""
FINDER_DATA = "analyses/finder-data.js"
"""What the analyses index (the finder) filters: every analysis it shows, as a script that assigns one object
(generator/finder.py). A script rather than JSON, since a page read from file:// can load a script but not fetch
a file."""
FINDER_SCRIPT = "assets/finder.js"
"""The finder's filter: a static, hand-written script that reads FINDER_DATA."""
INDEX_KINDS = ("partners", "topics", "stakeholders")
FEED_KINDS = ("partners", "topics")
"""The indexes whose every entry has a feed of its own."""
"""The indexes: each has a listing page and a page per entry in use."""

API = "api"
COLLECTION = f"{API}/analyses.json"
OPENDATA_SCHEMA = f"{API}/analyses.schema.json"
EDITOR_SCHEMAS = "schema"
"""Where the JSON Schemas for editors are published, as in the repository."""

PAGES_SOURCE = "content/pages"
"""The hand-written pages: published as they are, at their file's path."""
HOME_INTRO = f"{PAGES_SOURCE}/_home.md"
"""The home page's introduction: a file whose name starts with `_` is included, not published."""
ASSETS_SOURCE = "assets"
ASSETS = "assets"
OFFLINE_ONLY_ASSETS = "assets/vendor/iframe-worker"
"""What only the offline edition needs (the search shim for file://); the rest of `assets/vendor/` (the text
face) both editions carry."""
SEARCH_BUNDLE = "pagefind"
"""Where, in the built web edition, Pagefind writes its index and scripts (overrides/partials/pagefind.html
loads them from there)."""


def undo_folder(tree: Path) -> Path:
    """Where a sync of the folder `tree` keeps what it replaced and removed, until the build stands
    (generator/undo.py): beside it, so on the same file system, and outside it, so no engine reads it."""
    return tree.with_name(f".{tree.name}-undo")


def page_of(kind: str, key: str) -> str:
    """The page of an analysis (`analyses`) or of an index entry (`partners`, `topics`, `stakeholders`)."""
    return f"{kind}/{key}.md"


def index_of(kind: str) -> str:
    """The listing page of an index, or of the analyses."""
    return f"{kind}/index.md"


def page_below(listing: str, year: int, month: int | None = None) -> str:
    """A page of a paged listing (generator/paging.py), below the listing's own page: `archive/2025.md` below
    `archive/index.md`, `partners/contoso/2025.md` below `partners/contoso.md`, `archive/2025/03.md` for a month.

    Named by dates, never by position, so that a page keeps its entries as newer ones are published.
    """
    stem = listing.removesuffix(".md").removesuffix("/index")
    return f"{stem}/{year}.md" if month is None else f"{stem}/{year}/{month:02d}.md"


def feed_path(kind: str | None = None, key: str | None = None) -> str:
    """The publication's feed, or one partner's or topic's, without its extension (`.xml`, `.json`)."""
    return "feed" if kind is None else f"{kind}/{key}/feed"


def analysis_data(slug: str) -> str:
    """One analysis's open data."""
    return f"{API}/analyses/{slug}.json"


# Ids on an analysis page besides its sections' (`#context`, …, `#corrections`), for its citations and
# corrections: fixed prefixes and numbers, so that they never take a value from content nor meet the
# theme's (`__config`, …).
def source_anchor(number: int) -> str:
    """The `number`th source (from 1) under Sources."""
    return f"source-{number}"


def citing_anchor(section: str, number: int) -> str:
    """The `number`th paragraph of Context (`section` "context") or view of Expert views ("view"), which cites."""
    return f"cite-{section}-{number}"


def correction_anchor(number: int) -> str:
    """The `number`th correction under Corrections, oldest first: corrections are only ever added, and dated
    the day they are made, so a correction keeps its number."""
    return f"correction-{number}"


def wikidata_item(item: str) -> str:
    """The page of a Wikidata item, from its id (`Q` and digits, as validation checked)."""
    return f"https://www.wikidata.org/wiki/{item}"


@dataclass(frozen=True)
class Edition:
    """One edition of the publication: where it is written and how its pages are addressed."""

    kind: str
    """'web' or 'offline'."""
    name: str
    """The publication's name (`site_name`)."""
    url: str
    """The address of the home page, ending in '/'; empty for the offline edition, which has none."""
    description: str
    language: str = "en"
    directory_urls: bool = True
    edit_url: str = ""
    """Where a file of the repository is shown, ending in '/' (`repo_url` + `edit_uri`); empty for none."""

    @property
    def on_the_web(self) -> bool:
        """Whether pages have absolute addresses: only then are there feeds and JSON-LD."""
        return bool(self.url)

    @property
    def tree(self) -> str:
        """The folder, relative to the project, that the generator writes this edition into."""
        return WEB_TREE if self.kind == "web" else OFFLINE_TREE

    @property
    def config(self) -> str:
        """The engine's configuration for this edition."""
        return WEB_CONFIG if self.kind == "web" else OFFLINE_CONFIG

    @property
    def includes_offline_assets(self) -> bool:
        return not self.on_the_web

    @property
    def pagefind(self) -> bool:
        """Whether its built site gets Pagefind's search index: on the web. Offline, Material's search reads
        its index as a script, since Pagefind's fetch and WebAssembly don't work from file://."""
        return self.on_the_web

    def page(self, path: str) -> str:
        """The URL of a page given by its path in the tree, as the engine writes it."""
        stem, _ = posixpath.splitext(path)
        if not self.directory_urls:
            return f"{self.url}{stem}.html"
        if stem == "index":
            return self.url or "./"
        if stem.endswith("/index"):
            stem = stem[: -len("/index")]
        return f"{self.url}{stem}/"

    def pages_at(self, address: str) -> tuple[str, ...]:
        """The paths in the tree that the page at `address` (relative to the home page's, as `_address` gives it)
        can be made from: `analyses/x/` from `analyses/x.md` or `analyses/x/index.md`."""
        if not self.directory_urls:
            stem = address.removesuffix(".html") if address.endswith(".html") else f"{address}index"
            return (f"{stem}.md",)
        stem = address.removesuffix("index.html").rstrip("/")
        return (f"{stem}.md", f"{stem}/index.md") if stem else ("index.md",)

    def link(self, target: str, page: str) -> str:
        """The address of the page `target` relative to the page `page`, both given by their path in the tree.

        For links in raw HTML, which the engine writes as they are: it turns a
        Markdown link to `partners/contoso.md` into the page's URL, but not an
        `href` in an HTML block. Right in both editions: `../fabrikam/` between
        two partner pages on the web, `fabrikam.html` offline.
        """
        folder = self._address(page).rpartition("/")[0]
        up, down = folder.split("/") if folder else [], self._address(target).split("/")
        while up and len(down) > 1 and up[0] == down[0]:  # generated paths have no "." or ".." parts
            del up[0], down[0]
        return "/".join([".."] * len(up) + down) or "./"

    def _address(self, path: str) -> str:
        """The URL of a page relative to the home page's folder: `partners/contoso/`, `partners/contoso.html`."""
        stem, _ = posixpath.splitext(path)
        if not self.directory_urls:
            return f"{stem}.html"
        if stem == "index":
            return ""
        return f"{stem.removesuffix('/index')}/"

    def built(self, path: str) -> str:
        """The HTML file the engine builds the page `path` into, relative to the built site:
        `analyses/<slug>/index.html` on the web, `analyses/<slug>.html` offline."""
        address = self._address(path)
        return f"{address}index.html" if self.directory_urls else address

    def file(self, path: str) -> str:
        """The URL of a file that is published as it is (feeds, open data)."""
        return self.url + path

    def source(self, path: str) -> str | None:
        """Where a reader can see the repository file (or folder) a page is made from."""
        return self.edit_url + path if self.edit_url else None


def edition(root: Path, kind: str = "web") -> Edition:
    """The edition as the engine's configuration for it describes it (`site_url` may come from `SITE_URL`)."""
    from mkdocs.utils.yaml import yaml_load  # reads INHERIT and !ENV as the engine does

    config_file = WEB_CONFIG if kind == "web" else OFFLINE_CONFIG
    with open(root / config_file, "rb") as stream:
        config: dict[str, Any] = yaml_load(stream)
    url = str(config.get("site_url") or "")
    if url and not url.endswith("/"):
        url += "/"
    repo, edit_uri = config.get("repo_url") or "", config.get("edit_uri") or ""
    edit = f"{repo.rstrip('/')}/{edit_uri.strip('/')}/" if repo and edit_uri else ""
    return Edition(
        kind=kind,
        name=str(config["site_name"]),
        url=url,
        description=str(config.get("site_description") or ""),
        language=str((config.get("theme") or {}).get("language") or "en"),
        directory_urls=bool(config.get("use_directory_urls", True)),
        edit_url=edit,
    )
