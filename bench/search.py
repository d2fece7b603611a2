"""A reader's first search in Chromium, in each edition: what it fetches and how long it waits.

The web edition is served over HTTP on 127.0.0.1 and searched with Pagefind; the
offline edition is read from disk (file://) and searched with Material's search,
through the iframe-worker shim. For each, a fresh browser opens a page, and once
it has loaded opens search, types a word that only one analysis holds and waits
for the first result. Two figures: the bytes of every file fetched from opening
the page to that result (page, assets, search data; as files, uncompressed: the
benchmark's server sends no gzip), and the seconds from opening search to the
first result; and, to say where those seconds go, when the main files of each
edition's search arrived and when the query was typed, from the same start.
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
    milestones: tuple[tuple[str, str], ...]
    """The files whose arrival the timeline shows: what each is, and a part of its URL (the first file that
    matches counts)."""


WEB = Edition(
    "web (Pagefind, HTTP)",
    "/",
    "#pw-search-input",
    ".pagefind-modular-list-link",
    (
        ("UI script", "/pagefind/pagefind-modular-ui.js"),
        ("engine's WebAssembly", "/pagefind/wasm."),
        ("first index chunk", "/pagefind/index/"),
        ("first result's fragment", "/pagefind/fragment/"),
    ),
)
OFFLINE = Edition(
    "offline (Material, file://)",
    ".md-search__input",
    ".md-search__input",
    ".md-search-result__link",
    (("search's worker", "/workers/search."), ("search index", "/search/search_index.js")),
)


@dataclass(frozen=True)
class FirstSearch:
    seconds: float
    """From opening search, once the page has loaded, to the first result in the page (as the page's clock
    has it)."""
    fetched: int
    """Bytes of the files fetched from opening the page to the first result."""
    requests: int
    search_bytes: int
    """Of which search's own: its scripts, styles and index."""
    found: str
    """The first result's link."""
    timeline: tuple[tuple[str, float], ...]
    """Seconds from opening search to the end of typing, to each of the edition's milestones that arrived
    before the first result, and to when Playwright's wait for it returned, in order."""


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


_WATCH_FOR_RESULT = """(selector) => {
  const watch = { opened: performance.now(), shown: null };
  const observer = new MutationObserver(() => {
    if (document.querySelector(selector)) {
      watch.shown = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true });
  window.__firstResult = watch;
}"""
"""Notes, in the page, when search is opened and when its first result is in the page: Playwright's own wait
for the result polls at growing intervals (up to 500 ms apart), which it would add to the time measured."""


def _on_disk(url: str, base: str, folder: Path) -> Path | None:
    if not url.startswith(base):
        return None
    path = folder / unquote(urlsplit(url).path.removeprefix(urlsplit(base).path))
    return path / "index.html" if path.is_dir() else path


def _search(browser, edition: Edition, home: str, base: str, folder: Path, page_path: str, query: str) -> FirstSearch:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    urls: list[str] = []
    arrived: dict[str, float] = {}  # each URL's first arrival, on the benchmark's clock
    context.on("request", lambda request: urls.append(request.url))
    context.on("requestfinished", lambda request: arrived.setdefault(request.url, time.perf_counter()))
    try:
        page = context.new_page()
        page.goto(base + page_path if page_path else home, wait_until="load")
        page.evaluate(_WATCH_FOR_RESULT, edition.result)
        started = time.perf_counter()
        if edition.open_search.startswith("."):
            page.click(edition.open_search)
        else:
            page.keyboard.press(edition.open_search)
        page.wait_for_selector(edition.query_input)
        page.type(edition.query_input, query)
        typed = time.perf_counter()
        first = page.wait_for_selector(edition.result, timeout=120_000)
        seen = time.perf_counter()
        shown = started + page.evaluate("window.__firstResult.shown - window.__firstResult.opened") / 1000
        found = (first.get_attribute("href") or "").removeprefix(base)
    finally:
        context.close()
    files = {url: _on_disk(url.split("?")[0].split("#")[0], base, folder) for url in dict.fromkeys(urls)}
    sizes = {url: path.stat().st_size for url, path in files.items() if path is not None and path.is_file()}
    search = sum(size for url, size in sizes.items() if "/pagefind/" in url or "/search/" in url)
    timeline = [("query typed", typed - started), ("Playwright's wait saw it", seen - started)]
    for name, part in edition.milestones:
        times = [at for url, at in arrived.items() if part in url and started <= at <= seen]
        if times:
            timeline.append((name, min(times) - started))
    return FirstSearch(
        shown - started, sum(sizes.values()), len(sizes), search, found, tuple(sorted(timeline, key=lambda t: t[1]))
    )


def first_results(site: Path | None, offline: Path | None, query: str, page_path: str) -> dict[str, FirstSearch]:
    """The first search in the web edition's built `site` and the unpacked offline edition `offline` (its
    folder), those given, from the page `page_path` (`analyses/<slug>/`, a path of the web edition; offline,
    its .html)."""
    measured = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            if site is not None:
                with serving(site) as url:
                    measured[WEB.name] = _search(browser, WEB, url, url, site, page_path, query)
            if offline is not None:
                base = offline.as_uri() + "/"
                offline_page = page_path.rstrip("/") + ".html" if page_path else "index.html"
                measured[OFFLINE.name] = _search(browser, OFFLINE, base, base, offline, offline_page, query)
        finally:
            browser.close()
    return measured
