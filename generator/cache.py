"""Checked analysis files remembered between runs, so that an unchanged analysis costs a hash and a lookup.

`validate`, `generate`, `site` and every rebuild of the live preview read all
of content/. An analysis file whose bytes were checked before, by the same
checking code, gives the same model and the same references to other files,
so the cache keeps those, keyed by the file's SHA-256. The checking code is
the modules named in `CHECKING_MODULES` (validation and what it imports) and
the libraries that read the files: editing any other module, such as the
rendering, the feeds or the open data, keeps the cache. Only files without
problems are kept: a file with problems is read again and its problems
reported every time. References across files are always checked again, since
another file may have changed; the entities and the taxonomy, two small files
that every reference is checked against, are always read.

The cache is JSON (never pickle), in a folder outside the working tree:
`$PARTNERSHIP_WATCH_CACHE` if it is set (empty turns the cache off), else
`$XDG_CACHE_HOME/partnership-watch`, else `~/.cache/partnership-watch`; one
folder in it per project. Not in the tree, because a pull request can add any
file there, and a cache it brought would be believed without a check.
Anything unreadable in it (a damaged file, another generator's) counts as an
empty cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import os
import types
from collections.abc import Callable
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any, cast, get_args, get_origin, get_type_hints

from . import model
from .atomic import write_atomic

ENVIRONMENT = "PARTNERSHIP_WATCH_CACHE"

PACKAGE = Path(__file__).parent
CHECKING_MODULES = (
    "__init__",
    "atomic",
    "cache",
    "model",
    "problems",
    "schema",
    "source",
    "text",
    "validate",
    "yaml_hints",
)
"""The generator's modules whose code decides what the cache holds, by name in the package.

They are `validate` and every module of the package it imports, directly or through another: the loader
(`source`) and its hints for YAML syntax slips (`yaml_hints`), the declarations (`schema`), the model, the
text rules that checking applies, the problems, this cache and the atomic writes it is saved with, and the
package's `__init__`, which every import runs. The cache's version is a digest of them, so editing any other
module (rendering, feeds, open data, the publication) keeps the cache. A module renamed, or newly imported by
validation, must be named here: tests/test_cache.py compares this tuple with validation's imports and fails
until it is.
"""
LIBRARIES = ("yaml", "markdown_it")
"""The libraries that read the content files, each known by the `__init__.py` that carries its version."""


def folder() -> Path | None:
    """Where caches live, or None when the cache is turned off."""
    configured = os.environ.get(ENVIRONMENT)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "partnership-watch"


def _versioned_files() -> list[Path]:
    """The files whose bytes make the cache's version: the checking modules, then the libraries.

    A library is found without importing it (`validate` with the cache warm never needs markdown-it).
    """
    files = [PACKAGE / f"{name}.py" for name in sorted(CHECKING_MODULES)]
    for library in LIBRARIES:
        spec = importlib.util.find_spec(library)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    return files


def _generator_version() -> str:
    """A digest of the code whose output the cache keeps: a changed rule must not serve an old answer."""
    digest = hashlib.sha256()
    for module in _versioned_files():
        digest.update(module.name.encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    """A model value as the cache's JSON holds it: a dataclass as the list of its fields, in order."""
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is not None:
        return [_plain(getattr(value, name)) for name in names]
    if kind is tuple or kind is list:
        return [item if type(item) is str else _plain(item) for item in value]
    if kind is dt.date:
        return value.isoformat()
    return value


def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in fields(kind))


_FIELDS = {
    kind: _field_names(kind)
    for kind in (
        model.Pos,
        model.Source,
        model.Paragraph,
        model.ExpertView,
        model.Implication,
        model.Outcome,
        model.Signal,
        model.Outlook,
        model.Correction,
        model.Analysis,
    )
}
"""The dataclasses the cache holds: those an analysis is made of."""


@cache
def _reader(hint: Any) -> Callable[[Any], Any] | None:
    """What turns `_plain`'s JSON back into a value of the type `hint`; None where JSON holds the value as it is.

    The shape is checked (lists where lists belong, of the right length), so
    a damaged entry raises rather than building half a model; text, numbers
    and flags are taken as the JSON has them.
    """
    if hint is dt.date:
        return dt.date.fromisoformat
    if hint in (str, int, bool):
        return None
    arguments = get_args(hint)
    if isinstance(hint, types.UnionType) and len(arguments) == 2 and type(None) in arguments:
        present = _reader(next(argument for argument in arguments if argument is not type(None)))
        return None if present is None else lambda value: None if value is None else present(value)
    if get_origin(hint) is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        item = _reader(arguments[0])
        if item is None:
            return lambda value: tuple(_list(value))
        return lambda value: tuple([item(each) for each in _list(value)])
    if hint in _FIELDS:
        hints = get_type_hints(hint)
        readers = tuple(_reader(hints[name]) for name in _FIELDS[hint])

        def read(value: Any) -> Any:
            if len(_list(value)) != len(readers):
                raise ValueError(f"expected {len(readers)} fields of {hint.__name__}")
            return hint(*[each if read is None else read(each) for read, each in zip(readers, value, strict=True)])

        return read
    raise TypeError(f"the cache can't hold {hint}")


def _list(value: Any) -> list[object]:
    if type(value) is not list:
        raise TypeError("expected a list")
    return value


_read_analysis = cast(Callable[[object], model.Analysis], _reader(model.Analysis))  # what _reader's type can't say


def _read_references(raw: Any) -> tuple[model.Reference, ...]:
    return tuple([model.Reference._make(_list(reference)) for reference in _list(raw)])  # _make checks the length


