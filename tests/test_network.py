"""The partnership network (generator/network.py): the graph, the choice of ties, and the pictures as the
pages carry them: well-formed SVG, the same bytes for the same content, links that open the partner pages in
both editions, and names that stay text."""

from __future__ import annotations

import json
import posixpath
import random
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hostile_project import BENIGN, PAYLOADS
from projects import FIXTURES, render_pages
from search_indexes import material_index

from generator import network, text
from generator.indexes import indexes
from generator.paths import Edition
from generator.validate import load_content

SVG = "{http://www.w3.org/2000/svg}"
DRAWN_WITH = {"svg", "title", "g", "path", "a", "circle", "text"}
"""Every element a picture may hold: nothing that runs or loads anything."""
FIGURE = re.compile(r"<figure class=\"pw-network\".*?</figure>", re.DOTALL)
WEB = Edition("web", "Partnership Watch", "https://example.org/pw/", "")
OFFLINE = Edition("offline", "Partnership Watch", "", "", directory_urls=False)


@pytest.fixture(scope="module")
def fixture_content():
    content, problems = load_content(FIXTURES / "basic")
    assert problems == []
    return content


def graph_of(content, analyses=None) -> network.Graph:
    analyses = content.published if analyses is None else analyses
    return network.graph(indexes(content, analyses)["partners"], analyses)


def figure_of(page: str) -> ET.Element:
    """The one network figure of a page (Markdown or HTML), parsed as XML: it must be well-formed."""
    found = FIGURE.findall(page)
    assert len(found) == 1
    return ET.fromstring(found[0])


def tie(a: str, b: str, analyses: int) -> network.Tie:
    return network.Tie(a, b, analyses)


# The graph


def test_nodes_are_the_partners_in_use_most_analysed_first_and_ties_count_shared_analyses(fixture_content):
    graph = graph_of(fixture_content)
    assert [(node.id, node.analyses) for node in graph.nodes.values()] == [
        ("contoso", 2),
        ("fabrikam", 2),
        ("northwind", 2),
    ]  # as many each: by name
    assert graph.ties == (
        tie("contoso", "fabrikam", 1),
        tie("contoso", "northwind", 1),
        tie("fabrikam", "northwind", 1),
    )


def test_the_graph_does_not_depend_on_the_order_of_the_analyses(tmp_path):
    from bench.corpus import write_content

    write_content(tmp_path, 120)
    content, problems = load_content(tmp_path)
    assert problems == []
    shuffled = list(content.published)
    random.Random(3).shuffle(shuffled)
    first, second = graph_of(content), graph_of(content, tuple(shuffled))
    assert list(first.nodes) == list(second.nodes)
    assert first.ties == second.ties
    assert len({(t.a, t.b) for t in first.ties}) == len(first.ties)
    assert [t.analyses for t in first.ties] == sorted((t.analyses for t in first.ties), reverse=True)


def test_a_partner_named_twice_or_alone_makes_no_tie_with_itself(fixture_content):
    graph = graph_of(fixture_content)
    assert all(t.a != t.b for t in graph.ties)


# Which ties are drawn


def test_every_tie_is_drawn_up_to_the_limit():
    ties = (tie("a", "b", 3), tie("a", "c", 1))
    assert network.strongest(ties, 2) == ties


def test_beyond_the_limit_ties_with_as_many_analyses_are_drawn_all_or_none():
    ties = (tie("a", "b", 5), tie("a", "c", 3), tie("b", "c", 3), tie("c", "d", 3), tie("a", "d", 1))
    assert network.strongest(ties, 3) == ties[:1]
    assert network.strongest(ties, 4) == ties[:4]


def test_when_the_most_analysed_ties_alone_exceed_the_limit_they_are_cut_in_order():
    ties = (tie("a", "b", 2), tie("a", "c", 2), tie("b", "c", 2))
    assert network.strongest(ties, 2) == ties[:2]


def test_a_capped_picture_says_how_many_ties_it_draws_and_lists_only_those(fixture_content):
    graph = graph_of(fixture_content)
    picture = network.overview(graph, WEB, "partners/index.md", limit=1)
    assert picture is not None and len(picture.ties) == 1 and picture.total == 3
    figure = figure_of(picture.figure)
    assert len(figure.findall(f".//{SVG}g[@class='pw-network__ties']/{SVG}path")) == 1
    assert "Of the 3 ties, the 1 with the most analyses are drawn" in figure.findtext("figcaption")


# The pictures on the pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from projects import make_project

    made, problems = render_pages(make_project(tmp_path_factory.mktemp("network") / "project"))
    assert problems == []
    return made


