"""The live preview (`make serve`: `mkdocs serve --dirty`): an edit re-renders only the pages it changes,
and search still covers every page."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from bench.preview import fetch, preview, wait_for

SAFETY_LAB = "content/analyses/northwind-contoso-safety-lab.yaml"
TIMEOUT = 120
_RENDERED = "Running `page_context` event from plugin 'material/search'"
_BUILDS = re.compile(r"Building documentation\.\.\.")


def pages_rendered_per_build(log: Path) -> list[int]:
    """How many pages each build rendered, in order, from MkDocs' debug log."""
    return [part.count(_RENDERED) for part in _BUILDS.split(log.read_text("utf-8"))[1:]]


def search_index(address: str) -> list[dict]:
    return json.loads(fetch(f"{address}search/search_index.json"))["docs"]


def pages_in(index: list[dict]) -> dict[str, int]:
    """Page URL -> how many entries the index holds for it."""
    pages: dict[str, int] = {}
    for entry in index:
        page = entry["location"].split("#", 1)[0]
        pages[page] = pages.get(page, 0) + 1
    return pages


def edit(project: Path, old: str, new: str) -> None:
    path = project / SAFETY_LAB
    text = path.read_text("utf-8")
    assert old in text
    time.sleep(1)  # the watcher ignores changes made while a build runs
    path.write_text(text.replace(old, new, 1), "utf-8")


def wait_for_builds(log: Path, count: int) -> list[int]:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        rendered = pages_rendered_per_build(log)
        if len(rendered) >= count and "Documentation built" in log.read_text("utf-8").split("Building documentation")[-1]:
            return rendered
        time.sleep(0.1)
    pytest.fail(f"no build {count} within {TIMEOUT} s:\n{log.read_text('utf-8')[-3000:]}")


def test_an_edit_re_renders_only_the_pages_it_changes_and_search_keeps_every_page(project, tmp_path):
    log = tmp_path / "serve.log"
    with preview(project, dirty=True, log=log, timeout=TIMEOUT) as address:
        page = f"{address}analyses/northwind-contoso-safety-lab/"
        wait_for(page, "Literal text stays literal", TIMEOUT)
        first = wait_for_builds(log, 1)
        before = search_index(address)
        assert first[0] >= len(pages_in(before)) > 15  # every page; some are kept out of search

        # A context paragraph shows on its analysis page only.
        edit(project, "Literal text stays literal", "Literal text is kept literal")
        wait_for(page, "Literal text is kept literal", TIMEOUT)
        assert wait_for_builds(log, 2)[1] == 1
        after = search_index(address)
        assert pages_in(after) == pages_in(before)
        texts = [entry["text"] for entry in after]
        assert any("Literal text is kept literal" in text for text in texts)
        assert not any("Literal text stays literal" in text for text in texts)

        # A title shows in the listings too: those pages are rendered again, and search has the new title once.
        edit(project, "title: ", "title: Renamed ")
        wait_for(page, "Renamed ", TIMEOUT)
        rendered = wait_for_builds(log, 3)[2]
        assert 1 < rendered < first[0]
        after = search_index(address)
        assert pages_in(after) == pages_in(before)
        titles = [entry["title"] for entry in after if entry["location"] == "analyses/northwind-contoso-safety-lab/"]
        assert len(titles) == 1 and titles[0].startswith("Renamed ")
