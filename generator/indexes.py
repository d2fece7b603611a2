"""Views across analyses: one generic index builder serves partners, topics and stakeholders."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .model import Analysis, Content

RELATED_LIMIT = 5


@dataclass(frozen=True)
class Index:
    """One kind of index page: partners, topics or stakeholders."""

    kind: str
    """The URL folder: 'partners', 'topics' or 'stakeholders'."""
    title: str
    terms: dict[str, tuple[str, str | None]]
    """id -> (label, description), for the ids in use, sorted by label."""
    analyses: dict[str, tuple[Analysis, ...]]
    """id -> the analyses filed under it, newest first."""


def build_index(
    kind: str,
    title: str,
    analyses: Iterable[Analysis],
    keys_of: Callable[[Analysis], Iterable[str]],
    labels: dict[str, tuple[str, str | None]],
) -> Index:
    """File each analysis (given newest first) under every key it has."""
    filed: dict[str, list[Analysis]] = defaultdict(list)
    for analysis in analyses:
        for key in dict.fromkeys(keys_of(analysis)):
            filed[key].append(analysis)
    in_use = sorted(filed, key=lambda key: (labels[key][0].casefold(), key))
    return Index(kind, title, {key: labels[key] for key in in_use}, {key: tuple(filed[key]) for key in in_use})


def indexes(content: Content, analyses: tuple[Analysis, ...]) -> dict[str, Index]:
    entity_labels = {e.id: (e.name, e.description) for e in content.entities.values()}
    topic_labels = {t.id: (t.label, t.description) for t in content.taxonomy.topics.values()}
    stakeholder_labels = {t.id: (t.label, t.description) for t in content.taxonomy.stakeholders.values()}
    built = (
        build_index("partners", "Partners", analyses, lambda a: a.partners, entity_labels),
        build_index("topics", "Topics", analyses, lambda a: a.topics, topic_labels),
        build_index(
            "stakeholders",
            "Stakeholders",
            analyses,
            lambda a: (i.stakeholder for i in a.implications),
            stakeholder_labels,
        ),
    )
    return {index.kind: index for index in built}


def related_by_slug(analyses: tuple[Analysis, ...], limit: int = RELATED_LIMIT) -> dict[str, tuple[Analysis, ...]]:
    """For each analysis, its related analyses: the author's choices first, then the analyses whose authors chose
    it (newest first: related analyses link both ways), then the closest others.

    Closeness counts shared partners and topics, a shared partner weighing twice
    a shared topic; ties go to the newer analysis, then to the slug (the order
    of `analyses`), so the choice is stable from build to build. Only the
    analyses that share something are scored, found through who has each
    partner and topic.
    """
    by_slug = {a.slug: a for a in analyses}
    position_of = {a.slug: position for position, a in enumerate(analyses)}
    with_partner: dict[str, list[int]] = defaultdict(list)  # the positions of the analyses that have it
    with_topic: dict[str, list[int]] = defaultdict(list)
    for position, analysis in enumerate(analyses):
        for partner in set(analysis.partners):
            with_partner[partner].append(position)
        for topic in set(analysis.topics):
            with_topic[topic].append(position)
    chosen_by: dict[str, list[Analysis]] = defaultdict(list)  # slug -> the analyses that list it, newest first
    for analysis in analyses:
        for slug in dict.fromkeys(analysis.related):
            chosen_by[slug].append(analysis)
    result = {}
    for analysis in analyses:
        chosen = [by_slug[slug] for slug in analysis.related if slug in by_slug]
        chosen += [other for other in chosen_by[analysis.slug] if other.slug not in analysis.related]
        chosen = chosen[:limit]
        scores: Counter[int] = Counter()  # position -> closeness
        for partner in set(analysis.partners):
            scores.update(with_partner[partner] * 2)  # a shared partner counts twice
        for topic in set(analysis.topics):
            scores.update(with_topic[topic])
        for taken in (analysis, *chosen):
            scores.pop(position_of[taken.slug], None)
        # The highest scores; on a tie, the lowest position.
        closest = heapq.nsmallest(limit - len(chosen), scores, key=lambda other: (-scores[other], other))
        result[analysis.slug] = tuple(chosen + [analyses[other] for other in closest])
    return result
