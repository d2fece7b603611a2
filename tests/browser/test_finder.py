"""The analyses index's filter in Chromium, in both editions, on a desk and on a phone: a linked filter, a
changed choice, clearing, and the page without JavaScript. Built from the basic fixture with one analysis more
(tests/fixtures/listings: another year, another stance), so that each choice narrows the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import make_project

from .conftest import Edition, built_and_served, built_offline, edition_of
from .test_requests import Trouble

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1280, "height": 900}}
CHIPS = "Contoso and Fabrikam tie cloud capacity to a chip supply deal"
LAB = "Northwind Labs and Contoso open a joint safety lab"
PACT = "Fabrikam and Northwind Labs pool foundry research"
FUND = "Tailspin Ventures funds Contoso capacity for its start-ups"
EVERY = [CHIPS, LAB, PACT, FUND]
"""Every published analysis, newest first."""

on_both_screens = pytest.mark.parametrize("context_options", [DESK, PHONE], ids=["desk", "phone"])


@pytest.fixture(scope="module")
def finder_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("finder") / "project", adding="listings")


@pytest.fixture(scope="module")
def finder_site(finder_project) -> tuple[str, Path]:
    with built_and_served(finder_project) as served:
        yield served


@pytest.fixture(scope="module")
def finder_offline_home(finder_project, tmp_path_factory) -> str:
    return built_offline(finder_project, tmp_path_factory.mktemp("unpacked"))


@pytest.fixture(params=["public", "offline"])
def edition(request) -> Edition:
    """As conftest's, for this module's build."""
    return edition_of(request, "finder_site", "finder_offline_home")


@pytest.fixture
def finder(context, page, edition):
    """The page, failing the test on any console error, uncaught exception, failed request or error status."""
    trouble = Trouble(where="the analyses index").watch(context)
    yield page
    assert not trouble.found, trouble.report()


def index_url(edition: Edition, query: str = "") -> str:
    return edition.url("analyses/index") + (f"?{query}" if query else "")


def shown_titles(page) -> list[str]:
    return page.locator("article h2:visible > a:not(.headerlink)").all_inner_texts()


def field(page, label: str):
    """A select of the filter, by its visible label."""
    return page.get_by_role("form", name="Filter the analyses").get_by_label(label, exact=True)


def count(page) -> str:
    return page.locator("#finder_count").inner_text()


@on_both_screens
def test_a_linked_filter_shows_only_the_matching_entries(finder, edition):
    finder.goto(index_url(edition, "partner=contoso&year=2025"))
    assert count(finder) == "1 of 4 analyses match"
    assert shown_titles(finder) == [FUND]
    assert field(finder, "Partner").input_value() == "contoso"
    assert field(finder, "Year").input_value() == "2025"
    entry = finder.locator("#finder_results")
    assert entry.locator(".pw-meta").inner_text() == "18 November 2025 · Tailspin Ventures and Contoso"
    assert entry.locator(".pw-stances").inner_text() == "Expert views: 1 supportive · 1 critical"
    assert entry.locator(".pw-stance--critical").inner_text() == "1 critical"
    with finder.expect_navigation():
        entry.get_by_role("link", name=FUND).click()
    assert finder.url == edition.url("analyses/tailspin-contoso-compute-fund")


@on_both_screens
def test_changing_a_choice_updates_the_address_and_the_list(finder, edition):
    finder.goto(index_url(edition))
    assert count(finder) == "4 analyses"
    assert field(finder, "Partner").locator("option").all_inner_texts() == [
        "Any partner",
        "Contoso (3)",
        "Fabrikam (2)",
        "Northwind Labs (2)",
        "Tailspin Ventures (1)",
    ]
    field(finder, "Partner").select_option("contoso")
    finder.locator("#finder_results").wait_for()  # the first filter loads the data
    assert finder.url == index_url(edition, "partner=contoso")
    assert shown_titles(finder) == [CHIPS, LAB, FUND]
    assert count(finder) == "3 of 4 analyses match"
    field(finder, "Year").select_option("2026")
    assert finder.url == index_url(edition, "partner=contoso&year=2026")
    assert shown_titles(finder) == [CHIPS, LAB]
    field(finder, "Stance").select_option("critical")
    assert finder.url == index_url(edition, "partner=contoso&year=2026&stance=critical")
    assert shown_titles(finder) == []
    assert count(finder) == "0 of 4 analyses match"
    assert finder.locator("#finder_count").get_attribute("aria-live") == "polite"


def test_the_data_is_loaded_only_once_a_filter_is_set(finder, edition, requests):
    finder.goto(index_url(edition), wait_until="networkidle")
    assert field(finder, "Partner").locator("option").count() == 5  # the choices are in the page
    assert not [url for url in requests.urls if url.endswith("finder-data.js")]
    field(finder, "Topic").select_option("semiconductors")
    finder.locator("#finder_results").wait_for()
    assert shown_titles(finder) == [CHIPS, PACT]
    assert len([url for url in requests.urls if url.endswith("finder-data.js")]) == 1
    field(finder, "Topic").select_option("ai-safety")
    assert shown_titles(finder) == [LAB]
    assert len([url for url in requests.urls if url.endswith("finder-data.js")]) == 1  # loaded once


@on_both_screens
def test_clear_filters_restores_every_analysis_and_the_bare_address(finder, edition):
    finder.goto(index_url(edition, "topic=semiconductors&stakeholder=businesses"))
    assert shown_titles(finder) == [CHIPS, PACT]
    finder.get_by_role("button", name="Clear filters").click()
    assert finder.url == index_url(edition)
    assert count(finder) == "4 analyses"
    assert shown_titles(finder) == EVERY
    assert finder.locator("#finder_results").is_hidden()
    assert field(finder, "Topic").input_value() == ""


@on_both_screens
def test_unknown_values_are_ignored(finder, edition):
    finder.goto(index_url(edition, "partner=nobody&year=1999&stance=critical&h=contoso"))
    assert shown_titles(finder) == [FUND]
    assert field(finder, "Partner").input_value() == ""
    field(finder, "Stance").select_option("")
    assert finder.url == index_url(
        edition, "partner=nobody&year=1999&h=contoso".replace("partner=nobody&year=1999&", "")
    )


@pytest.mark.parametrize(
    "context_options",
    [{**DESK, "java_script_enabled": False}, {**PHONE, "java_script_enabled": False}],
    ids=["desk", "phone"],
)
def test_without_javascript_the_form_is_hidden_and_every_analysis_listed(finder, edition):
    finder.goto(index_url(edition, "partner=contoso&year=2025"))
    assert finder.locator("#finder_form").is_hidden()
    assert shown_titles(finder) == EVERY
    assert count(finder) == "4 analyses"
