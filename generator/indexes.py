"""Views across analyses: one generic index builder serves partners, topics and stakeholders."""

from __future__ import annotations

import heapq
import itertools
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
    it (newest first: related analyses link both ways), then the closest others (`_Closeness`)."""
    by_slug = {a.slug: a for a in analyses}
    position_of = {a.slug: position for position, a in enumerate(analyses)}
    chosen_by: dict[str, list[Analysis]] = defaultdict(list)  # slug -> the analyses that list it, newest first
    for analysis in analyses:
        for slug in dict.fromkeys(analysis.related):
            chosen_by[slug].append(analysis)
    closeness = _Closeness(analyses)
    result = {}
    for analysis in analyses:
        chosen = [by_slug[slug] for slug in analysis.related if slug in by_slug]
        chosen += [other for other in chosen_by[analysis.slug] if other.slug not in analysis.related]
        chosen = chosen[:limit]
        taken = {position_of[a.slug] for a in (analysis, *chosen)}
        closest = closeness.closest(position_of[analysis.slug], limit - len(chosen), taken)
        result[analysis.slug] = tuple(chosen + [analyses[other] for other in closest])
    return result


Feature = tuple[int, str]
"""A partner or topic an analysis has, with its weight: a shared partner weighs twice a shared topic."""
PARTNER, TOPIC = 2, 1
ENUMERATED_UP_TO = 12
"""An analysis with more partners and topics than this is scored against every analysis that shares one of them;
with this many or fewer, its closest are found through the subsets of its features (at most 4,095)."""


class _Closeness:
    """The analyses closest to each one: closeness adds the weights of the partners and topics two analyses share;
    ties go to the newer analysis, then to the slug (the order of `analyses`), so the choice is stable.

    Scoring every analysis that shares something would cost, for each analysis, a share of the whole archive:
    a build quadratic in its size, as a partner or topic is in more and more analyses. Instead the levels of
    closeness are visited from the highest down, each through the analyses having all of a subset of the
    features of that weight (in the order of `analyses`, so the first found at a level are the newest); the
    levels above the last one visited hold fewer than the analyses wanted, so each costs little, and the last
    is left as soon as enough are found. Who has every subset asked for is kept for the other analyses.
    """

    def __init__(self, analyses: Iterable[Analysis]) -> None:
        self._features = [
            frozenset([*((PARTNER, partner) for partner in a.partners), *((TOPIC, topic) for topic in a.topics)])
            for a in analyses
        ]
        self._having: dict[frozenset[Feature], list[int]] = {}  # positions, in order
        for position, features in enumerate(self._features):
            for feature in features:
                self._having.setdefault(frozenset([feature]), []).append(position)

    def _having_all(self, features: frozenset[Feature]) -> list[int]:
        """The positions of the analyses that have all of `features` (at least one), in order."""
        found = self._having.get(features)
        if found is None:
            one = min(features)
            found = [other for other in self._having_all(features - {one}) if one in self._features[other]]
            self._having[features] = found
        return found

    def _score(self, features: frozenset[Feature], other: int) -> int:
        return sum(weight for weight, _ in features & self._features[other])

    def closest(self, position: int, wanted: int, taken: set[int]) -> list[int]:
        """Up to `wanted` positions of the analyses closest to the one at `position`, closest first, none of `taken`."""
        features = self._features[position]
        if wanted <= 0:
            return []
        if len(features) > ENUMERATED_UP_TO:
            return self._closest_by_scoring_all(features, wanted, taken)
        subsets_by_weight: dict[int, list[frozenset[Feature]]] = defaultdict(list)
        for size in range(1, len(features) + 1):
            for subset in itertools.combinations(features, size):
                subsets_by_weight[sum(weight for weight, _ in subset)].append(frozenset(subset))
        found: list[int] = []
        for level in sorted(subsets_by_weight, reverse=True):
            # An analysis whose shared partners and topics weigh this level is in the list of exactly that
            # subset, once; the others in these lists share more, and were found (or taken) at a higher level.
            for other in heapq.merge(*map(self._having_all, subsets_by_weight[level])):
                if other not in taken and self._score(features, other) == level:
                    found.append(other)
                    if len(found) == wanted:
                        return found
        return found

    def _closest_by_scoring_all(self, features: frozenset[Feature], wanted: int, taken: set[int]) -> list[int]:
        scores: Counter[int] = Counter()  # position -> closeness
        for feature in features:
            scores.update(self._having[frozenset([feature])] * feature[0])
        for other in taken:
            scores.pop(other, None)
        # The highest scores; on a tie, the lowest position.
        return heapq.nsmallest(wanted, scores, key=lambda other: (-scores[other], other))
