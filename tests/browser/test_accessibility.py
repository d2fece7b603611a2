"""axe-core scans of every kind of page of the public site, in both palettes: no serious or critical
violation (the rules are axe-core's, run by axe-playwright-python)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from searching import PAGEFIND, search

from tools.page_kinds import KINDS, PAGED

BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("edition", ["public"], indirect=True)
@pytest.mark.parametrize(
    "context_options", [{"color_scheme": "light"}, {"color_scheme": "dark"}], ids=["light", "dark"]
)
@pytest.mark.parametrize("kind", [kind.name for kind in KINDS if kind not in PAGED])
def test_no_serious_or_critical_violations(page, edition, context_options, axe, sample_pages, kind):
    page.goto(edition.url(sample_pages[kind]))
    expected = "slate" if context_options["color_scheme"] == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(describe(violation) for violation in blocking)


@pytest.mark.parametrize("edition", ["public"], indirect=True)
@pytest.mark.parametrize(
    "context_options", [{"color_scheme": "light"}, {"color_scheme": "dark"}], ids=["light", "dark"]
)
def test_a_filtered_analyses_index_has_no_serious_or_critical_violations(page, edition, axe):
    """The entries the filter writes (assets/finder.js), which the scan of the bare index doesn't see."""
    page.goto(edition.url("analyses/index") + "?partner=contoso")
    assert page.locator("#finder_results h2").count() == 2
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(describe(violation) for violation in blocking)


def describe(violation: dict) -> str:
    nodes = "".join(
        f"\n    {' '.join(node['target'])}: {node.get('failureSummary', '')}" for node in violation["nodes"]
    )
    return f"{violation['id']} ({violation['impact']}): {violation['help']}{nodes}"


@pytest.mark.parametrize("edition", ["public"], indirect=True)
@pytest.mark.parametrize(
    "context_options", [{"color_scheme": "light"}, {"color_scheme": "dark"}], ids=["light", "dark"]
)
def test_the_open_search_dialog_with_results_has_no_serious_or_critical_violations(page, edition, context_options, axe):
    page.goto(edition.url("analyses/contoso-fabrikam-chip-supply"))
    search(page, edition, "Fabrikam")
    page.locator(PAGEFIND.link).first.wait_for()
    assert page.locator("dialog.pw-search[open]").get_attribute("aria-label") == "Search"
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(describe(violation) for violation in blocking)
