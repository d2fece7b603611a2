"""Hostile text in every field: the real site build must show it as text and add nothing.

The payloads are in tests/hostile/payloads.yaml. The same project is built a
second time with plain words in place of each payload; every page of the two
builds must have the same elements with the same attributes (counted, not in
order: listings sort by label, and the labels differ), apart from the inline
Markdown (emphasis, code, links) that some payloads legitimately use.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile_project import PAYLOADS, make_hostile_project
from search_indexes import pagefind_pages

from generator.validate import load_content

INLINE = {"em", "strong", "code"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
"""Elements without an end tag."""
CONTENT_LINK = "https://ok.example/"


class Structure(HTMLParser):
    """The elements of a page, with attribute names, and what scripts and URLs it holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs_dict = dict(attrs)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag == "script":
            self._script = attrs_dict
            self.scripts.append((attrs_dict, ""))
        inline_link = tag == "a" and (attrs_dict.get("href") or "").startswith(CONTENT_LINK)
        if tag not in INLINE and not inline_link:
            self.elements.append((tag, tuple(sorted(name for name, _ in attrs))))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def structure(path: Path) -> Structure:
    parsed = Structure()
    parsed.feed(path.read_text("utf-8"))
    parsed.close()
    return parsed


@pytest.fixture(scope="module")
def builds(hostile_builds) -> tuple[Path, Path]:
    return hostile_builds


def test_every_payload_is_valid_content(tmp_path):
    project = make_hostile_project(tmp_path / "project")
    _, problems = load_content(project)
    assert [p.plain() for p in problems] == []


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_pages_have_the_elements_of_the_benign_twin(builds):
    hostile, benign = builds
    assert html_pages(hostile) == html_pages(benign)
    for page in html_pages(hostile):
        assert Counter(structure(hostile / page).elements) == Counter(structure(benign / page).elements), page


def test_no_event_handler_script_url_or_refresh_anywhere(builds):
    hostile, _ = builds
    for page in html_pages(hostile):
        parsed = structure(hostile / page)
        for tag, name, value in parsed.attributes:
            assert not name.startswith("on"), (page, tag, name)
            if name in ("href", "src", "action", "formaction", "data", "srcdoc"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (page, tag, value)
                assert "evil.example" not in value, (page, tag, value)
            assert not (tag == "meta" and name == "http-equiv"), page
            assert tag != "base", page


class Ids(HTMLParser):
    """Every id attribute of a page, counted."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value or "" for name, value in attrs if name == "id")


def ids_of(path: Path) -> Counter[str]:
    parsed = Ids()
    parsed.feed(path.read_text("utf-8"))
    parsed.close()
    return parsed.ids


def test_no_page_repeats_an_id_and_the_themes_ids_are_each_there_once(builds):
    # Material's ids start with "__"; titles, names and labels that are those ids must not take them.
    hostile, benign = builds
    themes: set[str] = set()
    for page in html_pages(hostile):
        found = ids_of(hostile / page)
        assert [id for id, count in found.items() if count > 1] == [], page
        theme = {id for id in ids_of(benign / page) if id.startswith("__")}
        assert "__config" in theme, page
        assert {id for id in found if id.startswith("__")} == theme, page
        themes |= theme
    assert {"__config", "__search", "__drawer", "__toc"} <= themes
    assert themes <= set(PAYLOADS), "tests/hostile/payloads.yaml should hold every id the theme uses"


def test_scripts_carry_no_payload(builds):
    hostile, _ = builds
    for page in html_pages(hostile):
        for attrs, body in structure(hostile / page).scripts:
            if attrs.get("type") == "application/ld+json":
                json.loads(body)  # data, and still well-formed: nothing broke out of it
            else:
                assert "__pwned" not in body, page


def test_payload_text_reaches_the_reader_as_written(builds):
    hostile, _ = builds

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.in_article, self.chunks, self.depth = False, [], 0

        def handle_starttag(self, tag, attrs):
            if tag == "article":
                self.in_article = True

        def handle_endtag(self, tag):
            if tag == "article":
                self.in_article = False

        def handle_data(self, data):
            if self.in_article:
                self.chunks.append(data)

    for index, payload in enumerate(PAYLOADS):
        if any(marker in payload for marker in ("*", "`", "[")):
            continue  # inline Markdown renders; tests/test_text.py covers those
        parser = Text()
        parser.feed((hostile / f"analyses/hostile-{index}/index.html").read_text("utf-8"))
        visible = " ".join("".join(parser.chunks).split())
        assert visible.count(" ".join(payload.split())) >= 7, payload


class Blocks(HTMLParser):
    """The headings, paragraphs and list items of a page's article, in order: (tag, id, class, text), the text's
    whitespace collapsed and a heading's permalink left out."""

    BLOCKS = ("h1", "h2", "h3", "p", "li")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, str, str]] = []
        self._in_article = False
        self._open: list[tuple[str, str, str, list[str]]] = []
        self._in_permalink = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self._in_article = self._in_article or tag == "article"
        if self._in_article and tag in self.BLOCKS:
            self._open.append((tag, attributes.get("id") or "", attributes.get("class") or "", []))
        self._in_permalink = tag == "a" and attributes.get("class") == "headerlink"

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article = False
        if tag == "a":
            self._in_permalink = False
        if self._open and self._open[-1][0] == tag:
            name, id, cls, chunks = self._open.pop()
            self.blocks.append((name, id, cls, " ".join("".join(chunks).split())))

    def handle_data(self, data):
        if not self._in_permalink:
            for *_, chunks in self._open:
                chunks.append(data)


