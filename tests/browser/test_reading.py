"""What a reader does, in Chromium, on the public site (over HTTP) and on the offline edition (from
file://): search, follow links, use a phone-sized screen, switch palettes. Every test also fails if
any page asks for something outside the machine (see the `context` fixture)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pytest
from conftest import FIXTURES
from playwright.sync_api import Page
from searching import MATERIAL, PAGEFIND, search, wait_for_results

from generator.validate import load_content

ANALYSIS = "analyses/contoso-fabrikam-chip-supply"
TITLE = "Contoso and Fabrikam tie cloud capacity to a chip supply deal"
# Said only by one of the analysis's expert views, so finding it proves those are searched.
EXPERT_VIEW_WORD = "financed"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def address(url: str) -> str:
    """The URL without its query and fragment: the page it names."""
    return urlunsplit(urlsplit(url)._replace(query="", fragment=""))


def heading(page) -> str:
    return page.locator("article h1").first.evaluate("h1 => h1.firstChild.textContent").strip()


def follow(page, name: str, within: str = "article") -> None:
    """Click the link called `name` inside `within` and wait for the page it opens."""
    with page.expect_navigation():
        page.locator(within).get_by_role("link", name=name, exact=True).first.click()


def test_the_search_word_is_said_only_in_the_analysis_expert_views():
    content, problems = load_content(FIXTURES / "basic")
    assert not problems
    analysis = next(a for a in content.published if a.slug == ANALYSIS.split("/")[1])
    said = {a.slug: [v.view for v in a.expert_views if EXPERT_VIEW_WORD in v.view] for a in content.analyses}
    assert said[analysis.slug] and not any(views for slug, views in said.items() if slug != analysis.slug)
    files = [path.read_text("utf-8") for path in (FIXTURES / "basic" / "content").rglob("*.yaml")]
    assert sum(text.count(EXPERT_VIEW_WORD) for text in files) == 1


@pytest.mark.parametrize("context_options", [{}, PHONE], ids=["wide", "phone"])
def test_search_finds_an_analysis_by_a_word_only_its_expert_views_contain(page, edition, context_options):
    page.goto(edition.url("analyses/fabrikam-northwind-foundry-pact"))
    found = search(page, edition, EXPERT_VIEW_WORD)
    results = page.locator(found.result)
    page.locator(found.link).first.wait_for()  # Pagefind shows placeholders until a result's page is loaded
    assert results.count() == 1
    assert TITLE in results.first.inner_text()
    assert EXPERT_VIEW_WORD in results.first.inner_text()
    with page.expect_navigation():
        page.locator(found.link).first.click()
    assert address(page.url) == edition.url(ANALYSIS)
    assert heading(page) == TITLE


def test_links_lead_from_home_to_an_analysis_and_its_partner_topic_and_stakeholder_pages_and_back(page, edition):
    page.goto(edition.home)
    follow(page, TITLE)
    assert address(page.url) == edition.url(ANALYSIS)

    follow(page, "Fabrikam")
    assert address(page.url) == edition.url("partners/fabrikam")
    assert heading(page) == "Fabrikam"
    follow(page, TITLE)
    assert address(page.url) == edition.url(ANALYSIS)

    follow(page, "Semiconductors")
    assert address(page.url) == edition.url("topics/semiconductors")
    assert heading(page) == "Semiconductors"
    page.go_back()
    assert address(page.url) == edition.url(ANALYSIS)

    follow(page, "Investors")
    assert address(page.url) == edition.url("stakeholders/investors")
    assert heading(page).endswith("Investors")
    follow(page, TITLE)
    assert address(page.url) == edition.url(ANALYSIS)
    assert heading(page) == TITLE

    follow(page, "Archive", within=".md-tabs")
    assert address(page.url) == edition.url("archive/index")
    with page.expect_navigation():
        page.locator("header a.md-logo").click()
    assert address(page.url) in (edition.url("index"), edition.home)


def test_drafts_are_nowhere_to_be_found(page, edition):
    page.goto(edition.url("archive/index"))
    assert "Tailspin" not in page.locator("article").inner_text()
    found = search(page, edition, "Draftonlyword")
    # Material finds nothing; Pagefind, which also matches parts of words, may offer a page that holds none of it.
    if page.locator(found.result).count():
        page.locator(found.link).first.wait_for()
    links = [link.get_attribute("href") for link in page.locator(found.link).all()]
    assert not [link for link in links if "tailspin-fabrikam-stake" in link]
    assert "Draftonlyword" not in " ".join(page.locator(found.result).all_inner_texts())
    if found is MATERIAL:
        assert found.none in page.locator(found.message).inner_text()


@pytest.mark.parametrize("context_options", [PHONE], ids=["phone"])
def test_on_a_phone_the_menu_opens_and_reaches_an_analysis(page, edition, context_options):
    page.goto(edition.home)
    assert page.locator(".md-tabs").is_hidden()
    page.locator("label.md-header__button[for='__drawer']").click()
    menu = page.locator("nav.md-nav--primary")
    menu.get_by_role("link", name="Analyses", exact=True).wait_for(state="visible")
    with page.expect_navigation():
        menu.get_by_role("link", name="Analyses", exact=True).click()
    assert address(page.url) == edition.url("analyses/index")
    follow(page, TITLE)
    assert address(page.url) == edition.url(ANALYSIS)
    assert page.locator("article h1").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def toggle_palette(page) -> None:
    page.locator("form[data-md-component='palette'] label:visible").click()


@pytest.mark.parametrize("context_options", [{"color_scheme": "light"}], ids=["light"])
def test_the_palette_toggle_switches_between_light_and_dark_and_is_remembered(page, edition, context_options):
    page.goto(edition.home)
    assert scheme(page) == "default"
    toggle_palette(page)
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.goto(edition.url(ANALYSIS))
    assert scheme(page) == "slate"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle_palette(page)
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background


@pytest.mark.parametrize("context_options", [{"color_scheme": "dark"}], ids=["dark"])
def test_a_reader_who_prefers_dark_gets_the_dark_palette(page, edition, context_options):
    page.goto(edition.home)
    assert scheme(page) == "slate"
    red, green, blue = map(
        int, re.findall(r"\d+", page.evaluate("getComputedStyle(document.body).backgroundColor"))[:3]
    )
    assert max(red, green, blue) < 80, "the dark palette's background is not dark"


def test_no_page_asks_for_anything_outside_the_machine(page, edition, requests):
    pages = sorted(path.relative_to(edition.folder).as_posix() for path in edition.folder.rglob("*.html"))
    assert len(pages) > 15
    base = edition.home.rsplit("/", 1)[0] + "/"
    for path in pages:
        page.goto(base + path)  # Material asks for what it needs while its script starts, before `load`
    page.goto(edition.home)
    page.wait_for_load_state("networkidle")
    assert not requests.leaving()
    if edition.name == "offline":
        assert any(url.endswith("search/search_index.js") for url in requests.urls), "search never loaded its index"
    else:  # Pagefind loads when a reader opens search (test_web_search_loads_nothing_until_it_is_opened)
        assert not [url for url in requests.urls if "/pagefind/" in url or "/search/" in url]


def _fetched(urls: list[str], *parts: str) -> list[str]:
    """Of `urls`, those that hold any of `parts`."""
    return [url for url in urls if any(part in url for part in parts)]


def _until_fetched(page, urls: list[str], *parts: str, times: int = 1) -> bool:
    """Whether each of `parts` is in `times` of `urls` within 10 s, and then 0.5 s more for what else follows
    (the page's load state says nothing of what it fetches after `load`, nor of its workers)."""
    for _ in range(100):
        if all(len(_fetched(urls, part)) >= times for part in parts):
            page.wait_for_timeout(500)
            return True
        page.wait_for_timeout(100)
    return False


ENGINE = ("/pagefind/pagefind.js", "/pagefind/pagefind-worker.js", "/pagefind/wasm.", ".pf_meta")
INDEX = ("/pagefind/index/", "/pagefind/fragment/")
UI_FILES = ("/pagefind/pagefind-modular-ui.js", "/pagefind/pagefind-modular-ui.css")


@dataclass
class _Outage:
    """Requests for URLs that end with `path` fail, as over a dropped connection, until the outage is `over`."""

    path: str
    over: bool = False

    def handle(self, route) -> None:
        if self.over:
            route.continue_()
        else:
            route.abort("connectionreset")


@contextmanager
def _analysis_page_asking(browser, home: str, outage: _Outage | None = None) -> Iterator[tuple[Page, list[str]]]:
    """An analysis page of the web edition, loaded, and the URLs it asks for, from its own onwards (those that
    `outage` makes fail among them)."""
    context = browser.new_context()
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    if outage is not None:
        context.route("**" + outage.path, outage.handle)
    try:
        page = context.new_page()
        page.goto(home + ANALYSIS + "/")
        page.wait_for_load_state("networkidle")
        yield page, urls
    finally:
        context.close()


def test_web_search_gets_ready_as_a_reader_heads_for_it(browser, public_site):
    """Pointing at the search button fetches Pagefind's UI, and nothing of its engine or index; opening search
    starts the engine before the first keystroke (the UI alone would wait for it), and fetches no index until a
    query is typed."""
    home, _ = public_site
    with _analysis_page_asking(browser, home) as (page, urls):
        assert not _fetched(urls, "/pagefind/")
        page.locator("button.pw-search-open").hover()
        assert _until_fetched(page, urls, "/pagefind/pagefind-modular-ui.js", "/pagefind/pagefind-modular-ui.css")
        assert not _fetched(urls, *ENGINE, *INDEX)
        page.locator("button.pw-search-open").click()
        page.locator(PAGEFIND.box).wait_for(state="visible")
        assert _until_fetched(page, urls, *ENGINE), "opening search did not start Pagefind's engine"
        assert not _fetched(urls, *INDEX)
        assert len(_fetched(urls, "/pagefind/pagefind-modular-ui.js")) == 1


def test_web_search_loads_nothing_until_it_is_opened(browser, public_site):
    """Opening a page fetches nothing of search; opening search fetches Pagefind, and a query a few chunks."""
    home, _ = public_site
    with _analysis_page_asking(browser, home) as (page, urls):
        assert urls and not [url for url in urls if "/pagefind/" in url or "/search/" in url]
        page.keyboard.press("/")  # as the header's button does
        page.locator(PAGEFIND.box).wait_for(state="visible")
        assert any(url.endswith("/pagefind/pagefind-modular-ui.js") for url in urls)
        page.locator(PAGEFIND.box).press_sequentially(EXPERT_VIEW_WORD, delay=20)
        page.locator(PAGEFIND.result).first.wait_for()
        assert any("/pagefind/index/" in url for url in urls) and any("/pagefind/fragment/" in url for url in urls)
        scripts = ("/pagefind/pagefind.js", "/pagefind/pagefind-worker.js", *UI_FILES)
        assert {file: len(_fetched(urls, file)) for file in scripts} == dict.fromkeys(scripts, 1)


def _times_loaded(urls: list[str]) -> dict[str, int]:
    """How many times the page asked for pagefind.js and for the Modular UI's script and styles."""
    return {file: len(_fetched(urls, file)) for file in ("/pagefind/pagefind.js", *UI_FILES)}


# What the search summary says while Pagefind's script or engine could not load.
COULD_NOT_LOAD = "Search could not load. Check your connection and type again."


def _reopen_search(page) -> None:
    """Close search and open it again with its key."""
    page.keyboard.press("Escape")
    # Until the dialog's close event, focus is still in its input, where / is a character to type.
    page.wait_for_function("document.activeElement?.id !== 'pw-search-input'", timeout=5_000)
    page.keyboard.press("/")


# Whether pagefind-modular-ui.css styles the page: it sets the search input's weight, which nothing else does.
PAGEFIND_STYLES_APPLY = "getComputedStyle(document.getElementById('pw-search-input')).fontWeight === '700'"


@pytest.mark.parametrize("failing", ["/pagefind/pagefind.js", "/pagefind/pagefind-modular-ui.js"])
@pytest.mark.parametrize("retry", ["reopening", "typing"])
def test_web_search_fetches_again_what_failed_to_load_and_then_finds(browser, public_site, failing, retry):
    """A Pagefind script that fails to load (a flaky network, the server restarting) leaves search without
    results, and its summary says so; each keystroke tries it again, and once the network is back, opening search
    again or typing fetches it, the summary's message goes and search finds. Nothing that loaded is fetched
    twice."""
    home, _ = public_site
    outage = _Outage(failing)
    with _analysis_page_asking(browser, home, outage) as (page, urls):
        page.keyboard.press("/")  # not the button: pointing at it would fetch the UI, and fetch it again on opening
        assert _until_fetched(page, urls, failing)
        page.locator(PAGEFIND.box).press_sequentially(EXPERT_VIEW_WORD[:3], delay=20)
        assert _until_fetched(page, urls, failing, times=2), "typing did not try again"
        assert page.locator(PAGEFIND.message).text_content() == COULD_NOT_LOAD
        assert page.locator(PAGEFIND.result).count() == 0
        outage.over = True
        failed = len(_fetched(urls, failing))
        if retry == "reopening":
            _reopen_search(page)
            assert _until_fetched(page, urls, failing, times=failed + 1), "opening search again did not fetch it"
            assert page.locator(PAGEFIND.message).text_content() != COULD_NOT_LOAD
        page.locator(PAGEFIND.box).press_sequentially(EXPERT_VIEW_WORD[3:], delay=20)
        wait_for_results(page, PAGEFIND, EXPERT_VIEW_WORD)
        page.locator(PAGEFIND.link).first.wait_for()
        assert page.evaluate(PAGEFIND_STYLES_APPLY)
        fetched = _times_loaded(urls)
        assert fetched == {file: failed + 1 if file == failing else 1 for file in fetched}


@pytest.mark.parametrize("retry", ["reopening", "typing"])
def test_web_search_finds_without_its_styles_and_fetches_them_again(browser, public_site, retry):
    """Search does not wait for the Modular UI's styles: while they fail to load, it finds, unstyled; once the
    network is back, opening search again or typing fetches them once more, and they apply."""
    home, _ = public_site
    styles = "/pagefind/pagefind-modular-ui.css"
    outage = _Outage(styles)
    with _analysis_page_asking(browser, home, outage) as (page, urls):
        page.keyboard.press("/")
        page.locator(PAGEFIND.box).press_sequentially(EXPERT_VIEW_WORD, delay=20)
        wait_for_results(page, PAGEFIND, EXPERT_VIEW_WORD)
        page.locator(PAGEFIND.link).first.wait_for()
        assert len(_fetched(urls, styles)) >= 2, "typing did not try the styles again"
        assert not page.evaluate(PAGEFIND_STYLES_APPLY)
        outage.over = True
        failed = len(_fetched(urls, styles))
        if retry == "reopening":
            _reopen_search(page)
        else:
            page.locator(PAGEFIND.box).press("Backspace")
        assert _until_fetched(page, urls, styles, times=failed + 1), "the styles were not fetched again"
        page.wait_for_function(PAGEFIND_STYLES_APPLY, timeout=5_000)
        page.locator(PAGEFIND.box).press_sequentially("d", delay=20)  # and keystrokes fetch them no more
        page.wait_for_timeout(500)
        fetched = _times_loaded(urls)
        assert fetched == {file: failed + 1 if file == styles else 1 for file in fetched}


def test_web_search_opens_with_its_keys_and_button_with_focus_in_its_input_and_closes(browser, public_site):
    """`s` and `/` open search as the button does, with focus in its input (named Search), not on the dialog's
    first button; it says how many results for what, live; Escape and the close button close it."""
    home, _ = public_site
    page = browser.new_page()
    try:
        page.goto(home + ANALYSIS + "/")
        dialog = page.locator("dialog.pw-search")
        for key in ("s", "/"):
            page.keyboard.press(key)
            dialog.wait_for(state="visible")
            page.wait_for_function("document.activeElement?.id === 'pw-search-input'", timeout=5_000)
            page.keyboard.type("Fabrikam", delay=20)
            wait_for_results(page, PAGEFIND, "Fabrikam")
            summary = page.get_by_role("status")
            assert re.fullmatch(r"\d+ results? for Fabrikam", summary.inner_text()), summary.inner_text()
            assert page.get_by_role("textbox", name="Search").input_value() == "Fabrikam"
            page.keyboard.press("Escape")
            dialog.wait_for(state="hidden")
        page.locator("button.pw-search-open").click()
        dialog.wait_for(state="visible")
        page.wait_for_function("document.activeElement?.id === 'pw-search-input'", timeout=5_000)
        page.locator(".pw-search__close").click()
        dialog.wait_for(state="hidden")
    finally:
        page.close()
