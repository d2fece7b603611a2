"""MkDocs hook: the generated pages join the build straight from content/.

`mkdocs build` and `mkdocs serve` therefore always show the current YAML, and
the live preview regenerates in memory when a file under content/ changes:
nothing is written to docs/, so nothing triggers a second rebuild. Drafts are
shown in the preview only.

Beside the pages it publishes the open data (api/) and, for a site with an
address, the feeds; it hands the page template each page's feed links and an
analysis page's JSON-LD, and points every page's "Source file" link at the
file it is made from. In a preview, which builds on every save, an analysis's
open data and feed entries are made again only when what they show changed
(generator/reuse.py).

A hand-written page's passages marked as true of the web edition only are
left out of the offline one (generator/editions.py). A page whose front
matter sets `toc_depth` (the listings do) gets a table of contents only down
to that heading level.

In a dirty preview (`make serve`, which runs `mkdocs serve --dirty`), MkDocs
re-renders only the pages whose source file is newer than their HTML; pages
held in memory always count as changed. So there the generated pages are
written to a folder of the hook's own, outside docs/ (the watcher never sees
it), each only when its bytes change, and MkDocs reads them from there: an
edit re-renders the pages it changes and no others. Material's search plugin
indexes only the pages it rendered, so the hook keeps every page's entries
and hands the plugin the whole index before it writes it.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import AnchorLink, TableOfContents

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator import editions, feeds, json_schema, jsonld, opendata, pipeline
from generator.problems import format_problems
from generator.render import page_of
from generator.reuse import Reuse
from generator.site import Site

log = logging.getLogger("mkdocs.hooks.partnership_watch")
_command = "build"
_dirty = False
_build: pipeline.Build | None = None
_site: Site | None = None
_analysis_pages: dict = {}
_preview_folder: Path | None = None
"""Where a dirty preview keeps the generated pages, for the whole `mkdocs serve` session."""
_search_entries: dict[str, list[dict]] = {}
"""A dirty preview's search index: page URL -> its entries, as Material's search plugin made them."""
_rewritten: set[str] = set()
"""URLs of the generated pages whose Markdown changed in this build."""
_page_urls: set[str] = set()
_exports: Reuse[tuple[str, bytes]] = Reuse()
_feed_entries: Reuse[str] = Reuse()
"""Each analysis's open data and feed entries, kept from one build of a preview to the next."""
_docs = "docs"
"""docs_dir, relative to the project folder, as problems name it."""


def on_startup(command: str, dirty: bool) -> None:
    global _command, _dirty
    _command, _dirty = command, dirty


def on_shutdown() -> None:
    if _preview_folder is not None:
        shutil.rmtree(_preview_folder, ignore_errors=True)


def _preview() -> bool:
    """`mkdocs serve`: drafts are shown, and each save builds again, so a build keeps what the next can take."""
    return _command == "serve"


def _dirty_preview() -> bool:
    return _preview() and _dirty


def on_files(files: Files, config) -> Files:
    global _build, _site, _analysis_pages, _page_urls, _docs
    root = Path(config.config_file_path).resolve().parent
    built, problems = pipeline.build(root, include_drafts=_preview())
    if built is None:
        raise PluginError("the content has problems:\n" + "\n".join(format_problems(problems)))
    _build = built
    _analysis_pages = {page_of("analyses", analysis.slug): analysis for analysis in built.analyses}
    _site = Site.of(
        config.site_name,
        config.site_url,
        config.site_description,
        config.theme.get("language") or "en",
        config.use_directory_urls,
    )
    _docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    for file in list(files):
        if pipeline.is_generated(file.src_uri):
            files.remove(file)
        else:
            file.edit_uri = f"{_docs}/{file.src_uri}"  # edit_uri is relative to the repository, not docs/
    files_of_pages = _generated_pages(config, built)
    for file in files_of_pages:
        file.edit_uri = built.sources[file.src_uri]  # "Source file" points at the YAML, not the generated Markdown
        files.append(file)
    _page_urls = {file.url for file in files.documentation_pages()}
    preview = _preview()  # a build that has no next one keeps nothing
    published = opendata.export_files(built.content, built.analyses, _site, _exports if preview else None)
    if _site.on_the_web:
        published |= feeds.feed_files(built.content, built.analyses, _site, _feed_entries if preview else None)
    for path, data in sorted(published.items()):
        files.append(File.generated(config, path, content=data))
    # Published so that a file anywhere can name its schema by URL.
    for name, text in json_schema.documents().items():
        files.append(File.generated(config, f"{json_schema.FOLDER}/{name}", content=text))
    return files


