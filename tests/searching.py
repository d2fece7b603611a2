"""Searching as a reader does, in either edition: Pagefind's dialog on the web, Material's search offline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchUI:
    box: str
    result: str
    """One result (a page found)."""
    link: str
    """The link of a result to its page."""
    message: str
    """What it says of the results: how many, or none."""
    none: str
    """What `message` holds when nothing matches."""
    done: str
    """A JavaScript regular expression that `message` matches once the results of a query show (not while it
    is still searching)."""


PAGEFIND = SearchUI(
    box="#pw-search-input",
    result="#pw-search-results > li",
    link="a.pagefind-modular-list-link",
    message="#pw-search-summary",
    none="0 results",
    done=r"^\d+ results? for ",
)
MATERIAL = SearchUI(
    box="input.md-search__input",
    result=".md-search-result__item",
    link=".md-search-result__item a",
    message=".md-search-result__meta",
    none="No matching",
    done="matching document",
)


def ui(edition) -> SearchUI:
    return PAGEFIND if edition.name == "public" else MATERIAL


def open_search(page, edition) -> SearchUI:
    """Open search from the header, as a reader does on a screen of any width; returns its selectors."""
    found = ui(edition)
    if found is PAGEFIND:
        page.locator("button.pw-search-open").click()
    else:
        label = page.locator("label.md-header__button[for='__search']")
        (label if label.is_visible() else page.locator(found.box)).click()
    page.locator(found.box).wait_for(state="visible")
    return found


def search(page, edition, query: str) -> SearchUI:
    """Open search, type `query` and wait until the results (or the lack of them) for it show."""
    found = open_search(page, edition)
    page.locator(found.box).press_sequentially(query, delay=20)
    wait_for_results(page, found, query)
    return found


def wait_for_results(page, found: SearchUI, query: str) -> None:
    """Wait until what search says of its results is about `query` (Pagefind names it) and no longer a search
    under way."""
    page.wait_for_function(
        "([message, query, done]) => { const shown = document.querySelector(message)?.textContent ?? '';"
        " return new RegExp(done).test(shown) && (shown.includes(query) || !shown.includes(' for ')); }",
        arg=[found.message, query, found.done],
        timeout=30_000,
    )
