"""The partnership network in Chromium (generator/network.py), in both editions: its names open the partner
pages, with scripts on or off; it takes the palette's colours; on a phone it scrolls in its frame, not the page."""

from __future__ import annotations

import pytest

from .test_reading import PHONE, address, heading

NO_SCRIPT = {"java_script_enabled": False}


def open_node(page, name: str) -> None:
    """Click the name `name` on the page's picture and wait for the page it opens."""
    node = page.locator("figure.pw-network a").filter(has=page.locator("text", has_text=name)).first
    with page.expect_navigation():
        node.locator("text").click()


@pytest.mark.parametrize("context_options", [{}, NO_SCRIPT], ids=["script", "no-script"])
def test_the_names_on_the_pictures_open_the_partner_pages(page, edition, context_options):
    page.goto(edition.url("partners/index"))
    figure = page.locator("figure.pw-network")
    assert figure.locator("svg").is_visible()
    assert figure.locator("a").count() == 3
    open_node(page, "Northwind Labs")
    assert address(page.url) == edition.url("partners/northwind")
    assert heading(page) == "Northwind Labs"
    open_node(page, "Contoso")  # from Northwind Labs' neighbourhood
    assert address(page.url) == edition.url("partners/contoso")
    open_node(page, "Fabrikam")
    assert address(page.url) == edition.url("partners/fabrikam")
    assert heading(page) == "Fabrikam"


@pytest.mark.parametrize(
    "context_options", [{"color_scheme": "light"}, {"color_scheme": "dark"}], ids=["light", "dark"]
)
def test_the_picture_takes_the_palettes_colours(page, edition, context_options):
    page.goto(edition.url("partners/index"))
    name = page.locator("figure.pw-network a text").first
    link = page.locator("article li a").first  # the same partner, in the list below the picture
    assert name.evaluate("e => getComputedStyle(e).fill") == link.evaluate("e => getComputedStyle(e).color")
    halo = name.evaluate("e => getComputedStyle(e).stroke")
    background = page.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")
    assert halo == background


@pytest.mark.parametrize("context_options", [PHONE], ids=["phone"])
def test_on_a_phone_the_picture_keeps_its_size_and_scrolls_in_its_frame(page, edition, context_options):
    page.goto(edition.url("partners/index"))
    picture = page.locator("figure.pw-network svg")
    natural = int(picture.get_attribute("width"))
    assert picture.bounding_box()["width"] == pytest.approx(natural, abs=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
