"""The content model as data: one declaration serves the validator and the JSON Schemas.

Each field is declared once, with its rule and the words an author reads about
it. `validate.py` interprets these declarations; nothing else restates them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar

from . import model

Made = TypeVar("Made", covariant=True)
"""What a record's `make` builds from its checked fields (a model class)."""

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80
# The shapes of values, written so that Python's `re` and the ECMAScript
# regular expressions of JSON Schema read them alike (no flags, no \Z).
# Python matches them with `fullmatch`, since its `$` also matches before a final line break.
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
URL_PATTERN = r"""^[hH][tT][tT][pP][sS]?://[^\s/?#"'<>`\\]+[^\s"'<>`\\]*$"""
"""An absolute http(s) URL without the characters that could break out of an attribute or a Markdown link."""
WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"
CONTROL_CHARACTER_PATTERN = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]"
"""Characters no text or URL may hold: the C0 controls but tab and line feed, DEL, the C1 controls, and the
noncharacters U+FFFE and U+FFFF. YAML refuses them raw, but a double-quoted escape ("\\x9f") makes them; they have
nothing to show a reader, and a page, its front matter or a feed can break on them."""
PLACEHOLDER = "TODO:"
"""Marks the placeholder text that `python -m generator new` writes; no text may keep it."""


MAX_TEXT_LENGTH = 10_000
"""The longest a text may be where no shorter limit is declared. Python-Markdown (MkDocs) takes time that grows
with a paragraph's length times its escapes and entities, so 1 MiB of `[` in one text took MkDocs more than ten
minutes; a text of this length, of the costliest characters, takes it about 0.1 s. Paragraphs in real analyses
are far shorter (the longest in content/ has 500 characters)."""


@dataclass(frozen=True)
class Text:
    """A YAML string; it may use inline Markdown."""

    one_line: bool = False
    max_length: int = MAX_TEXT_LENGTH


@dataclass(frozen=True)
class Id:
    """An id; with a vocabulary, one that must exist there."""

    vocabulary: str | None = None
    """'entity', 'topic', 'stakeholder' or 'analysis'."""
    noun: str = "id"
    """What the author calls it in an error message: 'partner', 'topic', …"""


@dataclass(frozen=True)
class Date:
    """`YYYY-MM-DD`, as a YAML date or a quoted string."""


@dataclass(frozen=True)
class PartialDate:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""


@dataclass(frozen=True)
class Url:
    """An absolute http or https URL."""


@dataclass(frozen=True)
class Choice:
    options: tuple[str, ...]


@dataclass(frozen=True)
class Pattern:
    """A text of a given shape, such as a Wikidata item id."""

    pattern: str
    description: str
    """What a value of that shape is, as a message says it: "a Wikidata item id (Q and digits, like Q2283)"."""


@dataclass(frozen=True)
class ListOf:
    item: Spec
    min_items: int = 0
    distinct: bool = False
    unique_by: str | None = None
    """For a list of records: a field whose value may appear only once."""


@dataclass(frozen=True)
class Field:
    name: str
    spec: Spec
    required: bool = True
    default: object = None
    """The value of an optional field that is left out or empty."""
    doc: str = ""


Check: TypeAlias = Callable[[dict[str, object]], Iterable[tuple[str | model.Pos, str]]]
"""A rule across a record's fields: from the checked values, (field or position, message) for each problem."""
Vocabularies: TypeAlias = Callable[[dict[str, object]], dict[str, Collection[str] | None]]
"""The ids a record defines for references inside it, by vocabulary (an analysis's sources, which it cites)."""


@dataclass(frozen=True)
class Record(Generic[Made]):
    """A mapping with a fixed set of fields, made into `make(**fields)`."""

    fields: tuple[Field, ...]
    make: Callable[..., Made]
    doc: str = ""
    checks: tuple[Check, ...] = ()
    """Rules across fields: each takes the checked values and yields (field or position, message)."""
    vocabularies: Vocabularies | None = None

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def declared(self, name: str) -> Field:
        """The field `name`, for code that names a field it knows the record has."""
        found = self.field(name)
        if found is None:
            raise KeyError(f"no field '{name}' is declared")
        return found


@dataclass(frozen=True)
class TextOr(Generic[Made]):
    """Either a text, or a record that holds it in `text_field` with more fields; a text alone makes the record
    with the other fields' defaults."""

    record: Record[Made]
    text_field: str


@dataclass(frozen=True)
class Table(Generic[Made]):
    """A mapping from ids to records; the key becomes the record's `id`."""

    key: Id
    value: Record[Made]
    doc: str = ""


Spec: TypeAlias = (
    Text | Id | Date | PartialDate | Url | Choice | Pattern | ListOf | Record[object] | TextOr[object] | Table[object]
)
"""Any declaration of a value."""


