"""No page asks for anything that isn't there: every kind of page (tools/page_kinds.py), at each width, in both
editions, loads with no failed request, no response of 400 or more, no error in the console and no uncaught
error; and so does a search, whose index and worker load only when a reader searches."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from searching import search

from tools.page_kinds import KINDS, PAGED, WIDTHS

SEARCHED = "Contoso"
WINDOWS = [{"viewport": {"width": width, "height": 900}} for width in WIDTHS]


@dataclass
class Trouble:
    """What went wrong on the pages of one browser context, each with the kind of page it happened on."""

    where: str = ""
    found: list[str] = field(default_factory=list)

    def watch(self, context) -> Trouble:
        context.on("requestfailed", lambda request: self.note(f"request failed: {request.url} ({request.failure})"))
        context.on(
            "response", lambda response: response.status >= 400 and self.note(f"{response.status}: {response.url}")
        )
        context.on("console", lambda message: message.type == "error" and self.note(f"console error: {message.text}"))
        context.on("weberror", lambda error: self.note(f"uncaught error: {error.error}"))
        return self

    def note(self, problem: str) -> None:
        self.found.append(f"{self.where}: {problem}")

    def report(self) -> str:
        return "\n".join(self.found)


@pytest.mark.parametrize("context_options", WINDOWS, ids=[f"{width}px" for width in WIDTHS])
def test_no_page_asks_for_anything_that_isnt_there(context, page, edition, sample_pages, context_options):
    trouble = Trouble().watch(context)
    for kind in KINDS:
        if kind in PAGED or (kind.web_only and edition.name != "public"):
            continue
        trouble.where = f"{kind.name} ({sample_pages[kind.name]})"
        # Material asks for more once its script runs (sitemaps, the search's worker): wait until it stops.
        page.goto(edition.url(sample_pages[kind.name]), wait_until="networkidle")
    assert not trouble.found, trouble.report()


@pytest.mark.parametrize("context_options", WINDOWS[:1], ids=[f"{WIDTHS[0]}px"])
def test_searching_asks_for_nothing_that_isnt_there(context, page, edition, context_options):
    trouble = Trouble(where="search").watch(context)
    page.goto(edition.home)
    found = search(page, edition, SEARCHED)
    page.locator(found.result).first.wait_for()
    page.wait_for_load_state("networkidle")
    assert not trouble.found, trouble.report()
