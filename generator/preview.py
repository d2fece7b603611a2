"""The live preview (`make serve`): the publication with its drafts, made again on every save, served by MkDocs.

On each change under content/, generator/, assets/, overrides/ or to
mkdocs.yml, the generator writes the preview edition (drafts included) into a
folder of its own, each file only when its bytes change, and MkDocs builds
that folder "dirty": it renders again only the pages whose Markdown changed.
Nothing about the published site lives here: the engine builds what the
generator wrote, as `make site` does.

- An edit to the generator's code or templates shows without a restart: the
  generator's modules are imported afresh when a file under generator/
  changes (this module, which runs the server, is the exception).
- An edit to the theme (overrides/) or to mkdocs.yml renders every page again.
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

What this relies on in MkDocs and Material, beyond their plugin events: the
`LiveReloadServer` (what `mkdocs serve` runs), `build(config, serve_url=…,
dirty=…)`, Material's search plugin's `search_index.entries` and
`search_index_prev`, and Jinja's `Environment.bytecode_cache` on the
environment MkDocs hands to `on_env`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import logging
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterable
from os.path import isfile, join
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .paths import ASSETS_SOURCE, WEB_CONFIG, edition

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
        self.rendered.add(page.url)
        if not page.meta.get("search_body"):  # a listing (Renderer.meta): Material's search then never parses it
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return html

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


class Preview:
    """The preview edition of a project, kept up to date in `tree`."""

    def __init__(self, root: Path, tree: Path, url: str):
        self.root, self.tree = root, tree
        self.edition = dataclasses.replace(edition(root), url=url)
        self.search = _WholeSearch()
        self.templates = _KeptTemplates()
        self._code = ""
        self._theme = ""
        self._publication: ModuleType | None = None
        self._reused: Any = None

    def regenerate(self) -> bool:
        """Write the preview edition into the tree; False when problems outside the analyses prevent it."""
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
            return False
        held, self._reused.written = self._reused.written, None  # not known again until this write is done
        self._reused.written = published.write_held(self.tree, held)
        return True

    def close(self) -> None:
        """Write the cache of checked files, which the preview's builds keep in memory."""
        if self._reused is not None:
            self._reused.checked.write()

    def theme_changed(self) -> bool:
        theme = _fingerprint(self.root, THEME)
        changed, self._theme = theme != self._theme, theme
        return changed

    def build(self, site_dir: str) -> None:
        """Regenerate, then build what changed into `site_dir`, as MkDocs' server asks after each change."""
        if not self.regenerate():
            return
        config = load_config(
            str(self.root / WEB_CONFIG), docs_dir=str(self.tree), site_dir=site_dir, site_url=self.edition.url
        )
        # Material's search, which mkdocs.yml leaves to Pagefind on the web: Pagefind indexes a whole built
        # site, and the preview builds only the pages an edit changes.
        config.plugins["material/search"].config["enabled"] = True
        config.plugins["partnership-watch/whole-search"] = self.search
        config.plugins["partnership-watch/kept-templates"] = self.templates
        dirty = not self.theme_changed()
        config.plugins.on_startup(command="serve", dirty=dirty)
        build(config, serve_url=self.edition.url, dirty=dirty)


def _fresh_generator() -> ModuleType:
    """generator.publication and everything it uses, imported from the files as they are now."""
    package = sys.modules[__package__ or "generator"]
    for module in [name for name in sys.modules if name.startswith("generator.")]:
        if module != __name__:
            del sys.modules[module]
            # `from . import x` takes the package's attribute when there is one, before sys.modules.
            vars(package).pop(module.removeprefix("generator."), None)
    importlib.invalidate_caches()
    return importlib.import_module("generator.publication")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(root: Path, dev_addr: str, verbose: bool = False) -> int:
    """Serve the preview on `dev_addr` (host:port) until interrupted (Ctrl-C, or a SIGTERM as `kill` sends: either
    way the preview writes the cache of checked files and removes its folders)."""
    signal.signal(signal.SIGTERM, _interrupt)
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(levelname)-7s -  %(message)s")
    host, _, port = dev_addr.rpartition(":")
    url = f"http://{host}:{port}/"
    tree = Path(tempfile.mkdtemp(prefix="partnership-watch-preview-"))
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    preview = Preview(root, tree, url)
    log.debug(f"The preview's tree (what MkDocs builds from): {tree}")

    def builder(config: MkDocsConfig | None = None) -> None:
        log.info("Building documentation...")
        preview.build(site_dir)

    server = LiveReloadServer(
        builder=builder, host=host, port=int(port), root=site_dir, mount_path="/", polling_interval=POLLING_INTERVAL
    )

    def error_page(code: int) -> bytes | None:
        page = join(site_dir, f"{code}.html")
        if code in (404, 500) and isfile(page):
            return Path(page).read_bytes()
        return None

    server.error_handler = error_page
    try:
        builder()
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name))
        try:
            server.serve()  # type: ignore[no-untyped-call]
        finally:
            server.shutdown()
            preview.close()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        shutil.rmtree(tree, ignore_errors=True)
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0
