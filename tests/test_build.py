"""The real `mkdocs build --strict` on the fixture project, checked in the HTML it writes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from projects import make_project, run_generator
from search_indexes import pagefind_pages

from generator import text
from generator.validate import load_content

ANALYSIS = "analyses/contoso-fabrikam-chip-supply/index.html"
LITERAL = "analyses/northwind-contoso-safety-lab/index.html"
DRAFT_SLUG = "tailspin-fabrikam-stake"


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.title, self._in_title, self.h1 = set(), [], "", False, []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        self._in_title = tag == "title"
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_h1:
            self.h1.append(data)


def page(site: Path, path: str) -> Page:
    parsed = Page()
    parsed.feed((site / path).read_text("utf-8"))
    return parsed


def test_every_public_url_exists(site):
    for path in [
        "index.html",
        ANALYSIS,
        LITERAL,
        "analyses/index.html",
        "archive/index.html",
        "partners/index.html",
        "partners/contoso/index.html",
        "partners/fabrikam/index.html",
        "partners/northwind/index.html",
        "topics/index.html",
        "topics/semiconductors/index.html",
        "stakeholders/index.html",
        "stakeholders/investors/index.html",
        "about/index.html",
    ]:
        assert (site / path).is_file(), path


def test_only_entities_and_terms_in_use_get_pages(site):
    assert not (site / "partners/unused-corp").exists()
    assert not (site / "partners/tailspin").exists()  # only in a draft


def test_analysis_page_title_and_sections_in_order(site):
    html = (site / ANALYSIS).read_text("utf-8")
    parsed = page(site, ANALYSIS)
    assert parsed.title == "Contoso and Fabrikam tie cloud capacity to a chip supply deal - Partnership Watch"
    anchors = ["context", "expert-views", "implications", "outlook", "sources", "related"]
    assert set(anchors) <= parsed.ids
    positions = [html.index(f'id="{anchor}"') for anchor in anchors]
    assert positions == sorted(positions)
    body = html[html.index("<body") :]  # the head's metadata repeats some of these words
    order = [
        body.index(marker)
        for marker in (
            "<h1",
            "pw-lede",
            "Published",
            "By Ada Example and Grace Sample",
            "Partners:",
            "Topics:",
            'id="context"',
        )
    ]
    assert order == sorted(order)
    assert 'Updated <time datetime="2026-06-01">1 June 2026</time>' in html
    assert {"implications-investors", "implications-businesses", "what-to-watch"} <= parsed.ids


def resolve(site: Path, from_path: str, href: str) -> Path | None:
    if urlsplit(href).scheme or href.startswith("#"):
        return None
    target = urljoin("/" + from_path, href.split("#")[0])
    target = target.lstrip("/")
    return site / (target + "index.html" if target.endswith("/") or target == "" else target)


def test_internal_links_resolve_and_anchors_exist(site):
    for html_file in site.rglob("*.html"):
        path = html_file.relative_to(site).as_posix()
        if path == "404.html":
            continue  # served at any address, so its links are absolute from site_url
        for href in page(site, path).links:
            target = resolve(site, path, href)
            if target is None:
                continue
            assert target.is_file(), f"{path} links to missing {href}"
            fragment = urlsplit(href).fragment
            if fragment:
                assert fragment in page(site, target.relative_to(site).as_posix()).ids, f"{path}: {href}"


def links_of(site: Path, path: str) -> set[str]:
    out = set()
    for href in page(site, path).links:
        target = resolve(site, path, href)
        if target is not None:
            out.add(target.relative_to(site).as_posix())
    return out


def test_analysis_links_to_its_partners_topics_stakeholders_and_back(site):
    links = links_of(site, ANALYSIS)
    assert {
        "partners/contoso/index.html",
        "partners/fabrikam/index.html",
        "topics/semiconductors/index.html",
        "topics/cloud-infrastructure/index.html",
        "stakeholders/investors/index.html",
        "stakeholders/businesses/index.html",
        LITERAL,
    } <= links
    for back in (
        "partners/contoso/index.html",
        "topics/semiconductors/index.html",
        "stakeholders/investors/index.html",
        "archive/index.html",
        "index.html",
        "analyses/index.html",
    ):
        assert ANALYSIS in links_of(site, back), back


class Sections(HTMLParser):
    """The text of a page after each link to an analysis, by analysis, in the order the links come."""

    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.order: list[str] = []
        self.text: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag != "a" or not href or urlsplit(href).scheme or href.startswith("#"):
            return
        target = urljoin("/" + self.page_path, href).strip("/").split("/")
        if len(target) == 2 and target[0] == "analyses" and target[1] not in self.text:
            self.order.append(target[1])
            self.text[target[1]] = ""

    def handle_data(self, data: str) -> None:
        if self.order:
            self.text[self.order[-1]] += data


def test_a_partner_page_links_to_its_website_and_its_wikidata_item(site):
    html = (site / "partners/contoso/index.html").read_text("utf-8")
    assert (
        '<a href="https://contoso.example/">Website</a> · <a href="https://www.wikidata.org/wiki/Q4115189">Wikidata</a>'
        in html
    )
    assert "wikidata" not in (site / "partners/fabrikam/index.html").read_text("utf-8")


def test_stakeholder_page_gathers_points_newest_first(tmp_path: Path) -> None:
    # In the fixture each stakeholder has one published analysis: give the investors three.
    project = make_project(tmp_path / "project")
    northwind = project / "content/analyses/northwind-contoso-safety-lab.yaml"
    northwind.write_text(
        northwind.read_text("utf-8").replace(
            "implications:\n",
            "implications:\n  - stakeholder: investors\n    points:\n      - Northwind gains a paying anchor.\n",
        ),
        "utf-8",
    )
    draft = project / "content/analyses/tailspin-fabrikam-stake.yaml"
    draft.write_text(draft.read_text("utf-8").replace("status: draft\n", ""), "utf-8")
    result = run_generator(project, "site")
    assert result.returncode == 0, result.stderr
    content, problems = load_content(project)
    assert problems == [] and content is not None
    concerned = {
        analysis.slug: next(i.points for i in analysis.implications if i.stakeholder == "investors")
        for analysis in content.published
        if any(i.stakeholder == "investors" for i in analysis.implications)
    }
    published = {analysis.slug: analysis.published for analysis in content.published}
    assert len({published[slug] for slug in concerned}) == len(concerned) == 3

    path = "stakeholders/investors/index.html"
    assert content.taxonomy.stakeholders["investors"].label in "".join(page(project / "site", path).h1)
    parsed = Sections(path)
    parsed.feed((project / "site" / path).read_text("utf-8"))
    assert sorted(parsed.order) == sorted(concerned)
    assert [published[slug] for slug in parsed.order] == sorted((published[slug] for slug in concerned), reverse=True)
    for slug in concerned:  # each analysis's points under it, and no other's
        for other, other_points in concerned.items():
            for point in other_points:
                assert (text.to_plain(point) in " ".join(parsed.text[slug].split())) is (other == slug), (slug, point)


def test_archive_is_newest_first(site):
    html = (site / "archive/index.html").read_text("utf-8")
    assert html.index("Contoso and Fabrikam tie") < html.index("Northwind Labs and Contoso open")


def test_drafts_appear_nowhere(site):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
            body = path.read_text("utf-8", errors="replace")
            assert DRAFT_SLUG not in body and "Draftonlyword" not in body, path
    assert not (site / "analyses" / DRAFT_SLUG).exists()


def test_search_index_has_the_analyses(site):
    assert "/analyses/contoso-fabrikam-chip-supply/" in pagefind_pages(site)
    assert not (site / "search").exists()  # Material's search is off on the web: it loaded its whole index


def test_sitemap_and_canonical_use_site_url(site):
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert (
        "<loc>https://partnership-watch.github.io/partnership-watch/analyses/contoso-fabrikam-chip-supply/</loc>"
        in sitemap
    )
    assert (
        '<link rel="canonical" href="https://partnership-watch.github.io/partnership-watch/analyses/'
        'contoso-fabrikam-chip-supply/">'
    ) in (site / ANALYSIS).read_text("utf-8")


def test_literal_text_is_shown_literally(site):
    html = (site / LITERAL).read_text("utf-8")
    assert (
        "<p>Literal text stays literal: &lt;b&gt;not bold&lt;/b&gt;, # not a heading, | not | a table |, "
        "{{ not_a_variable }}, &amp;amp; and !!! note.</p>"
    ) in html


def test_inline_markdown_renders(site):
    html = (site / ANALYSIS).read_text("utf-8")
    assert "for its <em>hosted</em> models" in html
    assert '<a href="https://institute.example/roe">Example Institute</a>' in html
    assert re.search(r'<a href="https://contoso.example/news/capacity"><cite>Contoso announces', html)


def test_navigation_has_the_sections(site):
    html = (site / "index.html").read_text("utf-8")
    nav = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', html)
    assert nav == [
        "Home",
        "Analyses",
        "Partners",
        "Topics",
        "Stakeholders",
        "Archive",
        "What to watch",
        "About",
        "Open data",
    ]


def test_no_external_requests_in_pages(site):
    for html_file in site.rglob("*.html"):
        html = html_file.read_text("utf-8")
        for match in re.finditer(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//([^"/]+)', html):
            tag = match.group(0)
            assert 'rel="canonical"' in tag or 'rel="alternate"' in tag, f"{html_file}: {tag}"


class _TableOfContents(HTMLParser):
    """The fragments a page's table of contents links to, in order.

    Material draws it twice, in the sidebar and in the mobile menu, each a `md-nav--secondary` nav.
    """

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.fragments: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "nav" and (self.depth or "md-nav--secondary" in (attributes.get("class") or "")):
            self.depth += 1
        elif tag == "a" and self.depth and (attributes.get("href") or "").startswith("#"):
            self.fragments.append(attributes["href"][1:])

    def handle_endtag(self, tag):
        if tag == "nav" and self.depth:
            self.depth -= 1


def table_of_contents(site: Path, path: str) -> list[str]:
    parser = _TableOfContents()
    parser.feed((site / path).read_text("utf-8"))
    return list(dict.fromkeys(parser.fragments))


def test_listings_tables_of_contents_name_their_groups_not_each_analysis(site, content):
    published = [analysis.slug for analysis in content.published]
    assert table_of_contents(site, "analyses/index.html") == []
    assert table_of_contents(site, "stakeholders/investors/index.html") == []
    assert table_of_contents(site, "index.html") == ["latest_analyses"]
    assert table_of_contents(site, "watch/index.html") == ["overdue", "open", "resolved"]
    assert table_of_contents(site, "watch/record/index.html") == ["overall", "by-partner", "resolved"]
    assert table_of_contents(site, "corrections/index.html") == ["year-2026"]
    for path in ("analyses/index.html", "stakeholders/investors/index.html", "index.html"):
        assert any(
            f'id="{slug}"' in (site / path).read_text("utf-8") or f'--{slug}"' in (site / path).read_text("utf-8")
            for slug in published
        ), f"{path} no longer has a heading per analysis"


def test_an_analysis_keeps_its_whole_table_of_contents(site, content):
    analysis = next(a for a in content.published if a.implications)
    fragments = table_of_contents(site, f"analyses/{analysis.slug}/index.html")
    assert "implications" in fragments
    assert [f"implications-{i.stakeholder}" for i in analysis.implications] == [
        fragment for fragment in fragments if fragment.startswith("implications-")
    ]


def test_mkdocs_builds_exactly_what_the_generator_wrote_into_docs(built_site):
    """One producer: every page of docs/ is a page of the site, every other file is published byte for byte,
    and what a page's head shows (JSON-LD, feed links) is what its front matter says, with no MkDocs hooks."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    from generator.paths import Edition

    with open(built_site / "mkdocs.yml", "rb") as config:
        assert "hooks" not in yaml_load(config)
    docs, site = built_site / "docs", built_site / "site"
    edition = Edition("web", "Partnership Watch", "https://example.org/", "")
    for path in sorted(docs.rglob("*")):
        relative = path.relative_to(docs).as_posix()
        if path.is_dir():
            continue
        if not relative.endswith(".md"):
            assert (site / relative).read_bytes() == path.read_bytes(), relative
            continue
        html_path = edition.page(relative).removeprefix("https://example.org/") + "index.html"
        html = (site / html_path).read_text("utf-8")
        front_matter = yaml.safe_load(path.read_text("utf-8").split("---\n", 2)[1])
        if "jsonld" in front_matter:
            assert f'<script type="application/ld+json">{front_matter["jsonld"]}</script>' in html, relative
        for feed in front_matter["feeds"]:
            assert f'title="{feed["title"]}"' in html, relative


