"""Hostile payloads in a real browser: every page of the hostile build loads, search runs over
the payloads and shows them, the analyses index's filter writes them as text, and no payload ever runs or
makes a request."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hostile_project import PAYLOADS
from searching import PAGEFIND, wait_for_results

from bench.serving import serving
from generator import text

QUERIES = ["window", "script", "onerror", "svg", "iframe", "Separators", "config"]
RAN = "window.__pwned !== undefined || document.querySelector('base, meta[http-equiv]') !== null"


@pytest.fixture(scope="module")
def hostile_site(hostile_builds) -> str:
    site, _ = hostile_builds
    with serving(site) as address:
        yield address


@pytest.fixture
def hostile_page(browser, hostile_site):
    host = urlsplit(hostile_site).netloc
    sent: list[str] = []
    dialogs: list[str] = []
    context = browser.new_context()
    context.on("request", lambda request: sent.append(request.url))
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).netloc == host
            or urlsplit(route.request.url).scheme in ("data", "blob", "about")
            else route.abort()
        ),
    )
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()
    assert not dialogs, f"a payload opened a dialog: {dialogs}"
    leaving = [
        url for url in sent if urlsplit(url).netloc != host and urlsplit(url).scheme not in ("data", "blob", "about")
    ]
    assert not leaving, f"requests left the machine: {leaving}"


def test_no_payload_runs_on_any_page(hostile_page, hostile_site, hostile_builds):
    site, _ = hostile_builds
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(pages) > 100
    for path in pages:
        hostile_page.goto(hostile_site + path.removesuffix("index.html"))
        assert not hostile_page.evaluate(RAN), f"a payload ran on {path}"


def test_search_over_payloads_shows_them_as_text(hostile_page, hostile_site):
    """Pagefind, the web edition's search: its results show titles and excerpts as text, the words found marked."""
    hostile_page.goto(hostile_site)
    hostile_page.locator("button.pw-search-open").click()
    box = hostile_page.locator(PAGEFIND.box)
    results = hostile_page.locator(PAGEFIND.result)
    for query in QUERIES:
        box.fill(query)
        wait_for_results(hostile_page, PAGEFIND, query)
        hostile_page.locator(PAGEFIND.link).first.wait_for()  # placeholders until a result's page is loaded
        assert results.count() > 0, query
        assert not hostile_page.evaluate(RAN), query
        # Nothing but the elements the page's script makes: no title or excerpt became markup.
        made = results.locator("*").evaluate_all("nodes => [...new Set(nodes.map(node => node.localName))].sort()")
        assert set(made) <= {"a", "div", "mark", "p"}, (query, made)
        if query == "script":
            titles = hostile_page.locator(PAGEFIND.link).all_text_contents()
            assert text.to_plain("<script>window.__pwned=1</script>") in titles, titles
        if query == "window":
            assert "window.__pwned=1" in hostile_page.locator(".pw-search").inner_text()
    with hostile_page.expect_navigation():
        hostile_page.locator(PAGEFIND.link).first.click()
    hostile_page.wait_for_load_state()
    assert not hostile_page.evaluate(RAN)


def test_the_analyses_filter_writes_payloads_as_text(hostile_page, hostile_site):
    """Every hostile analysis has the partner `base`: filtering by it makes the script write every entry."""
    hostile_page.goto(hostile_site + "analyses/?partner=base")
    results = hostile_page.locator("#finder_results")
    assert results.is_visible()
    titles = results.locator("h2 > a").evaluate_all("links => links.map(link => link.textContent)")
    assert sorted(titles) == sorted(text.to_plain(payload) for payload in PAYLOADS)
    summaries = results.locator("p:not(.pw-meta):not(.pw-stances)").evaluate_all("ps => ps.map(p => p.textContent)")
    assert sorted(summaries) == sorted(text.to_plain(payload) for payload in PAYLOADS)
    # Nothing but the elements the script makes: no payload became markup.
    made = results.locator("*").evaluate_all("nodes => [...new Set(nodes.map(node => node.localName))].sort()")
    assert made == ["a", "h2", "p", "span", "time"]
    options = hostile_page.locator("#finder_topic option").evaluate_all("os => os.map(o => o.textContent)")
    assert sorted(options[1:]) == sorted(f"{text.to_plain(payload)} (1)" for payload in PAYLOADS)
    assert not hostile_page.evaluate(RAN)