def _generated_pages(config, built: pipeline.Build) -> list[File]:
    """The generated pages for MkDocs: held in memory, or in a dirty preview, read from the preview's folder."""
    global _preview_folder, _rewritten
    if not _dirty_preview():
        return [File.generated(config, src_uri, content=markdown) for src_uri, markdown in sorted(built.pages.items())]
    _preview_folder = _preview_folder or Path(tempfile.mkdtemp(prefix="partnership-watch-preview-"))
    written = set(pipeline.write_pages(_preview_folder, built.pages).written)
    pages = [
        File.generated(config, src_uri, abs_src_path=str(_preview_folder / src_uri)) for src_uri in sorted(built.pages)
    ]
    _rewritten = {file.url for file in pages if file.src_uri in written}
    return pages


def on_page_markdown(markdown: str, page, config, files) -> str:
    """A hand-written page as this edition shows it: passages about the feeds only where there are feeds."""
    if _site is None or pipeline.is_generated(page.file.src_uri):
        return markdown
    try:
        return editions.for_edition(markdown, _site.on_the_web, f"{_docs}/{page.file.src_uri}")
    except editions.MarkerError as error:
        raise PluginError(str(error)) from None


def on_page_content(html: str, page, config, files) -> str:
    """A page's table of contents down to the heading level its front matter's `toc_depth` names, if it names one."""
    depth = page.meta.get("toc_depth")
    if isinstance(depth, int) and not isinstance(depth, bool):
        page.toc = TableOfContents(_down_to(list(page.toc), depth))
    return html


def _down_to(items: list[AnchorLink], depth: int) -> list[AnchorLink]:
    kept = [item for item in items if item.level <= depth]
    for item in kept:
        item.children = _down_to(item.children, depth)
    return kept


def on_page_context(context, page, config, nav):
    """Feeds to advertise on every page, and the JSON-LD of an analysis page."""
    if _build is None or _site is None or not _site.on_the_web:
        return context
    context["feed_alternates"] = feeds.alternates(page.file.src_uri, _build.content, _site)
    analysis = _analysis_pages.get(page.file.src_uri)
    if analysis is not None:
        context["analysis_jsonld"] = jsonld.analysis_jsonld(analysis, _build.content, _site)
        context["analysis_dates"] = (analysis.published.isoformat(), analysis.last_modified.isoformat())
    return context


@event_priority(50)  # before Material's search plugin writes the index
def on_post_build(config) -> None:
    """In a dirty preview, give the search plugin every page's entries, not only those of the pages just rendered."""
    search = config.plugins.get("material/search")
    if not _dirty_preview() or search is None or not search.config.enabled:
        return
    rendered: dict[str, list[dict]] = {}
    for entry in search.search_index.entries:
        rendered.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    for url in _rewritten - rendered.keys():
        _search_entries.pop(url, None)  # rendered, and now kept out of search
    _search_entries.update(rendered)
    for url in _search_entries.keys() - _page_urls:
        del _search_entries[url]
    search.search_index.entries = [entry for url in sorted(_search_entries) for entry in _search_entries[url]]
    search.search_index_prev = None  # its own merge assumes one page changed
