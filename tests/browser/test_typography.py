"""How the publication reads, in Chromium, in both editions: the vendored text face is what an analysis is set
in, loaded from the site itself (from file:// too); the interface is in the system's sans; the text runs at a
readable measure; the home page opens with the masthead."""

from __future__ import annotations

import pytest
from projects import ROOT
from searching import open_search

from generator.paths import edition as configured_edition

ANALYSIS = "analyses/contoso-fabrikam-chip-supply"
TEXT_FACE = "Source Serif 4"
FONT_FOLDER = "assets/vendor/source-serif-4/"
WIDE = {"viewport": {"width": 1280, "height": 900}}


def first_family(page, selector: str) -> str:
    """The first family named by the computed font-family of the element, unquoted."""
    family = page.eval_on_selector(selector, "e => getComputedStyle(e).fontFamily")
    return family.split(",")[0].strip().strip('"')


def open_read(page, url: str) -> list[str]:
    """Open a page, wait until its fonts are loaded; the requests for fonts that failed."""
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(url)
    page.evaluate("document.fonts.ready.then(() => true)")
    return failed


def test_an_analysis_is_set_in_the_vendored_text_face_loaded_from_the_site(page, edition, requests):
    failed = open_read(page, edition.url(ANALYSIS))
    assert first_family(page, "article #context ~ p") == TEXT_FACE
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/\"/g, ''))"
    )
    assert TEXT_FACE in loaded
    assert page.evaluate(f"document.fonts.check('1em \"{TEXT_FACE}\"')")
    fonts = [url for url in requests.urls if url.endswith((".woff2", ".woff", ".ttf", ".otf"))]
    assert fonts and all(FONT_FOLDER in url for url in fonts), fonts
    assert not failed, failed


def test_the_interface_around_the_text_is_in_the_system_sans(page, edition):
    open_read(page, edition.url(ANALYSIS))
    for selector in (".md-tabs", "article .pw-meta", "article .pw-stance", ".md-footer"):
        assert first_family(page, selector) == "system-ui", selector
    search_box = open_search(page, edition).box  # Pagefind's on the web, Material's offline
    assert first_family(page, search_box) == "system-ui"


@pytest.mark.parametrize("context_options", [WIDE], ids=["wide"])
def test_running_text_keeps_a_readable_measure_on_a_wide_screen(page, edition, context_options):
    """65 to 75 characters a line, for the average English character of the text face at the text's size."""
    open_read(page, edition.url(ANALYSIS))
    characters = page.eval_on_selector(
        "article #context ~ p",
        """p => {
          const probe = document.createElement('span');
          probe.textContent = 'Contoso commits to buying accelerators from Fabrikam for five years, and gets a plant.';
          probe.style.whiteSpace = 'nowrap';
          p.append(probe);
          const perCharacter = probe.getBoundingClientRect().width / probe.textContent.length;
          probe.remove();
          return parseFloat(getComputedStyle(p).maxWidth) / perCharacter;
        }""",
    )
    column = page.eval_on_selector("article", "a => a.clientWidth")
    measure = page.eval_on_selector("article #context ~ p", "p => parseFloat(getComputedStyle(p).maxWidth)")
    assert measure < column, "the column is narrower than the measure: this test would measure nothing"
    assert 65 <= characters <= 75, characters


def test_the_home_page_opens_with_the_masthead(page, edition):
    open_read(page, edition.home)
    masthead = page.locator("article h1.pw-masthead__name")
    assert masthead.inner_text().strip() == "Partnership Watch"
    assert first_family(page, "article h1.pw-masthead__name") == TEXT_FACE
    assert first_family(page, ".md-header__title") == TEXT_FACE
    tagline = " ".join(configured_edition(ROOT).description.split())
    assert page.locator("article .pw-masthead__tagline").inner_text().strip() == tagline
    assert page.locator("article .pw-masthead__dateline time").get_attribute("datetime")