def _updated_not_before_published(values: dict[str, object]) -> Iterator[tuple[str | model.Pos, str]]:
    published, updated = values.get("published"), values.get("updated")
    if isinstance(published, dt.date) and isinstance(updated, dt.date) and updated < published:
        yield "updated", f"updated ({updated.isoformat()}) is before published ({published.isoformat()})"


def _dated_within_the_analysis(values: dict[str, object]) -> Iterator[tuple[str | model.Pos, str]]:
    """An outcome or a correction is an update of the analysis: dated from `published` to `updated` (to
    `published` when there is no `updated`, which a correction can't do without)."""
    published, updated = values.get("published"), values.get("updated")
    outlook, corrections = values.get("outlook"), values.get("corrections")
    if not isinstance(published, dt.date) or not isinstance(outlook, model.Outlook):
        return
    dated: list[tuple[str, model.Outcome | model.Correction]] = [
        ("outcome", signal.outcome) for signal in outlook.watch if signal.outcome is not None
    ]
    if isinstance(corrections, tuple):
        dated += [("correction", item) for item in corrections if isinstance(item, model.Correction)]
    for noun, item in dated:
        when = item.date.isoformat()
        update = "recording an outcome" if noun == "outcome" else "a correction"
        if item.date < published:
            yield item.pos, f"the {noun}'s date ({when}) is before the analysis was published ({published.isoformat()})"
        elif not isinstance(updated, dt.date) and (noun == "correction" or item.date > published):
            yield item.pos, f"{update} is an update of the analysis, which has no updated date: set updated to {when}"
        elif isinstance(updated, dt.date) and item.date > updated:
            yield (
                item.pos,
                (
                    f"the {noun}'s date ({when}) is after the analysis's updated date ({updated.isoformat()}); "
                    f"{update} is an update: set updated to {when} or later"
                ),
            )


def _sources_by_id(values: dict[str, object]) -> dict[str, Collection[str] | None]:
    sources = values.get("sources")
    if not isinstance(sources, tuple):
        return {"source": None}  # the sources have problems of their own
    return {"source": [source.id for source in sources if isinstance(source, model.Source) and source.id]}


TERM = Record(
    make=model.Term,
    doc="An entry of a controlled vocabulary.",
    fields=(
        Field("label", Text(one_line=True, max_length=120), doc="The name readers see."),
        Field(
            "description", Text(max_length=600), required=False, doc="One or two sentences on what the entry covers."
        ),
    ),
)

ENTITIES = Table(
    key=Id(noun="entity id"),
    doc="Organizations that analyses are about, by id.",
    value=Record(
        make=model.Entity,
        fields=(
            Field("name", Text(one_line=True, max_length=120), doc="The organization's name."),
            Field(
                "kind",
                Choice(model.ENTITY_KINDS),
                required=False,
                default="company",
                doc="What sort of organization it is.",
            ),
            Field("website", Url(), required=False, doc="Its website: an absolute http or https URL."),
            Field("description", Text(max_length=600), required=False, doc="A short, neutral description."),
            Field(
                "wikidata",
                Pattern(WIKIDATA_PATTERN, "a Wikidata item id (Q and digits, like Q2283)"),
                required=False,
                doc="Its Wikidata item id, so that data users can join it with other datasets.",
            ),
        ),
    ),
)

TAXONOMY = Record(
    make=model.Taxonomy,
    doc="Topics and stakeholders: the controlled vocabularies analyses use.",
    fields=(
        Field("topics", Table(key=Id(noun="topic id"), value=TERM), doc="Topics by id; may be empty ({})."),
        Field(
            "stakeholders",
            Table(key=Id(noun="stakeholder id"), value=TERM),
            doc="Stakeholders by id; may be empty ({}).",
        ),
    ),
)

SOURCE = Record(
    make=model.Source,
    doc="A source the analysis draws on.",
    fields=(
        Field(
            "id",
            Id(noun="source id"),
            required=False,
            doc="What paragraphs and expert views cite it by; unique within the analysis.",
        ),
        Field("publisher", Text(one_line=True), doc="Who published it."),
        Field("title", Text(one_line=True), required=False, doc="Its title."),
        Field("url", Url(), required=False, doc="Where to read it: an absolute http or https URL."),
        Field("date", PartialDate(), required=False, doc="When it appeared: YYYY, YYYY-MM or YYYY-MM-DD."),
    ),
)

CITE = Field(
    "cite",
    ListOf(Id("source", noun="source"), min_items=1, distinct=True),
    required=False,
    default=(),
    doc="The ids of the sources (under sources) it rests on.",
)

PARAGRAPH = Record(
    make=model.Paragraph,
    doc="A paragraph, with the sources it cites.",
    fields=(Field("text", Text(), doc="The paragraph."), CITE),
)

