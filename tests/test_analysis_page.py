"""What an analysis page does to be held to account: numbered citations that link to their sources and back,
each signal to watch with its state or outcome, and its corrections. Checked in the HTML of both editions (in-page
links only, so they work without JavaScript and from file://) and in the Markdown the generator writes."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from projects import render_pages

from generator import text
from generator.model import Analysis
from generator.paths import edition
from generator.publication import publish
from generator.validate import load_content

SLUG = "contoso-fabrikam-chip-supply"
SOURCE = f"content/analyses/{SLUG}.yaml"
PAGE = f"analyses/{SLUG}.md"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Article(HTMLParser):
    """The ids of a page's article, in order, and each of its links with its text, accessible name, the class of
    the element around it, and the id of the nearest element around it that has one."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[dict[str, str | None]] = []
        self._open: list[tuple[str, str | None, str | None]] = []  # tag, id, class
        self._link: dict[str, str | None] | None = None
        self._in_article = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_article = self._in_article or tag == "article"
        if not self._in_article or tag in VOID:
            return
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "a":
            self._link = {
                "href": attrs.get("href"),
                "label": attrs.get("aria-label"),
                "text": "",
                "around": self._open[-1][2] if self._open else None,
                "owner": next((element_id for _, element_id, _ in reversed(self._open) if element_id), None),
            }
        self._open.append((tag, attrs.get("id"), attrs.get("class")))

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article = False
        while self._in_article and self._open:
            if self._open.pop()[0] == tag:
                break
        if tag == "a" and self._link is not None:
            self.links.append(self._link)
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] = str(self._link["text"]) + data


def article(html: str) -> Article:
    parsed = Article()
    parsed.feed(html)
    return parsed


def expected_citations(analysis: Analysis) -> tuple[dict[str, list[int]], dict[int, list[tuple[str, str]]]]:
    """From the content: the source numbers each citing paragraph or view shows, and the places (id, accessible
    name) each source links back to, in page order."""
    numbers = {source.id: n for n, source in enumerate(analysis.sources, 1) if source.id}
    references: dict[str, list[int]] = {}
    back: dict[int, list[tuple[str, str]]] = {}
    places = [
        *((f"cite-context-{i}", f"Context, paragraph {i}", p.cite) for i, p in enumerate(analysis.context, 1)),
        *((f"cite-view-{i}", f"Expert views, view {i}", v.cite) for i, v in enumerate(analysis.expert_views, 1)),
    ]
    for anchor, name, cite in places:
        if cite:
            references[anchor] = sorted(numbers[source] for source in cite)
            for source in cite:
                back.setdefault(numbers[source], []).append((anchor, name))
    return references, back


def check_citations(html: str, analysis: Analysis) -> None:
    parsed = article(html)
    ids = set(parsed.ids)
    assert len(ids) == len(parsed.ids), "an id appears twice"
    references, back = expected_citations(analysis)
    assert references and back, "the fixture analysis cites its sources"

    shown_references: dict[str, list[int]] = {}
    for link in parsed.links:
        if link["around"] == "pw-refs":
            number = int(str(link["href"]).removeprefix("#source-"))
            assert link["href"] == f"#source-{number}" and link["text"] == f"[{number}]", link
            assert link["label"] == f"Source {number}", link
            assert f"source-{number}" in ids, link
            shown_references.setdefault(str(link["owner"]), []).append(number)
    assert shown_references == references

    sources = [f"source-{n}" for n in range(1, len(analysis.sources) + 1)]
    assert [i for i in parsed.ids if i.startswith("source-")] == sources  # the list, in order, each numbered
    shown_back: dict[int, list[tuple[str, str]]] = {}
    for link in parsed.links:
        if link["around"] == "pw-cited-in":
            anchor = str(link["href"]).removeprefix("#")
            assert anchor in ids, link
            assert str(link["label"]).startswith("Cited in ") and str(link["text"]).startswith("↩ "), link
            number = int(str(link["owner"]).removeprefix("source-"))
            shown_back.setdefault(number, []).append((anchor, str(link["label"]).removeprefix("Cited in ")))
    assert shown_back == back


@pytest.fixture(scope="module")
def analysis(content) -> Analysis:
    return next(a for a in content.published if a.slug == SLUG)


def test_references_and_links_back_in_the_web_edition(site, analysis):
    check_citations((site / f"analyses/{SLUG}/index.html").read_text("utf-8"), analysis)


def test_references_and_links_back_in_the_offline_edition(offline_zip, analysis):
    with zipfile.ZipFile(offline_zip) as bundle:
        html = bundle.read(f"partnership-watch-offline/analyses/{SLUG}.html").decode()
    check_citations(html, analysis)


