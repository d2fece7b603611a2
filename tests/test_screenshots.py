"""`make screenshots` (tools/screenshots.py) without a browser: which pages it photographs, at which widths, into
which files, and how it finds what it needs. tests/browser/test_screenshots_taken.py takes them."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from projects import render_pages

from generator.paging import PAGE_LIMITS_VARIABLE
from tools import page_kinds, screenshots


@pytest.fixture
def trees(project, tmp_path, monkeypatch) -> dict[str, Path]:
    """The fixture's pages as empty files in a web and an offline tree: the plan reads only their names. Its
    listings' limits are set low, so that they have the pages below them that a large archive has."""
    monkeypatch.setenv(PAGE_LIMITS_VARIABLE, "1,1")
    pages, problems = render_pages(project)
    assert pages is not None, problems
    made = {}
    for edition in screenshots.EDITIONS:
        tree = tmp_path / edition
        for path in pages:
            (tree / path).parent.mkdir(parents=True, exist_ok=True)
            (tree / path).touch()
        made[edition] = tree
    return made


def test_every_kind_of_page_at_every_width_in_both_editions(trees):
    planned = screenshots.plan(trees)
    assert planned.missing == []
    files = [shot.file for shot in planned.shots]
    assert len(files) == len(set(files))
    kinds = [kind.name for kind in page_kinds.KINDS]
    assert set(files) == {
        f"{edition}/{kind}-{width}.png"
        for edition in ("web", "offline")
        for kind in kinds
        for width in (1280, 390)
        if not (edition == "offline" and kind == "not-found")
    }
    pages = {(shot.edition, shot.kind): shot.page for shot in planned.shots}
    assert pages["web", "analysis"] == pages["offline", "analysis"] == "analyses/contoso-fabrikam-chip-supply"
    assert pages["web", "partner"] == "partners/contoso"
    assert pages["web", "record"] == "watch/record"
    assert pages["web", "not-found"] == page_kinds.NOT_FOUND
    assert pages["web", "archive-month"] == pages["offline", "archive-month"] == "archive/2026/02"
    assert pages["web", "partner-year"] == "partners/contoso/2026"


def test_a_kind_of_page_a_tree_lacks_is_reported_not_photographed(trees):
    for entry in (trees["offline"] / "stakeholders").glob("*.md"):
        if entry.name != "index.md":
            entry.unlink()
    planned = screenshots.plan(trees)
    assert planned.missing == ["offline: stakeholder"]
    assert not [shot for shot in planned.shots if shot.edition == "offline" and shot.kind == "stakeholder"]
    assert [shot for shot in planned.shots if shot.edition == "web" and shot.kind == "stakeholder"]


@pytest.mark.parametrize("site_url", ["https://example.org/partnership-watch/", "https://example.org/"])
def test_the_site_is_served_under_the_path_it_was_built_for(tmp_path, site_url):
    """Its 404 page names its assets by absolute path (`/partnership-watch/assets/…`)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "404.html").write_text("not found page")
    with screenshots.served_at_its_path(site, site_url) as home:
        assert home.endswith(site_url.removeprefix("https://example.org"))
        with urllib.request.urlopen(page_kinds.url(home, page_kinds.NOT_FOUND, True)) as response:
            assert response.read() == b"not found page"


def test_without_the_builds_it_says_what_to_run(project, capsys):
    assert screenshots.main(project) == 1
    said = capsys.readouterr().err
    assert "site, dist/partnership-watch-offline.zip missing: run make site and make offline" in said
