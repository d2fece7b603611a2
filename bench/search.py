"""Time from typing into the search box to the first result, in Chromium, against a built site.

The site is served over HTTP on 127.0.0.1 as a reader would get it. Two
figures: typing as soon as the home page has loaded (the search index is
downloaded and indexed in a worker first, which is what a reader who searches
straight away waits for), and typing again once the index is ready.
"""

from __future__ import annotations

import time
from pathlib import Path

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
RESULT = ".md-search-result__item"


def _type_and_wait(page, query: str) -> float:
    page.fill(".md-search__input", "")
    page.wait_for_selector(RESULT, state="detached")  # the previous query's results are gone
    started = time.perf_counter()
    page.type(".md-search__input", query)
    page.wait_for_selector(RESULT, timeout=120_000)
    return time.perf_counter() - started


def first_result(site: Path, queries: tuple[str, str]) -> dict[str, float]:
    """Seconds from typing to the first result: straight after load, then with the index ready."""
    with serving(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url, wait_until="load")
            page.click(".md-search__input")
            cold = _type_and_wait(page, queries[0])
            warm = _type_and_wait(page, queries[1])
        finally:
            browser.close()
    return {"after load": cold, "index ready": warm}