def test_the_fixture_shows_what_it_cites(site):
    """The same source has the same number wherever it is cited; a source nobody cites has no links back."""
    parsed = article((site / f"analyses/{SLUG}/index.html").read_text("utf-8"))
    refs = [(link["owner"], link["text"]) for link in parsed.links if link["around"] == "pw-refs"]
    assert refs == [
        ("cite-context-1", "[1]"),
        ("cite-context-2", "[1]"),
        ("cite-context-2", "[3]"),
        ("cite-view-1", "[1]"),
    ]
    back = [(link["owner"], link["text"], link["label"]) for link in parsed.links if link["around"] == "pw-cited-in"]
    assert back == [
        ("source-1", "↩ Context ¶1", "Cited in Context, paragraph 1"),
        ("source-1", "↩ Context ¶2", "Cited in Context, paragraph 2"),
        ("source-1", "↩ Expert view 1", "Cited in Expert views, view 1"),
        ("source-3", "↩ Context ¶2", "Cited in Context, paragraph 2"),
    ]


def watch_lines(markdown: str) -> list[str]:
    """The items of What to watch, an HTML block."""
    section = markdown.split("### What to watch {#what-to-watch}\n\n<ul>\n", 1)[1].split("\n</ul>\n\n", 1)[0]
    return section.splitlines()


@pytest.mark.parametrize(
    ("epoch", "state"),
    [
        ("1780185599", '<span class="pw-signal pw-signal--open">Open</span> · due by May 2026'),  # 30 May 2026
        ("1780271999", '<span class="pw-signal pw-signal--open">Open</span> · due by May 2026'),  # 31 May, 23:59
        ("1780272000", '<span class="pw-signal pw-signal--overdue">Overdue</span> · was due by May 2026'),  # 1 June
    ],
)
def test_a_signal_shows_its_state_as_of_the_build(project, monkeypatch, epoch, state):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    pages, problems = render_pages(project)
    assert problems == []
    assert watch_lines(pages[PAGE]) == [
        "<li>Whether other cloud providers sign similar commitments. · "
        '<span class="pw-signal pw-signal--open">Open</span></li>',
        "<li>Fabrikam&#x27;s yield figures for the first production runs. · "
        '<span class="pw-signal pw-signal--open">Open</span></li>',
        "<li>Whether Fabrikam&#x27;s plant reaches full output. · "
        '<span class="pw-signal pw-signal--open">Open</span> · due by 2028</li>',
        f"<li>Whether Contoso names the accelerator it will buy. · {state}</li>",
        "<li>Whether Fabrikam confirms the plant&#x27;s construction schedule. · "
        '<span class="pw-signal pw-signal--happened">Happened</span> · <time datetime="2026-05-20">20 May 2026</time>: '
        "Fabrikam&#x27;s quarterly report kept the plant on schedule for <em>2027</em>. "
        'Source: Fabrikam, <a href="https://fabrikam.example/investors/q2"><cite>Second-quarter report</cite></a>, '
        "20 May 2026</li>",
    ]


@pytest.mark.parametrize(
    ("status", "label"), [("happened", "Happened"), ("partly", "Partly"), ("did-not-happen", "Did not happen")]
)
def test_an_outcome_shows_its_status_and_a_source_without_a_url_unlinked(project, status, label):
    path = project / SOURCE
    yaml = path.read_text("utf-8")
    yaml = yaml.replace("status: happened", f"status: {status}").replace(
        "          url: https://fabrikam.example/investors/q2\n", ""
    )
    path.write_text(yaml, "utf-8")
    pages, problems = render_pages(project)
    assert problems == []
    assert watch_lines(pages[PAGE])[-1].endswith(
        f'<span class="pw-signal pw-signal--{status}">{label}</span> · <time datetime="2026-05-20">20 May 2026</time>: '
        "Fabrikam&#x27;s quarterly report kept the plant on schedule for <em>2027</em>. "
        "Source: Fabrikam, <cite>Second-quarter report</cite>, 20 May 2026</li>"
    )


