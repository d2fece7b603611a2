"""Paged listings (generator/paging.py): the rule on dates alone, then the pages the fixture makes when its
limits are set low (PAGE_LIMITS_VARIABLE), as `generate` writes them."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from itertools import pairwise

import pytest
from projects import make_project, render_pages

from generator import paging
from generator.paths import page_below

SMALL = paging.Limits(latest=2, most=3)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def itself(value: dt.date) -> dt.date:
    return value


def newest_first(*days: str) -> list[dt.date]:
    return sorted((day(text) for text in days), reverse=True)


def leaves(view: paging.View) -> list[paging.Part]:
    """The pages that list entries: each month of a split year, each year that isn't split."""
    return [part for part in view.parts() if not part.months]


@pytest.mark.parametrize(
    ("listing", "year", "month", "path"),
    [
        ("archive/index.md", 2025, None, "archive/2025.md"),
        ("archive/index.md", 2025, 3, "archive/2025/03.md"),
        ("partners/contoso.md", 2025, None, "partners/contoso/2025.md"),
        ("stakeholders/investors.md", 2024, 11, "stakeholders/investors/2024/11.md"),
        ("watch/index.md", 2026, None, "watch/2026.md"),
        ("watch/record.md", 2026, None, "watch/record/2026.md"),
    ],
)
def test_pages_below_a_listing_are_named_by_year_and_month(listing, year, month, path):
    assert page_below(listing, year, month) == path


def test_the_default_limits_keep_every_page_under_the_budget():
    for kind, weight in paging.ENTRY_BYTES.items():
        chosen = paging.limits(kind)
        assert 0 < chosen.latest <= paging.LATEST
        assert chosen.latest <= chosen.most
        assert paging.FRAME + chosen.most * paging.MARGIN * weight <= paging.PAGE_BUDGET, kind
        assert paging.FRAME + (chosen.most + 1) * paging.MARGIN * weight > paging.PAGE_BUDGET, kind  # no room wasted


def test_the_limits_can_be_set_low_for_every_listing(monkeypatch):
    monkeypatch.setenv(paging.PAGE_LIMITS_VARIABLE, "1,2")
    assert {paging.limits(kind) for kind in paging.ENTRY_BYTES} == {paging.Limits(1, 2)}


@pytest.mark.parametrize("chosen", ["1", "1,2,3", "a,b", "0,2", "-1,2"])
def test_limits_set_wrong_stop_the_build_with_a_message(monkeypatch, chosen):
    monkeypatch.setenv(paging.PAGE_LIMITS_VARIABLE, chosen)
    with pytest.raises(SystemExit, match=f"{paging.PAGE_LIMITS_VARIABLE} is .*: it must be two whole numbers"):
        paging.limits("entries")


def test_a_listing_that_fits_is_one_page_with_everything():
    entries = newest_first("2026-05-04", "2025-03-10", "2024-02-10")
    made = paging.view("archive/index.md", entries, itself, SMALL)
    assert not made.paged
    assert made.parts() == []
    assert made.shown == tuple(entries)


def test_a_listing_that_doesnt_fit_shows_its_newest_then_every_year():
    entries = newest_first("2026-05-04", "2026-03-10", "2025-11-18", "2024-02-10")
    made = paging.view("archive/index.md", entries, itself, SMALL)
    assert made.paged
    assert made.shown == tuple(entries[:2])
    assert [(part.path, part.entries) for part in made.years] == [
        ("archive/2026.md", (day("2026-05-04"), day("2026-03-10"))),
        ("archive/2025.md", (day("2025-11-18"),)),
        ("archive/2024.md", (day("2024-02-10"),)),
    ]
    assert all(not part.months for part in made.years)


def test_a_year_with_more_than_a_page_holds_is_split_into_its_months():
    entries = newest_first("2026-05-04", "2026-05-01", "2026-03-10", "2026-02-10", "2025-11-18")
    made = paging.view("partners/contoso.md", entries, itself, SMALL)
    year = made.years[0]
    assert (year.path, year.entries) == ("partners/contoso/2026.md", tuple(entries[:4]))
    assert [(month.path, month.month, len(month.entries)) for month in year.months] == [
        ("partners/contoso/2026/05.md", 5, 2),
        ("partners/contoso/2026/03.md", 3, 1),
        ("partners/contoso/2026/02.md", 2, 1),
    ]
    assert not made.years[1].months
    assert [part.path for part in made.parts()] == [
        "partners/contoso/2026.md",
        "partners/contoso/2026/05.md",
        "partners/contoso/2026/03.md",
        "partners/contoso/2026/02.md",
        "partners/contoso/2025.md",
    ]


