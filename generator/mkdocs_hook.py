"""MkDocs hook: the generated pages join the build straight from content/.

`mkdocs build` and `mkdocs serve` therefore always show the current YAML, and
the live preview regenerates in memory when a file under content/ changes:
nothing is written to docs/, so nothing triggers a second rebuild. Drafts are
shown in the preview only.

Beside the pages it publishes the open data (api/) and, for a site with an
address, the feeds; it hands the page template each page's feed links and an
analysis page's JSON-LD, and points every page's "Source file" link at the
file it is made from.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator import feeds, json_schema, jsonld, opendata, pipeline  # noqa: E402
from generator.problems import format_problems  # noqa: E402
from generator.render import page_of  # noqa: E402
from generator.site import Site  # noqa: E402

log = logging.getLogger("mkdocs.hooks.partnership_watch")
_command = "build"
_build: pipeline.Build | None = None
_site: Site | None = None
_analysis_pages: dict = {}


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_files(files: Files, config) -> Files:
    global _build, _site, _analysis_pages
    root = Path(config.config_file_path).resolve().parent
    built, problems = pipeline.build(root, include_drafts=_command == "serve")
    if built is None:
        raise PluginError("the content has problems:\n" + "\n".join(format_problems(problems)))
    _build = built
    _analysis_pages = {page_of("analyses", analysis.slug): analysis for analysis in built.analyses}
    _site = Site.of(config.site_name, config.site_url, config.site_description,
                    config.theme.get("language") or "en", config.use_directory_urls)
    docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    for file in list(files):
        if pipeline.is_generated(file.src_uri):
            files.remove(file)
        else:
            file.edit_uri = f"{docs}/{file.src_uri}"  # edit_uri is relative to the repository, not docs/
    for src_uri, markdown in sorted(built.pages.items()):
        file = File.generated(config, src_uri, content=markdown)
        file.edit_uri = built.sources[src_uri]  # "Source file" points at the YAML, not the generated Markdown
        files.append(file)
    published = opendata.export_files(built.content, built.analyses, _site)
    if _site.on_the_web:
        published |= feeds.feed_files(built.content, built.analyses, _site)
    for path, data in sorted(published.items()):
        files.append(File.generated(config, path, content=data))
    # Published so that a file anywhere can name its schema by URL.
    for name, text in json_schema.documents().items():
        files.append(File.generated(config, f"{json_schema.FOLDER}/{name}", content=text))
    return files


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
