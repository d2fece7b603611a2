"""A reader's first search in Chromium, in each edition: what it fetches and how long it waits.

The web edition is served over HTTP on 127.0.0.1 and searched with Pagefind; the
offline edition is read from disk (file://) and searched with Material's search,
through the iframe-worker shim. For each, a fresh browser opens a page, and once
it has loaded opens search, types a word that only one analysis holds and waits
for the first result. Two figures: the bytes of every file fetched from opening
the page to that result (page, assets, search data; as files, uncompressed: the
benchmark's server sends no gzip), and the seconds from opening search to the
first result.
"""

from __future__ import annotations

import collections
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import sync_playwright

from bench.serving import serving

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_PUBLISHER = re.compile(r'^\s*- publisher: "([^"]+)"', re.MULTILINE)


@dataclass(frozen=True)
class Edition:
    """How a reader searches one edition: where it opens, and the selectors of its search."""

    name: str
    open_search: str
    """What to press (a key) or click (a selector) to open search."""
    query_input: str
    result: str


WEB = Edition("web (Pagefind, HTTP)", "/", ".pagefind-ui__search-input", ".pagefind-ui__result-link")
OFFLINE = Edition("offline (Material, file://)", ".md-search__input", ".md-search__input", ".md-search-result__link")


@dataclass(frozen=True)
class FirstSearch:
    seconds: float
    """From opening search, once the page has loaded, to the first result."""
    fetched: int
    """Bytes of the files fetched from opening the page to the first result."""
    requests: int
    search_bytes: int
    """Of which search's own: its scripts, styles and index."""
    found: str
    """The first result's link."""


def word_only_one_holds(analyses: list[Path]) -> tuple[str, Path]:
    """A word of a source's publisher (Sources show on the analysis page only) that no other analysis file holds
    anywhere, and that file."""
    holders: dict[str, set[Path]] = collections.defaultdict(set)
    publishers: dict[str, Path] = {}
    for path in analyses:
        text = path.read_text("utf-8")
        for word in re.findall(r"[a-z]{5,}", text.lower()):
            holders[word].add(path)
        for name in _PUBLISHER.findall(text):
            publishers.update((word.lower(), path) for word in re.findall(r"[A-Za-z]{5,}", name))
    word = min(word for word, path in publishers.items() if holders[word] == {path})
    return word, publishers[word]


def _on_disk(url: str, base: str, folder: Path) -> Path | None:
    if not url.startswith(base):
        return None
    path = folder / unquote(urlsplit(url).path.removeprefix(urlsplit(base).path))
    return path / "index.html" if path.is_dir() else path


def _search(browser, edition: Edition, home: str, base: str, folder: Path, page_path: str, query: str) -> FirstSearch:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    try:
        page = context.new_page()
        page.goto(base + page_path if page_path else home, wait_until="load")
        started = time.perf_counter()
        if edition.open_search.startswith("."):
            page.click(edition.open_search)
        else:
            page.keyboard.press(edition.open_search)
        page.wait_for_selector(edition.query_input)
        page.type(edition.query_input, query)
        first = page.wait_for_selector(edition.result, timeout=120_000)
        seconds = time.perf_counter() - started
        found = (first.get_attribute("href") or "").removeprefix(base)
    finally:
        context.close()
    files = {url: _on_disk(url.split("?")[0].split("#")[0], base, folder) for url in dict.fromkeys(urls)}
    sizes = {url: path.stat().st_size for url, path in files.items() if path is not None and path.is_file()}
    search = sum(size for url, size in sizes.items() if "/pagefind/" in url or "/search/" in url)
    return FirstSearch(seconds, sum(sizes.values()), len(sizes), search, found)


def first_results(site: Path, offline: Path | None, query: str, page_path: str) -> dict[str, FirstSearch]:
    """The first search in the web edition's `site` and, if given, the unpacked offline edition `offline` (its
    folder), from the page `page_path` (`analyses/<slug>/`, a path of the web edition; offline, its .html)."""
    measured = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            with serving(site) as url:
                measured[WEB.name] = _search(browser, WEB, url, url, site, page_path, query)
            if offline is not None:
                base = offline.as_uri() + "/"
                offline_page = page_path.rstrip("/") + ".html" if page_path else "index.html"
                measured[OFFLINE.name] = _search(browser, OFFLINE, base, base, offline, offline_page, query)
        finally:
            browser.close()
    return measured