def test_the_partners_page_and_each_partner_page_carry_one_well_formed_picture(pages):
    partner_pages = [path for path in pages if path.startswith("partners/") and path != "partners/index.md"]
    assert partner_pages
    for path in ["partners/index.md", *partner_pages]:
        svg = figure_of(pages[path]).find(f"div/{SVG}svg")
        assert svg is not None, path
        assert svg.findtext(f"{SVG}title"), path  # the picture's accessible name
        assert {element.tag.removeprefix(SVG) for element in svg.iter()} <= DRAWN_WITH, path
    for other in ("topics/index.md", "stakeholders/index.md", "analyses/index.md", "index.md"):
        assert "pw-network" not in pages[other]


def test_the_picture_is_an_html_block_of_its_own(pages):
    for path in ("partners/index.md", "partners/contoso.md"):
        block = FIGURE.search(pages[path]).group(0)
        assert "\n\n" not in block, "a blank line would end the HTML block"
        assert f"\n\n{block}\n\n" in pages[path], "it must stand between blank lines, at the start of a line"


def test_every_node_has_a_title_with_its_analyses_and_every_tie_a_title_naming_both(pages):
    svg = figure_of(pages["partners/index.md"])
    nodes = svg.findall(f".//{SVG}g[@class='pw-network__nodes']/{SVG}a")
    assert [(a.get("href"), a.findtext(f"{SVG}title"), a.findtext(f"{SVG}text")) for a in nodes] == [
        ("contoso/", "Contoso: 2 analyses", "Contoso"),
        ("fabrikam/", "Fabrikam: 2 analyses", "Fabrikam"),
        ("northwind/", "Northwind Labs: 2 analyses", "Northwind Labs"),
    ]
    ties = svg.findall(f".//{SVG}g[@class='pw-network__ties']/{SVG}path")
    assert sorted(path.findtext(f"{SVG}title") for path in ties) == [
        "Contoso and Fabrikam: 1 analysis",
        "Contoso and Northwind Labs: 1 analysis",
        "Fabrikam and Northwind Labs: 1 analysis",
    ]


def test_a_partner_page_shows_its_neighbourhood_and_lists_it_below(pages):
    page = pages["partners/contoso.md"]
    svg = figure_of(page)
    middle = svg.find(f".//{SVG}g[@class='pw-network__nodes']/{SVG}g")
    assert middle.findtext(f"{SVG}text") == "Contoso"  # itself, not a link
    assert [a.get("href") for a in svg.iter(f"{SVG}a")] == ["../fabrikam/", "../northwind/"]
    assert "- [Fabrikam](fabrikam.md) · 1 analysis together\n- [Northwind Labs](northwind.md)" in page
    fabrikam = figure_of(pages["partners/fabrikam.md"])
    # A neighbour's title counts all its analyses; the line's, those it shares with the partner in the middle.
    assert [a.findtext(f"{SVG}title") for a in fabrikam.iter(f"{SVG}a")] == [
        "Contoso: 2 analyses",
        "Northwind Labs: 2 analyses",
    ]
    assert sorted(p.findtext(f"{SVG}title") for p in fabrikam.iter(f"{SVG}path")) == [
        "Contoso and Fabrikam: 1 analysis",
        "Fabrikam and Northwind Labs: 1 analysis",
    ]


def test_the_same_content_gives_the_same_bytes(fixture_content):
    graph = graph_of(fixture_content)
    first = network.overview(graph, WEB, "partners/index.md")
    again = network.overview(graph_of(fixture_content), WEB, "partners/index.md")
    assert first == again
    assert network.neighbourhood(graph, "contoso", OFFLINE, "partners/contoso.md") == network.neighbourhood(
        graph_of(fixture_content), "contoso", OFFLINE, "partners/contoso.md"
    )


def test_a_long_name_is_cut_short_on_the_picture_and_given_whole_in_its_title(fixture_content):
    graph = graph_of(fixture_content)
    long_name = "Contoso International Semiconductor Holdings"
    nodes = {key: replace(node, name=long_name) if key == "contoso" else node for key, node in graph.nodes.items()}
    figure = figure_of(network.overview(replace(graph, nodes=nodes), WEB, "partners/index.md").figure)
    contoso = next(a for a in figure.iter(f"{SVG}a") if a.get("href") == "contoso/")
    assert contoso.findtext(f"{SVG}title") == f"{long_name}: 2 analyses"
    shown = contoso.findtext(f"{SVG}text")
    assert shown.endswith("…") and len(shown) == network.LABEL_CHARS and long_name.startswith(shown[:-1])


