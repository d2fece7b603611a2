"""Checks content against the schema and builds the model from what passes.

Every problem in every file is collected; a file with problems contributes
nothing to the model, and the model is returned only when there are none.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar, overload

from . import schema, text
from .cache import CheckedFiles
from .model import Analysis, Content, Entity, Pos, Reference, Taxonomy, newest_first
from .problems import Problem
from .source import Mapping, Mark, Node, Scalar, Sequence, parse, read

T = TypeVar("T")


class Invalid(enum.Enum):
    """The type of INVALID: a one-member enum, so that `value is INVALID` tells the type checker what `value` is."""

    INVALID = enum.auto()


INVALID: Final = Invalid.INVALID
"""What a check returns for a value with problems (they are already recorded)."""

# Always matched with fullmatch: Python's `$` also matches before a final line break, so 'evil\n' would pass.
_ID = re.compile(schema.ID_PATTERN)
_DATE = re.compile(schema.DATE_PATTERN)
_PARTIAL_DATE = re.compile(schema.PARTIAL_DATE_PATTERN)
_URL = re.compile(schema.URL_PATTERN)
_CONTROL_CHARACTER = re.compile(schema.CONTROL_CHARACTER_PATTERN)
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NODE_KIND = {Scalar: "a single value", Sequence: "a list", Mapping: "a mapping"}

ENTITIES_FILE = "content/entities.yaml"
TAXONOMY_FILE = "content/taxonomy.yaml"
ANALYSES_DIR = "content/analyses"


MAX_SUGGESTION_WORK = 5_000_000
"""How much did-you-mean work the unknown references of one run may cost (and, for the ids a file defines, such
as an analysis's sources, those of one file), counted as difflib's cost grows: the unknown word's length times
the length of each candidate it is compared with, summed. Unbounded, 1,000 unknown partners among 1,000 entities
(56 KB of content) took 31 s of CPU, and 1,000 unknown citations among 1,000 sources of one analysis (68 KB) 29 s;
this bound adds at most about 0.4 s here (two shared cores) to what known references cost. It covers three
typos among 1,000 slugs of 40 characters, or hundreds among vocabularies of the size content has; a reference
past it is still reported, without a suggestion. Each distinct word is looked up once, so a renamed entity that
many analyses still name costs one."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


class _Suggestions:
    """Did-you-mean within MAX_SUGGESTION_WORK, each word looked up once per vocabulary."""

    def __init__(self) -> None:
        self.work_left = MAX_SUGGESTION_WORK
        # Per vocabulary: its ids, sorted, their total length, and the suggestion made for each word.
        self.vocabularies: dict[str, tuple[Collection[str], list[str], int, dict[str, str]]] = {}

    def __call__(self, vocabulary: str, word: str, known: Collection[str]) -> str:
        seen = self.vocabularies.get(vocabulary)
        if seen is None or seen[0] is not known:  # (one collection per run, or per record that defines the ids)
            seen = self.vocabularies[vocabulary] = (known, sorted(known), sum(map(len, known)), {})
        _, candidates, length, made = seen
        if word not in made:
            work = len(word) * length
            if work > self.work_left:
                made[word] = ""
            else:
                self.work_left -= work
                made[word] = did_you_mean(word, candidates)
        return made[word]


@dataclass
class _File:
    """The state of checking one file."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    suggest: _Suggestions = field(default_factory=_Suggestions)
    """Did-you-mean for references to ids the file itself defines (an analysis's sources)."""

    def pos(self, node: Node) -> Pos:
        return Pos(self.path, node.mark.line, node.mark.col)

    def report(self, node: Node | None, message: str) -> Invalid:
        if node is None:
            self.problems.append(Problem(self.path, None, None, message))
        else:
            self.problems.append(Problem(self.path, node.mark.line, node.mark.col, message))
        return INVALID

    def report_at(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(self.path, pos.line, pos.col, message))


def _check(node: Node, spec: schema.Spec, where: str, f: _File) -> object:
    checker = _CHECKERS[type(spec)]
    return checker(node, spec, where, f)


def _label(where: str) -> str:
    """The field path that starts a message, if there is one."""
    return f"{where}: " if where else ""


def _is_empty(node: Node) -> bool:
    """A key with nothing after it (or `~`): for an optional field, the same as leaving it out."""
    return isinstance(node, Scalar) and node.tag == _NULL and node.value in ("", "~")


def _scalar_text(node: Node, where: str, f: _File) -> str | Invalid:
    """The string in `node`, or a problem that says why it isn't one."""
    if not isinstance(node, Scalar):
        return f.report(node, f"{_label(where)}expected text, found {_NODE_KIND[type(node)]}")
    if _is_empty(node):
        return f.report(node, f"{_label(where)}is empty")
    if node.tag != _STR:
        return f.report(
            node,
            f"{_label(where)}expected text, but YAML reads {node.value} as {node.kind}; "
            f'put it in quotes: "{node.value}"',
        )
    if schema.PLACEHOLDER in node.value:
        return f.report(
            node, f"{_label(where)}placeholder text left; replace the '{schema.PLACEHOLDER} …' text with your own"
        )
    return node.value


def _control_character(node: Node, value: str, what: str, where: str, f: _File) -> Invalid | None:
    """A problem if `value` holds a character no page can show (schema.CONTROL_CHARACTER_PATTERN)."""
    found = _CONTROL_CHARACTER.search(value)
    if found is None:
        return None
    return f.report(node, f"{_label(where)}character U+{ord(found.group()):04X} is not allowed in {what}; delete it")


def _check_text(node: Node, spec: schema.Text, where: str, f: _File) -> str | Invalid:
    value = _scalar_text(node, where, f)
    if value is INVALID or _control_character(node, value, "text", where, f) is INVALID:
        return INVALID
    value = value.strip()
    if not value:
        return f.report(node, f"{_label(where)}is empty")
    if spec.one_line and "\n" in value:
        return f.report(node, f"{_label(where)}must be one line")
    if len(value) > spec.max_length:
        return f.report(node, f"{_label(where)}is {len(value)} characters long; the limit is {spec.max_length}")
    bad = [href for href in text.links(value) if not text.link_allowed(href)]
    for href in bad:
        f.report(
            node,
            f"{_label(where)}link target '{href}' is not allowed; "
            "links must be absolute http://, https:// or mailto: addresses",
        )
    return INVALID if bad else value


def _check_id(node: Node, spec: schema.Id, where: str, f: _File) -> str | Invalid:
    value = _scalar_text(node, where, f)
    if value is INVALID:
        return INVALID
    if not valid_id(value):
        return f.report(
            node,
            f"{_label(where)}'{value}' is not a valid {spec.noun}: use lowercase letters, digits and "
            f"single hyphens (like 'cloud-infrastructure'), at most {schema.ID_MAX_LENGTH} characters",
        )
    if spec.vocabulary:
        f.references.append(Reference(spec.vocabulary, spec.noun, value, f.path, node.mark.line, node.mark.col))
    return value


def valid_id(value: str) -> bool:
    return len(value) <= schema.ID_MAX_LENGTH and _ID.fullmatch(value) is not None


def _check_date(node: Node, spec: schema.Date, where: str, f: _File) -> dt.date | Invalid:
    if isinstance(node, Scalar) and node.tag in (_STR, _TIMESTAMP) and _DATE.fullmatch(node.value.strip()):
        try:
            return dt.date.fromisoformat(node.value.strip())
        except ValueError:
            return f.report(node, f"{_label(where)}{node.value} is not a date in the calendar")
    shown = node.value if isinstance(node, Scalar) else _NODE_KIND[type(node)]
    return f.report(node, f"{_label(where)}expected a date YYYY-MM-DD, found {shown!r}")


def _check_partial_date(node: Node, spec: schema.PartialDate, where: str, f: _File) -> str | Invalid:
    if isinstance(node, Scalar) and node.tag in (_STR, _TIMESTAMP, "tag:yaml.org,2002:int"):
        value = node.value.strip()
        if _PARTIAL_DATE.fullmatch(value):
            parts = [int(p) for p in value.split("-")]
            try:
                dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
                return value
            except ValueError:
                return f.report(node, f"{_label(where)}{value} is not a date in the calendar")
    shown = node.value if isinstance(node, Scalar) else _NODE_KIND[type(node)]
    return f.report(node, f"{_label(where)}expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found {shown!r}")


def _check_url(node: Node, spec: schema.Url, where: str, f: _File) -> str | Invalid:
    value = _scalar_text(node, where, f)
    if value is INVALID or _control_character(node, value, "a URL", where, f) is INVALID:
        return INVALID
    value = value.strip()
    if not _URL.fullmatch(value):
        return f.report(node, f"{_label(where)}'{value}' is not an absolute http:// or https:// URL")
    return value


def _check_choice(node: Node, spec: schema.Choice, where: str, f: _File) -> str | Invalid:
    value = _scalar_text(node, where, f)
    if value is INVALID:
        return INVALID
    if value not in spec.options:
        options = ", ".join(spec.options)
        return f.report(node, f"{_label(where)}'{value}' is not one of {options}{did_you_mean(value, spec.options)}")
    return value


def _check_pattern(node: Node, spec: schema.Pattern, where: str, f: _File) -> str | Invalid:
    value = _scalar_text(node, where, f)
    if value is INVALID:
        return INVALID
    if not re.fullmatch(spec.pattern.removeprefix("^").removesuffix("$"), value):
        return f.report(node, f"{_label(where)}'{value}' is not {spec.description}")
    return value


def _check_text_or(node: Node, spec: schema.TextOr[T], where: str, f: _File) -> T | Invalid:
    """A text alone is the record with only its text field given."""
    if isinstance(node, Mapping):
        return _fields(node, spec.record, where, f)
    text_spec = spec.record.declared(spec.text_field).spec
    if not isinstance(text_spec, schema.Text):
        raise TypeError(f"{spec.text_field} of a TextOr must be declared as Text")
    value = _check_text(node, text_spec, where, f)
    if value is INVALID:
        return INVALID
    others = {field.name: field.default for field in spec.record.fields if field.name != spec.text_field}
    return spec.record.make(**{spec.text_field: value}, **others, pos=f.pos(node))


def _check_list(node: Node, spec: schema.ListOf, where: str, f: _File) -> tuple[object, ...] | Invalid:
    if not isinstance(node, Sequence):
        return f.report(node, f"{_label(where)}expected a list, found {_NODE_KIND[type(node)]}")
    if len(node.items) < spec.min_items:
        return f.report(
            node,
            f"{_label(where)}needs at least {spec.min_items} "
            f"{'entry' if spec.min_items == 1 else 'entries'}, found {len(node.items)}",
        )
    values: list[object] = []
    ok = True
    first_seen: dict[object, Node] = {}
    for index, item in enumerate(node.items, start=1):
        value = _check(item, spec.item, f"{where}[{index}]", f)
        if value is INVALID:
            ok = False
            continue
        key, key_node = value, item
        if spec.unique_by:
            key = getattr(value, spec.unique_by)  # a field of the record `value`; None where it is left out
            key_node = _field_node(item, spec.unique_by) or item
        if (spec.distinct or spec.unique_by) and key is not None and key in first_seen:
            f.report(key_node, f"{_label(where)}'{key}' is listed twice (first at line {first_seen[key].mark.line})")
            ok = False
        first_seen.setdefault(key, key_node)
        values.append(value)
    return tuple(values) if ok else INVALID


def _field_node(node: Node, name: str) -> Node | None:
    if isinstance(node, Mapping):
        return next((value for key, value in node.entries if key.value == name), None)
    return None


def _fields(node: Node, spec: schema.Record[T], where: str, f: _File, **extra: object) -> T | Invalid:
    if not isinstance(node, Mapping):
        return f.report(node, f"{_label(where)}expected a mapping of fields, found {_NODE_KIND[type(node)]}")
    values: dict[str, object] = dict(extra)
    ok = True
    seen: set[str] = set()
    references_before = len(f.references)
    for key, value_node in node.entries:
        name = key.value
        if name in seen:
            continue  # a duplicate key, already reported by the loader
        seen.add(name)
        declared = spec.field(name)
        if declared is None:
            names = [field.name for field in spec.fields]
            f.report(key, f"unknown field '{name}'{did_you_mean(name, names)}")
            ok = False
            continue
        label = f"{where}.{name}" if where else name
        if not declared.required and _is_empty(value_node):
            values[name] = declared.default
            continue
        value = _check(value_node, declared.spec, label, f)
        if value is INVALID:
            ok = False
        values[name] = value
    for declared in spec.fields:
        if declared.name not in seen:
            if declared.required:
                f.report(node, f"missing required field '{declared.name}'" + (f" in {where}" if where else ""))
                ok = False
            else:
                values[declared.name] = declared.default
    if spec.vocabularies is not None:
        ok = _resolve_inside(f, references_before, spec.vocabularies(values)) and ok
    if not ok:
        return INVALID
    for check in spec.checks:
        for where_found, message in check(values):
            ok = False
            if isinstance(where_found, Pos):
                f.report_at(where_found, message)
            else:
                f.report(_field_node(node, where_found) or node, message)
    if not ok:
        return INVALID
    return spec.make(**values, pos=f.pos(node))


def _resolve_inside(f: _File, start: int, vocabularies: dict[str, Collection[str] | None]) -> bool:
    """Check the references made since `start` to ids the record itself defines (an analysis's sources), and
    keep only the others for the check across files; False if one names an id that isn't there. A vocabulary
    that is None couldn't be read (its own field has problems, reported there): its references go unchecked."""
    ok = True
    kept = f.references[:start]
    for ref in f.references[start:]:
        if ref.vocabulary not in vocabularies:
            kept.append(ref)
            continue
        known = vocabularies[ref.vocabulary]
        if known is not None and ref.value not in known:
            ok = False
            f.problems.append(
                Problem(
                    f.path,
                    ref.line,
                    ref.col,
                    f"unknown {ref.noun} '{ref.value}'{f.suggest(ref.vocabulary, ref.value, known)}",
                )
            )
    f.references[:] = kept
    return ok


def _check_record(node: Node, spec: schema.Record[object], where: str, f: _File) -> object:
    return _fields(node, spec, where, f)


def _check_table(node: Node, spec: schema.Table[T], where: str, f: _File) -> dict[str, T] | Invalid:
    if not isinstance(node, Mapping):
        return f.report(node, f"{_label(where)}expected a mapping from ids to entries, found {_NODE_KIND[type(node)]}")
    entries: dict[str, T] = {}
    ok = True
    for key, value_node in node.entries:
        if key.value in entries:
            continue
        if _check_id(key, spec.key, "", f) is INVALID:
            ok = False
            continue
        value = _fields(value_node, spec.value, f"{where}.{key.value}" if where else key.value, f, id=key.value)
        if value is INVALID:
            ok = False
            continue
        entries[key.value] = value
    return entries if ok else INVALID


# By the exact type of the declaration; each takes that type (which a dict's type can't say, hence Any).
_CHECKERS: dict[type, Callable[[Node, Any, str, _File], object]] = {
    schema.Text: _check_text,
    schema.Id: _check_id,
    schema.Date: _check_date,
    schema.PartialDate: _check_partial_date,
    schema.Url: _check_url,
    schema.Choice: _check_choice,
    schema.Pattern: _check_pattern,
    schema.ListOf: _check_list,
    schema.Record: _check_record,
    schema.TextOr: _check_text_or,
    schema.Table: _check_table,
}


@overload
def check_file(path: Path, display: str, spec: schema.Record[T], **extra: object) -> tuple[T | Invalid, _File]: ...
@overload
def check_file(
    path: Path, display: str, spec: schema.Table[T], **extra: object
) -> tuple[dict[str, T] | Invalid, _File]: ...
def check_file(
    path: Path, display: str, spec: schema.Record[T] | schema.Table[T], **extra: object
) -> tuple[T | dict[str, T] | Invalid, _File]:
    data, problem = read(path, display)
    if problem is not None:
        f = _File(display)
        f.problems.append(problem)
        return INVALID, f
    return _check_bytes(data, display, spec, **extra)


@overload
def _check_bytes(data: bytes, display: str, spec: schema.Record[T], **extra: object) -> tuple[T | Invalid, _File]: ...
@overload
def _check_bytes(
    data: bytes, display: str, spec: schema.Table[T], **extra: object
) -> tuple[dict[str, T] | Invalid, _File]: ...
def _check_bytes(
    data: bytes, display: str, spec: schema.Record[T] | schema.Table[T], **extra: object
) -> tuple[T | dict[str, T] | Invalid, _File]:
    f = _File(display)
    root, problems = parse(data, display)
    f.problems.extend(problems)
    if root is None or problems:
        return INVALID, f
    if isinstance(spec, schema.Record):
        return _fields(root, spec, "", f, **extra), f
    return _check_table(root, spec, "", f), f


def analysis_files(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The analysis files, sorted, and problems with files that look like they were meant to be one."""
    folder = root / ANALYSES_DIR
    found, problems = [], []
    if folder.is_symlink() or folder.parent.is_symlink():
        return [], [
            Problem(ANALYSES_DIR, None, None, "folder is a symbolic link; content must be real folders and files")
        ]
    if not folder.is_dir():
        return [], [Problem(ANALYSES_DIR, None, None, "folder is missing")]
    for path in sorted(folder.iterdir()):
        display = f"{ANALYSES_DIR}/{path.name}"
        if path.name.startswith("."):
            continue
        if path.suffix == ".yaml" and path.is_file():
            found.append((path, display))
        elif path.suffix in (".yml", ".YAML", ".json") or path.is_dir():
            problems.append(
                Problem(
                    display,
                    None,
                    None,
                    f"not read: an analysis is a file named <slug>.yaml directly in {ANALYSES_DIR}/",
                )
            )
    return found, problems


@dataclass(frozen=True)
class Checked:
    """How much content a check found valid."""

    analyses: int
    entities: int


def load_content(
    root: Path, keep_valid_analyses: bool = False, checked_files: CheckedFiles | None = None
) -> tuple[Content | None, list[Problem]]:
    """Read and check every content file under `root`; the model only if nothing is wrong.

    With `keep_valid_analyses` (the live preview), problems in analysis files
    leave those analyses out of the model rather than stopping it; problems in
    any other file still do. `checked_files` is the cache of checked files to use, if
    one is kept from run to run (the live preview's).
    """
    content, _, problems = _read_content(
        root, models=True, keep_valid_analyses=keep_valid_analyses, checked_files=checked_files
    )
    return content, problems


def check_content(root: Path) -> tuple[Checked | None, list[Problem]]:
    """Check every content file under `root` as `load_content` does, without building the model of unchanged files."""
    _, checked, problems = _read_content(root, models=False)
    return checked, problems


def _read_content(
    root: Path, models: bool, keep_valid_analyses: bool = False, checked_files: CheckedFiles | None = None
) -> tuple[Content | None, Checked | None, list[Problem]]:
    problems: list[Problem] = []
    references: list[Reference] = []
    cache = checked_files if checked_files is not None else CheckedFiles.of(root)

    @overload
    def read_file(display: str, spec: schema.Record[T]) -> T | Invalid: ...
    @overload
    def read_file(display: str, spec: schema.Table[T]) -> dict[str, T] | Invalid: ...
    def read_file(display: str, spec: schema.Record[T] | schema.Table[T]) -> T | dict[str, T] | Invalid:
        path = root / display
        if not path.is_file():
            problems.append(Problem(display, None, None, "file is missing"))
            return INVALID
        value, f = check_file(path, display, spec)
        problems.extend(f.problems)
        references.extend(f.references)
        return value

    entities = read_file(ENTITIES_FILE, schema.ENTITIES)
    taxonomy = read_file(TAXONOMY_FILE, schema.TAXONOMY)
    files, file_problems = analysis_files(root)
    problems.extend(file_problems)
    analyses: list[Analysis] = []
    drafts: dict[str, bool] = {}  # path -> whether it is a draft, for every analysis without problems
    slugs: set[str] = set()
    for path, display in files:
        slug = path.stem
        slugs.add(slug)
        if not valid_id(slug):
            problems.append(
                Problem(
                    display,
                    None,
                    None,
                    f"file name '{slug}' is not a valid slug: use lowercase letters, digits and single "
                    f"hyphens, at most {schema.ID_MAX_LENGTH} characters",
                )
            )
            continue
        data, problem = read(path, display)
        if problem is not None:
            problems.append(problem)
            continue
        digest = cache.digest(data)
        facts = cache.facts(display, digest)
        analysis = cache.analysis(display, digest) if facts is not None and models else None
        if facts is None or (models and analysis is None):
            checked, f = _check_bytes(data, display, schema.ANALYSIS, slug=slug)
            problems.extend(f.problems)
            references.extend(f.references)
            if f.problems or checked is INVALID:  # (a check makes INVALID only with a problem)
                continue
            analysis = checked
            cache.put(display, digest, analysis, f.references)
            drafts[display] = analysis.is_draft
        else:
            references.extend(facts[1])
            drafts[display] = facts[0]
        if models and analysis is not None:  # always, with models
            analyses.append(analysis)

    problems.extend(_check_references(references, entities, taxonomy, slugs, drafts))
    cache.save()
    problems = sorted(set(problems), key=Problem.sort_key)
    if problems or entities is INVALID or taxonomy is INVALID:  # (the same: INVALID comes with a problem)
        in_analyses = all(Path(p.path).parent.as_posix() == ANALYSES_DIR for p in problems)
        if not (keep_valid_analyses and in_analyses) or entities is INVALID or taxonomy is INVALID:
            return None, None, problems
        broken = {p.path for p in problems}
        analyses = [analysis for analysis in analyses if analysis.path not in broken]
    content = Content(entities, taxonomy, tuple(sorted(analyses, key=newest_first))) if models else None
    return content, Checked(len(drafts), len(entities)), problems


def check_arguments(
    display: str, values: dict[str, str | list[str]], entities: dict[str, Entity], taxonomy: Taxonomy
) -> list[Problem]:
    """Check analysis fields given on a command line (strings and lists of strings) by the rules for a file.

    The problems carry the messages an author would see for the file; their
    positions mean nothing, as the values come from no file.
    """
    f = _File(display)
    for name, value in values.items():
        _check(_argument_node(value), schema.ANALYSIS.declared(name).spec, name, f)
    return f.problems + list(_check_references(f.references, entities, taxonomy, set(), {}))


def _argument_node(value: str | list[str]) -> Node:
    if isinstance(value, str):
        return Scalar(value, _STR, Mark(1, 1))
    return Sequence(Mark(1, 1), [_argument_node(item) for item in value])


def _check_references(
    references: Iterable[Reference],
    entities: dict[str, Entity] | Invalid,
    taxonomy: Taxonomy | Invalid,
    slugs: set[str],
    drafts: dict[str, bool],
) -> Iterator[Problem]:
    vocabularies: dict[str, Collection[str] | None] = {
        "entity": entities if entities is not INVALID else None,
        "topic": taxonomy.topics if taxonomy is not INVALID else None,
        "stakeholder": taxonomy.stakeholders if taxonomy is not INVALID else None,
        "analysis": slugs,
    }
    draft_slugs = {Path(path).stem for path, draft in drafts.items() if draft}
    suggest = _Suggestions()
    for ref in references:
        known = vocabularies[ref.vocabulary]
        if known is None:
            continue  # its own file has problems, reported there
        if ref.value not in known:
            suggestion = suggest(ref.vocabulary, ref.value, known)
            yield Problem(ref.path, ref.line, ref.col, f"unknown {ref.noun} '{ref.value}'{suggestion}")
        elif ref.vocabulary == "analysis":
            own_slug = Path(ref.path).stem
            if ref.value == own_slug:
                yield Problem(ref.path, ref.line, ref.col, "an analysis can't list itself as related")
            elif ref.value in draft_slugs and drafts.get(ref.path) is False:
                yield Problem(
                    ref.path,
                    ref.line,
                    ref.col,
                    f"related analysis '{ref.value}' is a draft, and a published analysis can't link to it",
                )
