"""What a preview keeps from one build to the next: never a value that the current content would make differently."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator import feeds, opendata
from generator.model import Content
from generator.paths import Edition
from generator.reuse import Reuse

WEB = Edition("web", "Partnership Watch", "https://partnership-watch.github.io/partnership-watch/", "Analyses.")


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
    }


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
