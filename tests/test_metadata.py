"""Sharing and search metadata in the fixture build: description, canonical URL, OpenGraph, Twitter card,
the JSON-LD of every analysis page, the reading time and the "Suggest a correction" link."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import jsonld, reading, text
from generator.paths import Edition

SITE_URL = "https://partnership-watch.github.io/partnership-watch/"
REPOSITORY = "https://github.com/partnership-watch/partnership-watch/edit/main/"


class Head(HTMLParser):
    """The metadata of a page: meta tags by name or property, links by rel, JSON-LD scripts, and links by text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.jsonld: list[str] = []
        self.anchors: list[tuple[str, str]] = []
        self._script = self._anchor = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            key = attrs.get("name") or attrs.get("property")
            self.meta.setdefault(key, []).append(attrs["content"])
        elif tag == "link":
            self.links.setdefault(attrs.get("rel"), []).append(attrs.get("href"))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []
        elif tag == "a" and "href" in attrs:
            self._anchor = (attrs["href"], [])

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.jsonld.append("".join(self._script))
            self._script = None
        elif tag == "a" and self._anchor:
            self.anchors.append((self._anchor[0], "".join(self._anchor[1]).strip()))
            self._anchor = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        if self._anchor:
            self._anchor[1].append(data)


def head(site: Path, path: str) -> Head:
    parsed = Head()
    parsed.feed((site / path).read_text("utf-8"))
    return parsed


def url_of(path: str) -> str:
    return SITE_URL + path.removesuffix("index.html")


@pytest.fixture(scope="module")
def pages(site) -> list[str]:
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert "analyses/contoso-fabrikam-chip-supply/index.html" in found and "open-data/index.html" in found
    return found


def test_every_page_has_its_sharing_metadata(site, pages):
    for path in pages:
        parsed = head(site, path)
        for key in (
            "description",
            "og:title",
            "og:description",
            "og:url",
            "og:type",
            "og:site_name",
            "twitter:card",
            "twitter:title",
            "twitter:description",
        ):
            assert len(parsed.meta.get(key, [])) == 1 and parsed.meta[key][0].strip(), (path, key)
        assert parsed.links["canonical"] == [url_of(path)], path
        assert parsed.meta["og:url"] == [url_of(path)], path
        assert parsed.meta["og:description"] == parsed.meta["description"] == parsed.meta["twitter:description"]
        assert parsed.meta["og:site_name"] == ["Partnership Watch"]
        assert parsed.meta["twitter:card"] == ["summary"]
        assert parsed.meta["og:type"] == [
            "article" if path.startswith("analyses/") and path != "analyses/index.html" else "website"
        ], path


def test_descriptions_say_what_the_page_is(site, content, pages):
    for analysis in content.published:
        parsed = head(site, f"analyses/{analysis.slug}/index.html")
        assert parsed.meta["description"] == [text.to_plain(analysis.summary)]
        assert parsed.meta["og:title"] == [text.to_plain(analysis.title)]
        assert parsed.meta["article:published_time"] == [analysis.published.isoformat()]
        assert parsed.meta["article:modified_time"] == [analysis.last_modified.isoformat()]
    contoso = head(site, "partners/contoso/index.html")
    assert contoso.meta["description"] == [text.to_plain(content.entities["contoso"].description)]
    descriptions = {path: head(site, path).meta["description"][0] for path in pages}
    generic = [path for path, value in descriptions.items() if value == descriptions["about/index.html"]]
    assert len(generic) < len(pages) / 2, generic  # most pages say something of their own


def test_every_analysis_page_carries_its_json_ld(site, content):
    for analysis in content.published:
        scripts = head(site, f"analyses/{analysis.slug}/index.html").jsonld
        assert len(scripts) == 1, analysis.slug
        data = json.loads(scripts[0])
        url = f"{SITE_URL}analyses/{analysis.slug}/"
        assert data["@context"] == "https://schema.org" and data["@type"] == "AnalysisNewsArticle"
        assert data["url"] == data["mainEntityOfPage"] == url
        assert data["headline"] == text.to_plain(analysis.title)
        assert data["description"] == text.to_plain(analysis.summary)
        assert data["datePublished"] == analysis.published.isoformat()
        assert data["dateModified"] == analysis.last_modified.isoformat()
        expected_authors = [{"@type": "Person", "name": a} for a in analysis.authors] or [
            {"@type": "Organization", "name": "Partnership Watch", "url": SITE_URL}
        ]
        assert data["author"] == expected_authors
        assert [o["name"] for o in data["about"]] == [content.entities[k].name for k in analysis.partners]
        assert all(o["@type"] in jsonld.ORGANIZATION_TYPES.values() for o in data["about"])
        assert [c["publisher"]["name"] for c in data["citation"]] == [s.publisher for s in analysis.sources]
        assert [c.get("url") for c in data["citation"]] == [s.url for s in analysis.sources]
        corrections = [
            {"@type": "CorrectionComment", "text": text.to_plain(c.text), "datePublished": c.date.isoformat()}
            for c in analysis.corrections_oldest_first
        ]
        assert data.get("correction", []) == corrections
        assert data["isPartOf"] == {"@type": "Periodical", "name": "Partnership Watch", "url": SITE_URL}
        assert data["timeRequired"] == f"PT{reading.reading_minutes(analysis)}M"


