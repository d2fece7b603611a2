"""Related analyses: the author's choices, then the analyses that chose it, then the closest by shared partners (x2)
and topics, newest first on ties."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import write_content
from generator.indexes import related_by_slug
from generator.validate import load_content


def closest_by_brute_force(analysis, analyses, limit):
    """The rule as written: score every other analysis, stable-sort the ones that share something."""
    by_slug = {a.slug: a for a in analyses}
    chosen = [by_slug[slug] for slug in analysis.related if slug in by_slug]
    chosen += [other for other in analyses if analysis.slug in other.related and other.slug not in analysis.related]
    chosen = chosen[:limit]
    taken = {analysis.slug, *(a.slug for a in chosen)}
    scored = []
    for other in analyses:
        score = 2 * len(set(analysis.partners) & set(other.partners)) + len(set(analysis.topics) & set(other.topics))
        if other.slug not in taken and score:
            scored.append((-score, other))
    scored.sort(key=lambda pair: pair[0])
    return tuple(chosen + [other for _, other in scored[: limit - len(chosen)]])


@pytest.fixture(scope="module")
def analyses(tmp_path_factory) -> tuple:
    folder = tmp_path_factory.mktemp("corpus")
    write_content(folder, 120, seed=3)
    content, problems = load_content(Path(folder))
    assert problems == []
    return content.analyses


@pytest.mark.parametrize("limit", [0, 2, 5])
def test_related_matches_the_rule(analyses, limit):
    related = related_by_slug(analyses, limit)
    assert set(related) == {a.slug for a in analyses}
    for analysis in analyses:
        assert related[analysis.slug] == closest_by_brute_force(analysis, analyses, limit), analysis.slug


def test_related_never_lists_the_analysis_itself_and_puts_the_authors_choices_first(analyses):
    related = related_by_slug(analyses)
    with_choices = [a for a in analyses if a.related]
    assert with_choices
    for analysis in analyses:
        slugs = [a.slug for a in related[analysis.slug]]
        assert analysis.slug not in slugs and len(slugs) == len(set(slugs)) <= 5
        assert slugs[: len(analysis.related)] == list(analysis.related)[:5]


def test_related_analyses_link_both_ways(analyses):
    """If A names B, B's related analyses show A (while the limit leaves room for it)."""
    related = related_by_slug(analyses)
    named = [(a, b) for a in analyses for b in a.related]
    assert named
    for chooser, slug in named:
        shown = [other.slug for other in related[slug]]
        chosen_by = [other.slug for other in analyses if slug in other.related and other.slug not in shown]
        assert chooser.slug in shown or (len(shown) == 5 and chosen_by), (chooser.slug, slug)


PARTNERS, TOPICS = [f"p{n}" for n in range(6)], [f"t{n}" for n in range(9)]


@st.composite
def small_archives(draw) -> tuple:
    """Analyses sharing a few partners and topics, so that closeness ties at every level, some choosing others."""
    count = draw(st.integers(1, 30))
    slugs = [f"a{n:02}" for n in range(count)]
    analyses = []
    for slug in slugs:
        partners = draw(st.lists(st.sampled_from(PARTNERS), min_size=2, max_size=len(PARTNERS), unique=True))
        topics = draw(st.lists(st.sampled_from(TOPICS), max_size=len(TOPICS), unique=True))
        others = [other for other in slugs if other != slug]
        related = draw(st.lists(st.sampled_from(others), max_size=3, unique=True)) if others else []
        analyses.append(SimpleNamespace(slug=slug, partners=tuple(partners), topics=tuple(topics), related=related))
    return tuple(analyses)


@settings(max_examples=150, deadline=None)
@given(small_archives(), st.integers(0, 6))
def test_related_matches_the_rule_on_any_archive(analyses, limit):
    """Ties, choices made both ways and limits on archives drawn at random, where the corpus above has one."""
    related = related_by_slug(analyses, limit)
    for analysis in analyses:
        assert related[analysis.slug] == closest_by_brute_force(analysis, analyses, limit), analysis.slug
