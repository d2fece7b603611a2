"""The live preview (`make serve`): the publication with its drafts, made again on every save, built by MkDocs.

On each change under content/, generator/, assets/, overrides/ or to
mkdocs.yml, the generator writes the preview edition (drafts included) into a
folder of its own, each file only when its bytes change, and MkDocs builds
that folder "dirty", rendering only the pages the preview says changed. It
does so in two passes (`Preview`; generator/preview_server.py runs them): the
pages browsers are showing first, written and built alone, then the rest of
the publication. Once the second is done, the site is what a fresh build of
the preview makes, file for file. Nothing about the published site lives
here: the engine builds what the generator wrote, as `make site` does.

- An edit to the generator's code or templates shows without a restart: the
  generator's modules are imported afresh when a file under generator/
  changes (the preview's own modules, which run the server, are the exception).
- An edit to the theme (overrides/) or to mkdocs.yml renders every page again,
  those shown first.
- An analysis with problems doesn't stop the preview: its page lists them.
  A problem elsewhere (entities, taxonomy) is printed, and the preview keeps
  showing the last good publication.
- The preview searches with Material's search (the web edition's is
  Pagefind's, which indexes a whole built site). In a dirty build Material's search plugin indexes only the pages it
  rendered; `_WholeSearch` keeps every page's entries, so that search still
  covers every page. As Pagefind does on the web, it leaves listings out
  whole (only pages whose text is their own, `search_body`, are searched):
  they repeat the analyses' text, and parsing them for search took 0.4 s
  of CPU after a title edit at 1,000 analyses.
- What an edit costs is what it changes: the generator keeps, from one build
  to the next, the checked analyses, the pages, the open data records and
  feed entries, each under what it is made from (`publication.Reused`), and
  knows what the tree holds without reading it; MkDocs keeps its compiled
  templates (`_KeptTemplates`). See BENCHMARKS.md.

What this relies on in MkDocs and Material, beyond their plugin events:
`build(config, serve_url=…, dirty=…)` asking each page's `File.is_modified()`
whether to render it (`_Rendering` answers), Material's search plugin's
`search_index.entries` and `search_index_prev`, and Jinja's
`Environment.bytecode_cache` on the environment MkDocs hands to `on_env`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import logging
import sys
from collections.abc import Callable, Collection, Iterable, MutableMapping
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .paths import ASSETS, ASSETS_SOURCE, WEB_CONFIG, edition
from .write import WriteReport, remove_emptied_folders

log = logging.getLogger("mkdocs.partnership_watch.preview")
WATCHED = ("content", "generator", ASSETS_SOURCE, "overrides", WEB_CONFIG)
THEME = ("overrides", WEB_CONFIG)
"""What every page is rendered with: after a change to these, every page is rendered again."""
POLLING_INTERVAL = 0.2
"""Seconds between two looks at the watched files. MkDocs' 0.5 s made a save wait a quarter of a second on
average before a build began; a look lists the watched folders and reads each file's times (about 4 ms of CPU
for content/ at 1,000 analyses)."""


def _fingerprint(root: Path, names: Iterable[str]) -> str:
    """Changes whenever a file under `names` is added, removed or written."""
    digest = hashlib.sha256()
    for name in names:
        top = root / name
        for path in sorted([top, *top.rglob("*")] if top.is_dir() else [top]):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


class _WholeSearch(BasePlugin):  # type: ignore[type-arg,no-untyped-call]  # MkDocs' plugin base is generic, untyped
    """Material's search index of every page, in builds that render only some pages."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, list[dict[str, Any]]] = {}
        """Page URL -> its search entries, as Material's search plugin made them when the page was last rendered."""
        self.rendered: set[str] = set()
        self.pages: set[str] = set()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.pages = {file.url for file in files.documentation_pages()}
        self.rendered = set()
        return files

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not page.meta.get("search_body"):  # a listing (Renderer.meta): Material's search then never parses it
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        self.rendered.add(page.url)  # its search entries made (`on_page_context`), its HTML about to be written
        return output

    @event_priority(50)  # before Material's search plugin writes the index
    def on_post_build(self, config: MkDocsConfig) -> None:
        search: Any = config.plugins.get("material/search")
        if search is None or not search.config.enabled:
            return
        made: dict[str, list[dict[str, Any]]] = {}
        for entry in search.search_index.entries:
            made.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        for url in self.rendered:
            self.entries[url] = made.get(url, [])  # none: rendered, and kept out of search
        for url in self.entries.keys() - self.pages:
            del self.entries[url]
        search.search_index.entries = [entry for url in sorted(self.entries) for entry in self.entries[url]]
        search.search_index_prev = None  # its own merge assumes one page changed


