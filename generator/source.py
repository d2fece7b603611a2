"""YAML files to nodes that remember where they came from.

Content is untrusted, so the loader never constructs Python objects from YAML:
it reads the event stream (libyaml's parser when present) and builds its own
small nodes, with explicit limits on size, depth and alias expansion, and
without recursion, so that no input can exhaust the stack or memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, TypeAlias, final

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .problems import Problem
from .yaml_hints import alias_without_anchor, hint, unreadable_character

try:  # libyaml is several times faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
"""The content model's limit on a content file."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and sequences; real content needs four or five."""
MAX_VALUES = 50_000
"""Values in one file after aliases are expanded: bounds 'billion laughs' documents."""
MAX_EXPANDED_CHARACTERS = 2 * MAX_FILE_BYTES
"""Characters of text (keys and values) in one file after aliases are expanded: bounds a long text repeated
through aliases, which MAX_VALUES lets through (one 400 KB text through 100 aliases made a 319 MB site).
Each character of text takes at least a byte of the file, so only aliases can reach this, and no honest
file does (content has no use for them); the work and output one file can cause stay within about twice
those of the largest file without aliases."""

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {
    _STR: "text",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a yes/no value",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
    # A plain `<<`: refused as a key below; as a value, validation refuses it like any scalar that isn't text.
    _MERGE: "a merge key",
}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_resolver = yaml.resolver.Resolver()


class Mark(NamedTuple):
    """A 1-based position; a tuple because every value in a file gets one."""

    line: int
    col: int


@final
@dataclass(eq=False)
class Scalar:
    value: str
    tag: str
    mark: Mark
    size: int = 1

    @property
    def kind(self) -> str:
        """What YAML reads the scalar as, in words for an author."""
        return _SCALAR_TAGS[self.tag]


@final
@dataclass(eq=False)
class Sequence:
    mark: Mark
    items: list[Node] = field(default_factory=list)
    size: int = 1
    """Values in it and under it, itself included (MAX_VALUES)."""
    length: int = 0
    """Characters of text under it (MAX_EXPANDED_CHARACTERS)."""


@final
@dataclass(eq=False)
class Mapping:
    mark: Mark
    entries: list[tuple[Scalar, Node]] = field(default_factory=list)
    size: int = 1
    """Values in it and under it, itself included (MAX_VALUES)."""
    length: int = 0
    """Characters of text under it, keys included (MAX_EXPANDED_CHARACTERS)."""


Node = Scalar | Sequence | Mapping
Data: TypeAlias = str | int | float | bool | list["Data"] | dict[str, "Data"] | None
"""A value as a JSON document holds it: what `to_data` makes of a node."""

_PLAIN_ONLY = "content files hold plain text, lists and mappings"
_TOO_MUCH_TEXT = (
    f"more than {MAX_EXPANDED_CHARACTERS} characters of text once aliases are expanded; "
    "write the text out instead of repeating aliases"
)


class _Stop(Exception):
    """A problem after which the rest of the file can't be read sensibly."""

    def __init__(self, mark: Mark | None, message: str):
        self.mark, self.message = mark, message


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def load(path: Path, display: str) -> tuple[Node | None, list[Problem]]:
    """Read one content file; `display` is the path shown in problems."""
    data, problem = read(path, display)
    if problem is not None:
        return None, [problem]
    return parse(data, display)


def read(path: Path, display: str) -> tuple[bytes, Problem | None]:
    """The bytes of a content file, or the problem that keeps them from being read."""
    if path.is_symlink():
        # A link could make the build read, and echo in its messages, any file on the machine.
        return b"", Problem(display, None, None, "file is a symbolic link; content files must be regular files")
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return b"", Problem(display, None, None, f"cannot read file: {error.strerror}")
    if len(data) > MAX_FILE_BYTES:
        return b"", Problem(display, None, None, "file is larger than 1 MiB, the limit for a content file")
    return data, None


def parse(data: bytes, display: str) -> tuple[Node | None, list[Problem]]:
    """The nodes of a content file's bytes, as read by `read`."""
    problems: list[Problem] = []

    def stop(mark: Mark | None, message: str) -> tuple[None, list[Problem]]:
        problems.append(Problem(display, mark and mark.line, mark and mark.col, message))
        return None, problems

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return stop(Mark(line, col), f"file is not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8")
    try:
        root = _compose(text, problems, display)
    except _Stop as halt:
        return stop(halt.mark, halt.message)
    except yaml.MarkedYAMLError as error:
        found = hint(error, text)
        if found is not None:
            return stop(Mark(found.line, found.col), f"YAML syntax error: {found.message}")
        mark = error.problem_mark or error.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else None
        reason = error.problem or error.context or "invalid YAML"
        return stop(where, f"YAML syntax error: {reason}")
    except yaml.reader.ReaderError as error:
        found = unreadable_character(error, text)
        if found is not None:
            return stop(Mark(found.line, found.col), f"YAML syntax error: {found.message}")
        return stop(None, f"YAML syntax error: {' '.join(str(error).split())}")
    except yaml.YAMLError as error:
        return stop(None, f"YAML syntax error: {' '.join(str(error).split())}")
    if root is None:
        return stop(None, "file is empty")
    return root, problems


