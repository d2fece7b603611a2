"""What to watch in Chromium, on the public site (over HTTP) and the offline edition (from file://): its three
sections in order, a signal's link to its analysis's What to watch, the track record reached from it, and the
corrections, each leading to its analysis, and the calendar, which only the web edition offers."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from browser.test_reading import address, heading

PACT = "analyses/fabrikam-northwind-foundry-pact"
OVERDUE = "Whether Northwind's first test wafers pass qualification."


def section_list(page, anchor: str):
    """The first list after the section heading `#anchor`."""
    return page.locator(f"xpath=//article//h2[@id='{anchor}']/following-sibling::ul[1]")


def test_the_tracker_has_its_three_sections_and_a_signal_leads_to_its_analysis(page, edition):
    page.goto(edition.url("watch/index"))
    assert heading(page) == "What to watch"
    assert page.locator("article h2").evaluate_all("headings => headings.map(h => h.id)") == [
        "overdue",
        "open",
        "resolved",
    ]
    # The public site is as of the build (conftest.AS_OF), the offline edition as of its content's last change.
    as_of = "1 December 2026" if edition.name == "public" else "1 June 2026"
    assert f"As of {as_of}." in page.locator("article .pw-lede").inner_text()
    for anchor, count in (("overdue", 2), ("open", 5), ("resolved", 3)):
        assert section_list(page, anchor).locator(":scope > li").count() == count, anchor
    overdue = section_list(page, "overdue").locator(":scope > li").first
    assert overdue.locator("p").first.inner_text() == f"{OVERDUE} · Overdue · was due by April 2026"
    assert "Happened" in section_list(page, "resolved").inner_text()

    with page.expect_navigation():
        overdue.get_by_role("link", name="Fabrikam and Northwind Labs pool foundry research").click()
    assert address(page.url) == edition.url(PACT)
    assert urlsplit(page.url).fragment == "what-to-watch"
    assert heading(page) == "Fabrikam and Northwind Labs pool foundry research"
    target = page.locator("#what-to-watch")
    assert target.inner_text().strip().startswith("What to watch")
    assert OVERDUE in page.locator("xpath=//h3[@id='what-to-watch']/following-sibling::ul[1]").inner_text()
    assert target.evaluate("h => h.getBoundingClientRect().top < window.innerHeight")  # scrolled to it


def test_the_track_record_is_one_click_away_and_counts_the_signals(page, edition):
    page.goto(edition.url("watch/index"))
    with page.expect_navigation():
        page.locator("article").get_by_role("link", name="track record", exact=True).click()
    assert address(page.url) == edition.url("watch/record")
    assert heading(page) == "Track record"
    overall = section_list(page, "overall").inner_text()
    assert "Happened: 2 signals" in overall and "Partly happened: 1 signal" in overall
    assert "Track record" in page.locator("nav.md-nav--primary").inner_text()  # in the section's navigation


def test_corrections_are_listed_under_about_and_link_to_the_analysis(page, edition):
    page.goto(edition.url("corrections/index"))
    assert heading(page) == "Corrections"
    with page.expect_navigation():
        page.locator("article").get_by_role("link", name="Fabrikam and Northwind Labs pool foundry research").click()
    assert address(page.url) == edition.url(PACT) and urlsplit(page.url).fragment == "corrections"
    assert page.locator("#corrections").is_visible()


@pytest.mark.parametrize("edition", ["public"], indirect=True)
def test_the_web_edition_offers_the_calendar(page, edition):
    page.goto(edition.url("watch/index"))
    link = page.locator("article").get_by_role("link", name="Add to calendar", exact=True)
    href = link.get_attribute("href")
    assert href == "../watch.ics"
    response = page.request.get(urljoin(page.url, href))
    assert response.ok and response.body().startswith(b"BEGIN:VCALENDAR\r\n")


@pytest.mark.parametrize("edition", ["offline"], indirect=True)
def test_the_offline_edition_has_no_calendar(page, edition):
    page.goto(edition.url("watch/index"))
    assert page.locator("article").get_by_role("link", name="Add to calendar").count() == 0
    assert not (edition.folder / "watch.ics").exists()
