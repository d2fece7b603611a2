"""An analysis printed from Chromium: the analysis alone, outside links written out, and a PDF that renders."""

from __future__ import annotations

import pytest

ANALYSIS = "analyses/contoso-fabrikam-chip-supply/"
CHROME = (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".pw-suggest")


@pytest.fixture
def printed(browser, public_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    address, _ = public_site
    page.goto(address + ANALYSIS)
    yield page
    page.close()


def shown(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector, "e => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0"
    )


def test_on_screen_the_navigation_is_there(printed):
    assert all(shown(printed, selector) for selector in CHROME)


def test_on_paper_only_the_analysis_is_left(printed):
    printed.emulate_media(media="print")
    assert [selector for selector in CHROME if shown(printed, selector)] == []
    for section in ("h1", "#context", "#expert-views", "#implications", "#outlook", "#sources", "#related"):
        assert shown(printed, section), section


def test_on_paper_outside_links_show_their_address(printed):
    printed.emulate_media(media="print")
    after = printed.eval_on_selector(
        'a[href="https://contoso.example/news/capacity"]', "e => getComputedStyle(e, '::after').content"
    )
    assert after == '" (https://contoso.example/news/capacity)"'
    internal = printed.eval_on_selector(".pw-tags a", "e => getComputedStyle(e, '::after').content")
    assert internal in ("none", "normal", "")  # the site's own links stay as they are


def test_the_pdf_renders(printed):
    pdf = printed.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 2
