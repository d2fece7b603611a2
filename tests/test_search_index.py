"""The search indexes carry each analysis's text once, on its own page: listings repeat it, so they stay out.

The web edition searches with Pagefind, which indexes only what is marked `data-pagefind-body` (analyses and
hand-written pages, and the name and description of each partner, topic and stakeholder) and leaves out what
they mark `data-pagefind-ignore` (related analyses, previous and next).
The offline edition searches with Material's, which leaves out the sections of `data-search-exclude` headings.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from search_indexes import material_index, pagefind_pages

from generator import pagefind as pagefind_index
from generator import paths, publication, text
from generator.validate import load_content


@pytest.fixture(scope="module")
def content(built_site: Path):
    loaded, problems = load_content(built_site)
    assert problems == []
    return loaded


@pytest.fixture(scope="module")
def published(content):
    return content.published


# Pagefind, the web edition's


@pytest.fixture(scope="module")
def pagefind(site: Path) -> dict[str, dict]:
    return pagefind_pages(site)


def _term_pages(content) -> dict[str, str]:
    """URL -> the name and description of every partner's, topic's and stakeholder's page, as plain text."""
    terms = {
        **{f"/partners/{e.id}/": (e.name, e.description) for e in content.entities.values()},
        **{f"/topics/{t.id}/": (t.label, t.description) for t in content.taxonomy.topics.values()},
        **{
            f"/stakeholders/{t.id}/": (f"What the partnerships mean for {t.label}", t.description)
            for t in content.taxonomy.stakeholders.values()
        },
    }
    return {url: " ".join(text.to_plain(part) for part in parts if part) for url, parts in terms.items()}


def test_pagefind_indexes_the_analyses_hand_written_pages_and_names_of_partners_topics_stakeholders(
    pagefind, published, content
):
    analyses = {f"/analyses/{analysis.slug}/" for analysis in published}
    terms = {url for url in _term_pages(content) if url in pagefind}
    assert {"/partners/contoso/", "/topics/semiconductors/"} <= terms
    assert set(pagefind) == analyses | {"/about/", "/open-data/"} | terms


def test_pagefind_indexes_a_partner_topic_or_stakeholder_by_its_name_and_description_only(pagefind, content):
    """Their pages list analyses, whose text search finds on the analyses' own pages. (Pagefind ends a block
    that has no full stop with one: the comparison leaves out full stops.)"""

    def words(shown: str) -> str:
        return re.sub(r"[.\s]+", " ", shown).strip()

    for url, expected in _term_pages(content).items():
        if url in pagefind:
            assert words(pagefind[url]["content"]) == words(expected), url


def test_pagefind_keeps_every_other_listing_out(site: Path, pagefind, content):
    """Every other built page that is not an analysis or a hand-written page repeats analyses' text: none is
    indexed."""
    folders = {path.parent.relative_to(site).as_posix() for path in site.rglob("index.html")}
    listings = {"/" if folder == "." else f"/{folder}/" for folder in folders}
    listings -= {
        url for url in listings if url.startswith(("/analyses/", "/about/", "/open-data/")) and url != "/analyses/"
    }
    listings -= set(_term_pages(content))
    assert {"/", "/analyses/", "/partners/", "/watch/", "/archive/"} <= listings
    assert not listings & set(pagefind)


def test_pagefind_finds_titles_and_summaries_only_on_their_own_page(pagefind, published):
    assert len(published) >= 2
    for analysis in published:
        page = pagefind[f"/analyses/{analysis.slug}/"]
        assert page["meta"]["title"] == text.to_plain(analysis.title)  # no permalink sign, no markup
        for value in (analysis.title, analysis.summary):
            words = text.to_plain(value)[:40]
            found = {url for url, other in pagefind.items() if words in other["content"]}
            assert found == {f"/analyses/{analysis.slug}/"}, (value, found)