def test_each_page_keeps_the_order_it_was_given():
    """What to watch lists by state, then due date: a year's page keeps that order, not the dates'."""
    entries = [day("2024-01-01"), day("2026-01-01"), day("2024-06-01"), day("2026-02-01")]
    made = paging.view("watch/index.md", entries, itself, paging.Limits(1, 3))
    assert [part.entries for part in made.years] == [
        (day("2026-01-01"), day("2026-02-01")),
        (day("2024-01-01"), day("2024-06-01")),
    ]


def test_every_entry_is_on_exactly_one_page_below():
    entries = newest_first(
        *(f"20{year:02d}-{month:02d}-{d:02d}" for year in (18, 22, 26) for month in (1, 7) for d in (1, 2, 3))
    )
    for limits in (paging.Limits(1, 1), paging.Limits(2, 3), paging.Limits(5, 7)):
        made = paging.view("archive/index.md", entries, itself, limits)
        listed = Counter(entry for part in leaves(made) for entry in part.entries)
        assert listed == Counter(entries)
        assert sum(len(part.entries) for part in made.years) == len(entries)  # years hold their months' entries


def test_a_newer_entry_moves_no_older_one_to_another_page():
    older = newest_first("2025-11-18", "2025-06-01", "2024-02-10", "2024-01-10", "2024-01-05")

    def page_of_each(entries: list[dt.date]) -> dict[dt.date, str]:
        return {
            entry: part.path
            for part in leaves(paging.view("archive/index.md", entries, itself, SMALL))
            for entry in part.entries
        }

    before = page_of_each(older)
    for newer in ("2026-01-02", "2026-03-04"):
        older = [day(newer), *older]
        after = page_of_each(older)
        assert {entry: after[entry] for entry in before} == before
        before = after


def test_neighbours_link_both_ways_within_their_level():
    entries = newest_first("2026-05-04", "2026-05-01", "2026-03-10", "2026-02-10", "2025-11-18", "2023-01-01")
    made = paging.view("archive/index.md", entries, itself, SMALL)
    for siblings in (made.years, made.years[0].months):
        assert siblings[0].newer is None and siblings[-1].older is None
        for newer, older in pairwise(siblings):
            assert newer.older is older and older.newer is newer
    assert [part.year for part in made.years] == [2026, 2025, 2023]  # a year without entries has no page


# The fixture, with one analysis of 2025 added (tests/fixtures/listings), and every listing limited to
# 1 entry on its page, 2 on a page below: the archive (3 analyses in 2026) splits 2026 into months.
LOW = "1,2"


