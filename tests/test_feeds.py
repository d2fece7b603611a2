"""The feeds of the fixture build: Atom read back with feedparser, JSON Feed 1.1 checked against a JSON Schema
written from its spec (feedparser 6.0 reads no JSON feeds), and both against the content."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import jsonschema
import pytest
from hand_written import WEB_ONLY_PAGES, article_words, edition_words

from generator import feeds, text
from generator.indexes import indexes
from generator.paths import Edition

JSON_FEED_SCHEMA = json.loads((Path(__file__).parent / "jsonfeed-1.1.schema.json").read_text("utf-8"))
DRAFT_SLUG = "tailspin-fabrikam-stake"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site_url(site) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text("utf-8")).group(1)


def every_feed(content) -> dict[str, tuple]:
    """Feed path (without extension) -> the analyses it must hold, newest first."""
    expected = {"feed": content.published[: feeds.ENTRIES]}
    for kind, index in indexes(content, content.published).items():
        if kind in ("partners", "topics"):
            expected |= {f"{kind}/{key}/feed": index.analyses[key][: feeds.ENTRIES] for key in index.terms}
    return expected


CORRECTED_HTML = {
    "contoso-fabrikam-chip-supply": (
        "<p>Contoso commits to buying accelerators from Fabrikam for five years, and Fabrikam gets a guaranteed"
        " anchor customer for its new plant.</p>"
        "<p>Corrected on 12 May 2026: An earlier version said the agreement runs for three years; it runs for"
        " five.</p>"
        "<p>Corrected on 1 June 2026: An earlier version gave Fabrikam&#x27;s plant as already producing; it is"
        " still being built.</p>"
    ),
    "fabrikam-northwind-foundry-pact": (
        "<p>Fabrikam opens its pilot line to Northwind Labs&#x27; chip researchers, and Northwind shares the test"
        " tooling it builds there.</p>"
        "<p>Corrected on 20 May 2026: An earlier version said the pact runs for three years; it runs for five.</p>"
    ),
}
"""The fixture's corrected analyses in a feed: the summary, then each correction, oldest first."""


def entry_html(analysis) -> str:
    """What an entry's HTML says of an analysis: its summary, with its corrections when it has any."""
    return CORRECTED_HTML.get(analysis.slug) or text.to_html(analysis.summary)


def whole_analysis_texts(analysis) -> list[str]:
    """Every text of an analysis's page, in the page's order, as an entry's content shows it (safe HTML)."""
    texts = [analysis.summary, *(p.text for p in analysis.context)]
    for view in analysis.expert_views:
        texts += [view.source, view.view]
    for implication in analysis.implications:
        texts += implication.points
    texts += [analysis.outlook.summary, *(s.signal for s in analysis.outlook.watch)]
    texts += [c.text for c in analysis.corrections_oldest_first]
    return [text.to_html(value) for value in texts]


def assert_carries_the_whole_analysis(content_html: str, analysis) -> None:
    position = 0
    for shown in whole_analysis_texts(analysis):
        found = content_html.find(shown, position)
        assert found >= 0, (analysis.slug, shown)
        position = found + len(shown)


