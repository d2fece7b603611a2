"""Views across analyses: one generic index builder serves partners, topics and stakeholders."""

from __future__ import annotations

from collections import defaultdict
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
    """For each analysis, its related analyses: the author's choices first, then the closest others.

    Closeness counts shared partners and topics, a shared partner weighing twice
    a shared topic; ties go to the newer analysis, then to the slug (the order
    of `analyses`), so the choice is stable from build to build.

    The scores against all the others are counted at once, in bit masks where
    bit i stands for `analyses[i]`: each partner and topic has the mask of the
    analyses that have it, and the scores are the sum of those masks, kept as
    one mask per binary digit. A few big-integer operations per partner and
    topic cost far less than counting other analyses one by one.
    """
    by_slug = {a.slug: a for a in analyses}
    position_of = {a.slug: position for position, a in enumerate(analyses)}
    with_partner: dict[str, int] = defaultdict(int)
    with_topic: dict[str, int] = defaultdict(int)
    for position, analysis in enumerate(analyses):
        for partner in analysis.partners:
            with_partner[partner] |= 1 << position
        for topic in analysis.topics:
            with_topic[topic] |= 1 << position
    everyone = (1 << len(analyses)) - 1
    result = {}
    for position, analysis in enumerate(analyses):
        chosen = [by_slug[slug] for slug in analysis.related if slug in by_slug][:limit]
        digits: list[int] = []
        for partner in set(analysis.partners):
            _add(digits, with_partner[partner], 1)
        for topic in set(analysis.topics):
            _add(digits, with_topic[topic], 0)
        candidates = everyone & ~(1 << position)
        for other in chosen:
            candidates &= ~(1 << position_of[other.slug])
        result[analysis.slug] = tuple(
            chosen + [analyses[other] for other in _best(digits, candidates, limit - len(chosen))]
        )
    return result


def _add(digits: list[int], mask: int, digit: int) -> None:
    """Add 2**digit to the score of each analysis in `mask`; `digits[d]` is the mask of those whose score has bit d."""
    while mask:
        while digit >= len(digits):
            digits.append(0)
        digits[digit], mask = digits[digit] ^ mask, digits[digit] & mask  # sum and carry
        digit += 1


def _best(digits: list[int], candidates: int, count: int) -> list[int]:
    """The positions of the `count` candidates with the highest nonzero scores, the lowest position first on ties."""
    best: list[int] = []
    for score in range((1 << len(digits)) - 1, 0, -1):
        with_score = candidates
        for digit, mask in enumerate(digits):
            with_score &= mask if score >> digit & 1 else ~mask
        while with_score and len(best) < count:
            lowest = with_score & -with_score
            best.append(lowest.bit_length() - 1)
            with_score ^= lowest
        if len(best) >= count:
            break
    return best
