"""The content model as data: one declaration serves the validator and the JSON Schemas.

Each field is declared once, with its rule and the words an author reads about
it. `validate.py` interprets these declarations; nothing else restates them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar

from . import model

Made = TypeVar("Made", covariant=True)
"""What a record's `make` builds from its checked fields (a model class)."""

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80
# The shapes of values, written so that Python's `re` and the ECMAScript
# regular expressions of JSON Schema read them alike (no flags, no \Z).
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
URL_PATTERN = r"""^[hH][tT][tT][pP][sS]?://[^\s/?#"'<>`\\]+[^\s"'<>`\\]*$"""
"""An absolute http(s) URL without the characters that could break out of an attribute or a Markdown link."""
PLACEHOLDER = "TODO:"
"""Marks the placeholder text that `python -m generator new` writes; no text may keep it."""


@dataclass(frozen=True)
class Text:
    """A YAML string; it may use inline Markdown."""

    one_line: bool = False
    max_length: int | None = None


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


Check: TypeAlias = Callable[[dict[str, object]], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class Record(Generic[Made]):
    """A mapping with a fixed set of fields, made into `make(**fields)`."""

    fields: tuple[Field, ...]
    make: Callable[..., Made]
    doc: str = ""
    checks: tuple[Check, ...] = ()
    """Rules across fields: each takes the checked values and yields (field, message)."""

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def declared(self, name: str) -> Field:
        """The field `name`, for code that names a field it knows the record has."""
        found = self.field(name)
        if found is None:
            raise KeyError(f"no field '{name}' is declared")
        return found


@dataclass(frozen=True)
class Table(Generic[Made]):
    """A mapping from ids to records; the key becomes the record's `id`."""

    key: Id
    value: Record[Made]
    doc: str = ""


Spec: TypeAlias = Text | Id | Date | PartialDate | Url | Choice | ListOf | Record[object] | Table[object]
"""Any declaration of a value."""


def _updated_not_before_published(values: dict[str, object]) -> Iterator[tuple[str, str]]:
    published, updated = values.get("published"), values.get("updated")
    if isinstance(published, dt.date) and isinstance(updated, dt.date) and updated < published:
        yield "updated", f"updated ({updated.isoformat()}) is before published ({published.isoformat()})"


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
        Field("publisher", Text(one_line=True), doc="Who published it."),
        Field("title", Text(one_line=True), required=False, doc="Its title."),
        Field("url", Url(), required=False, doc="Where to read it: an absolute http or https URL."),
        Field("date", PartialDate(), required=False, doc="When it appeared: YYYY, YYYY-MM or YYYY-MM-DD."),
    ),
)

EXPERT_VIEW = Record(
    make=model.ExpertView,
    doc="A view held by a person, a role or a group.",
    fields=(
        Field("source", Text(one_line=True), doc="Who holds the view: a person, a role or a group."),
        Field("view", Text(), doc="The view, in a sentence or two."),
        Field("stance", Choice(model.STANCES), required=False, doc="Where the view stands on the partnership."),
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

OUTLOOK = Record(
    make=model.Outlook,
    doc="Where the partnership is heading.",
    fields=(
        Field("summary", Text(), doc="The outlook in a paragraph."),
        Field("watch", ListOf(Text()), required=False, default=(), doc="The signals to watch."),
    ),
)

ANALYSIS = Record(
    make=model.Analysis,
    doc="One analysis of a technology partnership; the file name is its slug.",
    checks=(_updated_not_before_published,),
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
        Field("sources", ListOf(SOURCE, min_items=1), doc="At least one source."),
        Field("context", ListOf(Text(), min_items=1), doc="Background, one paragraph per item."),
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
    ),
)