def entry(page: Path, slug: str) -> list[tuple[str, str, str]]:
    """The heading of the entry for `slug` on a listing page and what follows it up to the next heading or the
    end of the page's text (the theme's "Suggest a correction"): (tag, class, text) each, in order."""
    parsed = Blocks()
    parsed.feed(page.read_text("utf-8"))
    parsed.close()
    start = next(i for i, (_, id, _, _) in enumerate(parsed.blocks) if id == slug)
    found = [parsed.blocks[start]]
    for block in parsed.blocks[start + 1 :]:
        if block[0].startswith("h") or block[2] == "pw-suggest":
            break
        found.append(block)
    return [(tag, cls, text) for tag, _, cls, text in found]


def test_listing_entries_show_the_payload_as_text(builds):
    """A partner's, a topic's and a stakeholder's listing: each entry's title, meta line, summary (or the
    stakeholder's points) and stances are the text the author wrote, in the elements of an entry and no others."""
    hostile, _ = builds
    for index, payload in enumerate(PAYLOADS):
        if any(marker in payload for marker in ("*", "`", "[")):
            continue  # inline Markdown renders; tests/test_text.py covers those
        shown = " ".join(payload.split())
        published = f"{index % 28 + 1} January 2026"
        heading, meta, stances = (f"{shown}", f"{published} · {shown} and Base Corp", "Expert views: 1 critical")
        for page in (f"partners/e{index}", f"topics/t{index}"):
            assert entry(hostile / page / "index.html", f"hostile-{index}") == [
                ("h3", "", heading),
                ("p", "pw-meta", meta),
                ("p", "", shown),
                ("p", "pw-stances", stances),
            ], (page, payload)
        assert entry(hostile / f"stakeholders/s{index}/index.html", f"hostile-{index}") == [
            ("h2", "", heading),
            ("p", "pw-meta", meta),
            ("li", "", shown),
            ("p", "pw-stances", stances),
        ], payload


class Texts(HTMLParser):
    """The text of each element with an id, and of each list item, whitespace collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, list[str]]] = []
        self.by_id: dict[str, str] = {}
        self.items: list[str] = []
        self._ids: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.open.append((tag, []))
        self._ids.append(dict(attrs).get("id"))

    def handle_endtag(self, tag):
        while self.open:
            name, chunks = self.open.pop()
            element_id = self._ids.pop()
            text = " ".join("".join(chunks).split())
            if self.open:
                self.open[-1][1].append("".join(chunks))
            if element_id:
                self.by_id[element_id] = text
            if name == "li":
                self.items.append(text)
            if name == tag:
                return

    def handle_data(self, data):
        if self.open:
            self.open[-1][1].append(data)


def test_cited_paragraphs_outcomes_and_corrections_show_the_payload_as_text(builds):
    """Version 2's places: a cited paragraph and view with their references, a source with its links back, an
    outcome with its note and source, a correction."""
    hostile, _ = builds
    for index, payload in enumerate(PAYLOADS):
        if any(marker in payload for marker in ("*", "`", "[")):
            continue  # inline Markdown renders; tests/test_text.py covers those
        parsed = Texts()
        parsed.feed((hostile / f"analyses/hostile-{index}/index.html").read_text("utf-8"))
        shown = " ".join(payload.split())
        assert parsed.by_id["cite-context-2"] == f"{shown}[1]", payload
        assert parsed.by_id["cite-view-1"] == f"{shown}[1]", payload
        assert parsed.by_id["source-1"] == f"{shown}, {shown}, January 2026 · ↩ Context ¶2, ↩ Expert view 1", payload
        assert f"{shown} · Partly · 1 February 2026: {shown} Source: {shown}, {shown}" in parsed.items, payload
        assert parsed.by_id["correction-1"] == f"1 February 2026: {shown}", payload


def test_title_and_description_are_text(builds):
    hostile, _ = builds
    page = (hostile / "analyses/hostile-0/index.html").read_text("utf-8")
    assert "<title>&lt;script&gt;window.__pwned=1&lt;/script&gt; - Partnership Watch</title>" in page
    assert '<meta name="description" content="&lt;script&gt;window.__pwned=1&lt;/script&gt;">' in page


def test_search_index_holds_the_text_readers_read(builds):
    """Pagefind stores each page's text as a reader reads it: markup an author typed is characters there, as on
    the page, where it is escaped (the browser tests check that results show it as text, and nothing runs)."""
    hostile, _ = builds
    pages = pagefind_pages(hostile)
    typed = "<script>window.__pwned=1</script>"
    holding = [url for url, page in pages.items() if typed in page["content"]]
    assert holding
    for url in holding:
        html = (hostile / url.strip("/") / "index.html").read_text("utf-8")
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
        assert "<script>window.__pwned=1</script>" not in html


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:window.__pwned=1)",
        "[x](JaVaScRiPt:window.__pwned=1)",
        "[x](data:text/html,hi)",
        "[x](vbscript:msgbox)",
        "[x](//evil.example/)",
        "[x](/local/path)",
        "[x](file:///etc/passwd)",
    ],
)
def test_link_targets_other_than_http_https_mailto_are_rejected(tmp_path, link):
    project = make_hostile_project(tmp_path / "project", [link])
    _, problems = load_content(project)
    assert problems and all("is not allowed" in p.message for p in problems)
    # every text field: 18 in the analysis, 2 in the entity, 2 in each term
    assert len(problems) == 24, [p.plain() for p in problems]
