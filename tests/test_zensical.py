"""The web edition built by Zensical, the successor of Material for MkDocs, from the same docs/.

The contract: after `python -m generator --root PROJECT generate`, PROJECT/docs holds the whole web
edition (pages with their metadata in front matter, the feeds, the open data under api/, the JSON
Schemas under schema/), so that a builder that runs no MkDocs hooks or plugins publishes all of it.
Zensical reads mkdocs.yml but runs none of them; these tests build the basic fixture with it.

Zensical is not in requirements.lock: it has its own venv. These tests use, in this order, the command
in $ZENSICAL, .venv-zensical/bin/zensical (`make zensical`), or `python -m zensical` when the tests'
own Python has it; without any of them they skip, saying so.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import posixpath
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from projects import ROOT, make_project, run_generator

from generator import text
from generator.paths import FINDER_DATA, FINDER_SCRIPT

SITE_URL = "https://partnership-watch.github.io/partnership-watch/"
DRAFT_SLUG = "tailspin-fabrikam-stake"
DRAFT_WORD = "Draftonlyword"
SITE_DIR = "zensical-site"
# Zensical has no --site-dir option and wants site_dir inside the project: a config of our own sets it.
CONFIG = f"""# Written by tests/test_zensical.py: mkdocs.yml, built into {SITE_DIR}/.
INHERIT: mkdocs.yml
site_dir: {SITE_DIR}
"""
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def zensical_command() -> list[str] | None:
    """How to run Zensical here, or None when it is not installed."""
    given = os.environ.get("ZENSICAL")
    if given:
        command = Path(given).absolute() if os.sep in given else Path(given)  # the build runs in the project
        if os.sep in given and not os.access(command, os.X_OK):
            pytest.fail(f"ZENSICAL={given} is not an executable file", pytrace=False)
        return [str(command)]
    venv = ROOT / ".venv-zensical" / "bin" / "zensical"
    if venv.is_file():
        return [str(venv)]
    if importlib.util.find_spec("zensical") is not None:
        return [sys.executable, "-m", "zensical"]
    return None


def published_files(content) -> set[str]:
    """The files the web edition publishes as they are, by path under docs/ (and under the site)."""
    files = {"feed.xml", "feed.json", "api/analyses.json", "api/analyses.schema.json"}
    files |= {f"schema/{path.name}" for path in (ROOT / "schema").glob("*.json")}
    for analysis in content.published:
        files.add(f"api/analyses/{analysis.slug}.json")
        for kind, keys in (("partners", analysis.partners), ("topics", analysis.topics)):
            files |= {f"{kind}/{key}/feed.{ext}" for key in keys for ext in ("xml", "json")}
    return files


@pytest.fixture(scope="module")
def zensical_built(tmp_path_factory) -> tuple[Path, Path]:
    """The basic fixture generated into its docs/, then built by Zensical with --strict: (project, site)."""
    command = zensical_command()
    if command is None:
        pytest.skip(
            "Zensical is not installed: `make zensical` makes .venv-zensical from requirements-zensical.lock "
            "(or set ZENSICAL to its command)"
        )
    project = make_project(tmp_path_factory.mktemp("zensical") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SITE_URL", raising=False)  # the published address, mkdocs.yml's default
        generated = run_generator(project, "generate")
        assert generated.returncode == 0, generated.stdout + generated.stderr
        (project / "zensical-test.yml").write_text(CONFIG, "utf-8")
        built = subprocess.run(
            [*command, "build", "--strict", "--config-file", "zensical-test.yml"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=600,
        )
    output = ANSI.sub("", built.stdout + built.stderr)
    # Zensical 0.0.x exits 1 on a template error, a configuration error or, with --strict, a broken link.
    assert built.returncode == 0, output
    site = project / SITE_DIR
    assert (site / "index.html").is_file(), output
    return project, site


@pytest.fixture(scope="module")
def fixture_content(zensical_built):
    from generator.validate import load_content

    loaded, problems = load_content(zensical_built[0])
    assert problems == []
    return loaded


class Head(HTMLParser):
    """The JSON-LD scripts in a page's head."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.jsonld: list[str] = []
        self._in_head = self._in_jsonld = False
        self._script: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self._in_head = True
        elif tag == "script" and self._in_head and dict(attrs).get("type") == "application/ld+json":
            self._in_jsonld, self._script = True, []

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        elif tag == "script" and self._in_jsonld:
            self._in_jsonld = False
            self.jsonld.append("".join(self._script))

    def handle_data(self, data):
        if self._in_jsonld:
            self._script.append(data)


def test_every_published_analysis_has_its_page(zensical_built, fixture_content):
    _, site = zensical_built
    assert fixture_content.published
    for analysis in fixture_content.published:
        assert (site / "analyses" / analysis.slug / "index.html").is_file(), analysis.slug
    for path in ("index.html", "analyses/index.html", "archive/index.html", "watch/index.html", "about/index.html"):
        assert (site / path).is_file(), path


def test_feeds_and_open_data_are_in_docs(zensical_built, fixture_content):
    """The generator's side of the contract: docs/ holds them, so that any builder publishes them."""
    project, _ = zensical_built
    missing = sorted(path for path in published_files(fixture_content) if not (project / "docs" / path).is_file())
    assert missing == [], "not in docs/ after `generate`"