def test_the_json_ld_carries_the_corrections_oldest_first(site):
    data = json.loads(head(site, "analyses/contoso-fabrikam-chip-supply/index.html").jsonld[0])
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version said the agreement runs for three years; it runs for five.",
            "datePublished": "2026-05-12",
        },
        {
            "@type": "CorrectionComment",
            "text": "An earlier version gave Fabrikam's plant as already producing; it is still being built.",
            "datePublished": "2026-06-01",
        },
    ]
    never_corrected = json.loads(head(site, "analyses/northwind-contoso-safety-lab/index.html").jsonld[0])
    assert "correction" not in never_corrected


def test_an_organization_is_the_same_as_its_website_and_its_wikidata_item(site, content):
    data = json.loads(head(site, "analyses/contoso-fabrikam-chip-supply/index.html").jsonld[0])
    about = {organization["name"]: organization for organization in data["about"]}
    assert about["Contoso"]["sameAs"] == ["https://contoso.example/", "https://www.wikidata.org/wiki/Q4115189"]
    assert "sameAs" not in about["Fabrikam"]  # neither a website nor a Wikidata id
    only_wikidata = replace(
        content, entities={**content.entities, "contoso": replace(content.entities["contoso"], website=None)}
    )
    analysis = next(a for a in content.published if a.slug == "contoso-fabrikam-chip-supply")
    data = jsonld.analysis_data(analysis, only_wikidata, Edition("web", "Partnership Watch", SITE_URL, ""))
    assert data["about"][0]["sameAs"] == "https://www.wikidata.org/wiki/Q4115189"


def test_other_pages_carry_no_article_json_ld(site, pages):
    for path in pages:
        if not (path.startswith("analyses/") and path != "analyses/index.html"):
            parsed = head(site, path)
            assert parsed.jsonld == [] and "article:published_time" not in parsed.meta, path


def test_json_ld_cannot_leave_its_script_element(content):
    hostile = '</script><script>alert(1)</script> <!-- & "quoted"'
    base = content.published[0]
    corrections = tuple(replace(correction, text=hostile) for correction in base.corrections)
    assert corrections
    analysis = replace(base, title=hostile, summary=hostile, authors=(hostile,), corrections=corrections)
    written = jsonld.analysis_jsonld(analysis, content, Edition("web", "Partnership Watch", SITE_URL, ""))
    assert not set("<>&") & set(written)
    assert json.loads(written)["headline"] == text.to_plain(hostile)


def test_reading_time_is_words_over_220_rounded_up(site, content):
    analysis = content.published[0]
    words = reading.word_count(analysis)
    assert words > 0
    assert reading.reading_minutes(analysis) == -(-words // 220)
    one_word = replace(
        analysis,
        title="x",
        summary="x",
        context=(),
        expert_views=(),
        implications=(),
        outlook=replace(analysis.outlook, summary="x", watch=()),
        sources=(),
        corrections=(),
    )
    assert reading.reading_minutes(one_word) == 1
    for count, minutes in ((220, 1), (221, 2), (440, 2), (441, 3)):
        assert reading.reading_minutes(replace(one_word, title=" ".join(["w"] * (count - 2)))) == minutes
    for published in content.published:
        html = (site / f"analyses/{published.slug}/index.html").read_text("utf-8")
        assert f"{reading.reading_minutes(published)} min read" in html


def test_reading_time_counts_what_readers_see(content):
    analysis = content.published[0]
    marked = replace(analysis, title="**Bold** [linked words](https://example.org) `code`")
    plain = replace(analysis, title="Bold linked words code")
    assert reading.word_count(marked) == reading.word_count(plain)


def test_every_page_made_from_one_file_offers_to_suggest_a_correction_to_it(site, content, pages):
    """The link opens the file's edit page; listings, made from a whole folder, have none."""
    for path in pages:
        links = [href for href, label in head(site, path).anchors if label == "Suggest a correction"]
        if path.startswith("analyses/") and path != "analyses/index.html":
            slug = path.split("/")[1]
            assert links == [f"{REPOSITORY}content/analyses/{slug}.yaml"], path
        elif path in ("about/index.html", "open-data/index.html"):
            assert links == [f"{REPOSITORY}content/pages/{path.removesuffix('/index.html')}.md"], path
        elif path.startswith("partners/"):
            assert links == [f"{REPOSITORY}content/entities.yaml"], path
        elif path.startswith(("topics/", "stakeholders/")):
            assert links == [f"{REPOSITORY}content/taxonomy.yaml"], path
        else:  # the home page and the lists of analyses
            assert links == [], path


def test_no_page_carries_developer_chrome_and_about_says_how_the_site_is_made(site, pages):
    """No repository widget in the header and no generator credit in the footer, on any page: readers reach the
    repository through "Suggest a correction" and the About page, which also names what builds the site."""
    repository = REPOSITORY.removesuffix("/edit/main/")
    for path in pages:
        html = (site / path).read_text("utf-8")
        assert 'class="md-source' not in html, f"{path}: the header shows the repository"
        assert "Made with" not in html, f"{path}: the footer credits the generator"
        to_repository = {label for href, label in head(site, path).anchors if href.startswith(repository)}
        if path == "about/index.html":
            assert to_repository == {"repository", "Suggest a correction"}, path
        else:
            assert to_repository <= {"Suggest a correction"}, path
    assert {"MkDocs", "Material for MkDocs"} <= {label for _, label in head(site, "about/index.html").anchors}