EXPERT_VIEW = Record(
    make=model.ExpertView,
    doc="A view held by a person, a role or a group.",
    fields=(
        Field("source", Text(one_line=True), doc="Who holds the view: a person, a role or a group."),
        Field("view", Text(), doc="The view, in a sentence or two."),
        Field("stance", Choice(model.STANCES), required=False, doc="Where the view stands on the partnership."),
        CITE,
    ),
)

IMPLICATION = Record(
    make=model.Implication,
    doc="What the partnership means for one stakeholder.",
    fields=(
        Field("stakeholder", Id("stakeholder", noun="stakeholder"), doc="A stakeholder id from taxonomy.yaml."),
        Field("points", ListOf(Text(), min_items=1), doc="The points, one sentence or two each."),
    ),
)

OUTCOME = Record(
    make=model.Outcome,
    doc="How a signal turned out. Recording one is an update of the analysis: its date is not after `updated`.",
    fields=(
        Field("status", Choice(model.OUTCOMES), doc="happened, partly or did-not-happen."),
        Field("date", Date(), doc="When it was known, YYYY-MM-DD; not before published, not after updated."),
        Field("note", Text(), doc="What happened, in a sentence or two."),
        Field("source", SOURCE, required=False, doc="Where it is reported."),
    ),
)

SIGNAL = Record(
    make=model.Signal,
    doc="A signal to watch, with when it should be known and, once known, how it turned out.",
    fields=(
        Field("signal", Text(one_line=True, max_length=300), doc="What to watch, in one line."),
        Field("by", PartialDate(), required=False, doc="When it should be known: YYYY, YYYY-MM or YYYY-MM-DD."),
        Field("outcome", OUTCOME, required=False, doc="How it turned out."),
    ),
)

OUTLOOK = Record(
    make=model.Outlook,
    doc="Where the partnership is heading.",
    fields=(
        Field("summary", Text(), doc="The outlook in a paragraph."),
        Field("watch", ListOf(TextOr(SIGNAL, "signal")), required=False, default=(), doc="The signals to watch."),
    ),
)

CORRECTION = Record(
    make=model.Correction,
    doc="A correction: what was wrong, and what is right. Corrections are never removed.",
    fields=(
        Field("date", Date(), doc="When it was corrected, YYYY-MM-DD; not before published, not after updated."),
        Field("text", Text(), doc="What an earlier version said, and what is right."),
    ),
)

ANALYSIS = Record(
    make=model.Analysis,
    doc="One analysis of a technology partnership; the file name is its slug.",
    checks=(_updated_not_before_published, _dated_within_the_analysis),
    vocabularies=_sources_by_id,
    fields=(
        Field("title", Text(one_line=True, max_length=160), doc="The headline: one line, at most 160 characters."),
        Field("summary", Text(max_length=600), doc="The lede shown in listings, feeds and page descriptions."),
        Field("published", Date(), doc="Publication date, YYYY-MM-DD."),
        Field(
            "updated",
            Date(),
            required=False,
            doc="Date of the last substantive update, YYYY-MM-DD; not before published.",
        ),
        Field(
            "status",
            Choice(model.STATUSES),
            required=False,
            default="published",
            doc="A draft is left out of everything public.",
        ),
        Field("authors", ListOf(Text(one_line=True)), required=False, default=(), doc="Bylines."),
        Field(
            "partners",
            ListOf(Id("entity", noun="partner"), min_items=2, distinct=True),
            doc="The organizations in the partnership: at least 2 entity ids.",
        ),
        Field(
            "topics",
            ListOf(Id("topic", noun="topic"), distinct=True),
            required=False,
            default=(),
            doc="Topic ids from taxonomy.yaml.",
        ),
        Field("sources", ListOf(SOURCE, min_items=1, unique_by="id"), doc="At least one source."),
        Field(
            "context",
            ListOf(TextOr(PARAGRAPH, "text"), min_items=1),
            doc="Background, one paragraph per item: a text, or {text, cite}.",
        ),
        Field("expert_views", ListOf(EXPERT_VIEW, min_items=1), doc="Views of experts, with their stance."),
        Field(
            "implications",
            ListOf(IMPLICATION, min_items=1, unique_by="stakeholder"),
            doc="Implications, one entry per stakeholder.",
        ),
        Field("outlook", OUTLOOK, doc="The outlook and what to watch."),
        Field(
            "related",
            ListOf(Id("analysis", noun="analysis"), distinct=True),
            required=False,
            default=(),
            doc="Slugs of other analyses to read next.",
        ),
        Field(
            "corrections",
            ListOf(CORRECTION),
            required=False,
            default=(),
            doc="Corrections, each with its date; an analysis with corrections has an updated date.",
        ),
    ),
)