class _KeptTemplates(BasePlugin, jinja2.BytecodeCache):  # type: ignore[type-arg,no-untyped-call]
    """The theme's templates, compiled once for every build of the preview rather than once per build.

    MkDocs makes a new Jinja environment for each build; Jinja compiles a
    template again unless the environment has a bytecode cache, which checks
    the template's source before it gives its code back, so an edited
    template is compiled again.
    """

    def __init__(self) -> None:
        BasePlugin.__init__(self)
        self.compiled: dict[str, bytes] = {}

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        env.bytecode_cache = self
        return env

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class _Rendering(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Which pages a build renders: exactly those it is given, where a dirty build of MkDocs renders every page
    whose Markdown is newer than its HTML.

    The first pass of an edit renders the pages browsers are showing while the tree may hold other pages not
    yet rendered (the rest of an edit that a newer one cut short): by the files' times MkDocs would render them
    all. The preview knows which pages it wrote since they were last rendered, and says which to render now.
    So that the site is then what a clean build would make, it also removes what the last build made from
    files the tree no longer holds, and gives each page it doesn't render the front matter it last read from
    it (the sitemap dates pages by it).
    """

    def __init__(self) -> None:
        super().__init__()
        self.chosen: Collection[str] = ()
        """The paths in the tree of the pages the build renders."""
        self.superseded: Callable[[], bool] = lambda: False
        """Whether a newer change waits: the pages not rendered yet are then left for a later build."""
        self.rendered: dict[str, str] = {}
        """The pages the build rendered and wrote: path in the tree -> URL."""
        self.removed: set[str] = set()
        """The URLs of the pages the build removed, their files gone from the tree."""
        self._made: dict[str, str] = {}
        """What the last build's files are made into, in the site's folder -> their URLs (of pages; else "")."""
        self._meta: dict[str, MutableMapping[str, Any]] = {}
        """Each page's front matter, as the build that last rendered it read it: path in the tree -> meta."""
        self._read: set[str] = set()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        made = {file.dest_uri: file.url if file.is_documentation_page() else "" for file in files}
        self.removed = set()
        for gone in sorted(self._made.keys() - made.keys()):
            path = Path(config.site_dir, gone)
            path.unlink(missing_ok=True)
            remove_emptied_folders(path, Path(config.site_dir))
            if self._made[gone]:
                self.removed.add(self._made[gone])
        self._made = made
        for file in files.documentation_pages():
            # MkDocs asks each page's file, in a dirty build, whether to render it: the preview answers, not the
            # files' times.
            file.is_modified = partial(self._renders, file.src_uri)  # type: ignore[method-assign]
        self.rendered = {}
        self._read = set()
        self._meta = {file.src_uri: self._meta[file.src_uri] for file in files if file.src_uri in self._meta}
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        self._meta[page.file.src_uri] = page.meta
        self._read.add(page.file.src_uri)
        return markdown

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        for file in files.documentation_pages():
            if file.page is not None and file.src_uri not in self._read:
                file.page.meta = self._meta.get(file.src_uri, {})
        return env

    def _renders(self, path: str) -> bool:
        return path in self.chosen and not self.superseded()

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        self.rendered[page.file.src_uri] = page.url
        return output


@dataclasses.dataclass(frozen=True)
class Built:
    """What a pass of the preview changed in the built site, for browsers to load again."""

    pages: frozenset[str] = frozenset()
    """The URLs of the pages rendered again or removed."""
    everything: bool = False
    """Whether every page changed: the theme, or what every page loads (assets/)."""


class Preview:
    """The preview edition of a project, kept up to date in `tree`, built in two passes after a change.

    The first pass writes and builds the pages browsers are showing (`first_pass`), the second writes the
    whole publication and builds every other page it changed (`second_pass`): the page an author is looking
    at shows an edit before the hundreds of pages a partner's name is on are made. Once the second is done,
    the site is the one a fresh build of the preview would make.
    """

    def __init__(self, root: Path, tree: Path, url: str):
        self.root, self.tree = root, tree
        self.edition = dataclasses.replace(edition(root), url=url)
        self.search = _WholeSearch()
        self.templates = _KeptTemplates()
        self.rendering = _Rendering()
        self._code = ""
        self._theme = ""
        self._publication: ModuleType | None = None
        self._reused: Any = None
        self._published: Any = None
        """The publication the first pass made, which the second writes whole."""
        self._unrendered: set[str] = set()
        """The pages in the tree (paths) written since they were last rendered, or never rendered."""
        self._shown_first: set[str] = set()
        """The pages the last first pass built, before the rest of the publication was written."""

    def regenerate(self) -> Any:
        """The preview edition as the content now is; None when problems outside the analyses prevent it."""
        code = _fingerprint(self.root, ["generator"])
        if code != self._code or self._publication is None:
            self.close()
            self._publication = _fresh_generator()
            self._reused = self._publication.Reused.empty(self.root)
            self._code = code
        published, problems = self._publication.preview(self.root, self.edition, self._reused)
        if problems:
            from .problems import format_problems

            for line in format_problems(problems):
                log.warning(line)
        if published is None:
            log.error("the content has problems (above); the preview shows the last publication without them")
        return published

    def _write(self, write: Callable[[dict[str, bytes] | None], tuple[dict[str, bytes] | None, Any]]) -> Any:
        """Write into the tree with `write`, given what the tree holds; note the pages it wrote as unrendered."""
        held, self._reused.written = self._reused.written, None  # not known again until this write is done
        self._reused.written, report = write(held)
        self._unrendered.update(path for path in report.written if path.endswith(".md"))
        self._unrendered.difference_update(report.removed)  # what a page removed made, `_Rendering` removes
        return report

    def close(self) -> None:
        """Write the cache of checked files, which the preview's builds keep in memory."""
        if self._reused is not None:
            self._reused.checked.write()

    def theme_changed(self) -> bool:
        theme = _fingerprint(self.root, THEME)
        changed, self._theme = theme != self._theme, theme
        return changed

    def first_pass(self, site_dir: str, viewed: Iterable[str]) -> Built | None:
        """Regenerate, write the pages at the addresses `viewed` (relative to the home page's) and the assets,
        and build those pages; None when the content can't be published (`regenerate`)."""
        self._published = published = self.regenerate()
        if published is None:
            return None
        pages = {path for address in viewed for path in self.edition.pages_at(address)}
        report = self._write(
            lambda held: (
                published.write_pages(self.tree, held, pages) if held is not None else (held, WriteReport())
            )  # what the tree holds is not known: the second pass writes it whole
        )
        everything = any(path.startswith(f"{ASSETS}/") for path in report.written)
        if self.theme_changed():
            everything = True
            self._unrendered.update(path for path in self._reused.written or () if path.endswith(".md"))
        chosen = self._shown_first = self._unrendered & pages
        if not chosen and not report.written:
            return Built(everything=everything)
        return dataclasses.replace(self._build(site_dir, chosen, first=True), everything=everything)

    def second_pass(self, site_dir: str, superseded: Callable[[], bool] = lambda: False) -> Built:
        """Write the whole publication the first pass made, and build every page not rendered since it changed,
        but those left when `superseded()` says that a newer change waits (`unsettled`)."""
        published, self._published = self._published, None
        before = self._reused.written
        report = self._write(lambda held: published.write_held(self.tree, held))
        if before is None or report.removed or any(path not in before for path in report.written):
            # Files added or removed change where links lead: the pages the first pass built before they were
            # written (a new analysis on the home page shown) link to what is there now once built again.
            self._unrendered.update(self._shown_first)
        return self._build(site_dir, set(self._unrendered), superseded)

    def build(self, site_dir: str) -> None:
        """Both passes at once, none of the pages first: the first build, and `make profile`."""
        if self.first_pass(site_dir, ()) is not None:
            self.second_pass(site_dir)

    def _build(
        self, site_dir: str, chosen: set[str], superseded: Callable[[], bool] = lambda: False, first: bool = False
    ) -> Built:
        """Build the pages at the paths `chosen` into `site_dir`, and copy the other files that changed; the
        `first` pass leaves the sitemap, which lists every page, to the second."""
        config = load_config(
            str(self.root / WEB_CONFIG), docs_dir=str(self.tree), site_dir=site_dir, site_url=self.edition.url
        )
        if first:
            config.theme.static_templates.discard("sitemap.xml")
        # Material's search, which mkdocs.yml leaves to Pagefind on the web: Pagefind indexes a whole built
        # site, and the preview builds only the pages an edit changes.
        config.plugins["material/search"].config["enabled"] = True
        config.plugins["partnership-watch/rendering"] = self.rendering
        config.plugins["partnership-watch/whole-search"] = self.search
        config.plugins["partnership-watch/kept-templates"] = self.templates
        self.rendering.chosen, self.rendering.superseded = chosen, superseded
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url=self.edition.url, dirty=True)
        self._unrendered -= self.rendering.rendered.keys()
        return Built(frozenset([*self.rendering.rendered.values(), *self.rendering.removed]))

    @property
    def unsettled(self) -> bool:
        """Whether pages the tree holds are not rendered as it holds them: a newer change cut a pass short."""
        return bool(self._unrendered)


_SERVING = (__name__, f"{__package__}.preview_server")
"""The preview's own modules, which run the server: never imported afresh."""


def _fresh_generator() -> ModuleType:
    """generator.publication and everything it uses, imported from the files as they are now."""
    package = sys.modules[__package__ or "generator"]
    for module in [name for name in sys.modules if name.startswith("generator.")]:
        if module not in _SERVING:
            del sys.modules[module]
            # `from . import x` takes the package's attribute when there is one, before sys.modules.
            vars(package).pop(module.removeprefix("generator."), None)
    importlib.invalidate_caches()
    return importlib.import_module("generator.publication")
