"""Addresses of pages in either edition (generator/paths.py)."""

from __future__ import annotations

import pytest

from generator.paths import Edition

WEB = Edition("web", "Partnership Watch", "https://example.org/pw/", "")
OFFLINE = Edition("offline", "Partnership Watch", "", "", directory_urls=False)


@pytest.mark.parametrize(
    ("edition", "target", "page", "expected"),
    [
        (WEB, "partners/contoso.md", "partners/index.md", "contoso/"),
        (WEB, "partners/fabrikam.md", "partners/contoso.md", "../fabrikam/"),
        (WEB, "partners/index.md", "partners/contoso.md", "../"),
        (WEB, "index.md", "partners/contoso.md", "../../"),
        (WEB, "partners/contoso.md", "index.md", "partners/contoso/"),
        (WEB, "about.md", "partners/index.md", "../about/"),
        (OFFLINE, "partners/contoso.md", "partners/index.md", "contoso.html"),
        (OFFLINE, "partners/fabrikam.md", "partners/contoso.md", "fabrikam.html"),
        (OFFLINE, "partners/index.md", "partners/contoso.md", "index.html"),
        (OFFLINE, "index.md", "partners/contoso.md", "../index.html"),
        (OFFLINE, "partners/contoso.md", "index.md", "partners/contoso.html"),
    ],
)
def test_links_in_raw_html_are_relative_to_the_page_as_each_edition_addresses_it(edition, target, page, expected):
    assert edition.link(target, page) == expected


PAGES = ["index.md", "about.md", "partners/index.md", "partners/contoso.md", "analyses/a-b.md", "watch/index.md"]


@pytest.mark.parametrize("edition", [WEB, OFFLINE], ids=["web", "offline"])
def test_a_link_from_any_page_to_any_page_resolves_to_that_pages_url(edition):
    from urllib.parse import urljoin

    base = edition.url or "file:///unpacked/"
    for page in PAGES:
        for target in PAGES:
            here = urljoin(base, edition.page(page))
            assert urljoin(here, edition.link(target, page)) == urljoin(base, edition.page(target)), (page, target)


@pytest.mark.parametrize("edition", [WEB, OFFLINE], ids=["web", "offline"])
@pytest.mark.parametrize("page", [*PAGES, "archive/2025/03.md", "partners/contoso/2025.md"])
def test_the_page_at_an_address_is_made_from_one_of_the_paths_it_names(edition, page):
    address = edition.page(page).removeprefix(edition.url)
    assert page in edition.pages_at("" if address == "./" else address)
    assert page in edition.pages_at(address + "index.html") or not edition.directory_urls
