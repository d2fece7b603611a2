"""Where am I: pages no tab names say their section with a breadcrumb, and on a phone an analysis page offers
its sections, in both editions."""

from __future__ import annotations

import pytest

ANALYSIS = "analyses/contoso-fabrikam-chip-supply"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1280, "height": 900}}


@pytest.mark.parametrize(
    ("page_path", "section", "section_page"),
    [
        (ANALYSIS, "Analyses", "analyses/index"),
        ("partners/contoso", "Partners", "partners/index"),
        ("topics/ai-safety", "Topics", "topics/index"),
        ("stakeholders/investors", "Stakeholders", "stakeholders/index"),
    ],
)
def test_a_breadcrumb_leads_home_and_to_the_section(page, edition, page_path, section, section_page):
    page.goto(edition.url(page_path))
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    assert crumbs.get_by_role("link").all_inner_texts() == ["Home", section]
    with page.expect_navigation():
        crumbs.get_by_role("link", name=section).click()
    assert page.url == edition.url(section_page)
    page.go_back()
    with page.expect_navigation():
        page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Home").click()
    assert page.url == edition.url("index")


@pytest.mark.parametrize("context_options", [PHONE], ids=["phone"])
def test_on_a_phone_an_analysis_page_offers_its_sections(page, edition):
    page.goto(edition.url(ANALYSIS))
    sections = page.locator("details.pw-page-toc")
    assert sections.is_visible()
    sections.locator("summary").click()
    names = sections.get_by_role("link").all_inner_texts()
    assert names[:5] == ["Context", "Expert views", "Implications", "Outlook", "Sources"]
    sections.get_by_role("link", name="Outlook").click()
    assert page.url.endswith("#outlook")
    assert page.locator("#outlook").is_visible()


@pytest.mark.parametrize("context_options", [DESK], ids=["desk"])
def test_on_a_desk_the_sidebar_has_the_sections_and_the_phone_list_is_hidden(page, edition):
    page.goto(edition.url(ANALYSIS))
    assert not page.locator("details.pw-page-toc").is_visible()
    assert page.locator(".md-sidebar--secondary").get_by_role("link", name="Outlook").is_visible()
