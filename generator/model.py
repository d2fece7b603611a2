"""The publication's content as frozen values, built only from validated input.

Each value keeps the position of the YAML it came from so that later checks
and tools can point back at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import NamedTuple

STANCES = ("supportive", "cautious", "critical", "neutral")
ENTITY_KINDS = ("company", "research-lab", "investor", "government", "nonprofit", "other")
STATUSES = ("published", "draft")
OUTCOMES = ("happened", "partly", "did-not-happen")
"""How a signal to watch turned out."""


@dataclass(frozen=True, order=True)
class Pos:
    path: str
    line: int
    col: int


class Reference(NamedTuple):
    """An id that a content file names, checked against the other files once all are read.

    A tuple rather than a dataclass: a build reads some ten thousand of them
    from the cache.
    """

    vocabulary: str
    """What the id names: entity, topic, stakeholder or analysis."""
    noun: str
    """The word for it in a problem's message."""
    value: str
    path: str
    line: int
    col: int


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str
    website: str | None
    description: str | None
    wikidata: str | None
    """Its Wikidata item id, `Q` and digits."""
    pos: Pos = field(compare=False)


@dataclass(frozen=True)
class Term:
    """A topic or a stakeholder: an entry of a controlled vocabulary."""

    id: str
    label: str
    description: str | None
    pos: Pos = field(compare=False)


@dataclass(frozen=True)
class Taxonomy:
    topics: dict[str, Term]
    stakeholders: dict[str, Term]
    pos: Pos = field(compare=False)


@dataclass(frozen=True)
class Source:
    id: str | None
    """What paragraphs and expert views cite it by, unique within the analysis."""
    publisher: str
    title: str | None
    url: str | None
    date: str | None
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""
    pos: Pos = field(compare=False)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of an analysis's context, with the ids of the sources it rests on."""

    text: str
    cite: tuple[str, ...]
    pos: Pos = field(compare=False)


@dataclass(frozen=True)
class ExpertView:
    source: str
    view: str
    stance: str | None
    cite: tuple[str, ...]
    pos: Pos = field(compare=False)


@dataclass(frozen=True)
class Implication:
    stakeholder: str
    points: tuple[str, ...]
    pos: Pos = field(compare=False)


@dataclass(frozen=True)
class Outcome:
    """How a signal to watch turned out, recorded when it did."""

    status: str
    """One of OUTCOMES."""
    date: dt.date
    note: str
    source: Source | None
    pos: Pos = field(compare=False)


@dataclass(frozen=True)
class Signal:
    """A signal to watch: what would confirm or contradict the outlook, by when, and how it turned out."""

    signal: str
    by: str | None
    """When it should be known: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""
    outcome: Outcome | None
    pos: Pos = field(compare=False)


@dataclass(frozen=True)
class Outlook:
    summary: str
    watch: tuple[Signal, ...]
    pos: Pos = field(compare=False)


@dataclass(frozen=True)
class Correction:
    date: dt.date
    text: str
    pos: Pos = field(compare=False)


@dataclass(frozen=True)
class Analysis:
    slug: str
    title: str
    summary: str
    published: dt.date
    updated: dt.date | None
    status: str
    authors: tuple[str, ...]
    partners: tuple[str, ...]
    topics: tuple[str, ...]
    sources: tuple[Source, ...]
    context: tuple[Paragraph, ...]
    expert_views: tuple[ExpertView, ...]
    implications: tuple[Implication, ...]
    outlook: Outlook
    related: tuple[str, ...]
    corrections: tuple[Correction, ...]
    pos: Pos = field(compare=False)

    @cached_property
    def _hash(self) -> int:
        return hash(tuple(getattr(self, each.name) for each in fields(self) if each.compare))

    def __hash__(self) -> int:
        """The hash of the fields that compare, as the dataclass's own, but computed once: the live preview looks
        an analysis up in the values it keeps between builds (generator/reuse.py) a dozen times a build. (A
        frozen dataclass keeps an `__hash__` of its own.)"""
        return self._hash

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def corrections_oldest_first(self) -> tuple[Correction, ...]:
        """The corrections in the order they were made, as the page, its JSON-LD and its feed entry show them
        (the author's order among those of one day)."""
        return tuple(sorted(self.corrections, key=lambda correction: correction.date))

    @property
    def stance_mix(self) -> dict[str, int]:
        """How many of its expert views take each stance, in the order of STANCES; stances no view takes are left
        out, as are views without a stance."""
        taken = [view.stance for view in self.expert_views]
        return {stance: taken.count(stance) for stance in STANCES if stance in taken}

    @property
    def last_modified(self) -> dt.date:
        return self.updated or self.published

    @property
    def path(self) -> str:
        return self.pos.path


def newest_first(analysis: Analysis) -> tuple[int, str]:
    """Sort key: newest first, then by slug, so that builds never reorder."""
    return (-analysis.published.toordinal(), analysis.slug)


@dataclass(frozen=True)
class Content:
    entities: dict[str, Entity]
    taxonomy: Taxonomy
    analyses: tuple[Analysis, ...]
    """Every analysis, drafts included, newest first."""

    @property
    def published(self) -> tuple[Analysis, ...]:
        return tuple(a for a in self.analyses if not a.is_draft)