def test_pagefind_leaves_out_related_analyses_and_previous_and_next(site: Path, pagefind, published):
    for analysis in published:
        html = (site / "analyses" / analysis.slug / "index.html").read_text("utf-8")
        assert re.search(r'<h2 [^>]*data-pagefind-ignore[^>]*id="related"', html)
        assert re.search(r'<p class="pw-sequence" data-pagefind-ignore', html)
    assert not any(
        "Related analyses" in page["content"] or "Previous:" in page["content"] for page in pagefind.values()
    )


def test_pagefind_is_given_only_the_pages_it_indexes(site: Path, built_site: Path, tmp_path: Path, monkeypatch):
    """It reads and keeps every page it is given before it drops those without `data-pagefind-body`: given the
    whole site, the listings cost it 0.5 to 1 GB at 10,000 analyses. What it is given is what the theme marked."""
    marked = {
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if "data-pagefind-body" in path.read_text("utf-8")
    }
    published, problems = publication.publish(built_site, paths.edition(built_site))
    assert published is not None, problems
    built = tmp_path / "site"
    shutil.copytree(site, built)
    given: list[str] = []

    def spied_run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
        folder = Path(command[command.index("--site") + 1])
        given.extend(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(pagefind_index.subprocess, "run", spied_run)
    assert pagefind_index.index(built, map(published.edition.built, published.searched)) == 0
    assert {"analyses/contoso-fabrikam-chip-supply/index.html", "about/index.html"} <= marked
    assert sorted(given) == sorted(marked)
    assert not (built / pagefind_index.GIVEN).exists()


def test_pagefind_gives_back_freed_memory_at_once(tmp_path: Path, monkeypatch):
    """Its allocator's default keeps it 10 s: at 10,000 analyses, 0.4 GB more at its peak."""
    (tmp_path / "index.html").write_text("<html></html>")
    environments: list[dict[str, str]] = []

    def spied_run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
        environments.append(env)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(pagefind_index.subprocess, "run", spied_run)
    assert pagefind_index.index(tmp_path, ["index.html"]) == 0
    assert [env["_RJEM_MALLOC_CONF"] for env in environments] == ["dirty_decay_ms:0,muzzy_decay_ms:0"]


def test_pagefind_given_a_page_that_was_not_built_fails(tmp_path: Path, capsys):
    assert pagefind_index.index(tmp_path, ["analyses/missing/index.html"]) == 1
    assert "analyses/missing/index.html" in capsys.readouterr().err
    assert not (tmp_path / pagefind_index.GIVEN).exists()


# Material's, the offline edition's


@pytest.fixture(scope="module")
def index(offline_zip: Path) -> list[dict]:
    return material_index(offline_zip)


def test_titles_and_summaries_are_found_only_on_their_own_page(index, published):
    assert len(published) >= 2
    for analysis in published:
        for value in (analysis.title, analysis.summary):
            words = text.to_plain(value)[:40]
            found = {doc["location"].split("#")[0] for doc in index if words in doc["title"] + doc["text"]}
            assert found == {f"analyses/{analysis.slug}.html"}, (value, found)


def test_listing_pages_are_still_found_by_their_own_words(index):
    locations = {doc["location"] for doc in index}
    assert {"partners/contoso.html", "topics/semiconductors.html", "stakeholders/investors.html"} <= locations
    assert "archive/index.html" in locations
    assert "watch/record.html" in locations  # its counts are its own words
    assert not any(location.startswith(("watch/index.html", "watch/record.html#resolved")) for location in locations)


def test_excluded_sections_keep_their_anchors(built_site: Path, published):
    page = (built_site / "site" / "analyses" / published[0].slug / "index.html").read_text("utf-8")
    assert 'id="related"' in page and 'id="sources"' in page


def test_the_offline_index_holds_each_page_once(index):
    """Material's search builds its index from every entry before it answers: one per page, not per section."""
    locations = [doc["location"] for doc in index]
    assert len(locations) == len(set(locations))
    assert not any("#" in location for location in locations)


def test_the_last_section_s_words_are_in_its_page_entry(index, published):
    for analysis in published:
        entry = next(doc for doc in index if doc["location"] == f"analyses/{analysis.slug}.html")
        assert "Sources" in entry["text"] and text.to_plain(analysis.sources[-1].publisher) in entry["text"]