@pytest.fixture
def paged_pages(tmp_path, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv(paging.PAGE_LIMITS_VARIABLE, LOW)
    pages, problems = render_pages(make_project(tmp_path / "project", adding="listings"))
    assert problems == [] and pages is not None
    return pages


def below(pages: dict[str, str], listing: str) -> list[str]:
    folder = listing.removesuffix(".md").removesuffix("/index") + "/"
    return sorted(path for path in pages if re.fullmatch(re.escape(folder) + r"\d{4}(/\d{2})?\.md", path))


def links(markdown: str) -> list[str]:
    return re.findall(r"\]\(([^)<>\s]+\.md)(?:#[^)]*)?\)", markdown)


def body(markdown: str) -> str:
    """A page without its front matter."""
    return markdown.split("\n---\n", 1)[1]


def slugs_linked(markdown: str) -> list[str]:
    return re.findall(r"analyses/([a-z0-9-]+)\.md", body(markdown))


def test_with_the_default_limits_no_page_is_made_below_a_listing(project):
    pages, _ = render_pages(project)
    assert pages is not None
    assert [path for path in pages if re.search(r"/\d{4}(/\d{2})?\.md$", path)] == []


def test_the_archive_is_paged_and_every_analysis_is_on_one_page_below(paged_pages):
    assert below(paged_pages, "archive/index.md") == [
        "archive/2025.md",
        "archive/2026.md",
        "archive/2026/02.md",
        "archive/2026/03.md",
        "archive/2026/05.md",
    ]
    listed = Counter(
        slug
        for path in ("archive/2025.md", "archive/2026/02.md", "archive/2026/03.md", "archive/2026/05.md")
        for slug in slugs_linked(paged_pages[path])
    )
    assert listed == Counter(
        [
            "contoso-fabrikam-chip-supply",
            "northwind-contoso-safety-lab",
            "fabrikam-northwind-foundry-pact",
            "tailspin-contoso-compute-fund",
        ]
    )
    entry = paged_pages["archive/index.md"]
    assert "4 analyses: the latest 1, then every year" in entry
    assert "- [2026](2026.md) · 3 analyses\n- [2025](2025.md) · 1 analysis" in entry


def test_a_page_below_says_where_it_is_and_links_up_and_across(paged_pages):
    year = paged_pages["partners/contoso/2026.md"]
    assert "# Contoso · 2026 {#page_title}" in year
    assert "Analyses of Contoso published in 2026: 2 of 3\n{: .pw-count }" in year
    assert "Older: [2025](2025.md) · Up: [Contoso](../contoso.md)\n{: .pw-pager }" in year
    assert "Newer: [2026](2026.md) · Up: [Contoso](../contoso.md)" in paged_pages["partners/contoso/2025.md"]
    month = paged_pages["archive/2026/03.md"]
    assert "Newer: [May 2026](05.md) · Older: [February 2026](02.md) · Up: [2026](../2026.md)" in month
    assert "Analyses published in March 2026: 1 of 4" in month


def test_a_page_below_has_the_front_matter_of_a_listing(paged_pages):
    year = paged_pages["partners/contoso/2025.md"]
    front = year.split("\n---\n", 1)[0]
    assert "description: 'Analyses of Contoso published in 2025: 1 of 3.'" in front
    assert "modified: '2025-11-18'" in front
    assert "href: ../feed.xml" not in front and "partners/contoso/feed.xml" in front  # the partner's feed
    assert "- title: Home\n  href: ../../../\n- title: Partners\n  href: ../../\n- title: Contoso\n  href: ../" in front
    watch = paged_pages["watch/2026.md"].split("\n---\n", 1)[0]
    assert "search:\n  exclude: true" in watch  # as What to watch itself
    assert "search:" not in front


def test_every_link_to_a_page_below_names_a_page_that_is_made(paged_pages):
    made = set(paged_pages)
    for path, markdown in paged_pages.items():
        folder = path.rpartition("/")[0]
        for target in links(markdown):
            resolved = _resolve(folder, target)
            if re.search(r"/\d{4}(/\d{2})?\.md$", resolved):
                assert resolved in made, (path, target)


def _resolve(folder: str, target: str) -> str:
    parts = folder.split("/") if folder else []
    for piece in target.split("/"):
        if piece == "..":
            parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)


def test_every_implication_and_every_signal_hold_across_the_pages(tmp_path, monkeypatch):
    """What the unpaged listing shows, the pages below it show too, each entry once."""
    project = make_project(tmp_path / "project", adding="listings")
    whole, _ = render_pages(project)
    monkeypatch.setenv(paging.PAGE_LIMITS_VARIABLE, "1,1")
    paged, _ = render_pages(project)
    assert whole is not None and paged is not None

    def items(markdown: str, starting: tuple[str, ...]) -> Counter[str]:
        """The lines of entries, with links as from the tree's root: the pages below are a folder deeper."""
        return Counter(re.sub(r"(\.\./)+", "", line) for line in markdown.splitlines() if line.startswith(starting))

    for listing, starting in (
        ("stakeholders/investors.md", "## ["),
        ("watch/index.md", "- "),
        ("watch/record.md", "- "),
    ):
        pages = [path for path in below(paged, listing) if "## Months" not in paged[path]]
        assert pages, f"the fixture no longer pages {listing}"
        found = sum((items(body(paged[path]), starting) for path in pages), Counter())
        unpaged = body(whole[listing]).split("## Resolved signals", 1)[-1]  # the track record pages only its list
        assert found == items(unpaged, starting), listing
        assert set(found.values()) == {1}, listing
    investors = paged["stakeholders/investors/2025.md"]
    assert "Tailspin Ventures pays" not in investors  # the summary: a stakeholder's pages show implications
    assert "## [Tailspin Ventures funds Contoso capacity for its start\\-ups]" in investors