class _Store:
    """One JSON file of entries by content path, each entry starting with the SHA-256 of the file it is about."""

    def __init__(self, path: Path | None, version: str):
        self.path, self.version = path, version
        self._stored: dict[str, list[object]] | None = None
        self._kept: dict[str, list[object]] = {}
        self._changed = False
        self._unwritten = False
        """Whether the entries kept differ from those in the file."""

    def _entries(self) -> dict[str, list[object]]:
        """What the file holds, read when first needed."""
        if self._stored is None:
            self._stored = {}
            try:
                document = json.loads(self.path.read_bytes()) if self.path else {}
                if document["generator"] == self.version and isinstance(document["files"], dict):
                    self._stored = document["files"]
            except (OSError, ValueError, KeyError, TypeError):
                pass
        return self._stored

    def get(self, display: str, digest: str) -> list[object] | None:
        entry = self._entries().get(display)
        if type(entry) is not list or not entry or entry[0] != digest:
            return None
        self._kept[display] = entry
        return entry

    def put(self, display: str, entry: list[object]) -> None:
        self._kept[display] = entry
        self._changed = True

    def save(self, read: set[str], write: bool = True) -> None:
        """Keep the entries of the files this run read, and write them if that changes what is stored (or, without
        `write`, leave that to `write`); the next run (of a store that is kept, as the live preview keeps it)
        starts from them.

        A store that was never opened and got nothing new is left as it is:
        reading it only to forget the files that are gone would cost more
        than the stale entries, which no digest will match.
        """
        if self.path is None or (self._stored is None and not self._changed):
            self._kept, self._changed = {}, False
            return
        stored = self._entries()
        entries = {display: entry for display, entry in (stored | self._kept).items() if display in read}
        self._stored, self._kept, self._changed = entries, {}, False
        self._unwritten = self._unwritten or entries != stored
        if write:
            self.write()

    def write(self) -> None:
        """Write the entries kept by `save`, if they differ from those in the file."""
        if self.path is None or self._stored is None or not self._unwritten:
            return
        document = json.dumps(
            {"generator": self.version, "files": self._stored}, ensure_ascii=False, separators=(",", ":")
        )
        self._unwritten = False
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomic(self.path, document.encode("utf-8"))
        except OSError:
            pass  # a cache that can't be written only costs speed


class CheckedFiles:
    """The cache of one project's analyses, in two stores so that `validate` never reads the models.

    The facts (path -> digest, whether it is a draft, the references it makes)
    are all that checking the whole project needs; the models (path ->
    digest, the analysis) are read only by what renders pages.

    One object serves one run, or, in the live preview, every run of the same
    generator code: it then keeps what it read in memory, so that an unchanged
    analysis costs no reading from the stores and is the very same object from
    one run to the next (which what the preview keeps between builds compares
    at once, generator/reuse.py). With `write_later` (the preview's), a run
    doesn't write the stores, which then hold the whole content's models (9 MB
    of JSON at 1,000 analyses): `write` does, when the preview stops.
    """

    def __init__(self, folder: Path | None, version: str, write_later: bool = False):
        self.write_later = write_later
        self._facts = _Store(folder / "facts.json" if folder else None, version)
        self._models = _Store(folder / "models.json" if folder else None, version)
        self._read: set[str] = set()
        self._known_facts: dict[str, tuple[str, tuple[bool, tuple[model.Reference, ...]]]] = {}
        """Path -> digest and facts, of the files read by this run or the last."""
        self._known_analyses: dict[str, tuple[str, model.Analysis]] = {}
        """Path -> digest and analysis, of the files read by this run or the last."""

    @classmethod
    def of(cls, root: Path, write_later: bool = False) -> CheckedFiles:
        where = folder()
        project = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32]
        return cls(where / project if where else None, _generator_version(), write_later)

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def facts(self, display: str, digest: str) -> tuple[bool, tuple[model.Reference, ...]] | None:
        """Whether the file is a draft and the references it makes, if its bytes are the ones that were checked."""
        self._read.add(display)
        known = self._known_facts.get(display)
        if known is not None and known[0] == digest:
            return known[1]
        entry = self._facts.get(display, digest)
        if entry is None:
            return None
        try:
            _, draft, references = entry
            facts = bool(draft), _read_references(references)
        except (TypeError, ValueError):  # not ours
            return None
        self._known_facts[display] = digest, facts
        return facts

    def analysis(self, display: str, digest: str) -> model.Analysis | None:
        """The analysis the file was checked into, if its bytes are the ones that were checked."""
        known = self._known_analyses.get(display)
        if known is not None and known[0] == digest:
            return known[1]
        entry = self._models.get(display, digest)
        if entry is None:
            return None
        try:
            _, plain = entry
            analysis = _read_analysis(plain)
        except (TypeError, ValueError):
            return None
        self._known_analyses[display] = digest, analysis
        return analysis

    def put(self, display: str, digest: str, analysis: model.Analysis, references: list[model.Reference]) -> None:
        """Remember an analysis file that was checked and has no problems."""
        self._read.add(display)
        self._facts.put(display, [digest, analysis.is_draft, _plain(references)])
        self._models.put(display, [digest, _plain(analysis)])
        self._known_facts[display] = digest, (analysis.is_draft, tuple(references))
        self._known_analyses[display] = digest, analysis

    def save(self) -> None:
        """Keep what this run read; files that are gone are forgotten. Failing to write only costs speed.

        The run is over: the next one starts from what this one read.
        """
        self._facts.save(self._read, write=not self.write_later)
        self._models.save(self._read, write=not self.write_later)
        self._known_facts = {display: known for display, known in self._known_facts.items() if display in self._read}
        self._known_analyses = {
            display: known for display, known in self._known_analyses.items() if display in self._read
        }
        self._read = set()

    def write(self) -> None:
        """Write what the runs saved with `write_later` kept."""
        self._facts.write()
        self._models.write()