def test_characters_xml_cannot_hold_do_not_break_the_picture(fixture_content):
    graph = graph_of(fixture_content)
    nodes = {key: replace(node, name="Con\x01toso\ufffe") for key, node in graph.nodes.items()}
    figure = figure_of(network.overview(replace(graph, nodes=nodes), WEB, "partners/index.md").figure)
    assert figure.find(f".//{SVG}text").text == "Con\ufffdtoso\ufffd"


# In the built sites


def node_links(html: str) -> list[tuple[str, str]]:
    """(href, name shown) of every node that links, on a built page."""
    figure = figure_of(html)
    return [(a.get("href"), a.findtext(f"{SVG}text")) for a in figure.iter(f"{SVG}a")]


def test_the_engine_writes_the_picture_as_the_generator_made_it(built_site):
    for page in ("partners/index", "partners/contoso"):
        generated = FIGURE.search((built_site / "docs" / f"{page}.md").read_text("utf-8")).group(0)
        built = FIGURE.search((built_site / "site" / page.removesuffix("index") / "index.html").read_text("utf-8"))
        assert built is not None and built.group(0) == generated, page  # Python-Markdown passes it through


def test_every_node_opens_its_partner_page_on_the_web(built_site, content):
    site = built_site / "site"
    names = {e.id: e.name for e in content.entities.values()}
    pages = ["partners/index.html"] + [f"partners/{key}/index.html" for key in ("contoso", "fabrikam", "northwind")]
    for page in pages:
        links = node_links((site / page).read_text("utf-8"))
        assert links, page
        for href, shown in links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
            assert (site / target / "index.html").is_file(), (page, href)
            key = target.removeprefix("partners/")
            assert names[key] == shown, (page, href)


def test_every_node_opens_its_partner_page_offline(offline_zip, content):
    names = {e.id: e.name for e in content.entities.values()}
    with zipfile.ZipFile(offline_zip) as archive:
        files = set(archive.namelist())
        top = next(iter(files)).split("/")[0]
        pages = ["partners/index.html"] + [f"partners/{key}.html" for key in ("contoso", "fabrikam", "northwind")]
        for page in pages:
            links = node_links(archive.read(f"{top}/{page}").decode())
            assert links, page
            for href, shown in links:
                assert href.endswith(".html") and not href.startswith(("/", "http")), href
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
                assert f"{top}/{target}" in files, (page, href)
                assert names[posixpath.splitext(target)[0].removeprefix("partners/")] == shown


def test_the_picture_is_left_out_of_the_search_index(offline_zip):
    # The names are in the lists beside it; its titles and caption would only repeat them. (Pagefind, on the
    # web, leaves the pages that carry it out whole: tests/test_search_index.py.)
    index = json.dumps(material_index(offline_zip))
    assert "partners/contoso.html" in index
    for said in ("Northwind Labs: 1 analysis", "organizations it shares analyses with", "pw-network"):
        assert said not in index


# Hostile names


def test_names_with_markup_are_text_on_the_picture(hostile_builds):
    hostile, benign = hostile_builds
    shown = {text.to_plain(payload) for payload in PAYLOADS} | {"Base Corp"}
    cut = {
        name if len(name) <= network.LABEL_CHARS else name[: network.LABEL_CHARS - 1].rstrip() + "…" for name in shown
    }
    for site, names, labels in ((hostile, shown, cut), (benign, {BENIGN, "Base Corp"}, {BENIGN, "Base Corp"})):
        figure = figure_of((site / "partners" / "index.html").read_text("utf-8"))
        assert {element.tag.removeprefix(SVG) for element in figure.iter() if element.tag.startswith(SVG)} == DRAWN_WITH
        assert {a.findtext(f"{SVG}text") for a in figure.iter(f"{SVG}a")} == labels
        assert {a.findtext(f"{SVG}title").rsplit(": ", 1)[0] for a in figure.iter(f"{SVG}a")} == names
        for element in figure.iter():
            assert not any(name.startswith("on") for name in element.attrib)
            assert not (element.get("href") or "").lower().startswith(("javascript", "data"))
    assert (hostile / "partners" / "e0" / "index.html").is_file()
    neighbourhood = figure_of((hostile / "partners" / "base" / "index.html").read_text("utf-8"))
    assert len(list(neighbourhood.iter(f"{SVG}a"))) == len(PAYLOADS)


def test_the_real_content_is_drawn(tmp_path):
    # The repository's own content: a picture on /partners/ whatever it holds.
    root = Path(__file__).resolve().parent.parent
    content, problems = load_content(root)
    assert problems == []
    picture = network.overview(graph_of(content), WEB, "partners/index.md")
    assert picture is not None
    figure_of(picture.figure)