def _compose(text: str, problems: list[Problem], display: str) -> Node | None:
    """Build nodes from parser events, iteratively, enforcing the limits.

    Events are pulled straight from the parser and told apart by exact type, and
    a collection's size grows as its children arrive: this loop runs once per
    value in every content file, so it is kept close to the cost of the parse.
    """
    stack: list[Sequence | Mapping] = []
    pending_keys: list[Scalar | None] = []  # per open mapping: a key awaiting its value
    first_keys: list[dict[str, Scalar]] = []  # per open collection: each key's first occurrence
    anchors: dict[str, Node] = {}
    open_anchors: set[str] = set()
    anchor_of: dict[int, str] = {}
    root: Node | None = None
    documents = 0
    values = 0
    characters = 0  # of text so far, aliases expanded: a collection's text is what arrives between its start and end
    characters_before: list[int] = []  # per open collection: `characters` at its start

    def attach(node: Node, mark: Mark) -> None:
        nonlocal root, values
        values += node.size
        if values > MAX_VALUES:
            raise _Stop(
                mark,
                f"more than {MAX_VALUES} values once aliases are expanded; "
                "write the values out instead of repeating aliases",
            )
        if not stack:
            root = node
            return
        parent = stack[-1]
        parent.size += node.size
        if type(parent) is Sequence:
            parent.items.append(node)
            return
        key = pending_keys[-1]
        if key is None:
            if type(node) is not Scalar:
                raise _Stop(mark, "a mapping key must be a plain name, not a list or mapping")
            if node.tag == _MERGE:
                raise _Stop(mark, "merge keys ('<<') are not supported; write the fields out")
            first = first_keys[-1].get(node.value)
            if first is None:
                first_keys[-1][node.value] = node
            else:
                problems.append(
                    Problem(
                        display, mark.line, mark.col, f"duplicate key '{node.value}' (first at line {first.mark.line})"
                    )
                )
            pending_keys[-1] = node
        else:
            parent.entries.append((key, node))
            pending_keys[-1] = None

    parser = _Loader(text)
    try:
        while (event := parser.get_event()) is not None:
            if type(event) is ScalarEvent:
                tag = event.tag
                if tag is None:
                    tag = _plain_tag(event.value) if event.implicit[0] else _STR
                elif tag == "!":
                    tag = _STR
                mark = _start(event)
                if tag not in _SCALAR_TAGS:
                    raise _Stop(
                        mark,
                        f"YAML tag '{_tag_name(tag)}' is not allowed; {_PLAIN_ONLY}",
                    )
                characters += len(event.value)
                if characters > MAX_EXPANDED_CHARACTERS:
                    raise _Stop(mark, _TOO_MUCH_TEXT)
                node: Node = Scalar(event.value, tag, mark)
                if event.anchor is not None:
                    anchors[event.anchor] = node
                attach(node, mark)
            elif type(event) is MappingStartEvent or type(event) is SequenceStartEvent:
                mark = _start(event)
                if event.tag not in (None, "!") and event.tag not in _COLLECTION_TAGS:
                    raise _Stop(
                        mark,
                        f"YAML tag '{_tag_name(event.tag)}' is not allowed; {_PLAIN_ONLY}",
                    )
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(mark, f"nested more than {MAX_DEPTH} levels deep")
                node = Sequence(mark) if type(event) is SequenceStartEvent else Mapping(mark)
                if event.anchor is not None:
                    open_anchors.add(event.anchor)
                    anchor_of[id(node)] = event.anchor
                if stack and type(stack[-1]) is Mapping and pending_keys[-1] is None:
                    raise _Stop(mark, "a mapping key must be a plain name, not a list or mapping")
                stack.append(node)
                pending_keys.append(None)
                first_keys.append({})
                characters_before.append(characters)
            elif type(event) is MappingEndEvent or type(event) is SequenceEndEvent:
                node = stack.pop()
                pending_keys.pop()
                first_keys.pop()
                anchor = anchor_of.pop(id(node), None)
                if anchor is not None:
                    open_anchors.discard(anchor)
                    anchors[anchor] = node
                values -= node.size - 1  # the children were counted as they arrived
                node.length = characters - characters_before.pop()
                attach(node, node.mark)
            elif type(event) is AliasEvent:
                mark = _start(event)
                if event.anchor in open_anchors:
                    raise _Stop(mark, f"alias '*{event.anchor}' refers to the value that contains it")
                if event.anchor not in anchors:
                    raise _Stop(
                        mark,
                        f"alias '*{event.anchor}' has no anchor '&{event.anchor}' before it; "
                        + alias_without_anchor(text, mark.line, mark.col),
                    )
                target = anchors[event.anchor]
                characters += len(target.value) if type(target) is Scalar else target.length
                if characters > MAX_EXPANDED_CHARACTERS:
                    raise _Stop(mark, _TOO_MUCH_TEXT)
                attach(target, mark)
            elif type(event) is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Stop(
                        _start(event),
                        "a content file holds one YAML document; remove the '---' separator",
                    )
    finally:
        parser.dispose()
    return root


def _start(event: Event) -> Mark:
    """Where an event starts; the parser gives every event its marks."""
    mark = event.start_mark
    assert mark is not None
    return Mark(mark.line + 1, mark.column + 1)


@lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    """What YAML reads an untagged plain scalar as; field names and ids repeat, so this is cached."""
    # types-PyYAML leaves Resolver.resolve untyped; it returns the tag, a str.
    tag: str = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag


def to_data(node: Node) -> Data:
    """The plain value of a node, as a JSON document would hold it.

    Numbers, yes/no values and nulls become what YAML reads them as; a YAML
    date stays the text it was written as, which is what an editor's YAML
    language server hands to a JSON Schema.
    """
    if isinstance(node, Scalar):
        if node.tag in (_STR, "tag:yaml.org,2002:timestamp"):
            return node.value
        value: Data = yaml.load(node.value, Loader=_Loader)
        return value
    if isinstance(node, Sequence):
        return [to_data(item) for item in node.items]
    return {key.value: to_data(value) for key, value in node.entries}