def test_the_offline_edition_is_as_of_its_edition_date_so_that_its_bytes_stay_the_same(project, monkeypatch):
    """The web edition is as of the build (here 1 January 2027); the offline one as of its newest update
    (1 June 2026), the date its build sees as SOURCE_DATE_EPOCH, on whatever day it is made."""
    path = project / SOURCE
    path.write_text(
        path.read_text("utf-8").replace(
            "  watch:\n", "  watch:\n    - signal: Whether Fabrikam ships by November.\n      by: 2026-11\n"
        ),
        "utf-8",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 1 January 2027
    states = {}
    for kind in ("web", "offline"):
        published, problems = publish(project, edition(project, kind))
        assert problems == [] and published is not None
        states[kind] = watch_lines(published.files[PAGE].decode())[0]
    assert states["web"].endswith("Overdue</span> · was due by November 2026</li>")
    assert states["offline"].endswith("Open</span> · due by November 2026</li>")


def test_corrections_follow_sources_oldest_first_and_the_dates_line_says_so(site):
    html = (site / f"analyses/{SLUG}/index.html").read_text("utf-8")
    parsed = article(html)
    assert parsed.ids.index("sources") < parsed.ids.index("corrections") < parsed.ids.index("related")
    assert [i for i in parsed.ids if i.startswith("correction-")] == ["correction-1", "correction-2"]
    assert (
        '<p class="pw-corrected">Corrected 2 times, most recently on <time datetime="2026-06-01">1 June 2026</time>'
        ' · <a href="#corrections">Read the corrections</a></p>'
    ) in html
    assert html.index('class="pw-meta"') < html.index('class="pw-corrected"') < html.index("Partners:")
    assert (
        '<li id="correction-1"><time datetime="2026-05-12">12 May 2026</time>: '
        "An earlier version said the agreement runs for three years; it runs for five.</li>"
    ) in html
    never_corrected = (site / "analyses/northwind-contoso-safety-lab/index.html").read_text("utf-8")
    assert "pw-corrected" not in never_corrected and 'id="corrections"' not in never_corrected


def test_one_correction_and_corrections_listed_out_of_order(project):
    path = project / SOURCE
    corrections, _, _ = path.read_text("utf-8").partition("corrections:\n")
    path.write_text(
        corrections
        + "corrections:\n"
        + "  - date: 2026-06-01\n    text: The second.\n"
        + "  - date: 2026-05-12\n    text: The first.\n",
        "utf-8",
    )
    pages, _ = render_pages(project)
    assert (
        pages[PAGE]
        .split("## Corrections {#corrections}\n\n")[1]
        .startswith(
            "<ul>\n"
            '<li id="correction-1"><time datetime="2026-05-12">12 May 2026</time>: The first.</li>\n'
            '<li id="correction-2"><time datetime="2026-06-01">1 June 2026</time>: The second.</li>\n'
            "</ul>\n"
        )
    )
    path.write_text(corrections + "corrections:\n  - date: 2026-05-12\n    text: The only one.\n", "utf-8")
    pages, _ = render_pages(project)
    assert (
        '<p class="pw-corrected">Corrected on <time datetime="2026-05-12">12 May 2026</time> · '
        '<a href="#corrections">Read the correction</a></p>\n'
    ) in pages[PAGE]


def test_nothing_in_a_citation_comes_from_content(project: Path):
    """Source ids are the author's: they name sources in YAML, but the page numbers them."""
    path = project / SOURCE
    path.write_text(path.read_text("utf-8").replace("contoso-release", "evil-onmouseover-x"), "utf-8")
    pages, problems = render_pages(project)
    assert problems == []
    assert "evil" not in pages[PAGE]


HTML_BLOCK = re.compile(r"<(p|ul|ol)(?: [^>\n]*)?>.*</\1>", re.DOTALL)
"""An HTML block as Python-Markdown passes it through: a block-level element from the start of its first line to
the end of its last (the page puts a blank line before and after each)."""
MARKDOWN_BLOCKS = ("#", "**Partners:** ", "**Topics:** ", "- [", "No related analyses yet.", "← Previous: ", "Next: ")
"""What stays Markdown: headings, which the engine makes its table of contents, permalinks and search sections
from, and the paragraphs with links to other pages of the publication, which it resolves."""


def test_an_analysis_body_reaches_python_markdown_as_html_blocks(project):
    """Python-Markdown converts what only it can do and passes the rest through: the cost of the build."""
    pages, problems = render_pages(project, include_drafts=True)
    assert problems == []
    content, _ = load_content(project)
    assert len(content.analyses) == 4
    for analysis in content.analyses:
        body = pages[f"analyses/{analysis.slug}.md"].split("\n---\n", 1)[1]
        blocks = [block.strip("\n") for block in body.split("\n\n") if block.strip()]
        html = [block for block in blocks if HTML_BLOCK.fullmatch(block)]
        markdown = [block for block in blocks if block not in html]
        assert all(block.startswith(MARKDOWN_BLOCKS) for block in markdown), markdown
        texts = [
            analysis.summary,
            analysis.outlook.summary,
            *(point for i in analysis.implications for point in i.points),
        ]
        texts += [paragraph.text for paragraph in analysis.context] + [
            signal.signal for signal in analysis.outlook.watch
        ]
        texts += [view.view for view in analysis.expert_views] + [c.text for c in analysis.corrections]
        assert all(any(text.to_html(value) in block for block in html) for value in texts), analysis.slug