def test_feeds_and_open_data_are_published_byte_for_byte(zensical_built, fixture_content):
    project, site = zensical_built
    expected = published_files(fixture_content)
    docs = project / "docs"
    in_docs = {path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.is_file()}
    # Every feed and every file of the open data that docs/ holds, not only the expected ones.
    published = {path for path in in_docs if path.endswith((".xml", ".json")) and not path.startswith("assets/")}
    missing = sorted(path for path in expected | published if not (site / path).is_file())
    assert missing == [], "not in the site Zensical built"
    for path in sorted(published):
        assert (site / path).read_bytes() == (docs / path).read_bytes(), path


def test_every_analysis_page_carries_its_json_ld(zensical_built, fixture_content):
    """overrides/main.html renders it from the page's front matter, in both builders."""
    _, site = zensical_built
    for analysis in fixture_content.published:
        head = Head()
        head.feed((site / "analyses" / analysis.slug / "index.html").read_text("utf-8"))
        assert len(head.jsonld) == 1, analysis.slug
        data = json.loads(head.jsonld[0])
        assert data["@context"] == "https://schema.org" and data["@type"] == "AnalysisNewsArticle"
        assert data["url"] == f"{SITE_URL}analyses/{analysis.slug}/"
        assert data["headline"] == text.to_plain(analysis.title)
        assert data["datePublished"] == analysis.published.isoformat()
        assert data["dateModified"] == analysis.last_modified.isoformat()


def test_drafts_appear_nowhere(zensical_built):
    project, site = zensical_built
    assert (project / "content" / "analyses" / f"{DRAFT_SLUG}.yaml").is_file()  # the fixture has its draft
    assert not (site / "analyses" / DRAFT_SLUG).exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".txt"):
            body = path.read_text("utf-8", errors="replace")
            assert DRAFT_SLUG not in body and DRAFT_WORD not in body, path


NETWORK_LINK = re.compile(r'<a href="([^"]+)">\n<title>')


def test_the_network_picture_links_to_the_partner_pages_from_partners(zensical_built):
    # The picture is raw HTML, which MkDocs writes as it is and Zensical resolves as it does Markdown links,
    # against the Markdown file's folder: the same thing for partners/index.md, whose folder is its page's.
    _, site = zensical_built
    hrefs = NETWORK_LINK.findall((site / "partners" / "index.html").read_text("utf-8"))
    assert hrefs == ["contoso/", "fabrikam/", "northwind/"]
    for href in hrefs:
        assert (site / "partners" / href / "index.html").is_file(), href


def test_on_a_partner_page_the_network_links_lead_one_folder_too_high(zensical_built):
    # A known difference (README, "Building with Zensical"): partners/contoso.md is one folder above its page,
    # partners/contoso/, so Zensical's resolving turns the generator's ../fabrikam/ into ../../fabrikam/.
    # When this fails, Zensical has changed how it treats links in raw HTML: update the README.
    _, site = zensical_built
    hrefs = NETWORK_LINK.findall((site / "partners" / "contoso" / "index.html").read_text("utf-8"))
    assert hrefs == ["../../fabrikam/", "../../northwind/"]


def test_the_analyses_index_loads_its_filter_and_names_the_data(zensical_built):
    """The front matter's `scripts`, which overrides/main.html adds after the theme's, name files that Zensical
    publishes, from the page: Zensical's `url` filter makes them relative as MkDocs' does. The form names the
    data the script loads once a filter is set, relative to the page, as the generator wrote it."""
    project, site = zensical_built
    page = (site / "analyses" / "index.html").read_text("utf-8")
    # Zensical's escaping writes "/" as "&#x2f;", which the browser reads back as "/".
    sources = [html.unescape(found) for found in re.findall(r'<script src="([^"]+)"', page)]
    resolved = [posixpath.normpath(posixpath.join("analyses", source)) for source in sources]
    assert [path for path in resolved if path in (FINDER_DATA, FINDER_SCRIPT)] == [FINDER_SCRIPT]
    (data,) = re.findall(r'data-finder-data="([^"]+)"', page)
    assert posixpath.normpath(posixpath.join("analyses", html.unescape(data))) == FINDER_DATA
    for path in (FINDER_DATA, FINDER_SCRIPT):
        assert (site / path).read_bytes() == (project / "docs" / path).read_bytes(), path


HREF = re.compile(r'<a (?:aria-label="[^"]*" )?href="([^"]+)"')


def test_an_analysis_pages_html_blocks_keep_their_links(zensical_built):
    # An analysis page's body is HTML blocks whose links go to its own sections or to other sites: Zensical
    # resolves links in raw HTML against the Markdown file's folder, and must leave these as they are.
    _, site = zensical_built
    page = (site / "analyses" / "contoso-fabrikam-chip-supply" / "index.html").read_text("utf-8")
    sources = page[page.index('<li id="source-1">') : page.index("</ol>", page.index('<li id="source-1">'))]
    assert HREF.findall(sources) == [
        "https://contoso.example/news/capacity",
        "#cite-context-1",
        "#cite-context-2",
        "#cite-view-1",
        "https://fabrikam.example/plant",
        "#cite-context-2",
    ]
    assert '<sup class="pw-refs"><a aria-label="Source 1" href="#source-1">[1]</a>' in page
