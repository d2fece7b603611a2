"""The pages below paged listings (generator/paging.py) in Chromium, in both editions: the fixture with one
analysis more (tests/fixtures/listings) built with every listing's limits set to 1 (PAGE_LIMITS_VARIABLE), so
that the archive, a partner, a stakeholder and What to watch have year and month pages. Every kind of them
(tools/page_kinds.PAGED) passes axe and asks for nothing that isn't there; every link to one resolves in the
built site; a year page says where it is and leads to its neighbours; and the analyses index, which then lists
only the newest analysis, still filters every one."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from projects import make_project

from generator.paging import PAGE_LIMITS_VARIABLE
from tools import page_kinds

from .conftest import Edition, built_and_served, built_offline, edition_of
from .test_accessibility import BLOCKING, describe
from .test_reading import address, heading
from .test_requests import WINDOWS, Trouble

LIMITS = "1,1"
BELOW = re.compile(r"/\d{4}(/\d{2})?(/|\.html)$")
"""The address of a page below a listing: a year (`…/2025/`, `…/2025.html`) or a month (`…/2025/03/`)."""


@pytest.fixture(scope="module")
def paged_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("paged") / "project", adding="listings")


@pytest.fixture(scope="module")
def paged_site(paged_project) -> tuple[str, Path]:
    with built_and_served(paged_project, **{PAGE_LIMITS_VARIABLE: LIMITS}) as served:
        yield served


@pytest.fixture(scope="module")
def paged_offline_home(paged_project, tmp_path_factory) -> str:
    return built_offline(paged_project, tmp_path_factory.mktemp("unpacked"), **{PAGE_LIMITS_VARIABLE: LIMITS})


@pytest.fixture(params=["public", "offline"])
def edition(request) -> Edition:
    """As conftest's, for this module's build."""
    return edition_of(request, "paged_site", "paged_offline_home")


@pytest.fixture(scope="module")
def paged_samples(paged_site) -> dict[str, str]:
    _, site = paged_site
    found = page_kinds.samples(site.parent / "docs")
    assert {kind.name for kind in page_kinds.PAGED} <= set(found), "the paged build lacks a kind of page"
    return found


@pytest.mark.parametrize("edition", ["public"], indirect=True)
@pytest.mark.parametrize(
    "context_options", [{"color_scheme": "light"}, {"color_scheme": "dark"}], ids=["light", "dark"]
)
@pytest.mark.parametrize("kind", [kind.name for kind in page_kinds.PAGED])
def test_no_serious_or_critical_violations(page, edition, context_options, paged_samples, kind):
    page.goto(edition.url(paged_samples[kind]))
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(describe(violation) for violation in blocking)


@pytest.mark.parametrize("context_options", WINDOWS, ids=[f"{width}px" for width in page_kinds.WIDTHS])
def test_no_paged_page_asks_for_anything_that_isnt_there(context, page, edition, paged_samples, context_options):
    trouble = Trouble().watch(context)
    for kind in page_kinds.PAGED:
        trouble.where = f"{kind.name} ({paged_samples[kind.name]})"
        page.goto(edition.url(paged_samples[kind.name]), wait_until="networkidle")
    assert not trouble.found, trouble.report()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def test_every_link_to_a_page_below_a_listing_resolves(edition):
    """Every page of the built edition: each link to a year or a month names a page that is there, and every
    such page is linked from somewhere (from its listing, its year or a neighbour)."""
    site = edition.folder
    base = site.as_uri() + "/"
    pages = {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    linked: set[str] = set()
    for path in sorted(pages):
        parser = _Links()
        parser.feed((site / path).read_text("utf-8"))
        for href in parser.hrefs:
            target = urljoin(base + path, href.split("#", 1)[0])
            if not target.startswith(base) or not BELOW.search(target):
                continue
            file = target.removeprefix(base)
            file = f"{file}index.html" if file.endswith("/") else file
            assert file in pages, f"{path} links to {href}, which isn't there"
            linked.add(file)
    below = {path for path in pages if BELOW.search("/" + path.removesuffix("index.html"))}
    assert below, "the build has no page below a listing"
    assert below == linked


@pytest.mark.parametrize("edition", ["public", "offline"], indirect=True)
def test_a_year_page_says_where_it_is_and_leads_to_its_neighbours(page, edition):
    page.goto(edition.url("partners/contoso/2025"))
    assert heading(page) == "Contoso · 2025"
    assert page.locator("article .pw-count").inner_text() == "Analyses of Contoso published in 2025: 1 of 3"
    assert page.locator("nav.pw-breadcrumb").inner_text().split("\n") == ["Home", "Partners", "Contoso"]
    with page.expect_navigation():
        page.locator("article .pw-pager").get_by_role("link", name="2026").click()
    assert address(page.url) == edition.url("partners/contoso/2026")
    assert page.locator("article .pw-count").inner_text() == "Analyses of Contoso published in 2026: 2 of 3"
    with page.expect_navigation():
        page.locator("article").get_by_role("link", name="May 2026").click()
    assert address(page.url) == edition.url("partners/contoso/2026/05")
    assert page.locator("nav.pw-breadcrumb").inner_text().split("\n") == ["Home", "Partners", "Contoso", "2026"]
    with page.expect_navigation():
        page.locator("article .pw-pager").get_by_role("link", name="March 2026").click()
    assert heading(page) == "Contoso · March 2026"
    with page.expect_navigation():
        page.locator("nav.pw-breadcrumb").get_by_role("link", name="Contoso").click()
    assert address(page.url) == edition.url("partners/contoso")


@pytest.mark.parametrize("edition", ["public", "offline"], indirect=True)
def test_the_analyses_index_lists_the_newest_and_filters_every_analysis(page, edition, requests):
    page.goto(edition.url("analyses/index"))
    titles = page.locator("article h2:visible > a:not(.headerlink)")
    assert titles.all_inner_texts() == ["Contoso and Fabrikam tie cloud capacity to a chip supply deal"]
    assert "Older analyses are in the Archive, by year." in page.locator("#finder_older").inner_text()
    assert not [url for url in requests.urls if "finder-data.js" in url]
    page.get_by_role("form", name="Filter the analyses").get_by_label("Partner", exact=True).select_option("tailspin")
    page.locator("#finder_results h2").first.wait_for()
    assert titles.all_inner_texts() == ["Tailspin Ventures funds Contoso capacity for its start-ups"]
    assert page.locator("#finder_count").inner_text() == "1 of 4 analyses match"
    assert page.locator("#finder_older").is_hidden()
    assert [url for url in requests.urls if "finder-data.js" in url]