def rfc3339(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value
    return parsed


def test_every_feed_exists_and_no_other(site, content):
    expected = every_feed(content)
    assert "partners/contoso/feed" in expected and "topics/ai-safety/feed" in expected
    found = {p.relative_to(site).as_posix().rsplit(".", 1)[0] for p in site.rglob("feed.*")}
    assert found == set(expected)
    assert not (site / "partners" / "unused-corp").exists()


def test_atom_feeds_parse_and_hold_the_published_analyses_newest_first(site, content, site_url):
    for path, analyses in every_feed(content).items():
        parsed = feedparser.parse((site / f"{path}.xml").read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.title.startswith("Partnership Watch")
        assert [e.link for e in parsed.entries] == [f"{site_url}analyses/{a.slug}/" for a in analyses]
        assert [e.id for e in parsed.entries] == [e.link for e in parsed.entries]
        newest = max(a.last_modified for a in analyses)
        assert parsed.feed.updated == f"{newest.isoformat()}T00:00:00Z"  # not the time of the build
        self_link = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_link == [f"{site_url}{path}.xml"]


def test_atom_entry_fields(site, content, site_url):
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    by_link = {entry.link: entry for entry in parsed.entries}
    for analysis in content.published:
        entry = by_link[f"{site_url}analyses/{analysis.slug}/"]
        assert entry.title == text.to_plain(analysis.title)
        assert entry.title_detail.type == "text/plain"
        assert entry.summary_detail.type == "text/html"
        assert entry.summary == entry_html(analysis)
        assert entry.content[0].type == "text/html"
        assert_carries_the_whole_analysis(entry.content[0].value, analysis)
        assert entry.published_parsed[:3] == analysis.published.timetuple()[:3]
        assert entry.updated_parsed[:3] == analysis.last_modified.timetuple()[:3]
        if analysis.authors:
            assert [author.name for author in entry.authors] == [text.to_plain(a) for a in analysis.authors]
        terms = [(tag.term, tag.scheme, tag.label) for tag in entry.tags]
        assert terms == [
            *((key, f"{site_url}partners/", text.to_plain(content.entities[key].name)) for key in analysis.partners),
            *(
                (key, f"{site_url}topics/", text.to_plain(content.taxonomy.topics[key].label))
                for key in analysis.topics
            ),
        ]
    updated = parsed.entries[0]
    assert updated.published != updated.updated  # the fixture's newest analysis has an update


def test_atom_feed_has_an_author_for_entries_without_a_byline(site, content):
    assert any(not a.authors for a in content.published)
    root = ET.fromstring((site / "feed.xml").read_bytes())
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Partnership Watch"


def test_json_feeds_follow_the_spec(site, content, site_url):
    validator = jsonschema.Draft202012Validator(JSON_FEED_SCHEMA)
    for path, analyses in every_feed(content).items():
        document = json.loads((site / f"{path}.json").read_text("utf-8"))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
        assert errors == [], path
        assert document["feed_url"] == f"{site_url}{path}.json"
        assert [item["url"] for item in document["items"]] == [f"{site_url}analyses/{a.slug}/" for a in analyses]
        for item, analysis in zip(document["items"], analyses, strict=True):
            assert rfc3339(item["date_published"]).date() == analysis.published
            assert rfc3339(item["date_modified"]).date() == analysis.last_modified
            assert item["title"] == text.to_plain(analysis.title)
            assert item["summary"] == text.to_plain(analysis.summary)
            assert_carries_the_whole_analysis(item["content_html"], analysis)
            assert item.get("authors", []) == [{"name": text.to_plain(a)} for a in analysis.authors]
            assert item["tags"] == [text.to_plain(content.entities[k].name) for k in analysis.partners] + [
                text.to_plain(content.taxonomy.topics[k].label) for k in analysis.topics
            ]


def test_the_json_feed_schema_catches_mistakes():
    good = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "T",
        "items": [{"id": "1", "content_text": "x", "date_published": "2026-05-04T00:00:00Z"}],
    }
    validator = jsonschema.Draft202012Validator(JSON_FEED_SCHEMA)
    assert validator.is_valid(good)
    for broken in (
        {**good, "version": "https://jsonfeed.org/version/1"},
        {**good, "items": [{"id": "1"}]},  # no content
        {**good, "items": [{"id": "1", "content_text": "x", "date_published": "4 May 2026"}]},
        {**good, "author": {"name": "A"}},  # 1.0's field
        {**good, "items": [{"id": "1", "content_text": "x", "tag": ["misspelt"]}]},
    ):
        assert not validator.is_valid(broken), broken


def test_drafts_are_in_no_feed(site):
    for feed in site.rglob("feed.*"):
        assert DRAFT_SLUG not in feed.read_text("utf-8") and "Tailspin" not in feed.read_text("utf-8"), feed


ALTERNATE = re.compile(r'<link rel="alternate feed" type="([^"]+)" title="([^"]+)" href="([^"]+)">')


def advertised(site: Path, page: str, site_url: str) -> list[tuple[str, str, str]]:
    """(type, title, absolute href) of each feed a page advertises; the hrefs are relative to the page."""
    html = (site / page).read_text("utf-8")
    page_url = site_url + page.removesuffix("index.html")
    return [(kind, title, urljoin(page_url, href)) for kind, title, href in ALTERNATE.findall(html)]


def test_every_page_advertises_the_feeds(site, site_url):
    for html_file in site.rglob("index.html"):
        page = html_file.relative_to(site).as_posix()
        found = {(kind, href) for kind, _, href in advertised(site, page, site_url)}
        assert {
            ("application/atom+xml", f"{site_url}feed.xml"),
            ("application/feed+json", f"{site_url}feed.json"),
        } <= found, page
    partner = advertised(site, "partners/contoso/index.html", site_url)
    assert (
        "application/atom+xml",
        "Partnership Watch: Contoso (Atom)",
        f"{site_url}partners/contoso/feed.xml",
    ) in partner
    topic = {href for _, _, href in advertised(site, "topics/ai-safety/index.html", site_url)}
    assert f"{site_url}topics/ai-safety/feed.json" in topic


def test_advertised_feeds_exist_and_are_on_the_same_site(site, site_url):
    for html_file in site.rglob("index.html"):
        page = html_file.relative_to(site).as_posix()
        for _, _, href in ALTERNATE.findall(html_file.read_text("utf-8")):
            assert not urlsplit(href).scheme and not href.startswith("/"), href  # see feeds.Alternate
        for _, _, href in advertised(site, page, site_url):
            assert (site / href.removeprefix(site_url)).is_file(), (page, href)


def test_feed_bytes_are_deterministic(content):
    site = Edition("web", "Partnership Watch", "https://example.org/pw/", "A publication.")
    first = feeds.feed_files(content, content.published, site)
    second = feeds.feed_files(content, content.published, site)
    assert first == second and "feed.xml" in first


def test_text_from_content_stays_text_in_feeds(content):
    """Markup, entities and characters that XML can't carry, in every field a feed writes."""
    from dataclasses import replace

    hostile = "</title><script>alert(1)</script> &amp; *really* \x01 ]]>"
    base = content.published[0]
    assert base.corrections
    corrections = tuple(replace(correction, text=hostile) for correction in base.corrections)
    analysis = replace(base, title=hostile, summary=hostile, authors=(hostile,), corrections=corrections)
    site = Edition("web", "Partnership Watch", "https://example.org/", "A <publication> & more.")
    feed = feeds.Feed("feed", "Partnership Watch", "index.md", (analysis,))
    root = ET.fromstring(feeds.atom(feed, content, site))  # well-formed despite the control character
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == text.to_plain(hostile).replace("\x01", "")
    assert "<script>" not in entry.find(f"{ATOM}summary").text  # HTML escaped, so shown as text
    assert root.find(f"{ATOM}subtitle").text == "A <publication> & more."
    document = json.loads(feeds.json_feed(feed, content, site))
    assert document["items"][0]["title"] == text.to_plain(hostile)
    assert "<script>" not in document["items"][0]["content_html"]


def test_an_empty_feed_has_a_fixed_date(content):
    site = Edition("web", "Partnership Watch", "https://example.org/", "")
    parsed = feedparser.parse(feeds.atom(feeds.Feed("feed", "Partnership Watch", "index.md", ()), content, site))
    assert not parsed.bozo and parsed.entries == [] and parsed.feed.updated == "1970-01-01T00:00:00Z"


def test_a_feed_holds_the_newest_fifty(content):
    import datetime as dt
    from dataclasses import replace

    base = content.published[0]
    many = tuple(
        replace(base, slug=f"copy-{i:03d}", published=dt.date(2026, 1, 1) + dt.timedelta(days=100 - i), updated=None)
        for i in range(60)
    )  # newest first, as Content keeps them
    site = Edition("web", "Partnership Watch", "https://example.org/", "")
    built = {feed.path: feed for feed in feeds.feeds(content, many, site)}
    for path in ("feed", "partners/contoso/feed", f"topics/{base.topics[0]}/feed"):
        assert [a.slug for a in built[path].analyses] == [f"copy-{i:03d}" for i in range(50)], path
    parsed = feedparser.parse(feeds.atom(built["feed"], content, site))
    assert len(parsed.entries) == 50 and parsed.feed.updated == "2026-04-11T00:00:00Z"


def test_the_web_edition_shows_its_own_passages_of_the_hand_written_pages_and_no_offline_shim(site: Path) -> None:
    for page in WEB_ONLY_PAGES:  # the feeds are documented in passages for the web edition only
        html = (site / page / "index.html").read_text("utf-8")
        web_only, both = edition_words(page)
        assert web_only | both <= article_words(html), page
        assert "web edition only" not in html, page
    assert not (site / "assets" / "vendor" / "iframe-worker").exists()


def test_home_partner_and_topic_pages_offer_their_own_feeds_to_subscribe_to(site, offline_zip):
    """Visible links, not only the head's: the home page the publication's feeds, a partner or topic page its own."""
    import re
    import zipfile

    for page, feed in (
        ("", "feed"),
        ("partners/contoso/", "partners/contoso/feed"),
        ("topics/ai-safety/", "topics/ai-safety/feed"),
    ):
        html = (site / page / "index.html").read_text("utf-8")
        found = re.search(r'<p class="pw-subscribe">(.*?)</p>', html, re.DOTALL)
        assert found, page
        hrefs = re.findall(r'href="([^"]+)"', found.group(1))
        assert [(site / page / href).resolve() for href in hrefs] == [
            (site / f"{feed}.{extension}").resolve() for extension in ("xml", "json")
        ], page
        assert all((site / page / href).is_file() for href in hrefs)
    with zipfile.ZipFile(offline_zip) as archive:
        assert not any(b"pw-subscribe" in archive.read(name) for name in archive.namelist() if name.endswith(".html"))
