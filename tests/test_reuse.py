"""What a preview keeps from one build to the next: never a value that the current content would make differently."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from bench.corpus import write_content
from generator import feeds, opendata, paging
from generator.model import Content
from generator.paths import Edition, page_of
from generator.render import Kept, Renderer
from generator.reuse import Reuse
from generator.validate import load_content

WEB = Edition("web", "Partnership Watch", "https://partnership-watch.github.io/partnership-watch/", "Analyses.")
AS_OF = dt.date(2026, 6, 1)


def test_a_value_is_made_once_and_kept_only_while_builds_use_it():
    reuse: Reuse[str] = Reuse()
    made: list[str] = []

    def make(key: str):
        return lambda: made.append(key) or key.upper()

    reuse.start()
    assert [reuse.get("a", make("a")), reuse.get("b", make("b")), reuse.get("a", make("a"))] == ["A", "B", "A"]
    reuse.start()
    assert reuse.get("a", make("a")) == "A"  # kept from the build before
    reuse.start()
    reuse.start()  # a build that used nothing lets nothing go
    assert reuse.get("a", make("a")) == "A"
    assert reuse.get("b", make("b")) == "B"  # the build before this one didn't use it: made again
    assert made == ["a", "b", "b"]


def test_nothing_is_kept_when_what_every_value_is_made_from_changes():
    reuse: Reuse[str] = Reuse()
    made: list[str] = []
    reuse.start(("day 1",))
    reuse.get("a", lambda: made.append("a") or "A")
    reuse.start(("day 1",))
    reuse.get("a", lambda: made.append("a") or "A")
    assert made == ["a"]
    reuse.start(("day 2",))
    reuse.get("a", lambda: made.append("a") or "A again")
    assert made == ["a", "a"]


def _edits(content: Content) -> dict[str, tuple[Content, Content]]:
    """Content before and after each kind of change an export or a feed entry can show."""
    first = content.published[0]
    partner, topic = first.partners[0], first.topics[0]
    stakeholder = first.implications[0].stakeholder
    taxonomy = content.taxonomy

    def with_analyses(*changed):
        by_slug = {analysis.slug: analysis for analysis in changed}
        return replace(content, analyses=tuple(by_slug.get(a.slug, a) for a in content.analyses))

    other = next(a for a in content.published if a.slug != first.slug)
    linked = replace(first, related=(other.slug,))
    return {
        "title": (content, with_analyses(replace(first, title="A new title"))),
        "summary": (content, with_analyses(replace(first, summary="A new *summary*."))),
        "partner name": (
            content,
            replace(
                content,
                entities={**content.entities, partner: replace(content.entities[partner], name="Renamed Partner")},
            ),
        ),
        "topic label": (
            content,
            replace(
                content,
                taxonomy=replace(
                    taxonomy, topics={**taxonomy.topics, topic: replace(taxonomy.topics[topic], label="Renamed topic")}
                ),
            ),
        ),
        "stakeholder label": (
            content,
            replace(
                content,
                taxonomy=replace(
                    taxonomy,
                    stakeholders={
                        **taxonomy.stakeholders,
                        stakeholder: replace(taxonomy.stakeholders[stakeholder], label="Renamed"),
                    },
                ),
            ),
        ),
        # The analysis itself is unchanged; only whether what it links to is published.
        "related analysis made a draft": (with_analyses(linked), with_analyses(linked, replace(other, status="draft"))),
        "context paragraph": (
            content,
            with_analyses(replace(first, context=(replace(first.context[0], text="A new paragraph."),))),
        ),
        "related analysis chosen": (
            content,
            with_analyses(replace(first, related=() if first.related else (other.slug,))),
        ),
        "partners": (content, with_analyses(replace(first, partners=tuple(reversed(other.partners))))),
        "published date": (content, with_analyses(replace(first, published=first.published.replace(year=2001)))),
        "analysis removed": (content, replace(content, analyses=content.analyses[1:])),
    }


PAGE_EDITS = [
    "title",
    "summary",
    "partner name",
    "topic label",
    "stakeholder label",
    "related analysis made a draft",
    "context paragraph",
    "related analysis chosen",
    "partners",
    "published date",
    "analysis removed",
]


def _pages(current: Content, kept: Kept | None = None, as_of: dt.date = AS_OF, drafts: bool = True) -> dict[str, str]:
    return dict(Renderer(current, WEB, "The introduction.", drafts, as_of, kept).pages())


@pytest.mark.parametrize("edit", PAGE_EDITS)
def test_pages_rendered_with_what_a_preview_keeps_equal_those_rendered_afresh(content, edit):
    kept = Kept()
    before, after = _edits(content)[edit]
    assert before != after
    for current, as_of, drafts in (
        (before, AS_OF, True),
        (after, AS_OF, True),
        (after, AS_OF + dt.timedelta(days=400), True),  # what is overdue changes
        (after, AS_OF, False),
        (before, AS_OF, True),
    ):
        assert _pages(current, kept, as_of, drafts) == _pages(current, as_of=as_of, drafts=drafts), edit


def _rendered_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the pages the renderer renders from now on, in order."""
    rendered: list[str] = []
    render = Renderer._render
    monkeypatch.setattr(
        Renderer,
        "_render",
        lambda self, template, path, *rest, **values: (
            rendered.append(path) or render(self, template, path, *rest, **values)
        ),
    )
    return rendered


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Content:
    """A larger archive than the fixture's, where an analysis's neighbours by date are not all related to it."""
    folder = tmp_path_factory.mktemp("archive")
    write_content(folder, 40, seed=5)
    loaded, problems = load_content(folder)
    assert loaded is not None and problems == []
    return loaded