def test_the_sitemap_dates_pages_by_their_content(site, content):
    """An analysis by its update (or publication), a listing by its newest analysis; not by the build."""
    import xml.etree.ElementTree as ET

    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    lastmod = {
        url.findtext(f"{namespace}loc").split("/partnership-watch/", 1)[1]: url.findtext(f"{namespace}lastmod")
        for url in ET.parse(site / "sitemap.xml").getroot()
    }
    for analysis in content.published:
        assert lastmod[f"analyses/{analysis.slug}/"] == analysis.last_modified.isoformat(), analysis.slug
    newest = max(analysis.last_modified for analysis in content.published).isoformat()
    assert lastmod[""] == lastmod["analyses/"] == lastmod["archive/"] == newest
    northwind = [a for a in content.published if "northwind" in a.partners]
    assert lastmod["partners/northwind/"] == max(a.last_modified for a in northwind).isoformat()


def test_an_analysis_page_links_to_the_previous_and_the_next_analysis_by_date(site, content):
    import re

    newest_first = content.published
    for position, analysis in enumerate(newest_first):
        path = f"analyses/{analysis.slug}/index.html"
        html = (site / path).read_text("utf-8")
        found = re.search(r'<p class="pw-sequence"[^>]*>(.*?)</p>', html, re.DOTALL)
        older = newest_first[position + 1] if position + 1 < len(newest_first) else None
        newer = newest_first[position - 1] if position else None
        assert (found is not None) == bool(older or newer), analysis.slug
        links = re.findall(r'href="([^"]+)"', found.group(1)) if found else []
        expected = [neighbour for neighbour in (older, newer) if neighbour]
        assert [resolve(site, path, href) for href in links] == [
            site / f"analyses/{neighbour.slug}/index.html" for neighbour in expected
        ], analysis.slug