@pytest.mark.parametrize("edit", ["title", "published date", "partners", "context paragraph", "partner name"])
def test_in_a_larger_archive_too(archive, edit):
    kept = Kept()
    before, after = _edits(archive)[edit]
    for current in (before, after, before):
        assert _pages(current, kept) == _pages(current), edit


@pytest.mark.parametrize("edit", ["title", "published date", "partners", "context paragraph", "partner name"])
def test_in_a_paged_archive_too(archive, edit, monkeypatch):
    """With the listings paged (generator/paging.py), their year and month pages are kept and made again as
    their listings are."""
    monkeypatch.setenv(paging.PAGE_LIMITS_VARIABLE, "2,3")
    kept = Kept()
    before, after = _edits(archive)[edit]
    for current in (before, after, before):
        made = _pages(current, kept)
        assert made == _pages(current), edit
        assert any(path.startswith("archive/20") for path in made)  # the archive is paged by year


def test_a_page_is_rendered_again_only_when_what_it_is_made_from_changes(content, monkeypatch):
    kept = Kept()
    _pages(content, kept)
    rendered = _rendered_paths(monkeypatch)
    _pages(content, kept)
    assert rendered == []  # nothing changed
    _, edited = _edits(content)["context paragraph"]
    first = content.published[0]
    pages = _pages(edited, kept)
    assert page_of("analyses", first.slug) in rendered
    others = [
        page_of(kind, key)
        for kind, keys in (
            ("partners", content.entities),
            ("topics", content.taxonomy.topics),
            ("stakeholders", content.taxonomy.stakeholders),
        )
        for key in keys
        if key not in {*first.partners, *first.topics, *(i.stakeholder for i in first.implications)}
    ]
    untouched = [path for path in others if path in pages]  # the terms some analysis has
    assert untouched and not set(untouched) & set(rendered)


@pytest.mark.parametrize(
    "edit", ["title", "summary", "partner name", "topic label", "stakeholder label", "related analysis made a draft"]
)
def test_exports_and_feeds_made_with_reuse_equal_those_made_afresh(content, edit):
    exports: Reuse = Reuse()
    entries: Reuse = Reuse()
    offline = Edition("offline", "Partnership Watch", "", "", directory_urls=False)
    before, after = _edits(content)[edit]
    assert before != after
    for site in (WEB, offline, WEB):
        for current in (before, after, before):
            published = current.published
            assert dict(opendata.export_files(current, published, site, exports)) == dict(
                opendata.export_files(current, published, site)
            ), (edit, site)
            assert feeds.feed_files(current, published, site, entries) == feeds.feed_files(current, published, site), (
                edit,
                site,
            )


def test_an_edit_makes_again_only_the_analysis_it_changes(content, monkeypatch):
    exports: Reuse = Reuse()
    dict(opendata.export_files(content, content.published, WEB, exports))
    made: list[str] = []
    record = opendata.analysis_record
    monkeypatch.setattr(
        opendata, "analysis_record", lambda analysis, *rest: made.append(analysis.slug) or record(analysis, *rest)
    )
    _, edited = _edits(content)["title"]
    dict(opendata.export_files(edited, edited.published, WEB, exports))
    assert made == [content.published[0].slug]


def test_an_analysis_hashes_by_the_fields_it_compares(content):
    first = content.analyses[0]
    moved = replace(first, pos=replace(first.pos, line=first.pos.line + 1))
    assert moved == first and hash(moved) == hash(first)
    assert hash(replace(first, title="Another title")) != hash(first)


@pytest.mark.parametrize("edit", PAGE_EDITS)
def test_the_pages_a_preview_shows_first_then_the_rest_equal_pages_rendered_afresh(content, edit, monkeypatch):
    """The live preview's first pass renders only the pages browsers show, its second every page of the same
    build: together, and the next build after them, they make what a build afresh makes."""
    kept = Kept()
    before, after = _edits(content)[edit]
    first = content.published[0]
    shown = {page_of("analyses", first.slug), page_of("partners", first.partners[0]), "index.md", "no/such-page.md"}
    rendered = _rendered_paths(monkeypatch)
    for current in (before, after, before):
        renderer = Renderer(current, WEB, "The introduction.", True, AS_OF, kept)
        rendered.clear()
        first_pass = dict(renderer.pages(shown))
        assert set(rendered) <= shown and set(first_pass) == shown & set(_pages(current))
        assert dict(renderer.pages()) == _pages(current), edit
